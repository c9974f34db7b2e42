package bench

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBulkOnCitus runs the five bulk benchmarks on a small roster on the
// Citus cluster that scripts/test starts (SHEBAO_TEST_CITUS): the database is
// made on every node, the product's Migrate lays the schema out over them,
// and each floor's stage tables are laid out like their targets — so the
// replay must write back exactly the product's rows, and the product's
// totals must equal the raw statements', as on one server. This is what
// makes the cluster's figures in docs/BENCHMARKS.md comparable with one
// PostgreSQL's.
func TestBulkOnCitus(t *testing.T) {
	server := os.Getenv(sqldbtest.EnvCitus)
	if server == "" {
		t.Skipf("%s is not set: no Citus cluster (scripts/test starts one when Citus is installed)", sqldbtest.EnvCitus)
	}
	if testing.Short() {
		t.Skip("a database on every node per benchmark: seconds each")
	}
	for _, name := range []string{"import", "enrollments", "assessment", "interest", "payroll"} {
		t.Run(name, func(t *testing.T) {
			s, err := Run(context.Background(), name, SuiteOptions{Rows: 500, Server: server, Dir: t.TempDir(), Log: testLog{t}, Open: openStore, Create: createDatabase})
			if err != nil {
				t.Fatal(err)
			}
			if s.RatioToFloor <= 0 || s.RowsPerSec <= 0 {
				t.Errorf("not measured: %+v", s)
			}
			var floor *FloorResult
			totals := true
			switch r := s.Detail.(type) {
			case *ImportResult:
				floor = r.Floor
			case *EnrollResult:
				floor = r.Floor
			case *AssessResult:
				floor, totals = r.Floor, r.RawTotalEquals
			case *InterestResult:
				floor, totals = r.Floor, r.TotalsEqual
			case *PayrollResult:
				floor, totals = r.Floor, r.TotalsEqual
			default:
				t.Fatalf("detail %T", s.Detail)
			}
			if floor == nil || !floor.Same {
				t.Errorf("the floor's replay did not write back the product's rows on the cluster: %+v", floor)
			}
			if !totals {
				t.Errorf("the product's totals differ from the raw statement's on the cluster")
			}
			if floor != nil && !strings.HasPrefix(floor.Durability, "Citus") {
				t.Errorf("durability %q does not name the cluster", floor.Durability)
			}
		})
	}
}
