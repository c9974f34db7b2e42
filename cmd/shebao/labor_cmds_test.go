package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The labour register from the command line (issue #19 item 1), on
// 2026-12-06: a village's file is imported with the usual contract — good
// rows land, bad rows are reported with their row (header = row 1), field
// and reason and written to --errors-out, the same file again changes
// nothing — and `labor show --json` gives the status word, the employer's
// USCC and the source. 王建军 (♂ 1980-03-01) is hired by 银川新华百货 on
// 2025-03-01 and registered 务农: status 就业 from 职工参保, disagreeing;
// 王小红 (♀ 2010-01-01, 16) registered 转移就业 to 浙江省宁波市: 转移就业 from
// 登记; 王奶奶 (♀ 1960-01-01) is past the retirement age (55 in 2015-01).
func TestLaborCommands(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = prev })
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			d := func(s string) time.Time { t, _ := time.Parse(shebao.DateLayout, s); return t }
			jun := demo.IDNumber("640106", d("1980-03-01"), 41, true)
			hong := demo.IDNumber("640106", d("2010-01-01"), 42, false)
			old := demo.IDNumber("640106", d("1960-01-01"), 43, false)
			unknown := demo.IDNumber("640106", d("1985-01-01"), 44, true)
			uscc := demo.USCC("640106", 901)
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "0"); code != 0 {
				t.Fatal(errOut)
			}
			for _, f := range []struct{ kind, path string }{
				{"persons", write("人员.csv", "身份证号,姓名,户籍性质,区划代码\n"+jun+",王建军,农业,640106100201\n"+hong+",王小红,农业,640106100201\n"+old+",王奶奶,农业,640106100201\n")},
				{"employers", write("单位.csv", "统一社会信用代码,单位名称,行业风险类别,所属区划\n"+uscc+",银川新华百货,2,640106100201\n")},
				{"enrollments", write("参保.csv", "身份证号,险种,单位,参保日期\n"+jun+",110,"+uscc+",2025-03-01\n")},
			} {
				if out, errOut, code := cli(t, eng.DSN, "import", f.kind, f.path); code != 0 {
					t.Fatalf("%s: %s %s", f.kind, out, errOut)
				}
			}
			labor := write("劳动力台账.csv", "序号,身份证号,姓名,就业状态,转移地点,技能,培训意愿\n"+
				"1,"+jun+",王建军,务农,,农机驾驶,电焊\n"+
				"2,"+hong+",王小红,转移就业,浙江省宁波市,,\n"+
				"3,"+old+",王奶奶,务农,,,\n"+
				"4,"+unknown+",某某,务农,,,\n"+
				"5,"+jun+",王建军,务农,,,\n")
			errsOut := filepath.Join(dir, "错误.csv")
			out, errOut, code := cli(t, eng.DSN, "import", "labor", labor, "--json", "--errors-out", errsOut)
			var sum struct {
				Read, Created, Unchanged, Rejected int
				Errors                             []struct {
					Row           int
					Field, Reason string
				}
			}
			if code != 3 || json.Unmarshal([]byte(out), &sum) != nil {
				t.Fatalf("import: %d %s %s", code, out, errOut)
			}
			if sum.Read != 5 || sum.Created != 2 || sum.Rejected != 3 || len(sum.Errors) != 3 ||
				sum.Errors[0].Row != 6 || sum.Errors[0].Field != "身份证号" || !strings.Contains(sum.Errors[0].Reason, "与本文件第2行重复") ||
				sum.Errors[1].Row != 4 || sum.Errors[1].Field != "身份证号" || !strings.Contains(sum.Errors[1].Reason, "已于2015-01达到法定退休年龄") ||
				sum.Errors[2].Row != 5 || sum.Errors[2].Field != "身份证号" || !strings.Contains(sum.Errors[2].Reason, "未找到") {
				t.Errorf("import summary: %s", out)
			}
			if b, err := os.ReadFile(errsOut); err != nil || !strings.Contains(string(b), "已于2015-01达到法定退休年龄") {
				t.Errorf("errors-out: %s %v", b, err)
			}
			if out, _, _ := cli(t, eng.DSN, "import", "labor", labor, "--json"); !strings.Contains(out, `"unchanged": 2`) || !strings.Contains(out, `"created": 0`) {
				t.Errorf("again: %s", out)
			}
			for _, c := range []struct{ id, status, employer, source, disagree string }{
				{jun, "就业", uscc, "职工参保", "台账登记为“务农”"},
				{hong, "转移就业", "", "登记", ""},
			} {
				out, errOut, code := cli(t, eng.DSN, "labor", "show", c.id, "--json")
				var r shebao.LaborRecord
				if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
					t.Fatalf("show: %d %s %s", code, out, errOut)
				}
				if r.Status != c.status || r.Employer != c.employer || r.Source != c.source || !strings.HasPrefix(r.Disagreement, c.disagree) || (c.disagree == "") != (r.Disagreement == "") {
					t.Errorf("show %s: %s", c.id, out)
				}
			}
			if _, errOut, code := cli(t, eng.DSN, "labor", "show", old); code != 1 || !strings.Contains(errOut, "不属于劳动年龄人口") {
				t.Errorf("show of a retired person: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "labor-derive", "--json"); code != 0 || !strings.Contains(out, `"就业": 1`) || !strings.Contains(out, `"在校": 1`) {
				t.Errorf("rebuild: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "labor", "list", "--disagreements"); code != 0 || !strings.Contains(out, "共1人") || !strings.Contains(out, "王建军") {
				t.Errorf("disagreements: %d %s %s", code, out, errOut)
			}
			// 失业登记 and 就业困难人员 (item 2): 王小红 registers unemployed
			// (her line becomes 失业, 登记); at 16 she is not 大龄 (女 40);
			// 王建军, insured by his employer, may not register.
			if out, errOut, code := cli(t, eng.DSN, "employ", "unemployed", "register", hong, "--date", "2026-12-01", "--reason", "返乡"); code != 0 || !strings.Contains(out, "已于2026-12-01登记失业") {
				t.Errorf("register unemployed: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "labor", "show", hong, "--json"); !strings.Contains(out, `"status": "失业"`) || !strings.Contains(out, `"source": "登记"`) {
				t.Errorf("王小红's line: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "employ", "hardship", "certify", hong, "--reason", "大龄"); code != 1 || !strings.Contains(errOut, "16周岁,未满40周岁") {
				t.Errorf("大龄 at 16: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "employ", "unemployed", "register", jun); code != 1 || !strings.Contains(errOut, "正在单位"+uscc+"参保缴费") {
				t.Errorf("insured employee: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "employ", "unemployed", "list"); code != 0 || !strings.Contains(out, "失业登记1人") || !strings.Contains(out, "王小红") {
				t.Errorf("list: %d %s %s", code, out, errOut)
			}
		})
	}
}
