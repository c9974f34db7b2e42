package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/shebao/shebao"
)

// Pct is a rate inside a table parameter. In JSON and TOML it is text with
// a percent sign ("0.2%"), like a rate parameter.
type Pct shebao.Rate

// Rate returns the rate.
func (p Pct) Rate() shebao.Rate { return shebao.Rate(p) }

// MarshalJSON writes the rate as percent text.
func (p Pct) MarshalJSON() ([]byte, error) { return json.Marshal(shebao.Rate(p).Percent()) }

// UnmarshalJSON reads percent text ("0.2%"); a bare number is refused.
func (p *Pct) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("比例应写成带百分号的文本,如\"0.2%%\",实为%s", b)
	}
	r, err := parsePolicyPercent(s)
	if err != nil {
		return err
	}
	*p = Pct(r)
	return nil
}

// tableValue is implemented by the pointer to every table type.
type tableValue interface{ validate() error }

// tableTypes maps each table key to a constructor of its Go type.
var tableTypes = map[string]func() tableValue{
	"rate.410.class":              func() tableValue { return new(RiskClassRates) },
	"pension.divisor":             func() tableValue { return new(DivisorTable) },
	"pension.adjust":              func() tableValue { return new(PensionAdjust) },
	"retirement.rules":            func() tableValue { return new(RetirementRules) },
	"retirement.min_contribution": func() tableValue { return new(MinContribution) },
	"resident_pension.tiers":      func() tableValue { return new(ResidentTiers) },
	"land.bands":                  func() tableValue { return new(LandBands) },
	"land.funding":                func() tableValue { return new(LandFunding) },
	"land.rounding":               func() tableValue { return new(Rounding) },
	"medical.310.deductible":      func() tableValue { return new(LevelAmounts) },
	"medical.310.ratio":           func() tableValue { return new(LevelRates) },
	"medical.390.deductible":      func() tableValue { return new(LevelAmounts) },
	"medical.390.ratio":           func() tableValue { return new(LevelRates) },
	"medical.310.deductible_per":  func() tableValue { return new(DeductibleBasis) },
	"medical.390.deductible_per":  func() tableValue { return new(DeductibleBasis) },
	"maternity.days":              func() tableValue { return new(MaternityLeave) },
	"injury.lump_months":          func() tableValue { return new(InjuryMonths) },
	"assist.dibao.extras":         func() tableValue { return new(DibaoExtras) },
	"assist.income.kinds":         func() tableValue { return new(IncomeKinds) },
	"assist.tekun.care":           func() tableValue { return new(CareAllowances) },
	// 医疗救助 (medaid).
	"assist.medical_aid.rules": func() tableValue { return new(MedicalAidRules) },
	"medical.390.assisted":     func() tableValue { return new(InsureAidRules) },
	// 土地流转 (transfer): rents in kind.
	"transfer.kind_prices": func() tableValue { return new(KindPrices) },
}

// ---------------------------------------------------------------------------
// 工伤保险行业基准费率

// RiskClassRate is the base work-injury rate of one industry risk class.
type RiskClassRate struct {
	Class int `json:"class"` // 1..8 (一类至八类)
	Rate  Pct `json:"rate"`
}

// RiskClassRates is the value of rate.410.class: one rate per class 1..8.
type RiskClassRates []RiskClassRate

func (t *RiskClassRates) validate() error {
	seen := map[int]bool{}
	for _, r := range *t {
		if r.Class < 1 || r.Class > 8 {
			return fmt.Errorf("行业风险类别应为1–8,实为%d", r.Class)
		}
		if r.Rate > shebao.RatePPM {
			return fmt.Errorf("%d类费率不能超过100%%", r.Class)
		}
		if seen[r.Class] {
			return fmt.Errorf("行业风险类别%d重复", r.Class)
		}
		seen[r.Class] = true
	}
	if len(seen) != 8 {
		return fmt.Errorf("应有一至八类共8个费率,实有%d个", len(seen))
	}
	return nil
}

// For returns the rate of the class.
func (t RiskClassRates) For(class int) (shebao.Rate, error) {
	for _, r := range t {
		if r.Class == class {
			return r.Rate.Rate(), nil
		}
	}
	return 0, shebao.FieldErrorf("risk_class", "行业风险类别应为1–8,实为%d", class)
}

// ---------------------------------------------------------------------------
// 计发月数表

// DivisorRow is the 计发月数 of one whole retirement age.
type DivisorRow struct {
	Age    int `json:"age"`
	Months int `json:"months"`
}

