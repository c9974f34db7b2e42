package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistImportCLI: `shebao import assist FILE --json --errors-out`
// on both engines (assistui): two applications of 魏家桥村, one member row
// each way (马强 800.00 wages, 李梅 nothing: 520.00 × 2 − 800.00 = 240.00),
// and a row with a number that fails its check digit; the summary counts
// rows with the errors' row, fields and reasons (both numbers of the row
// are wrong) and the command exits 3 as every import with rejected rows,
// the errors file has the row; the same file again is unchanged. Then the civil-affairs clerk
// refuses the imported application (assist refuse): 不予保障 with the
// reason.
func TestAssistImportCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "civil", "mz1")
			man, wife := assistID(t, "64010619800315011"), assistID(t, "64010619820720022")
			bad := assistID(t, "64010619700101021")
			bad = bad[:17] + map[bool]string{true: "1", false: "2"}[bad[17] != '1']
			dir := t.TempDir()
			p := filepath.Join(dir, "p.csv")
			os.WriteFile(p, []byte("姓名,身份证号,户籍性质,所属区划\n马强,"+man+",农业,640106100201\n李梅,"+wife+",农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", p, "--json"); code != 0 || !strings.Contains(out, `"created": 2`) {
				t.Fatalf("%s %s", out, errOut)
			}
			f := filepath.Join(dir, "apps.csv")
			os.WriteFile(f, []byte("申请编号,户主身份证号,成员身份证号,与户主关系,月收入(元),区划代码,申请日期\n"+
				"WJQ-1,"+man+","+man+",户主,800,640106100201,2026-06-01\n"+
				"WJQ-1,"+man+","+wife+",妻子,0,640106100201,2026-06-01\n"+
				"WJQ-2,"+bad+","+bad+",本人,0,640106100201,2026-06-01\n"), 0o600)
			errorsOut := filepath.Join(dir, "errors.xlsx")
			out, errOut, code := cli(t, eng.DSN, "import", "assist", f, "--json", "--errors-out", errorsOut)
			if code != 3 || !strings.Contains(errOut, "1行被拒绝") { // 3: some rows rejected, as every import
				t.Fatalf("import: %d %s %s", code, out, errOut)
			}
			var s struct {
				Read, Created, Unchanged, Rejected int
				Errors                             []struct {
					Row           int
					Field, Reason string
				}
			}
			if err := json.Unmarshal([]byte(out), &s); err != nil || s.Read != 3 || s.Created != 2 || s.Rejected != 1 ||
				len(s.Errors) != 2 || s.Errors[0].Row != 4 || s.Errors[0].Field != "户主身份证号" || s.Errors[1].Field != "成员身份证号" {
				t.Fatalf("summary %+v %v\n%s", s, err, out)
			}
			if _, err := os.Stat(errorsOut); err != nil {
				t.Errorf("errors file: %v", err)
			}
			out, _, _ = cli(t, eng.DSN, "import", "assist", f, "--json")
			if err := json.Unmarshal([]byte(out), &s); err != nil || s.Created != 0 || s.Unchanged != 2 || s.Rejected != 1 {
				t.Errorf("again %+v %v", s, err)
			}
			out, _, _ = cli(t, eng.DSN, "assist", "list", "--as", "mz1")
			ids := regexp.MustCompile(`DB[0-9]{8}[0-9A-F]{16}`).FindAllString(out, -1)
			if len(ids) != 1 || !strings.Contains(out, "共1件") {
				t.Fatalf("list: %s", out)
			}
			if out, errOut, code := cli(t, eng.DSN, "assist", "show", ids[0], "--as", "mz1"); code != 0 || !strings.Contains(out, "月保障金 240.00元") {
				t.Errorf("show: %s %s", out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "assist", "refuse", ids[0], "--date", "2026-06-03", "--reason", "家庭拥有小轿车一辆", "--as", "mz1"); code != 0 ||
				!strings.Contains(out, "不予保障") || !strings.Contains(out, "区民政部门决定不予保障:家庭拥有小轿车一辆") {
				t.Errorf("refuse: %d %s %s", code, out, errOut)
			}
		})
	}
}
