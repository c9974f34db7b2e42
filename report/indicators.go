package report

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// The indicators of a region, one function per kind of `shebao report
// KIND` and GET /api/v1/reports/{kind}. Each takes the region ("" the
// actor's jurisdiction) and a span (ParseSpan) and reads the counters of
// the region and, where the kind shows them, of its child regions.

// Insured is the kind "insured": the insured of every scheme on a day.
type Insured struct {
	Region     string
	RegionName string
	Date       string
	Schemes    []SchemeInsured
}

// SchemeInsured is the insured of one scheme: in the contributing phase
// (在职: 参保缴费 and 暂停缴费) and receiving its benefits (退休/领取待遇:
// 享受待遇 and 暂停发放), and by hukou.
type SchemeInsured struct {
	Scheme string `json:"-"`
	Name   string `json:"name"`
	InsuredCounts
	ByHukou map[string]InsuredCounts `json:"by_hukou"`
}

// InsuredCounts are the counts of open enrollments.
type InsuredCounts struct {
	Active  int64 `json:"active"`
	Retired int64 `json:"retired"`
	Total   int64 `json:"total"`
}

// MarshalJSON writes an object keyed by scheme code, with the region and
// the date: {"region": "640106000000", "date": "2026-03-01", "110":
// {"active": 16181, "retired": 1223, "total": 17404, …}, …}.
func (in *Insured) MarshalJSON() ([]byte, error) {
	m := map[string]any{"region": in.Region, "date": in.Date}
	for _, s := range in.Schemes {
		m[s.Scheme] = s
	}
	return json.Marshal(m)
}

// Scheme returns the scheme's counts (zero for a scheme not listed).
func (in *Insured) Scheme(code string) SchemeInsured {
	for _, s := range in.Schemes {
		if s.Scheme == code {
			return s
		}
	}
	return SchemeInsured{Scheme: code}
}

func insuredOf(m sums, scheme string) SchemeInsured {
	si := SchemeInsured{Scheme: scheme, ByHukou: map[string]InsuredCounts{}}
	if s, ok := shebao.FindScheme(scheme); ok {
		si.Name = s.Name
	}
	for k, v := range m {
		f, ds := shebao.CounterDims(k)
		if f != shebao.CounterOpen || len(ds) != 3 || ds[0] != scheme {
			continue
		}
		c := si.ByHukou[ds[2]]
		switch ds[1] {
		case shebao.EnrollActive, shebao.EnrollSuspended:
			c.Active += v
			si.Active += v
		case shebao.EnrollBenefit, shebao.EnrollBenefitSuspended:
			c.Retired += v
			si.Retired += v
		}
		c.Total = c.Active + c.Retired
		si.ByHukou[ds[2]] = c
	}
	si.Total = si.Active + si.Retired
	for h, c := range si.ByHukou {
		if c == (InsuredCounts{}) {
			delete(si.ByHukou, h)
		}
	}
	return si
}

// Insured counts the insured of every scheme of the catalogue on the
// span's last day.
func (s *Service) Insured(ctx context.Context, region string, sp Span) (*Insured, error) {
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	got, err := s.sums(ctx, []string{self.Code}, []string{shebao.CounterOpen + "|"}, "", sp.To)
	if err != nil {
		return nil, err
	}
	out := &Insured{Region: self.Code, RegionName: self.Name, Date: sp.To}
	for _, sc := range shebao.Schemes {
		out.Schemes = append(out.Schemes, insuredOf(got[self.Code], sc.Code))
	}
	return out, nil
}

