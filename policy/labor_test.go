package policy

import (
	"strings"
	"testing"
	"time"
)

// The working-age population on 2026-12-06 under the shipped policy
// (retirement.rules of 2025: men 60 → 63 and women 55 → 58 by one month
// every 4 months from 2025-01; labor.min_age 16; labor.school_age 18),
// worked by hand:
//
//	man born 1966-07: original retirement 2026-07, m = 18 months after
//	  2025-01, delay ⌊18 ÷ 4⌋ + 1 = 5 → 60y5m, retires 2026-12: not of
//	  working age in 2026-12;
//	man born 1966-08: original 2026-08, m = 19, delay 5 → 2027-01: of
//	  working age; so men are counted from births of 1966-08-01;
//	woman born 1971-07 (original 55): 2026-07, m = 18, delay 5 → 2026-12,
//	  not; born 1971-08 → 2027-01, of working age;
//	16 years before the day: born on or before 2010-12-06; a person born
//	  2010-12-07 is 15;
//	18 years before: born after 2008-12-06 is presumed at school.
func TestWorkingAge(t *testing.T) {
	set := NewSet(Default())
	day := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	w, err := WorkingAgeFor(set, "640106100201", day)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sex                   string
		from, to, schoolAfter string
	}{
		{"男", "1966-08-01", "2010-12-06", "2008-12-06"},
		{"女", "1971-08-01", "2010-12-06", "2008-12-06"},
	} {
		b, err := w.BirthsOf(c.sex)
		if err != nil {
			t.Fatal(err)
		}
		if b.From != c.from || b.To != c.to || b.SchoolAfter != c.schoolAfter {
			t.Errorf("%s: births %+v, want from %s to %s school after %s", c.sex, b, c.from, c.to, c.schoolAfter)
		}
	}
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, c := range []struct {
		birth, sex, want string
	}{
		{"1966-07-20", "男", "已于2026-12达到法定退休年龄"},
		{"1966-08-01", "男", ""},
		{"1971-07-31", "女", "已于2026-12达到法定退休年龄"},
		{"1971-08-01", "女", ""},
		{"2010-12-06", "女", ""},
		{"2010-12-07", "男", "15周岁,未满16周岁"},
	} {
		err := w.Check(d(c.birth), c.sex)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s %s: %v, want of working age", c.birth, c.sex, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s %s: %v, want %q", c.birth, c.sex, err, c.want)
		}
	}
}
