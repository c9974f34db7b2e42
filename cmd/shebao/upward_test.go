package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Reports travel district → city → region through the CLI, on both
// engines: 金凤区 exports May 2025 with its land batch (450 亩 of 1200 亩,
// 600 persons: 225 to secure), the city imports it and forwards its own
// May signed with its key, the region imports the city's file and its
// land report for the whole region has the 225.
func TestUpwardChainCommands(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2025, 6, 15, 2, 0, 0, 0, time.UTC) }
	defer func() { shebao.Now = prev }()
	for _, eng := range sqldbtest.Engines(t) {
		if eng.Name == "citus" {
			continue
		}
		t.Run(eng.Name, func(t *testing.T) {
			fresh := func(name string) string {
				if eng.Name == "sqlite" {
					return filepath.Join(t.TempDir(), name+".db")
				}
				return sqldbtest.PostgresDSN(t)
			}
			district, cityDB, regionDB := eng.DSN, fresh("city"), fresh("region")
			dir, write := regionsByCLI(t, district)
			for _, dsn := range []string{cityDB, regionDB} {
				regionsByCLI(t, dsn)
			}
			run := func(dsn string, want string, args ...string) string {
				t.Helper()
				out, errOut, code := cli(t, dsn, args...)
				if code != 0 || !strings.Contains(out, want) {
					t.Fatalf("%v: %d %s %s (want %q)", args, code, out, errOut, want)
				}
				return out
			}
			batches := write("征地.csv", "序号,批准文号,批准日期,区划代码,征收耕地面积(亩),征地前耕地面积（亩）,征地前农业人口\n"+
				"1,宁土批〔2025〕7号,2025-03-01,640106100201,450,1200,600\n")
			run(district, `"created": 1`, "import", "expropriations", batches, "--json")
			jf, yc := filepath.Join(dir, "jf"), filepath.Join(dir, "yc")
			run(district, "已生成密钥对", "report", "keygen", "--out", jf)
			run(district, "已生成密钥对", "report", "keygen", "--out", yc)
			f1, f2 := filepath.Join(dir, "jf-2025-05.json"), filepath.Join(dir, "yc-2025-05.json")
			run(district, "已导出", "report", "export", "--region", "640106000000", "--month", "2025-05", "--key", jf+".key", "--out", f1)

			run(cityDB, "已登记", "report", "trust", "--region", "640106000000", "--key", jf+".pub")
			run(cityDB, "截至2025-05-31:", "report", "import", f1)
			run(cityDB, `"persons_to_secure": 225`, "report", "land", "--region", "640100000000", "--date", "2025-05-31", "--json")
			// June is not submitted: the city cannot forward it.
			if _, errOut, code := cli(t, cityDB, "report", "export", "--region", "640100000000", "--month", "2025-06", "--key", yc+".key",
				"--out", filepath.Join(dir, "x.json")); code == 0 || !strings.Contains(errOut, "尚未上报2025-06月") {
				t.Errorf("forwarding June: %d %s", code, errOut)
			}
			run(cityDB, "已导出", "report", "export", "--region", "640100000000", "--month", "2025-05", "--key", yc+".key", "--out", f2)

			run(regionDB, "已登记", "report", "trust", "--region", "640100000000", "--key", yc+".pub")
			run(regionDB, "汇总下级上报:640106000000:2025-05", "report", "import", f2)
			run(regionDB, `"persons_to_secure": 225`, "report", "land", "--region", "640000000000", "--date", "2025-05-31", "--json")
			run(regionDB, "640100000000", "report", "submissions")
		})
	}
}