// Enrollments is the kind "enrollment": the changes of enrollments over a
// span, per scheme.
type Enrollments struct {
	Region     string          `json:"region"`
	RegionName string          `json:"region_name"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Schemes    []SchemeChanges `json:"schemes"`
}

// SchemeChanges are the changes of one scheme's enrollments: open the day
// before the span (期初), begun (新增参保), closed (终止、转出), moved to
// receiving benefits (新增待遇领取) within it, open on its last day (期末).
type SchemeChanges struct {
	Scheme  string `json:"scheme"`
	Name    string `json:"name"`
	Opening int64  `json:"opening"`
	New     int64  `json:"new"`
	Stopped int64  `json:"stopped"`
	Retired int64  `json:"retired"`
	Closing int64  `json:"closing"`
}

// Enrollments counts the changes of enrollments per scheme over the span.
func (s *Service) Enrollments(ctx context.Context, region string, sp Span) (*Enrollments, error) {
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	r := []string{self.Code}
	flows, err := s.sums(ctx, r, []string{shebao.CounterNew + "|", shebao.CounterStopped + "|", shebao.CounterRetired + "|"}, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	opening, err := s.sums(ctx, r, []string{shebao.CounterOpen + "|"}, "", dayBefore(sp.From))
	if err != nil {
		return nil, err
	}
	closing, err := s.sums(ctx, r, []string{shebao.CounterOpen + "|"}, "", sp.To)
	if err != nil {
		return nil, err
	}
	f, o, c := flows[self.Code], opening[self.Code], closing[self.Code]
	out := &Enrollments{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To, Schemes: []SchemeChanges{}}
	for _, sc := range shebao.Schemes {
		out.Schemes = append(out.Schemes, SchemeChanges{Scheme: sc.Code, Name: sc.Name,
			Opening: o.total(shebao.CounterOpen, sc.Code), New: f.total(shebao.CounterNew, sc.Code),
			Stopped: f.total(shebao.CounterStopped, sc.Code), Retired: f.total(shebao.CounterRetired, sc.Code),
			Closing: c.total(shebao.CounterOpen, sc.Code)})
	}
	return out, nil
}

// Coverage is the kind "coverage": coverage and participation rates on a
// day with their denominators.
type Coverage struct {
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	Date       string `json:"date"`
	// Registry is the pension coverage of the registered population (the
	// dashboard's): the living aged 16 or more in a pension scheme ÷ the
	// living aged 16 or more registered.
	Registry RateFigures `json:"registry"`
	// Measures divide the enrollments open on the day by a denominator
	// entered for the region and the day's year (应参保人数: stats
	// denominators); only those with a denominator are listed.
	Measures []MeasureRate `json:"measures"`
	// Children are the registry coverage of each child region.
	Children []ChildRate `json:"children"`
}

// RateFigures is a rate with its numerator and denominator; Rate is a
// percentage with two decimals, "" when the denominator is zero.
type RateFigures struct {
	Insured  int64  `json:"insured"`
	Eligible int64  `json:"eligible"`
	Rate     string `json:"rate"`
}

func rateOf(num, den int64) RateFigures {
	r, _ := policy.Percent(num, den, 2)
	return RateFigures{Insured: num, Eligible: den, Rate: r}
}

// MeasureRate is a rate over an entered denominator.
type MeasureRate struct {
	Measure string `json:"measure"` // scheme code or "pension"
	Name    string `json:"name"`
	RateFigures
	// Source names where the denominator comes from; Regions how many
	// regions' entries it adds up (1: the region's own).
	Source  string `json:"source"`
	Regions int    `json:"regions"`
}

// ChildRate is a child region's rate.
type ChildRate struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	RateFigures
}

// measureName names a measure of the denominators.
func measureName(m string) string {
	if m == "pension" {
		return "基本养老保险(职工、机关事业、城乡居民)"
	}
	if s, ok := shebao.FindScheme(m); ok {
		return s.Name
	}
	return m
}

// measureSchemes are the schemes a measure counts.
func measureSchemes(m string) []string {
	if m == "pension" {
		return []string{shebao.SchemeEmployeePension, shebao.SchemePublicPension, shebao.SchemeResidentPension}
	}
	return []string{m}
}

// resolveDenominators returns, per measure, the denominator of the region
// for the year: its own entry, or else the sum of the entries below it
// that no entry between them and the region covers.
func resolveDenominators(region string, ds []shebao.Denominator) map[string]*MeasureRate {
	type key struct{ region, measure string }
	have := map[key]bool{}
	for _, d := range ds {
		have[key{d.Region, d.Measure}] = true
	}
	out := map[string]*MeasureRate{}
	for _, d := range ds {
		covered := false
		if d.Region != region {
			for _, anc := range lineage(d.Region) {
				if anc != d.Region && anc != region && inRegion(region, anc) && have[key{anc, d.Measure}] {
					covered = true
				}
			}
			if have[key{region, d.Measure}] {
				covered = true
			}
		}
		if covered {
			continue
		}
		m := out[d.Measure]
		if m == nil {
			m = &MeasureRate{Measure: d.Measure, Name: measureName(d.Measure)}
			out[d.Measure] = m
		}
		m.Eligible += d.Value
		m.Regions++
		if m.Source == "" {
			m.Source = d.Source
		} else if m.Source != d.Source && len(m.Source) < 200 {
			m.Source += ";" + d.Source
		}
	}
	return out
}

// Coverage computes the coverage rates of the region on the span's last
// day: of the registered population (pension), and of the enrollments
// over the denominators entered for its year.
func (s *Service) Coverage(ctx context.Context, region string, sp Span) (*Coverage, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	now, err := s.sums(ctx, codes, []string{shebao.CounterPension + "|", shebao.CounterDied16 + "|", shebao.CounterOpen + "|"}, "", sp.To)
	if err != nil {
		return nil, err
	}
	born16, err := s.sums(ctx, codes, []string{shebao.CounterBorn + "|"}, "", shebao.AddYears(sp.To, -shebao.CoverageAge))
	if err != nil {
		return nil, err
	}
	cov := func(code string) RateFigures {
		c := coverageOf(now[code], born16[code])
		return rateOf(int64(c.Pension), int64(c.Adults))
	}
	out := &Coverage{Region: self.Code, RegionName: self.Name, Date: sp.To, Registry: cov(self.Code), Measures: []MeasureRate{}, Children: []ChildRate{}}
	for _, c := range children {
		out.Children = append(out.Children, ChildRate{Region: c.Code, Name: c.Name, RateFigures: cov(c.Code)})
	}
	year, _ := strconv.Atoi(sp.To[:4])
	ds, err := s.store.Denominators(ctx, self.Code, year)
	if err != nil {
		return nil, err
	}
	res := resolveDenominators(self.Code, ds)
	var measures []string
	for m := range res {
		measures = append(measures, m)
	}
	sort.Strings(measures)
	for _, m := range measures {
		r := res[m]
		var n int64
		for _, sc := range measureSchemes(m) {
			n += now[self.Code].total(shebao.CounterOpen, sc)
		}
		r.RateFigures = rateOf(n, r.Eligible)
		out.Measures = append(out.Measures, *r)
	}
	return out, nil
}

// Contributions is the kind "contributions": contributions assessed (应缴)
// and collected (实缴) over the span, and in arrears (欠缴) on its last day.
type Contributions struct {
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	From       string `json:"from"`
	To         string `json:"to"`
	ContributionFigures
	// AssessedBy splits Assessed by payer kind (employer, person);
	// CollectedBy splits Collected by scheme.
	AssessedBy  map[string]shebao.Money `json:"assessed_by"`
	CollectedBy []SchemeMoney           `json:"collected_by"`
	// ArrearsBefore is the arrears the day before the span.
	ArrearsBefore shebao.Money        `json:"arrears_before"`
	Children      []ChildContribution `json:"children"`
}

// ContributionFigures are the main figures of contributions.
type ContributionFigures struct {
	Assessed  shebao.Money `json:"assessed"`
	Collected shebao.Money `json:"collected"`
	Arrears   shebao.Money `json:"arrears"`
}

// SchemeMoney is an amount of one scheme.
type SchemeMoney struct {
	Scheme string       `json:"scheme"`
	Name   string       `json:"name"`
	Amount shebao.Money `json:"amount"`
}

// ChildContribution is a child region's figures.
type ChildContribution struct {
	Region string `json:"region"`
	Name   string `json:"name"`
	ContributionFigures
}

// Contributions sums the contributions of the region over the span. A
// contribution counts where its bill is (the payer's region when it was
// assessed); collected is what payments allocated to bills, by the date
// the money arrived; arrears are what fell due by a day less what was
// allocated to it by then (shebao.CounterDue).
func (s *Service) Contributions(ctx context.Context, region string, sp Span) (*Contributions, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	flows, err := s.sums(ctx, codes, []string{shebao.CounterAssessed + "|", shebao.CounterCollected + "|"}, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	due := []string{shebao.CounterDue, shebao.CounterDuePaid}
	atEnd, err := s.sums(ctx, codes, due, "", sp.To)
	if err != nil {
		return nil, err
	}
	before, err := s.sums(ctx, []string{self.Code}, due, "", dayBefore(sp.From))
	if err != nil {
		return nil, err
	}
	arrears := func(m sums) shebao.Money {
		return shebao.Money(m.total(shebao.CounterDue) - m.total(shebao.CounterDuePaid))
	}
	figs := func(code string) ContributionFigures {
		return ContributionFigures{Assessed: shebao.Money(flows[code].total(shebao.CounterAssessed)),
			Collected: shebao.Money(flows[code].total(shebao.CounterCollected)), Arrears: arrears(atEnd[code])}
	}
	out := &Contributions{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To, ContributionFigures: figs(self.Code),
		AssessedBy: map[string]shebao.Money{}, CollectedBy: []SchemeMoney{}, ArrearsBefore: arrears(before[self.Code]), Children: []ChildContribution{}}
	for _, k := range []string{shebao.PayerEmployer, shebao.PayerPerson} {
		if v := flows[self.Code].total(shebao.CounterAssessed, k); v != 0 {
			out.AssessedBy[k] = shebao.Money(v)
		}
	}
	for _, sc := range shebao.Schemes {
		if v := flows[self.Code].total(shebao.CounterCollected, sc.Code); v != 0 {
			out.CollectedBy = append(out.CollectedBy, SchemeMoney{Scheme: sc.Code, Name: sc.Name, Amount: shebao.Money(v)})
		}
	}
	for _, c := range children {
		out.Children = append(out.Children, ChildContribution{Region: c.Code, Name: c.Name, ContributionFigures: figs(c.Code)})
	}
	return out, nil
}

// Benefits is the kind "benefits": the benefits paid by the payroll over
// the span, per scheme and kind.
type Benefits struct {
	Region     string           `json:"region"`
	RegionName string           `json:"region_name"`
	From       string           `json:"from"`
	To         string           `json:"to"`
	Kinds      []BenefitFigures `json:"kinds"`
	Children   []ChildBenefits  `json:"children"`
}

// BenefitFigures are the payments of one benefit kind: Payments (人次)
// over the span, Beneficiaries paid for the month of its last day,
// Amount paid for the months of the span, BackPay (补发) paid with them.
type BenefitFigures struct {
	Scheme        string       `json:"scheme"`
	SchemeName    string       `json:"scheme_name"`
	Kind          string       `json:"kind"`
	KindName      string       `json:"kind_name"`
	Payments      int64        `json:"payments"`
	Beneficiaries int64        `json:"beneficiaries"`
	Amount        shebao.Money `json:"amount"`
	BackPay       shebao.Money `json:"back_pay"`
}

// ChildBenefits is a child region's totals.
type ChildBenefits struct {
	Region        string       `json:"region"`
	Name          string       `json:"name"`
	Beneficiaries int64        `json:"beneficiaries"`
	Amount        shebao.Money `json:"amount"`
}

// Benefits sums the payroll of the region over the span. A payment counts
// on the first day of the month it pays for, whether released to the bank
// yet or not (the payroll of the month).
func (s *Service) Benefits(ctx context.Context, region string, sp Span) (*Benefits, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	prefixes := []string{shebao.CounterPaid + "|", shebao.CounterPayments + "|", shebao.CounterBackPaid + "|"}
	flows, err := s.sums(ctx, codes, prefixes, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	month, err := s.sums(ctx, codes, []string{shebao.CounterPayments + "|"}, sp.To[:8]+"01", sp.To)
	if err != nil {
		return nil, err
	}
	out := &Benefits{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To, Kinds: []BenefitFigures{}, Children: []ChildBenefits{}}
	f, m := flows[self.Code], month[self.Code]
	for _, k := range shebao.BenefitKinds {
		// An assistance kind counts whatever fund paid it: the 社会救助资金
		// now, the 910 fund before migration 0098 (assist_fund.go).
		scheme := k.Scheme
		if _, ok := shebao.FindAssistanceKind(k.Code); ok {
			scheme = ""
		}
		b := BenefitFigures{Scheme: k.Scheme, Kind: k.Code, KindName: k.Name,
			Payments: f.total(shebao.CounterPayments, scheme, k.Code), Beneficiaries: m.total(shebao.CounterPayments, scheme, k.Code),
			Amount: shebao.Money(f.total(shebao.CounterPaid, scheme, k.Code)), BackPay: shebao.Money(f.total(shebao.CounterBackPaid, scheme, k.Code))}
		b.SchemeName = shebao.FundName(k.Scheme)
		if sc, ok := shebao.FindScheme(k.Scheme); ok {
			b.SchemeName = sc.Name
		}
		out.Kinds = append(out.Kinds, b)
	}
	for _, c := range children {
		out.Children = append(out.Children, ChildBenefits{Region: c.Code, Name: c.Name,
			Beneficiaries: month[c.Code].total(shebao.CounterPayments),
			Amount:        shebao.Money(flows[c.Code].total(shebao.CounterPaid) + flows[c.Code].total(shebao.CounterBackPaid))})
	}
	return out, nil
}

// Medical computes the reimbursement indicators of a region over the
// discharge months from … to (YYYY-MM): per scheme, per scheme and child
// region, per scheme and hospital level, with the summary in the words of
// a work report (`shebao report medical`).
func (s *Service) Medical(ctx context.Context, region, from, to string) (*shebao.MedicalReport, error) {
	if from == "" || to == "" {
		return nil, shebao.FieldErrorf("起始月份", "请指定起止月份(--from/--to)")
	}
	sp, err := ParseSpan("", from, to)
	if err != nil {
		return nil, err
	}
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	got, err := s.sums(ctx, codes, []string{"m."}, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	rep := &shebao.MedicalReport{Region: self.Code, RegionName: self.Name, From: sp.From[:7], To: sp.To[:7],
		Schemes: []shebao.MedicalStats{}, Children: []shebao.MedicalStats{}, Levels: []shebao.MedicalLevel{}}
	stats := func(m sums, scheme, code, name string) shebao.MedicalStats {
		st := shebao.MedicalStats{Scheme: scheme, Region: code, RegionName: name,
			Stays:       int(m.total(shebao.CounterClaims, scheme, shebao.ClaimInpatient)),
			Outpatient:  int(m.total(shebao.CounterClaims, scheme, shebao.ClaimOutpatient)),
			Persons:     int(m.total(shebao.CounterStayPersons, scheme, shebao.ClaimInpatient)),
			TotalCost:   shebao.Money(m.total(shebao.CounterClaimCost, scheme)),
			Eligible:    shebao.Money(m.total(shebao.CounterClaimElig, scheme)),
			Reimbursed:  shebao.Money(m.total(shebao.CounterClaimFund, scheme)),
			AccountPaid: shebao.Money(m.total(shebao.CounterClaimAcct, scheme))}
		if sc, ok := shebao.FindScheme(scheme); ok {
			st.SchemeName = sc.Name
		}
		if st.Stays > 0 {
			st.PerStay = shebao.Money(shebao.DivRound(int64(st.Reimbursed), int64(st.Stays)))
		}
		return st
	}
	has := func(m sums, scheme string) bool { return m.total(shebao.CounterClaims, scheme) != 0 }
	for _, sc := range shebao.Schemes {
		if !has(got[self.Code], sc.Code) {
			continue
		}
		rep.Schemes = append(rep.Schemes, stats(got[self.Code], sc.Code, self.Code, self.Name))
		for _, c := range children {
			if has(got[c.Code], sc.Code) {
				rep.Children = append(rep.Children, stats(got[c.Code], sc.Code, c.Code, c.Name))
			}
		}
		for level := 0; level <= 3; level++ {
			l := strconv.Itoa(level)
			m := got[self.Code]
			ml := shebao.MedicalLevel{Scheme: sc.Code, SchemeName: sc.Name, Level: level, LevelName: policy.LevelName(level),
				Stays:       int(m.total(shebao.CounterClaims, sc.Code, shebao.ClaimInpatient, l)),
				Outpatient:  int(m.total(shebao.CounterClaims, sc.Code, shebao.ClaimOutpatient, l)),
				TotalCost:   shebao.Money(m.total(shebao.CounterClaimCost, sc.Code, "", l)),
				Reimbursed:  shebao.Money(m.total(shebao.CounterClaimFund, sc.Code, "", l)),
				AccountPaid: shebao.Money(m.total(shebao.CounterClaimAcct, sc.Code, "", l))}
			if ml.Stays+ml.Outpatient > 0 {
				rep.Levels = append(rep.Levels, ml)
			}
		}
	}
	// 医疗救助 (medaid): the assistance paid in the same settlement, by
	// the claims' discharge dates, for the region and its children.
	aid, err := s.store.MedicalAidFigures(ctx, codes, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	rep.Aid = []shebao.MedicalAidRegion{}
	for _, code := range codes {
		nm := self.Name
		for _, c := range children {
			if c.Code == code {
				nm = c.Name
			}
		}
		rep.Aid = append(rep.Aid, shebao.MedicalAidRegion{Region: code, RegionName: nm, MedicalAidFigures: aid[code]})
	}
	rep.Summary = medicalSummary(rep)
	return rep, nil
}

// Funds is the kind "funds": every fund's income and expenditure of the
// twelve months to a day, its balance and 抗风险支付能力 (months).
type Funds struct {
	Region     string              `json:"region"`
	RegionName string              `json:"region_name"`
	Date       string              `json:"date"`
	Funds      []shebao.FundStatus `json:"funds"`
}

// Funds reads the funds' ledger on the span's last day. The funds are
// pooled (统筹) for the whole district: a town or a village has no fund of
// its own, and asking for one is an error. The funds submitted by the
// districts below (upward.go) are added: for a city, every fund is the
// sum of its districts' (and its own), its 抗风险支付能力 computed from the
// summed balance and expenditure.
func (s *Service) Funds(ctx context.Context, region string, sp Span) (*Funds, error) {
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	if self.Level > 3 {
		return nil, shebao.FieldErrorf("区划代码", "基金按区县统筹核算,%s(%s)没有单独的基金", self.Name, self.Code)
	}
	fs, err := s.fundStatus(ctx, self.Code, sp.To)
	if err != nil {
		return nil, err
	}
	return &Funds{Region: self.Code, RegionName: self.Name, Date: sp.To, Funds: fs}, nil
}

// Subsidies is the kind "subsidies": the money paid into the funds by
// governments and village collectives over the span.
type Subsidies struct {
	Region     string         `json:"region"`
	RegionName string         `json:"region_name"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Government shebao.Money   `json:"government"`
	Collective shebao.Money   `json:"collective"`
	Lines      []SubsidyLine  `json:"lines"`
	Children   []ChildSubsidy `json:"children"`
}

