package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

var employmentTable = bulkTable{name: "employments",
	cols:    []string{"id", "id_no", "employer_uscc", "start_date", "end_date", "end_reason"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text"}}

// ruralEmploymentTable is employmentTable with the 农民合同制工人 mark
// (migration 0043). A chunk with no rural contract worker is written
// without the column (its default is 0), so that the code of today also
// runs on a database at a schema before 0043, as the migration tests
// (employment_migration_test.go, payer_migration_test.go) build their old
// data.
var ruralEmploymentTable = bulkTable{name: "employments",
	cols:    append(append([]string(nil), employmentTable.cols...), "rural_contract"),
	pgTypes: append(append([]string(nil), employmentTable.pgTypes...), "bigint")}

// RecordEmployments records employments of imported employees
// (enroll/employments.go), set-based — one read of the pairs' employments,
// one bulk insert: an open one unless the person already has an open
// employment with the employer, an ended one unless the same period is
// recorded already.
func (db *DB) RecordEmployments(ctx context.Context, es []shebao.Employment) error {
	if len(es) == 0 {
		return nil
	}
	return db.Update(ctx, func(tx *Tx) error {
		ids, usccs := make([]string, len(es)), make([]string, len(es))
		for i, e := range es {
			ids[i], usccs[i] = e.IDNo, e.Employer
		}
		type pair struct{ id, employer string }
		open := map[pair]bool{}
		spans := map[shebao.Employment]bool{}
		cond, args := tx.inPairs("employer_uscc", "id_no", usccs, ids, nil)
		if err := tx.scanRows(ctx, `SELECT id_no, employer_uscc, start_date, end_date FROM employments WHERE `+cond, args,
			func(s rowScanner) error {
				var e shebao.Employment
				if err := s.Scan(&e.IDNo, &e.Employer, &e.Start, &e.End); err != nil {
					return err
				}
				if e.End == "" {
					open[pair{e.IDNo, e.Employer}] = true
				}
				spans[e] = true
				return nil
			}); err != nil {
			return err
		}
		var rows [][]any
		rural := false
		for _, e := range es {
			k := shebao.Employment{IDNo: e.IDNo, Employer: e.Employer, Start: e.Start, End: e.End}
			if open[pair{e.IDNo, e.Employer}] || spans[k] {
				continue
			}
			rows = append(rows, []any{newID(), e.IDNo, e.Employer, e.Start, e.End, e.EndReason, int64(boolInt(e.RuralContract))})
			rural = rural || e.RuralContract
		}
		if !rural {
			for i := range rows {
				rows[i] = rows[i][:len(employmentTable.cols)]
			}
			return tx.bulkInsert(ctx, employmentTable, rows)
		}
		return tx.bulkInsert(ctx, ruralEmploymentTable, rows)
	})
}

// boolInt is a flag as the INTEGER 0/1 both engines store.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
