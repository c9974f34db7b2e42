package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one schema change, identified by the number its file name
// starts with ("0001_registry.sql" is version 1).
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("迁移文件名不合规: %s", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	// Versions are unique; a gap is allowed (a number reserved for work
	// that has not landed), since Migrate applies every version a database
	// lacks, not only those above its highest.
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("迁移版本重复: %s 与 %s", ms[i-1].Name, ms[i].Name)
		}
	}
	return ms, nil
}

// Migrate applies the migrations the database lacks, each in its own
// transaction, and returns the names of those applied. The same files run on
// both engines; the schema is written in the SQL they share.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("创建迁移表失败: %w", err)
	}
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range ms {
		err := db.Update(ctx, func(tx *Tx) error {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range splitStatements(m.SQL, tx.db.Dialect) {
				if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("迁移%s失败: %w\n%s", m.Name, err, stmt)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, fmtTime(tx.now)); err != nil {
				return err
			}
			applied = append(applied, m.Name)
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	// On a Citus cluster the schema is then laid out over the nodes
	// (citus.go); a database without the extension is left as it is.
	citus, err := db.IsCitus(ctx)
	if err != nil {
		return applied, err
	}
	db.citus.Store(citus)
	if citus {
		converted, err := db.distribute(ctx)
		for _, c := range converted {
			applied = append(applied, "Citus: "+c)
		}
		if err != nil {
			return applied, err
		}
	}
	db.checkCounting(ctx)
	db.checkMedicalAid(ctx)
	return applied, nil
}

// checkCounting notes which of the migrations the store's statements
// depend on the schema has (an older schema is a migration test's).
func (db *DB) checkCounting(ctx context.Context) {
	for _, f := range []struct {
		version int
		flag    *atomic.Bool
	}{
		{countersVersion, &db.counting}, {totalsVersion, &db.totals}, {ledgerDaysVersion, &db.ledgerDays},
		{landCountersVersion, &db.landCounters}, {benefitsKeyVersion, &db.benefitsKeyed}, {enrollmentsKeyVersion, &db.enrollmentsKeyed},
	} {
		var n int
		err := db.read.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = $1`), f.version).Scan(&n)
		f.flag.Store(err == nil && n > 0)
	}
}

// countersVersion is the migration that creates the statistics counters,
// totalsVersion the one that adds their running totals.
const (
	countersVersion = 50
	totalsVersion   = 109
	// ledgerDaysVersion adds the ledger's sums per day (ledger_days.go).
	ledgerDaysVersion = 116
	// landCountersVersion: the land contracting and transfer counters
	// (migration 0120, counters_land.go).
	landCountersVersion = 120
	// benefitsKeyVersion: the benefits, their amounts and payments keyed
	// with the person's id_no (migration 0122).
	benefitsKeyVersion = 122
	// enrollmentsKeyVersion: the enrollments, their events and slots and
	// the employments keyed with the person's id_no (migration 0123).
	enrollmentsKeyVersion = 123
)

// pgOnlyMarker starts a migration line meant for PostgreSQL only.
const pgOnlyMarker = "--postgres: "

// SchemaVersion returns the highest applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// splitStatements splits a migration file on semicolons at line ends. The
// migrations contain no procedural code, so this is enough; comments are
// dropped so that engines never see an empty statement.
//
// A line starting with "--postgres: " is a statement line for PostgreSQL
// only (a storage parameter, never a change of the schema's meaning): on
// PostgreSQL the marker is removed, elsewhere the line is a comment.
func splitStatements(src string, dialect Dialect) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), pgOnlyMarker); ok && dialect == Postgres {
			line = rest
		}
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			s := strings.TrimSpace(cur.String())
			out = append(out, strings.TrimSuffix(s, ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
