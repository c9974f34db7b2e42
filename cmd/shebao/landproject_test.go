package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The 增减挂钩 ledger through the CLI on both engines, with the figures of
// transfer.TestLandProject: 3 households, 10.00 亩 issued, 8.00 used,
// 7.50 accepted → refused to close (short by 0.50); 0.60 more accepted
// (8.10) → closed. A second project's 2.00 亩 issued on 2023-12-05 and not
// returned is flagged on 2026-12-06 (3 years and 1 day).
func TestLandProjectsCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			_, write := regionsByCLI(t, eng.DSN)
			born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
			a := demo.IDNumber("640106", born("1960-02-03"), 41, false)
			b := demo.IDNumber("640106", born("1962-05-06"), 43, false)
			c := demo.IDNumber("640106", born("1975-07-08"), 45, false)
			persons := "身份证号,姓名,户籍性质,所属区划\n" + a + ",魏大山,农业,640106100201\n" + b + ",魏二水,农业,640106100201\n" +
				c + ",盈种粮,农业,640106100202\n"
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", write("人员.csv", persons)); code != 0 {
				t.Fatal(out, errOut)
			}
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "ltz", "--role", "town", "--region", "640106100000"); code != 0 {
				t.Fatal(errOut)
			}
			run := func(args ...string) string {
				t.Helper()
				out, errOut, code := cli(t, eng.DSN, append(args, "--as", "ltz")...)
				if code != 0 {
					t.Fatalf("%v: %d %s %s", args, code, out, errOut)
				}
				return out
			}
			run("landprojects", "create", "GG-1", "--name", "良田镇增减挂钩项目区", "--region", "640106100000")
			run("landprojects", "plot", "GG-1", "--plot", "H1", "--head", a, "--homestead", "3.5", "--demolished", "3.5", "--compensation", "70000")
			run("landprojects", "plot", "GG-1", "--plot", "H2", "--head", b, "--homestead", "3.2", "--demolished", "3", "--compensation", "60000")
			run("landprojects", "plot", "GG-1", "--plot", "H3", "--head", c, "--homestead", "2.5", "--demolished", "2.5", "--compensation", "50000")
			run("landprojects", "issue", "GG-1", "--doc", "ZB-1", "--area", "10", "--date", "2023-12-06")
			if out := run("landprojects", "issue", "GG-1", "--doc", "ZB-1", "--area", "10", "--date", "2023-12-06"); !strings.Contains(out, "未作改动") {
				t.Errorf("again: %s", out)
			}
			run("landprojects", "use", "GG-1", "--doc", "JX-1", "--area", "8", "--date", "2024-05-01")
			if _, errOut, code := cli(t, eng.DSN, "landprojects", "use", "GG-1", "--doc", "JX-2", "--area", "2.01", "--date", "2024-06-01", "--as", "ltz"); code == 0 ||
				!strings.Contains(errOut, "超出0.01亩") {
				t.Errorf("use above the quota: %d %s", code, errOut)
			}
			for i, p := range []struct{ plot, area string }{{"H1", "3.5"}, {"H2", "3"}, {"H3", "2.5"}} {
				run("landprojects", "reclaim", "GG-1", "--doc", fmt.Sprintf("FK-%d", i+1), "--plot", p.plot, "--area", p.area, "--date", "2025-06-01")
			}
			for i, p := range []struct{ plot, area string }{{"H1", "3.5"}, {"H2", "3"}, {"H3", "1"}} {
				run("landprojects", "accept", "GG-1", "--doc", fmt.Sprintf("YS-%d", i+1), "--plot", p.plot, "--area", p.area, "--date", "2025-09-01")
			}
			if _, errOut, code := cli(t, eng.DSN, "landprojects", "close", "GG-1", "--date", "2025-10-01", "--as", "ltz"); code == 0 ||
				!strings.Contains(errOut, "复垦面积7.50亩少于建新使用面积8.00亩,尚差0.50亩") {
				t.Errorf("closed short: %d %s", code, errOut)
			}
			run("landprojects", "accept", "GG-1", "--doc", "YS-4", "--plot", "H3", "--area", "0.6", "--date", "2025-11-01")
			// 安置 of H1's household: 货币安置 70,000.00 (the same again is no second one).
			run("landprojects", "resettle", "GG-1", "--head", a, "--mode", "货币安置", "--amount", "70000", "--date", "2025-10-15")
			if out := run("landprojects", "resettle", "GG-1", "--head", a, "--mode", "货币安置", "--amount", "70000", "--date", "2025-10-15"); !strings.Contains(out, "已登记,未作改动") {
				t.Errorf("resettled again: %s", out)
			}
			if out := run("landprojects", "close", "GG-1", "--date", "2025-11-02"); !strings.Contains(out, "验收复垦8.10亩,不少于建新使用8.00亩") {
				t.Errorf("close: %s", out)
			}
			out := run("landprojects", "show", "GG-1", "--date", "2025-11-02")
			if !strings.Contains(out, "魏家桥村:2户 拆旧6.50亩 复垦6.50亩 验收6.50亩 补偿130000.00元") || !strings.Contains(out, "盈种粮") ||
				!strings.Contains(out, "安置:货币安置1户 集中安置0户 自建0户,安置金额70000.00元") || !strings.Contains(out, "安置:2025-10-15 货币安置 70000.00元") {
				t.Errorf("show: %s", out)
			}

			run("landprojects", "create", "GG-2", "--name", "魏家桥村挂钩项目", "--region", "640106100000")
			run("landprojects", "issue", "GG-2", "--doc", "ZB-9", "--area", "2", "--date", "2023-12-05")
			var list struct {
				Projects []struct {
					Code    string
					Overdue string `json:"overdue_mu"`
					Quotas  []struct {
						Overdue     bool
						DaysOverdue int `json:"days_overdue"`
					}
				}
			}
			out = run("landprojects", "list", "--date", "2026-12-06", "--json")
			if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Projects) != 2 || list.Projects[0].Overdue != "0.00" ||
				list.Projects[1].Overdue != "2.00" || !list.Projects[1].Quotas[0].Overdue || list.Projects[1].Quotas[0].DaysOverdue != 1 {
				t.Errorf("list: %v %s", err, out)
			}
		})
	}
}
