package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
)

// defaultDivisors is the 计发月数 table of the default policy.
func defaultDivisors(t *testing.T) DivisorTable {
	t.Helper()
	var d DivisorTable
	if _, err := NewSet(Default()).Table("pension.divisor", "", date(2025, 1, 1), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// docs/DOMAIN.md §6: "60y1m → 138.4, 50y1m → 194.6, 62y10m → 118.3 (a published
// answer of 济南 confirms the first two)"; whole ages from the table.
func TestDivisor(t *testing.T) {
	table := defaultDivisors(t)
	tests := []struct {
		years, months int
		want          int
	}{
		{60, 1, 1384},
		{50, 1, 1946},
		{62, 10, 1183},
		{60, 0, 1390},
		{40, 0, 2330},
		{70, 0, 560},
		{47, 0, 2070},
		{55, 0, 1700},
		{50, 6, 1925}, // 195 − 5×6/12 = 192.5
		{63, 0, 1170},
		{69, 11, 568}, // 65 − 9×11/12 = 56.75 → 56.8
	}
	for _, tt := range tests {
		got, err := Divisor(tt.years, tt.months, table)
		if err != nil {
			t.Errorf("Divisor(%d, %d): %v", tt.years, tt.months, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Divisor(%d, %d) = %d, want %d", tt.years, tt.months, got, tt.want)
		}
	}
}

func TestDivisorOutOfRange(t *testing.T) {
	table := defaultDivisors(t)
	for _, tt := range []struct{ years, months int }{{39, 11}, {39, 0}, {70, 1}, {71, 0}, {60, 12}, {60, -1}} {
		if _, err := Divisor(tt.years, tt.months, table); err == nil {
			t.Errorf("Divisor(%d, %d): no error", tt.years, tt.months)
		} else if got, want := shebao.ErrorCode(err), shebao.EINVALID; got != want {
			t.Errorf("Divisor(%d, %d) code = %s, want %s", tt.years, tt.months, got, want)
		}
	}
	if _, err := Divisor(60, 0, nil); err == nil {
		t.Error("Divisor with empty table: no error")
	}
	// A table that bypassed validation gives an error, not a panic.
	for _, bad := range []DivisorTable{{{40, 233}, {70, 56}}, {{60, 139}, {60, 139}}, {{60, 0}, {61, 132}}} {
		if _, err := Divisor(60, 6, bad); err == nil {
			t.Errorf("Divisor(60, 6, %v): no error", bad)
		}
	}
}

// docs/DOMAIN.md §6 worked example: C = 8000, I = 1.2, N = 30, balance 150 000,
// age 60 → basic 2640.00; account 150000 / 139 = 1079.14; total 3719.14.
func TestEmployeePensionWorkedExample(t *testing.T) {
	r, err := EmployeePension(PensionInput{
		AvgWage:  shebao.Yuan(8000),
		Index:    12000,
		Months:   30 * 12,
		Balance:  shebao.Yuan(150000),
		AgeYears: 60,
		Divisors: defaultDivisors(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Basic.String(), "2640.00"; got != want {
		t.Errorf("basic = %s, want %s", got, want)
	}
	if got, want := r.Account.String(), "1079.14"; got != want {
		t.Errorf("account = %s, want %s", got, want)
	}
	if got, want := r.Transition, shebao.Money(0); got != want {
		t.Errorf("transition = %s, want %s", got, want)
	}
	if got, want := r.Total.String(), "3719.14"; got != want {
		t.Errorf("total = %s, want %s", got, want)
	}
	if got, want := r.DivisorTenths, 1390; got != want {
		t.Errorf("divisor = %d, want %d", got, want)
	}
	if got, want := r.BasicExplain, "基础养老金 = (8000.00 + 8000.00×1.2000) ÷ 2 × 30年 × 1% = 2640.00元"; got != want {
		t.Errorf("basic explain = %q, want %q", got, want)
	}
	if got, want := r.AccountExplain, "个人账户养老金 = 150000.00 ÷ 139(60岁0个月的计发月数) = 1079.14元"; got != want {
		t.Errorf("account explain = %q, want %q", got, want)
	}
	if got, want := r.TotalExplain, "基本养老金 = 2640.00 + 1079.14 + 0.00 = 3719.14元/月"; got != want {
		t.Errorf("total explain = %q, want %q", got, want)
	}
	if !strings.Contains(r.Explain(), "过渡性养老金 = 0") {
		t.Errorf("explain lacks the transitional line: %q", r.Explain())
	}
}

// docs/DOMAIN.md §6 published examples: C = 4000, 15 years, I = 0.6 / 1.0 / 3.0
// → basic 480 / 600 / 1200.
func TestEmployeePensionPublishedBasics(t *testing.T) {
	table := defaultDivisors(t)
	for _, tt := range []struct {
		index string
		want  string
	}{
		{"0.6", "480.00"},
		{"1.0", "600.00"},
		{"3.0", "1200.00"},
	} {
		idx, err := ParseDecimal(tt.index, 4)
		if err != nil {
			t.Fatal(err)
		}
		r, err := EmployeePension(PensionInput{
			AvgWage: shebao.Yuan(4000), Index: idx, Months: 15 * 12, AgeYears: 60, Divisors: table,
		})
		if err != nil {
			t.Errorf("I = %s: %v", tt.index, err)
			continue
		}
		if got := r.Basic.String(); got != tt.want {
			t.Errorf("I = %s: basic = %s, want %s", tt.index, got, tt.want)
		}
	}
}

func TestEmployeePensionMonthsAndTransition(t *testing.T) {
	table := defaultDivisors(t)
	coef, err := shebao.ParsePercent("1.2") // pension.transition_coef "1.2"
	if err != nil {
		t.Fatal(err)
	}
	r, err := EmployeePension(PensionInput{
		AvgWage:        shebao.Yuan(8000),
		Index:          12000,
		Months:         30*12 + 6, // 30.5 years
		DeemedMonths:   10 * 12,
		Balance:        shebao.Yuan(150000),
		AgeYears:       60,
		AgeMonths:      1,
		Divisors:       table,
		TransitionCoef: coef,
	})
	if err != nil {
		t.Fatal(err)
	}
	// (8000 + 9600)/2 × 30.5 × 1% = 2684.00
	if got, want := r.Basic.String(), "2684.00"; got != want {
		t.Errorf("basic = %s, want %s", got, want)
	}
	// 150000 / 138.4 = 1083.815… → 1083.82
	if got, want := r.Account.String(), "1083.82"; got != want {
		t.Errorf("account = %s, want %s", got, want)
	}
	// 8000 × 1.2 × 10 × 1.2% = 1152.00
	if got, want := r.Transition.String(), "1152.00"; got != want {
		t.Errorf("transition = %s, want %s", got, want)
	}
	if got, want := r.Total.String(), "4919.82"; got != want {
		t.Errorf("total = %s, want %s", got, want)
	}
	if got, want := r.TransitionExplain, "过渡性养老金 = 8000.00 × 1.2000 × 10年 × 1.2% = 1152.00元"; got != want {
		t.Errorf("transition explain = %q, want %q", got, want)
	}
	if !strings.Contains(r.BasicExplain, "30年6个月") || !strings.Contains(r.AccountExplain, "138.4") {
		t.Errorf("explain = %q", r.Explain())
	}
}

func TestEmployeePensionErrors(t *testing.T) {
	table := defaultDivisors(t)
	ok := PensionInput{AvgWage: shebao.Yuan(8000), Index: 10000, Months: 180, AgeYears: 60, Divisors: table}
	tests := []struct {
		name   string
		change func(*PensionInput)
		reason string
	}{
		{"under 15 years", func(in *PensionInput) { in.Months = 179 }, "不足按月领取基本养老金的最低缴费年限15年"},
		{"under the raised minimum", func(in *PensionInput) { in.Months = 185; in.MinMonths = MinContributionYears(2030) }, "15年6个月"},
		{"deemed without coefficient", func(in *PensionInput) { in.DeemedMonths = 12 }, "过渡性养老金计发系数"},
		{"deemed over total", func(in *PensionInput) { in.DeemedMonths = 181 }, "不合理"},
		{"no wage", func(in *PensionInput) { in.AvgWage = 0 }, "社平工资"},
		{"age out of table", func(in *PensionInput) { in.AgeYears = 71 }, "超出计发月数表"},
		{"negative balance", func(in *PensionInput) { in.Balance = -1 }, "个人账户"},
	}
	if _, err := EmployeePension(ok); err != nil {
		t.Fatalf("base case: %v", err)
	}
	for _, tt := range tests {
		in := ok
		tt.change(&in)
		_, err := EmployeePension(in)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if msg := shebao.ErrorMessage(err); !strings.Contains(msg, tt.reason) {
			t.Errorf("%s: message %q lacks %q", tt.name, msg, tt.reason)
		}
	}
}

// docs/DOMAIN.md §6: "residents: basic 123 + 50000 / 139 = 482.71".
func TestResidentPension(t *testing.T) {
	got, explain, err := ResidentPension(shebao.Yuan(123), shebao.Yuan(50000), 1390)
	if err != nil {
		t.Fatal(err)
	}
	if want := "482.71"; got.String() != want {
		t.Errorf("ResidentPension = %s, want %s", got, want)
	}
	if want := "城乡居民养老金 = 基础养老金123.00 + 个人账户50000.00 ÷ 139 = 123.00 + 359.71 = 482.71元/月"; explain != want {
		t.Errorf("explain = %q, want %q", explain, want)
	}
	if _, _, err := ResidentPension(shebao.Yuan(123), shebao.Yuan(50000), 0); err == nil {
		t.Error("divisor 0: no error")
	}
}

func TestPensionAdjustment(t *testing.T) {
	adj := PensionAdjust{
		Fixed: shebao.Yuan(40), Percent: Pct(10000), PerYear: 150,
		Extras: []AgeExtra{{70, shebao.Yuan(20)}, {75, shebao.Yuan(30)}, {80, shebao.Yuan(40)}},
	}
	tests := []struct {
		pension shebao.Money
		years   int
		age     int
		want    string
	}{
		// 40 + 3719.14×1% (37.19) + 30×1.50 (45) = 122.19
		{371914, 30, 65, "122.19"},
		// + 30 for age 76
		{371914, 30, 76, "152.19"},
		{0, 0, 60, "40.00"},
	}
	for _, tt := range tests {
		got, explain := PensionAdjustment(adj, tt.pension, tt.years, tt.age)
		if got.String() != tt.want {
			t.Errorf("PensionAdjustment(%s, %d, %d) = %s, want %s (%s)", tt.pension, tt.years, tt.age, got, tt.want, explain)
		}
	}
}
