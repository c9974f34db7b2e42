package policy

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// UnemploymentMonths returns the longest period of unemployment benefit for
// a cumulative contribution of so many months (失业保险条例 第十七条):
//
//	满1年不足5年 → 12个月;满5年不足10年 → 18个月;10年以上 → 24个月
//
// Boundaries: "满N年" is reached at exactly N×12 months, so 60 months gives
// 18 and 120 months gives 24 ("以上" includes the number itself, 民法典 第一千
// 二百五十九条); fewer than 12 months gives 0 (no entitlement).
func UnemploymentMonths(contributionMonths int) int {
	switch {
	case contributionMonths >= 120:
		return 24
	case contributionMonths >= 60:
		return 18
	case contributionMonths >= 12:
		return 12
	}
	return 0
}

// UnemploymentMonthly returns the monthly unemployment benefit: the local
// minimum wage × ratio (unemployment.ratio_of_min_wage), rounded half up to
// the 分.
func UnemploymentMonthly(minWage shebao.Money, ratio shebao.Rate) (shebao.Money, string) {
	b := ratio.Apply(minWage)
	return b, fmt.Sprintf("失业保险金 = 最低工资标准%s × %s = %s元/月", minWage, ratio.Percent(), b)
}

// MaternityAllowance returns the maternity allowance (生育津贴): the
// employer's average monthly wage of last year ÷ 30 × days of leave,
// rounded once, half up, to the 分.
func MaternityAllowance(avgMonthlyWage shebao.Money, days int) shebao.Money {
	a, _ := MaternityAllowanceExplain(avgMonthlyWage, days)
	return a
}

// MaternityAllowanceExplain is [MaternityAllowance] with its explanation.
func MaternityAllowanceExplain(avgMonthlyWage shebao.Money, days int) (shebao.Money, string) {
	if avgMonthlyWage <= 0 || days <= 0 {
		return 0, fmt.Sprintf("生育津贴 = 0(月平均工资%s元,%d天)", avgMonthlyWage, days)
	}
	a := shebao.Money(shebao.MulDivRound(int64(avgMonthlyWage), int64(days), 30))
	return a, fmt.Sprintf("生育津贴 = %s ÷ 30 × %d天 = %s元", avgMonthlyWage, days, a)
}

// StatutoryInjuryMonths are the months of wage of the one-off disability
// allowance by grade 1–10 (工伤保险条例 第三十五、三十六、三十七条). The same
// table ships as injury.lump_months.
var StatutoryInjuryMonths = InjuryMonths{
	{1, 27}, {2, 25}, {3, 23}, {4, 21}, {5, 18}, {6, 16}, {7, 13}, {8, 11}, {9, 9}, {10, 7},
}

// InjuryLumpSum returns the one-off disability allowance (一次性伤残补助金):
// own monthly wage × the statutory months of the grade; 0 for a grade
// outside 1–10. The wage is the insured's own (本人工资), already limited to
// 60%–300% of the regional average (工伤保险条例 第六十四条) with ClampBase.
func InjuryLumpSum(monthlyWage shebao.Money, grade int) shebao.Money {
	a, _, err := InjuryLumpSumExplain(monthlyWage, grade, StatutoryInjuryMonths)
	if err != nil {
		return 0
	}
	return a
}

// InjuryLumpSumExplain is [InjuryLumpSum] with months from a table
// (injury.lump_months) and an explanation.
func InjuryLumpSumExplain(monthlyWage shebao.Money, grade int, months InjuryMonths) (shebao.Money, string, error) {
	m, err := months.For(grade)
	if err != nil {
		return 0, "", err
	}
	a := monthlyWage * shebao.Money(m)
	return a, fmt.Sprintf("一次性伤残补助金 = 本人工资%s × %d个月(%d级伤残) = %s元", monthlyWage, m, grade, a), nil
}

// Reimburse returns what the fund pays for one hospital stay: (cost −
// deductible) × ratio, rounded half up to the 分, limited by what remains
// of the annual cap. A cost at or below the deductible, or a cap already
// used up, pays 0.
func Reimburse(cost, deductible shebao.Money, ratio shebao.Rate, capRemaining shebao.Money) (paid shebao.Money, explain string) {
	if cost <= deductible {
		return 0, fmt.Sprintf("报销 = 0(合规费用%s元未超过起付线%s元)", cost, deductible)
	}
	paid = ratio.Apply(cost - deductible)
	explain = fmt.Sprintf("报销 = (合规费用%s − 起付线%s) × %s = %s元", cost, deductible, ratio.Percent(), paid)
	if capRemaining < 0 {
		capRemaining = 0
	}
	if paid > capRemaining {
		paid = capRemaining
		explain += fmt.Sprintf(",超过年度最高支付限额剩余额度%s元,按%s元支付", capRemaining, capRemaining)
	}
	return paid, explain
}

