package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The checker (复核) of refunds and corrections: another collection clerk
// than the maker (the system actor, admin).
var refundChecker = shebao.WithActor(context.Background(), shebao.Actor{Name: "fuhe", Role: "clerk/collection", Region: "640106000000", Remote: "test"})

// debitBalance is Σ debit − Σ credit of an account over every fund.
func debitBalance(t *testing.T, db *sqldb.DB, account string) shebao.Money {
	t.Helper()
	var v int64
	err := db.Update(admin, func(tx *sqldb.Tx) error {
		return tx.QueryRow(admin, `SELECT COALESCE(CAST(SUM(debit - credit) AS BIGINT), 0) FROM journal_lines WHERE account = $1`, account).Scan(&v)
	})
	if err != nil {
		t.Fatal(err)
	}
	return shebao.Money(v)
}

// accountsOf returns the 110 and 310 balances of the persons.
func accountsOf(t *testing.T, db *sqldb.DB, ids []string) map[string]shebao.Money {
	t.Helper()
	out := map[string]shebao.Money{}
	for _, id := range ids {
		for _, f := range []string{"110", "310"} {
			b, _, err := db.IndividualAccount(admin, id, f)
			if err != nil {
				t.Fatal(err)
			}
			out[id+"/"+f] = b
		}
	}
	return out
}

func billDue(bills []*shebao.Bill, ids []string) map[string]shebao.Money {
	out := map[string]shebao.Money{}
	for _, id := range ids {
		for _, f := range []string{"110", "310"} {
			for _, b := range bills {
				out[id+"/"+f] += accountDue(b, id, f)
			}
		}
	}
	return out
}

func sameMoney(a, b map[string]shebao.Money) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func approve(t *testing.T, db *sqldb.DB, ap *shebao.Approval) *shebao.Approval {
	t.Helper()
	got, err := app.New(db).Approve.DecideApproval(refundChecker, ap.ID, true, "核对银行回单")
	if err != nil {
		t.Fatalf("approve %s: %v", ap.Summary, err)
	}
	return got
}

