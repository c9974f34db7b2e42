package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Bills assessed, a bank's list of payments imported, arrears and late
// fees out: collection through the CLI.
func TestPaymentImportAndArrearsEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "300"); code != 0 {
				t.Fatal(errOut)
			}
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			ns, _, err := db.FindEnrollments(ctx, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 1})
			db.Close()
			if err != nil || len(ns) == 0 {
				t.Fatalf("no employees in the demo: %v", err)
			}
			uscc := ns[0].Employer
			dir := t.TempDir()
			decl := filepath.Join(dir, "申报.csv")
			os.WriteFile(decl, []byte(fmt.Sprintf("姓名,身份证号,统一社会信用代码,费款所属期,申报工资\n%s,%s,%s,2025-03,6000\n",
				ns[0].Name, ns[0].IDNo, uscc)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "declarations", decl); code != 0 {
				t.Fatalf("declarations: %s %s", out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "assessment", "--month", "2025-03"); code != 0 {
				t.Fatalf("assessment: %s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "bill", uscc, "2025-03", "--json")
			var bill shebao.Bill
			if code != 0 || json.Unmarshal([]byte(out), &bill) != nil || bill.Total <= shebao.Yuan(1000) {
				t.Fatalf("bill: %s %s", out, errOut)
			}
			// Pay all but 1000.00: 10 days late that is 5.00 of late fee.
			pay := filepath.Join(dir, "到账.csv")
			os.WriteFile(pay, []byte(fmt.Sprintf("回单号,统一社会信用代码,金额(元),到账日期\nHD001,%s,%s,2025-04-02\nHD002,%s,abc,2025-04-02\n",
				uscc, bill.Total-shebao.Yuan(1000), uscc)), 0o600)
			out, errOut, code = cli(t, eng.DSN, "import", "payments", pay, "--json")
			if code != 3 || !strings.Contains(out, `"created": 1`) || !strings.Contains(out, `"field": "金额"`) {
				t.Fatalf("import payments: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "arrears", uscc, "--date", "2025-04-10", "--json")
			var rep struct {
				Bills   []shebao.Arrear `json:"bills"`
				Unpaid  shebao.Money    `json:"unpaid"`
				LateFee shebao.Money    `json:"late_fee"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
				t.Fatalf("arrears: %s %s", out, errOut)
			}
			var march *shebao.Arrear
			for i := range rep.Bills {
				if rep.Bills[i].Period == "2025-03" {
					march = &rep.Bills[i]
				}
			}
			if march == nil || march.Unpaid != shebao.Yuan(1000) || march.Days != 10 || march.LateFee != shebao.Yuan(5) {
				t.Fatalf("arrears: %s", out)
			}
			out, _, code = cli(t, eng.DSN, "arrears", uscc, "--date", "2025-04-10")
			if code != 0 || !strings.Contains(out, "1000.00 × 0.05% × 10天 = 5.00元") {
				t.Errorf("arrears text: %s", out)
			}
			// The same bank list again changes nothing.
			out, errOut, code = cli(t, eng.DSN, "import", "payments", pay, "--json")
			if code != 3 || !strings.Contains(out, `"unchanged": 1`) || !strings.Contains(out, `"created": 0`) {
				t.Fatalf("re-import: %s %s", out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "bill", uscc, "2025-03", "--json")
			if !strings.Contains(out, fmt.Sprintf(`"paid": "%s"`, bill.Total-shebao.Yuan(1000))) {
				t.Errorf("paid after re-import: %s", out)
			}
			if out, errOut, code := cli(t, eng.DSN, "ledger", "check"); code != 0 {
				t.Errorf("ledger check: %s %s", out, errOut)
			}
		})
	}
}
