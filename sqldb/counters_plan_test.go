package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The sums of a region and its children seek each region's rows by the
// primary key (region_code, key, month) for every key range, on SQLite
// too, where the regions given as one json_each list made the planner scan
// the whole counters table once per key range (the district's dashboard
// took 1.3 s at 100,000 persons, slower than the count it replaced). On
// PostgreSQL the statement is planned and run (its plan on tables this
// small is a sequential scan either way, so only SQLite's is checked). A
// stock (the sum up to a day) reads the running totals (migration 0109)
// and the rows dated after the day, not the year rows before it: on
// PostgreSQL its statement is checked to name stats_totals.
func TestCounterSumsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		codes := []string{"640106000000", "640106100000", "640106101000", "640106102000"}
		for _, span := range [][2]string{{"", "2026-12-06"}, {"2025-03-15", "2026-02-10"}} {
			plan, err := db.ExplainCounterSums(sqldbtest.Admin(), codes, []string{"p.", "open|"}, span[0], span[1])
			if err != nil {
				t.Fatal(err)
			}
			if db.Dialect == sqldb.Postgres {
				if span[0] == "" && !strings.Contains(plan, "stats_totals") {
					t.Errorf("%v: a stock not read from the running totals:\n%s", span, plan)
				}
				continue
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.Contains(line, "SCAN stats_") {
					t.Errorf("%v: the counters are scanned, not sought:\n%s", span, plan)
					break
				}
			}
			if !strings.Contains(plan, "SEARCH stats_months USING INDEX") {
				t.Errorf("%v: no search of stats_months by its key:\n%s", span, plan)
			}
			// A stock is its running total less the days after it
			// (migration 0109), sought by the totals' key, not the sum
			// of a century of year rows.
			if span[0] == "" && !strings.Contains(plan, "SEARCH stats_totals USING INDEX") {
				t.Errorf("%v: a stock not read from the running totals:\n%s", span, plan)
			}
		}
	})
}
