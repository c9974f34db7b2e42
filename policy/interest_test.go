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
