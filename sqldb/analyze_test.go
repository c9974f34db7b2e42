package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// DB.Analyze (called by an import after its 2nd, 4th, 8th … chunk and by
// gen) analyzes on PostgreSQL the tables a bulk load has grown past
// autovacuum's threshold, and does nothing when none has; on SQLite it does
// nothing.
func TestAnalyzeFollowsBulkLoad(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := gen.Generate(admin, app.New(db), gen.Options{Persons: 300, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		if db.Dialect != sqldb.Postgres {
			if err := db.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
			return
		}
		// The writes reach the statistics views when their sessions flush
		// them (at most a second after going idle; ten when busy).
		lastAnalyze := func() string {
			s, err := db.QueryString(ctx, `SELECT COALESCE(CAST(last_analyze AS TEXT), '') FROM pg_stat_user_tables WHERE relname = 'persons'`)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			n, err := db.QueryString(ctx, `SELECT CAST(n_mod_since_analyze AS TEXT) FROM pg_stat_user_tables WHERE relname = 'persons'`)
			if err != nil {
				t.Fatal(err)
			}
			if n != "0" || time.Now().After(deadline) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		first := lastAnalyze()
		if first == "" {
			t.Fatal("persons, grown by 300 rows, not analyzed")
		}
		if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM pg_stat_user_tables
				WHERE schemaname = current_schema() AND last_analyze IS NOT NULL AND n_live_tup = 0 AND n_mod_since_analyze = 0 AND relname = 'tekun_cases'`); err != nil || n != "0" {
			t.Errorf("an empty table untouched by the load was analyzed: %s %v", n, err)
		}
		// Nothing changed since: nothing analyzed again.
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		if again := lastAnalyze(); again != first {
			t.Errorf("persons analyzed again without a change: %s, then %s", first, again)
		}
	})
}