// SubsidyLine is one kind of subsidy: what it is, who paid, how much, and
// for residents' contributions how many persons it was paid for.
type SubsidyLine struct {
	Item    string       `json:"item"`
	Payer   string       `json:"payer"` // 政府 / 集体
	Amount  shebao.Money `json:"amount"`
	Persons int64        `json:"persons,omitempty"`
}

// ChildSubsidy is a child region's residents' subsidies (the counted
// part).
type ChildSubsidy struct {
	Region     string       `json:"region"`
	Name       string       `json:"name"`
	Government shebao.Money `json:"government"`
	Collective shebao.Money `json:"collective"`
}

// Subsidies sums the subsidies of the region over the span: the
// residents' contribution subsidies (170: 缴费补贴; 390: 财政补助), the
// contributions the government paid for special groups (代缴), the
// collectives' subsidies, the land-expropriation funding paid by
// governments and collectives, and the lump sums of converted villages
// paid by them (these do not travel upward: a city has its own only).
func (s *Service) Subsidies(ctx context.Context, region string, sp Span) (*Subsidies, error) {
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	got, err := s.sums(ctx, codes, []string{"r."}, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	other, err := s.store.SubsidySums(ctx, self.Code, sp.From, sp.To)
	if err != nil {
		return nil, err
	}
	// The land-expropriation funding submitted from below (upward.go):
	// the months wholly within the span, as the latest submission on or
	// before its last day has them.
	imp, _, err := s.figuresAt(ctx, self.Code, sp.To)
	if err != nil {
		return nil, err
	}
	for _, b := range imp.Land {
		for _, m := range b.Months {
			if m.Month+"-01" >= sp.From && dayBefore(addMonths(m.Month, 1)+"-01") <= sp.To {
				other["land|"+shebao.PayerGovernment] += m.Government
				other["land|"+shebao.PayerCollective] += m.Collective
			}
		}
	}
	// And the 村改居 lump sums submitted from below, the same way.
	for _, x := range imp.LumpSums {
		if x.Month+"-01" >= sp.From && dayBefore(addMonths(x.Month, 1)+"-01") <= sp.To {
			other["lumpsum|"+x.Party] += x.Amount
		}
	}
	out := &Subsidies{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To, Lines: []SubsidyLine{}, Children: []ChildSubsidy{}}
	m := got[self.Code]
	add := func(item, payer string, amount shebao.Money, persons int64) {
		if amount == 0 {
			return
		}
		out.Lines = append(out.Lines, SubsidyLine{Item: item, Payer: payer, Amount: amount, Persons: persons})
		if payer == shebao.PayerGovernment {
			out.Government += amount
		} else {
			out.Collective += amount
		}
	}
	for _, sc := range []string{shebao.SchemeResidentPension, shebao.SchemeResidentMedical} {
		name := measureName(sc)
		n := m.total(shebao.CounterResidentPaid, sc)
		add(name+"政府补贴", shebao.PayerGovernment, shebao.Money(m.total(shebao.CounterResidentSubsidy, sc)), n)
		add(name+"政府代缴(困难群体)", shebao.PayerGovernment, shebao.Money(m.total(shebao.CounterResidentFinance, sc)), 0)
		add(name+"集体补助", shebao.PayerCollective, shebao.Money(m.total(shebao.CounterResidentCollective, sc)), n)
	}
	add("被征地农民基本生活保障资金(政府)", shebao.PayerGovernment, other["land|"+shebao.PayerGovernment], 0)
	add("被征地农民基本生活保障资金(村集体)", shebao.PayerCollective, other["land|"+shebao.PayerCollective], 0)
	add("村改居一次性补缴(政府)", shebao.PayerGovernment, other["lumpsum|"+shebao.LumpPayerGovernment], 0)
	add("村改居一次性补缴(村集体)", shebao.PayerCollective, other["lumpsum|"+shebao.LumpPayerCollective], 0)
	for _, c := range children {
		cm := got[c.Code]
		out.Children = append(out.Children, ChildSubsidy{Region: c.Code, Name: c.Name,
			Government: shebao.Money(cm.total(shebao.CounterResidentSubsidy) + cm.total(shebao.CounterResidentFinance)),
			Collective: shebao.Money(cm.total(shebao.CounterResidentCollective))})
	}
	return out, nil
}
