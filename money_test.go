package shebao

import (
	"encoding/json"
	"math"
	"testing"
)

func TestMoneyString(t *testing.T) {
	for _, c := range []struct {
		m    Money
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {264000, "2640.00"}, {371914, "3719.14"},
		{-100, "-1.00"}, {Yuan(3700), "3700.00"},
		{math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	} {
		if got := c.m.String(); got != c.want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(c.m), got, c.want)
		}
	}
}

func TestParseYuan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Money
		bad  bool
	}{
		{"3500", 350000, false},
		{"3500.5", 350050, false},
		{"3,500.50", 350050, false},
		{"¥3500.00", 350000, false},
		{"3500元", 350000, false},
		{"-12.30", -1230, false},
		{"+0.01", 1, false},
		{".5", 50, false},
		{"12.345", 0, true}, // a third decimal is refused, not rounded
		{"", 0, true},
		{".", 0, true},
		{"12a", 0, true},
		{"1e3", 0, true},
		{"1000000000000.00", 100000000000000, false}, // a trillion 元, far above any fund
		{"92233720368547758.08", 0, true},            // above int64
		{"99999999999999999999", 0, true},
	} {
		got, err := ParseYuan(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("ParseYuan(%q) = %s, want an error", c.in, got)
			} else if ErrorCode(err) != EINVALID {
				t.Errorf("ParseYuan(%q): error %v is not EINVALID", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", c.in, int64(got), err, int64(c.want))
		}
	}
}

// Money travels in JSON as a string of 元, never as a float, and reads
// back exactly from either form.
func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(struct{ A Money }{371914})
	if err != nil || string(b) != `{"A":"3719.14"}` {
		t.Fatalf("marshal: %s, %v", b, err)
	}
	for _, in := range []string{`"3719.14"`, `3719.14`, `"3,719.14"`} {
		var m Money
		if err := json.Unmarshal([]byte(in), &m); err != nil || m != 371914 {
			t.Errorf("unmarshal %s = %d, %v", in, int64(m), err)
		}
	}
	var m Money
	if err := json.Unmarshal([]byte(`3719.145`), &m); err == nil {
		t.Errorf("three decimals accepted as %d", int64(m))
	}
}

// The one rounding of the system: half away from zero (四舍五入), also for
// negative amounts (a reversal rounds as the amount it reverses).
func TestDivRound(t *testing.T) {
	for _, c := range []struct{ num, den, want int64 }{
		{5, 10, 1}, {4, 10, 0}, {15, 10, 2}, {14, 10, 1},
		{-5, 10, -1}, {-4, 10, 0}, {-15, 10, -2},
		{5, -10, -1}, {-5, -10, 1},
		{7, 2, 4}, {-7, 2, -4}, {1, 3, 0}, {2, 3, 1},
	} {
		if got := DivRound(c.num, c.den); got != c.want {
			t.Errorf("DivRound(%d, %d) = %d, want %d", c.num, c.den, got, c.want)
		}
	}
}

