package policy

import (
	"fmt"
	"math/big"

	"github.com/shebao/shebao"
)

// AccountInterest is a year's interest on a pension individual account by
// the annual formula of 劳办发〔1997〕116号《职工基本养老保险个人账户管理暂行办法》:
//
//	利息 = 上年末累计储存额 × 本年记账利率 + 本年记账额 × 本年记账利率 × 1.083 × 1/2
//
// (the factor 1.083 ÷ 2 stands for crediting month by month through the
// year). The result is rounded half up to the fen once, from exact rationals.
func AccountInterest(opening, credits shebao.Money, rate shebao.Rate) (shebao.Money, string) {
	// opening×r/1e6 + credits×r×1083/(2×1000×1e6), over the common
	// denominator 2e9.
	num := new(big.Int).Mul(big.NewInt(int64(opening)), big.NewInt(int64(rate)*2000))
	num.Add(num, new(big.Int).Mul(big.NewInt(int64(credits)), big.NewInt(int64(rate)*1083)))
	den := big.NewInt(2_000_000_000)
	interest := shebao.Money(roundQuo(num, den).Int64())
	explain := fmt.Sprintf("记账利息 = 上年末累计储存额%s元 × 记账利率%s + 本年记账额%s元 × %s × 1.083 × 1/2 = %s元(劳办发〔1997〕116号年度计息公式,四舍五入到分)",
		opening, rate.Percent(), credits, rate.Percent(), interest)
	return interest, explain
}

// AccountInterestMonths is the interest of the first months of a year (1
// to 12), credited when a pension is determined in the middle of the year
// before the balance is divided (国发〔2005〕38号: 个人账户养老金 = 退休时个人
// 账户储存额 ÷ 计发月数; the balance at retirement includes the year's
// interest so far). It is the annual formula's month-product (月积数)
// reading cut at month m: the opening balance earns m/12 of the rate, the
// year's credits, taken as evenly spread over the m months, (m+1)/12 × 1/2
// of it —
//
//	利息 = 上年末累计储存额 × r × m/12 + 本年记账额 × r × (m+1)/12 × 1/2
//
// For m = 12 the factor (m+1)/12 is the 13/12 that 劳办发〔1997〕116号 writes
// as 1.083, and the annual formula itself (AccountInterest) is used, so a
// December determination credits exactly what the year-end run would.
// Rounded half up to the fen once, from exact rationals.
func AccountInterestMonths(opening, credits shebao.Money, rate shebao.Rate, months int) (shebao.Money, string) {
	if months >= 12 {
		return AccountInterest(opening, credits, rate)
	}
	if months < 1 {
		return 0, "本年尚无计息月份"
	}
	// opening×r×m×2 + credits×r×(m+1), over 24×1e6.
	num := new(big.Int).Mul(big.NewInt(int64(opening)), big.NewInt(int64(rate)*int64(months)*2))
	num.Add(num, new(big.Int).Mul(big.NewInt(int64(credits)), big.NewInt(int64(rate)*int64(months+1))))
	interest := shebao.Money(roundQuo(num, big.NewInt(24_000_000)).Int64())
	explain := fmt.Sprintf("本年1–%d月记账利息 = 上年末累计储存额%s元 × 记账利率%s × %d/12 + 本年记账额%s元 × %s × %d/12 × 1/2 = %s元(按月积数计至第%d个月,年度公式的1.083即13/12;四舍五入到分)",
		months, opening, rate.Percent(), months, credits, rate.Percent(), months+1, interest, months)
	return interest, explain
}
