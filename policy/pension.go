package policy

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shebao/shebao"
)

// Divisor returns the 计发月数 of a retirement age of years and months, in
// tenths of a month (138.4 → 1384). A whole age takes the table's value; an
// age with months is interpolated linearly between the whole ages around it
// and rounded half up to one decimal (60岁1个月 → 139 + (132 − 139) × 1/12 =
// 138.4). Ages outside the table (40–70 in 国发〔2005〕38号) are an error.
func Divisor(years, months int, table DivisorTable) (tenths int, err error) {
	if months < 0 || months > 11 {
		return 0, shebao.FieldErrorf("age", "退休年龄的月数应为0–11,实为%d", months)
	}
	if len(table) == 0 {
		return 0, shebao.FieldErrorf("divisor", "计发月数表为空")
	}
	lo, hi := table[0].Age, table[len(table)-1].Age
	at := func(age int) (int, bool) {
		if age < lo || age > hi || age-lo >= len(table) {
			return 0, false
		}
		r := table[age-lo]
		return r.Months, r.Age == age && r.Months > 0 && r.Months <= maxDivisorMonths
	}
	d0, ok := at(years)
	if !ok || (months > 0 && years == hi) {
		return 0, shebao.FieldErrorf("age", "退休年龄%d岁%d个月超出计发月数表的范围(%d–%d岁)", years, months, lo, hi)
	}
	if months == 0 {
		return d0 * 10, nil
	}
	d1, ok := at(years + 1)
	if !ok {
		return 0, shebao.FieldErrorf("divisor", "计发月数表不连续")
	}
	// (d0 + (d1 − d0) × months/12) × 10, rounded once.
	return int(shebao.DivRound(int64(d0*120+(d1-d0)*months*10), 12)), nil
}

// PensionInput is what the employee basic pension (国发〔2005〕38号) is
// computed from.
type PensionInput struct {
	// AvgWage is C: last year's average monthly wage (社平工资) in force at
	// retirement.
	AvgWage shebao.Money
	// Index is I, the average contribution index (平均缴费指数) in
	// ten-thousandths: 1.2 is 12000 (see ParseDecimal(s, 4)).
	Index int64
	// Months is N in months: all contribution, actual and deemed.
	Months int
	// DeemedMonths is the part of Months that is deemed contribution (视同
	// 缴费年限), the basis of the transitional pension.
	DeemedMonths int
	// YearsE4 and DeemedYearsE4 are N and the deemed years in
	// ten-thousandths of a year (30.5 years is 305000), for years that are
	// not whole months (a what-if of 15.3 years). When YearsE4 is set they
	// replace Months and DeemedMonths; the result is exact to the fen
	// either way.
	YearsE4, DeemedYearsE4 int64
	// DeemedIndex is the index of deemed years (视同缴费指数) where the
	// province sets one; 0 means Index.
	DeemedIndex int64
	// Balance is the individual account at retirement.
	Balance shebao.Money
	// AgeYears and AgeMonths are the retirement age.
	AgeYears, AgeMonths int
	// Divisors is the 计发月数 table (pension.divisor).
	Divisors DivisorTable
	// TransitionCoef is the transitional coefficient per year of deemed
	// contribution as a Rate: the decimal "1.2" of pension.transition_coef
	// is 1.2%, shebao.ParsePercent("1.2"). Required when DeemedMonths > 0.
	TransitionCoef shebao.Rate
	// MinMonths is the minimum contribution in force for the retirement
	// year (MinContribution.Months); 0 means 180 (15 years).
	MinMonths int
}

// PensionResult is a computed employee basic pension, 元 a month.
type PensionResult struct {
	Basic, Account, Transition, Total shebao.Money
	// DivisorTenths is the 计发月数 used, in tenths.
	DivisorTenths int
	// One line per component, then the total.
	BasicExplain, AccountExplain, TransitionExplain, TotalExplain string
}

