package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestReemploymentCancelsPendingPayment: 海国庆 and 杨建华 draw 1800.00 a
// month of 失业保险金. May and June are released; July is run and its
// release (2 × 1800.00) waits for the checker. 海国庆 is hired on
// 2025-05-20: his benefit stops from June; June, already paid by the
// bank, is an overpayment to recover, while July, not yet released, is
// cancelled (已取消, its 5021/2101 lines reversed) and no overpayment. The
// July release is then approved as submitted (the cancelled payment
// counted as taken out) and the bank pays 杨建华's 1800.00 only.
func TestReemploymentCancelsPendingPayment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		hai := mustPerson(t, db, "海国庆", time.Date(1980, 3, 1, 0, 0, 0, 0, time.UTC), 11, true)
		yang := mustPerson(t, db, "杨建华", time.Date(1982, 5, 1, 0, 0, 0, 0, time.UTC), 14, false)
		uscc := mustEmployer(t, db, 1, "银川新华百货")
		var bs []shebao.NewBenefit
		for _, id := range []string{hai, yang} {
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitUnemployment, StartMonth: "2025-01", EndMonth: "2025-12", Monthly: 180000,
				Source: "determination:test", Explanation: "最低工资2000.00 × 90% = 1800.00元/月,18个月"})
		}
		if n, err := db.CreateBenefits(admin, bs); err != nil || n != 2 {
			t.Fatal(n, err)
		}
		for _, m := range []string{"2025-05", "2025-06"} {
			res, err := benefits(db).RunPayroll(payrollMaker, m, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		july, err := benefits(db).RunPayroll(payrollMaker, "2025-07", shebao.PayrollOptions{})
		if err != nil || july.Release == nil || july.Total != 2*180000 {
			t.Fatalf("july %+v %v", july, err)
		}
		d5021, c5021, _ := db.AccountSums(admin, "210", shebao.AcctUnemploymentBenefit)
		_, c1002, _ := db.AccountSums(admin, "210", shebao.AcctBank)

		registrar := shebao.WithActor(admin, shebao.Actor{Name: "dengji1", Role: "clerk/registration", Region: "640106000000"})
		if _, err := db.Hire(registrar, hai, uscc, "2025-05-20", nil); err != nil {
			t.Fatal(err)
		}
		ops, _, sum, err := db.FindOverpayments(admin, shebao.OverpaymentFilter{IDNo: hai})
		if err != nil || len(ops) != 1 || ops[0].Month != "2025-06" || sum != 180000 {
			t.Errorf("overpayments %+v %s %v", ops, sum, err)
		}
		pays, _, err := db.FindPayments(admin, shebao.PaymentFilter{Month: "2025-07", Limit: 10})
		if err != nil || len(pays) != 1 || pays[0].IDNo != yang {
			t.Errorf("july payments after the stop %+v %v", pays, err)
		}
		// The July charge of 海国庆 reversed: Cr 5021 1800.00 (and Dr 2101).
		d, c, _ := db.AccountSums(admin, "210", shebao.AcctUnemploymentBenefit)
		if d != d5021 || c-c5021 != 180000 {
			t.Errorf("5021 after the cancel: debit +%d credit +%d", d-d5021, c-c5021)
		}
		audit, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityBenefit, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range audit {
			if e.Action == "benefit.cancel_payments" && e.Actor == "dengji1" && strings.Contains(string(e.After), "2025-05-20重新就业,自2025-06起停止领取失业保险金,2025-07待遇尚未发放,取消发放") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry of the cancel: %+v", audit)
		}
		balanced(t, db)

		// The release submitted for two is approved: one paid, one taken out.
		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, july.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, c, _ := db.AccountSums(admin, "210", shebao.AcctBank); c-c1002 != 180000 {
			t.Errorf("bank paid %d in July", c-c1002)
		}
		// A new run of July pays 海国庆 nothing again.
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-07", shebao.PayrollOptions{})
		if err != nil || again.Payments != 0 || again.Release != nil {
			t.Errorf("july again %+v %v", again, err)
		}
		balanced(t, db)
	})
}
