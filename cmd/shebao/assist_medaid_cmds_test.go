package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistEdgeCLI records a 低保边缘 household from the command line on
// both engines: 魏家桥村 (rural 520.00; limit 520.00 × 150% = 780.00), per
// capita 600.00 from 2025-07-01; 780.00 is refused naming the limit, a
// town may not record, the same record again changes nothing, and the list
// shows it masked.
func TestAssistEdgeCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "civil", "mz1")
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "lt", "--role", "town", "--region", "640106100000"); code != 0 {
				t.Fatal(errOut)
			}
			yang := assistID(t, "64010619750101022")
			p := filepath.Join(t.TempDir(), "p.csv")
			os.WriteFile(p, []byte("姓名,身份证号,户籍性质,所属区划\n杨柳,"+yang+",农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", p, "--json"); code != 0 {
				t.Fatalf("%s %s", out, errOut)
			}
			edge := []string{"assist", "edge", "--no", "金民边〔2025〕1号", "--region", "640106100201", "--member", yang, "--from", "2025-07-01"}
			if _, errOut, code := cli(t, eng.DSN, append(edge, "--income", "780", "--as", "mz1")...); code != 1 || !strings.Contains(errOut, "不低于低保边缘家庭收入上限780.00元") {
				t.Errorf("at the limit: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, append(edge, "--income", "600", "--as", "lt")...); code != 1 || !strings.Contains(errOut, "不能办理") {
				t.Errorf("a town recorded: %d %s", code, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, append(edge, "--income", "600", "--as", "mz1", "--json")...)
			var h map[string]any
			if err := json.Unmarshal([]byte(out), &h); code != 0 || err != nil || h["income_limit"] != "780.00" || h["standard"] != "520.00" {
				t.Fatalf("edge: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, append(edge, "--income", "600", "--as", "mz1")...); code != 0 || !strings.Contains(out, "未重复办理") {
				t.Errorf("again: %s", out)
			}
			out, _, code = cli(t, eng.DSN, "assist", "edges", "--on", "2025-07-20", "--as", "lt")
			if code != 0 || !strings.Contains(out, "金民边〔2025〕1号") || !strings.Contains(out, "共1户") || strings.Contains(out, yang) {
				t.Errorf("edges: %s", out)
			}
		})
	}
}
