package policy

import (
	"fmt"
	"math/big"
	"strings"
	"time"

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

// LandPolicy is the policy of land-expropriated farmers for one village on
// one date: the age bands (land.bands), the funding per band
// (land.funding), and the sources cited.
type LandPolicy struct {
	Bands   LandBands
	Funding LandFunding
	Cite    string
}

// LandPolicies looks land policies up once per village and date.
type LandPolicies struct {
	set   *Set
	cache map[string]*LandPolicy
}

// NewLandPolicies returns the look-up over the parameters in force.
func NewLandPolicies(set *Set) *LandPolicies {
	return &LandPolicies{set: set, cache: map[string]*LandPolicy{}}
}

// At returns the policy of the region on the date.
func (lp *LandPolicies) At(region string, on time.Time) (*LandPolicy, error) {
	k := region + "@" + on.Format(shebao.DateLayout)
	if p, ok := lp.cache[k]; ok {
		return p, nil
	}
	p := &LandPolicy{}
	bp, err := lp.set.Table("land.bands", region, on, &p.Bands)
	if err != nil {
		return nil, err
	}
	fp, err := lp.set.Table("land.funding", region, on, &p.Funding)
	if err != nil {
		return nil, err
	}
	p.Cite = bp.Cite()
	if fp.Source != bp.Source {
		p.Cite += ";" + fp.Cite()
	}
	lp.cache[k] = p
	return p, nil
}

// KindName names what a band gives, with its amount: 一次性补助2000.00元.
func (b LandBand) KindName() string {
	switch b.Kind {
	case LandOneOff:
		return "一次性补助" + b.Amount.String() + "元"
	case LandPension:
		return "养老保险缴费补助" + b.Amount.String() + "元"
	case LandAllowance:
		return "按月生活保障金" + b.Amount.String() + "元"
	}
	return b.Kind
}

// CompletedYears returns the completed years of a person born on birth (a
// date) at the date on: the age the land bands are read by. A birthday on
// 29 February is reached on 1 March in a common year.
func CompletedYears(birth string, on time.Time) (int, error) {
	b, err := time.Parse(shebao.DateLayout, birth)
	if err != nil {
		return 0, err
	}
	age := on.Year() - b.Year()
	if on.Month() < b.Month() || on.Month() == b.Month() && on.Day() < b.Day() {
		age--
	}
	return age, nil
}

// MonthAfter is the month after the one of the date (YYYY-MM-DD): a land
// payment due from an event is paid from the next month.
func MonthAfter(date string) shebao.Period {
	t, _ := time.Parse(shebao.DateLayout, date)
	return shebao.Period(time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
}

// AllowanceStart returns the first month of a person's monthly land
// allowance: the month after they reach the minimum age of the allowance
// band, or the month after the enrollment if they were older.
func AllowanceStart(birth string, minAge int, enrolledOn string) shebao.Period {
	bt, _ := time.Parse(shebao.DateLayout, birth)
	reached := bt.AddDate(minAge, 0, 0).Format(shebao.DateLayout)
	start := MonthAfter(enrolledOn)
	if m := MonthAfter(reached); m > start {
		start = m
	}
	return start
}

// AllowanceFor is the allowance band of a person for a month: the band of
// their age on the last day of the month before (the month after they
// reach a band's age is that band's first), under the land.bands in force
// on the first day of the month. It returns the band, the parameter cited
// and the age.
func AllowanceFor(set *Set, region, birth, sex string, month shebao.Period) (LandBand, Param, int, error) {
	var bands LandBands
	p, err := set.Table("land.bands", region, month.First(), &bands)
	if err != nil {
		return LandBand{}, p, 0, err
	}
	age, err := CompletedYears(birth, month.Prev().Last())
	if err != nil {
		return LandBand{}, p, 0, err
	}
	band, err := bands.Find(age, sex)
	return band, p, age, err
}

// MinAllowanceAge is the lowest age of an allowance band for the sex, and
// whether the bands have one.
func (t LandBands) MinAllowanceAge(sex string) (int, bool) {
	found, min := false, 0
	for _, b := range t {
		if b.Kind == LandAllowance && (b.Sex == "" || b.Sex == sex) && (!found || b.MinAge < min) {
			found, min = true, b.MinAge
		}
	}
	return min, found
}
