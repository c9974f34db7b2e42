package main

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestIntentsCLI: the town's service centre enters a request on the
// 流转信息平台 (QZ-1: 10.00 亩 of 耕地 in 良田镇 at 600.00 for 种植枸杞),
// lists it with its contact, withdraws it — again changes nothing — and
// the market no longer holds it; withdrawing needs --as.
func TestIntentsCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			_, write := regionsByCLI(t, eng.DSN)
			a := demo.IDNumber("640106", time.Date(1960, 2, 3, 0, 0, 0, 0, time.UTC), 41, false)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", write("人员.csv", "身份证号,姓名,户籍性质,所属区划\n"+a+",魏大山,农业,640106100201\n")); code != 0 {
				t.Fatal(out, errOut)
			}
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "ltz", "--role", "town", "--region", "640106100000"); code != 0 {
				t.Fatal(errOut)
			}
			run := func(want string, args ...string) string {
				t.Helper()
				out, errOut, code := cli(t, eng.DSN, args...)
				if code != 0 || !strings.Contains(out, want) {
					t.Fatalf("%v: %d %s %s, want %q", args, code, out, errOut, want)
				}
				return out
			}
			run("已登记求租意向QZ-1", "transfers", "seek", "--no", "QZ-1", "--region", "640106100000", "--class", "耕地", "--area", "10",
				"--years", "5", "--price", "600", "--use", "种植枸杞", "--contact", a, "--name", "魏大山", "--as", "ltz")
			run(`"status": "`+shebao.IntentActive+`"`, "transfers", "intents", "--json", "--as", "ltz")
			if _, errOut, code := cli(t, eng.DSN, "transfers", "withdraw", "QZ-1"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("withdraw without --as: %d %s", code, errOut)
			}
			run("已撤回意向QZ-1", "transfers", "withdraw", "QZ-1", "--reason", "已找到土地", "--as", "ltz")
			run("此前已撤回", "transfers", "withdraw", "QZ-1", "--as", "ltz")
			run("魏大山 "+shebao.IntentWithdrawn, "transfers", "intents", "--as", "ltz")
			if out := run("流转信息", "transfers", "market", "--as", "ltz"); strings.Contains(out, "QZ-1") {
				t.Errorf("the market still holds QZ-1: %s", out)
			}
		})
	}
}
