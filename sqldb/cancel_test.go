package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDeathCancelsPendingPayment: the March payroll has run (release
// waiting) when the death on 2025-02-20 of a pensioner (3719.14, account
// part 1079.14) becomes known. His March payment is cancelled rather than
// made an overpayment: it leaves the payroll, 5001 and 2101 are reversed
// by a new entry, the account part returns to his account, and the
// release, approved afterwards, pays only the living.
func TestDeathCancelsPendingPayment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		f := newPayrollFixture(t, db)
		before, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		mid, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		if before-mid != 107914 {
			t.Fatalf("account part not withdrawn: %s → %s", before, mid)
		}
		d5001, c5001, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		if _, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: f.ids["pension"], Name: "受益人pension", DeathDate: "2025-02-20"}}); err != nil {
			t.Fatal(err)
		}
		if _, n, _, _ := db.FindOverpayments(admin, shebao.OverpaymentFilter{}); n != 0 {
			t.Errorf("%d overpayments for a payment not yet released", n)
		}
		got := f.payments(t, db, "2025-03")
		if got["pension"] != nil || got["poor"] == nil {
			t.Fatalf("March payments after the death: %v", keys(got))
		}
		after, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		if after != before {
			t.Errorf("account part not returned: %s → %s", mid, after)
		}
		d, c, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		if d != d5001 || c-c5001 != 371914 {
			t.Errorf("5001: debit %d → %d, credit %d → %d", d5001, d, c5001, c)
		}
		balanced(t, db)
		// A second notice changes nothing.
		if found, err := db.DetectOverpayments(payrollMaker); err != nil || found != 0 {
			t.Errorf("detect again: %d %v", found, err)
		}
		if _, c2, _ := db.AccountSums(admin, "110", shebao.AcctPension); c2 != c {
			t.Errorf("reversed twice")
		}
		// The release, submitted with him, pays only the living.
		_, bank0, _ := db.AccountSums(admin, "110", shebao.AcctBank)
		ap, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, "")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ap.Result, "已发放2025-03月待遇") {
			t.Errorf("result %q", ap.Result)
		}
		_, bank, _ := db.AccountSums(admin, "110", shebao.AcctBank)
		if bank-bank0 != 371914 {
			t.Errorf("110 bank paid %d, want the poor pensioner's 3719.14 only", bank-bank0)
		}
		for c, p := range f.payments(t, db, "2025-03") {
			if p.Status != shebao.PaymentReleased {
				t.Errorf("%s: %s", c, p.Status)
			}
		}
		balanced(t, db)
		// Run again: he is not paid again.
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil || again.Payments != 0 || again.Release != nil {
			t.Errorf("again %+v %v", again, err)
		}
	})
}

// TestCancelAfterRejectedRelease: a release rejected, then a death
// cancels a payment, then the run submits a new release: it is approved
// with the remaining payments only.
func TestCancelAfterRejectedRelease(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPayrollFixture(t, db)
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, false, "账号待核"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: f.ids["resident"], Name: "受益人resident", DeathDate: "2025-01-05"}}); err != nil {
			t.Fatal(err)
		}
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil || again.Release == nil {
			t.Fatalf("again %+v %v", again, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, again.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if got := f.payments(t, db, "2025-03"); got["resident"] != nil || len(got) != 4 {
			t.Errorf("released %v", keys(got))
		}
		balanced(t, db)
	})
}