// Explain returns all lines of the explanation.
func (r PensionResult) Explain() string {
	return strings.Join([]string{r.BasicExplain, r.AccountExplain, r.TransitionExplain, r.TotalExplain}, "\n")
}

// EmployeePension computes the monthly employee basic pension:
//
//	基础养老金   = (C + C × I) ÷ 2 × N × 1%
//	个人账户养老金 = 个人账户储存额 ÷ 计发月数
//	过渡性养老金 = C × I(视同) × 视同缴费年限 × 系数%
//
// each rounded half up to the 分, total = their sum. Years are months ÷ 12
// exactly. Fewer months than the minimum is an error with the reason.
func EmployeePension(in PensionInput) (PensionResult, error) {
	var r PensionResult
	minMonths := in.MinMonths
	if minMonths <= 0 {
		minMonths = 180
	}
	// N and the deemed years as fractions n/den and d/den of a year: months
	// over 12, or ten-thousandths over 10000.
	n, d, den := int64(in.Months), int64(in.DeemedMonths), int64(12)
	if in.YearsE4 != 0 {
		n, d, den = in.YearsE4, in.DeemedYearsE4, YearsScale
	}
	switch {
	case in.AvgWage <= 0:
		return r, shebao.FieldErrorf("avg_wage", "社平工资应大于0")
	case in.Index < 0:
		return r, shebao.FieldErrorf("index", "平均缴费指数不能为负")
	case n < 0 || d < 0 || d > n || n > 100*den:
		return r, shebao.FieldErrorf("months", "缴费年限%s、视同缴费年限%s不合理", formatYears(n, den), formatYears(d, den))
	case in.Balance < 0:
		return r, shebao.FieldErrorf("balance", "个人账户储存额不能为负")
	case n*12 < int64(minMonths)*den:
		return r, shebao.FieldErrorf("months", "累计缴费年限(含视同缴费)%s,不足按月领取基本养老金的最低缴费年限%s",
			formatYears(n, den), formatYearsMonths(minMonths))
	}
	div, err := Divisor(in.AgeYears, in.AgeMonths, in.Divisors)
	if err != nil {
		return r, err
	}
	r.DivisorTenths = div

	c, idx := int64(in.AvgWage), in.Index
	// (C + C×I/10000)/2 × n/den × 1/100 = C × (10000+I) × n / (10000×2×den×100)
	basic, ok := mulDivRound(IndexScale*2*den*100, c, IndexScale+idx, n)
	if !ok {
		return r, shebao.FieldErrorf("avg_wage", "金额超出范围")
	}
	r.Basic = shebao.Money(basic)
	r.BasicExplain = fmt.Sprintf("基础养老金 = (%s + %s×%s) ÷ 2 × %s × 1%% = %s元",
		in.AvgWage, in.AvgWage, formatIndex(idx), formatYears(n, den), r.Basic)

	acc, ok := mulDivRound(int64(div), int64(in.Balance), 10)
	if !ok {
		return r, shebao.FieldErrorf("balance", "金额超出范围")
	}
	r.Account = shebao.Money(acc)
	r.AccountExplain = fmt.Sprintf("个人账户养老金 = %s ÷ %s(%d岁%d个月的计发月数) = %s元",
		in.Balance, formatTenths(div), in.AgeYears, in.AgeMonths, r.Account)

	if d > 0 {
		if in.TransitionCoef <= 0 {
			return r, shebao.FieldErrorf("transition_coef", "有视同缴费年限%s,但缺少过渡性养老金计发系数", formatYears(d, den))
		}
		di := in.DeemedIndex
		if di == 0 {
			di = idx
		}
		// C × I/10000 × d/den × coef/1e6
		t, ok := mulDivRound(IndexScale*den*shebao.RatePPM, c, di, d, int64(in.TransitionCoef))
		if !ok {
			return r, shebao.FieldErrorf("avg_wage", "金额超出范围")
		}
		r.Transition = shebao.Money(t)
		r.TransitionExplain = fmt.Sprintf("过渡性养老金 = %s × %s × %s × %s = %s元",
			in.AvgWage, formatIndex(di), formatYears(d, den), in.TransitionCoef.Percent(), r.Transition)
	} else {
		r.TransitionExplain = "过渡性养老金 = 0(无视同缴费年限)"
	}
	r.Total = r.Basic + r.Account + r.Transition
	r.TotalExplain = fmt.Sprintf("基本养老金 = %s + %s + %s = %s元/月", r.Basic, r.Account, r.Transition, r.Total)
	return r, nil
}

