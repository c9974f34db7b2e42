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

// TestUnemploymentStopsOnReemployment (失业保险条例 第十五条): 海国庆 draws
// 1800.00 a month from 2025-01 to 2025-12; May to July are paid. A
// registration clerk records his hiring (增员) on 2025-06-15: the benefit
// is stopped from July (paid through June), with the reason and an audit
// entry, and July's payment is an overpayment to recover. 马小燕, enrolled
// directly in 110 by an employer on 2025-08-01, stops from September; 杨建华,
// enrolled in 390 (residents' medical), keeps hers.
func TestUnemploymentStopsOnReemployment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		hai := mustPerson(t, db, "海国庆", time.Date(1980, 3, 1, 0, 0, 0, 0, time.UTC), 11, true)
		ma := mustPerson(t, db, "马小燕", time.Date(1985, 4, 1, 0, 0, 0, 0, time.UTC), 12, false)
		yang := mustPerson(t, db, "杨建华", time.Date(1982, 5, 1, 0, 0, 0, 0, time.UTC), 14, false)
		uscc := mustEmployer(t, db, 1, "银川新华百货")
		var bs []shebao.NewBenefit
		for _, id := range []string{hai, ma, yang} {
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitUnemployment, StartMonth: "2025-01", EndMonth: "2025-12", Monthly: 180000,
				Source: "determination:test", Explanation: "最低工资2000.00 × 90% = 1800.00元/月,18个月"})
		}
		if n, err := db.CreateBenefits(admin, bs); err != nil || n != 3 {
			t.Fatal(n, err)
		}
		benefit := func(id string) *shebao.Benefit {
			t.Helper()
			list, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
			if err != nil || len(list) != 1 {
				t.Fatal(list, err)
			}
			return list[0]
		}
		for _, m := range []string{"2025-05", "2025-06", "2025-07"} {
			res, err := benefits(db).RunPayroll(payrollMaker, m, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		registrar := shebao.WithActor(admin, shebao.Actor{Name: "dengji1", Role: "clerk/registration", Region: "640106000000"})
		if _, err := db.Hire(registrar, hai, uscc, "2025-06-15", nil); err != nil {
			t.Fatal(err)
		}
		b := benefit(hai)
		if b.Status != shebao.BenefitStopped || b.EndMonth != "2025-06" ||
			b.StatusReason != "重新就业(2025-06-15增员参保),依《失业保险条例》第十五条自2025-07起停止领取失业保险金" {
			t.Errorf("after hiring: %s %s %q", b.Status, b.EndMonth, b.StatusReason)
		}
		ops, _, sum, err := db.FindOverpayments(admin, shebao.OverpaymentFilter{IDNo: hai})
		if err != nil || len(ops) != 1 || ops[0].Month != "2025-07" || sum != 180000 || !strings.HasPrefix(ops[0].Reason, "重新就业停发追回:2025-06-15重新就业,2025-07") {
			t.Errorf("overpayments %+v %s %v", ops, sum, err)
		}
		audit, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityBenefit, Key: b.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range audit {
			if e.Action == "benefit.stop" && e.Actor == "dengji1" && strings.Contains(string(e.After), "第十五条") {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry of the stop: %+v", audit)
		}

		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: ma, Scheme: "110", Employer: uscc, Date: "2025-08-01", Reason: "增员"}); err != nil {
			t.Fatal(err)
		}
		if b := benefit(ma); b.Status != shebao.BenefitStopped || b.EndMonth != "2025-08" {
			t.Errorf("after 110: %s %s", b.Status, b.EndMonth)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: yang, Scheme: "390", Date: "2025-08-01"}); err != nil {
			t.Fatal(err)
		}
		if b := benefit(yang); b.Status != shebao.BenefitActive || b.EndMonth != "2025-12" {
			t.Errorf("after 390: %s %s", b.Status, b.EndMonth)
		}
		// August pays 杨建华 and 马小燕 (through the month she was taken on),
		// September 杨建华 only.
		for m, want := range map[string]int{"2025-08": 2, "2025-09": 1} {
			res, err := benefits(db).RunPayroll(payrollMaker, m, shebao.PayrollOptions{})
			if err != nil || res.Payments != want || res.Total != shebao.Money(want)*180000 {
				t.Errorf("%s: %+v %v", m, res, err)
			}
		}
		balanced(t, db)
	})
}
