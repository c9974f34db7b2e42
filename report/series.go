package report

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Rankings of sub-regions and monthly trends are of one indicator at a
// time, chosen from the catalogue below by its ID (--by).

// Indicator is a figure that can be ranked and followed month by month.
type Indicator struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit"` // 人, 人次, 元, %
	// Flow: summed over a span (new enrollments, money collected); else a
	// stock taken on a day (the insured, arrears).
	Flow bool `json:"flow"`
	// Rate: a percentage num ÷ den.
	Rate     bool `json:"rate"`
	num, den []term
}

// term is a sum of counters: those of the family with the dimensions
// given ("" any), negative when neg, taken yearsBack years before the day
// (the living aged 16 or more on a day are those born 16 years before it).
type term struct {
	family    string
	dims      []string
	neg       bool
	yearsBack int
}

func (t term) of(m sums) int64 {
	v := m.total(t.family, t.dims...)
	if t.neg {
		return -v
	}
	return v
}

// Indicators lists the catalogue (S: any scheme code of the catalogue).
var Indicators = []Indicator{
	{ID: "persons", Name: "户籍登记人数(在世)", Unit: "人", num: []term{{family: shebao.CounterBorn}, {family: shebao.CounterDied, neg: true}}},
	{ID: "insured", Name: "参保人数", Unit: "人", num: []term{{family: shebao.CounterInsured}}},
	{ID: "coverage", Name: "养老保险参保率(16周岁以上在世登记人口)", Unit: "%", Rate: true,
		num: []term{{family: shebao.CounterPension}},
		den: []term{{family: shebao.CounterBorn, yearsBack: shebao.CoverageAge}, {family: shebao.CounterDied16, neg: true}}},
	{ID: "enrolled:S", Name: "参保人数", Unit: "人"},
	{ID: "active:S", Name: "在职参保人数", Unit: "人"},
	{ID: "retired:S", Name: "领取待遇人数", Unit: "人"},
	{ID: "new:S", Name: "新增参保", Unit: "人", Flow: true},
	{ID: "stopped:S", Name: "终止参保", Unit: "人", Flow: true},
	{ID: "assessed", Name: "应缴额", Unit: "元", Flow: true, num: []term{{family: shebao.CounterAssessed}}},
	{ID: "collected", Name: "实缴额", Unit: "元", Flow: true, num: []term{{family: shebao.CounterCollected}}},
	{ID: "arrears", Name: "欠缴额", Unit: "元", num: []term{{family: shebao.CounterDue}, {family: shebao.CounterDuePaid, neg: true}}},
	{ID: "benefits", Name: "待遇发放金额", Unit: "元", Flow: true, num: []term{{family: shebao.CounterPaid}, {family: shebao.CounterBackPaid}}},
	{ID: "payments", Name: "待遇发放人次", Unit: "人次", Flow: true, num: []term{{family: shebao.CounterPayments}}},
	{ID: "stays", Name: "住院人次", Unit: "人次", Flow: true, num: []term{{family: shebao.CounterClaims, dims: []string{"", shebao.ClaimInpatient}}}},
	{ID: "reimbursed", Name: "医疗费用报销金额", Unit: "元", Flow: true, num: []term{{family: shebao.CounterClaimFund}}},
	{ID: "subsidies", Name: "城乡居民缴费补贴(政府、集体)", Unit: "元", Flow: true,
		num: []term{{family: shebao.CounterResidentSubsidy}, {family: shebao.CounterResidentFinance}, {family: shebao.CounterResidentCollective}}},
}

