package sqldb_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Every table of the schema has its place on a Citus cluster in ONE table,
// sqldb.CitusTables: a table a new migration adds fails here, named, until
// it is classified (and Migrate on a cluster refuses it the same way).
func TestCitusClassifiesEveryTable(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tables, err := db.SchemaTables(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		var missing []string
		for _, name := range tables {
			have[name] = true
			if _, ok := sqldb.CitusTables[name]; !ok {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			t.Errorf("tables not classified for Citus in sqldb/citus.go CitusTables (distributed by a column of their primary key, reference, or local): %s", strings.Join(missing, ", "))
		}
		var stale []string
		for name, c := range sqldb.CitusTables {
			if !have[name] {
				stale = append(stale, name)
			}
			if (c.Kind == sqldb.CitusDistributed) != (c.Column != "") || c.Why == "" {
				t.Errorf("%s: %+v: a distributed table names its column, the others none; each says why", name, c)
			}
		}
		sort.Strings(stale)
		if len(stale) > 0 {
			t.Errorf("CitusTables classifies tables the schema does not have: %s", strings.Join(stale, ", "))
		}
	})
}

// What Citus requires of the classification, checked on single-node
// PostgreSQL: a distributed table's primary key and every unique key
// include its distribution column, and every foreign key is either one
// Citus holds or listed in CitusDroppedForeignKeys (each listed one exists).
func TestCitusKeys(t *testing.T) {
	dsn := sqldbtest.PostgresDSN(t)
	if dsn == "" {
		t.Skip("PostgreSQL only (the catalogue of keys)")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, c := range sqldb.CitusTables {
		if c.Kind != sqldb.CitusDistributed {
			continue
		}
		keys, err := db.UniqueKeys(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) == 0 {
			t.Errorf("%s: no primary key", name)
		}
		for _, cols := range keys {
			found := false
			for _, col := range cols {
				found = found || col == c.Column
			}
			if !found {
				t.Errorf("%s: unique key (%s) lacks the distribution column %s", name, strings.Join(cols, ", "), c.Column)
			}
		}
	}
	fks, err := db.ForeignKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, s := range sqldb.CitusDroppedForeignKeys {
		listed[s] = true
	}
	for _, k := range fks {
		switch {
		case sqldb.CitusHoldable(k) && listed[k.String()]:
			t.Errorf("%s: Citus holds it, yet it is listed in CitusDroppedForeignKeys", k)
		case !sqldb.CitusHoldable(k) && !listed[k.String()]:
			t.Errorf("%s: Citus cannot hold it under CitusTables: classify the tables otherwise, or list it in CitusDroppedForeignKeys with the store's own check", k)
		}
		delete(listed, k.String())
	}
	for s := range listed {
		t.Errorf("CitusDroppedForeignKeys lists %s, which the schema does not have", s)
	}
}
