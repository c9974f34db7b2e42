package main

import (
	"fmt"
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

// 职业培训 from the command line (issue #19 item 3): on 2026-12-06 an
// employment clerk opens a 电工 course (2026-12-01 to 2026-12-20, 120
// hours, 3 places, subsidy to the provider) and enrols 张一, 张二, 张三;
// on 2026-12-21 张一 结业 with 初级 (labor.training.subsidy.primary
// 1000.00), 张二 with 中级 (.intermediate 1500.00), 张三 未结业; the
// subsidy of 2 persons, 2500.00, is submitted, approved by a second
// employment clerk, and the payroll of 2026-12 run after it pays exactly
// those 2 payments of 2500.00; run again, it pays nothing.
func TestTrainingCommands(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
			demoWithClerks(t, eng.DSN, "employment", "jy1", "jy2")
			var ids []string
			csv := "身份证号,姓名,户籍性质,区划代码\n"
			for i, n := range []string{"张一", "张二", "张三"} {
				id := demo.IDNumber("640106", time.Date(1990+i, 3, 1, 0, 0, 0, 0, time.UTC), 71+i, true)
				ids = append(ids, id)
				csv += fmt.Sprintf("%s,%s,非农业,640106100201\n", id, n)
			}
			persons := filepath.Join(t.TempDir(), "人员.csv")
			os.WriteFile(persons, []byte(csv), 0o600)
			if out, errOut, code := cli(t, eng.DSN, "import", "persons", persons); code != 0 {
				t.Fatalf("persons: %s %s", out, errOut)
			}
			out, errOut, code := cli(t, eng.DSN, "training", "create", "--name", "2026年第4期电工培训班", "--region", "640106100201",
				"--provider", "银川市职业技能培训中心", "--occupation", "电工", "--level", "初级", "--start", "2026-12-01", "--end", "2026-12-20",
				"--hours", "120", "--places", "3", "--payee", "机构", "--bank", "6228480123456789012", "--as", "jy1")
			m := regexp.MustCompile(`培训班(\S+)“`).FindStringSubmatch(out)
			if code != 0 || m == nil {
				t.Fatalf("create: %d %s %s", code, out, errOut)
			}
			course := m[1]
			for _, id := range ids {
				if out, errOut, code := cli(t, eng.DSN, "training", "enrol", course, id, "--as", "jy1"); code != 0 {
					t.Fatalf("enrol: %s %s", out, errOut)
				}
			}
			shebao.Now = func() time.Time { return time.Date(2026, 12, 21, 2, 0, 0, 0, time.UTC) }
			for _, c := range [][]string{
				{ids[0], "--outcome", "结业", "--attended", "120", "--cert", "初级", "--cert-no", "S1"},
				{ids[1], "--outcome", "结业", "--attended", "118", "--cert", "中级", "--cert-no", "S2"},
				{ids[2], "--outcome", "未结业", "--attended", "40"},
			} {
				args := append([]string{"training", "complete", course}, c...)
				if out, errOut, code := cli(t, eng.DSN, append(args, "--as", "jy1")...); code != 0 {
					t.Fatalf("complete: %s %s", out, errOut)
				}
			}
			if _, errOut, code := cli(t, eng.DSN, "training", "complete", course, ids[2], "--outcome", "合格", "--as", "jy1"); code == 0 ||
				!strings.Contains(errOut, "结业或未结业") {
				t.Errorf("bad outcome: %d %s", code, errOut)
			}
			// The payroll of the month before the subsidy: the demo's own.
			if out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", "2026-12", "--out", t.TempDir(), "--as", "daiyu", "--json"); code != 0 {
				t.Fatalf("payroll: %s %s", out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "training", "subsidy", course, "--as", "jy1")
			a := regexp.MustCompile(`编号(\S+)\)`).FindStringSubmatch(out)
			if code != 0 || a == nil || !strings.Contains(out, "职业培训补贴2人共2500.00元") || !strings.Contains(out, "不予补贴 张三:未结业") {
				t.Fatalf("subsidy: %d %s %s", code, out, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", a[1], "--as", "jy2"); code != 0 {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			for _, want := range []string{`"payments": 2`, `"payments": 0`} {
				out, errOut, code := cli(t, eng.DSN, "run", "payroll", "--month", "2026-12", "--out", t.TempDir(), "--as", "daiyu", "--json")
				if code != 0 || !strings.Contains(out, want) || want == `"payments": 2` && !strings.Contains(out, `"total": "2500.00"`) {
					t.Errorf("payroll (want %s): %d %s %s", want, code, out, errOut)
				}
			}
			if out, _, _ := cli(t, eng.DSN, "training", "enrolments", course, "--as", "jy1"); strings.Count(out, "补贴已核定") != 2 {
				t.Errorf("enrolments: %s", out)
			}
		})
	}
}
