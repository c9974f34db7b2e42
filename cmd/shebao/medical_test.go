package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Claims in by file, reimbursed, reported; a rejected row names its row,
// field and reason; the same file again changes nothing.
func TestImportClaimsEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			dir := t.TempDir()
			a := demo.IDNumber("640106", time.Date(1961, 8, 3, 0, 0, 0, 0, time.UTC), 71, false)
			b := demo.IDNumber("640106", time.Date(1975, 2, 14, 0, 0, 0, 0, time.UTC), 73, true)
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte(fmt.Sprintf("姓名,身份证号,户籍性质,所属区划\n海玉梅,%s,农业,640106100201\n李宝成,%s,农业,640106100201\n", a, b)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons, "--json"); code != 0 || !strings.Contains(out, `"created": 2`) {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			enr := filepath.Join(dir, "参保.csv")
			os.WriteFile(enr, []byte(fmt.Sprintf("身份证号,险种,参保日期,参保年度\n%s,新农合,2024-01-01,2024\n", a)), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "enrollments", enr, "--json"); code != 0 || !strings.Contains(out, `"created": 1`) {
				t.Fatalf("enrollments: %s %s", out, errOut)
			}
			// 390 example policy: 三级 800 / 60%, 一级 100 / 85%.
			// (6000 − 800) × 60% = 3120.00; (1100 − 100) × 85% = 850.00.
			claims := filepath.Join(dir, "结算明细.csv")
			os.WriteFile(claims, []byte("序号,结算单号,身份证号,险种,医院名称,医院等级,入院日期,出院日期,总费用,合规费用(政策范围内费用)\n"+
				fmt.Sprintf("1,ZY20240001,%s,390,宁夏医科大学总医院,三级甲等,2024-03-01,2024-03-12,7000.00,6000.00\n", a)+
				fmt.Sprintf("2,ZY20240002,%s,390,良田镇卫生院,1,2024-06-01,2024-06-04,1200,1100\n", a)+
				fmt.Sprintf("3,ZY20240003,%s,390,良田镇卫生院,一级,2024-06-01,2024-06-04,1200,1100\n", b)+
				fmt.Sprintf("4,ZY20240004,%s,390,良田镇卫生院,四级,2024-06-01,2024-06-04,1200,1100\n", a)), 0o600)
			out, errOut, code := cli(t, eng.DSN, "import", "claims", claims, "--json")
			if code != 3 || !strings.Contains(out, `"created": 2`) || !strings.Contains(out, `"rejected": 2`) ||
				!strings.Contains(out, `"row": 4`) || !strings.Contains(out, "未参加2024年度的城乡居民基本医疗保险") ||
				!strings.Contains(out, `"field": "医院等级"`) {
				t.Fatalf("claims: %d %s %s", code, out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "import", "claims", claims, "--json")
			if code != 3 || !strings.Contains(out, `"unchanged": 2`) || !strings.Contains(out, `"created": 0`) {
				t.Fatalf("again: %s", out)
			}
			out, errOut, code = cli(t, eng.DSN, "report", "medical", "--region", "640106", "--from", "2024-01", "--to", "2024-12", "--json")
			if code != 0 || !strings.Contains(out, `"stays": 2`) || !strings.Contains(out, `"reimbursed": "3970.00"`) {
				t.Fatalf("report: %s %s", out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "report", "medical", "--region", "640106", "--from", "2024-01", "--to", "2024-12")
			if !strings.Contains(out, "城乡居民基本医疗保险住院报销2人次,报销金额0.40万元(次均1985.00元)") {
				t.Errorf("report text: %s", out)
			}
			out, _, code = cli(t, eng.DSN, "ledger", "check", "--json")
			if code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
		})
	}
}