// InjuryWageFloor and InjuryWageCeiling bound the insured's own wage for
// the work-injury benefits: 工伤保险条例 第六十四条 (本人工资高于统筹地区职工平均
// 工资300%的,按300%计算;低于60%的,按60%计算).
const (
	InjuryWageFloor   shebao.Rate = 600_000
	InjuryWageCeiling shebao.Rate = 3_000_000
)

// InjuryWage returns the insured's own wage (本人工资) as the work-injury
// benefits count it: own limited to 60%–300% of the regional average
// monthly wage avg (工伤保险条例 第六十四条), with the sentence that says
// which bound applied: own 3000 with avg 8000 (floor 4800) counts as
// 4800.00.
func InjuryWage(own, avg shebao.Money) (shebao.Money, string) {
	wage, _ := ClampBase(own, avg, InjuryWageFloor, InjuryWageCeiling)
	lo, hi := InjuryWageFloor.Apply(avg), InjuryWageCeiling.Apply(avg)
	switch {
	case own < lo:
		return wage, fmt.Sprintf("本人工资%s元低于下限%s元,按%s元计算", own, lo, wage)
	case own > hi:
		return wage, fmt.Sprintf("本人工资%s元高于上限%s元,按%s元计算", own, hi, wage)
	}
	return wage, fmt.Sprintf("本人工资%s元在下限%s元与上限%s元之间,按%s元计算", own, lo, hi, wage)
}

// MoneyByRegion returns a money parameter as it is in force on the date in
// every region: one amount per region that has an entry of its own in
// force (the most specific first, each covering its region's codes), and
// the national amount (region "") last when there is one; a region
// between them takes its nearest ancestor's, as [Set.Get] answers. It
// returns the parameters used, in the same order, for citing. A set with
// no value in force anywhere gives none.
func MoneyByRegion(s *Set, key string, on time.Time) ([]shebao.RegionAmount, []Param, error) {
	date := on.Format(time.DateOnly)
	seen := map[string]bool{}
	var regions []string
	for _, p := range s.Params() {
		if p.Key != key || p.From > date || (p.To != "" && date >= p.To) || seen[p.Region] {
			continue
		}
		seen[p.Region] = true
		regions = append(regions, p.Region)
	}
	// Most specific first: a longer significant prefix before a shorter.
	sort.SliceStable(regions, func(i, j int) bool {
		return len(strings.TrimRight(regions[i], "0")) > len(strings.TrimRight(regions[j], "0"))
	})
	var out []shebao.RegionAmount
	var params []Param
	for _, r := range regions {
		v, p, err := s.Money(key, r, on)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, shebao.RegionAmount{Region: r, Amount: v})
		params = append(params, p)
	}
	return out, params, nil
}

// RuralExempt reports whether 农民合同制工人 pay no individual unemployment
// contribution in the region on the date (unemployment.rural_contract.exempt
// = 1; 失业保险条例 第六条): no value in force means they pay as any
// employee.
func (s *Set) RuralExempt(region string, on time.Time) (bool, error) {
	v, _, err := s.Int("unemployment.rural_contract.exempt", region, on)
	if shebao.ErrorCode(err) == shebao.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if v != 0 && v != 1 {
		return false, fmt.Errorf("区划%s %s: unemployment.rural_contract.exempt应为0或1,实为%d", region, on.Format(shebao.DateLayout), v)
	}
	return v == 1, nil
}

// FullYears returns the whole years from start to end (YYYY-MM-DD, end the
// first day no longer worked, as 减员 records it): 2022-03-01 → 2025-03-01
// is 3, → 2025-02-28 is 2. A day of the month the end month lacks (a start
// on the 31st, or 29 February) falls on the month's last day.
func FullYears(start, end time.Time) int {
	n := end.Year() - start.Year()
	for n > 0 && addYears(start, n).After(end) {
		n--
	}
	return max(n, 0)
}

// addYears adds n years, keeping to the month's last day where the day
// does not exist.
func addYears(t time.Time, n int) time.Time {
	d := time.Date(t.Year()+n, t.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := d.AddDate(0, 1, -1).Day()
	return time.Date(d.Year(), d.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

// RuralAllowance returns the one-off living allowance (一次性生活补助) of a
// 农民合同制工人 who worked years full years for the employer (失业保险条例
// 第二十一条): min(years, maxYears) × perYear, with its explanation. Under
// one full year there is none (0).
func RuralAllowance(years, maxYears int, perYear shebao.Money) (shebao.Money, string) {
	if years < 1 {
		return 0, ""
	}
	counted := min(years, maxYears)
	amount := perYear * shebao.Money(counted)
	if counted < years {
		return amount, fmt.Sprintf("一次性生活补助 = 最长计发%d年 × %s元 = %s元(本单位连续工作%d年,超过最长计发年数)", counted, perYear, amount, years)
	}
	return amount, fmt.Sprintf("一次性生活补助 = 本单位连续工作满%d年 × %s元 = %s元", counted, perYear, amount)
}
