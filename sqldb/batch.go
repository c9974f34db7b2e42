package sqldb

import (
	"context"
	"encoding/json"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
)

// The run records of the batch runner (package batch): one row of
// batch_runs per job kind and period.

// BeginRun marks the run of kind and period as running by the context's
// actor, creating its record if needed, with the total of items to scan.
func (db *DB) BeginRun(ctx context.Context, kind, period string, total int) (*batch.Run, error) {
	a, _ := shebao.ActorFrom(ctx)
	err := db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		_, err := tx.Exec(ctx, `INSERT INTO batch_runs (kind, period, status, started_at, actor, cursor, done_items, total_items, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', 0, $6, $4)
			ON CONFLICT (kind, period) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
				actor = excluded.actor, cursor = '', done_items = 0, total_items = excluded.total_items, updated_at = excluded.updated_at`,
			kind, period, batch.StatusRunning, now, a.Name, total)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindRun(ctx, kind, period)
}

// LockRun locks the run's record until the unit of work of ctx ends: the
// chunks of concurrent runs of one job take their turn on it.
func (db *DB) LockRun(ctx context.Context, kind, period string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE batch_runs SET updated_at = $3 WHERE kind = $1 AND period = $2`, kind, period, fmtTime(tx.now))
		return err
	})
}

// AdvanceRun records that the run has done its items up to cursor.
func (db *DB) AdvanceRun(ctx context.Context, kind, period, cursor string, done int) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE batch_runs SET cursor = $3, done_items = $4,
				total_items = CASE WHEN total_items < $4 THEN $4 ELSE total_items END, updated_at = $5
			WHERE kind = $1 AND period = $2`, kind, period, cursor, done, fmtTime(tx.now))
		return err
	})
}

// FinishRun marks the run done with its detail (stored as JSON).
func (db *DB) FinishRun(ctx context.Context, kind, period string, detail any) error {
	return db.Update(ctx, func(tx *Tx) error {
		body := ""
		if detail != nil {
			body = jsonText(detail)
		}
		now := fmtTime(tx.now)
		_, err := tx.Exec(ctx, `UPDATE batch_runs SET status = $3, finished_at = $4, detail = $5, updated_at = $4,
				total_items = done_items
			WHERE kind = $1 AND period = $2`, kind, period, batch.StatusDone, now, body)
		return err
	})
}

// FindRun returns the record of the run of kind and period, or nil.
func (db *DB) FindRun(ctx context.Context, kind, period string) (*batch.Run, error) {
	var r batch.Run
	var started, finished, detail string
	err := db.queryRow(ctx, `SELECT kind, period, status, actor, started_at, finished_at, cursor, done_items, total_items, detail
		FROM batch_runs WHERE kind = $1 AND period = $2`, kind, period).
		Scan(&r.Kind, &r.Period, &r.Status, &r.Actor, &started, &finished, &r.Cursor, &r.Done, &r.Total, &detail)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.StartedAt = parseTime(started)
	if finished != "" {
		t := parseTime(finished)
		r.FinishedAt = &t
	}
	if detail != "" {
		r.Detail = json.RawMessage(detail)
	}
	return &r, nil
}
