package sqldb

import (
	"context"
	"strings"
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

// ExplainTransferredIn returns the plan of the 外来务工 count of
// EmploymentFigures (SQLite: EXPLAIN QUERY PLAN's details, one a line).
func (db *DB) ExplainTransferredIn(ctx context.Context) (string, error) {
	rows, err := db.read.QueryContext(ctx, db.q("EXPLAIN QUERY PLAN "+transferredInSQL), "640106000000", "640106999999", "2026-01-01", "2026-12-07")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
