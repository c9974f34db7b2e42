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

// A resident pays 2025's 170 contribution at the 500.00 tier by the CLI
// (the demo district's policy: subsidy 60.00 and collective 50.00, so the
// account holds 610.00). `resident refund` without --as is a usage error
// and without a reason names the field; submitted by one clerk it moves
// nothing, the maker may not approve it, a second clerk does: the receipt
// is no longer listed, the year may be paid again, and the ledger stays
// balanced. The same request again answers with the decided one.
func TestResidentRefundCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "collection", "jingban", "fuhe")
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			id := demo.IDNumber("640106", time.Date(1975, 3, 1, 0, 0, 0, 0, time.UTC), 31, true)
			if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "马建国", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Enroll.Enroll(ctx, shebao.EnrollRequest{IDNo: id, Scheme: "170", Date: "2020-01-01"}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if out, errOut, code := cli(t, eng.DSN, "resident", "pay", "--receipt", "R1", "--id", id, "--scheme", "170", "--year", "2025", "--tier", "500", "--date", "2025-03-10"); code != 0 || !strings.Contains(out, "610.00") {
				t.Fatalf("pay: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "resident", "refund", "--receipt", "TF-1", "--ref", "R1", "--reason", "重复参保"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("without --as: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "resident", "refund", "--receipt", "TF-1", "--ref", "R1", "--date", "2025-05-01", "--as", "jingban"); code != 1 || !strings.Contains(errOut, "原因") {
				t.Errorf("without a reason: %d %s", code, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "resident", "refund", "--receipt", "TF-1", "--ref", "R1", "--date", "2025-05-01", "--reason", "重复参保(已参加职工养老保险)", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil || ap.Status != shebao.ApprovalPending || ap.Kind != shebao.ApproveResidentRefund || !strings.Contains(ap.Summary, "610.00") {
				t.Fatalf("refund: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "resident", "show", id); !strings.Contains(out, "R1") {
				t.Errorf("before approval the receipt stands: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "resident", "show", id); strings.Contains(out, "R1") {
				t.Errorf("refunded receipt still listed: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "resident", "refund", "--receipt", "TF-1", "--ref", "R1", "--date", "2025-05-01", "--reason", "重复参保(已参加职工养老保险)", "--as", "jingban"); code != 0 || !strings.Contains(out, "已于此前提交") {
				t.Errorf("repeat: %d %s", code, out)
			}
			if out, errOut, code := cli(t, eng.DSN, "resident", "pay", "--receipt", "R2", "--id", id, "--scheme", "170", "--year", "2025", "--tier", "300", "--date", "2025-06-01"); code != 0 {
				t.Errorf("paying the refunded year again: %d %s %s", code, out, errOut)
			}
			ledgerBalanced(t, eng.DSN)
		})
	}
}
