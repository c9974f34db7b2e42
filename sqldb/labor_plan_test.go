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
