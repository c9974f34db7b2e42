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