// ParseAge parses a retirement age as clerks and the issue write it:
// whole years ("60", "60岁") or years and months ("62y10m", "62岁10个月",
// "50y1m").
func ParseAge(s string) (years, months int, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer("周岁", "y", "岁", "y", "个月", "m", "月", "m", " ", "").Replace(t)
	bad := shebao.FieldErrorf("age", "退休年龄“%s”格式错误,应如60或62y10m(62岁10个月)", s)
	y, rest, hasY := strings.Cut(t, "y")
	if !hasY {
		rest = ""
	}
	if y == "" || len(y) > 3 {
		return 0, 0, bad
	}
	for _, c := range y {
		if c < '0' || c > '9' {
			return 0, 0, bad
		}
	}
	fmt.Sscan(y, &years)
	if rest != "" {
		m, ok := strings.CutSuffix(rest, "m")
		if !ok || m == "" || len(m) > 2 {
			return 0, 0, bad
		}
		for _, c := range m {
			if c < '0' || c > '9' {
				return 0, 0, bad
			}
		}
		fmt.Sscan(m, &months)
		if months > 11 {
			return 0, 0, shebao.FieldErrorf("age", "退休年龄“%s”的月数应为0–11", s)
		}
	}
	return years, months, nil
}

// DivisorText writes a 计发月数 in tenths as policy documents write it:
// 1390 → "139", 1183 → "118.3".
func DivisorText(tenths int) string { return formatTenths(tenths) }

// YearsText writes a number of years given in ten-thousandths: whole months
// as 年 and 个月, anything finer as a decimal.
func YearsText(e4 int64) string { return formatYears(e4, YearsScale) }

// YearsScale is the denominator of PensionInput.YearsE4: years carried
// with four decimals.
const YearsScale = 10000

// formatYears writes n/den years: whole months as 年 and 个月 ("30年6个月"),
// anything finer as a decimal of years ("15.3年").
func formatYears(n, den int64) string {
	if (n*12)%den == 0 {
		return formatYearsMonths(int(n * 12 / den))
	}
	s := formatScaled(n*YearsScale/den, 4)
	return strings.TrimRight(s, "0") + "年"
}

// ResidentPension returns the monthly residents' pension (城乡居民基本养老保险,
// 国发〔2014〕8号): the basic pension in force plus the account balance ÷
// the divisor (139 → 1390 tenths), the account part rounded half up to the
// 分: 123 + 50000 ÷ 139 = 123.00 + 359.71 = 482.71.
func ResidentPension(basic, balance shebao.Money, divisorTenths int) (shebao.Money, string, error) {
	if divisorTenths <= 0 {
		return 0, "", shebao.FieldErrorf("divisor", "计发月数应大于0")
	}
	if basic < 0 || balance < 0 {
		return 0, "", shebao.FieldErrorf("balance", "金额不能为负")
	}
	acc, ok := mulDivRound(int64(divisorTenths), int64(balance), 10)
	if !ok {
		return 0, "", shebao.FieldErrorf("balance", "金额超出范围")
	}
	total := basic + shebao.Money(acc)
	return total, fmt.Sprintf("城乡居民养老金 = 基础养老金%s + 个人账户%s ÷ %s = %s + %s = %s元/月",
		basic, balance, formatTenths(divisorTenths), basic, shebao.Money(acc), total), nil
}

