package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// refundFixture makes, in the demo district, an employer with one employee
// and a bill for March 2025, and returns the employer and the bill's total.
func refundFixture(t *testing.T, dsn string) (string, shebao.Money) {
	t.Helper()
	if _, errOut, code := cli(t, dsn, "demo", "--no-serve", "--persons", "10"); code != 0 {
		t.Fatal(errOut)
	}
	for _, u := range []string{"jingban", "fuhe"} {
		if _, errOut, code := cliIn(t, dsn, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--line", "collection", "--region", "640106"); code != 0 {
			t.Fatal(errOut)
		}
	}
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	emp := &shebao.Employer{USCC: demo.USCC("640106", 77), Name: "银川退费测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := db.CreateEmployer(ctx, emp); err != nil {
		t.Fatal(err)
	}
	id := demo.IDNumber("640106", time.Date(1975, 3, 4, 0, 0, 0, 0, time.UTC), 77, true)
	if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "马建国", Hukou: "农业", Region: "640106100201"}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.New(db).Enroll.Hire(ctx, id, emp.USCC, "2025-01-01", nil); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := app.New(db).Collect.ImportDeclarations(ctx, "t", []shebao.Declaration{{Employer: emp.USCC, Period: "2025-03", IDNo: id, Wage: shebao.Yuan(8000)}}); err != nil || errs[0] != nil {
		t.Fatalf("declaration %v %v", errs, err)
	}
	if _, err := app.New(db).Collect.Assess(ctx, "2025-03"); err != nil {
		t.Fatal(err)
	}
	b, err := db.FindBill(ctx, emp.USCC, "2025-03")
	if err != nil {
		t.Fatal(err)
	}
	return emp.USCC, b.Total
}

