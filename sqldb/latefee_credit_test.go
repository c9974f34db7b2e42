package sqldb_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 暂收款 already held pays late fees outstanding after the bills: April
// made unpaid again by a refund (多征) is paid by `payments apply` from
// the 1500.00 held by a payment that came 10 days after April's due date,
// which assesses 1000.00 × 0.05% × 10 = 5.00 of late fee, and the same
// application takes the 5.00 from what the payment still holds (495.00
// left). Applying again changes nothing; the correction of that payment
// reverses the bill, the fee paid and the fee assessed.
func TestLateFeeFromSuspense(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, _, march, april := paymentFixture(t, db, 57)
		due, err := time.Parse(shebao.DateLayout, april.DueDate)
		if err != nil {
			t.Fatal(err)
		}
		late := due.AddDate(0, 0, 10).Format(shebao.DateLayout)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZS-1", Employer: uscc, Amount: march.Total + april.Total, PaidOn: march.DueDate}); err != nil {
			t.Fatal(err)
		}
		r, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZS-2", Employer: uscc, Amount: shebao.Yuan(1500), PaidOn: late})
		if err != nil || r.Credit != shebao.Yuan(1500) || r.LateFeePaid != 0 {
			t.Fatalf("ZS-2 %+v %v", r, err)
		}
		approve(t, db, mustSubmit(t)(collectOf(db).RecordRefund(admin, shebao.RefundRequest{Receipt: "ZS-TF", Ref: "ZS-1", Amount: shebao.Yuan(1000),
			Date: late, Reason: "多征"})))
		if b, _ := db.FindBill(admin, uscc, "2025-04"); b.Paid != april.Total-shebao.Yuan(1000) {
			t.Fatalf("April after refund paid %s of %s", b.Paid, april.Total)
		}

		res, err := collectOf(db).ApplyCredit(admin, uscc, late)
		if err != nil || res.Total != shebao.Yuan(1000) || len(res.Applied) != 1 || res.Applied[0].LateDays != 10 || !res.Applied[0].Settled {
			t.Fatalf("apply %+v %v", res, err)
		}
		if res.LateFeeTotal != shebao.Yuan(5) || len(res.LateFees) != 1 || res.LateFees[0].ReceiptNo != "ZS-2" || res.Left != shebao.Yuan(495) {
			t.Fatalf("late fees from 暂收款 %+v", res)
		}
		var byScheme shebao.Money
		for _, m := range res.LateFees[0].ByScheme {
			byScheme += m
		}
		if byScheme != shebao.Yuan(5) || len(res.LateFees[0].ByScheme) < 2 {
			t.Errorf("fee by scheme %v", res.LateFees[0].ByScheme)
		}
		f, err := collectOf(db).LateFees(admin, uscc, "")
		if err != nil || f.Assessed != shebao.Yuan(5) || f.Paid != shebao.Yuan(5) || f.Outstanding != 0 {
			t.Fatalf("late fees %+v %v", f, err)
		}
		if _, held, _ := collectOf(db).Suspense(admin, uscc); held != shebao.Yuan(495) {
			t.Errorf("暂收款 %s, want 495.00", held)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != 0 {
			t.Errorf("应收 %s, want 0", got)
		}
		if got := -debitBalance(t, db, shebao.AcctSuspense); got != shebao.Yuan(495) {
			t.Errorf("暂收款 in the ledger %s, want 495.00", got)
		}
		bank := march.Total + april.Total + shebao.Yuan(500)
		if got := debitBalance(t, db, shebao.AcctBank); got != bank {
			t.Errorf("银行存款 %s, want %s", got, bank)
		}
		checkBalanced(t, db)

		// Again: nothing more.
		again, err := collectOf(db).ApplyCredit(admin, uscc, late)
		if err != nil || again.Total != 0 || again.LateFeeTotal != 0 || again.Left != shebao.Yuan(495) {
			t.Fatalf("apply again %+v %v", again, err)
		}
		// A repeat of ZS-2's receipt still shows what it did when recorded.
		if rep, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZS-2", Employer: uscc, Amount: shebao.Yuan(1500), PaidOn: late}); err != nil ||
			!rep.Repeat || rep.LateFeePaid != 0 {
			t.Errorf("repeat %+v %v", rep, err)
		}

		// The correction of ZS-2 reverses April's 1000.00, the 5.00 paid
		// and the 5.00 assessed, and the 495.00 held.
		approve(t, db, mustSubmit(t)(collectOf(db).RecordCorrection(admin, shebao.CorrectionRequest{Receipt: "ZS-CZ", Ref: "ZS-2", Date: late, Reason: "错账"})))
		if b, _ := db.FindBill(admin, uscc, "2025-04"); b.Paid != april.Total-shebao.Yuan(1000) {
			t.Errorf("April after correction paid %s of %s", b.Paid, april.Total)
		}
		if f, _ := collectOf(db).LateFees(admin, uscc, ""); f.Assessed != 0 || f.Paid != 0 || f.Outstanding != 0 {
			t.Errorf("late fees after correction %+v", f)
		}
		if _, held, _ := collectOf(db).Suspense(admin, uscc); held != 0 {
			t.Errorf("暂收款 after correction %s", held)
		}
		for _, acct := range []string{shebao.AcctContributionsReceivable, shebao.AcctSuspense, shebao.AcctOtherIncome} {
			if got := debitBalance(t, db, acct); got != 0 {
				t.Errorf("%s after correction %s, want 0", acct, got)
			}
		}
		if got, want := debitBalance(t, db, shebao.AcctBank), march.Total+april.Total-shebao.Yuan(1000); got != want {
			t.Errorf("银行存款 after correction %s, want %s", got, want)
		}
		checkBalanced(t, db)
	})
}