// PensionAdjustment returns the yearly increase of a pension in payment
// (养老金调整): Fixed + pension × Percent + PerYear × whole years of
// contribution + the extra of the highest age band reached, each part
// rounded half up to the 分.
func PensionAdjustment(adj PensionAdjust, pension shebao.Money, contributionYears, age int) (shebao.Money, string) {
	pct := adj.Percent.Rate().Apply(pension)
	years := max(contributionYears, 0)
	perYear := adj.PerYear * shebao.Money(years)
	var extra shebao.Money
	extraText := ""
	for _, e := range adj.Extras {
		if age >= e.MinAge {
			extra = e.Amount
			extraText = fmt.Sprintf(" + 高龄倾斜(%d岁以上)%s", e.MinAge, e.Amount)
		}
	}
	total := adj.Fixed + pct + perYear + extra
	return total, fmt.Sprintf("养老金调整 = 定额%s + %s × %s + %d年 × %s%s = %s元/月",
		adj.Fixed, pension, adj.Percent.Rate().Percent(), years, adj.PerYear, extraText, total)
}

// CalcPension computes a what-if employee pension (国发〔2005〕38号) from
// the figures of the request; what is not given (社平工资, the transitional
// coefficient) comes from the set in force for the request's region and
// date, cited in Sources. Fewer than 15 years is an error with the reason.
// The date is required: the rule reads no clock (the service defaults it to
// today).
func CalcPension(set *Set, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error) {
	on, err := ruleDate(req.Date)
	if err != nil {
		return nil, err
	}
	var sources []string
	decimal := func(field, name string, v shebao.DecimalText, places int) (int64, error) {
		if strings.TrimSpace(string(v)) == "" {
			return 0, shebao.FieldErrorf(field, "缺少%s", name)
		}
		n, err := ParseDecimal(string(v), places)
		if err != nil {
			return 0, shebao.FieldErrorf(field, "%s:%s", name, shebao.ErrorMessage(err))
		}
		return n, nil
	}
	money := func(field, name string, v shebao.DecimalText) (shebao.Money, error) {
		n, err := decimal(field, name, v, 2)
		return shebao.Money(n), err
	}
	var in PensionInput
	if strings.TrimSpace(string(req.Wage)) == "" {
		var p Param
		if in.AvgWage, p, err = set.Money("wage.avg_monthly", req.Region, on); err != nil {
			return nil, shebao.FieldErrorf("wage", "未给出社平工资,且%s", shebao.ErrorMessage(err))
		}
		sources = append(sources, "社平工资"+in.AvgWage.String()+"元:"+p.Cite())
	} else if in.AvgWage, err = money("wage", "社平工资", req.Wage); err != nil {
		return nil, err
	}
	if in.Index, err = decimal("index", "平均缴费指数", req.Index, 4); err != nil {
		return nil, err
	}
	if in.YearsE4, err = decimal("years", "缴费年限", req.Years, 4); err != nil {
		return nil, err
	}
	if in.Balance, err = money("balance", "个人账户储存额", req.Balance); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Age) == "" {
		return nil, shebao.FieldErrorf("age", "缺少退休年龄")
	}
	if in.AgeYears, in.AgeMonths, err = ParseAge(req.Age); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(req.DeemedYears)) != "" {
		if in.DeemedYearsE4, err = decimal("deemed_years", "视同缴费年限", req.DeemedYears, 4); err != nil {
			return nil, err
		}
	}
	if strings.TrimSpace(string(req.DeemedIndex)) != "" {
		if in.DeemedIndex, err = decimal("deemed_index", "视同缴费指数", req.DeemedIndex, 4); err != nil {
			return nil, err
		}
	}
	out := &shebao.PensionCalc{}
	if strings.TrimSpace(string(req.TransitionRate)) != "" {
		if in.TransitionCoef, err = shebao.ParsePercent(string(req.TransitionRate)); err != nil || in.TransitionCoef < 0 {
			return nil, shebao.FieldErrorf("transition_rate", "过渡性养老金计发系数“%s”无效(百分数,如1.2表示1.2%%)", req.TransitionRate)
		}
	} else if in.DeemedYearsE4 > 0 {
		dec, p, err := set.Decimal("pension.transition_coef", req.Region, on)
		if err != nil {
			return nil, shebao.FieldErrorf("transition_rate", "未给出过渡性养老金计发系数,且%s", shebao.ErrorMessage(err))
		}
		if in.TransitionCoef, err = shebao.ParsePercent(dec); err != nil {
			return nil, err
		}
		sources = append(sources, "过渡性养老金计发系数"+in.TransitionCoef.Percent()+":"+p.Cite())
	}
	var divisors DivisorTable
	p, err := set.Table("pension.divisor", req.Region, on, &divisors)
	if err != nil {
		return nil, err
	}
	in.Divisors = divisors
	sources = append(sources, "计发月数表:"+p.Cite())
	if in.YearsE4 == 0 {
		// Zero would make EmployeePension read Months instead.
		return nil, shebao.FieldErrorf("years", "累计缴费年限(含视同缴费)0年,不足按月领取基本养老金的最低缴费年限15年")
	}
	r, err := EmployeePension(in)
	if err != nil {
		return nil, err
	}
	out.Basic, out.Account, out.Transitional, out.Total = r.Basic, r.Account, r.Transition, r.Total
	out.Divisor = DivisorText(r.DivisorTenths)
	out.Explain = r.Explain()
	out.Wage = in.AvgWage
	out.Index = strings.TrimSpace(string(req.Index))
	out.Years = YearsText(in.YearsE4)
	if in.DeemedYearsE4 > 0 {
		out.DeemedYears = YearsText(in.DeemedYearsE4)
		out.TransitionRate = in.TransitionCoef.Percent()
	}
	out.Age = fmt.Sprintf("%d岁%d个月", in.AgeYears, in.AgeMonths)
	out.Sources = sources
	return out, nil
}

