package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// OpenEnrollments returns the enrollments that hold a person's slots.
func (db *DB) OpenEnrollments(ctx context.Context, idNo string) ([]*shebao.Enrollment, error) {
	var out []*shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.openEnrollments(ctx, idNo)
		return err
	})
	return out, err
}

// SettleDeaths ends the benefits of the deceased persons with the month of
// death and records what was paid for later months as overpayments to
// recover (overpayments.go).
func (db *DB) SettleDeaths(ctx context.Context, ids []string) (stopped, found int, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		stopped, found, err = tx.settleDeaths(ctx, shebao.EntityList, ids)
		return err
	})
	return stopped, found, err
}

// RecordListMatch audits the matching of a chunk of an outside list.
func (db *DB) RecordListMatch(ctx context.Context, list string, entries, matches int) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		return tx.audit(ctx, "list.match."+list, "list", fmtTime(tx.now), a.Region, nil,
			map[string]int{"entries": entries, "matches": matches})
	})
}

// openEnrollments returns the enrollments that hold a person's slots.
func (tx *Tx) openEnrollments(ctx context.Context, idNo string) ([]*shebao.Enrollment, error) {
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+
		` WHERE n.id IN (SELECT enrollment_id FROM enrollment_slots WHERE id_no = $1) ORDER BY n.scheme`, idNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.Enrollment
	for rows.Next() {
		n, err := scanEnrollment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
