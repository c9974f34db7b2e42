package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

func mu(t *testing.T, s string) Mu {
	t.Helper()
	m, err := ParseMu(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// DOMAIN.md §6: "1200 亩 for 600 people = 2 亩 each; 450 亩 taken → 225
// persons".
func TestPersonsToSecure(t *testing.T) {
	tests := []struct {
		taken, farmland string
		population      int
		rounding        Rounding
		want            int
	}{
		{"450", "1200", 600, RoundCeil, 225},
		{"450", "1200", 600, RoundHalf, 225},
		{"450", "1200", 600, RoundFloor, 225},
		// 100.5 × 600 ÷ 1200 = 50.25
		{"100.5", "1200", 600, RoundCeil, 51},
		{"100.5", "1200", 600, RoundHalf, 50},
		{"100.5", "1200", 600, RoundFloor, 50},
		// 101 × 600 ÷ 1200 = 50.5: 四舍五入 rounds up
		{"101", "1200", 600, RoundHalf, 51},
		{"0", "1200", 600, RoundCeil, 0},
		{"1200", "1200", 600, RoundFloor, 600},
		{"0.01", "1200", 600, RoundCeil, 1},
	}
	for _, tt := range tests {
		got, explain, err := PersonsToSecure(mu(t, tt.taken), mu(t, tt.farmland), tt.population, tt.rounding)
		if err != nil {
			t.Errorf("PersonsToSecure(%s, %s, %d, %s): %v", tt.taken, tt.farmland, tt.population, tt.rounding, err)
			continue
		}
		if got != tt.want {
			t.Errorf("PersonsToSecure(%s, %s, %d, %s) = %d, want %d (%s)", tt.taken, tt.farmland, tt.population, tt.rounding, got, tt.want, explain)
		}
	}
	_, explain, _ := PersonsToSecure(mu(t, "450"), mu(t, "1200"), 600, "ceil")
	if want := "应安置农业人口 = 征收耕地450.00亩 ÷ (耕地1200.00亩 ÷ 农业人口600人) = 450.00 × 600 ÷ 1200.00 = 225人"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
	_, explain, _ = PersonsToSecure(mu(t, "100.5"), mu(t, "1200"), 600, "ceil")
	if !strings.Contains(explain, "≈ 50.25,向上取整 = 51人") {
		t.Errorf("explain = %q", explain)
	}
}

func TestPersonsToSecureErrors(t *testing.T) {
	tests := []struct {
		taken, farmland Mu
		population      int
		rounding        Rounding
	}{
		{100, 0, 10, RoundCeil},
		{100, 1000, 0, RoundCeil},
		{-1, 1000, 10, RoundCeil},
		{1001, 1000, 10, RoundCeil},
		{100, 1000, 10, "up"},
	}
	for _, tt := range tests {
		if _, _, err := PersonsToSecure(tt.taken, tt.farmland, tt.population, tt.rounding); err == nil {
			t.Errorf("PersonsToSecure(%v): no error", tt)
		}
	}
}

func TestParseMu(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Mu
	}{{"450", 45000}, {"12.5", 1250}, {"1,200.25", 120025}, {"450亩", 45000}, {" 0.01 ", 1}} {
		got, err := ParseMu(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseMu(%q) = %d, %v, want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "1.234", "-5", "abc", "1e3"} {
		if _, err := ParseMu(in); err == nil {
			t.Errorf("ParseMu(%q): no error", in)
		}
	}
}

// The default land bands follow the seed's 120–200 元 monthly allowance.
func TestLandBandsAndFunding(t *testing.T) {
	s := NewSet(Default())
	on := date(2025, 6, 1)
	var bands LandBands
	if _, err := s.Table("land.bands", "640106", on, &bands); err != nil {
		t.Fatal(err)
	}
	var funding LandFunding
	if _, err := s.Table("land.funding", "640106", on, &funding); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		age    int
		sex    string
		kind   string
		amount string
	}{
		{0, "男", LandOneOff, "5000.00"},
		{15, "女", LandOneOff, "5000.00"},
		{16, "男", LandPension, "37000.00"},
		{59, "男", LandPension, "37000.00"},
		{55, "女", LandAllowance, "120.00"},
		{60, "男", LandAllowance, "120.00"},
		{70, "女", LandAllowance, "160.00"},
		{85, "男", LandAllowance, "200.00"},
	}
	for _, tt := range tests {
		b, err := bands.Find(tt.age, tt.sex)
		if err != nil {
			t.Errorf("Find(%d, %s): %v", tt.age, tt.sex, err)
			continue
		}
		if b.Kind != tt.kind || b.Amount.String() != tt.amount {
			t.Errorf("Find(%d, %s) = %s %s %s, want %s %s", tt.age, tt.sex, b.Name, b.Kind, b.Amount, tt.kind, tt.amount)
		}
		// Every band has a funding standard.
		if _, err := funding.For(b.Name); err != nil {
			t.Errorf("no funding for %s: %v", b.Name, err)
		}
	}
}

func TestSplitFunding(t *testing.T) {
	row := LandFundingRow{Band: "劳动年龄段", Standard: shebao.Yuan(37000),
		Government: Pct(300000), Collective: Pct(400000), Individual: Pct(300000)}
	g, c, i, explain := SplitFunding(row)
	if g != shebao.Yuan(11100) || c != shebao.Yuan(14800) || i != shebao.Yuan(11100) {
		t.Errorf("SplitFunding = %s %s %s, want 11100.00 14800.00 11100.00", g, c, i)
	}
	if !strings.Contains(explain, "政府11100.00(30%)") {
		t.Errorf("explain = %q", explain)
	}
	// Thirds of 100.00 still add up to the standard.
	row = LandFundingRow{Band: "x", Standard: shebao.Yuan(100),
		Government: Pct(333333), Collective: Pct(333333), Individual: Pct(333334)}
	g, c, i, _ = SplitFunding(row)
	if got, want := g+c+i, shebao.Yuan(100); got != want {
		t.Errorf("parts add up to %s, want %s", got, want)
	}
}