// IndexYear is one year of a person's employee-pension contribution as the
// average contribution index counts it: the months contributed, the sum of
// their monthly bases, and the year's average monthly wage (社平工资) as the
// fraction WageSum ÷ WageMonths — the month-weighted mean of the wages the
// months were assessed with, or a year's published wage with WageMonths 1.
type IndexYear struct {
	Months     int
	BaseTotal  shebao.Money
	WageSum    int64
	WageMonths int64
}

// AverageIndex is the result of [AverageIndex].
type AverageIndexResult struct {
	// Index is I in ten-thousandths (1.2000 is 12000), rounded half up.
	Index int64
	// Months is the actual contribution counted: Σ months_y of the years
	// with a positive wage.
	Months int
	// Weighted is Σ months_y × index_y = Σ base_y ÷ wage_y, written with
	// four decimals, for the explanation.
	Weighted string
	// Years are the years' own indices in ten-thousandths (0 for a year
	// left out for want of a positive wage), and their average wages
	// rounded half up to the 分, in the order given.
	Years []int64
	Wages []shebao.Money
	// Counted tells which years count (those with a positive wage).
	Counted []bool
}

// AverageIndex computes the average contribution index (平均缴费指数) of
// 国发〔2005〕38号, month-weighted:
//
//	I = Σ(months_y × index_y) ÷ Σ months_y,  index_y = (base_y ÷ months_y) ÷ wage_y
//
// so that Σ months_y × index_y = Σ base_y ÷ wage_y is computed exactly (big
// rationals) and rounded once, half up, to four decimals; each year's own
// index is rounded the same way for display. A year whose wage is not
// positive cannot be indexed and is left out (Counted false). Example: 12
// months of base 9600 at a wage of 8000 and 12 months of base 8000 at 8000
// give (115200/8000 + 96000/8000) ÷ 24 = (14.4 + 12) ÷ 24 = 1.1000.
func AverageIndex(years []IndexYear) AverageIndexResult {
	r := AverageIndexResult{Years: make([]int64, len(years)), Wages: make([]shebao.Money, len(years)), Counted: make([]bool, len(years))}
	weighted := new(big.Rat)
	for i, y := range years {
		if y.WageMonths <= 0 || y.WageSum <= 0 || y.Months <= 0 {
			continue
		}
		wage := big.NewRat(y.WageSum, y.WageMonths)
		ratio := new(big.Rat).Quo(big.NewRat(int64(y.BaseTotal), 1), wage)
		weighted.Add(weighted, ratio)
		r.Months += y.Months
		r.Years[i] = roundRat(new(big.Rat).Quo(ratio, big.NewRat(int64(y.Months), 1)), IndexScale)
		r.Wages[i] = shebao.Money(roundRat(wage, 1))
		r.Counted[i] = true
	}
	r.Weighted = formatScaled(roundRat(weighted, IndexScale), 4)
	if r.Months > 0 {
		r.Index = roundRat(new(big.Rat).Quo(weighted, big.NewRat(int64(r.Months), 1)), IndexScale)
	}
	return r
}

