package transfer_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestRentInKind (issue #17 item 2): LZ-K takes p1's 10.00 亩 at 500斤小麦
// per 亩 and year, 2024-07-01 to 2026-12-31, converted at the shipped
// example prices of transfer.kind_prices (小麦 1.18 元/斤 in 2024, 1.19 in
// 2025, none for 2026): 500 × 10.00 = 5000.00 斤 a year → 2024: 5000.00 ×
// 1.18 = 5900.00; 2025: 5000.00 × 1.19 = 5950.00; 2026 (184 days) left
// due until a 2026 price is set. A commodity without a price is refused.
func TestRentInKind(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		l := line("LZ-K", p1, "10", ids["a"], ids)
		l.Start, l.End, l.Rent, l.Purpose = "2024-07-01", "2026-12-31", "500斤小麦/亩/年", "种植小麦"
		corn := line("LZ-C", p2, "4", ids["a"], ids)
		corn.Rent = "600斤玉米"
		_, errs := importLines(t, a, "k", l, corn)
		if errs[0] != nil {
			t.Fatal(errs[0])
		}
		if errs[1] == nil || fieldOf(errs[1]) != "租金" || !strings.Contains(errs[1].Error(), "“玉米”没有折价标准") {
			t.Errorf("corn: %v", errs[1])
		}
		if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, "LZ-K").ID, true, ""); err != nil {
			t.Fatal(err)
		}
		tr, err := a.Transfer.FindTransfer(town, "LZ-K")
		if err != nil {
			t.Fatal(err)
		}
		if tr.RentKind != "小麦" || tr.RentQty != "500.00" || tr.Rent != 0 || tr.RentText() != "500.00斤小麦/亩/年" {
			t.Fatalf("terms: %+v", tr)
		}
		rents, _, err := a.Transfer.TransferRents(town, tr, "2026-12-01")
		if err != nil {
			t.Fatal(err)
		}
		if len(rents) != 3 || rents[0].Amount != shebao.Yuan(5900) || rents[1].Amount != shebao.Yuan(5950) || !rents[2].Pending ||
			rents[2].Amount != 0 {
			t.Fatalf("rents: %+v", rents)
		}
		if !strings.Contains(rents[1].Explanation, "500.00斤小麦/亩/年 × 10.00亩 = 5000.00斤 × 1.19元/斤(2025年小麦折价") ||
			!strings.Contains(rents[2].Explanation, "2026年小麦折价尚未公布") {
			t.Errorf("explanations: %s | %s", rents[1].Explanation, rents[2].Explanation)
		}
		// The whole term owes what is priced: 5900.00 + 5950.00.
		if _, _, err := a.Transfer.RecordRentPayment(town, shebao.RentPayment{Receipt: "K-1", No: "LZ-K", Amount: shebao.Yuan(11850) + 1, Date: "2025-08-01"}); err == nil {
			t.Error("more than the priced rents")
		}
		if _, _, err := a.Transfer.RecordRentPayment(town, shebao.RentPayment{Receipt: "K-1", No: "LZ-K", Amount: shebao.Yuan(5900), Date: "2024-07-10"}); err != nil {
			t.Fatal(err)
		}
		// On 2026-08-01 the 2025 instalment is overdue (396 days since
		// 2025-07-01); the 2026 one, unpriced, is not listed.
		r, err := a.Transfer.RentArrears(town, "", "2026-08-01")
		if err != nil {
			t.Fatal(err)
		}
		if r.Unpaid != shebao.Yuan(5950) || len(r.Towns) != 1 || len(r.Towns[0].Villages[0].Items) != 1 ||
			r.Towns[0].Villages[0].Items[0].Seq != 2 || r.Towns[0].Villages[0].Items[0].DaysOverdue != 396 {
			t.Fatalf("arrears: %+v", r)
		}
		// Kind rents are left out of the price guidance (元/亩/年).
		if g, err := a.Transfer.PriceGuide(town, village, "2025-06-30"); err != nil || len(g.Rows) != 0 {
			t.Errorf("price guide: %+v %v", g, err)
		}
	})
}
