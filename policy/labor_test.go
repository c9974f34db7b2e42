package policy

import (
	"github.com/shebao/shebao"
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

// The term of a 公益性岗位 placement (3 years; until retirement within 5
// years of it) and a month's subsidies, by hand (see PublicPostTerm and
// PublicPostSubsidy).
func TestPublicPost(t *testing.T) {
	for _, c := range []struct {
		start, retire string
		used          int
		end           string
		months        int
		near          bool
		err           string
	}{
		{"2027-01", "2046-01", 0, "2029-12", 36, false, ""},
		{"2027-01", "2046-01", 10, "2029-02", 26, false, ""},
		{"2027-01", "2046-01", 36, "", 0, false, "已满3年期限"},
		// a man born 1968-03 retires in 2029-01 (60 + ⌊38 ÷ 4⌋ + 1 = 10
		// months): placed from 2026-12, 25 months before, until 2028-12.
		{"2026-12", "2029-01", 30, "2028-12", 25, true, ""},
		// exactly 5 years before: the 3-year limit applies.
		{"2024-01", "2029-01", 0, "2026-12", 36, false, ""},
		{"2029-01", "2029-01", 0, "", 0, false, "已达到法定退休年龄"},
	} {
		term, err := PublicPostTerm(c.start, c.retire, c.used, 3, 5)
		if c.err != "" {
			if err == nil || !strings.Contains(shebao.ErrorMessage(err), c.err) {
				t.Errorf("%s %s used %d: %v, want %q", c.start, c.retire, c.used, err, c.err)
			}
			continue
		}
		if err != nil || term.End != c.end || term.Months != c.months || term.NearRetirement != c.near {
			t.Errorf("%s %s used %d: %+v %v, want to %s, %d months", c.start, c.retire, c.used, term, err, c.end, c.months)
		}
	}
	// 男 born 1968-03: RetireMonth under the shipped rules is 2029-01.
	w, err := WorkingAgeFor(NewSet(Default()), "640106100201", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if m, err := w.RetireMonth(time.Date(1968, 3, 15, 0, 0, 0, 0, time.UTC), "男"); err != nil || m != "2029-01" {
		t.Errorf("retire month of a man born 1968-03: %s %v", m, err)
	}
	ps, err := PublicPostSubsidy(NewSet(Default()), "640106100201", "2027-01")
	if err != nil {
		t.Fatal(err)
	}
	if ps.Post != 150000 || ps.Base != 480000 || ps.Insurance != 111360 || len(ps.Lines) != 3 ||
		ps.Lines[0].Amount != 76800 || ps.Lines[1].Amount != 31200 || ps.Lines[2].Amount != 3360 {
		t.Errorf("subsidy: %+v", ps)
	}
}