// roundRat returns r × scale rounded half away from zero.
func roundRat(r *big.Rat, scale int64) int64 {
	return roundQuo(new(big.Int).Mul(r.Num(), big.NewInt(scale)), r.Denom()).Int64()
}

// IndexText writes an index in ten-thousandths with four decimals: 12000 →
// "1.2000".
func IndexText(e4 int64) string { return formatIndex(e4) }

// MonthsText writes a number of months of contribution as 年 and 个月 the
// way a determination explains them: "30年", "15年6个月", "5个月", and "0个月"
// for none.
func MonthsText(m int) string {
	if m == 0 {
		return "0个月"
	}
	return formatYearsMonths(m)
}

// AdjustPension applies the yearly adjustment of a year (养老金调整) to a
// pension of old a month: the increase of [PensionAdjustment], with the
// whole years of contribution of contributionMonths and the age reached by
// 31 December of the year (year − birth year), and the new amount. The
// explanation cites the adjustment (cite) and the month it applies from:
// a pension of 3000.00 with 30 years of contribution at 70, under 定额50 +
// 2% + 每年2元 + 70岁以上30元, rises by 50 + 60 + 60 + 30 = 200.00 to
// 3200.00.
func AdjustPension(adj PensionAdjust, year, birthYear int, old shebao.Money, contributionMonths int, cite, from string) (increase, monthly shebao.Money, explain string) {
	age := 0
	if birthYear > 0 {
		age = year - birthYear
	}
	inc, formula := PensionAdjustment(adj, old, contributionMonths/12, age)
	return inc, old + inc, fmt.Sprintf("%d年基本养老金调整(%s):%s;调整后 %s + %s = %s元/月,自%s起", year, cite, formula, old, inc, old+inc, from)
}

// AdjustmentRule writes an adjustment as a sentence: "定额50.00元 + 本人养老
// 金 × 2% + 每满一年缴费年限2.00元 + 高龄倾斜(取所达最高档:年满70周岁30.00元)
// (年龄按2025年12月31日计)".
func AdjustmentRule(adj PensionAdjust, year int) string {
	extras := ""
	for _, e := range adj.Extras {
		extras += fmt.Sprintf(" + 年满%d周岁%s元", e.MinAge, e.Amount)
	}
	if extras != "" {
		extras = " + 高龄倾斜(取所达最高档:" + extras[3:] + ")"
	}
	return fmt.Sprintf("定额%s元 + 本人养老金 × %s + 每满一年缴费年限%s元%s(年龄按%d年12月31日计)",
		adj.Fixed, adj.Percent.Rate().Percent(), adj.PerYear, extras, year)
}
