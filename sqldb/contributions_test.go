package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The default policy for 2025: 社平工资 8000.00 (example value), base 60%–300%
// (4800.00–24000.00); 110 16%/8%, 210 0.7%/0.3%, 310 6.5%/2% (example),
// 410 class 2 0.4%, 510 merged into 310 since 2020 (no line).
func TestAssessment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		emp := &shebao.Employer{USCC: demo.USCC("640106", 7), Name: "宁夏魏家桥农机合作社", RiskClass: 2, Region: "640106100201"}
		if err := db.CreateEmployer(admin, emp); err != nil {
			t.Fatal(err)
		}
		ids := []string{
			demo.IDNumber("640106", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 1, true),
			demo.IDNumber("640106", time.Date(1975, 2, 2, 0, 0, 0, 0, time.UTC), 2, false),
			demo.IDNumber("640106", time.Date(1980, 3, 3, 0, 0, 0, 0, time.UTC), 3, true),
			demo.IDNumber("640106", time.Date(1985, 4, 4, 0, 0, 0, 0, time.UTC), 4, false),
		}
		for i, id := range ids {
			if err := db.CreatePerson(admin, person(id, []string{"马德福", "杨桂兰", "周建国", "丁玉兰"}[i], "640106100201")); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids[:3] {
			if _, err := db.Hire(admin, id, emp.USCC, "2025-01-01", nil); err != nil {
				t.Fatal(err)
			}
		}
		period := shebao.Period("2025-03")
		decl := []shebao.Declaration{
			{Employer: emp.USCC, Period: period, IDNo: ids[0], Wage: shebao.Yuan(3500)},    // below the floor
			{Employer: emp.USCC, Period: period, IDNo: ids[1], Wage: shebao.Yuan(30000)},   // above the ceiling
			{Employer: emp.USCC, Period: period, IDNo: ids[2], Wage: shebao.Money(654321)}, // 6543.21
			{Employer: emp.USCC, Period: period, IDNo: ids[3], Wage: shebao.Yuan(5000)},    // not an employee: 增员 first
			{Employer: emp.USCC, Period: "2024-12", IDNo: ids[0], Wage: shebao.Yuan(5000)}, // before joining
		}
		outs, errs, err := declare(db, admin, "r1", decl)
		if err != nil {
			t.Fatal(err)
		}
		if outs[0] != shebao.Created || errs[3] == nil || !strings.Contains(shebao.ErrorMessage(errs[3]), "增员") || errs[4] == nil {
			t.Fatalf("declarations: %v %v", outs, errs)
		}
		res, err := assess(db, admin, period)
		if err != nil {
			t.Fatal(err)
		}
		// 3 persons × 4 schemes (510 is not levied since 2020).
		if res.Employers != 1 || res.Lines != 12 || res.Rewritten != 1 {
			t.Fatalf("assessment %+v", res)
		}
		// Worked by hand: bases 4800.00, 24000.00 and 6543.21 times
		// 16+8+0.7+0.3+6.5+2+0.4 percent, each rounded half up to the fen.
		if got, want := res.Total, shebao.Money(1198134); got != want {
			t.Errorf("total %s, want %s", got, want)
		}
		bill, err := db.FindBill(admin, emp.USCC, period)
		if err != nil {
			t.Fatal(err)
		}
		var low, odd *shebao.BillLine
		for _, l := range bill.Items {
			if l.IDNo == ids[0] && l.Scheme == "110" {
				low = l
			}
			if l.IDNo == ids[2] && l.Scheme == "110" {
				odd = l
			}
		}
		if low == nil || low.Base != shebao.Yuan(4800) || low.EmployerAmount != shebao.Yuan(768) || low.IndivAmount != shebao.Yuan(384) ||
			low.AccountAmount != shebao.Yuan(384) || !strings.Contains(low.Explain, "低于缴费基数下限4800.00元") {
			t.Errorf("floor line %+v", low)
		}
		// 6543.21 × 16% = 1046.9136 → 1046.91; × 8% = 523.4568 → 523.46.
		if odd == nil || odd.EmployerAmount != shebao.Money(104691) || odd.IndivAmount != shebao.Money(52346) {
			t.Errorf("rounding line %+v", odd)
		}
		// Running again changes nothing; a changed declaration rewrites only
		// that employer.
		again, err := assess(db, admin, period)
		if err != nil || again.Rewritten != 0 || again.Unchanged != 1 || again.Total != res.Total {
			t.Fatalf("re-run %+v %v", again, err)
		}
		if _, _, err := declare(db, admin, "r2", []shebao.Declaration{{Employer: emp.USCC, Period: period, IDNo: ids[2], Wage: shebao.Yuan(7000)}}); err != nil {
			t.Fatal(err)
		}
		third, err := assess(db, admin, period)
		if err != nil || third.Rewritten != 1 || third.Total == res.Total {
			t.Fatalf("after a changed wage %+v %v", third, err)
		}
		// An employer that declares nothing next month owes 110% of this one.
		next, err := assess(db, admin, "2025-04")
		if err != nil {
			t.Fatal(err)
		}
		// Each line is 110% of March's, rounded to the fen: the total is
		// within a fen per line of 110% of March's total.
		diff := int64(next.Total) - int64(third.Total)*11/10
		if len(next.Undeclared) != 1 || diff < -12 || diff > 12 {
			t.Errorf("undeclared %+v (March %s)", next, third.Total)
		}
		nb, err := db.FindBill(admin, emp.USCC, "2025-04")
		if err != nil || nb.Basis != shebao.BasisUndeclared || !strings.Contains(nb.Items[0].Explain, "110%") {
			t.Errorf("undeclared bill %+v %v", nb, err)
		}
	})
}

