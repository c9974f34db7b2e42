package sqldb_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
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

// A cluster laid out by an earlier release, where a table sat elsewhere than
// sqldb.CitusTables now says (declarations were on the employer's shard
// until migration 0123 moved them to the person's), is laid out anew by
// migrate: the table is made local again and distributed by its new key,
// its rows and its foreign key to the employers kept; a second migrate
// changes nothing.
func TestCitusRelaysMovedTable(t *testing.T) {
	dsn := sqldbtest.CitusDSN(t)
	if dsn == "" {
		t.Skip("needs a Citus cluster (SHEBAO_TEST_CITUS)")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(admin, app.New(db), gen.Options{Persons: 200, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecRaw(ctx, `INSERT INTO declarations (employer_uscc, period, id_no, wage, declared_at, declared_by)
		SELECT e.uscc, '2025-03', p.id_no, 500000, 'x', 'x' FROM (SELECT MIN(uscc) AS uscc FROM employers) e,
			(SELECT id_no FROM persons ORDER BY id_no LIMIT 50) p`); err != nil {
		t.Fatal(err)
	}
	column := func() string {
		c, err := db.QueryString(ctx, `SELECT column_to_column_name(logicalrelid, partkey) FROM pg_dist_partition
			WHERE logicalrelid = CAST('declarations' AS regclass)`)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := column(); c != "id_no" {
		t.Fatalf("declarations distributed by %q, want id_no", c)
	}
	// As the layout before 0123 left it: by the employer, without the
	// foreign key to persons (which Citus could not hold there).
	for _, q := range []string{
		`ALTER TABLE declarations DROP CONSTRAINT declarations_id_no_fkey`,
		`ALTER TABLE declarations DROP CONSTRAINT declarations_employer_uscc_fkey`,
		`SELECT undistribute_table('declarations')`,
		`SELECT create_distributed_table('declarations', 'employer_uscc', colocate_with => 'persons')`,
		`ALTER TABLE declarations ADD CONSTRAINT declarations_employer_uscc_fkey FOREIGN KEY (employer_uscc) REFERENCES employers (uscc)`,
	} {
		if err := db.ExecRaw(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	if c := column(); c != "employer_uscc" {
		t.Fatalf("the older layout: declarations distributed by %q", c)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := column(); c != "id_no" {
		t.Errorf("after migrate declarations are distributed by %q (applied %v), want id_no", c, applied)
	}
	if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM declarations`); err != nil || n != "50" {
		t.Errorf("%s declarations after the new layout, want 50 (%v)", n, err)
	}
	if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM pg_constraint WHERE conname = 'declarations_employer_uscc_fkey'`); err != nil || n != "1" {
		t.Errorf("the declarations' foreign key to the employers: %s (%v)", n, err)
	}
	if again, err := db.Migrate(ctx); err != nil || len(again) != 0 {
		t.Errorf("a second migrate: %v %v", again, err)
	}
}
