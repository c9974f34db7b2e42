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

// A flexible payer's payment of 1500.00 (January 1200.00 20 days late:
// 12.00 of late fee; 300.00 of February) is corrected: one clerk submits,
// the maker may not approve, another clerk does; the account credit of
// January is withdrawn and the ledger stays balanced.
func TestFlexCorrectCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			refundFixture(t, eng.DSN)
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			id := demo.IDNumber("640106", time.Date(1982, 7, 8, 0, 0, 0, 0, time.UTC), 78, true)
			if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "周海军", Hukou: "非农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if err := collectOf(db).RegisterFlexBase(ctx, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
				t.Fatal(err)
			}
			for _, m := range []shebao.Period{"2025-01", "2025-02"} {
				if _, err := collectOf(db).AssessFlex(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			r, err := collectOf(db).RecordFlexPayment(ctx, "FXC-1", id, shebao.Yuan(1500), "2025-02-20")
			if err != nil || r.LateFee != shebao.Yuan(12) {
				t.Fatalf("payment %+v %v", r, err)
			}
			db.Close()
			if _, errOut, code := cli(t, eng.DSN, "flex-correct", "--receipt", "FXC-CZ", "--ref", "FXC-1", "--date", "2025-02-25", "--reason", "错记人员"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("without --as: %d %s", code, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "flex-correct", "--receipt", "FXC-CZ", "--ref", "FXC-1", "--date", "2025-02-25", "--reason", "错记人员", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil || ap.Status != shebao.ApprovalPending || ap.Kind != shebao.ApproveFlexCorrect {
				t.Fatalf("correct: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "flex-correct", "--receipt", "FXC-CZ", "--ref", "FXC-1", "--date", "2025-02-25", "--reason", "错记人员", "--as", "jingban"); code != 0 || !strings.Contains(out, "已于此前提交") {
				t.Errorf("repeat: %d %s", code, out)
			}
			db, err = sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if bal, _, err := db.IndividualAccount(ctx, id, "110"); err != nil || bal != 0 {
				t.Errorf("account after correction %s %v", bal, err)
			}
			if ars, err := collectOf(db).FlexArrears(ctx, id, "2025-02-25"); err != nil || len(ars) != 1 || ars[0].Unpaid != shebao.Yuan(1200) {
				t.Errorf("arrears %+v %v", ars, err)
			}
			if out, _, code := cli(t, eng.DSN, "ledger", "check", "--json"); code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
		})
	}
}
