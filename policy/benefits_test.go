package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
)

// docs/DOMAIN.md §6: "up to 12 months for 1–5 years of contribution, 18 for
// 5–10, 24 for ≥ 10 (失业保险条例 第十七条)"; 满5年 and 10年以上 include the
// boundary.
func TestUnemploymentMonths(t *testing.T) {
	tests := []struct{ months, want int }{
		{0, 0}, {11, 0}, {12, 12}, {59, 12}, {60, 18}, {119, 18}, {120, 24}, {400, 24}, {-3, 0},
	}
	for _, tt := range tests {
		if got := UnemploymentMonths(tt.months); got != tt.want {
			t.Errorf("UnemploymentMonths(%d) = %d, want %d", tt.months, got, tt.want)
		}
	}
}

func TestUnemploymentMonthly(t *testing.T) {
	got, explain := UnemploymentMonthly(shebao.Yuan(1950), pct(t, "90%"))
	if want := "1755.00"; got.String() != want {
		t.Errorf("UnemploymentMonthly = %s, want %s", got, want)
	}
	if want := "失业保险金 = 最低工资标准1950.00 × 90% = 1755.00元/月"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
}

// docs/DOMAIN.md §6: maternity allowance = average monthly wage ÷ 30 × days
// (98 base + extras as data).
func TestMaternityAllowance(t *testing.T) {
	var leave MaternityLeave
	if _, err := NewSet(Default()).Table("maternity.days", "", date(2025, 1, 1), &leave); err != nil {
		t.Fatal(err)
	}
	days, err := leave.Days()
	if err != nil || days != 98 {
		t.Fatalf("base days = %d, %v, want 98", days, err)
	}
	twinsDifficult, err := leave.Days("difficult", "multiple")
	if err != nil || twinsDifficult != 128 {
		t.Errorf("difficult twin birth = %d, %v, want 128", twinsDifficult, err)
	}
	if _, err := leave.Days("holiday"); err == nil {
		t.Error("unknown extra: no error")
	}
	tests := []struct {
		wage string
		days int
		want string
	}{
		{"6000", 98, "19600.00"},
		{"8000", 98, "26133.33"}, // 26133.333…
		{"7000", 128, "29866.67"},
		{"6000", 0, "0.00"},
	}
	for _, tt := range tests {
		if got := MaternityAllowance(yuan(t, tt.wage), tt.days); got.String() != tt.want {
			t.Errorf("MaternityAllowance(%s, %d) = %s, want %s", tt.wage, tt.days, got, tt.want)
		}
	}
	_, explain := MaternityAllowanceExplain(shebao.Yuan(6000), 98)
	if want := "生育津贴 = 6000.00 ÷ 30 × 98天 = 19600.00元"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
}

// docs/DOMAIN.md §6: lump sum = own monthly wage × 27, 25, 23, 21, 18, 16, 13,
// 11, 9, 7 months for grades 1–10 (工伤保险条例).
func TestInjuryLumpSum(t *testing.T) {
	months := []int{27, 25, 23, 21, 18, 16, 13, 11, 9, 7}
	var fromData InjuryMonths
	if _, err := NewSet(Default()).Table("injury.lump_months", "", date(2025, 1, 1), &fromData); err != nil {
		t.Fatal(err)
	}
	wage := yuan(t, "5000.50")
	for i, m := range months {
		grade := i + 1
		want := wage * shebao.Money(m)
		if got := InjuryLumpSum(wage, grade); got != want {
			t.Errorf("InjuryLumpSum(%s, %d) = %s, want %s", wage, grade, got, want)
		}
		got, _, err := InjuryLumpSumExplain(wage, grade, fromData)
		if err != nil || got != want {
			t.Errorf("InjuryLumpSumExplain(%s, %d) = %s, %v, want %s", wage, grade, got, err, want)
		}
	}
	if got := InjuryLumpSum(wage, 11); got != 0 {
		t.Errorf("grade 11 = %s, want 0", got)
	}
	_, explain, _ := InjuryLumpSumExplain(shebao.Yuan(5000), 1, StatutoryInjuryMonths)
	if want := "一次性伤残补助金 = 本人工资5000.00 × 27个月(1级伤残) = 135000.00元"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
}

// docs/DOMAIN.md §6 medical: cost → minus deductible → × ratio → limited by what
// remains of the annual cap.
func TestReimburse(t *testing.T) {
	tests := []struct {
		cost, deductible, ratio, capLeft string
		want                             string
		explain                          string
	}{
		{"10000", "800", "80%", "300000", "7360.00", "(合规费用10000.00 − 起付线800.00) × 80% = 7360.00元"},
		{"800", "800", "80%", "300000", "0.00", "未超过起付线"},
		{"500", "800", "80%", "300000", "0.00", "未超过起付线"},
		{"10000", "800", "80%", "5000", "5000.00", "剩余额度5000.00元"},
		{"10000", "800", "80%", "0", "0.00", "剩余额度0.00元"},
		{"10000", "800", "80%", "-5", "0.00", "剩余额度0.00元"},
		{"1234.57", "200", "85%", "300000", "879.38", "= 879.38元"}, // 1034.57 × 0.85 = 879.3845
		// docs/DOMAIN.md §5: the seed county paid 187.23 万元 for 2015 stays, ≈ 929 元 a stay.
		{"1529", "100", "65%", "150000", "928.85", "= 928.85元"},
	}
	for _, tt := range tests {
		got, explain := Reimburse(yuan(t, tt.cost), yuan(t, tt.deductible), pct(t, tt.ratio), yuan(t, tt.capLeft))
		if got.String() != tt.want {
			t.Errorf("Reimburse(%s, %s, %s, %s) = %s, want %s", tt.cost, tt.deductible, tt.ratio, tt.capLeft, got, tt.want)
		}
		if !strings.Contains(explain, tt.explain) {
			t.Errorf("Reimburse(%s …) explain %q lacks %q", tt.cost, explain, tt.explain)
		}
	}
}

// TestRuralAllowance: 失业保险条例 第二十一条, the whole years worked for the
// employer (end = the first day no longer worked) × the amount per year,
// at most the longest number of years; by hand.
func TestRuralAllowance(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tt := range []struct {
		start, end string
		years      int
	}{
		{"2022-03-01", "2025-03-01", 3},
		{"2022-03-01", "2025-02-28", 2},
		{"2024-06-01", "2025-03-01", 0},
		{"2024-01-01", "2025-01-01", 1},
		{"2020-02-29", "2021-02-28", 1}, // 29 February falls on the 28th
		{"2020-02-29", "2021-02-27", 0},
		{"2025-03-01", "2025-02-01", 0},
	} {
		if got := FullYears(day(tt.start), day(tt.end)); got != tt.years {
			t.Errorf("FullYears(%s, %s) = %d, want %d", tt.start, tt.end, got, tt.years)
		}
	}
	per := shebao.Yuan(500)
	for _, tt := range []struct {
		years, max int
		want       shebao.Money
		explain    string
	}{
		{0, 12, 0, ""},
		{2, 12, shebao.Yuan(1000), "一次性生活补助 = 本单位连续工作满2年 × 500.00元 = 1000.00元"},
		{15, 12, shebao.Yuan(6000), "一次性生活补助 = 最长计发12年 × 500.00元 = 6000.00元(本单位连续工作15年,超过最长计发年数)"},
	} {
		got, explain := RuralAllowance(tt.years, tt.max, per)
		if got != tt.want || explain != tt.explain {
			t.Errorf("RuralAllowance(%d, %d) = %s %q, want %s %q", tt.years, tt.max, got, explain, tt.want, tt.explain)
		}
	}
}
