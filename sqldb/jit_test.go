package sqldb_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPostgresJITOff: shebao's PostgreSQL connections run without JIT
// compilation (sqldb/db.go: at a million persons the counters' read of a
// chunk spent longer compiling than executing), unless the URL asks for it.
func TestPostgresJITOff(t *testing.T) {
	dsn := sqldbtest.PostgresDSN(t)
	if dsn == "" {
		t.Skip("no PostgreSQL")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("jit", "on")
	u.RawQuery = q.Encode()
	ctx := context.Background()
	for _, tt := range []struct{ dsn, want string }{{dsn, "off"}, {u.String(), "on"}} {
		db, err := sqldb.Open(ctx, tt.dsn)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Setting(ctx, "jit")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: jit = %s, want %s", tt.dsn, got, tt.want)
		}
	}
}
