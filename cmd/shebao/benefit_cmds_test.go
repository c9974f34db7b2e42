package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// calc pension against docs/DOMAIN.md's worked and published examples, and the
// refusal under 15 years with exit code 1.
func TestCalcPension(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			tests := []struct {
				args                                       []string
				basic, account, transitional, total, divis string
			}{
				{[]string{"--wage", "8000", "--index", "1.2", "--years", "30", "--balance", "150000", "--age", "60"}, "2640.00", "1079.14", "0.00", "3719.14", "139"},
				// the policy's wage.avg_monthly (8000.00 in the default policy) without --wage
				{[]string{"--index", "1.2", "--years", "30", "--balance", "150000", "--age", "60", "--date", "2025-06-01"}, "2640.00", "1079.14", "0.00", "3719.14", "139"},
				{[]string{"--wage", "4000", "--index", "0.6", "--years", "15", "--balance", "0", "--age", "60"}, "480.00", "0.00", "0.00", "480.00", "139"},
				{[]string{"--wage", "4000", "--index", "1.0", "--years", "15", "--balance", "0", "--age", "60"}, "600.00", "0.00", "0.00", "600.00", "139"},
				{[]string{"--wage", "4000", "--index", "3.0", "--years", "15", "--balance", "0", "--age", "60"}, "1200.00", "0.00", "0.00", "1200.00", "139"},
				{[]string{"--wage", "8000", "--index", "1.2", "--years", "30.5", "--balance", "150000", "--age", "60y1m", "--deemed-years", "10", "--transition-rate", "1.2"},
					"2684.00", "1083.82", "1152.00", "4919.82", "138.4"},
				// 50000 ÷ 118.3 = 422.654… → 422.65; 8800 × 15.25 × 1% = 1342.00
				{[]string{"--wage", "8000", "--index", "1.2", "--years", "15.25", "--balance", "50000", "--age", "62y10m"}, "1342.00", "422.65", "0.00", "1764.65", "118.3"},
				{[]string{"--wage", "8000", "--index", "1", "--years", "20", "--balance", "19460", "--age", "50y1m"}, "1600.00", "100.00", "0.00", "1700.00", "194.6"},
			}
			for _, tt := range tests {
				out, errOut, code := cli(t, eng.DSN, append([]string{"calc", "pension", "--json"}, tt.args...)...)
				if code != 0 {
					t.Errorf("%v: exit %d %s", tt.args, code, errOut)
					continue
				}
				var got map[string]any
				if err := json.Unmarshal([]byte(out), &got); err != nil {
					t.Fatal(err)
				}
				for k, want := range map[string]string{"basic": tt.basic, "account": tt.account, "transitional": tt.transitional, "total": tt.total, "divisor": tt.divis} {
					if got[k] != want {
						t.Errorf("%v: %s = %v, want %s", tt.args, k, got[k], want)
					}
				}
				if e, _ := got["explain"].(string); !strings.Contains(e, "基础养老金 = ") || !strings.Contains(e, "基本养老金 = ") {
					t.Errorf("%v: explain %q", tt.args, e)
				}
			}
			out, errOut, code := cli(t, eng.DSN, "calc", "pension", "--wage", "8000", "--index", "1.2", "--years", "14.5", "--balance", "150000", "--age", "60")
			if code != 1 || !strings.Contains(errOut, "累计缴费年限(含视同缴费)14年6个月,不足按月领取基本养老金的最低缴费年限15年") {
				t.Errorf("14.5 years: exit %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "calc", "pension", "--wage", "8000", "--index", "1.2", "--years", "30", "--balance", "1", "--age", "60y12m"); code != 1 || !strings.Contains(errOut, "月数应为0–11") {
				t.Errorf("bad age: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "calc", "pension", "--wage", "8000", "--years", "30", "--balance", "1", "--age", "60"); code != 1 || !strings.Contains(errOut, "缺少平均缴费指数") {
				t.Errorf("no index: %d %s", code, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "calc", "pension", "--wage", "8000", "--index", "1.2", "--years", "30", "--balance", "150000", "--age", "60"); code != 0 ||
				!strings.Contains(out, "合计         3719.14元/月") {
				t.Errorf("text: %s", out)
			}
		})
	}
}

