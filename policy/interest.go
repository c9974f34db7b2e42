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
