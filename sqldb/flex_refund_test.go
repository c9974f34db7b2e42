package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestFlexRefund: 周海军 (base 6000.00, 1200.00 a month) pays 2000.00 on
// 2025-01-10 for January: 800.00 is 暂收款. A refund of 300.00 is submitted,
// refused to its maker, approved by another clerk: Dr 2201 / Cr 1002 300.00,
// 500.00 left. 600.00 is refused (over the 500.00 held); two refunds of
// 400.00 submitted while 500.00 is held: the first approved, the second
// refused at approval (100.00 left) and still pending. A correction of the
// payment then reverses January and the 100.00 still held, not what was
// refunded; a refund after it is refused. The ledger stays balanced.
func TestFlexRefund(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := demo.IDNumber("640106", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC), 62, true)
		if err := db.CreatePerson(admin, person(id, "周海军", "640106100201")); err != nil {
			t.Fatal(err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
			t.Fatal(err)
		}
		if _, err := collectOf(db).AssessFlex(admin, "2025-01"); err != nil {
			t.Fatal(err)
		}
		r, err := collectOf(db).RecordFlexPayment(admin, "FR-1", id, shebao.Yuan(2000), "2025-01-10")
		if err != nil || r.Credit != shebao.Yuan(800) || r.LateFee != 0 {
			t.Fatalf("payment %+v %v", r, err)
		}
		suspense := func() shebao.Money { return -debitBalance(t, db, shebao.AcctSuspense) }

		req := shebao.FlexRefundRequest{Receipt: "FR-TF1", Ref: "FR-1", Amount: shebao.Yuan(300), Date: "2025-01-15", Reason: "多缴"}
		for _, bad := range []struct {
			r     shebao.FlexRefundRequest
			field string
			code  string
		}{
			{shebao.FlexRefundRequest{Receipt: "FR-X", Ref: "FR-1", Amount: 0, Date: "2025-01-15"}, "amount", shebao.EINVALID},
			{shebao.FlexRefundRequest{Receipt: "FR-X", Ref: "FR-1", Amount: shebao.Yuan(801), Date: "2025-01-15"}, "amount", shebao.EINVALID},
			{shebao.FlexRefundRequest{Receipt: "FR-X", Ref: "FR-1", Amount: shebao.Yuan(1), Date: "2025-01-05"}, "date", shebao.EINVALID},
			{shebao.FlexRefundRequest{Receipt: "FR-X", Ref: "NOPE", Amount: shebao.Yuan(1), Date: "2025-01-15"}, "", shebao.ENOTFOUND},
		} {
			if _, err := collectOf(db).RecordFlexRefund(admin, bad.r); errField(err) != bad.field || shebao.ErrorCode(err) != bad.code {
				t.Errorf("%+v: %v", bad.r, err)
			}
		}
		ap := mustSubmit(t)(collectOf(db).RecordFlexRefund(admin, req))
		if ap.Kind != shebao.ApproveFlexRefund || ap.Status != shebao.ApprovalPending || !strings.Contains(ap.Summary, "暂收款800.00元中退还300.00元") {
			t.Fatalf("approval %+v", ap)
		}
		if _, err := app.New(db).Approve.DecideApproval(admin, ap.ID, true, ""); err == nil {
			t.Fatal("the maker approved their own refund")
		}
		if got := suspense(); got != shebao.Yuan(800) {
			t.Fatalf("pending refund moved 暂收款: %s", got)
		}
		done := approve(t, db, ap)
		if done.Status != shebao.ApprovalApproved || !strings.Contains(done.Result, "已向周海军退还回单号FR-1的暂收款300.00元(退费前暂收款800.00元,余500.00元)") {
			t.Fatalf("approved %+v", done)
		}
		if got := suspense(); got != shebao.Yuan(500) {
			t.Errorf("暂收款 %s, want 500.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != shebao.Yuan(1700) {
			t.Errorf("银行存款 %s, want 1700.00", got)
		}
		checkBalanced(t, db)
		// Again: the approval made; the voucher with another amount: refused.
		if again, err := collectOf(db).RecordFlexRefund(admin, req); err != nil || again.ID != ap.ID {
			t.Errorf("again %+v %v", again, err)
		}
		other := req
		other.Amount = shebao.Yuan(100)
		if _, err := collectOf(db).RecordFlexRefund(admin, other); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("voucher reused: %v", err)
		}
		if _, err := collectOf(db).RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "FR-TF2", Ref: "FR-1", Amount: shebao.Yuan(600), Date: "2025-01-16"}); errField(err) != "amount" ||
			!strings.Contains(err.Error(), "暂收款余额500.00元") {
			t.Errorf("over the 暂收款: %v", err)
		}
		// Two of 400.00 against 500.00: the second fails when approved.
		a1 := mustSubmit(t)(collectOf(db).RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "FR-TF3", Ref: "FR-1", Amount: shebao.Yuan(400), Date: "2025-01-16"}))
		a2 := mustSubmit(t)(collectOf(db).RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "FR-TF4", Ref: "FR-1", Amount: shebao.Yuan(400), Date: "2025-01-16"}))
		approve(t, db, a1)
		if _, err := app.New(db).Approve.DecideApproval(refundChecker, a2.ID, true, ""); errField(err) != "amount" {
			t.Errorf("second refund approved: %v", err)
		}
		if aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 10); err != nil || len(aps) != 1 || aps[0].ID != a2.ID {
			t.Errorf("pending %+v %v", aps, err)
		}
		if got := suspense(); got != shebao.Yuan(100) {
			t.Errorf("暂收款 %s, want 100.00", got)
		}
		checkBalanced(t, db)

		// The correction reverses January (1200.00) and the 100.00 held.
		c := approve(t, db, mustSubmit(t)(collectOf(db).RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "FR-CZ", Ref: "FR-1", Date: "2025-01-20", Reason: "错记人员"})))
		if !strings.Contains(c.Result, "冲回已缴1200.00元、暂收款100.00元") || !strings.Contains(c.Result, "此前已退费700.00元,不再冲回") {
			t.Errorf("correction %s", c.Result)
		}
		if got := suspense(); got != 0 {
			t.Errorf("暂收款 after correction %s", got)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != 0 {
			t.Errorf("银行存款 after correction %s, want 0", got)
		}
		if _, err := collectOf(db).RecordFlexRefund(admin, shebao.FlexRefundRequest{Receipt: "FR-TF5", Ref: "FR-1", Amount: shebao.Yuan(1), Date: "2025-01-21"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("refund after correction: %v", err)
		}
		checkBalanced(t, db)
	})
}