// assess runs the month's assessment, which is the collect service's.
func assess(db *sqldb.DB, ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	return app.New(db).Collect.Assess(ctx, period)
}

// declare imports declarations, which is the collect service's.
func declare(db *sqldb.DB, ctx context.Context, run string, ds []shebao.Declaration) ([]shebao.Outcome, []error, error) {
	return app.New(db).Collect.ImportDeclarations(ctx, run, ds)
}

// importYears imports contribution history, which is the collect
// service's.
func importYears(db *sqldb.DB, ctx context.Context, run string, cs []shebao.ContributionYear) ([]shebao.Outcome, []error, error) {
	return app.New(db).Collect.ImportContributionYears(ctx, run, cs)
}

// TestAssessmentOfManyVillages assesses a month of 320 employers, one in
// each of 320 villages: the rates of every region (twelve rows each: four
// schemes and eight work-injury risk classes) once passed SQLite's limit
// of 32,766 bound parameters and the assessment failed on a generated
// district of 100,000 persons. Each employer's one employee is assessed.
func TestAssessmentOfManyVillages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		const villages = 320
		if _, err := db.SaveRegion(admin, &shebao.Region{Code: "640106150000", Name: "测试镇", Level: shebao.LevelTown, Parent: "640106000000"}); err != nil {
			t.Fatal(err)
		}
		var decl []shebao.Declaration
		for i := 0; i < villages; i++ {
			code := fmt.Sprintf("640106150%03d", i+1)
			if _, err := db.SaveRegion(admin, &shebao.Region{Code: code, Name: fmt.Sprintf("第%d村", i+1), Level: shebao.LevelVillage, Parent: "640106150000"}); err != nil {
				t.Fatal(err)
			}
			emp := &shebao.Employer{USCC: demo.USCC("640106", 100+i), Name: fmt.Sprintf("第%d村合作社", i+1), RiskClass: 1 + i%8, Region: code}
			if err := db.CreateEmployer(admin, emp); err != nil {
				t.Fatal(err)
			}
			id := demo.IDNumber("640106", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), 10+i, i%2 == 0)
			if err := db.CreatePerson(admin, person(id, "马德福", code)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Hire(admin, id, emp.USCC, "2025-01-01", nil); err != nil {
				t.Fatal(err)
			}
			decl = append(decl, shebao.Declaration{Employer: emp.USCC, Period: "2025-03", IDNo: id, Wage: shebao.Yuan(6000)})
		}
		if _, errs, err := declare(db, admin, "many", decl); err != nil {
			t.Fatal(err)
		} else if err := firstErr(errs); err != nil {
			t.Fatal(err)
		}
		res, err := assess(db, admin, "2025-03")
		if err != nil {
			t.Fatal(err)
		}
		// 4 schemes a person (510 not levied since 2020).
		if res.Employers != villages || res.Lines != 4*villages {
			t.Fatalf("assessment %+v, want %d employers, %d lines", res, villages, 4*villages)
		}
	})
}