// A refund of 暂收款 waits for a second clerk; it pays back at most what
// the payment holds, reverses allocations only with a reason, withdraws
// the individual-account credits of a bill it makes unpaid, and is done
// once however often it is asked for.
func TestRefundSuspense(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		uscc, ids, march, april := paymentFixture(t, db, 51)
		paid := march.Total + april.Total + shebao.Yuan(300)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "TK-P1", Employer: uscc, Amount: paid, PaidOn: "2025-03-25"}); err != nil {
			t.Fatal(err)
		}
		held, total, err := collectOf(db).Suspense(admin, uscc)
		if err != nil || total != shebao.Yuan(300) || len(held) != 1 || held[0].ReceiptNo != "TK-P1" {
			t.Fatalf("暂收款 %+v %s %v", held, total, err)
		}

		req := shebao.RefundRequest{Receipt: "TF-1", Ref: "TK-P1", Amount: shebao.Yuan(200), Date: "2025-04-02"}
		ap, err := collectOf(db).RecordRefund(admin, req)
		if err != nil || ap.Status != shebao.ApprovalPending || ap.Kind != shebao.ApprovePaymentRefund {
			t.Fatalf("submit %+v %v", ap, err)
		}
		// Nothing moves before the approval; the maker cannot approve.
		if _, total, _ := collectOf(db).Suspense(admin, uscc); total != shebao.Yuan(300) {
			t.Fatalf("refunded before approval: %s", total)
		}
		if _, err := app.New(db).Approve.DecideApproval(admin, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Fatalf("maker approved own refund: %v", err)
		}
		// A finance clerk may not submit one (收支两条线).
		if _, err := collectOf(db).RecordRefund(ledgerFinance, shebao.RefundRequest{Receipt: "TF-9", Ref: "TK-P1", Amount: 100, Date: "2025-04-02"}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("finance clerk submitted a refund: %v", err)
		}
		done := approve(t, db, ap)
		if done.Status != shebao.ApprovalApproved || done.Checker != "fuhe" || done.Result == "" {
			t.Fatalf("approved %+v", done)
		}
		if _, total, _ := collectOf(db).Suspense(admin, uscc); total != shebao.Yuan(100) {
			t.Fatalf("暂收款 after refund %s, want 100.00", total)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != paid-shebao.Yuan(200) {
			t.Errorf("银行存款 %s, want %s", got, paid-shebao.Yuan(200))
		}
		if got := -debitBalance(t, db, shebao.AcctSuspense); got != shebao.Yuan(100) {
			t.Errorf("暂收款 in the ledger %s, want 100.00", got)
		}
		checkBalanced(t, db)

		// The same request again: the same approval, no second refund.
		again, err := collectOf(db).RecordRefund(admin, req)
		if err != nil || again.ID != ap.ID || again.Status != shebao.ApprovalApproved {
			t.Fatalf("repeat %+v %v", again, err)
		}
		// Another request under that receipt number is a conflict.
		other := req
		other.Amount = shebao.Yuan(50)
		if _, err := collectOf(db).RecordRefund(admin, other); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("changed repeat: %v", err)
		}
		if _, total, _ := collectOf(db).Suspense(admin, uscc); total != shebao.Yuan(100) {
			t.Fatalf("repeat refunded again: %s", total)
		}

		// More than the 暂收款 without a reason is refused.
		big := shebao.RefundRequest{Receipt: "TF-2", Ref: "TK-P1", Amount: shebao.Yuan(150), Date: "2025-04-03"}
		if _, err := collectOf(db).RecordRefund(admin, big); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Fatalf("refund beyond 暂收款 without reason: %v", err)
		}
		// With a reason (多征): 100.00 of 暂收款 and 50.00 of April, which is
		// no longer paid in full: its account credits are withdrawn.
		before := accountsOf(t, db, ids)
		if want := billDue([]*shebao.Bill{march, april}, ids); !sameMoney(before, want) {
			t.Fatalf("accounts %v, want %v", before, want)
		}
		big.Reason = "4月核定工资基数有误,多征50元"
		approve(t, db, mustSubmit(t)(collectOf(db).RecordRefund(admin, big)))
		b, _ := db.FindBill(admin, uscc, "2025-04")
		if b.Paid != april.Total-shebao.Yuan(50) {
			t.Fatalf("April paid %s, want %s", b.Paid, april.Total-shebao.Yuan(50))
		}
		if got, want := accountsOf(t, db, ids), billDue([]*shebao.Bill{march}, ids); !sameMoney(got, want) {
			t.Fatalf("accounts after unsettling April %v, want %v", got, want)
		}
		checkBalanced(t, db)
		// Nothing left to refund.
		if _, err := collectOf(db).RecordRefund(admin, shebao.RefundRequest{Receipt: "TF-3", Ref: "TK-P1", Amount: march.Total + april.Total,
			Date: "2025-04-03", Reason: "全部"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("refund beyond the payment: %v", err)
		}

		// April paid in full again: its accounts are credited anew.
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "TK-P2", Employer: uscc, Amount: shebao.Yuan(50), PaidOn: "2025-04-20"}); err != nil {
			t.Fatal(err)
		}
		if got, want := accountsOf(t, db, ids), billDue([]*shebao.Bill{march, april}, ids); !sameMoney(got, want) {
			t.Fatalf("accounts after paying April again %v, want %v", got, want)
		}
		checkBalanced(t, db)
	})
}

func mustSubmit(t *testing.T) func(*shebao.Approval, error) *shebao.Approval {
	return func(ap *shebao.Approval, err error) *shebao.Approval {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return ap
	}
}

