package ledger

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// A year of one pension account by hand: 1000.00 at the start, 384.00
// credited in March, 26.20 interest, 100.00 transferred out: 1310.20 at
// the end.
func TestTally(t *testing.T) {
	st := &shebao.Statement{Year: 2024, Funds: []shebao.FundStatement{{Fund: "110", Opening: shebao.Yuan(1000), Items: []shebao.StatementItem{
		{Date: "2024-03-31", Kind: shebao.MoveCredit, Source: "bill:91640106MA00000001:2024-03", Amount: shebao.Yuan(384)},
		{Date: "2024-06-30", Kind: shebao.MoveTransferOut, Source: "transfer:x", Amount: -shebao.Yuan(100)},
		{Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024:640106", Amount: 2620},
	}}}}
	tally(st)
	fs := st.Funds[0]
	if fs.Credits != shebao.Yuan(384) || fs.Interest != 2620 || fs.Debits != -shebao.Yuan(100) || fs.Closing != 131020 {
		t.Errorf("sums %+v", fs)
	}
	if got := []shebao.Money{fs.Items[0].Balance, fs.Items[1].Balance, fs.Items[2].Balance}; got[0] != 138400 || got[1] != 128400 || got[2] != 131020 {
		t.Errorf("balances %v", got)
	}
	if fs.Items[0].Month != "2024-03" || !strings.Contains(fs.Items[0].Explanation, "2024-03月缴费足额到账") ||
		!strings.Contains(fs.Items[2].Explanation, "2024年度记账利息") {
		t.Errorf("items %+v", fs.Items)
	}
	if !strings.Contains(fs.Summary, "年初余额1000.00元,本年记账384.00元,记账利息26.20元,支取/转出100.00元,年末余额1310.20元") {
		t.Errorf("summary %q", fs.Summary)
	}
}
