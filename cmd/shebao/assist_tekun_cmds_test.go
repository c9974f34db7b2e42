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

// TestAssistTekunCaseCLI runs a 特困 case from the command line on both
// engines: 王福 (b. 1950, 魏家桥村, rural standard 520.00 in the default
// policy), no income, 全护理: 520.00 × 130% = 676.00 + 60% × 520.00 =
// 312.00 → 988.00 a month (docs/DOMAIN.md §9), 集中供养 at 良田镇敬老院 paid
// to its account. The village applies, the town investigates, the
// civil-affairs clerk submits and another approves; a re-assessment to
// 半护理 (676.00 + 156.00 = 832.00) is approved the same way; the case is
// stopped from next month.
func TestAssistTekunCaseCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "civil", "mz1", "mz2")
			for _, u := range [][]string{{"wjq", "village", "640106100201"}, {"lt", "town", "640106100000"}} {
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", u[0], "--role", u[1], "--region", u[2]); code != 0 {
					t.Fatal(errOut)
				}
			}
			old := assistID(t, "64010619500301011")
			p := filepath.Join(t.TempDir(), "p.csv")
			os.WriteFile(p, []byte("姓名,身份证号,户籍性质,所属区划\n王福,"+old+",农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", p, "--json"); code != 0 || !strings.Contains(out, `"created": 1`) {
				t.Fatalf("%s %s", out, errOut)
			}
			today := shebao.Today()
			day, month := today.Format(shebao.DateLayout), today.Format("2006-01")
			next := today.AddDate(0, 0, -today.Day()+1).AddDate(0, 1, 0).Format("2006-01")
			out, errOut, code := cli(t, eng.DSN, "assist", "tekun-case", "apply", "--region", "640106100201", "--id", old, "--date", day, "--as", "wjq", "--json")
			var c struct {
				ID, Status, Monthly string
				ApprovalID          string `json:"approval_id"`
			}
			if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || c.Status != "待调查" {
				t.Fatalf("apply: %d %s %s", code, out, errOut)
			}
			steps := []struct {
				args []string
				code int
				want string
			}{
				{[]string{"investigate", c.ID, "--date", day, "--income", "0", "--care", "全护理", "--as", "wjq"}, 1, "村协管员不能办理"},
				{[]string{"investigate", c.ID, "--date", day, "--income", "abc", "--care", "全护理", "--as", "lt"}, 1, "--income"},
				{[]string{"investigate", c.ID, "--date", day, "--income", "0", "--care", "全护理", "--as", "lt"}, 0, "月供养金 988.00元(基本生活标准676.00 + 照料护理标准312.00)"},
				{[]string{"submit", c.ID, "--date", day, "--mode", "集中供养", "--as", "mz1"}, 1, "供养服务机构名称"},
				{[]string{"submit", c.ID, "--date", day, "--mode", "集中供养", "--institution", "良田镇敬老院", "--institution-bank", "6228480402564890026", "--as", "lt"}, 1, "由区民政部门办理"},
				{[]string{"submit", c.ID, "--date", day, "--mode", "集中供养", "--institution", "良田镇敬老院", "--institution-bank", "6228480402564890026", "--as", "mz1"}, 0, "待审批:复核编号"},
			}
			for _, s := range steps {
				out, errOut, code := cli(t, eng.DSN, append([]string{"assist", "tekun-case"}, s.args...)...)
				if code != s.code || !strings.Contains(out+errOut, s.want) {
					t.Errorf("%v: exit %d, want %d %q\n%s%s", s.args, code, s.code, s.want, out, errOut)
				}
			}
			out, _, _ = cli(t, eng.DSN, "assist", "tekun-case", "show", c.ID, "--json", "--as", "mz1")
			if err := json.Unmarshal([]byte(out), &c); err != nil || c.ApprovalID == "" {
				t.Fatalf("show: %v %s", err, out)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", c.ApprovalID, "--as", "mz2"); code != 0 || !strings.Contains(out, "集中供养,自"+month+"起每月988.00元") {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "assist", "tekun-case", "list", "--mode", "集中供养", "--as", "lt"); code != 0 || !strings.Contains(out, c.ID+"  已批准") || !strings.Contains(out, "共1件") {
				t.Errorf("list: %s", out)
			}
			out, errOut, code = cli(t, eng.DSN, "assist", "tekun-case", "reassess", c.ID, "--date", day, "--care", "半护理", "--as", "mz1", "--json")
			if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil || c.Status != "变更待审批" {
				t.Fatalf("reassess: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", c.ApprovalID, "--as", "mz2"); code != 0 || !strings.Contains(out, "月供养金由988.00元变为832.00元,自"+next+"起") {
				t.Fatalf("approve the change: %s %s", out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "assist", "tekun-case", "stop", c.ID, "--month", next, "--as", "mz1"); code != 1 || !strings.Contains(errOut, "请填写终止原因") {
				t.Errorf("stop without a reason: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "assist", "tekun-case", "stop", c.ID, "--month", next, "--reason", "迁出本区", "--as", "mz1"); code != 0 ||
				!strings.Contains(out, "已终止:自"+next+"起不再供养(迁出本区),供养金发放至"+month) {
				t.Errorf("stop: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "assist", "tekun-case", "deaths", "--as", "mz1"); code != 0 || !strings.Contains(out, "终止0件") {
				t.Errorf("deaths: %s", out)
			}
		})
	}
}
