package collect_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// An "as of" figure counts only the money received by that date, with the
// late fee accruing on what was unpaid on each day (issue #14 item 12).
//
// March's bill of one employee at a base of 6000.00 is, at the default
// rates, 960.00 + 480.00 (110) + 42.00 + 18.00 (210) + 390.00 + 120.00
// (310, 6.5% + 2%) + 12.00 (410, class 1 at 0.2%) = 2022.00, due
// 2025-03-31. 1000.00 arrives on 2025-04-10 (10 days late) and the other
// 1022.00 on 2025-05-01 (31 days late). By hand, at 0.05% a day:
//
//	as of 2025-04-05: 2022.00 unpaid × 5 days = 5.055 → 5.06; no fee assessed yet
//	as of 2025-04-20: 1022.00 unpaid × 20 days = 10.22, and the fee of
//	                  the 1000.00 paid 10 days late, 1000.00 × 10 = 5.00
//	as of 2025-05-10: nothing unpaid; fees assessed 5.00 + 1022.00 × 31
//	                  days = 15.841 → 15.84, together 20.84
//
// Before the fix an "as of" figure counted both payments whatever the
// date: on 2025-04-05 and 2025-04-20 the bill showed as paid in full.
func TestArrearsAsOfCountsOnlyMoneyReceived(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		ctx := sqldbtest.Admin()
		c := a.Collect
		uscc, flex, total := payers(t, a)
		if total != shebao.Yuan(2022) {
			t.Fatalf("March total %s, want 2022.00", total)
		}
		for _, p := range []shebao.Payment{
			{ReceiptNo: "ASOF-1", Employer: uscc, Amount: shebao.Yuan(1000), PaidOn: "2025-04-10"},
			{ReceiptNo: "ASOF-2", Employer: uscc, Amount: shebao.Yuan(1022), PaidOn: "2025-05-01"},
		} {
			if _, err := c.RecordPayment(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			date                 string
			unpaid, fee, charged shebao.Money
			days                 int
			explain              string
		}{
			{"2025-04-05", shebao.Yuan(2022), 506, 0, 5, "2022.00 × 0.05% × 5天 = 5.06元"},
			{"2025-04-20", shebao.Yuan(1022), 1022, 500, 20, "已缴1000.00元"},
			{"2025-05-10", 0, 0, 2084, 0, ""},
		} {
			bills, unpaid, fee, err := c.Arrears(ctx, uscc, tc.date)
			if err != nil {
				t.Fatal(err)
			}
			if unpaid != tc.unpaid || fee != tc.fee {
				t.Errorf("%s: unpaid %s fee %s, want %s and %s (%+v)", tc.date, unpaid, fee, tc.unpaid, tc.fee, bills)
			}
			if tc.unpaid > 0 && (len(bills) != 1 || bills[0].Days != tc.days || !strings.Contains(bills[0].Explain, tc.explain)) {
				t.Errorf("%s: bills %+v, want %d days and %q", tc.date, bills, tc.days, tc.explain)
			}
			if tc.unpaid == 0 && len(bills) != 0 {
				t.Errorf("%s: bills %+v, want none", tc.date, bills)
			}
			charged, err := c.LateFeesOutstanding(ctx, uscc, tc.date)
			if err != nil {
				t.Fatal(err)
			}
			if charged != tc.charged {
				t.Errorf("%s: late fees assessed and unpaid %s, want %s", tc.date, charged, tc.charged)
			}
		}
		// A correction (冲正) says the money was never this employer's: once
		// ASOF-1 is corrected (on 2025-05-20), no figure counts it, at any
		// date — on 2025-04-20 the whole 2022.00 was unpaid for 20 days,
		// 2022.00 × 0.05% × 20 = 20.22, and no fee had been assessed.
		ap, err := c.RecordCorrection(ctx, shebao.CorrectionRequest{Receipt: "ASOF-C", Ref: "ASOF-1", Date: "2025-05-20", Reason: "错记单位"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(checker, ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, unpaid, fee, err := c.Arrears(ctx, uscc, "2025-04-20"); err != nil || unpaid != shebao.Yuan(2022) || fee != 2022 {
			t.Errorf("after the correction, as of 2025-04-20: unpaid %s fee %s (%v), want 2022.00 and 20.22", unpaid, fee, err)
		}
		if charged, err := c.LateFeesOutstanding(ctx, uscc, "2025-04-20"); err != nil || charged != 0 {
			t.Errorf("after the correction, fees as of 2025-04-20: %s (%v), want 0.00", charged, err)
		}
		// Flexible payers' arrears follow the same rule (one pipeline): the
		// 1200.00 of March paid on 2025-04-20 is unpaid on 2025-04-05,
		// 1200.00 × 0.05% × 5 days = 3.00.
		if _, err := c.RecordFlexPayment(ctx, "ASOF-F", flex, shebao.Yuan(1200), "2025-04-20"); err != nil {
			t.Fatal(err)
		}
		flexAs, err := c.FlexArrears(ctx, flex, "2025-04-05")
		if err != nil {
			t.Fatal(err)
		}
		if len(flexAs) != 1 || flexAs[0].Unpaid != shebao.Yuan(1200) || flexAs[0].LateFee != shebao.Yuan(3) {
			t.Errorf("flex arrears %+v, want 1200.00 unpaid and 3.00", flexAs)
		}
	})
}