// A payment recorded against the wrong employer, late: its correction
// leaves that employer's bills, arrears, late fees and individual accounts
// as if it had never been made, and the right payment then lands on the
// right employer; the ledger balances throughout.
func TestCorrectionWrongEmployer(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		right, rightIDs, rMarch, rApril := paymentFixture(t, db, 52)
		wrong, wrongIDs, wMarch, wApril := paymentFixture(t, db, 53)
		arrBefore, unpaidBefore, feeBefore, err := collectOf(db).Arrears(admin, wrong, "2025-06-30")
		if err != nil || len(arrBefore) != 2 {
			t.Fatalf("arrears before %+v %v", arrBefore, err)
		}
		amount := rMarch.Total + rApril.Total
		// Recorded against the wrong employer, 10 days after April's due
		// date: March is settled late (its fee assessed), the rest goes to
		// April.
		res, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "GZ-1", Employer: wrong, Amount: amount, PaidOn: "2025-05-10"})
		if err != nil || len(res.Allocations) == 0 || !res.Allocations[0].Settled || res.Allocations[0].LateDays != 40 {
			t.Fatalf("wrong payment %+v %v", res, err)
		}
		fees, err := collectOf(db).LateFees(admin, wrong, "")
		if err != nil || fees.Outstanding <= 0 || len(fees.Fees) == 0 {
			t.Fatalf("late fees of the wrong payment %+v %v", fees, err)
		}
		if got, want := accountsOf(t, db, wrongIDs), billDue([]*shebao.Bill{wMarch, wApril}, wrongIDs); !sameMoney(got, want) {
			t.Fatalf("wrong employer's accounts %v", got)
		}
		checkBalanced(t, db)

		// Correction: the maker submits, another clerk approves.
		req := shebao.CorrectionRequest{Receipt: "CZ-1", Ref: "GZ-1", Date: "2025-05-12", Reason: "错记单位"}
		if _, err := collectOf(db).RecordCorrection(admin, shebao.CorrectionRequest{Receipt: "CZ-0", Ref: "GZ-1", Date: "2025-05-12"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("correction without reason: %v", err)
		}
		ap := mustSubmit(t)(collectOf(db).RecordCorrection(admin, req))
		if _, err := app.New(db).Approve.DecideApproval(admin, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Fatalf("maker approved own correction: %v", err)
		}
		approve(t, db, ap)
		// As if never made.
		arr, unpaid, fee, err := collectOf(db).Arrears(admin, wrong, "2025-06-30")
		if err != nil || len(arr) != len(arrBefore) || unpaid != unpaidBefore || fee != feeBefore {
			t.Fatalf("arrears after correction %+v %s %s, want %s %s", arr, unpaid, fee, unpaidBefore, feeBefore)
		}
		for i := range arr {
			if arr[i].Paid != 0 || arr[i].Period != arrBefore[i].Period {
				t.Errorf("bill %s paid %s after correction", arr[i].Period, arr[i].Paid)
			}
		}
		if fees, _ := collectOf(db).LateFees(admin, wrong, ""); fees.Outstanding != 0 || fees.Assessed != 0 {
			t.Errorf("late fees after correction %+v", fees)
		}
		for k, v := range accountsOf(t, db, wrongIDs) {
			if v != 0 {
				t.Errorf("account %s = %s after correction", k, v)
			}
		}
		if _, total, _ := collectOf(db).Suspense(admin, wrong); total != 0 {
			t.Errorf("暂收款 %s after correction", total)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != 0 {
			t.Errorf("银行存款 %s after correction, want 0", got)
		}
		checkBalanced(t, db)
		// A second correction, or a refund, of the corrected payment is
		// refused; the same correction again is the same approval.
		if _, err := collectOf(db).RecordCorrection(admin, shebao.CorrectionRequest{Receipt: "CZ-2", Ref: "GZ-1", Date: "2025-05-12", Reason: "再次"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second correction: %v", err)
		}
		if again, err := collectOf(db).RecordCorrection(admin, req); err != nil || again.ID != ap.ID {
			t.Errorf("repeat correction %+v %v", again, err)
		}

		// The right payment, under a receipt number of its own.
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "GZ-1-R", Employer: right, Amount: amount, PaidOn: "2025-04-20"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []shebao.Period{"2025-03", "2025-04"} {
			if b, _ := db.FindBill(admin, right, p); b.Paid != b.Total {
				t.Errorf("right employer's %s paid %s of %s", p, b.Paid, b.Total)
			}
		}
		if got, want := accountsOf(t, db, rightIDs), billDue([]*shebao.Bill{rMarch, rApril}, rightIDs); !sameMoney(got, want) {
			t.Errorf("right employer's accounts %v, want %v", got, want)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != amount {
			t.Errorf("银行存款 %s, want %s", got, amount)
		}
		checkBalanced(t, db)
	})
}

// The worked example: 1000.00 paid 10 days after the due date assesses
// 5.00 of late fee (0.05% a day), a receivable of the funds, paid by later
// money once the bills are paid.
func TestLateFeeAssessedAndCollected(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		uscc, _, march, april := paymentFixture(t, db, 54)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZN-1", Employer: uscc, Amount: march.Total - shebao.Yuan(1000), PaidOn: "2025-03-31"}); err != nil {
			t.Fatal(err)
		}
		if f, _ := collectOf(db).LateFees(admin, uscc, ""); f.Assessed != 0 {
			t.Fatalf("fee on an on-time payment: %+v", f)
		}
		r, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZN-2", Employer: uscc, Amount: shebao.Yuan(1000), PaidOn: "2025-04-10"})
		if err != nil || r.LateFeePaid != 0 || len(r.Allocations) != 1 || r.Allocations[0].LateDays != 10 || !r.Allocations[0].Settled {
			t.Fatalf("late payment %+v %v", r, err)
		}
		f, err := collectOf(db).LateFees(admin, uscc, "2025-03")
		if err != nil || len(f.Fees) != 1 || f.Fees[0].Amount != shebao.Yuan(5) || f.Fees[0].Days != 10 || f.Fees[0].Principal != shebao.Yuan(1000) ||
			f.Outstanding != shebao.Yuan(5) || f.Fees[0].ReceiptNo != "ZN-2" {
			t.Fatalf("late fee %+v %v", f, err)
		}
		if want := "1000.00 × 0.05% × 10天 = 5.00元"; !strings.Contains(f.Fees[0].Explain, want) || !strings.Contains(f.Fees[0].Explain, "第八十六条") {
			t.Errorf("explain %q lacks %q", f.Fees[0].Explain, want)
		}
		if got := -debitBalance(t, db, shebao.AcctOtherIncome); got != shebao.Yuan(5) {
			t.Errorf("其他收入 %s, want 5.00", got)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != shebao.Yuan(5) {
			t.Errorf("应收 %s, want 5.00", got)
		}
		checkBalanced(t, db)

		// Later money pays principal first: a payment that only covers
		// April leaves the fee outstanding ...
		r, err = collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZN-3", Employer: uscc, Amount: april.Total - shebao.Yuan(100), PaidOn: "2025-04-15"})
		if err != nil || r.LateFeePaid != 0 || r.Credit != 0 {
			t.Fatalf("next payment %+v %v", r, err)
		}
		if f, _ := collectOf(db).LateFees(admin, uscc, ""); f.Outstanding != shebao.Yuan(5) {
			t.Errorf("fee paid before principal %+v", f)
		}
		// ... and what is left after the bills pays it before becoming
		// 暂收款.
		r, err = collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZN-4", Employer: uscc, Amount: shebao.Yuan(108), PaidOn: "2025-04-20"})
		if err != nil || r.Allocated != shebao.Yuan(100) || r.LateFeePaid != shebao.Yuan(5) || r.Credit != shebao.Yuan(3) {
			t.Fatalf("payment with a surplus %+v %v", r, err)
		}
		if b, _ := db.FindBill(admin, uscc, "2025-04"); b.Paid != april.Total {
			t.Errorf("April paid %s of %s", b.Paid, april.Total)
		}
		if f, _ := collectOf(db).LateFees(admin, uscc, ""); f.Outstanding != 0 || f.Paid != shebao.Yuan(5) {
			t.Errorf("after collection %+v", f)
		}
		if got := debitBalance(t, db, shebao.AcctContributionsReceivable); got != 0 {
			t.Errorf("应收 %s after collection, want 0", got)
		}
		// A repeat of the receipt returns the same split.
		again, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "ZN-4", Employer: uscc, Amount: shebao.Yuan(108), PaidOn: "2025-04-20"})
		if err != nil || !again.Repeat || again.LateFeePaid != shebao.Yuan(5) || again.Credit != shebao.Yuan(3) {
			t.Errorf("repeat %+v %v", again, err)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != march.Total+april.Total+shebao.Yuan(8) {
			t.Errorf("银行存款 %s", got)
		}
		checkBalanced(t, db)
	})
}

