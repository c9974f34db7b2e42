package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Declarations in, assessment run, bill out: the monthly cycle through the CLI.
func TestAssessmentEndToEnd(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "300"); code != 0 {
				t.Fatal(errOut)
			}
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			ns, _, err := db.FindEnrollments(ctx, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 3})
			db.Close()
			if err != nil || len(ns) == 0 {
				t.Fatalf("no employees in the demo: %v", err)
			}
			var b strings.Builder
			b.WriteString("序号,姓名,身份证号,统一社会信用代码,费款所属期,申报工资\n")
			for i, n := range ns {
				fmt.Fprintf(&b, "%d,%s,%s,%s,2025-03,%d\n", i+1, n.Name, n.IDNo, n.Employer, 3000+i*1000)
			}
			fmt.Fprintf(&b, "9,无名,%s,%s,2025-03,abc\n", ns[0].IDNo, ns[0].Employer)
			p := filepath.Join(t.TempDir(), "申报.csv")
			os.WriteFile(p, []byte(b.String()), 0o600)
			out, errOut, code := cli(t, eng.DSN, "import", "declarations", p, "--json")
			if code != 3 || !strings.Contains(out, fmt.Sprintf(`"created": %d`, len(ns))) || !strings.Contains(out, `"field": "工资"`) {
				t.Fatalf("import: %d %s %s", code, out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "run", "assessment", "--month", "2025-03", "--json")
			if code != 0 || !strings.Contains(out, `"rewritten"`) {
				t.Fatalf("assessment: %s %s", out, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "bill", ns[0].Employer, "2025-03")
			if code != 0 || !strings.Contains(out, "低于缴费基数下限4800.00元") || !strings.Contains(out, "企业职工基本养老保险") {
				t.Fatalf("bill: %s %s", out, errOut)
			}
			again, _, _ := cli(t, eng.DSN, "run", "assessment", "--month", "2025-03", "--json")
			if !strings.Contains(again, `"rewritten": 0`) {
				t.Errorf("re-run rewrote bills: %s", again)
			}
		})
	}
}

func TestInterestCommand(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			out, errOut, code := cli(t, eng.DSN, "run", "interest", "--year", "2024", "--json")
			if code != 0 || !strings.Contains(out, `"rate": "2.62%"`) {
				t.Fatalf("2024: %d %s %s", code, out, errOut)
			}
			// No 记账利率 for 2025 in the shipped policy: refused, not guessed.
			if _, errOut, code := cli(t, eng.DSN, "run", "interest", "--year", "2025"); code != 1 || !strings.Contains(errOut, "2025年记账利率") {
				t.Errorf("2025: %d %s", code, errOut)
			}
		})
	}
}
