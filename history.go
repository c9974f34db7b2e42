package shebao

// ContributionYear is one year of a person's contribution history in one
// scheme (历年缴费记录), as migrated from an earlier system or entered from
// the archive: the months contributed that year and the sum of their
// monthly bases. Pension determinations index each year by its average
// monthly base ÷ the year's average wage (AvgWage; 0 takes the policy's
// wage.avg_monthly in force that year). Months assessed by shebao itself
// come from the bills instead.
type ContributionYear struct {
	IDNo      string `json:"id_no"`
	Scheme    string `json:"scheme"`
	Year      int    `json:"year"`
	Months    int    `json:"months"`
	BaseTotal Money  `json:"base_total"`
	AvgWage   Money  `json:"avg_wage,omitempty"`
	Source    string `json:"source,omitempty"`
}

// YearKey names a person's record of one scheme and year.
type YearKey struct {
	IDNo   string
	Scheme string
	Year   int
}

// Key returns the record's key.
func (c ContributionYear) Key() YearKey { return YearKey{c.IDNo, c.Scheme, c.Year} }

// Same reports whether two records of one key say the same (months, base
// total and 社平工资; the source is not compared).
func (c ContributionYear) Same(o ContributionYear) bool {
	return c.Months == o.Months && c.BaseTotal == o.BaseTotal && c.AvgWage == o.AvgWage
}

// YearFacts is what the store holds about the persons of a chunk of
// yearly records.
type YearFacts struct {
	// Persons holds the registered persons of the chunk in the actor's
	// jurisdiction.
	Persons map[string]bool
	// Stored are their records stored before.
	Stored map[YearKey]ContributionYear
}

// Validate checks the record's own fields (the person is checked by the
// store).
func (c ContributionYear) Validate(thisYear int) error {
	if _, ok := FindScheme(c.Scheme); !ok {
		return FieldErrorf("险种", "险种“%s”无效", c.Scheme)
	}
	switch {
	case c.Year < 1978 || c.Year > thisYear:
		return FieldErrorf("年度", "缴费年度%d无效(1978–%d)", c.Year, thisYear)
	case c.Months < 1 || c.Months > 12:
		return FieldErrorf("缴费月数", "缴费月数应为1–12,实为%d", c.Months)
	case c.BaseTotal < 0:
		return FieldErrorf("缴费基数合计", "缴费基数合计不能为负")
	case c.AvgWage < 0:
		return FieldErrorf("社平工资", "社平工资不能为负")
	}
	return nil
}
