package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// ConversionCost computes the per-person cost of a converted village's
// lump sum (村改居) and its split, from the parameters in force for the
// village on the conversion day, with the explanation:
//
//   - with lumpsum.village.standard in force (a fixed amount per person, as
//     the seed's 3.7 万元), cost = the standard; the monthly base is the
//     one that standard pays for: cost ÷ (rate × years × 12);
//   - otherwise base = wage.avg_monthly × lumpsum.village.base (60%), cost =
//     base × flex.110.rate (20%, the rate of individual payers) × years × 12.
//
// The government pays lumpsum.village.government of the cost, the village
// collective lumpsum.village.collective, the person the rest (so the three
// add up to the cost exactly); the pension account (110) is credited with
// base × flex.110.account_rate (8%) × months once the three are paid
// (国发〔2005〕38号).
func ConversionCost(set *Set, v *shebao.VillageConversion, day time.Time) error {
	years, _, err := set.Int("lumpsum.village.years", v.Region, day)
	if err != nil {
		return err
	}
	if years <= 0 || years > 50 {
		return fmt.Errorf("lumpsum.village.years = %d", years)
	}
	rate, _, err := set.Rate("flex.110.rate", v.Region, day)
	if err != nil {
		return err
	}
	accRate, _, err := set.Rate("flex.110.account_rate", v.Region, day)
	if err != nil {
		return err
	}
	gov, _, err := set.Rate("lumpsum.village.government", v.Region, day)
	if err != nil {
		return err
	}
	coll, _, err := set.Rate("lumpsum.village.collective", v.Region, day)
	if err != nil {
		return err
	}
	months := int64(years * 12)
	v.Years = years
	var b strings.Builder
	standard, stdParam, err := set.Money("lumpsum.village.standard", v.Region, day)
	switch {
	case err == nil:
		v.Cost = standard
		v.MonthlyBase = shebao.Money(shebao.MulDivRound(int64(standard), shebao.RatePPM, int64(rate)*months))
		v.Account = shebao.Money(shebao.MulDivRound(int64(standard), int64(accRate), int64(rate)))
		fmt.Fprintf(&b, "按人均补缴标准%s元(%s)补缴%d年(%d个月);折合月缴费基数 %s ÷ (%s × %d) = %s元;个人账户记账 %s × %s ÷ %s = %s元;",
			standard, stdParam.Cite(), years, months, standard, rate.Percent(), months, v.MonthlyBase, standard, accRate.Percent(), rate.Percent(), v.Account)
	case shebao.ErrorCode(err) == shebao.ENOTFOUND:
		avg, _, err := set.Money("wage.avg_monthly", v.Region, day)
		if err != nil {
			return err
		}
		ratio, _, err := set.Rate("lumpsum.village.base", v.Region, day)
		if err != nil {
			return err
		}
		v.MonthlyBase = ratio.Apply(avg)
		monthly := rate.Apply(v.MonthlyBase)
		v.Cost = monthly * shebao.Money(months)
		v.Account = accRate.Apply(v.MonthlyBase) * shebao.Money(months)
		fmt.Fprintf(&b, "补缴基数 = 社平工资%s × %s = %s元;每月 %s × %s = %s元;补缴%d年共%d个月,人均 %s × %d = %s元;个人账户记账 %s × %s × %d = %s元;",
			avg, ratio.Percent(), v.MonthlyBase, v.MonthlyBase, rate.Percent(), monthly, years, months, monthly, months, v.Cost,
			v.MonthlyBase, accRate.Percent(), months, v.Account)
	default:
		return err
	}
	v.Government = gov.Apply(v.Cost)
	v.Collective = coll.Apply(v.Cost)
	v.Individual = v.Cost - v.Government - v.Collective
	if v.Individual < 0 {
		return fmt.Errorf("lumpsum shares: government %s + collective %s exceed 100%%", gov.Percent(), coll.Percent())
	}
	fmt.Fprintf(&b, "分担:政府%s即%s元,村集体%s即%s元,个人缴纳其余%s元(集体和个人合计%s元)。",
		gov.Percent(), v.Government, coll.Percent(), v.Collective, v.Individual, v.Collective+v.Individual)
	v.Explanation = b.String()
	return nil
}
