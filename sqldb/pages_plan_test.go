package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestClaimsPagePlan: a page of the jurisdiction's medical claims (the
// 医疗报销 page) reads its rows in the order of medical_claims_region
// (region, discharge date) and stops after the page, instead of sorting
// every claim of the district (issue #15: 2.1 s at p50 on SQLite at
// 100,000 persons, docs/BENCHMARKS.md). SQLite's plan; PostgreSQL's only
// checked to run.
func TestClaimsPagePlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clerk := sqldbtest.As(shebao.Actor{Name: "qu", Role: shebao.RoleClerk, Region: "640106000000"})
		for _, f := range []shebao.ClaimFilter{{}, {Year: 2025}} {
			plan, err := db.ExplainClaimsPage(clerk, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			if db.Dialect == sqldb.Postgres {
				continue
			}
			if !strings.Contains(plan, "medical_claims_region") || strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("%+v: the page is not read in the order of medical_claims_region:\n%s", f, plan)
			}
		}
	})
}
