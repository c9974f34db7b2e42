package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// Years as decimals (a what-if: shebao calc pension --years 15.25) give the
// same result as the same whole months, and finer years are exact to the
// fen.
func TestEmployeePensionFractionalYears(t *testing.T) {
	table := defaultDivisors(t)
	coef, _ := shebao.ParsePercent("1.2")
	base := PensionInput{AvgWage: shebao.Yuan(8000), Index: 12000, Balance: shebao.Yuan(150000), AgeYears: 60, Divisors: table, TransitionCoef: coef}
	tests := []struct {
		name                     string
		months, deemed           int
		yearsE4, deemedE4        int64
		basic, transition, total string
		years                    string
	}{
		// (8000 + 9600)/2 × 30 × 1% = 2640.00; the docs/DOMAIN.md example.
		{name: "30 years", yearsE4: 300000, basic: "2640.00", transition: "0.00", total: "3719.14", years: "30年"},
		{name: "30 years as months", months: 360, basic: "2640.00", transition: "0.00", total: "3719.14", years: "30年"},
		// 8800 × 30.5 × 1% = 2684.00, same as 366 months.
		{name: "30.5 years", yearsE4: 305000, basic: "2684.00", transition: "0.00", total: "3763.14", years: "30年6个月"},
		// 8800 × 15.25 × 1% = 1342.00
		{name: "15.25 years", yearsE4: 152500, basic: "1342.00", transition: "0.00", total: "2421.14", years: "15年3个月"},
		// 8800 × 15.3 × 1% = 1346.40, not a whole month (183.6)
		{name: "15.3 years", yearsE4: 153000, basic: "1346.40", transition: "0.00", total: "2425.54", years: "15.3年"},
		// 8800 × 20.0001 × 1% = 1760.0088 → 1760.01
		{name: "rounding", yearsE4: 200001, basic: "1760.01", transition: "0.00", total: "2839.15", years: "20.0001年"},
		// deemed 5.5 years: 8000 × 1.2 × 5.5 × 1.2% = 633.60; same in months
		{name: "deemed decimal", yearsE4: 250000, deemedE4: 55000, basic: "2200.00", transition: "633.60", total: "3912.74", years: "25年"},
		{name: "deemed months", months: 300, deemed: 66, basic: "2200.00", transition: "633.60", total: "3912.74", years: "25年"},
		// deemed 3.3 years: 9600 × 3.3 × 1.2% = 380.16
		{name: "deemed 3.3", yearsE4: 200000, deemedE4: 33000, basic: "1760.00", transition: "380.16", total: "3219.30", years: "20年"},
	}
	for _, tt := range tests {
		in := base
		in.Months, in.DeemedMonths, in.YearsE4, in.DeemedYearsE4 = tt.months, tt.deemed, tt.yearsE4, tt.deemedE4
		r, err := EmployeePension(in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if r.Basic.String() != tt.basic || r.Transition.String() != tt.transition || r.Total.String() != tt.total {
			t.Errorf("%s: basic %s transition %s total %s, want %s %s %s", tt.name, r.Basic, r.Transition, r.Total, tt.basic, tt.transition, tt.total)
		}
		if !strings.Contains(r.BasicExplain, "× "+tt.years+" × 1%") {
			t.Errorf("%s: explain %q lacks %q", tt.name, r.BasicExplain, tt.years)
		}
	}
	// Under 15 years, in decimals too: 14.99 years.
	in := base
	in.YearsE4 = 149900
	if _, err := EmployeePension(in); err == nil || !strings.Contains(shebao.ErrorMessage(err), "14.99年,不足") {
		t.Errorf("14.99 years: %v", err)
	}
	in.YearsE4, in.DeemedYearsE4 = 200000, 200001
	if _, err := EmployeePension(in); err == nil {
		t.Error("deemed above total: no error")
	}
	in.YearsE4, in.DeemedYearsE4 = 1000001, 0
	if _, err := EmployeePension(in); err == nil {
		t.Error("more than 100 years: no error")
	}
}

func TestParseAge(t *testing.T) {
	for _, tt := range []struct {
		in            string
		years, months int
		divisor       string
	}{
		{"60", 60, 0, "139"},
		{"60y1m", 60, 1, "138.4"},
		{"62y10m", 62, 10, "118.3"},
		{"50Y1M", 50, 1, "194.6"},
		{"62岁10个月", 62, 10, "118.3"},
		{" 55岁 ", 55, 0, "170"},
		{"63y", 63, 0, "117"},
	} {
		y, m, err := ParseAge(tt.in)
		if err != nil || y != tt.years || m != tt.months {
			t.Errorf("ParseAge(%q) = %d, %d, %v", tt.in, y, m, err)
			continue
		}
		d, err := Divisor(y, m, defaultDivisors(t))
		if err != nil || DivisorText(d) != tt.divisor {
			t.Errorf("divisor of %q = %s, %v, want %s", tt.in, DivisorText(d), err, tt.divisor)
		}
	}
	for _, bad := range []string{"", "y", "60y12m", "60.5", "-60", "60y1", "60m", "六十", "1234"} {
		if _, _, err := ParseAge(bad); err == nil {
			t.Errorf("ParseAge(%q): no error", bad)
		}
	}
}
