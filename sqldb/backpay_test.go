package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// runAndRelease runs the month's payroll and has it released.
func runAndRelease(t *testing.T, db *sqldb.DB, month string) *shebao.PayrollResult {
	t.Helper()
	res, err := benefits(db).RunPayroll(payrollMaker, month, shebao.PayrollOptions{Chunk: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Release != nil {
		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// TestBackPayAfterAdjustment: January and February 2025 are paid and
// released at 3719.14; the pension is then raised by 5% from January
// (3719.14 × 1.05 = 3905.097 → 3905.10, +185.96), and a land allowance
// lowered from 160.00 to 150.00 from February. The March payroll pays
// March at 3905.10 and two back payments of 185.96 (371.92, Dr 5001 Cr
// 2101), records February's 10.00 as an overpayment to recover, and puts
// the back payments into the release; a second run adds nothing; the
// release marks them 已发放 and pays them from the bank (Dr 2101 Cr 1002).
func TestBackPayAfterAdjustment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		f := newPayrollFixture(t, db)
		runAndRelease(t, db, "2025-01")
		runAndRelease(t, db, "2025-02")
		if ok, err := db.AddBenefitAmount(admin, f.benefits["pension"], shebao.BenefitAmount{FromMonth: "2025-01", Monthly: 390510,
			AccountPart: 107914, Explanation: "2025年调整:3719.14 × 1.05 = 3905.10元/月", Source: "adjust:2025"}); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if ok, err := db.AddBenefitAmount(admin, f.benefits["active"], shebao.BenefitAmount{FromMonth: "2025-02", Monthly: 15000,
			Explanation: "更正:150.00元/月", Source: "correct:test"}); err != nil || !ok {
			t.Fatal(ok, err)
		}
		d5001, _, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		_, c1002, _ := db.AccountSums(admin, "110", shebao.AcctBank)

		res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: 3})
		if err != nil {
			t.Fatal(err)
		}
		bp := res.BackPay
		if bp == nil || bp.Payments != 2 || bp.Total != 2*18596 || bp.Recover != 1 || bp.RecoverTotal != 1000 {
			t.Fatalf("back pay %+v", bp)
		}
		if res.Release == nil || !strings.Contains(res.Release.Summary, "2025-03月待遇发放") {
			t.Fatalf("release %+v", res.Release)
		}
		// March's payments plus the back payments are in the release, and
		// in the month's totals (a 补发 line of 110).
		// 7624.24 + 482.71 + 330.00 + 371.92 = 8808.87
		if want := shebao.Money(762424 + 48271 + 33000 + 2*18596); res.MonthTotal != want || res.MonthPayments != 7 ||
			!strings.Contains(res.Release.Summary, "7人次,合计"+want.String()+"元") {
			t.Errorf("release summary %q, month %d %s, want total %s", res.Release.Summary, res.MonthPayments, res.MonthTotal, want)
		}
		if l := res.Totals[0]; l.Scheme != "110" || l.Kind != shebao.BackPayKind || l.KindName != "补发" || l.Count != 2 || l.Amount != 2*18596 {
			t.Errorf("totals %+v", res.Totals)
		}
		if got := f.payments(t, db, "2025-03")["pension"]; got == nil || got.Amount != 390510 {
			t.Errorf("March pension %+v", got)
		}
		d, _, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		// March: pension 3905.10, poor 3719.14 (not adjusted), back pays 2 × 185.96.
		if d-d5001 != 390510+371914+2*18596 {
			t.Errorf("5001 debited %d in March", d-d5001)
		}
		list, n, err := db.FindBackPays(admin, shebao.BackPayFilter{PayMonth: "2025-03", Limit: 10})
		if err != nil || n != 3 {
			t.Fatalf("back pays %d %v", n, err)
		}
		var pos []*shebao.BackPay
		for _, b := range list {
			if b.Status == shebao.PaymentPending {
				pos = append(pos, b)
			} else if b.Status != shebao.BackPayToRecover || b.BenefitID != f.benefits["active"] || b.Month != "2025-02" || b.Amount != -1000 {
				t.Errorf("negative back pay %+v", b)
			}
		}
		if len(pos) != 2 || pos[0].Month != "2025-01" || pos[1].Month != "2025-02" || pos[0].OldAmount != 371914 || pos[0].NewAmount != 390510 ||
			pos[0].Amount != 18596 {
			t.Fatalf("back pays %+v", pos)
		}
		if e := pos[0].Explanation; !strings.Contains(e, "2025-01月待遇补发(2025年基本养老金调整,自2025-01起):该月已发3719.14元,现核定3905.10元/月,补发差额3905.10 − 3719.14 = 185.96元,随2025-03月待遇发放") {
			t.Errorf("explanation %q", e)
		}
		ops, _, sum, err := db.FindOverpayments(admin, shebao.OverpaymentFilter{Status: shebao.OverpaymentOpen})
		if err != nil || len(ops) != 1 || sum != 1000 || ops[0].Month != "2025-02" || !strings.HasPrefix(ops[0].Reason, shebao.ReasonReducedOverpayment) ||
			!strings.Contains(ops[0].Reason, "该月已发160.00元,现核定150.00元/月,多发160.00 − 150.00 = 10.00元") {
			t.Fatalf("overpayments %+v %s %v", ops, sum, err)
		}
		balanced(t, db)

		// Again: nothing new, nothing submitted.
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.BackPay.Payments != 0 || again.BackPay.Recover != 0 || again.Release != nil {
			t.Errorf("second run %+v %+v", again.BackPay, again.Release)
		}
		if _, n, _ := db.FindBackPays(admin, shebao.BackPayFilter{}); n != 3 {
			t.Errorf("%d back pays after a second run", n)
		}

		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		list, _, _ = db.FindBackPays(admin, shebao.BackPayFilter{PayMonth: "2025-03"})
		for _, b := range list {
			if b.Amount > 0 && b.Status != shebao.PaymentReleased {
				t.Errorf("after release %+v", b)
			}
		}
		_, c, _ := db.AccountSums(admin, "110", shebao.AcctBank)
		if c-c1002 != 390510+371914+2*18596 {
			t.Errorf("110 bank paid %d in March", c-c1002)
		}
		balanced(t, db)

		// April: paid at the new amount, no back payment.
		apr := runAndRelease(t, db, "2025-04")
		if apr.BackPay.Payments != 0 || apr.BackPay.Recover != 0 {
			t.Errorf("April %+v", apr.BackPay)
		}
		// Recovering the lowered amount puts no account part back.
		if _, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["active"], "2025-02", recovery(t, db, f.benefits["active"], "2025-02", "ZH-BP")); err != nil {
			t.Fatal(err)
		}
		balanced(t, db)
	})
}
