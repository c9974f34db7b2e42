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

// The land bureau's batches, the village's roster, acceptance, funds and
// the report, through the CLI on both engines.
func TestLandEndToEnd(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2025, 6, 15, 2, 0, 0, 0, time.UTC) }
	defer func() { shebao.Now = prev }()
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			_, write := regionsByCLI(t, eng.DSN)
			born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
			ids := []string{
				demo.IDNumber("640106", born("1950-02-03"), 31, true),  // 75: 70–79周岁
				demo.IDNumber("640106", born("1966-02-03"), 32, false), // 59: 老年段(女)
				demo.IDNumber("640106", born("1980-02-03"), 33, true),  // 45: 劳动年龄段
				demo.IDNumber("640106", born("2012-02-03"), 34, false), // 13: 未满16周岁
				demo.IDNumber("640106", born("1970-02-03"), 35, true),  // lives in 盈南村
			}
			persons := "身份证号,姓名,户籍性质,所属区划\n" +
				ids[0] + ",魏甲,农业,640106100201\n" + ids[1] + ",魏乙,农业,640106100201\n" +
				ids[2] + ",魏丙,农业,640106100201\n" + ids[3] + ",魏丁,农业,640106100201\n" + ids[4] + ",盈戊,农业,640106100202\n"
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", write("人员.csv", persons)); code != 0 {
				t.Fatal(out, errOut)
			}
			batches := write("征地.csv", "序号,批准文号,批准日期,区划代码,征收耕地面积(亩),征地前耕地面积（亩）,征地前农业人口\n"+
				"1,宁土批〔2025〕7号,2025-03-01,640106100201,450,1200,600\n"+
				"2,宁土批〔2025〕8号,2025-03-01,640106100000,10,1200,600\n")
			out, errOut, code := cli(t, eng.DSN, "import", "expropriations", batches, "--json")
			if code != 3 || !strings.Contains(out, `"created": 1`) || !strings.Contains(out, `"rejected": 1`) ||
				!strings.Contains(out, `"row": 3`) || !strings.Contains(out, `"field": "区划代码"`) {
				t.Fatalf("import expropriations: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "import", "expropriations", batches, "--json"); !strings.Contains(out, `"unchanged": 1`) {
				t.Errorf("again: %s", out)
			}
			roster := write("名单.csv", "批准文号,身份证号,姓名\n"+
				"宁土批〔2025〕7号,"+ids[0]+",魏甲\n宁土批〔2025〕7号,"+ids[1]+",魏乙\n宁土批〔2025〕7号,"+ids[2]+",魏丙\n"+
				"宁土批〔2025〕7号,"+ids[3]+",魏丁\n宁土批〔2025〕7号,"+ids[4]+",盈戊\n")
			out, errOut, code = cli(t, eng.DSN, "import", "roster", roster, "--json")
			if code != 3 || !strings.Contains(out, `"created": 4`) || !strings.Contains(out, `"row": 6`) || !strings.Contains(out, "不是征地村") {
				t.Fatalf("import roster: %d %s %s", code, out, errOut)
			}
			for _, u := range []string{"jb1", "cw1"} {
				args := []string{"user", "add", u, "--role", "clerk", "--region", "640106"}
				if u == "cw1" {
					args = append(args, "--line", "finance")
				}
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", args...); code != 0 {
					t.Fatal(errOut)
				}
			}
			out, errOut, code = cli(t, eng.DSN, "land", "accept", "宁土批〔2025〕7号", "--date", "2025-06-10", "--as", "jb1")
			if code != 0 || !strings.Contains(out, "受理参保4人(一次性补助1人,按月生活保障金2人,养老保险缴费补助1人共37000.00元)") {
				t.Fatalf("accept: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "land", "fund", "宁土批〔2025〕7号", "--payer", "政府", "--amount", "1000", "--date", "2025-06-12",
				"--receipt", "R1", "--as", "jb1"); code != 1 || !strings.Contains(errOut, "无权") {
				t.Errorf("a general clerk posted to the fund: %d %s", code, errOut)
			}
			for i := range 2 {
				out, errOut, code = cli(t, eng.DSN, "land", "fund", "宁土批〔2025〕7号", "--payer", "政府", "--amount", "1000", "--date", "2025-06-12",
					"--receipt", "R1", "--as", "cw1")
				want := []string{"已登记征地批次", "已登记过"}[i]
				if code != 0 || !strings.Contains(out, want) {
					t.Fatalf("fund %d: %d %s %s", i, code, out, errOut)
				}
			}
			out, errOut, code = cli(t, eng.DSN, "report", "land", "--region", "640106", "--json")
			if code != 0 {
				t.Fatal(out, errOut)
			}
			var rep shebao.LandReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			// 魏甲 30000 + 魏乙 37000 + 魏丙 37000 + 魏丁 5000 = 109000.
			if len(rep.Batches) != 1 || rep.Total.PersonsToSecure != 225 || rep.Total.OnRoster != 4 || rep.Total.Enrolled != 4 ||
				rep.Total.Unsecured != 221 || rep.Total.Required != shebao.Yuan(109000) || rep.Total.Received != shebao.Yuan(1000) ||
				rep.Total.Gap != shebao.Yuan(108000) || rep.Total.AvgLagDays != 101 || rep.Total.Name != "金凤区" {
				t.Errorf("report %+v", rep.Total)
			}
			if out, _, code := cli(t, eng.DSN, "report", "land"); code != 0 || !strings.Contains(out, "良田镇  应安置225 名单4 参保4 未落实221") {
				t.Errorf("report text: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "land", "warnings"); code != 0 || !strings.Contains(out, "【逾期】宁土批〔2025〕7号") {
				t.Errorf("warnings: %s", out)
			}
			if out, _, code := cli(t, eng.DSN, "ledger", "check", "--json"); code != 0 || !strings.Contains(out, `"balanced": true`) {
				t.Errorf("ledger: %s", out)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "land-allowances", "--month", "2025-07", "--json"); code != 0 || !strings.Contains(out, `"checked": 4`) {
				t.Errorf("land-allowances: %s %s", out, errOut)
			}
		})
	}
}

// regionsByCLI imports the demo's regions with `shebao import regions`
// into the database, as a clerk's file would, and returns a temporary
// folder with a writer of the test's other files into it.
func regionsByCLI(t *testing.T, dsn string) (dir string, write func(name, body string) string) {
	t.Helper()
	dir = t.TempDir()
	write = func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var regions strings.Builder
	regions.WriteString("统计用区划代码,名称\n")
	for _, r := range demo.Regions {
		fmt.Fprintf(&regions, "%s,%s\n", r.Code, r.Name)
	}
	if out, errOut, code := cli(t, dsn, "import", "regions", write("区划.csv", regions.String())); code != 0 {
		t.Fatal(out, errOut)
	}
	return dir, write
}
