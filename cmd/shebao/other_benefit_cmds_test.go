package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A work-injury lump sum through the CLI: preview, submission by one user,
// approval by another. Own wage 5500.00 (12 months assessed at the base
// 5500.00 declared), grade 9 → 9 months = 49500.00.
func TestDetermineInjuryCommand(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "10"); code != 0 {
				t.Fatal(errOut)
			}
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			id := demo.IDNumber("640106", time.Date(1979, 11, 5, 0, 0, 0, 0, time.UTC), 91, true)
			if err := db.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: "丁学军", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			emp := &shebao.Employer{USCC: demo.USCC("640106", 93), Name: "金凤工伤测试有限公司", RiskClass: 5, Region: "640106100201"}
			if err := db.CreateEmployer(ctx, emp); err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Enroll.Hire(ctx, id, emp.USCC, "2023-01-01", nil); err != nil {
				t.Fatal(err)
			}
			var ds []shebao.Declaration
			for m := 1; m <= 12; m++ {
				ds = append(ds, shebao.Declaration{Employer: emp.USCC, Period: shebao.Period(shebao.PeriodOf(2023, m)), IDNo: id, Wage: shebao.Yuan(5500)})
			}
			if _, errs, err := app.New(db).Collect.ImportDeclarations(ctx, "d", ds); err != nil || errs[0] != nil {
				t.Fatal(err, errs)
			}
			// The own wage is the 410 base assessed (issue #14): 2023
			// assessed at an average wage of 8000.00 put in force for it.
			if _, err := db.LoadPolicy(ctx, "wage2023.toml", "", []policy.Param{{Key: "wage.avg_monthly", From: "2023-01-01", To: "2024-01-01",
				Value: "8000.00", Source: "示例值:测试用2023年社平工资", Example: true}}); err != nil {
				t.Fatal(err)
			}
			for m := 1; m <= 12; m++ {
				if _, err := app.New(db).Collect.Assess(ctx, shebao.Period(shebao.PeriodOf(2023, m))); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			for _, u := range []string{"jingban", "fuhe"} {
				if _, errOut, code := cliIn(t, eng.DSN, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--region", "640106"); code != 0 {
					t.Fatal(errOut)
				}
			}
			out, errOut, code := cli(t, eng.DSN, "determine", "injury", id, "--grade", "9", "--injury-date", "2024-01-10", "--month", "2024-06", "--preview")
			if code != 0 || !strings.Contains(out, "一次性伤残补助金:49500.00元,于2024-06发放") || !strings.Contains(out, "试算") {
				t.Fatalf("preview: %d %s %s", code, out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "determine", "injury", id, "--grade", "9", "--injury-date", "2024-01-10"); code != 2 || !strings.Contains(errOut, "--as") {
				t.Errorf("without --as: %d %s", code, errOut)
			}
			out, errOut, code = cli(t, eng.DSN, "determine", "injury", id, "--grade", "9", "--injury-date", "2024-01-10", "--month", "2024-06", "--as", "jingban", "--json")
			if code != 0 {
				t.Fatalf("submit: %s %s", out, errOut)
			}
			var d struct {
				Amount   string
				Approval struct{ ID string }
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil || d.Amount != "49500.00" || d.Approval.ID == "" {
				t.Fatalf("json %s %v", out, err)
			}
			if _, errOut, code := cli(t, eng.DSN, "approvals", "approve", d.Approval.ID, "--as", "jingban"); code != 1 || !strings.Contains(errOut, "不能复核本人经办的业务") {
				t.Errorf("maker approved: %d %s", code, errOut)
			}
			if out, errOut, code := cli(t, eng.DSN, "approvals", "approve", d.Approval.ID, "--as", "fuhe"); code != 0 || !strings.Contains(out, "已复核") {
				t.Fatalf("approve: %s %s", out, errOut)
			}
			if _, errOut, code := cli(t, eng.DSN, "determine", "unemployment", id, "--from", "2024-05", "--preview"); code != 1 || !strings.Contains(errOut, "仍在参保缴费") {
				t.Errorf("unemployment while employed: %d %s", code, errOut)
			}
		})
	}
}
