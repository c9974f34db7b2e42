package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Claims imported, the month settled with the hospitals by one clerk and
// paid when another approves; a second run settles nothing; 2101 of the
// month's claims is back to zero and the books balance.
func TestHospitalSettlementEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "medical", "yb1", "yb2")
			dir := t.TempDir()
			a := demo.IDNumber("640106", time.Date(1961, 8, 3, 0, 0, 0, 0, time.UTC), 71, false)
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte(fmt.Sprintf("姓名,身份证号,户籍性质,所属区划\n海玉梅,%s,农业,640106100201\n", a)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons, "--json"); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			enr := filepath.Join(dir, "参保.csv")
			os.WriteFile(enr, []byte(fmt.Sprintf("身份证号,险种,参保日期,参保年度\n%s,390,2024-01-01,2024\n", a)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "enrollments", enr, "--json"); code != 0 {
				t.Fatalf("enrollments: %s %s", out, errOut)
			}
			// (6000 − 800) × 60% = 3120.00; (1100 − 100) × 85% = 850.00.
			claims := filepath.Join(dir, "结算明细.csv")
			os.WriteFile(claims, []byte("结算单号,身份证号,险种,医院名称,医院等级,入院日期,出院日期,总费用,合规费用\n"+
				fmt.Sprintf("ZY1,%s,390,宁夏医科大学总医院,三级,2024-03-01,2024-03-12,7000.00,6000.00\n", a)+
				fmt.Sprintf("ZY2,%s,390,良田镇卫生院,一级,2024-03-20,2024-03-24,1200,1100\n", a)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "claims", claims, "--json"); code != 0 || !strings.Contains(out, `"created": 2`) {
				t.Fatalf("claims: %s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "run", "hospital-settlement", "--month", "2024-03", "--as", "yb1", "--json")
			var res shebao.HospitalSettlementResult
			if code != 0 || json.Unmarshal([]byte(out), &res) != nil || len(res.Created) != 2 || res.Amount != 397000 || res.Approval == nil {
				t.Fatalf("settle: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "hospital-settlement", "--month", "2024-03", "--as", "yb1"); code != 0 || !strings.Contains(out, "新结算0家次") {
				t.Fatalf("again: %s %s", out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", res.Approval.ID, "--as", "yb2"); code != 0 || !strings.Contains(out, "已拨付2024-03月医疗费用:2家医院,结算单2张,合计3970.00元") {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "hospitals", "--month", "2024-03")
			if code != 0 || !strings.Contains(out, "宁夏医科大学总医院 390") || !strings.Contains(out, "合计3120.00元,已拨付") || !strings.Contains(out, "合计850.00元,已拨付") {
				t.Fatalf("hospitals: %s", out)
			}
			ledgerBalanced(t, eng.DSN)
			if out, errOut, code := cli(t, eng.DSN, "run", "hospital-settlement", "--month", "2024-13", "--as", "yb1"); code == 0 || !strings.Contains(errOut, "月份") {
				t.Errorf("bad month: %s %s", out, errOut)
			}
		})
	}
}

// Flexible-employment bases by file: good rows land, a base above the
// ceiling and an unknown person are rejected with row, field and reason;
// the same file again registers nothing.
func TestImportFlexBasesEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "0"); code != 0 {
				t.Fatal(errOut)
			}
			dir := t.TempDir()
			a := demo.IDNumber("640106", time.Date(1975, 8, 3, 0, 0, 0, 0, time.UTC), 71, false)
			unknown := demo.IDNumber("640106", time.Date(1976, 2, 14, 0, 0, 0, 0, time.UTC), 73, true)
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte(fmt.Sprintf("姓名,身份证号,户籍性质,所属区划\n海玉梅,%s,非农业,640106100201\n", a)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons, "--json"); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			file := filepath.Join(dir, "灵活就业基数.csv")
			os.WriteFile(file, []byte("身份证号,起始年月,终止年月,缴费基数\n"+
				fmt.Sprintf("%s,2025-01,2025-06,6000.00\n", a)+
				fmt.Sprintf("%s,2025年7月,,30000\n", a)+
				fmt.Sprintf("%s,2025-07,,6500\n", a)+
				fmt.Sprintf("%s,2025-01,,6000\n", unknown)), 0o600)
			out, errOut, code := cli(t, eng.DSN, "import", "flex-bases", file, "--json")
			if code != 3 || !strings.Contains(out, `"created": 2`) || !strings.Contains(out, `"rejected": 2`) ||
				!strings.Contains(out, `"row": 3`) || !strings.Contains(out, `"field": "缴费基数"`) || !strings.Contains(out, "未找到身份证号") {
				t.Fatalf("flex-bases: %d %s %s", code, out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "import", "flex-bases", file, "--json")
			if code != 3 || !strings.Contains(out, `"unchanged": 2`) || !strings.Contains(out, `"created": 0`) {
				t.Fatalf("again: %s", out)
			}
		})
	}
}
