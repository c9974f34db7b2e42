package sqldb_test

import (
	"fmt"
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
// key range is sought by the region and the range (with the ranges ORed,
// SQLite sought by the region alone and read every row of each region:
// the district's benefits 0.5 s at 100,000 persons). A
// stock (the sum up to a day) reads the running totals (migration 0109)
// and the rows dated after the day, not the year rows before it: on
// PostgreSQL its statement is checked to name stats_totals.
func TestCounterSumsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		// A district and its ten towns, as the district's pages ask.
		codes := []string{"640106000000"}
		for i := 1; i <= 10; i++ {
			codes = append(codes, fmt.Sprintf("640106%03d000", 100+i))
		}
		for _, span := range [][3]string{{"", "2026-12-06", "p.,e.open|"}, {"2025-03-15", "2026-02-10", "p.,e.open|"},
			{"2026-01-01", "2026-12-07", "b.paid|,b.count|,b.backpay|"}} {
			plan, err := db.ExplainCounterSums(sqldbtest.Admin(), codes, strings.Split(span[2], ","), span[0], span[1])
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
				// Sought by region and key range, not by the region
				// alone (every row of the region read, for each term).
				if strings.Contains(line, "SEARCH stats_") && strings.Contains(line, "(region_code=?)") {
					t.Errorf("%v: the counters are sought by the region alone:\n%s", span, plan)
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
			// What is dated after it is sought by period, not by
			// walking every period of each key (migration 0109's
			// by-period indexes).
			if span[0] == "" && (!strings.Contains(plan, "stats_months_by_month (region_code=? AND month=?") ||
				!strings.Contains(plan, "stats_years_by_year (region_code=? AND year>?)")) {
				t.Errorf("%v: the days after a stock's day not sought by period:\n%s", span, plan)
			}
		}
	})
}
