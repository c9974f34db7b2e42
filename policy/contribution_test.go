package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

func yuan(t *testing.T, s string) shebao.Money {
	t.Helper()
	m, err := shebao.ParseYuan(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func pct(t *testing.T, s string) shebao.Rate {
	t.Helper()
	r, err := shebao.ParsePercent(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// DOMAIN.md §5–§6: base = clamp(declared wage, 60%, 300% of 社平工资).
func TestClampBase(t *testing.T) {
	floor, ceiling := pct(t, "60%"), pct(t, "300%")
	tests := []struct {
		declared, avg string
		want          string
		explain       string
	}{
		{"3000", "8000", "4800.00", "低于下限(社平工资8000.00 × 60% = 4800.00元),按下限4800.00元核定"},
		{"6000", "8000", "6000.00", "按申报工资6000.00元核定"},
		{"4800", "8000", "4800.00", "按申报工资4800.00元核定"},
		{"24000", "8000", "24000.00", "按申报工资24000.00元核定"},
		{"30000", "8000", "24000.00", "高于上限(社平工资8000.00 × 300% = 24000.00元),按上限24000.00元核定"},
		{"0", "7654.33", "4592.60", "按下限4592.60元"}, // 7654.33 × 60% = 4592.598 → 4592.60
	}
	for _, tt := range tests {
		got, explain := ClampBase(yuan(t, tt.declared), yuan(t, tt.avg), floor, ceiling)
		if got.String() != tt.want {
			t.Errorf("ClampBase(%s, %s) = %s, want %s", tt.declared, tt.avg, got, tt.want)
		}
		if !strings.Contains(explain, tt.explain) {
			t.Errorf("ClampBase(%s, %s) explain %q lacks %q", tt.declared, tt.avg, explain, tt.explain)
		}
	}
}

// DOMAIN.md §5 rates: pension 16% / 8%, medical individual 2%, unemployment
// 0.7% / 0.3%, work injury class 1 0.2%; account 8%.
func TestContribution(t *testing.T) {
	tests := []struct {
		base, rate, want string
	}{
		{"8000", "16%", "1280.00"},
		{"8000", "8%", "640.00"},
		{"8000", "2%", "160.00"},
		{"8000", "0.7%", "56.00"},
		{"8000", "0.3%", "24.00"},
		{"8000", "0.2%", "16.00"},
		{"4592.60", "16%", "734.82"}, // 734.816 → 734.82
		{"4592.60", "0.3%", "13.78"}, // 13.7778 → 13.78
		{"3333.33", "0.05%", "1.67"}, // 1.666665 → 1.67
	}
	for _, tt := range tests {
		if got := Contribution(yuan(t, tt.base), pct(t, tt.rate)); got.String() != tt.want {
			t.Errorf("Contribution(%s, %s) = %s, want %s", tt.base, tt.rate, got, tt.want)
		}
	}
	c, explain := ContributionExplain("单位缴费", shebao.Yuan(8000), pct(t, "16%"))
	if got, want := explain, "单位缴费 = 8000.00 × 16% = 1280.00元"; got != want || c != shebao.Yuan(1280) {
		t.Errorf("ContributionExplain = %s, %q, want 1280.00, %q", c, got, want)
	}
}

// DOMAIN.md §5: late fee 0.05% (万分之五) of the overdue amount per day
// (社会保险法 第八十六条).
func TestLateFee(t *testing.T) {
	daily := pct(t, "0.05%")
	tests := []struct {
		overdue string
		days    int
		want    string
	}{
		{"10000", 30, "150.00"},
		{"1280", 1, "0.64"},
		{"1280", 10, "6.40"},
		{"1234.56", 17, "10.49"}, // 1234.56 × 0.0005 × 17 = 10.49376
		{"0.01", 1, "0.00"},
		{"100", 0, "0.00"},
		{"-100", 5, "0.00"},
	}
	for _, tt := range tests {
		if got := LateFee(yuan(t, tt.overdue), tt.days, daily); got.String() != tt.want {
			t.Errorf("LateFee(%s, %d) = %s, want %s", tt.overdue, tt.days, got, tt.want)
		}
	}
	_, explain := LateFeeExplain(shebao.Yuan(10000), 30, daily)
	if want := "滞纳金 = 10000.00 × 0.05% × 30天 = 150.00元"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
}

// DOMAIN.md §6: an employer that does not declare is assessed at 110% of
// its previous month (社会保险法 第六十二条).
func TestUndeclaredAssessment(t *testing.T) {
	got, explain := UndeclaredAssessment(yuan(t, "12345.67"), pct(t, "110%"))
	if want := "13580.24"; got.String() != want { // 13580.237
		t.Errorf("UndeclaredAssessment = %s, want %s", got, want)
	}
	if !strings.Contains(explain, "× 110%") {
		t.Errorf("explain = %q", explain)
	}
}

// DOMAIN.md §6: flexible employment: base chosen within 60–300%, rate 20%,
// of which 8% to the account.
func TestFlexibleEmployment(t *testing.T) {
	s := NewSet(Default())
	on := date(2025, 3, 1)
	rate, _, err := s.Rate("flex.110.rate", "", on)
	if err != nil {
		t.Fatal(err)
	}
	acc, _, err := s.Rate("flex.110.account_rate", "", on)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := ClampBase(shebao.Yuan(4000), shebao.Yuan(8000), pct(t, "60%"), pct(t, "300%"))
	if got, want := Contribution(base, rate).String(), "960.00"; got != want { // 4800 × 20%
		t.Errorf("flexible contribution = %s, want %s", got, want)
	}
	if got, want := Contribution(base, acc).String(), "384.00"; got != want { // 4800 × 8%
		t.Errorf("flexible account credit = %s, want %s", got, want)
	}
}
