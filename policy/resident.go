package policy

import (
	"strings"

	"github.com/shebao/shebao"
)

// ResidentAmounts fills the amounts and explanation of a resident's annual
// contribution from the parameters in force in the person's region on the
// contribution's policy date (shebao.ResidentContribution.PolicyDate):
//
//   - 390 (城乡居民医保): the individual standard and the government subsidy
//     per person of the year (medical.390.individual, medical.390.subsidy);
//     a stated amount must be the standard.
//   - 170 (城乡居民养老, 国发〔2014〕8号): the chosen tier and its subsidy
//     (resident_pension.tiers), the village collective's subsidy
//     (resident_pension.collective, if any); for a person of a special
//     group (shebao.SpecialFlag of their flags) the government pays
//     resident_pension.special_share of the lowest tier (代缴), and a tier
//     left empty means the lowest.
func ResidentAmounts(set *Set, c *shebao.ResidentContribution, region string, flags []string) error {
	on := c.PolicyDate()
	if c.Scheme == shebao.SchemeResidentMedical {
		ind, _, err := set.Money("medical.390.individual", region, on)
		if err != nil {
			return err
		}
		sub, _, err := set.Money("medical.390.subsidy", region, on)
		if err != nil {
			return err
		}
		if c.Tier != 0 && c.Tier != ind {
			return shebao.FieldErrorf("缴费金额", "缴费金额%s元与%d年度城乡居民医保个人缴费标准%s元不符", c.Tier, c.Year, ind)
		}
		c.Individual, c.Subsidy = ind, sub
		c.Explanation = c.Explain(0, 0)
		// 资助参保 (medaid): the government pays for 特困/低保 persons.
		aid, err := insureAid(set, c, region, flags)
		if err != nil {
			return err
		}
		c.Explanation += aid
		return nil
	}
	var tiers ResidentTiers
	if _, err := set.Table("resident_pension.tiers", region, on, &tiers); err != nil {
		return err
	}
	lowest := tiers[0].Amount
	c.Special = shebao.SpecialFlag(flags)
	amount := c.Tier
	if amount == 0 {
		if c.Special == "" {
			return shebao.FieldErrorf("缴费档次", "缴费档次不能为空(只有缴费困难群体可不填,按最低档次由政府代缴)")
		}
		amount = lowest
	}
	tier, err := tiers.For(amount)
	if err != nil {
		var ok []string
		for _, t := range tiers {
			ok = append(ok, t.Amount.String())
		}
		return shebao.FieldErrorf("缴费档次", "%s元不是%d年度规定的缴费档次(%s元)", amount, c.Year, strings.Join(ok, "、"))
	}
	c.Individual, c.Subsidy = tier.Amount, tier.Subsidy
	if coll, _, err := set.Money("resident_pension.collective", region, on); err == nil {
		c.Collective = coll
	} else if shebao.ErrorCode(err) != shebao.ENOTFOUND {
		return err
	}
	var share shebao.Rate
	if c.Special != "" {
		share, _, err = set.Rate("resident_pension.special_share", region, on)
		if err != nil && shebao.ErrorCode(err) != shebao.ENOTFOUND {
			return err
		}
		c.FinancePaid = min(share.Apply(lowest), c.Individual)
		if c.FinancePaid == 0 {
			c.Special = ""
		}
	}
	c.Explanation = c.Explain(lowest, share)
	return nil
}
