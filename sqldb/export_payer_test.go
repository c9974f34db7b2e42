package sqldb

import (
	"context"
	"fmt"
	"sort"
)

// MigrateUpTo applies the migrations up to and including version, as
// Migrate does, so that a test can build a database as an older shebao
// left it; LoadDefaultPolicy loads the default parameters as Open does.
func (db *DB) MigrateUpTo(ctx context.Context, version int) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	defer db.checkCounting(ctx)
	for _, m := range ms {
		if m.Version > version {
			break
		}
		err := db.Update(ctx, func(tx *Tx) error {
			for _, stmt := range splitStatements(m.SQL, tx.db.Dialect) {
				if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %w", m.Name, err)
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, fmtTime(tx.now))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) LoadDefaultPolicy(ctx context.Context) error { return db.ensureDefaultPolicy(ctx) }

// LoadRows runs INSERT statements as they are, in one transaction, for
// loading a fixture.
func (db *DB) LoadRows(ctx context.Context, stmts []string) error {
	return db.Update(ctx, func(tx *Tx) error {
		for _, s := range stmts {
			if _, err := tx.tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("%w\n%s", err, s)
			}
		}
		return nil
	})
}

// TableNames returns the tables of the database, sorted.
func (db *DB) TableNames(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.read.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, rows.Err()
}
