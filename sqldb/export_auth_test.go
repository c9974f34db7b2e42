package sqldb

import "context"

// ExecRaw runs a statement outside the store's rules, for tests that play
// the intruder with direct database access (tampering with the audit log).
func (db *DB) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.q(query), args...)
	return err
}
