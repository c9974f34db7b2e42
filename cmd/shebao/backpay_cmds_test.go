package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBackPayAndWriteOffEndToEnd: January and February 2026 paid and
// released; the 2026 adjustment raises 杨建国's 3719.14 by 30.00 + 0.7%
// (26.03) + 15.00 (71 years old) = 71.03 from January; the March run pays
// two back payments of 71.03 with March and the release pays them. Then
// 王秀英's death in February is matched after March was released: the
// overpayment of 160.00 is written off by one clerk and approved by
// another. The ledger stays balanced.
func TestBackPayAndWriteOffEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "benefits", "jingban", "fuhe")
			ids := payrollBeneficiaries(t, eng.DSN)
			run := func(month string) map[string]json.RawMessage {
				t.Helper()
				out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", month, "--out", t.TempDir(), "--as", "jingban", "--json")
				if code != 0 {
					t.Fatal(errOut)
				}
				var res map[string]json.RawMessage
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatal(err, out)
				}
				var ap shebao.Approval
				if json.Unmarshal(res["release"], &ap) == nil && ap.ID != "" {
					if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 {
						t.Fatalf("release %s: %s %s", month, out, errOut)
					}
				}
				return res
			}
			run("2026-01")
			run("2026-02")
			out, errOut, code := cli(t, eng.DSN, "run", "adjustment", "--year", "2026", "--json")
			if code != 0 || !strings.Contains(out, `"paid_through": "2026-02"`) {
				t.Fatalf("adjustment: %s %s", out, errOut)
			}
			res := run("2026-03")
			var bp struct {
				Payments int
				Total    shebao.Money
			}
			if err := json.Unmarshal(res["back_pay"], &bp); err != nil || bp.Payments != 2 || bp.Total != 2*7103 {
				t.Fatalf("back pay %s", res["back_pay"])
			}
			out, _, _ = cli(t, eng.DSN, "backpays", "--month", "2026-03", "--json")
			var list struct {
				Backpays []struct {
					Month       string
					Amount      shebao.Money
					Status      string
					Explanation string
				}
				Count int
			}
			if json.Unmarshal([]byte(out), &list); list.Count != 2 || list.Backpays[0].Month != "2026-01" || list.Backpays[0].Amount != 7103 ||
				list.Backpays[0].Status != shebao.PaymentReleased ||
				!strings.Contains(list.Backpays[0].Explanation, "该月已发3719.14元,现核定3790.17元/月,补发差额3790.17 − 3719.14 = 71.03元") {
				t.Fatalf("backpays: %s", out)
			}
			if out, _, _ := cli(t, eng.DSN, "backpays", "--month", "2026-03"); !strings.Contains(out, "6401**********0019") || !strings.Contains(out, "共2笔") {
				t.Errorf("backpays text: %s", out)
			}
			ledgerBalanced(t, eng.DSN)

			// 王秀英 died on 2026-02-10: March (released) was overpaid.
			deaths := filepath.Join(t.TempDir(), "death.csv")
			os.WriteFile(deaths, []byte("身份证号,姓名,死亡日期\n"+ids["王秀英"]+",王秀英,2026-02-10\n"), 0o600)
			if _, errOut, code := cli(t, eng.DSN, "match", "death", deaths); code != 0 {
				t.Fatal(errOut)
			}
			out, _, _ = cli(t, eng.DSN, "overpayments", "--json")
			var ops struct {
				Overpayments []shebao.Overpayment
				Count        int
			}
			if json.Unmarshal([]byte(out), &ops); ops.Count != 1 {
				t.Fatalf("overpayments: %s", out)
			}
			o := ops.Overpayments[0]
			if _, errOut, code := cli(t, eng.DSN, "writeoff", o.BenefitID, o.Month, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "核销须说明无法追回的原因") {
				t.Errorf("no reason: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "writeoff", o.BenefitID, o.Month, "--reason", "无遗产,无继承人", "--as", "jingban", "--json")
			var ap shebao.Approval
			if code != 0 || json.Unmarshal([]byte(out), &ap) != nil || ap.Kind != shebao.ApproveWriteOff {
				t.Fatalf("writeoff: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已核销2026-03月多发待遇160.00元,记入其他支出") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "overpayments", "--status", shebao.OverpaymentWrittenOff, "--json"); !strings.Contains(out, `"count": 1`) {
				t.Errorf("written off: %s", out)
			}
			ledgerBalanced(t, eng.DSN)
		})
	}
}
