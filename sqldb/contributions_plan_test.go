package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

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
		if citus, _ := db.IsCitus(context.Background()); citus {
			t.Skip("one PostgreSQL's plan: a Citus cluster assesses the declared and the undeclared lines apart (stageAssessEmployers)")
		}
		plan, err := db.ExplainAssessPart(sqldbtest.Admin(), "2026-11", p, "all")
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
		declared, _, err := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "declared")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(declared, "bill_lines") {
			t.Errorf("the declared lines read bill_lines:\n%s", declared)
		}
		undeclared, _, _ := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "undeclared")
		all, _, _ := db.AssessLinesSQL(sqldbtest.Admin(), "2026-11", p, "all")
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
