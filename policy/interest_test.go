package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

func TestAccountInterest(t *testing.T) {
	tests := []struct {
		opening, credits shebao.Money
		rate             shebao.Rate
		want             shebao.Money
	}{
		// 100000.00 × 6.12% = 6120.00; 9600.00 × 6.12% × 1.083 / 2 = 318.14208;
		// together 6438.14208 → 6438.14.
		{shebao.Yuan(100000), shebao.Yuan(9600), 61200, shebao.Money(643814)},
		// 2024: 2.62%. 50000.00 × 2.62% = 1310.00; 3840.00 × 2.62% × 0.5415 = 54.479… → 1364.48.
		{shebao.Yuan(50000), shebao.Yuan(3840), 26200, shebao.Money(136448)},
		// A new account: only this year's credits, 768.00 × 8.31% × 0.5415 = 34.558… → 34.56.
		{0, shebao.Yuan(768), 83100, shebao.Money(3456)},
		{0, 0, 61200, 0},
	}
	for _, tt := range tests {
		got, explain := AccountInterest(tt.opening, tt.credits, tt.rate)
		if got != tt.want {
			t.Errorf("AccountInterest(%s, %s, %s) = %s, want %s", tt.opening, tt.credits, tt.rate.Percent(), got, tt.want)
		}
		if !strings.Contains(explain, "1.083") || !strings.Contains(explain, tt.want.String()) {
			t.Errorf("explanation %q", explain)
		}
	}
}

// TestAccountInterestMonths: the interest of a year's first m months, by
// hand: opening × r × m/12 + credits × r × (m+1)/24, rounded once.
func TestAccountInterestMonths(t *testing.T) {
	for _, tt := range []struct {
		opening, credits shebao.Money
		rate             shebao.Rate
		months           int
		want             shebao.Money
	}{
		// 97120.00 × 2.62% × 4/12 = 848.18133…; 2880.00 × 2.62% × 5/24 = 15.72;
		// 863.90133… → 863.90.
		{shebao.Yuan(97120), shebao.Yuan(2880), 26200, 4, shebao.Money(86390)},
		// January: 120000.00 × 3% × 1/12 = 300.00; 1000.00 × 3% × 2/24 = 2.50 → 302.50.
		{shebao.Yuan(120000), shebao.Yuan(1000), 30000, 1, shebao.Money(30250)},
		// Half up: 100.01 × 6% × 6/12 = 3.0003; nothing credited → 3.00.
		{shebao.Money(10001), 0, 60000, 6, shebao.Money(300)},
		// December is the annual formula: 100000.00 × 6.12% + 9600.00 × 6.12% × 1.083/2 = 6438.14.
		{shebao.Yuan(100000), shebao.Yuan(9600), 61200, 12, shebao.Money(643814)},
		{shebao.Yuan(100000), 0, 61200, 0, 0},
	} {
		got, explain := AccountInterestMonths(tt.opening, tt.credits, tt.rate, tt.months)
		if got != tt.want {
			t.Errorf("AccountInterestMonths(%s, %s, %s, %d) = %s, want %s", tt.opening, tt.credits, tt.rate.Percent(), tt.months, got, tt.want)
		}
		if tt.months > 0 && !strings.Contains(explain, tt.want.String()) {
			t.Errorf("explanation %q", explain)
		}
	}
}