// 暂收款 goes to the next assessed bill by itself, and to a bill made
// unpaid later by `payments apply` (ApplyCredit).
func TestSuspenseAppliedLater(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, ids, march, april := paymentFixture(t, db, 55)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "YS-1", Employer: uscc, Amount: march.Total + april.Total + shebao.Yuan(500), PaidOn: "2025-03-31"}); err != nil {
			t.Fatal(err)
		}
		// May is assessed: the 500.00 held pays part of it.
		ds := []shebao.Declaration{
			{Employer: uscc, Period: "2025-05", IDNo: ids[0], Wage: shebao.Money(654321)},
			{Employer: uscc, Period: "2025-05", IDNo: ids[1], Wage: shebao.Yuan(9000)},
		}
		if _, errs, err := declare(db, admin, "d2025-05", ds); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatalf("declarations %v %v", errs, err)
		}
		if _, err := assess(db, admin, "2025-05"); err != nil {
			t.Fatal(err)
		}
		may, err := db.FindBill(admin, uscc, "2025-05")
		if err != nil || may.Paid != shebao.Yuan(500) {
			t.Fatalf("May %+v %v", may, err)
		}
		if _, total, _ := collectOf(db).Suspense(admin, uscc); total != 0 {
			t.Fatalf("暂收款 left %s", total)
		}
		if got := debitBalance(t, db, shebao.AcctSuspense); got != 0 {
			t.Errorf("暂收款 in the ledger %s, want 0", got)
		}
		checkBalanced(t, db)
		// Assessing again changes nothing.
		if _, err := assess(db, admin, "2025-05"); err != nil {
			t.Fatal(err)
		}
		if b, _ := db.FindBill(admin, uscc, "2025-05"); b.Paid != shebao.Yuan(500) {
			t.Fatalf("May paid %s after re-assessment", b.Paid)
		}

		// May paid with 300.00 more; then 100.00 over-collected is refunded from YS-1, reversing its
		// newest allocation (May, from its 暂收款), and the 暂收款 of YS-2
		// is applied to May again by hand (a second allocation of YS-2 to
		// May).
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "YS-2", Employer: uscc, Amount: may.Total - shebao.Yuan(500) + shebao.Yuan(300), PaidOn: "2025-05-25"}); err != nil {
			t.Fatal(err)
		}
		approve(t, db, mustSubmit(t)(collectOf(db).RecordRefund(admin, shebao.RefundRequest{Receipt: "YS-TF", Ref: "YS-1", Amount: shebao.Yuan(100),
			Date: "2025-05-26", Reason: "多征"})))
		if b, _ := db.FindBill(admin, uscc, "2025-05"); b.Paid != b.Total-shebao.Yuan(100) {
			t.Fatalf("May after refund paid %s of %s", b.Paid, b.Total)
		}
		_, held, _ := collectOf(db).Suspense(admin, uscc)
		if held != shebao.Yuan(300) {
			t.Fatalf("暂收款 %s, want 300.00", held)
		}
		res, err := collectOf(db).ApplyCredit(admin, uscc, "2025-05-27")
		if err != nil || res.Total != shebao.Yuan(100) || res.Left != held-shebao.Yuan(100) || len(res.Applied) != 1 || res.Applied[0].ReceiptNo != "YS-2" ||
			res.Applied[0].Period != "2025-05" || !res.Applied[0].Settled {
			t.Fatalf("apply %+v %v", res, err)
		}
		if again, err := collectOf(db).ApplyCredit(admin, uscc, "2025-05-27"); err != nil || again.Total != 0 || again.Left != held-shebao.Yuan(100) {
			t.Fatalf("apply again %+v %v", again, err)
		}
		if got, want := accountsOf(t, db, ids), billDue([]*shebao.Bill{march, april, may}, ids); !sameMoney(got, want) {
			t.Errorf("accounts %v, want %v", got, want)
		}
		checkBalanced(t, db)
	})
}

