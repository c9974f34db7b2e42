package policy

import (
	"fmt"

	"github.com/shebao/shebao"
)

// ClampBase returns the contribution base (缴费基数) of a declared wage: the
// wage limited to [avgWage × floor, avgWage × ceiling], each limit rounded
// half up to the 分. Should the floor exceed the ceiling (bad parameters),
// the floor wins.
func ClampBase(declared, avgWage shebao.Money, floor, ceiling shebao.Rate) (base shebao.Money, explain string) {
	lo, hi := BaseLimits(avgWage, floor, ceiling)
	switch {
	case declared < lo:
		return lo, fmt.Sprintf("缴费基数:申报工资%s元低于下限(社平工资%s × %s = %s元),按下限%s元核定",
			declared, avgWage, floor.Percent(), lo, lo)
	case declared > hi:
		return hi, fmt.Sprintf("缴费基数:申报工资%s元高于上限(社平工资%s × %s = %s元),按上限%s元核定",
			declared, avgWage, ceiling.Percent(), hi, hi)
	}
	return declared, fmt.Sprintf("缴费基数:申报工资%s元在下限%s元(%s)与上限%s元(%s)之间,按申报工资%s元核定",
		declared, lo, floor.Percent(), hi, ceiling.Percent(), declared)
}

// BaseLimits returns the floor and ceiling of the contribution base in
// money: avgWage × floor and avgWage × ceiling, each rounded half up to
// the 分; should the floor exceed the ceiling (bad parameters), the ceiling
// is raised to the floor, so that the floor wins.
func BaseLimits(avgWage shebao.Money, floor, ceiling shebao.Rate) (lo, hi shebao.Money) {
	lo, hi = floor.Apply(avgWage), ceiling.Apply(avgWage)
	return lo, max(lo, hi)
}

// Clamp returns the declared wage limited to [lo, hi] (lo ≤ hi, as
// [BaseLimits] gives them).
func Clamp(declared, lo, hi shebao.Money) shebao.Money {
	return min(max(declared, lo), hi)
}

// Contribution returns base × rate rounded half up to the 分: one line of a
// bill (employer or individual part of one scheme) or an account credit.
func Contribution(base shebao.Money, rate shebao.Rate) shebao.Money {
	return rate.Apply(base)
}

// ContributionExplain is [Contribution] with its explanation, e.g.
// "单位缴费 = 8000.00 × 16% = 1280.00元" for what = "单位缴费".
func ContributionExplain(what string, base shebao.Money, rate shebao.Rate) (shebao.Money, string) {
	c := Contribution(base, rate)
	return c, fmt.Sprintf("%s = %s × %s = %s元", what, base, rate.Percent(), c)
}

// LateFee returns the late fee (滞纳金) on an overdue amount for a number of
// days at a daily rate: overdue × daily × days, rounded once, half up, to
// the 分 (社会保险法 第八十六条: 自欠缴之日起,按日加收万分之五). Counting the
// days is the caller's: from the day after the due date to the day of
// payment, both included. A non-positive amount or number of days gives 0.
func LateFee(overdue shebao.Money, days int, daily shebao.Rate) shebao.Money {
	f, _ := LateFeeExplain(overdue, days, daily)
	return f
}

// LateFeeExplain is [LateFee] with its explanation:
// "滞纳金 = 10000.00 × 0.05% × 30天 = 150.00元".
func LateFeeExplain(overdue shebao.Money, days int, daily shebao.Rate) (shebao.Money, string) {
	if overdue <= 0 || days <= 0 || daily <= 0 {
		return 0, fmt.Sprintf("滞纳金 = 0(欠缴%s元,%d天)", overdue, days)
	}
	v, ok := mulDivRound(shebao.RatePPM, int64(overdue), int64(days), int64(daily))
	if !ok {
		v = 0
	}
	f := shebao.Money(v)
	return f, fmt.Sprintf("滞纳金 = %s × %s × %d天 = %s元", overdue, daily.Percent(), days, f)
}

// UndeclaredAssessment returns what an employer that did not declare owes:
// last month's contribution × factor (社会保险法 第六十二条: 按照该单位上月缴费额的
// 百分之一百一十确定), rounded half up to the 分.
func UndeclaredAssessment(lastMonth shebao.Money, factor shebao.Rate) (shebao.Money, string) {
	a := factor.Apply(lastMonth)
	return a, fmt.Sprintf("未申报核定应缴 = 上月缴费额%s × %s = %s元", lastMonth, factor.Percent(), a)
}

// MedicalAccountRate is the part of the base that the employee medical
// insurance (310) credits to the individual account: the individual rate ×
// the individual share plus the employer rate × the employer share, each
// product rounded half up to the ppm (国发〔1998〕44号: 个人缴费全部计入个人
// 账户,单位缴费按一定比例划入).
func MedicalAccountRate(employer, individual, employerShare, individualShare shebao.Rate) shebao.Rate {
	return shebao.Rate(shebao.MulDivRound(int64(individual), int64(individualShare), shebao.RatePPM) +
		shebao.MulDivRound(int64(employer), int64(employerShare), shebao.RatePPM))
}

// AssessRate is the policy in force for one region, scheme and risk class
// in a month, as the monthly assessment applies it to declared wages: the
// base limits in money (Floor ≤ Ceiling, by [BaseLimits]) with the 社平工资
// they come from, and the rates.
type AssessRate struct {
	Region     string
	Scheme     string
	RiskClass  int // the employer's industry risk class for work injury (410), 0 for the other schemes
	AvgWage    shebao.Money
	Floor      shebao.Money
	Ceiling    shebao.Money
	Employer   shebao.Rate
	Individual shebao.Rate
	Account    shebao.Rate // of the base, credited to the individual account when paid
	// RuralExempt (unemployment, 210): a 农民合同制工人 pays no individual
	// part (失业保险条例 第六条, unemployment.rural_contract.exempt): the
	// line of a person whose employment with the employer in the month is
	// a rural contract worker's has individual rate 0; the employer's part
	// stays.
	RuralExempt bool
}

// AssessParams is the policy of one month's assessment: the rates of every
// region, scheme and risk class, and per region the factor of last month's
// amounts owed by an employer that declared nothing (社会保险法 第六十二条,
// assess.undeclared_factor).
type AssessParams struct {
	Rates      []AssessRate
	Undeclared map[string]shebao.Rate // region code → factor
}

// LineAmounts are the amounts of one line of a bill.
type LineAmounts struct {
	Base       shebao.Money
	Employer   shebao.Money
	Individual shebao.Money
	Account    shebao.Money
}

// AssessLine returns the amounts of one person's line of one scheme for a
// declared wage: the base is the wage clamped to the floor and ceiling, and
// each amount is base × rate rounded half up to the 分 ([Contribution]).
// The set-based assessment in SQL computes exactly this, line by line.
func AssessLine(declared shebao.Money, r AssessRate) LineAmounts {
	base := Clamp(declared, r.Floor, r.Ceiling)
	return LineAmounts{Base: base, Employer: Contribution(base, r.Employer), Individual: Contribution(base, r.Individual),
		Account: Contribution(base, r.Account)}
}
