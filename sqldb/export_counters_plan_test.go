package sqldb

import (
	"context"
)

// ExplainCounterSums returns the plan of CounterSums' statement for the
// regions' codes, key prefixes and days: on SQLite the details of EXPLAIN
// QUERY PLAN, one a line; on PostgreSQL the lines of EXPLAIN.
func (db *DB) ExplainCounterSums(ctx context.Context, codes, prefixes []string, from, to string) (string, error) {
	q, args := db.counterSumsQuery(codes, prefixes, from, to)
	return db.explainPlan(ctx, q, args)
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// ReadTotals turns the running totals' read on or off (off: a stock is
// summed from the year rows, as before migration 0109), so that a test can
// compare the two.
func (db *DB) ReadTotals(on bool) { db.totals.Store(on) }
