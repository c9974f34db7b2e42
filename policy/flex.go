package policy

import (
	"fmt"

	"github.com/shebao/shebao"
)

// FlexParams are the parameters of a flexible-employment payer's month
// (灵活就业, 国发〔2005〕38号: a base chosen between the floor and the ceiling
// of the average wage, 20% of it to the employee pension, 8% of the base to
// the individual account): the average wage and the limits it gives, the
// contribution rate and the account rate, in force in a region in the
// month's first day.
type FlexParams struct {
	Avg, Floor, Ceiling    shebao.Money
	FloorRate, CeilingRate shebao.Rate
	Rate, AccountRate      shebao.Rate
}

// FlexParamsFor reads the flexible-employment parameters in force in the
// region on the first day of the month.
func FlexParamsFor(set *Set, region string, period shebao.Period) (FlexParams, error) {
	var fp FlexParams
	on := period.First()
	var err error
	if fp.Avg, _, err = set.Money("wage.avg_monthly", region, on); err != nil {
		return fp, err
	}
	if fp.FloorRate, _, err = set.Rate("base.floor", region, on); err != nil {
		return fp, err
	}
	if fp.CeilingRate, _, err = set.Rate("base.ceiling", region, on); err != nil {
		return fp, err
	}
	if fp.Rate, _, err = set.Rate("flex.110.rate", region, on); err != nil {
		return fp, err
	}
	if fp.AccountRate, _, err = set.Rate("flex.110.account_rate", region, on); err != nil {
		return fp, err
	}
	fp.Floor, fp.Ceiling = fp.FloorRate.Apply(fp.Avg), fp.CeilingRate.Apply(fp.Avg)
	return fp, nil
}

// FlexBill is a flexible payer's bill of one month for the employee
// pension: the base billed, the amount, the part credited to the
// individual account when the bill is paid in full, and the explanation.
type FlexBill struct {
	Base, Amount, Account shebao.Money
	Explanation           string
}

// Bill computes the month's bill of a registered base: a base that the
// month's floor or ceiling no longer admits is clamped to it, and says
// so; amount = base × rate, account = base × account rate, each rounded
// half up to the 分.
func (fp FlexParams) Bill(period shebao.Period, registered shebao.Money) FlexBill {
	base, clamp := registered, ""
	switch {
	case base < fp.Floor:
		base, clamp = fp.Floor, fmt.Sprintf("登记基数%s元低于本月下限,按下限%s元核定;", registered, fp.Floor)
	case base > fp.Ceiling:
		base, clamp = fp.Ceiling, fmt.Sprintf("登记基数%s元高于本月上限,按上限%s元核定;", registered, fp.Ceiling)
	}
	amount, acc := fp.Rate.Apply(base), fp.AccountRate.Apply(base)
	return FlexBill{Base: base, Amount: amount, Account: acc,
		Explanation: fmt.Sprintf("企业职工基本养老保险(灵活就业)%s:%s缴费基数%s元(社平工资%s元的%s–%s之间自选);应缴 %s × %s = %s元;到账后记入个人账户 %s × %s = %s元;金额四舍五入到分。",
			period, clamp, base, fp.Avg, fp.FloorRate.Percent(), fp.CeilingRate.Percent(), base, fp.Rate.Percent(), amount, base,
			fp.AccountRate.Percent(), acc)}
}
