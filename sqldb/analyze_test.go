package sqldb_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// DB.Analyze (registry.Service.RefreshStatisticsAfter: an import and gen
// after their 1st, 2nd, 4th … chunk) analyzes on PostgreSQL the tables a
// bulk change has grown past autovacuum's threshold, and does nothing when
// none has; on SQLite it does nothing.
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
		lastAnalyze := func() string {
			s, err := db.QueryString(ctx, `SELECT COALESCE(CAST(last_analyze AS TEXT), '') FROM pg_stat_user_tables WHERE relname = 'persons'`)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		// gen refreshed the statistics itself, when its writes had reached
		// the statistics views by then (a session flushes them at most a
		// second after going idle). A change of every person, after it,
		// is past the threshold (50 + 30 rows) once flushed.
		if err := db.ExecRaw(ctx, `UPDATE persons SET phone = phone`); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			n, err := db.QueryString(ctx, `SELECT CAST(n_mod_since_analyze AS TEXT) FROM pg_stat_user_tables WHERE relname = 'persons'`)
			if err != nil {
				t.Fatal(err)
			}
			if m, _ := strconv.Atoi(n); m >= 300 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the update of 300 persons not in the statistics views after 20 s (%s changes)", n)
			}
			time.Sleep(200 * time.Millisecond)
		}
		before := lastAnalyze()
		if err := db.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
		first := lastAnalyze()
		if first == "" || first == before {
			t.Fatalf("persons, changed in 300 rows, not analyzed (last analysis %q, before %q)", first, before)
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
