package sqldb

import "context"

// EnsureCounters runs what an open runs after the migrations: the first
// count of the counters, or of the families a migration added.
func (db *DB) EnsureCounters(ctx context.Context) error { return db.ensureCounters(ctx) }