// Two refunds of the same 暂收款 approved at once: one pays it back, the
// other fails and stays pending; nothing is paid twice.
func TestRefundConcurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		uscc, _, march, april := paymentFixture(t, db, 56)
		paid := march.Total + april.Total + shebao.Yuan(300)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "BF-P", Employer: uscc, Amount: paid, PaidOn: "2025-03-25"}); err != nil {
			t.Fatal(err)
		}
		var aps []*shebao.Approval
		for _, rn := range []string{"BF-1", "BF-2"} {
			aps = append(aps, mustSubmit(t)(collectOf(db).RecordRefund(admin, shebao.RefundRequest{Receipt: rn, Ref: "BF-P", Amount: shebao.Yuan(300), Date: "2025-04-01"})))
		}
		errs := make([]error, len(aps))
		var wg sync.WaitGroup
		for i, ap := range aps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = app.New(db).Approve.DecideApproval(refundChecker, ap.ID, true, "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if shebao.ErrorCode(err) != shebao.EINVALID {
				t.Errorf("failed refund: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d refunds succeeded (%v)", ok, errs)
		}
		if _, total, _ := collectOf(db).Suspense(admin, uscc); total != 0 {
			t.Errorf("暂收款 %s", total)
		}
		if got := debitBalance(t, db, shebao.AcctBank); got != paid-shebao.Yuan(300) {
			t.Errorf("银行存款 %s, want %s", got, paid-shebao.Yuan(300))
		}
		pending, err := db.FindApprovals(admin, shebao.ApprovalPending, 10)
		if err != nil || len(pending) != 1 {
			t.Errorf("pending %d %v", len(pending), err)
		}
		checkBalanced(t, db)
	})
}
