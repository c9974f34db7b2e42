package policy

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shebao/shebao"
)

// Mu is an area in hundredths of a 亩 (45000 is 450.00 亩), so that areas
// are integers like money.
type Mu int64

// String writes the area with two decimals: "450.00".
func (m Mu) String() string { return formatScaled(int64(m), 2) }

// ParseMu parses an area in 亩 with at most two decimals ("450", "12.5",
// "1,200.25", "450亩").
func ParseMu(s string) (Mu, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "亩")
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "，", "")
	v, err := ParseDecimal(strings.TrimSpace(s), 2)
	if err != nil {
		return 0, shebao.FieldErrorf("", "面积格式错误(亩,最多两位小数):%q", orig)
	}
	return Mu(v), nil
}

// PersonsToSecure returns the number of agricultural persons to secure
// (应安置农业人口) of an expropriation: area taken ÷ (the village's farmland
// ÷ its agricultural population) = area taken × population ÷ farmland,
// rounded as the local rule says (land.rounding). 1200 亩 for 600 persons is
// 2 亩 each, so 450 亩 taken → 225 persons.
func PersonsToSecure(areaTaken, farmland Mu, agriPopulation int, rounding Rounding) (int, string, error) {
	switch {
	case farmland <= 0:
		return 0, "", shebao.FieldErrorf("farmland", "征地前耕地面积应大于0")
	case agriPopulation <= 0:
		return 0, "", shebao.FieldErrorf("population", "征地前农业人口应大于0")
	case areaTaken < 0:
		return 0, "", shebao.FieldErrorf("area", "征收耕地面积不能为负")
	case areaTaken > farmland:
		return 0, "", shebao.FieldErrorf("area", "征收耕地面积%s亩大于征地前耕地面积%s亩", areaTaken, farmland)
	}
	if err := rounding.validate(); err != nil {
		return 0, "", shebao.FieldErrorf("rounding", "%s", err.Error())
	}
	// areaTaken ≤ farmland, so the quotient is at most the population.
	num := new(big.Int).Mul(big.NewInt(int64(areaTaken)), big.NewInt(int64(agriPopulation)))
	den := big.NewInt(int64(farmland))
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	n := q.Int64()
	switch {
	case r.Sign() == 0:
	case rounding == RoundCeil:
		n++
	case rounding == RoundHalf:
		if new(big.Int).Lsh(r, 1).Cmp(den) >= 0 {
			n++
		}
	}
	exact := ""
	if r.Sign() != 0 {
		hundredths := roundQuo(new(big.Int).Mul(num, big.NewInt(100)), den)
		exact = fmt.Sprintf(" ≈ %s,%s", formatScaled(hundredths.Int64(), 2), rounding.Name())
	}
	return int(n), fmt.Sprintf("应安置农业人口 = 征收耕地%s亩 ÷ (耕地%s亩 ÷ 农业人口%d人) = %s × %d ÷ %s%s = %d人",
		areaTaken, farmland, agriPopulation, areaTaken, agriPopulation, farmland, exact, n), nil
}

// SplitFunding divides a band's per-person funding standard between
// government, village collective and individual. Government and collective
// are rounded half up to the 分 and the individual part is the rest, so
// the three always add up to the standard.
func SplitFunding(row LandFundingRow) (gov, collective, individual shebao.Money, explain string) {
	gov = row.Government.Rate().Apply(row.Standard)
	collective = row.Collective.Rate().Apply(row.Standard)
	individual = row.Standard - gov - collective
	explain = fmt.Sprintf("%s人均筹资%s元 = 政府%s(%s) + 村集体%s(%s) + 个人%s(%s)",
		row.Band, row.Standard, gov, row.Government.Rate().Percent(),
		collective, row.Collective.Rate().Percent(), individual, row.Individual.Rate().Percent())
	return gov, collective, individual, explain
}
