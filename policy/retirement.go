package policy

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
)

// Retirement is a statutory retirement age and month.
type Retirement struct {
	Years, Months int    // age at retirement
	Month         string // YYYY-MM in which the age is reached
	DelayMonths   int    // months beyond the original age
	Group         string // the rule's group name
	Explain       string
}

// RetirementAge returns the statutory retirement age of a person born on
// birth, of sex "男" or "女", whose original statutory age was originalAge
// (60 men; 55 or 50 women), under rules (retirement.rules), and the month
// the age is reached. See [RetirementAgeExplain].
func RetirementAge(birth time.Time, sex string, originalAge int, rules RetirementRules) (years, months int, retireMonth string, err error) {
	r, err := RetirementAgeExplain(birth, sex, originalAge, rules)
	return r.Years, r.Months, r.Month, err
}

// RetirementAgeExplain computes the gradual delay of the statutory
// retirement age (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定,
// 2024-09-13, from 2025-01): with m the number of months from rules.Start
// to the month the person reaches the original age,
//
//	delay = min((Target − Original) × 12, ⌊m ÷ Step⌋ + 1) months, m ≥ 0
//	delay = 0,                                                   m < 0
//
// Men born 1965-01 retire at 60y1m (2025-02); women (50) born 1975-12 at
// 50y6m; men born 1976-12 at 63y0m; men born 1964-12 at 60y0m.
func RetirementAgeExplain(birth time.Time, sex string, originalAge int, rules RetirementRules) (Retirement, error) {
	sex = normalizeSex(sex)
	var g *RetirementGroup
	for i := range rules.Groups {
		if rules.Groups[i].Sex == sex && rules.Groups[i].Original == originalAge {
			g = &rules.Groups[i]
			break
		}
	}
	if g == nil {
		return Retirement{}, shebao.FieldErrorf("original_age", "没有原法定退休年龄为%d周岁的%s职工的退休年龄规则", originalAge, sex)
	}
	if g.Step < 1 || g.Target < g.Original {
		return Retirement{}, shebao.FieldErrorf("rules", "%s的退休年龄规则无效", g.Name)
	}
	birthIdx := birth.Year()*12 + int(birth.Month()) - 1
	origIdx := birthIdx + originalAge*12
	r := Retirement{Group: g.Name}
	maxDelay := (g.Target - g.Original) * 12
	why := ""
	if maxDelay > 0 {
		startIdx, err := monthIndex(rules.Start)
		if err != nil {
			return Retirement{}, err
		}
		m := origIdx - startIdx
		if m >= 0 {
			r.DelayMonths = min(maxDelay, m/g.Step+1)
			why = fmt.Sprintf("距%s第%d个月,延迟 min(%d, ⌊%d÷%d⌋+1) = %d个月", monthText(startIdx), m, maxDelay, m, g.Step, r.DelayMonths)
		} else {
			why = fmt.Sprintf("早于%s,不延迟", monthText(startIdx))
		}
	} else {
		why = "不延迟"
	}
	total := originalAge*12 + r.DelayMonths
	r.Years, r.Months = total/12, total%12
	r.Month = monthKey(birthIdx + total)
	r.Explain = fmt.Sprintf("%s:出生于%d年%d月,原法定退休年龄%d周岁,原退休时间%s,%s;法定退休年龄%d岁%d个月,退休时间%s",
		g.Name, birth.Year(), int(birth.Month()), originalAge, monthText(origIdx), why, r.Years, r.Months, monthText(birthIdx+total))
	return r, nil
}

// monthIndex parses "YYYY-MM" into year×12 + month − 1.
func monthIndex(s string) (int, error) {
	if !monthRE.MatchString(s) {
		return 0, shebao.FieldErrorf("start", "月份应为YYYY-MM,实为%q", s)
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:])
	return y*12 + m - 1, nil
}

func monthKey(idx int) string  { return fmt.Sprintf("%04d-%02d", idx/12, idx%12+1) }
func monthText(idx int) string { return fmt.Sprintf("%d年%d月", idx/12, idx%12+1) }

// Months returns the minimum months of contribution for a monthly pension
// of a person retiring in retireYear.
func (m MinContribution) Months(retireYear int) int {
	if m.StartYear == 0 || retireYear < m.StartYear {
		return m.BaseMonths
	}
	return min(m.MaxMonths, m.BaseMonths+(retireYear-m.StartYear+1)*m.StepMonths)
}

// NationalMinContribution is the rule of the NPC decision of 2024-09-13:
// 15 years, from 2030 six months more a year up to 20 years. The same rule
// ships as retirement.min_contribution in the default policy.
var NationalMinContribution = MinContribution{BaseMonths: 180, StartYear: 2030, StepMonths: 6, MaxMonths: 240}

// MinContributionYears returns the minimum contribution, in months, for a
// monthly employee pension of a person retiring in retireYear under the
// national rule: 180 until 2029, 186 in 2030, 192 in 2031 … 240 from 2039.
// Prefer MinContribution.Months with the parameter in force where a Set is
// at hand.
func MinContributionYears(retireYear int) (months int) {
	return NationalMinContribution.Months(retireYear)
}

// RetirementMonth decides the month a person born on birth retires and
// their age then: the month the statutory (or, for the residents' pension,
// the qualifying) age is reached, statutoryMonth, or a later month the
// clerk gives, requested ("" for none: a person who retires later, or a
// resident who applies later). An earlier month is refused: early
// retirement (特殊工种、病退) is not decided by this rule.
func RetirementMonth(birth time.Time, statutoryMonth, requested string) (month string, years, months int, err error) {
	month = statutoryMonth
	if requested != "" {
		p, err := shebao.ParsePeriod(requested)
		if err != nil {
			return "", 0, 0, shebao.FieldErrorf("retire", "退休月份“%s”无效,应为YYYY-MM", requested)
		}
		if string(p) < statutoryMonth {
			return "", 0, 0, shebao.FieldErrorf("retire", "退休月份%s早于法定退休年龄到达的月份%s(提前退休不在此办理)", p, statutoryMonth)
		}
		month = string(p)
	}
	idx, err := monthIndex(month)
	if err != nil {
		return "", 0, 0, err
	}
	age := idx - (birth.Year()*12 + int(birth.Month()) - 1)
	return month, age / 12, age % 12, nil
}

// AddMonths returns the month n months after the month m ("YYYY-MM"; n
// may be negative).
func AddMonths(m string, n int) string {
	idx, err := monthIndex(m)
	if err != nil {
		return m
	}
	return monthKey(idx + n)
}

// MonthOfAge returns the month ("YYYY-MM") in which a person born on birth
// reaches the age in whole years.
func MonthOfAge(birth time.Time, age int) string {
	return monthKey(birth.Year()*12 + int(birth.Month()) - 1 + age*12)
}
