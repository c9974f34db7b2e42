package sqldb

import (
	"context"

	"github.com/shebao/shebao"
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

// PersonCountsIn is what the persons with the numbers contribute to the
// counters (loadPersonsByID, with their enrollments), reading enrollments
// for at most batch persons a statement.
func (db *DB) PersonCountsIn(ctx context.Context, ids []string, batch int) ([]shebao.CounterDelta, error) {
	saved := enrollmentBatch
	enrollmentBatch = batch
	defer func() { enrollmentBatch = saved }()
	var out []shebao.CounterDelta
	err := db.View(ctx, func(tx *Tx) error {
		return loadPersonsByID(ctx, tx, ids, true, func(d shebao.CounterDelta) { out = append(out, d) })
	})
	return out, err
}

// SlotHoldersIn is slotHolders reading at most batch persons a statement,
// the persons named from a read of them.
func (db *DB) SlotHoldersIn(ctx context.Context, ids []string, batch int) (map[string]*shebao.Enrollment, error) {
	saved := enrollmentBatch
	enrollmentBatch = batch
	defer func() { enrollmentBatch = saved }()
	var out map[string]*shebao.Enrollment
	err := db.View(ctx, func(tx *Tx) error {
		persons, err := tx.personsByID(ctx, ids)
		if err != nil {
			return err
		}
		out, err = tx.slotHolders(ctx, ids, persons)
		return err
	})
	return out, err
}