// MulDivRound is exact where a*b overflows int64: a province's yearly fund
// of 9×10¹⁷ 分 times a rate of 2.62% still rounds to the fen.
func TestMulDivRound(t *testing.T) {
	for _, c := range []struct{ a, b, den, want int64 }{
		{150000_00, 80000, RatePPM, 12000_00},                             // 150 000 元 × 8% = 12 000 元
		{333, 500, RatePPM, 0},                                            // 3.33 元 × 0.05% = 0.0017 元 → 0
		{1000_00, 500, RatePPM, 50},                                       // 1000 元 × 0.05% = 0.50 元 (a day's late fee)
		{1, 500_000, RatePPM, 1},                                          // exactly half a fen rounds up
		{-1, 500_000, RatePPM, -1},                                        // and away from zero when negative
		{900_000_000_000_000_000, 26200, RatePPM, 23_580_000_000_000_000}, // overflows int64 as a product
		{math.MaxInt64, 2, 4, math.MaxInt64/2 + 1},                        // 2^63-1 × 2 / 4 = 4611686018427387903.5 → up
	} {
		if got := MulDivRound(c.a, c.b, c.den); got != c.want {
			t.Errorf("MulDivRound(%d, %d, %d) = %d, want %d", c.a, c.b, c.den, got, c.want)
		}
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Rate
		text string
	}{
		{"8", 80000, "8%"}, {"8%", 80000, "8%"}, {"0.05", 500, "0.05%"}, {"1.2%", 12000, "1.2%"},
		{"16", 160000, "16%"}, {"2.62", 26200, "2.62%"}, {"110", 1_100_000, "110%"}, {"0.0001", 1, "0.0001%"},
	} {
		r, err := ParsePercent(c.in)
		if err != nil || r != c.want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", c.in, r, err, c.want)
			continue
		}
		if got := r.Percent(); got != c.text {
			t.Errorf("Rate(%d).Percent() = %q, want %q", r, got, c.text)
		}
	}
	for _, bad := range []string{"", "%", "0.00001", "abc", "99999999"} {
		if r, err := ParsePercent(bad); err == nil {
			t.Errorf("ParsePercent(%q) = %d, want an error", bad, r)
		}
	}
	// docs/DOMAIN.md §6: an 8 000.00 base at 16% is 1 280.00; at 0.7% 56.00.
	if got := Rate(160000).Apply(800000); got != 128000 {
		t.Errorf("16%% of 8000.00 = %s", got)
	}
	if got := Rate(7000).Apply(800000); got != 5600 {
		t.Errorf("0.7%% of 8000.00 = %s", got)
	}
}

func TestEntryBalanced(t *testing.T) {
	ok := []Line{Debit("1002", 1000), Credit("4001", 600), Credit("4002", 400)}
	for _, c := range []struct {
		name  string
		lines []Line
		ok    bool
	}{
		{"balanced", ok, true},
		{"one line", []Line{Debit("1002", 1000)}, false},
		{"unbalanced", []Line{Debit("1002", 1000), Credit("4001", 999)}, false},
		{"negative", []Line{Debit("1002", -1000), Credit("4001", -1000)}, false},
		{"both sides", []Line{{Account: "1002", Debit: 5, Credit: 5}, Credit("4001", 0)}, false},
		{"empty line", []Line{Debit("1002", 1000), Credit("4001", 1000), {Account: "4002"}}, false},
		{"too large", []Line{Debit("1002", maxLineAmount+1), Credit("4001", maxLineAmount+1)}, false},
	} {
		err := Entry{Fund: "110", Lines: c.lines}.Balanced()
		if (err == nil) != c.ok {
			t.Errorf("%s: Balanced() = %v, want ok=%v", c.name, err, c.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v is not EINVALID", c.name, err)
		}
	}
	e := Entry{Fund: "110", Lines: ok}
	if got := e.Total(); got != 1000 {
		t.Errorf("Total() = %s", got)
	}
	r := e.Reversal("2025-01-31", "x", "冲正")
	if r.Kind != PostAdjustment || r.Lines[0].Credit != 1000 || r.Lines[1].Debit != 600 || r.Balanced() != nil {
		t.Errorf("Reversal() = %+v", r)
	}
}

// Moving money into the individual-account liability and back always
// balances, and moving nothing posts nothing.
func TestIndividualAccountLines(t *testing.T) {
	for _, d := range []Money{1, 12345, -12345} {
		e := Entry{Fund: "110", Lines: IndividualAccountLines(d)}
		if err := e.Balanced(); err != nil || e.Total() != max(d, -d) {
			t.Errorf("IndividualAccountLines(%s): %v, total %s", d, err, e.Total())
		}
	}
	if IndividualAccountLines(0) != nil {
		t.Error("zero gives lines")
	}
}