// LookupIndicator returns the indicator with the ID ("enrolled:110" …).
func LookupIndicator(id string) (Indicator, error) {
	base, scheme, hasScheme := strings.Cut(id, ":")
	for _, ind := range Indicators {
		b, _, takes := strings.Cut(ind.ID, ":")
		if b != base || takes != hasScheme {
			continue
		}
		if !takes {
			return ind, nil
		}
		sc, ok := shebao.FindScheme(scheme)
		if !ok {
			return Indicator{}, shebao.FieldErrorf("指标", "未知险种“%s”", scheme)
		}
		ind.ID, ind.Name = base+":"+sc.Code, sc.Name+ind.Name
		switch base {
		case "enrolled":
			ind.num = []term{{family: shebao.CounterOpen, dims: []string{sc.Code}}}
		case "active":
			ind.num = []term{{family: shebao.CounterOpen, dims: []string{sc.Code, shebao.EnrollActive}},
				{family: shebao.CounterOpen, dims: []string{sc.Code, shebao.EnrollSuspended}}}
		case "retired":
			ind.num = []term{{family: shebao.CounterOpen, dims: []string{sc.Code, shebao.EnrollBenefit}},
				{family: shebao.CounterOpen, dims: []string{sc.Code, shebao.EnrollBenefitSuspended}}}
		case "new":
			ind.num = []term{{family: shebao.CounterNew, dims: []string{sc.Code}}}
		case "stopped":
			ind.num = []term{{family: shebao.CounterStopped, dims: []string{sc.Code}}}
		}
		return ind, nil
	}
	var ids []string
	for _, ind := range Indicators {
		ids = append(ids, ind.ID)
	}
	return Indicator{}, shebao.FieldErrorf("指标", "未知指标“%s”,可选:%s(S为险种代码,如 enrolled:110)", id, strings.Join(ids, "、"))
}

// Value is an indicator's value: Num (the figure, or a rate's
// numerator), Den (a rate's denominator) and Rate (a percentage with two
// decimals, "" without a denominator).
type Value struct {
	Num  int64  `json:"value"`
	Den  int64  `json:"denominator,omitempty"`
	Rate string `json:"rate,omitempty"`
}

// terms groups the indicator's terms by years back.
func (ind Indicator) terms() map[int][]term {
	g := map[int][]term{}
	for _, t := range append(append([]term{}, ind.num...), ind.den...) {
		g[t.yearsBack] = append(g[t.yearsBack], t)
	}
	return g
}

func prefixesOf(ts []term) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if !seen[t.family] {
			seen[t.family] = true
			out = append(out, t.family+"|")
		}
	}
	return out
}

// evaluate computes the indicator for the regions over the span.
func (s *Service) evaluate(ctx context.Context, ind Indicator, regions []string, sp Span) (map[string]Value, error) {
	got := map[int]map[string]sums{}
	for back, ts := range ind.terms() {
		from, to := sp.From, shebao.AddYears(sp.To, -back)
		if !ind.Flow {
			from = ""
		}
		m, err := s.sums(ctx, regions, prefixesOf(ts), from, to)
		if err != nil {
			return nil, err
		}
		got[back] = m
	}
	out := map[string]Value{}
	for _, r := range regions {
		var v Value
		for _, t := range ind.num {
			v.Num += t.of(got[t.yearsBack][r])
		}
		for _, t := range ind.den {
			v.Den += t.of(got[t.yearsBack][r])
		}
		if ind.Rate {
			v.Rate, _ = policy.Percent(v.Num, v.Den, 2)
		}
		out[r] = v
	}
	return out, nil
}

// less orders two values of an indicator, rates by their ratio.
func (ind Indicator) less(a, b Value) bool {
	if ind.Rate {
		// a.Num/a.Den < b.Num/b.Den; a zero denominator ranks last.
		if a.Den == 0 || b.Den == 0 {
			return a.Den == 0 && b.Den != 0
		}
		return a.Num*b.Den < b.Num*a.Den
	}
	return a.Num < b.Num
}

