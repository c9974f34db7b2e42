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

// A yearly contribution history exported by the old system is imported:
// bad rows are rejected with field and reason, the good ones land, a second
// import changes nothing and a corrected year replaces the old one.
func TestImportContributionHistory(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			dir := t.TempDir()
			id := demo.IDNumber("640106", time.Date(1966, 4, 2, 0, 0, 0, 0, time.UTC), 33, true)
			unknown := demo.IDNumber("640106", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 35, true)
			persons := filepath.Join(dir, "人员.csv")
			os.WriteFile(persons, []byte("身份证号,姓名,户籍性质,区划代码\n"+id+",王建军,非农业,640106100201\n"), 0o600)
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			hist := filepath.Join(dir, "历年缴费.csv")
			write := func(rows ...string) {
				os.WriteFile(hist, []byte("姓名,身份证号,险种,缴费年度,缴费月数,缴费基数合计,当年社平工资\n"+strings.Join(rows, "\n")+"\n"), 0o600)
			}
			write(
				fmt.Sprintf("王建军,%s,110,1998,12,\"9,600.00\",620.00", id),
				fmt.Sprintf("王建军,%s,企业职工基本养老保险,1999,6,4800,680", id),
				fmt.Sprintf("王建军,%s,110,1999年,13,4800,680", id),
				fmt.Sprintf("某某,%s,110,2000,12,9600,700", unknown),
				fmt.Sprintf("王建军,%s,999,2000,12,9600,700", id),
			)
			out, errOut, code := cli(t, eng.DSN, "import", "contribution-history", hist, "--json")
			if code != 3 || !strings.Contains(out, `"created": 2`) || !strings.Contains(out, `"field": "缴费月数"`) ||
				!strings.Contains(out, `"field": "险种"`) || !strings.Contains(out, "未找到") {
				t.Fatalf("first import: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "import", "contribution-history", hist, "--json"); !strings.Contains(out, `"unchanged": 2`) {
				t.Errorf("second import: %s", out)
			}
			write(fmt.Sprintf("王建军,%s,110,1999,12,9600,680", id))
			if out, _, _ := cli(t, eng.DSN, "import", "contribution-history", hist, "--json"); !strings.Contains(out, `"updated": 1`) {
				t.Errorf("corrected year: %s", out)
			}
			out, errOut, code = cli(t, eng.DSN, "history", id, "--json")
			var ys []shebao.ContributionYear
			if code != 0 || json.Unmarshal([]byte(out), &ys) != nil || len(ys) != 2 || ys[0].Year != 1998 || ys[0].BaseTotal != shebao.Yuan(9600) ||
				ys[0].AvgWage != shebao.Yuan(620) || ys[1].Months != 12 || ys[1].BaseTotal != shebao.Yuan(9600) {
				t.Fatalf("history: %s %s", out, errOut)
			}
		})
	}
}
