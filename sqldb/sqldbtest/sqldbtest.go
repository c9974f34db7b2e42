// Package sqldbtest opens fresh shebao databases for tests on every engine:
// always SQLite (a file in t.TempDir(), not :memory:, which a pool would
// split into one database per connection), and PostgreSQL when
// SHEBAO_TEST_PG names a server — scripts/test starts a throwaway one. Under
// CI=true a missing PostgreSQL fails the test instead of skipping it, so a
// green CI always means both engines passed.
package sqldbtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/shebao/shebao/sqldb"
)

// EnvPG is the environment variable with the PostgreSQL server URL.
const EnvPG = "SHEBAO_TEST_PG"

// Engine is one database to run a test against.
type Engine struct {
	Name string // "sqlite", "postgres" or "citus"
	DSN  string
}

// Engines returns a fresh, empty database on each available engine.
// The databases are removed when the test ends.
func Engines(t testing.TB) []Engine {
	t.Helper()
	engines := []Engine{{Name: "sqlite", DSN: filepath.Join(t.TempDir(), "shebao.db")}}
	if os.Getenv(EnvCitusAll) == "only" {
		engines = nil
	} else if dsn := PostgresDSN(t); dsn != "" {
		engines = append(engines, Engine{Name: "postgres", DSN: dsn})
	}
	switch os.Getenv(EnvCitusAll) {
	case "1":
		if dsn := CitusDSN(t); dsn != "" {
			engines = append(engines, Engine{Name: "citus", DSN: dsn})
		}
	case "only":
		if dsn := CitusDSN(t); dsn != "" {
			engines = []Engine{{Name: "citus", DSN: dsn}}
		}
	}
	return engines
}

// PostgresDSN creates a fresh PostgreSQL database and returns its URL, or ""
// when no server is configured (a failure under CI).
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPG)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: under CI every store test must also run on PostgreSQL", EnvPG)
		}
		return ""
	}
	return createDatabase(t, base, "shebao_test_").URL
}

// Each runs fn as a subtest on a fresh, migrated database of each engine.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(context.Background(), e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			fn(t, db)
		})
	}
}
