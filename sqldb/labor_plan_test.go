package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLaborRebuildPlan keeps the labour register rebuild linear in the
// district: a chunk's persons are walked by number (not the jurisdiction
// found by region and sorted), and a person's unemployment benefit is
// sought by benefits_person, not by benefits_payroll (status, start_month),
// which SQLite chose without statistics and which read every benefit in
// payment for each person (gen's rebuild took 71 s of 97 at 20,000
// persons, 0.96 s after). The plans are SQLite's; PostgreSQL's are only
// checked to prepare.
func TestLaborRebuildPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ages := policy.LaborAges{Date: "2026-12-07", Month: "2026-12",
			Male:   policy.Births{From: "1966-12-08", To: "2010-12-07", SchoolAfter: "2008-08-31"},
			Female: policy.Births{From: "1971-12-08", To: "2010-12-07", SchoolAfter: "2008-08-31"}}
		for _, ctx := range []struct {
			name string
			a    shebao.Actor
		}{{"system", shebao.SystemActor}, {"district clerk", shebao.Actor{Name: "qu", Role: shebao.RoleClerk, Region: "640106000000"}}} {
			plan, err := db.ExplainLaborRebuild(sqldbtest.As(ctx.a), ages, "640106190001010011", "640106199912310011")
			if err != nil {
				t.Fatalf("%s: %v", ctx.name, err)
			}
			if db.Dialect == sqldb.Postgres {
				continue
			}
			for _, bad := range []string{"benefits_payroll", "persons_region_name", "TEMP B-TREE", "SCAN p", "SCAN b"} {
				if strings.Contains(plan, bad) {
					t.Errorf("%s: the rebuild's plan uses %q:\n%s", ctx.name, bad, plan)
				}
			}
			if !strings.Contains(plan, "benefits_person") {
				t.Errorf("%s: no search of a person's benefits by benefits_person:\n%s", ctx.name, plan)
			}
		}
	})
}

// TestProjectHeadsPlan: a head's 户号 is sought by households_head
// (migration 0105), not found by reading every household per head, which
// made gen's land phase and a project plot import slow down as the
// registry grew. SQLite's plan; PostgreSQL's only checked to prepare.
func TestProjectHeadsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		plan, err := db.ExplainProjectHeads(sqldbtest.Admin(), []string{"640106195001010011", "640106196001010012"})
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect != sqldb.Postgres && !strings.Contains(plan, "households_head (head_id_no=?)") {
			t.Errorf("households not sought by their head:\n%s", plan)
		}
	})
}

// TestAssistCasesOfPlan: a person's 低保 cases are found by the member's
// number in assist_case_members_person (migration 0121), for a clerk of the
// district and for the person, not by reading every member row (the
// partial index of open memberships cannot answer a search of all).
// SQLite's plan; PostgreSQL's only checked to prepare.
func TestAssistCasesOfPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		id := "640106195001010011"
		for _, ctx := range []context.Context{
			sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/" + shebao.LineCivil, Region: "640106000000"}),
			sqldbtest.As(shebao.Actor{Name: "citizen", Role: shebao.RoleCitizen, Region: "640106100201", IDNo: id}),
		} {
			plan, err := db.ExplainAssistCasesOf(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if db.Dialect != sqldb.Postgres && !strings.Contains(plan, "assist_case_members_person (id_no=?)") {
				t.Errorf("cases not sought by the member's number:\n%s", plan)
			}
		}
	})
}

// TestAssessLinesPlan: the changed enrollments of the assessment's second
// path are joined to the declarations before the employers' parameters
// can be. PostgreSQL: some DISTINCT of the plan reads declarations and
// enrollments and no list of parameters (before, one join crossed 125,000
// changed enrollments with 10,000 employers at 1,000,000 persons, and a
// re-assessment did not finish in 10 minutes). SQLite: the rural
// contract check is planned once per path (twice when the union was
// flattened into the outer SELECT, which evaluated it once per use).
func TestAssessLinesPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var p policy.AssessParams
		for _, region := range []string{"640106100201", "640106100202"} {
			for _, scheme := range []string{"110", "210", "310", "510"} {
				p.Rates = append(p.Rates, policy.AssessRate{Region: region, Scheme: scheme, AvgWage: 800000, Floor: 480000,
					Ceiling: 2400000, Employer: 160000, Individual: 80000, RuralExempt: scheme == "210"})
			}
			p.Rates = append(p.Rates, policy.AssessRate{Region: region, Scheme: "410", RiskClass: 1, AvgWage: 800000,
				Floor: 480000, Ceiling: 2400000, Employer: 2000})
		}
		plan, err := db.ExplainAssessLines(sqldbtest.Admin(), "2026-11", p)
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect == sqldb.Postgres {
			if !pgFence(plan) {
				t.Errorf("no DISTINCT of declarations and enrollments without the parameters:\n%s", plan)
			}
			return
		}
		if n := strings.Count(plan, "employments_person"); n != 2 {
			t.Errorf("the rural contract check is planned %d times, not once per path:\n%s", n, plan)
		}
	})
}

// pgFence reports whether a PostgreSQL text plan has a DISTINCT (Unique or
// HashAggregate) whose subtree scans declarations and enrollments and no
// VALUES list.
func pgFence(plan string) bool {
	lines := strings.Split(plan, "\n")
	indent := func(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
	for i, l := range lines {
		if !strings.Contains(l, "Unique") && !strings.Contains(l, "HashAggregate") {
			continue
		}
		sub := []string{l}
		for _, m := range lines[i+1:] {
			if indent(m) <= indent(l) {
				break
			}
			sub = append(sub, m)
		}
		tree := strings.Join(sub, "\n")
		if strings.Contains(tree, " declarations ") && strings.Contains(tree, " enrollments ") && !strings.Contains(tree, "Values Scan") {
			return true
		}
	}
	return false
}

// TestAssessDeclaredLinesStream: the first assessment's declared lines,
// nearly all of a month's, are written by a statement that reads no
// bill_lines, so SQLite writes them as it computes them instead of
// storing the whole result in memory first (645 MB of anonymous memory
// for 1,200,000 lines); only the undeclared part reads last month's lines.
func TestAssessDeclaredLinesStream(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := policy.AssessParams{Rates: []policy.AssessRate{{Region: "640106100201", Scheme: "110", AvgWage: 800000,
			Floor: 480000, Ceiling: 2400000, Employer: 160000, Individual: 80000}}}
		declared, err := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "declared")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(declared, "bill_lines") {
			t.Errorf("the declared lines read bill_lines:\n%s", declared)
		}
		undeclared, _ := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "undeclared")
		all, _ := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "all")
		if !strings.Contains(undeclared, "FROM bill_lines l") || !strings.Contains(all, "FROM bill_lines l") {
			t.Errorf("no part reads last month's lines")
		}
		// Each part prepares with its own arguments (no parameter unused).
		for _, part := range []string{"declared", "undeclared"} {
			if _, err := db.ExplainAssessPart(sqldbtest.Admin(), "2026-11", p, part); err != nil {
				t.Errorf("%s: %v", part, err)
			}
		}
	})
}

// TestAssessBillsPlan: the bills are summed from the lines in their key's
// order, not after sorting every line of the month in a temporary B-tree,
// which SQLite holds in memory (temp_store=MEMORY). SQLite's plan;
// PostgreSQL's only checked to prepare.
func TestAssessBillsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		plan, err := db.ExplainAssessBills(sqldbtest.Admin(), "2026-11", []string{"91640106MA00000001", "91640106MA00000002"})
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect != sqldb.Postgres && strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("the lines are sorted before they are summed:\n%s", plan)
		}
	})
}