// maxDivisorMonths bounds a 计发月数 (100 years).
const maxDivisorMonths = 1200

// DivisorTable is the value of pension.divisor: consecutive whole ages in
// ascending order.
type DivisorTable []DivisorRow

func (t *DivisorTable) validate() error {
	if len(*t) < 2 {
		return fmt.Errorf("计发月数表至少应有两个年龄")
	}
	for i, r := range *t {
		if r.Age < 16 || r.Age > 100 {
			return fmt.Errorf("年龄应在16–100岁之间,实为%d", r.Age)
		}
		if r.Months <= 0 || r.Months > maxDivisorMonths {
			return fmt.Errorf("%d岁的计发月数应在1–%d之间", r.Age, maxDivisorMonths)
		}
		if i > 0 && r.Age != (*t)[i-1].Age+1 {
			return fmt.Errorf("年龄应从小到大逐岁连续,%d岁之后是%d岁", (*t)[i-1].Age, r.Age)
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// 养老金调整

// AgeExtra is an additional amount for pensioners of at least MinAge (高龄
// 倾斜).
type AgeExtra struct {
	MinAge int          `json:"min_age"`
	Amount shebao.Money `json:"amount"`
}

// PensionAdjust is the value of pension.adjust: the yearly increase of a
// pension in payment = Fixed + Percent × own pension + PerYear × whole years
// of contribution + the highest AgeExtra the pensioner's age reaches.
type PensionAdjust struct {
	Fixed   shebao.Money `json:"fixed"`    // 定额调整,元/月
	Percent Pct          `json:"percent"`  // 挂钩调整:本人月基本养老金的比例
	PerYear shebao.Money `json:"per_year"` // 挂钩调整:每满一年缴费年限,元/月
	Extras  []AgeExtra   `json:"extras,omitempty"`
}

func (a *PensionAdjust) validate() error {
	if a.Fixed < 0 || a.PerYear < 0 || a.Percent < 0 {
		return fmt.Errorf("调整金额和比例不能为负")
	}
	if a.Percent > shebao.RatePPM {
		return fmt.Errorf("调整比例不能超过100%%")
	}
	for i, e := range a.Extras {
		if e.MinAge <= 0 || e.Amount < 0 {
			return fmt.Errorf("高龄倾斜第%d项的年龄应大于0、金额不能为负", i+1)
		}
		if i > 0 && e.MinAge <= a.Extras[i-1].MinAge {
			return fmt.Errorf("高龄倾斜的年龄应从小到大")
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// 退休年龄与最低缴费年限

// RetirementGroup is the rule for one group of employees.
type RetirementGroup struct {
	Name     string `json:"name"`     // 男职工, 原法定退休年龄为五十五周岁的女职工 …
	Sex      string `json:"sex"`      // 男 or 女
	Original int    `json:"original"` // original statutory age in years: 60, 55, 50
	Target   int    `json:"target"`   // age reached at the end of the change: 63, 58, 55
	Step     int    `json:"step"`     // every Step months (of original retirement dates) delay by one month
}

// RetirementRules is the value of retirement.rules. Start is the first
// month ("YYYY-MM") in which original retirement dates are delayed; groups
// with Target == Original are not delayed.
type RetirementRules struct {
	Start  string            `json:"start"`
	Groups []RetirementGroup `json:"groups"`
}

var monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

func (r *RetirementRules) validate() error {
	if len(r.Groups) == 0 {
		return fmt.Errorf("至少应有一个人员类别")
	}
	delays := false
	seen := map[string]bool{}
	for _, g := range r.Groups {
		if g.Sex != "男" && g.Sex != "女" {
			return fmt.Errorf("性别应为\"男\"或\"女\",实为%q", g.Sex)
		}
		if g.Original < 16 || g.Original > 80 || g.Target < g.Original || g.Target > 80 {
			return fmt.Errorf("%s:原退休年龄%d、目标年龄%d不合理", g.Name, g.Original, g.Target)
		}
		if g.Step < 1 {
			return fmt.Errorf("%s:每延迟一个月的间隔月数应至少为1", g.Name)
		}
		k := fmt.Sprint(g.Sex, g.Original)
		if seen[k] {
			return fmt.Errorf("%s原退休年龄%d周岁的规则重复", g.Sex, g.Original)
		}
		seen[k] = true
		delays = delays || g.Target > g.Original
	}
	if (delays || r.Start != "") && !monthRE.MatchString(r.Start) {
		return fmt.Errorf("起始月份start应为YYYY-MM,实为%q", r.Start)
	}
	return nil
}

// MinContribution is the value of retirement.min_contribution: the minimum
// months of contribution for a monthly pension, BaseMonths until
// StartYear − 1, then StepMonths more each year up to MaxMonths. StartYear 0
// means no increase.
type MinContribution struct {
	BaseMonths int `json:"base_months"`
	StartYear  int `json:"start_year,omitempty"`
	StepMonths int `json:"step_months,omitempty"`
	MaxMonths  int `json:"max_months,omitempty"`
}

func (m *MinContribution) validate() error {
	if m.BaseMonths <= 0 || m.BaseMonths > 1200 {
		return fmt.Errorf("最低缴费月数应在1–1200之间")
	}
	if m.StartYear != 0 {
		if m.StartYear < 1900 || m.StartYear > 2200 || m.StepMonths <= 0 || m.StepMonths > 120 || m.MaxMonths < m.BaseMonths || m.MaxMonths > 1200 {
			return fmt.Errorf("逐年提高的规则不完整:start_year、step_months、max_months")
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// 城乡居民养老保险缴费档次

// ResidentTier is one contribution tier (缴费档次) and the government subsidy
// (政府补贴) for it, both in 元 a year.
type ResidentTier struct {
	Amount  shebao.Money `json:"amount"`
	Subsidy shebao.Money `json:"subsidy"`
}

// ResidentTiers is the value of resident_pension.tiers, ascending.
type ResidentTiers []ResidentTier

func (t *ResidentTiers) validate() error {
	if len(*t) == 0 {
		return fmt.Errorf("至少应有一个缴费档次")
	}
	for i, r := range *t {
		if r.Amount <= 0 || r.Subsidy < 0 {
			return fmt.Errorf("缴费档次应大于0、补贴不能为负")
		}
		if i > 0 && r.Amount <= (*t)[i-1].Amount {
			return fmt.Errorf("缴费档次应从低到高且不重复")
		}
	}
	return nil
}

// For returns the tier of a yearly contribution, which must be one of the
// tiers.
func (t ResidentTiers) For(amount shebao.Money) (ResidentTier, error) {
	for _, r := range t {
		if r.Amount == amount {
			return r, nil
		}
	}
	return ResidentTier{}, shebao.FieldErrorf("amount", "%s元不是规定的缴费档次", amount)
}

// ---------------------------------------------------------------------------
// 被征地农民

// Kinds of security of a land band.
const (
	LandOneOff    = "one_off"   // 一次性补助(如未满16周岁)
	LandPension   = "pension"   // 养老保险缴费补助(劳动年龄段)
	LandAllowance = "allowance" // 按月生活保障金(达到领取年龄)
)

// LandBand is one age band of land-expropriated farmers: persons whose age
// in completed years at the approval date is in [MinAge, MaxAge) — MaxAge 0
// meaning no upper bound — and whose sex matches (Sex "" for both).
type LandBand struct {
	Name   string       `json:"name"`
	Kind   string       `json:"kind"`
	Sex    string       `json:"sex,omitempty"`
	MinAge int          `json:"min_age"`
	MaxAge int          `json:"max_age,omitempty"`
	Amount shebao.Money `json:"amount"` // one_off: once; pension: per person; allowance: per month
}

// LandBands is the value of land.bands.
type LandBands []LandBand

func (t *LandBands) validate() error {
	if len(*t) == 0 {
		return fmt.Errorf("至少应有一个年龄段")
	}
	names := map[string]bool{}
	for _, b := range *t {
		if b.Name == "" {
			return fmt.Errorf("年龄段名称不能为空")
		}
		if names[b.Name] {
			return fmt.Errorf("年龄段名称%q重复", b.Name)
		}
		names[b.Name] = true
		if b.Kind != LandOneOff && b.Kind != LandPension && b.Kind != LandAllowance {
			return fmt.Errorf("%s:保障方式应为one_off、pension或allowance,实为%q", b.Name, b.Kind)
		}
		if b.Sex != "" && b.Sex != "男" && b.Sex != "女" {
			return fmt.Errorf("%s:性别应为\"男\"、\"女\"或不填", b.Name)
		}
		if b.MinAge < 0 || b.MinAge > 150 || b.MaxAge < 0 || b.MaxAge > 150 || (b.MaxAge != 0 && b.MaxAge <= b.MinAge) {
			return fmt.Errorf("%s:年龄范围%d–%d不合理", b.Name, b.MinAge, b.MaxAge)
		}
		if b.Amount < 0 {
			return fmt.Errorf("%s:金额不能为负", b.Name)
		}
	}
	for _, sex := range []string{"男", "女"} {
		for age := 0; age <= 150; age++ {
			var in []string
			for _, b := range *t {
				if b.matches(age, sex) {
					in = append(in, b.Name)
				}
			}
			if len(in) > 1 {
				return fmt.Errorf("%s%d周岁同时属于%v,年龄段重叠", sex, age, in)
			}
		}
	}
	return nil
}

func (b LandBand) matches(age int, sex string) bool {
	return (b.Sex == "" || b.Sex == sex) && age >= b.MinAge && (b.MaxAge == 0 || age < b.MaxAge)
}

// Find returns the band of a person of the age (completed years) and sex
// ("男" or "女").
func (t LandBands) Find(age int, sex string) (LandBand, error) {
	sex = normalizeSex(sex)
	for _, b := range t {
		if b.matches(age, sex) {
			return b, nil
		}
	}
	return LandBand{}, shebao.Errorf(shebao.ENOTFOUND, "%s%d周岁不属于任何被征地农民年龄段", sex, age)
}

// LandFundingRow is the funding standard of one band: Standard per person
// split between government, village collective and individual.
type LandFundingRow struct {
	Band       string       `json:"band"` // name of a LandBand
	Standard   shebao.Money `json:"standard"`
	Government Pct          `json:"government"`
	Collective Pct          `json:"collective"`
	Individual Pct          `json:"individual"`
}

// LandFunding is the value of land.funding.
type LandFunding []LandFundingRow

func (t *LandFunding) validate() error {
	if len(*t) == 0 {
		return fmt.Errorf("至少应有一个筹资标准")
	}
	seen := map[string]bool{}
	for _, r := range *t {
		if r.Band == "" || seen[r.Band] {
			return fmt.Errorf("年龄段名称为空或重复:%q", r.Band)
		}
		seen[r.Band] = true
		if r.Standard < 0 {
			return fmt.Errorf("%s:筹资标准不能为负", r.Band)
		}
		if sum := r.Government + r.Collective + r.Individual; sum != shebao.RatePPM {
			return fmt.Errorf("%s:政府、集体、个人分担比例之和应为100%%,实为%s", r.Band, shebao.Rate(sum).Percent())
		}
	}
	return nil
}

// For returns the funding row of a band.
func (t LandFunding) For(band string) (LandFundingRow, error) {
	for _, r := range t {
		if r.Band == band {
			return r, nil
		}
	}
	return LandFundingRow{}, shebao.Errorf(shebao.ENOTFOUND, "年龄段%q没有筹资标准", band)
}

// Rounding is the value of land.rounding.
type Rounding string

// Roundings.
const (
	RoundCeil  Rounding = "ceil"  // 向上取整
	RoundHalf  Rounding = "round" // 四舍五入
	RoundFloor Rounding = "floor" // 向下取整
)

func (r *Rounding) validate() error {
	switch *r {
	case RoundCeil, RoundHalf, RoundFloor:
		return nil
	}
	return fmt.Errorf("取整方式应为\"ceil\"、\"round\"或\"floor\",实为%q", string(*r))
}

// Name returns the Chinese name of the rounding.
func (r Rounding) Name() string {
	switch r {
	case RoundCeil:
		return "向上取整"
	case RoundHalf:
		return "四舍五入"
	case RoundFloor:
		return "向下取整"
	}
	return string(r)
}

// ---------------------------------------------------------------------------
// 医疗:按医院等级

// LevelAmount is an amount for one hospital level (0 基层/乡镇卫生院, 1 一级,
// 2 二级, 3 三级).
type LevelAmount struct {
	Level  int          `json:"level"`
	Amount shebao.Money `json:"amount"`
}

// LevelAmounts is the value of medical.*.deductible.
type LevelAmounts []LevelAmount

func (t *LevelAmounts) validate() error {
	levels := make([]int, 0, len(*t))
	for _, r := range *t {
		if r.Amount < 0 {
			return fmt.Errorf("%d级医院的金额不能为负", r.Level)
		}
		levels = append(levels, r.Level)
	}
	return checkLevels(levels)
}

// For returns the amount of a hospital level.
func (t LevelAmounts) For(level int) (shebao.Money, error) {
	for _, r := range t {
		if r.Level == level {
			return r.Amount, nil
		}
	}
	return 0, shebao.Errorf(shebao.ENOTFOUND, "没有%s医院的标准", levelName(level))
}

// LevelRate is a ratio for one hospital level.
type LevelRate struct {
	Level int `json:"level"`
	Rate  Pct `json:"rate"`
}

// LevelRates is the value of medical.*.ratio.
type LevelRates []LevelRate

func (t *LevelRates) validate() error {
	levels := make([]int, 0, len(*t))
	for _, r := range *t {
		if r.Rate > shebao.RatePPM {
			return fmt.Errorf("%d级医院的报销比例不能超过100%%", r.Level)
		}
		levels = append(levels, r.Level)
	}
	return checkLevels(levels)
}

// For returns the ratio of a hospital level.
func (t LevelRates) For(level int) (shebao.Rate, error) {
	for _, r := range t {
		if r.Level == level {
			return r.Rate.Rate(), nil
		}
	}
	return 0, shebao.Errorf(shebao.ENOTFOUND, "没有%s医院的报销比例", levelName(level))
}

func checkLevels(levels []int) error {
	if len(levels) == 0 {
		return fmt.Errorf("至少应有一个医院等级")
	}
	for i, l := range levels {
		if l < 0 || l > 3 {
			return fmt.Errorf("医院等级应为0(基层)–3,实为%d", l)
		}
		if slices.Contains(levels[:i], l) {
			return fmt.Errorf("医院等级%d重复", l)
		}
	}
	return nil
}

func levelName(level int) string {
	switch level {
	case 0:
		return "基层"
	case 1:
		return "一级"
	case 2:
		return "二级"
	case 3:
		return "三级"
	}
	return fmt.Sprintf("%d级", level)
}

// ---------------------------------------------------------------------------
// 产假、工伤

// MaternityExtra is additional leave for a circumstance, once per
// occurrence (a twin birth counts "multiple" once per additional baby).
type MaternityExtra struct {
	Code string `json:"code"` // difficult, multiple …
	Name string `json:"name"` // 难产, 多胞胎每多生育1个婴儿 …
	Days int    `json:"days"`
}

// MaternityLeave is the value of maternity.days.
type MaternityLeave struct {
	Base   int              `json:"base"`
	Extras []MaternityExtra `json:"extras,omitempty"`
}

func (m *MaternityLeave) validate() error {
	if m.Base <= 0 || m.Base > 3650 {
		return fmt.Errorf("基本产假天数应在1–3650之间")
	}
	seen := map[string]bool{}
	for _, e := range m.Extras {
		if e.Code == "" || seen[e.Code] || e.Days <= 0 || e.Days > 3650 {
			return fmt.Errorf("增加产假项%q的代码为空、重复或天数不大于0", e.Name)
		}
		seen[e.Code] = true
	}
	return nil
}

// Days returns the days of leave: the base plus one extra per code given
// (give "multiple" twice for triplets).
func (m MaternityLeave) Days(codes ...string) (int, error) {
	d := m.Base
	for _, c := range codes {
		i := slices.IndexFunc(m.Extras, func(e MaternityExtra) bool { return e.Code == c })
		if i < 0 {
			return 0, shebao.FieldErrorf("extras", "没有增加产假项%q", c)
		}
		d += m.Extras[i].Days
	}
	return d, nil
}

// GradeMonths is the number of months of wage of one disability grade.
type GradeMonths struct {
	Grade  int `json:"grade"`
	Months int `json:"months"`
}

// InjuryMonths is the value of injury.lump_months: grades 1..10.
type InjuryMonths []GradeMonths

func (t *InjuryMonths) validate() error {
	seen := map[int]bool{}
	for _, g := range *t {
		if g.Grade < 1 || g.Grade > 10 || seen[g.Grade] || g.Months <= 0 || g.Months > 1200 {
			return fmt.Errorf("伤残等级应为1–10且不重复、月数在1–1200之间(等级%d)", g.Grade)
		}
		seen[g.Grade] = true
	}
	if len(seen) != 10 {
		return fmt.Errorf("应有一至十级共10个等级,实有%d个", len(seen))
	}
	return nil
}

// For returns the months of a grade.
func (t InjuryMonths) For(grade int) (int, error) {
	for _, g := range t {
		if g.Grade == grade {
			return g.Months, nil
		}
	}
	return 0, shebao.FieldErrorf("grade", "伤残等级应为1–10,实为%d", grade)
}

// normalizeSex maps the spellings of sex the registry and clerks use to
// "男" or "女"; anything else is returned unchanged.
func normalizeSex(s string) string {
	switch s {
	case "男", "M", "m", "male", "1":
		return "男"
	case "女", "F", "f", "female", "2":
		return "女"
	}
	return s
}
