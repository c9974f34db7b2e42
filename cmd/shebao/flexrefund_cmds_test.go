package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A flexible payer pays 2000.00 for January's 1200.00: 800.00 is 暂收款.
// flex-refund of 300.00 is submitted by one clerk, refused to the maker,
// approved by another; 900.00 is then refused (500.00 left); the ledger
// stays balanced.
func TestFlexRefundCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "collection", "jingban", "fuhe")
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			id := demo.IDNumber("640106", time.Date(1982, 7, 8, 0, 0, 0, 0, time.UTC), 76, true)
			if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "周海军", Hukou: "非农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if err := collectOf(db).RegisterFlexBase(ctx, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
				t.Fatal(err)
			}
			if _, err := collectOf(db).AssessFlex(ctx, "2025-01"); err != nil {
				t.Fatal(err)
			}
			if r, err := collectOf(db).RecordFlexPayment(ctx, "FRC-1", id, shebao.Yuan(2000), "2025-01-10"); err != nil || r.Credit != shebao.Yuan(800) {
				t.Fatalf("payment %+v %v", r, err)
			}
			db.Close()
			if _, errOut, code := cli(t, eng.DSN, "flex-refund", "--receipt", "FRC-TF", "--ref", "FRC-1", "--amount", "300", "--date", "2025-01-15"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("without --as: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "flex-refund", "--receipt", "FRC-TF", "--ref", "FRC-1", "--amount", "三百", "--date", "2025-01-15", "--as", "jingban"); code != 1 || !strings.Contains(errOut, "退费金额") {
				t.Errorf("bad amount: %d %s", code, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "flex-refund", "--receipt", "FRC-TF", "--ref", "FRC-1", "--amount", "300.00", "--date", "2025-01-15", "--reason", "多缴", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil || ap.Status != shebao.ApprovalPending || ap.Kind != shebao.ApproveFlexRefund {
				t.Fatalf("refund: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "flex-refund", "--receipt", "FRC-TF", "--ref", "FRC-1", "--amount", "300.00", "--date", "2025-01-15", "--reason", "多缴", "--as", "jingban"); code != 0 || !strings.Contains(out, "已于此前提交") || !strings.Contains(out, "余500.00元") {
				t.Errorf("repeat: %d %s", code, out)
			}
			if _, errOut, code := cli(t, eng.DSN, "flex-refund", "--receipt", "FRC-TF2", "--ref", "FRC-1", "--amount", "900", "--date", "2025-01-16", "--as", "jingban"); code != 1 || !strings.Contains(errOut, "暂收款余额500.00元") {
				t.Errorf("over the 暂收款: %d %s", code, errOut)
			}
			ledgerBalanced(t, eng.DSN)
		})
	}
}