// Ranking is the kind "ranking": the child regions ranked by an indicator.
type Ranking struct {
	Region     string    `json:"region"`
	RegionName string    `json:"region_name"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Indicator  Indicator `json:"indicator"`
	Total      Value     `json:"total"`
	Rows       []RankRow `json:"rows"`
}

// RankRow is a child region's place: regions with equal values share a
// rank (1, 2, 2, 4).
type RankRow struct {
	Rank   int    `json:"rank"`
	Region string `json:"region"`
	Name   string `json:"name"`
	Value
}

// Ranking ranks the child regions of the region by the indicator (the
// highest first) over the span (a stock on its last day).
func (s *Service) Ranking(ctx context.Context, region, by string, sp Span) (*Ranking, error) {
	ind, err := LookupIndicator(by)
	if err != nil {
		return nil, err
	}
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	vals, err := s.evaluate(ctx, ind, regionCodes(self, children), sp)
	if err != nil {
		return nil, err
	}
	out := &Ranking{Region: self.Code, RegionName: self.Name, From: sp.From, To: sp.To, Indicator: ind, Total: vals[self.Code], Rows: []RankRow{}}
	for _, c := range children {
		out.Rows = append(out.Rows, RankRow{Region: c.Code, Name: c.Name, Value: vals[c.Code]})
	}
	sort.SliceStable(out.Rows, func(i, j int) bool { return ind.less(out.Rows[j].Value, out.Rows[i].Value) })
	for i := range out.Rows {
		out.Rows[i].Rank = i + 1
		if i > 0 && !ind.less(out.Rows[i].Value, out.Rows[i-1].Value) && !ind.less(out.Rows[i-1].Value, out.Rows[i].Value) {
			out.Rows[i].Rank = out.Rows[i-1].Rank
		}
	}
	return out, nil
}

// Trend is the kind "trend": an indicator month by month.
type Trend struct {
	Region     string       `json:"region"`
	RegionName string       `json:"region_name"`
	Indicator  Indicator    `json:"indicator"`
	Months     []MonthValue `json:"months"`
}

// MonthValue is the indicator of one month: a flow over the month, a
// stock on its last day.
type MonthValue struct {
	Month string `json:"month"`
	Value
}

// Trend follows the indicator month by month over the span's months: a
// stock as the sum up to the day before the first month plus each
// month's changes, a flow as each month's sum.
func (s *Service) Trend(ctx context.Context, region, by string, sp Span) (*Trend, error) {
	ind, err := LookupIndicator(by)
	if err != nil {
		return nil, err
	}
	self, _, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	first, last := sp.From[:7], sp.To[:7]
	var months []string
	for m := first; m <= last; m = addMonths(m, 1) {
		months = append(months, m)
		if len(months) > 600 {
			return nil, shebao.FieldErrorf("终止月份", "趋势最多600个月")
		}
	}
	r := []string{self.Code}
	// per[back][month] are the sums of each month, shifted back.
	per := map[int]map[string]sums{}
	base := map[int]sums{}
	for back, ts := range ind.terms() {
		shift := func(m string) string { return addMonths(m, -12*back) }
		got, err := s.counterMonths(ctx, r, prefixesOf(ts), shift(first), shift(last))
		if err != nil {
			return nil, err
		}
		per[back] = map[string]sums{}
		for m, v := range got[self.Code] {
			per[back][addMonths(m, 12*back)] = v
		}
		if !ind.Flow {
			b, err := s.sums(ctx, r, prefixesOf(ts), "", dayBefore(shift(first)+"-01"))
			if err != nil {
				return nil, err
			}
			base[back] = b[self.Code]
		}
	}
	out := &Trend{Region: self.Code, RegionName: self.Name, Indicator: ind, Months: []MonthValue{}}
	run := map[string]int64{} // a stock's terms so far
	for _, m := range months {
		var v Value
		add := func(ts []term, into *int64) {
			for _, t := range ts {
				x := t.of(per[t.yearsBack][m])
				if !ind.Flow {
					k := termKey(t)
					if _, ok := run[k]; !ok {
						run[k] = t.of(base[t.yearsBack])
					}
					run[k] += x
					x = run[k]
				}
				*into += x
			}
		}
		add(ind.num, &v.Num)
		add(ind.den, &v.Den)
		if ind.Rate {
			v.Rate, _ = policy.Percent(v.Num, v.Den, 2)
		}
		out.Months = append(out.Months, MonthValue{Month: m, Value: v})
	}
	return out, nil
}

// termKey identifies a term.
func termKey(t term) string {
	return fmt.Sprintf("%s|%s|%v|%d", t.family, strings.Join(t.dims, "|"), t.neg, t.yearsBack)
}

// addMonths adds n months to a month (YYYY-MM).
func addMonths(m string, n int) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return fmt.Sprintf("%s%+d", m, n)
	}
	return t.AddDate(0, n, 0).Format("2006-01")
}
