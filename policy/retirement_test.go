package policy

import (
	"strings"
	"testing"
)

func rulesOn(t *testing.T, y, m, d int) RetirementRules {
	t.Helper()
	var r RetirementRules
	if _, err := NewSet(Default()).Table("retirement.rules", "", date(y, m, d), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// docs/DOMAIN.md §6: "men born 1965-01 retire at 60y1m; women (50) born 1975-12
// at 50y6m; men born 1976-12 at 63"; the brief adds men born 1964-12 →
// 60y0m (original retirement 2024-12, before the start).
func TestRetirementAge(t *testing.T) {
	rules := rulesOn(t, 2025, 1, 1)
	tests := []struct {
		birth          [3]int
		sex            string
		original       int
		years, months  int
		month          string
		delay          int
		explainContain string
	}{
		{[3]int{1965, 1, 15}, "男", 60, 60, 1, "2025-02", 1, "延迟 min(36, ⌊0÷4⌋+1) = 1个月"},
		{[3]int{1975, 12, 1}, "女", 50, 50, 6, "2026-06", 6, "⌊11÷2⌋+1"},
		{[3]int{1976, 12, 31}, "男", 60, 63, 0, "2039-12", 36, "min(36, ⌊143÷4⌋+1) = 36"},
		{[3]int{1964, 12, 31}, "男", 60, 60, 0, "2024-12", 0, "不延迟"},
		{[3]int{1970, 1, 1}, "女", 55, 55, 1, "2025-02", 1, "原法定退休年龄为五十五周岁的女职工"},
		{[3]int{1965, 5, 1}, "M", 60, 60, 2, "2025-07", 2, "⌊4÷4⌋+1"}, // m = 4 → second step
		{[3]int{1980, 1, 1}, "女", 50, 52, 7, "2032-08", 31, "⌊60÷2⌋+1) = 31个月"},
		{[3]int{1984, 12, 1}, "女", 50, 55, 0, "2039-12", 60, "min(60, ⌊119÷2⌋+1) = 60个月"},
	}
	for _, tt := range tests {
		birth := date(tt.birth[0], tt.birth[1], tt.birth[2])
		r, err := RetirementAgeExplain(birth, tt.sex, tt.original, rules)
		if err != nil {
			t.Errorf("%v %s %d: %v", tt.birth, tt.sex, tt.original, err)
			continue
		}
		if r.Years != tt.years || r.Months != tt.months || r.Month != tt.month || r.DelayMonths != tt.delay {
			t.Errorf("%v %s %d = %d岁%d个月 %s (delay %d), want %d岁%d个月 %s (delay %d)",
				tt.birth, tt.sex, tt.original, r.Years, r.Months, r.Month, r.DelayMonths, tt.years, tt.months, tt.month, tt.delay)
		}
		if !strings.Contains(r.Explain, tt.explainContain) {
			t.Errorf("%v: explain %q lacks %q", tt.birth, r.Explain, tt.explainContain)
		}
		y, m, month, err := RetirementAge(birth, tt.sex, tt.original, rules)
		if err != nil || y != r.Years || m != r.Months || month != r.Month {
			t.Errorf("RetirementAge disagrees with RetirementAgeExplain: %d %d %s %v", y, m, month, err)
		}
	}
}

// Before 2025 the rules in force have no delay at all.
func TestRetirementAgeBefore2025Rules(t *testing.T) {
	y, m, month, err := RetirementAge(date(1970, 6, 1), "男", 60, rulesOn(t, 2024, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	if y != 60 || m != 0 || month != "2030-06" {
		t.Errorf("got %d岁%d个月 %s, want 60岁0个月 2030-06", y, m, month)
	}
}

func TestRetirementAgeErrors(t *testing.T) {
	rules := rulesOn(t, 2025, 1, 1)
	for _, tt := range []struct {
		sex      string
		original int
	}{{"男", 55}, {"女", 60}, {"", 60}, {"X", 50}} {
		if _, _, _, err := RetirementAge(date(1970, 1, 1), tt.sex, tt.original, rules); err == nil {
			t.Errorf("%q %d: no error", tt.sex, tt.original)
		}
	}
	bad := RetirementRules{Start: "2025-01", Groups: []RetirementGroup{{Name: "x", Sex: "男", Original: 60, Target: 63}}}
	if _, _, _, err := RetirementAge(date(1970, 1, 1), "男", 60, bad); err == nil {
		t.Error("step 0: no error")
	}
	bad.Groups[0].Step, bad.Start = 4, "2025"
	if _, _, _, err := RetirementAge(date(1970, 1, 1), "男", 60, bad); err == nil {
		t.Error("bad start: no error")
	}
}

// docs/DOMAIN.md §6: "The minimum contribution rises from 15 years by 6 months a
// year from 2030 to 20 years."
func TestMinContributionYears(t *testing.T) {
	tests := []struct{ year, want int }{
		{2024, 180}, {2029, 180}, {2030, 186}, {2031, 192}, {2035, 216}, {2038, 234}, {2039, 240}, {2050, 240},
	}
	var fromData MinContribution
	if _, err := NewSet(Default()).Table("retirement.min_contribution", "", date(2026, 1, 1), &fromData); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if got := MinContributionYears(tt.year); got != tt.want {
			t.Errorf("MinContributionYears(%d) = %d, want %d", tt.year, got, tt.want)
		}
		if got := fromData.Months(tt.year); got != tt.want {
			t.Errorf("default retirement.min_contribution.Months(%d) = %d, want %d", tt.year, got, tt.want)
		}
	}
	if fromData != NationalMinContribution {
		t.Errorf("default retirement.min_contribution = %+v, want %+v", fromData, NationalMinContribution)
	}
}