// From the history to the pension in payment: import the history, preview,
// submit as one clerk, approve as another, list, adjust for 2025 (twice),
// suspend.
func TestDeterminePensionCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			for _, u := range []string{"jingban", "fuhe"} {
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--line", "benefits", "--region", "640106"); code != 0 {
					t.Fatal(errOut)
				}
			}
			id := demo.IDNumber("640106", time.Date(1964, 8, 20, 0, 0, 0, 0, time.UTC), 77, true)
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte("身份证号,姓名,户籍性质,区划代码\n"+id+",赵志强,非农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			rows := "身份证号,险种,缴费年度,缴费月数,缴费基数合计,当年社平工资\n"
			for y := 2005; y < 2025; y++ {
				rows += fmt.Sprintf("%s,110,%d,12,60000,5000\n", id, y)
			}
			hist := filepath.Join(dir, "历年缴费.csv")
			os.WriteFile(hist, []byte(rows), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "contribution-history", hist, "--json"); code != 0 || !strings.Contains(out, `"created": 20`) {
				t.Fatalf("history: %s %s", out, errOut)
			}
			// 20 years at index 1.0, retired 2024-08 at 60: (8000 + 8000) ÷ 2 × 20 × 1% = 1600.00.
			out, errOut, code := cli(t, eng.DSN, "determine", "pension", id, "--preview")
			if code != 0 || !strings.Contains(out, "基本养老金:1600.00元/月") || !strings.Contains(out, "试算,未提交") || !strings.Contains(out, "2005    12      60000.00") {
				t.Fatalf("preview: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "determine", "pension", id); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("submission without --as: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "determine", "pension", id, "--bank", "6217000000000001", "--as", "jingban", "--json")
			var d struct {
				Total    string
				Approval struct{ ID, Status string }
			}
			if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Total != "1600.00" || d.Approval.Status != "待复核" {
				t.Fatalf("submit: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", d.Approval.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", d.Approval.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "benefits", id, "--json")
			var bs []struct {
				ID, Monthly string
				ApprovedBy  string `json:"approved_by"`
				Amounts     []struct{ Monthly, Source string }
			}
			if code != 0 || json.Unmarshal([]byte(out), &bs) != nil || len(bs) != 1 || bs[0].Monthly != "1600.00" || len(bs[0].Amounts) != 1 || bs[0].ApprovedBy != "fuhe" {
				t.Fatalf("benefits: %s", out)
			}
			// 2025: 30 + 1600 × 0.7% + 20 × 1.00 = 61.20 → 1661.20
			// (the demo district may have pensions of its own: count ours in)
			out, errOut, code = cli(t, eng.DSN, "run", "adjustment", "--year", "2025", "--json")
			var adj struct{ Benefits, Already int }
			if code != 0 || json.Unmarshal([]byte(out), &adj) != nil || adj.Benefits < 1 {
				t.Fatalf("adjustment: %d %s %s", code, out, errOut)
			}
			again, _, _ := cli(t, eng.DSN, "run", "adjustment", "--year", "2025", "--json")
			if !strings.Contains(again, `"benefits": 0`) || !strings.Contains(again, fmt.Sprintf(`"already": %d`, adj.Benefits)) {
				t.Errorf("second adjustment: %s", again)
			}
			out, _, _ = cli(t, eng.DSN, "benefits", id)
			if !strings.Contains(out, "1661.20元/月") || !strings.Contains(out, "2024-09–2024-12 1600.00元/月") || !strings.Contains(out, "2025年基本养老金调整") {
				t.Errorf("benefits text: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "benefit", "suspend", bs[0].ID, "--month", "2025-06", "--as", "jingban"); code != 1 || !strings.Contains(errOut, "原因") {
				t.Errorf("suspend without reason: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "benefit", "suspend", bs[0].ID, "--month", "2025-06", "--reason", "未通过领取资格认证", "--as", "jingban"); code != 0 || !strings.Contains(out, "暂停发放") {
				t.Errorf("suspend: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "ledger", "check", "--json"); code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
		})
	}
}
