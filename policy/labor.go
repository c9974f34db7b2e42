package policy

import (
	"fmt"
	"time"

	"github.com/shebao/shebao"
)

// WorkingAge is who belongs to the labour register on a day (docs/DOMAIN.md
// §10): persons from MinAge (劳动法 第十五条: no one under 16 may be
// employed) to the statutory retirement age of retirement.rules. Since
// the register does not know whether a woman was a worker (original age
// 50) or a cadre (55), women are counted to the age of FemaleOriginal (55,
// the 劳动年龄 of the labour-resource statistics, 男16–59、女16–54) with
// its gradual delay.
type WorkingAge struct {
	Date           time.Time
	MinAge         int // labor.min_age
	SchoolAge      int // labor.school_age: below it 在校 is presumed when nothing else is known
	FemaleOriginal int // labor.female_original_age
	Rules          RetirementRules
}

// WorkingAgeFor reads the parameters in force for the region on the day.
func WorkingAgeFor(set *Set, region string, on time.Time) (WorkingAge, error) {
	w := WorkingAge{Date: on}
	var err error
	if w.MinAge, _, err = set.Int("labor.min_age", region, on); err != nil {
		return w, err
	}
	if w.SchoolAge, _, err = set.Int("labor.school_age", region, on); err != nil {
		return w, err
	}
	if w.FemaleOriginal, _, err = set.Int("labor.female_original_age", region, on); err != nil {
		return w, err
	}
	if _, err = set.Table("retirement.rules", region, on, &w.Rules); err != nil {
		return w, err
	}
	return w, nil
}

// originalAge is the original statutory retirement age the register uses
// for the sex.
func (w WorkingAge) originalAge(sex string) int {
	if normalizeSex(sex) == "女" {
		return w.FemaleOriginal
	}
	return 60
}

// RetireMonth is the month ("YYYY-MM") in which a person born on birth
// reaches the statutory retirement age the register uses.
func (w WorkingAge) RetireMonth(birth time.Time, sex string) (string, error) {
	r, err := RetirementAgeExplain(birth, sex, w.originalAge(sex), w.Rules)
	return r.Month, err
}

// Age is the age in whole years on the day.
func (w WorkingAge) Age(birth time.Time) int {
	y := w.Date.Year() - birth.Year()
	if w.Date.Month() < birth.Month() || w.Date.Month() == birth.Month() && w.Date.Day() < birth.Day() {
		y--
	}
	return y
}

// Check returns nil when a person born on birth is of working age on the
// day — at least MinAge, and the day's month before the retirement month —
// or the reason, in Chinese, why not.
func (w WorkingAge) Check(birth time.Time, sex string) error {
	if age := w.Age(birth); age < w.MinAge {
		return fmt.Errorf("%s时%d周岁,未满%d周岁,不属于劳动年龄人口", w.Date.Format(shebao.DateLayout), age, w.MinAge)
	}
	m, err := w.RetireMonth(birth, sex)
	if err != nil {
		return err
	}
	if w.Date.Format("2006-01") >= m {
		return fmt.Errorf("已于%s达到法定退休年龄,不属于劳动年龄人口", m)
	}
	return nil
}

// Births is the working-age population of the day as birth dates, for a
// set-based statement: of the sex, born on or after From and on or before
// To (both YYYY-MM-DD), and, within them, presumed at school when born
// after SchoolAfter. Since the retirement month never falls as the birth
// month rises, the earliest birth month of working age is the first whose
// retirement month is after the day's month.
type Births struct {
	From, To, SchoolAfter string
}

// BirthsOf returns the birth range of the working-age population of the sex.
func (w WorkingAge) BirthsOf(sex string) (Births, error) {
	day := w.Date
	to := day.AddDate(-w.MinAge, 0, 0)
	school := day.AddDate(-w.SchoolAge, 0, 0)
	month := day.Format("2006-01")
	target := w.originalAge(sex)
	for _, g := range w.Rules.Groups {
		if g.Sex == normalizeSex(sex) && g.Original == w.originalAge(sex) {
			target = max(target, g.Target)
		}
	}
	// The oldest possible person of working age is born target+1 years
	// before the day; walk forward month by month to the first birth
	// month still of working age.
	start := time.Date(day.Year()-target-1, day.Month(), 1, 0, 0, 0, 0, time.UTC)
	for b := start; !b.After(to); b = b.AddDate(0, 1, 0) {
		m, err := w.RetireMonth(b, sex)
		if err != nil {
			return Births{}, err
		}
		if m > month {
			return Births{From: b.Format(shebao.DateLayout), To: to.Format(shebao.DateLayout), SchoolAfter: school.Format(shebao.DateLayout)}, nil
		}
	}
	return Births{}, fmt.Errorf("无法确定%s的劳动年龄出生日期范围", sex)
}

