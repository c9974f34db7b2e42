package sqldbtest

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
)

// Admin is the context of the operator, who sees the whole database: the
// actor of test fixtures.
func Admin() context.Context { return shebao.WithActor(context.Background(), shebao.SystemActor) }

// As returns a context acting as the actor.
func As(a shebao.Actor) context.Context { return shebao.WithActor(context.Background(), a) }

// EachApp runs fn as a subtest on each engine with the services over a
// fresh, migrated database (and the store, for checks that go around the
// services).
func EachApp(t *testing.T, fn func(t *testing.T, a *app.App, db *sqldb.DB)) {
	t.Helper()
	Each(t, func(t *testing.T, db *sqldb.DB) { fn(t, app.New(db), db) })
}

// SeedRegions stores the demo district's regions (宁夏 › 银川 › 金凤区 and its
// towns and villages).
func SeedRegions(t testing.TB, a *app.App) {
	t.Helper()
	for _, r := range demo.Regions {
		r := r
		if _, err := a.Registry.SaveRegion(Admin(), &r); err != nil {
			t.Fatalf("save region %s: %v", r.Code, err)
		}
	}
}
