package sqldb_test

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Migration 0123 keys an enrollment, its events, its slot and an
// employment with the person's id_no (so that a Citus cluster can keep
// them on the person's shard: sqldb/citus.go). On a district generated at
// schema 0122 the migration keeps every row, gives each event its
// enrollment's person, and the engine then refuses an event or a slot
// naming another person than its enrollment's; 减员 and 增员 still work, and
// a second migrate changes nothing.
func TestMigrationKeysEnrollmentsByPerson(t *testing.T) {
	ctx := context.Background()
	fingerprint := func(t *testing.T, db *sqldb.DB) map[string]string {
		t.Helper()
		out := map[string]string{}
		for name, q := range map[string]string{
			"enrollments": `SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(COUNT(DISTINCT id) AS TEXT) || '/' || CAST(SUM(version) AS TEXT) || '/' ||
				MIN(id_no) || '/' || MAX(id_no || status || start_date || end_date || employer_uscc) FROM enrollments`,
			"enrollment_events": `SELECT CAST(COUNT(*) AS TEXT) || '/' || CAST(SUM(seq) AS TEXT) || '/' ||
				MAX(enrollment_id || action || to_status || event_date || employer_uscc) FROM enrollment_events`,
			"enrollment_slots": `SELECT CAST(COUNT(*) AS TEXT) || '/' || MAX(id_no || slot || enrollment_id) FROM enrollment_slots`,
			"employments": `SELECT CAST(COUNT(*) AS TEXT) || '/' || MAX(id || id_no || employer_uscc || start_date || end_date || CAST(rural_contract AS TEXT))
				FROM employments`,
		} {
			s, err := db.QueryString(ctx, q)
			if err != nil {
				t.Fatal(name, err)
			}
			out[name] = s
		}
		return out
	}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 122)
			a := app.New(db)
			res, err := gen.Generate(admin, a, gen.Options{Persons: 400, Seed: 23})
			if err != nil {
				t.Fatal(err)
			}
			if res.Enrollments == 0 {
				t.Fatal("the district has no enrollments")
			}
			before := fingerprint(t, db)
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			after := fingerprint(t, db)
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s: %s before the migration, %s after", k, v, after[k])
				}
			}
			if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM enrollment_events ev
					WHERE NOT EXISTS (SELECT 1 FROM enrollments n WHERE n.id = ev.enrollment_id AND n.id_no = ev.id_no)`); err != nil || n != "0" {
				t.Errorf("events without their enrollment's person: %s %v", n, err)
			}
			// An event or a slot naming another person than its enrollment's
			// is refused by the foreign keys.
			id, err := db.QueryString(ctx, `SELECT MIN(enrollment_id) FROM enrollment_slots`)
			if err != nil {
				t.Fatal(err)
			}
			other, err := db.QueryString(ctx, `SELECT MIN(id_no) FROM persons WHERE id_no NOT IN (SELECT id_no FROM enrollments WHERE id = $1)`, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.ExecRaw(ctx, `INSERT INTO enrollment_events (enrollment_id, id_no, seq, action, from_status, to_status, event_date, actor, at)
				VALUES ($1, $2, 99, 'x', 'x', 'x', '2030-01-01', 'x', 'x')`, id, other); err == nil {
				t.Error("an event of another person's enrollment was accepted")
			}
			if err := db.ExecRaw(ctx, `INSERT INTO enrollment_slots (id_no, slot, enrollment_id) VALUES ($1, 'test', $2)`, other, id); err == nil {
				t.Error("a slot of another person's enrollment was accepted")
			}
			if eng.Name == "postgres" {
				for table, want := range map[string]string{"enrollments": "enrollments_pkey", "enrollment_events": "enrollment_events_pkey",
					"enrollment_slots": "enrollment_slots_pkey", "employments": "employments_pkey"} {
					if pk, err := db.QueryString(ctx, `SELECT conname FROM pg_constraint WHERE conrelid = CAST($1 AS regclass) AND contype = 'p'`, table); err != nil || pk != want {
						t.Errorf("the primary key of %s is named %q (%v)", table, pk, err)
					}
				}
			}
			// An employee of the district leaves and is hired again: the
			// events are written with the person.
			var idNo, uscc string
			if idNo, err = db.QueryString(ctx, `SELECT MIN(id_no) FROM enrollments WHERE scheme = '110' AND status = $1 AND employer_uscc <> ''`, shebao.EnrollActive); err != nil {
				t.Fatal(err)
			}
			if uscc, err = db.QueryString(ctx, `SELECT MIN(employer_uscc) FROM enrollments WHERE scheme = '110' AND id_no = $1 AND status = $2`, idNo, shebao.EnrollActive); err != nil {
				t.Fatal(err)
			}
			if left, err := a.Enroll.Leave(admin, idNo, uscc, "2025-06-30", "合同期满"); err != nil || len(left) == 0 {
				t.Fatalf("减员 after the migration: %d %v", len(left), err)
			}
			if hired, err := a.Enroll.Hire(admin, idNo, uscc, "2025-09-01", nil); err != nil || len(hired) == 0 {
				t.Fatalf("增员 after the migration: %d %v", len(hired), err)
			}
			if n, err := db.QueryString(ctx, `SELECT CAST(COUNT(*) AS TEXT) FROM enrollment_events WHERE id_no = $1 AND event_date IN ('2025-06-30', '2025-07-01', '2025-09-01')`, idNo); err != nil || n == "0" {
				t.Errorf("the events of 减员 and 增员 not written with the person: %s %v", n, err)
			}
			if applied, err := db.Migrate(ctx); err != nil || len(applied) != 0 {
				t.Errorf("a second migrate: %v %v", applied, err)
			}
		})
	}
}
