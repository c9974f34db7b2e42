package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 公益性岗位 from the command line on 2026-12-06: an employment clerk
// creates a post and places 马德福 (♂ 1980-01-01, 被征地) from 2026-12 —
// 36 months to 2029-11, 岗位补贴 1500.00 and 社会保险补贴 1113.60 (4800.00
// × 16% + 6.5% + 0.7%, see policy.TestPublicPost) — a second employment
// clerk approves, and the benefits clerks' payroll of 2026-12 pays both
// (beside the demo's own benefits).
func TestPostCommands(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = prev })
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			demoWithClerks(t, eng.DSN, "employment", "jy1", "jy2")
			id := demo.IDNumber("640106", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 61, true)
			persons := filepath.Join(t.TempDir(), "人员.csv")
			os.WriteFile(persons, []byte("身份证号,姓名,户籍性质,区划代码,人员标识\n"+id+",马德福,非农业,640106100201,被征地\n"), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "post", "create", "--name", "村道保洁员", "--region", "640106100201", "--unit", "金凤区环境卫生管理所",
				"--funding", "就业补助资金", "--places", "2", "--bank", "6228480123456789012", "--as", "jy1")
			m := regexp.MustCompile(`公益性岗位(\S+)“`).FindStringSubmatch(out)
			if code != 0 || m == nil {
				t.Fatalf("create: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "post", "place", m[1], id, "--start", "2026-12", "--as", "jy1")
			a := regexp.MustCompile(`编号(\S+)\)`).FindStringSubmatch(out)
			if code != 0 || a == nil || !strings.Contains(out, "2026年12月至2029年11月") || !strings.Contains(out, "岗位补贴1500.00元/月,社会保险补贴1113.60元/月") {
				t.Fatalf("place: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", a[1], "--as", "jy1"); code == 0 {
				t.Errorf("the maker approved: %s %s", out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", a[1], "--as", "jy2"); code != 0 {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", "2026-12", "--out", t.TempDir(), "--as", "daiyu", "--json"); code != 0 ||
				!strings.Contains(out, `"1500.00"`) || !strings.Contains(out, `"1113.60"`) || !strings.Contains(out, "公益性岗位社会保险补贴") {
				t.Errorf("payroll: %d %s %s", code, out, errOut)
			}
			if out, _, _ := cli(t, eng.DSN, "post", "list", "--as", "jy1"); !strings.Contains(out, "岗位2 在岗1") {
				t.Errorf("list: %s", out)
			}
		})
	}
}