// LaborAges is the working-age population of a day for the set-based
// statements of the labour register: the day, its month, and the birth
// ranges of each sex.
type LaborAges struct {
	Date, Month  string
	Male, Female Births
}

// Ages returns the birth ranges of both sexes on the day.
func (w WorkingAge) Ages() (LaborAges, error) {
	a := LaborAges{Date: w.Date.Format(shebao.DateLayout), Month: w.Date.Format("2006-01")}
	var err error
	if a.Male, err = w.BirthsOf("男"); err != nil {
		return a, err
	}
	a.Female, err = w.BirthsOf("女")
	return a, err
}

// PostTerm is the subsidised term of a 公益性岗位 placement (docs/DOMAIN.md
// §10; 就业补助资金管理办法 第七、八条): from Start to End (YYYY-MM, both
// paid), Months long.
type PostTerm struct {
	Start, End     string
	Months         int
	NearRetirement bool
	Explain        string
}

// PublicPostTerm returns the term of a placement from the month start for
// a person whose statutory retirement month is retire and who was
// subsidised on earlier placements for used months: at most years × 12
// months in all; a person less than nearYears from retirement at the start
// is subsidised until the month before the retirement month instead,
// whatever was used before. Worked by hand: from 2027-01, 40 years old,
// nothing used → 2027-01 to 2029-12 (36 months); a man born 1968-03
// (retires 2029-01 at 60y10m) placed from 2026-12, 25 months before it →
// 2026-12 to 2028-12 (25 months).
func PublicPostTerm(start, retire string, used, years, nearYears int) (PostTerm, error) {
	s, err := monthIndex(start)
	if err != nil {
		return PostTerm{}, shebao.FieldErrorf("起始年月", "起始年月“%s”无效", start)
	}
	r, err := monthIndex(retire)
	if err != nil {
		return PostTerm{}, err
	}
	left := r - s
	if left <= 0 {
		return PostTerm{}, shebao.FieldErrorf("起始年月", "%s已达到法定退休年龄(%s),不能安置公益性岗位", monthText(s), monthText(r))
	}
	t := PostTerm{Start: monthKey(s)}
	if left < nearYears*12 {
		t.NearRetirement, t.Months, t.End = true, left, monthKey(r-1)
		t.Explain = fmt.Sprintf("安置时距法定退休年龄(%s)%d个月,不足%d年,补贴至退休前一个月:%s至%s,共%d个月",
			monthText(r), left, nearYears, monthText(s), monthText(r-1), left)
		return t, nil
	}
	limit := years * 12
	if used >= limit {
		return PostTerm{}, shebao.FieldErrorf("身份证号", "已享受公益性岗位补贴、社会保险补贴共%d个月,已满%d年期限", used, years)
	}
	t.Months = limit - used
	t.End = monthKey(s + t.Months - 1)
	t.Explain = fmt.Sprintf("补贴期限最长%d年(%d个月)", years, limit)
	if used > 0 {
		t.Explain += fmt.Sprintf(",此前已享受%d个月,剩余%d个月", used, t.Months)
	}
	t.Explain += fmt.Sprintf(":%s至%s", monthText(s), monthText(s+t.Months-1))
	return t, nil
}

// PostSubsidy is the monthly subsidy of a 公益性岗位 (就业补助资金管理办法
// 第七、八条): the post subsidy (岗位补贴, labor.public_post.subsidy) and
// the social-insurance subsidy (社会保险补贴): the employer's
// contributions of the post to the employee pension (110), medical (310)
// and unemployment (210) insurance at the contribution floor (wage.avg_monthly
// × base.floor), each rounded half up — the individual's own part is not
// subsidised.
type PostSubsidy struct {
	Post      shebao.Money      `json:"post"`
	Base      shebao.Money      `json:"base"`
	Insurance shebao.Money      `json:"insurance"`
	Lines     []PostSubsidyLine `json:"lines"`
	Explain   string            `json:"explain"`
}

