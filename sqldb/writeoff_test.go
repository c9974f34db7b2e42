package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestWriteOffOverpayment: the pensioner (3719.14) died on 2025-03-20
// after April was paid; the April overpayment cannot be recovered. A clerk
// asks for its write-off, another approves: 已核销, Dr 5199 其他支出 Cr
// 5001 3719.14, nothing in the bank or the account, and it can then be
// neither recovered nor written off again.
func TestWriteOffOverpayment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPayrollFixture(t, db)
		runAndRelease(t, db, "2025-03")
		runAndRelease(t, db, "2025-04")
		if _, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: f.ids["pension"], Name: "受益人pension", DeathDate: "2025-03-20"}}); err != nil {
			t.Fatal(err)
		}
		b := f.benefits["pension"]
		if _, _, err := benefits(db).SubmitWriteOff(payrollMaker, shebao.WriteOffRequest{BenefitID: b, Month: "2025-04"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("no reason: %v", err)
		}
		if _, _, err := benefits(db).SubmitWriteOff(payrollMaker, shebao.WriteOffRequest{BenefitID: b, Month: "2025-03", Reason: "x"}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("March was due: %v", err)
		}
		req := shebao.WriteOffRequest{BenefitID: b, Month: "2025-04", Reason: "无遗产可供追偿,继承人下落不明"}
		ap, created, err := benefits(db).SubmitWriteOff(payrollMaker, req)
		if err != nil {
			t.Fatal(err)
		}
		if !created || ap.Kind != shebao.ApproveWriteOff || ap.Status != shebao.ApprovalPending {
			t.Fatalf("approval %+v", ap)
		}
		if again, created, err := benefits(db).SubmitWriteOff(payrollMaker, req); err != nil || created || again.ID != ap.ID {
			t.Errorf("submitted twice: %v %v", again, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(payrollMaker, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("maker approved own write-off: %v", err)
		}
		d5199, _, _ := db.AccountSums(admin, "110", shebao.AcctOtherExpense)
		_, c5001, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		_, c1002, _ := db.AccountSums(admin, "110", shebao.AcctBank)
		acct, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		done, err := app.New(db).Approve.DecideApproval(payrollChecker, ap.ID, true, "经核实无法追回")
		if err != nil {
			t.Fatal(err)
		}
		if done.Result != "已核销2025-04月多发待遇3719.14元,记入其他支出" {
			t.Errorf("result %q", done.Result)
		}
		ops, _, _, _ := db.FindOverpayments(admin, shebao.OverpaymentFilter{Status: shebao.OverpaymentWrittenOff})
		if len(ops) != 1 || ops[0].Month != "2025-04" || ops[0].SettledOn == "" {
			t.Fatalf("written off %+v", ops)
		}
		d, _, _ := db.AccountSums(admin, "110", shebao.AcctOtherExpense)
		_, c, _ := db.AccountSums(admin, "110", shebao.AcctPension)
		_, bank, _ := db.AccountSums(admin, "110", shebao.AcctBank)
		after, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		if d-d5199 != 371914 || c-c5001 != 371914 || bank != c1002 || after != acct {
			t.Errorf("5199 +%d, 5001 credit +%d, bank %d → %d, account %s → %s", d-d5199, c-c5001, c1002, bank, acct, after)
		}
		balanced(t, db)
		if _, err := benefits(db).RecoverOverpayment(payrollChecker, b, "2025-04", recovery(t, db, b, "2025-04", "ZH-WO")); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("recovered after write-off: %v", err)
		}
		if _, _, err := benefits(db).SubmitWriteOff(payrollMaker, req); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("written off twice: %v", err)
		}
	})
}
