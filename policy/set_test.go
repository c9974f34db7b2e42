package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

func TestSetRegionFallback(t *testing.T) {
	ps, err := Validate([]Param{
		{Key: "wage.avg_monthly", Value: "7000", From: "2024-01-01", Source: "national"},
		{Key: "wage.avg_monthly", Value: "7500", From: "2024-01-01", Region: "64", Source: "宁夏"},
		{Key: "wage.avg_monthly", Value: "7600", From: "2024-07-01", To: "2025-07-01", Region: "6401", Source: "银川"},
		{Key: "wage.avg_monthly", Value: "7700", From: "2024-07-01", Region: "640106", Source: "金凤区"},
		{Key: "wage.avg_monthly", Value: "7800", From: "2024-07-01", Region: "640106001001", Source: "某村"},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet(ps)
	tests := []struct {
		region string
		on     [3]int
		want   string
		source string
	}{
		{"", [3]int{2024, 8, 1}, "7000.00", "national"},
		{"11", [3]int{2024, 8, 1}, "7000.00", "national"},
		{"64", [3]int{2024, 8, 1}, "7500.00", "宁夏"},
		{"640200", [3]int{2024, 8, 1}, "7500.00", "宁夏"},
		{"640100000000", [3]int{2024, 8, 1}, "7600.00", "银川"},
		{"640105", [3]int{2024, 8, 1}, "7600.00", "银川"},
		{"640106", [3]int{2024, 8, 1}, "7700.00", "金凤区"},
		{"640106", [3]int{2024, 6, 30}, "7500.00", "宁夏"},       // district and city not yet in force
		{"640106001", [3]int{2024, 8, 1}, "7700.00", "金凤区"},    // town → district
		{"640106001002", [3]int{2024, 8, 1}, "7700.00", "金凤区"}, // other village
		{"640106001001", [3]int{2024, 8, 1}, "7800.00", "某村"},
		{"640105", [3]int{2025, 7, 1}, "7500.00", "宁夏"}, // city's period over (to exclusive)
		{"640105", [3]int{2025, 6, 30}, "7600.00", "银川"},
	}
	for _, tt := range tests {
		m, p, err := s.Money("wage.avg_monthly", tt.region, date(tt.on[0], tt.on[1], tt.on[2]))
		if err != nil {
			t.Errorf("%s %v: %v", tt.region, tt.on, err)
			continue
		}
		if m.String() != tt.want || p.Source != tt.source {
			t.Errorf("%s %v = %s (%s), want %s (%s)", tt.region, tt.on, m, p.Source, tt.want, tt.source)
		}
	}
}

func TestSetNotFound(t *testing.T) {
	s := NewSet(Default())
	_, _, err := s.Rate("interest.110", "640106", date(2015, 6, 1))
	if got, want := shebao.ErrorCode(err), shebao.ENOTFOUND; got != want {
		t.Fatalf("code = %s (%v), want %s", got, err, want)
	}
	if msg := shebao.ErrorMessage(err); !strings.Contains(msg, "养老保险个人账户记账利率") || !strings.Contains(msg, "640106000000") || !strings.Contains(msg, "2015-06-01") {
		t.Errorf("message = %q", msg)
	}
	if _, _, err := s.Money("wage.avg_monthly", "999999", date(2025, 1, 1)); shebao.ErrorCode(err) != shebao.EINVALID {
		t.Errorf("bad region: %v", err)
	}
	// Programming errors are internal.
	if _, _, err := s.Money("rate.110.employer", "", date(2025, 1, 1)); shebao.ErrorCode(err) != shebao.EINTERNAL {
		t.Errorf("wrong kind: %v", err)
	}
	if _, err := s.Get("no.such.key", "", date(2025, 1, 1)); shebao.ErrorCode(err) != shebao.EINTERNAL {
		t.Errorf("unknown key: %v", err)
	}
	var nilSet *Set
	if _, err := nilSet.Get("rate.110.employer", "", date(2025, 1, 1)); shebao.ErrorCode(err) != shebao.ENOTFOUND {
		t.Errorf("nil set: %v", err)
	}
}

// A later entry wins where periods of the same key and region overlap, so a
// district file appended to Default replaces shipped values.
func TestSetLaterWins(t *testing.T) {
	local, err := Parse(strings.NewReader(`
[[param]]
key = "wage.avg_monthly"
value = "7800"
from = 2024-01-01
source = "宁夏回族自治区2023年全口径平均工资(示例)"
[[param]]
key = "rate.110.employer"
value = "15%"
from = 2025-01-01
source = "test"
`))
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet(append(Default(), local...))
	m, p, err := s.Money("wage.avg_monthly", "640106", date(2025, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	if m != shebao.Yuan(7800) || p.Example {
		t.Errorf("got %s example=%v, want 7800.00 from the local file", m, p.Example)
	}
	r, _, _ := s.Rate("rate.110.employer", "", date(2024, 12, 31))
	if got, want := r.Percent(), "16%"; got != want {
		t.Errorf("2024-12-31 rate = %s, want %s", got, want)
	}
	r, _, _ = s.Rate("rate.110.employer", "", date(2025, 1, 1))
	if got, want := r.Percent(), "15%"; got != want {
		t.Errorf("2025-01-01 rate = %s, want %s", got, want)
	}
}

func TestSetKinds(t *testing.T) {
	s := NewSet(Default())
	on := date(2025, 6, 1)
	if v, _, err := s.Int("resident_pension.divisor", "", on); err != nil || v != 139 {
		t.Errorf("resident_pension.divisor = %d, %v", v, err)
	}
	if v, p, err := s.Decimal("pension.transition_coef", "", on); err != nil || v != "1.2" || !p.Example {
		t.Errorf("pension.transition_coef = %s, %+v, %v", v, p, err)
	}
	var rates RiskClassRates
	if _, err := s.Table("rate.410.class", "", on, &rates); err != nil {
		t.Fatal(err)
	}
	if r, err := rates.For(8); err != nil || r.Percent() != "1.9%" {
		t.Errorf("class 8 = %s, %v", r.Percent(), err)
	}
	if _, err := rates.For(9); err == nil {
		t.Error("class 9: no error")
	}
	var rounding Rounding
	if _, err := s.Table("land.rounding", "", on, &rounding); err != nil || rounding != RoundHalf {
		t.Errorf("land.rounding = %q, %v", rounding, err)
	}
	// A value that bypassed Validate is an internal error at lookup.
	bad := NewSet([]Param{{Key: "wage.avg_monthly", Value: "lots", From: "2020-01-01"}})
	if _, _, err := bad.Money("wage.avg_monthly", "", on); shebao.ErrorCode(err) != shebao.EINTERNAL {
		t.Errorf("bad stored value: %v", err)
	}
}

// NewSet pads short region codes of parameters it did not validate.
func TestSetShortRegion(t *testing.T) {
	s := NewSet([]Param{{Key: "late_fee.daily", Value: "0.05%", From: "2020-01-01", Region: "6401"}})
	if _, p, err := s.Rate("late_fee.daily", "640106", date(2021, 1, 1)); err != nil || p.Region != "640100000000" {
		t.Errorf("got %+v, %v", p, err)
	}
}
