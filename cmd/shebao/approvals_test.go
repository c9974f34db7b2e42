package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A merge of double registrations waits for a second user (经办 → 复核).
func TestMergeNeedsSecondUser(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			for _, u := range []string{"jingban", "fuhe"} {
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--region", "640106"); code != 0 {
					t.Fatal(errOut)
				}
			}
			// 马德福 registered twice in 魏家桥村, the second time with the
			// birth day digits swapped (19580312 → 19580321).
			p := filepath.Join(t.TempDir(), "p.csv")
			os.WriteFile(p, []byte("姓名,身份证号,户籍性质,所属区划\n马德福,640106195803120213,农业,640106100201\n马德福,640106195803210219,农业,640106100201\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", p, "--json"); code != 0 || !strings.Contains(out, `"created": 2`) {
				t.Fatalf("%s %s", out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "scan", "duplicates", "--json"); code != 0 || !strings.Contains(out, `"pending": 1`) {
				t.Fatalf("scan: %s", out)
			}
			// A clerk of 丰登镇 neither lists nor dismisses 良田镇's pair.
			if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", "fengdeng", "--role", "clerk", "--region", "640106101"); code != 0 {
				t.Fatal(errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "duplicates", "list", "--as", "fengdeng", "--json"); code != 0 || strings.Contains(out, "640106195803") {
				t.Errorf("another town's clerk lists the pair: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "duplicates", "dismiss", "640106195803120213", "640106195803210219", "--as", "fengdeng"); code == 0 || !strings.Contains(errOut, "复核队列中没有") {
				t.Errorf("another town's clerk dismissed the pair: %d %s", code, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "duplicates", "list", "--as", "jingban", "--json"); code != 0 || !strings.Contains(out, "640106195803120213") {
				t.Errorf("the district's clerk does not list the pair: %s", out)
			}
			out, errOut, code := cli(t, eng.DSN, "duplicates", "merge", "640106195803120213", "640106195803210219", "--as", "jingban", "--json")
			if code != 0 {
				t.Fatal(errOut)
			}
			var ap struct{ ID, Status string }
			json.Unmarshal([]byte(out), &ap)
			if ap.Status != "待复核" {
				t.Fatalf("approval %s", out)
			}
			// The merge is 良田镇's: another town's clerk neither lists nor approves it.
			if out, errOut, code := cli(t, eng.DSN, "approvals", "list", "--as", "fengdeng"); code != 0 || strings.Contains(out, ap.ID) {
				t.Errorf("another town's clerk lists the merge: %d %s %s", code, out, errOut)
			}
			if out, _, code := cli(t, eng.DSN, "approvals", "list", "--as", "fuhe"); code != 0 || !strings.Contains(out, ap.ID) {
				t.Errorf("the district's checker does not list the merge: %s", out)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fengdeng"); code != 1 || !strings.Contains(errOut, "未找到待复核业务") {
				t.Errorf("another town's clerk approved the merge: %d %s", code, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved own request: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", ap.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %d %s %s", code, out, errOut)
			}
			out, _, _ = cli(t, eng.DSN, "show", "person", "640106195803210219", "--json")
			if !strings.Contains(out, "合并至") && !strings.Contains(out, `"version": 2`) {
				t.Errorf("dropped registration not marked: %s", out)
			}
		})
	}
}
