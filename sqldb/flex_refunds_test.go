package sqldb_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A flexible payer at a base of 6000.00 owes 1200.00 a month (20%). Money
// arriving late assesses the late fee at 0.05% a day, paid after the bills
// by what is left of a later payment; the correction of a payment,
// approved by a second clerk, reverses its allocations, the account credit
// of the month it had paid in full, its 暂收款, the fees it paid and the
// fees it assessed, by new rows and entries; the month paid again is
// credited again.
func TestFlexLateFeeAndCorrection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := demo.IDNumber("640106", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC), 61, true)
		if err := db.CreatePerson(admin, person(id, "周海军", "640106100201")); err != nil {
			t.Fatal(err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
			t.Fatal(err)
		}
		for _, m := range []shebao.Period{"2025-01", "2025-02"} {
			if _, err := collectOf(db).AssessFlex(admin, m); err != nil {
				t.Fatal(err)
			}
		}
		account := func() shebao.Money {
			b, _, err := db.IndividualAccount(admin, id, "110")
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		// January 1200.00 20 days late: 1200.00 × 0.05% × 20 = 12.00.
		r, err := collectOf(db).RecordFlexPayment(admin, "FX-1", id, shebao.Yuan(1500), "2025-02-20")
		if err != nil || r.LateFee != shebao.Yuan(12) || r.LateFeePaid != 0 || r.Credit != 0 {
			t.Fatalf("FX-1 %+v %v", r, err)
		}
		// February 900.00 10 days late: 4.50; the 100.00 left pays 16.50
		// of fees, 83.50 is 暂收款.
		r, err = collectOf(db).RecordFlexPayment(admin, "FX-2", id, shebao.Yuan(1000), "2025-03-10")
		if err != nil || r.LateFee != shebao.Money(450) || r.LateFeePaid != shebao.Money(1650) || r.Credit != shebao.Money(8350) {
			t.Fatalf("FX-2 %+v %v", r, err)
		}
		if got := account(); got != shebao.Yuan(960) {
			t.Errorf("account %s, want 960.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != 0 {
			t.Errorf("应收 %s, want 0", got)
		}
		if got := -debitBalance(t, db, shebao.AcctOtherIncome); got != shebao.Money(1650) {
			t.Errorf("其他收入 %s, want 16.50", got)
		}
		if again, err := collectOf(db).RecordFlexPayment(admin, "FX-2", id, shebao.Yuan(1000), "2025-03-10"); err != nil || !again.Repeat {
			t.Errorf("repeat %+v %v", again, err)
		}
		checkBalanced(t, db)

		// The correction of FX-2.
		req := shebao.FlexCorrectionRequest{Receipt: "FX-CZ", Ref: "FX-2", Date: "2025-03-12", Reason: "错记人员"}
		if _, err := collectOf(db).RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "FX-CZ", Ref: "FX-2", Date: "2025-03-12"}); errField(err) != "reason" {
			t.Errorf("without reason: %v", err)
		}
		if _, err := collectOf(db).RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "FX-CZ0", Ref: "NOPE", Date: "2025-03-12", Reason: "x"}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("unknown payment: %v", err)
		}
		ap := mustSubmit(t)(collectOf(db).RecordFlexCorrection(admin, req))
		if ap.Kind != shebao.ApproveFlexCorrect || ap.Status != shebao.ApprovalPending {
			t.Fatalf("approval %+v", ap)
		}
		if _, err := app.New(db).Approve.DecideApproval(admin, ap.ID, true, ""); err == nil {
			t.Fatal("the maker approved their own correction")
		}
		if got := account(); got != shebao.Yuan(960) {
			t.Fatalf("pending correction changed the account: %s", got)
		}
		done := approve(t, db, ap)
		if done.Status != shebao.ApprovalApproved {
			t.Fatalf("approved %+v", done)
		}
		if got := account(); got != shebao.Yuan(480) {
			t.Errorf("account after correction %s, want 480.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != shebao.Yuan(12) {
			t.Errorf("应收 after correction %s, want 12.00 (January's fee owed again)", got)
		}
		if got := -debitBalance(t, db, shebao.AcctOtherIncome); got != shebao.Yuan(12) {
			t.Errorf("其他收入 after correction %s, want 12.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctSuspense); got != 0 {
			t.Errorf("暂收款 after correction %s", got)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != shebao.Yuan(1500) {
			t.Errorf("银行存款 after correction %s, want 1500.00", got)
		}
		ars, err := collectOf(db).FlexArrears(admin, id, "2025-03-12")
		if err != nil || len(ars) != 1 || ars[0].Period != "2025-02" || ars[0].Unpaid != shebao.Yuan(900) {
			t.Errorf("arrears after correction %+v %v", ars, err)
		}
		checkBalanced(t, db)
		// The same request again: the approval made; another voucher for
		// the same payment: refused.
		if again, err := collectOf(db).RecordFlexCorrection(admin, req); err != nil || again.ID != ap.ID {
			t.Errorf("again %+v %v", again, err)
		}
		if _, err := collectOf(db).RecordFlexCorrection(admin, shebao.FlexCorrectionRequest{Receipt: "FX-CZ2", Ref: "FX-2", Date: "2025-03-12", Reason: "再次"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second correction: %v", err)
		}

		// The right payment: February paid in full again 10 days late
		// (4.50), 12.00 left pays 12.00 of the 16.50 owed; the account is
		// credited again.
		r, err = collectOf(db).RecordFlexPayment(admin, "FX-3", id, shebao.Yuan(912), "2025-03-10")
		if err != nil || r.LateFee != shebao.Money(450) || r.LateFeePaid != shebao.Yuan(12) || r.Credit != 0 {
			t.Fatalf("FX-3 %+v %v", r, err)
		}
		if got := account(); got != shebao.Yuan(960) {
			t.Errorf("account after FX-3 %s, want 960.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != shebao.Money(450) {
			t.Errorf("应收 after FX-3 %s, want 4.50", got)
		}
		checkBalanced(t, db)
	})
}
