package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// The defaults: 社平工资 8000.00, base 60%–300% (4800.00 to 24000.00), 20%
// to the employee pension, 8% of the base to the account (国发〔2005〕38号).
func TestFlexBill(t *testing.T) {
	fp, err := FlexParamsFor(NewSet(Default()), "640106100201", "2025-03")
	if err != nil {
		t.Fatal(err)
	}
	if fp.Floor != shebao.Yuan(4800) || fp.Ceiling != shebao.Yuan(24000) {
		t.Fatalf("limits %s–%s, want 4800.00–24000.00", fp.Floor, fp.Ceiling)
	}
	for _, c := range []struct {
		registered, base, amount, account shebao.Money
		says                              string
	}{
		// 6000.00 × 20% = 1200.00; × 8% = 480.00.
		{shebao.Yuan(6000), shebao.Yuan(6000), shebao.Yuan(1200), shebao.Yuan(480), "应缴 6000.00 × 20% = 1200.00元"},
		// 4000.00 is below this month's floor: billed at 4800.00, 960.00
		// and 384.00.
		{shebao.Yuan(4000), shebao.Yuan(4800), shebao.Yuan(960), shebao.Yuan(384), "登记基数4000.00元低于本月下限,按下限4800.00元核定"},
		// 30000.00 is above the ceiling: 24000.00, 4800.00 and 1920.00.
		{shebao.Yuan(30000), shebao.Yuan(24000), shebao.Yuan(4800), shebao.Yuan(1920), "按上限24000.00元核定"},
		// 6543.21 × 20% = 1308.642 → 1308.64; × 8% = 523.4568 → 523.46.
		{654321, 654321, 130864, 52346, "记入个人账户 6543.21 × 8% = 523.46元"},
	} {
		b := fp.Bill("2025-03", c.registered)
		if b.Base != c.base || b.Amount != c.amount || b.Account != c.account || !strings.Contains(b.Explanation, c.says) {
			t.Errorf("%s: %+v, want base %s amount %s account %s saying %q", c.registered, b, c.base, c.amount, c.account, c.says)
		}
	}
}
