package sqldb

import "context"

// HoldAuditHead takes the audit chain's head in a write transaction, as a
// writer in another process would, until release: every append waits.
func (db *DB) HoldAuditHead(ctx context.Context) (release func(), err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1`); err != nil {
		tx.Rollback()
		return nil, err
	}
	return func() { tx.Rollback() }, nil
}

// AuditHeadTakes is how many transactions have appended to the chain
// through db.
func (db *DB) AuditHeadTakes() int64 { return db.headTakes.Load() }

// AuditReadsAppended is how many reads the group-committing appender has
// committed the entries of.
func (db *DB) AuditReadsAppended() int64 { return db.reads.committed.Load() }

// AuditReadsWaiting is how many reads wait for their entries' commit.
func (db *DB) AuditReadsWaiting() int64 { return db.reads.waiting.Load() }
