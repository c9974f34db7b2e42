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

// docs/DOMAIN.md §5–§6: base = clamp(declared wage, 60%, 300% of 社平工资).
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

// docs/DOMAIN.md §5 rates: pension 16% / 8%, medical individual 2%, unemployment
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

// docs/DOMAIN.md §5: late fee 0.05% (万分之五) of the overdue amount per day
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

// docs/DOMAIN.md §6: an employer that does not declare is assessed at 110% of
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

// docs/DOMAIN.md §6: flexible employment: base chosen within 60–300%, rate 20%,
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

// One line of a bill by hand: 社平工资 7654.33, base 60%–300% =
// 4592.598 → 4592.60 and 22962.99; pension 16% / 8%, account 8%.
func TestAssessLine(t *testing.T) {
	r := AssessRate{Scheme: "110", AvgWage: yuan(t, "7654.33"), Employer: pct(t, "16%"), Individual: pct(t, "8%"), Account: pct(t, "8%")}
	r.Floor, r.Ceiling = BaseLimits(r.AvgWage, pct(t, "60%"), pct(t, "300%"))
	if r.Floor != yuan(t, "4592.60") || r.Ceiling != yuan(t, "22962.99") {
		t.Fatalf("limits %s–%s", r.Floor, r.Ceiling)
	}
	tests := []struct{ declared, base, employer, individual string }{
		{"3000", "4592.60", "734.82", "367.41"},        // 4592.60 × 16% = 734.816; × 8% = 367.408
		{"6543.21", "6543.21", "1046.91", "523.46"},    // 1046.9136; 523.4568
		{"30000", "22962.99", "3674.08", "1837.04"},    // 3674.0784; 1837.0392
		{"4592.59", "4592.60", "734.82", "367.41"},     // a fen below the floor
		{"22963.00", "22962.99", "3674.08", "1837.04"}, // a fen above the ceiling
		{"10000.03", "10000.03", "1600.00", "800.00"},  // 1600.0048; 800.0024
		{"10000.09", "10000.09", "1600.01", "800.01"},  // 1600.0144; 800.0072
	}
	for _, tt := range tests {
		got := AssessLine(yuan(t, tt.declared), r)
		if got.Base != yuan(t, tt.base) || got.Employer != yuan(t, tt.employer) || got.Individual != yuan(t, tt.individual) || got.Account != got.Individual {
			t.Errorf("AssessLine(%s) = %+v, want base %s, %s + %s", tt.declared, got, tt.base, tt.employer, tt.individual)
		}
	}
	// Half a fen rounds up: 1.25 元 × 0.4% = 0.5 分 → 1 分.
	if got := Contribution(125, pct(t, "0.4%")); got != 1 {
		t.Errorf("half a fen: %d", got)
	}
	// Floor above the ceiling (bad parameters): the floor wins.
	if lo, hi := BaseLimits(yuan(t, "8000"), pct(t, "300%"), pct(t, "60%")); lo != yuan(t, "24000") || hi != lo {
		t.Errorf("inverted limits %s–%s", lo, hi)
	}
}

// 职工医保 account rate: individual 2% × 100% + employer 6.5% × 30% = 3.95%;
// with shares that do not divide: 2% × 33.3333% = 0.666666 → 0.6667%.
func TestMedicalAccountRate(t *testing.T) {
	if got := MedicalAccountRate(pct(t, "6.5%"), pct(t, "2%"), pct(t, "30%"), pct(t, "100%")); got != pct(t, "3.95%") {
		t.Errorf("rate %s", got.Percent())
	}
	if got := MedicalAccountRate(0, pct(t, "2%"), 0, pct(t, "33.3333%")); got != pct(t, "0.6667%") {
		t.Errorf("rate %s", got.Percent())
	}
}