// Overpaid, refunded (经办 → 复核), a late payment's fee shown in arrears,
// a wrong payment corrected: through the CLI on both engines.
func TestRefundCorrectionCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			uscc, total := refundFixture(t, eng.DSN)
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			// 1000.00 paid 10 days late, with 200.00 too much.
			if _, err := collectOf(db).RecordPayment(ctx, shebao.Payment{ReceiptNo: "CLI-1", Employer: uscc, Amount: total - shebao.Yuan(1000), PaidOn: "2025-03-31"}); err != nil {
				t.Fatal(err)
			}
			if _, err := collectOf(db).RecordPayment(ctx, shebao.Payment{ReceiptNo: "CLI-2", Employer: uscc, Amount: shebao.Yuan(1200), PaidOn: "2025-04-10"}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			// The 200.00 left paid the 5.00 fee; 195.00 is 暂收款.
			out, errOut, code := cli(t, eng.DSN, "payments", "late-fees", uscc)
			if code != 0 || !strings.Contains(out, "1000.00 × 0.05% × 10天 = 5.00元") || !strings.Contains(out, "已缴5.00元") {
				t.Fatalf("late fees: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "bill", uscc, "2025-03"); code != 0 || !strings.Contains(out, "滞纳金(回单号CLI-2)") {
				t.Errorf("bill without its late fee: %s", out)
			}
			out, _, code = cli(t, eng.DSN, "payments", "suspense", uscc, "--json")
			if code != 0 || !strings.Contains(out, `"total": "195.00"`) {
				t.Fatalf("suspense: %s", out)
			}
			// Refund 195.00: submitted by one clerk, approved by another.
			if _, errOut, code := cli(t, eng.DSN, "payment", "refund", "--receipt", "TF-CLI", "--ref", "CLI-2", "--amount", "195", "--date", "2025-04-12"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("refund without --as: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "payment", "refund", "--receipt", "TF-CLI", "--ref", "CLI-2", "--amount", "195", "--date", "2025-04-12", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil || ap.Status != shebao.ApprovalPending {
				t.Fatalf("refund: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "payments", "suspense", uscc, "--json"); !strings.Contains(out, `"total": "0.00"`) {
				t.Errorf("suspense after refund: %s", out)
			}
			// The same refund again: nothing new.
			if out, _, code := cli(t, eng.DSN, "payment", "refund", "--receipt", "TF-CLI", "--ref", "CLI-2", "--amount", "195", "--date", "2025-04-12", "--as", "jingban"); code != 0 || !strings.Contains(out, "已于此前提交") {
				t.Errorf("repeat refund: %s", out)
			}

			// CLI-2 was really another employer's: corrected in full,
			// March owes 1000.00 again and its fee is cancelled.
			out, errOut, code = cli(t, eng.DSN, "payment", "correct", "--receipt", "CZ-CLI", "--ref", "CLI-2", "--date", "2025-04-15", "--reason", "错记单位", "--as", "jingban", "--json")
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil {
				t.Fatalf("correct: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 {
				t.Fatalf("approve correction: %s %s", out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "arrears", uscc, "--date", "2025-04-10", "--json")
			var rep arrearsReport
			if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Unpaid != shebao.Yuan(1000) || rep.LateFee != shebao.Yuan(5) || rep.AssessedLateFee != 0 {
				t.Fatalf("arrears after correction: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "ledger", "check", "--json"); code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
			// Nothing to apply.
			if out, errOut, code := cli(t, eng.DSN, "payments", "apply", uscc, "--as", "jingban"); code != 0 || !strings.Contains(out, "没有可冲抵") {
				t.Errorf("apply: %d %s %s", code, out, errOut)
			}
		})
	}
}

// Late fees alone paid from 暂收款: March paid in full 10 days late (its
// fee assessed and then paid by the surplus of CLI-F2), CLI-F3 held as
// 暂收款, CLI-F2 corrected so that the fee is owed again; `payments apply`
// pays the fee from CLI-F3 and says so in its text output, then finds
// nothing more to do.
func TestPaymentsApplyLateFeesCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			uscc, total := refundFixture(t, eng.DSN)
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := collectOf(db).RecordPayment(ctx, shebao.Payment{ReceiptNo: "CLI-F1", Employer: uscc, Amount: total, PaidOn: "2025-04-10"}); err != nil {
				t.Fatal(err)
			}
			st, err := collectOf(db).LateFees(ctx, uscc, "")
			// total × 0.05% × 10 days, rounded to the fen.
			if want := (total*5 + 500) / 1000; err != nil || st.Assessed != want || st.Outstanding != want || want == 0 {
				t.Fatalf("late fee of CLI-F1 %+v %v, want %s", st, err, want)
			}
			fee := st.Assessed
			if r, err := collectOf(db).RecordPayment(ctx, shebao.Payment{ReceiptNo: "CLI-F2", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2025-04-11"}); err != nil || r.LateFeePaid != fee {
				t.Fatalf("CLI-F2 %+v %v", r, err)
			}
			if r, err := collectOf(db).RecordPayment(ctx, shebao.Payment{ReceiptNo: "CLI-F3", Employer: uscc, Amount: shebao.Yuan(200), PaidOn: "2025-04-12"}); err != nil || r.Credit != shebao.Yuan(200) {
				t.Fatalf("CLI-F3 %+v %v", r, err)
			}
			out, errOut, code := cli(t, eng.DSN, "payment", "correct", "--receipt", "CZ-F2", "--ref", "CLI-F2", "--date", "2025-04-14", "--reason", "错记单位", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil {
				t.Fatalf("correct: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 {
				t.Fatalf("approve correction: %s %s", out, errOut)
			}
			if st, err := collectOf(db).LateFees(ctx, uscc, ""); err != nil || st.Outstanding != fee {
				t.Fatalf("fee owed again %+v %v", st, err)
			}

			out, errOut, code = cli(t, eng.DSN, "payments", "apply", uscc, "--date", "2025-04-15", "--as", "jingban")
			left := shebao.Yuan(200) - fee
			for _, want := range []string{
				"回单号CLI-F3的暂收款缴纳滞纳金" + fee.String() + "元(",
				"企业职工基本养老保险",
				uscc + " 暂收款缴纳滞纳金合计" + fee.String() + "元,余额" + left.String() + "元",
			} {
				if code != 0 || !strings.Contains(out, want) {
					t.Errorf("apply: want %q in %d %s %s", want, code, out, errOut)
				}
			}
			if strings.Contains(out, "没有可冲抵") || strings.Contains(out, "冲抵2025") {
				t.Errorf("apply of fees only: %s", out)
			}
			if st, err := collectOf(db).LateFees(ctx, uscc, ""); err != nil || st.Outstanding != 0 || st.Paid != fee {
				t.Errorf("late fees after apply %+v %v", st, err)
			}
			// Again: nothing to apply, 暂收款 unchanged.
			out, _, code = cli(t, eng.DSN, "payments", "apply", uscc, "--date", "2025-04-15", "--as", "jingban")
			if code != 0 || !strings.Contains(out, "没有可冲抵") || !strings.Contains(out, "暂收款余额"+left.String()+"元") {
				t.Errorf("apply again: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "ledger", "check", "--json"); code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
		})
	}
}
