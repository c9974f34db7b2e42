package policy

import (
	"strings"
	"testing"
	"time"

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

// docs/DOMAIN.md §6: "1200 亩 for 600 people = 2 亩 each; 450 亩 taken → 225
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

// The age the bands are read by is in completed years; a birthday on 29
// February is reached on 1 March of a common year.
func TestCompletedYears(t *testing.T) {
	tests := []struct {
		birth string
		on    time.Time
		want  int
	}{
		{"1960-06-15", date(2020, 6, 14), 59},
		{"1960-06-15", date(2020, 6, 15), 60},
		{"1960-06-15", date(2020, 12, 31), 60},
		{"2000-02-29", date(2001, 2, 28), 0},
		{"2000-02-29", date(2001, 3, 1), 1},
		{"2000-02-29", date(2004, 2, 29), 4},
	}
	for _, tt := range tests {
		if got, err := CompletedYears(tt.birth, tt.on); err != nil || got != tt.want {
			t.Errorf("CompletedYears(%s, %s) = %d, %v, want %d", tt.birth, tt.on.Format(shebao.DateLayout), got, err, tt.want)
		}
	}
	if _, err := CompletedYears("1960-13-01", date(2020, 1, 1)); err == nil {
		t.Error("bad birth date accepted")
	}
}

// An allowance is paid from the month after the later of the enrollment
// and the day the person reaches the allowance age.
func TestAllowanceStart(t *testing.T) {
	tests := []struct {
		birth      string
		minAge     int
		enrolledOn string
		want       shebao.Period
	}{
		// 60 on 1964-06-15 + 60 = 2024-06-15, enrolled before: from July.
		{"1964-06-15", 60, "2024-03-10", "2024-07"},
		// Older than 60 at the enrollment: from the month after it.
		{"1950-01-01", 60, "2024-03-10", "2024-04"},
		// Enrolled on the last day of December: from January.
		{"1950-01-01", 60, "2024-12-31", "2025-01"},
		// A woman of the 55 band, 55 on 2025-01-31: from February.
		{"1970-01-31", 55, "2024-05-20", "2025-02"},
	}
	for _, tt := range tests {
		if got := AllowanceStart(tt.birth, tt.minAge, tt.enrolledOn); got != tt.want {
			t.Errorf("AllowanceStart(%s, %d, %s) = %s, want %s", tt.birth, tt.minAge, tt.enrolledOn, got, tt.want)
		}
	}
	if got := MonthAfter("2024-02-29"); got != "2024-03" {
		t.Errorf("MonthAfter = %s", got)
	}
}

// The allowance band of a month is that of the age on the last day of the
// month before: with the default bands (60–69 → 120.00, 70–79 → 160.00,
// 80+ → 200.00 元 a month, the seed's "120—200元"), a man born 1954-05-10
// is 69 on 2024-04-30, so May 2024 is still at 120.00; he is 70 on
// 2024-05-31, so June is at 160.00.
func TestAllowanceFor(t *testing.T) {
	s := NewSet(Default())
	tests := []struct {
		birth, sex string
		month      shebao.Period
		age        int
		kind       string
		amount     shebao.Money
	}{
		{"1954-05-10", "男", "2024-05", 69, LandAllowance, shebao.Yuan(120)},
		{"1954-05-10", "男", "2024-06", 70, LandAllowance, shebao.Yuan(160)},
		{"1944-06-01", "女", "2024-07", 80, LandAllowance, shebao.Yuan(200)},
		{"1969-08-01", "女", "2024-09", 55, LandAllowance, shebao.Yuan(120)},
		{"1969-08-01", "男", "2024-09", 55, LandPension, shebao.Yuan(37000)},
	}
	for _, tt := range tests {
		band, p, age, err := AllowanceFor(s, "640106100201", tt.birth, tt.sex, tt.month)
		if err != nil {
			t.Errorf("AllowanceFor(%s, %s, %s): %v", tt.birth, tt.sex, tt.month, err)
			continue
		}
		if age != tt.age || band.Kind != tt.kind || band.Amount != tt.amount || p.Key != "land.bands" {
			t.Errorf("AllowanceFor(%s, %s, %s) = %s %s %s at %d, want %s %s at %d", tt.birth, tt.sex, tt.month,
				band.Name, band.Kind, band.Amount, age, tt.kind, tt.amount, tt.age)
		}
	}
}

// The lowest allowance age is the retirement age of each sex in the
// default bands (60 for men, 55 for women); bands without an allowance
// have none.
func TestMinAllowanceAge(t *testing.T) {
	s := NewSet(Default())
	var bands LandBands
	if _, err := s.Table("land.bands", "640106", date(2025, 1, 1), &bands); err != nil {
		t.Fatal(err)
	}
	if got, ok := bands.MinAllowanceAge("男"); !ok || got != 60 {
		t.Errorf("men: %d %v", got, ok)
	}
	if got, ok := bands.MinAllowanceAge("女"); !ok || got != 55 {
		t.Errorf("women: %d %v", got, ok)
	}
	if _, ok := (LandBands{{Name: "x", Kind: LandOneOff}}).MinAllowanceAge("男"); ok {
		t.Error("an allowance age without an allowance band")
	}
}

func TestLandBandKindName(t *testing.T) {
	tests := []struct {
		band LandBand
		want string
	}{
		{LandBand{Kind: LandOneOff, Amount: shebao.Yuan(5000)}, "一次性补助5000.00元"},
		{LandBand{Kind: LandPension, Amount: shebao.Yuan(37000)}, "养老保险缴费补助37000.00元"},
		{LandBand{Kind: LandAllowance, Amount: shebao.Yuan(120)}, "按月生活保障金120.00元"},
		{LandBand{Kind: "other"}, "other"},
	}
	for _, tt := range tests {
		if got := tt.band.KindName(); got != tt.want {
			t.Errorf("KindName(%s) = %q, want %q", tt.band.Kind, got, tt.want)
		}
	}
}

// The land policy of a village is its bands and funding, cited.
func TestLandPolicies(t *testing.T) {
	lp := NewLandPolicies(NewSet(Default()))
	p, err := lp.At("640106100201", date(2024, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Bands) != 7 || len(p.Funding) != 7 || !strings.Contains(p.Cite, "示例值") {
		t.Errorf("policy %+v", p)
	}
	if q, _ := lp.At("640106100201", date(2024, 3, 1)); q != p {
		t.Error("not looked up once")
	}
}
