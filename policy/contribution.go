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
	lo, hi := floor.Apply(avgWage), ceiling.Apply(avgWage)
	switch {
	case declared < lo:
		return lo, fmt.Sprintf("缴费基数:申报工资%s元低于下限(社平工资%s × %s = %s元),按下限%s元核定",
			declared, avgWage, floor.Percent(), lo, lo)
	case declared > hi:
		if hi < lo {
			hi = lo
		}
		return hi, fmt.Sprintf("缴费基数:申报工资%s元高于上限(社平工资%s × %s = %s元),按上限%s元核定",
			declared, avgWage, ceiling.Percent(), hi, hi)
	}
	return declared, fmt.Sprintf("缴费基数:申报工资%s元在下限%s元(%s)与上限%s元(%s)之间,按申报工资%s元核定",
		declared, lo, floor.Percent(), hi, ceiling.Percent(), declared)
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
