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
