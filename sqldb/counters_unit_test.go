package sqldb_test

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestCountersAddedOncePerUnitOfWork: the counter changes of a unit of
// work's writes are gathered and added once, at its commit (flushCounters),
// not by each write: inside the unit of work after two imports the changes
// are pending, after the commit they are in the counters, equal to a full
// recount; a unit of work that fails adds nothing. On both engines.
func TestCountersAddedOncePerUnitOfWork(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ctx := sqldbtest.Admin()
		ps := normalized(t, demo.Persons(5, 40))
		run, err := a.Registry.StartImportRun(ctx, "persons", "counters once", "")
		if err != nil {
			t.Fatal(err)
		}
		pending := 0
		if err := db.InTx(ctx, func(ctx context.Context) error {
			for _, half := range [][]*shebao.Person{ps[:20], ps[20:]} {
				if _, errs, err := a.Registry.ImportPersons(ctx, run, half); err != nil {
					return err
				} else if err := firstErr(errs); err != nil {
					return err
				}
			}
			pending = db.PendingCounterRows(ctx)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if pending <= 0 {
			t.Errorf("%d counter rows pending in the unit of work after two imports, want them gathered until the commit", pending)
		}
		verifyCounters(t, db)
		// A unit of work that fails leaves the counters as they were.
		more := normalized(t, demo.Persons(6, 10))
		_ = db.InTx(ctx, func(ctx context.Context) error {
			if _, _, err := a.Registry.ImportPersons(ctx, run, more); err != nil {
				return err
			}
			return context.Canceled
		})
		verifyCounters(t, db)
	})
}

// normalized fills the persons' birth, sex and age from their numbers, as
// an import does.
func normalized(t *testing.T, ps []*shebao.Person) []*shebao.Person {
	t.Helper()
	for _, p := range ps {
		if err := shebao.NormalizePerson(p, shebao.Today()); err != nil {
			t.Fatal(err)
		}
	}
	return ps
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