// PostSubsidyLine is one scheme's part of the social-insurance subsidy.
type PostSubsidyLine struct {
	Scheme string       `json:"scheme"`
	Rate   shebao.Rate  `json:"rate"`
	Amount shebao.Money `json:"amount"`
}

// PublicPostSubsidy computes the subsidies in force for the region in the
// month. Worked by hand with the shipped values for 2027-01: base 8000.00 ×
// 60% = 4800.00; 110 4800.00 × 16% = 768.00, 310 × 6.5% = 312.00, 210 ×
// 0.7% = 33.60, 社会保险补贴 1113.60; 岗位补贴 1500.00.
func PublicPostSubsidy(set *Set, region string, month shebao.Period) (PostSubsidy, error) {
	on := month.First()
	var ps PostSubsidy
	var err error
	if ps.Post, _, err = set.Money("labor.public_post.subsidy", region, on); err != nil {
		return ps, err
	}
	avg, _, err := set.Money("wage.avg_monthly", region, on)
	if err != nil {
		return ps, err
	}
	floor, _, err := set.Rate("base.floor", region, on)
	if err != nil {
		return ps, err
	}
	ps.Base = floor.Apply(avg)
	parts := []string{}
	for _, scheme := range []string{shebao.SchemeEmployeePension, shebao.SchemeEmployeeMedical, shebao.SchemeUnemployment} {
		r, _, err := set.Rate(SchemeKey("rate", scheme, "employer"), region, on)
		if err != nil {
			return ps, err
		}
		l := PostSubsidyLine{Scheme: scheme, Rate: r, Amount: r.Apply(ps.Base)}
		ps.Lines = append(ps.Lines, l)
		ps.Insurance += l.Amount
		parts = append(parts, fmt.Sprintf("%s单位缴费%s × %s = %s", scheme, ps.Base, r.Percent(), l.Amount))
	}
	ps.Explain = fmt.Sprintf("岗位补贴%s元/月;社会保险补贴按缴费基数下限%s × %s = %s元计算单位缴费:%s,合计%s元/月(个人缴费部分不补贴)",
		ps.Post, avg, floor.Percent(), ps.Base, joinParts(parts), ps.Insurance)
	return ps, nil
}

// joinParts joins explanation parts with Chinese semicolons.
func joinParts(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += ";"
		}
		out += p
	}
	return out
}

// InsuranceSubsidyMonth is a month's 社会保险补贴 of a grant of the kind
// (就业补助资金管理办法 财社〔2017〕164号 第七条) from the person's
// contributions of the month actually paid, by scheme (parts): for an
// employer (shebao.SubsidyEmployer) its own contributions to the employee
// pension (110), medical (310) and unemployment (210) insurance in full —
// the individual's part is not reimbursed, and other schemes are left out;
// for a flexible worker (shebao.SubsidyFlex) the share of what they paid,
// rounded half up. Worked by hand: an employer's 768.00 + 312.00 + 33.60 =
// 1113.60; a flexible worker's 960.00 × 66.6666% = 639.99936 → 640.00.
func InsuranceSubsidyMonth(kind string, share shebao.Rate, parts map[string]shebao.Money) (shebao.Money, string) {
	var sum shebao.Money
	var ps []string
	for _, scheme := range []string{shebao.SchemeEmployeePension, shebao.SchemeEmployeeMedical, shebao.SchemeUnemployment} {
		if m, ok := parts[scheme]; ok {
			sum += m
			ps = append(ps, fmt.Sprintf("%s %s", scheme, m))
		}
	}
	if kind == shebao.SubsidyEmployer {
		return sum, fmt.Sprintf("单位实际缴纳的本人社会保险费(单位部分):%s,合计%s元", joinPlus(ps), sum)
	}
	amount := share.Apply(sum)
	return amount, fmt.Sprintf("本人灵活就业实际缴费%s元(%s)× 补贴比例%s = %s元", sum, joinPlus(ps), share.Percent(), amount)
}

// joinPlus joins amounts with " + ".
func joinPlus(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += " + "
		}
		out += p
	}
	return out
}
