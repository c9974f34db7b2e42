package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 人员查询's pager total (issue #15) counts a jurisdiction's persons in
// the index persons_region_name and subtracts the merged registrations
// found through the partial index persons_merged (migration 0103): no
// person's row is read. Counting with "merged_into is empty" read every row of
// the jurisdiction (seconds for the district's 100,000 persons on SQLite,
// docs/BENCHMARKS.md). SQLite's plan is checked; on PostgreSQL the
// statement is run. The totals stay exact: four registrations in the
// district, one merged into another (a 95-point duplicate pair, merged by
// one clerk and approved by another) — 4 − 1 = 3 persons in the district,
// 2 − 1 = 1 in the village of the pair, 3 − 1 = 2 whose name contains 德.
func TestPersonCountPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		admin := sqldbtest.Admin()
		for _, part := range []string{"", "德"} {
			plan, _, err := db.ExplainPersonCount(admin, "640106000000", "640106999999", part)
			if err != nil {
				t.Fatal(err)
			}
			if db.Dialect == sqldb.Postgres {
				continue
			}
			if !strings.Contains(plan, "USING COVERING INDEX persons_region_name") {
				t.Errorf("name %q: the persons are not counted in the index alone:\n%s", part, plan)
			}
			if !strings.Contains(plan, "USING INDEX persons_merged") {
				t.Errorf("name %q: the merged registrations are not sought by their partial index:\n%s", part, plan)
			}
			if strings.Contains(plan, "SCAN p") {
				t.Errorf("name %q: the persons are scanned:\n%s", part, plan)
			}
		}

		birth := time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC)
		real := demo.IDNumber("640106", birth, 21, true)
		swapped := demo.IDNumber("640106", time.Date(1958, 3, 21, 0, 0, 0, 0, time.UTC), 21, true)
		other := demo.IDNumber("640106", time.Date(1980, 6, 1, 0, 0, 0, 0, time.UTC), 5, true)
		fourth := demo.IDNumber("640106", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 7, false)
		for _, p := range []*shebao.Person{person(real, "马德福", "640106100201"), person(swapped, "马德福", "640106100201"),
			person(other, "马德福", "640106100202"), person(fourth, "李秀兰", "640106100202")} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		maker := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk/registration", Region: "640106000000"})
		checker := shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk", Region: "640106000000"})
		if _, err := db.ScanDuplicates(admin); err != nil {
			t.Fatal(err)
		}
		ap, err := db.MergeDuplicate(maker, real, swapped, "户籍核实为同一人")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, ap.ID, true, "核对户口簿"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			f    shebao.PersonFilter
			want int
		}{
			{shebao.PersonFilter{}, 3},
			{shebao.PersonFilter{Region: "640106100201"}, 1},
			{shebao.PersonFilter{Region: "640106100202"}, 2},
			{shebao.PersonFilter{NamePart: "德"}, 2},
			{shebao.PersonFilter{IDNo: swapped}, 1}, // a merged registration is found by its number
		} {
			ps, total, err := db.FindPersons(admin, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if total != c.want || len(ps) != c.want {
				t.Errorf("%+v: total %d, %d rows, want %d", c.f, total, len(ps), c.want)
			}
		}
		if _, n, err := db.ExplainPersonCount(admin, "640106000000", "640106999999", ""); err != nil || n != 3 {
			t.Errorf("count statement: %d %v, want 3", n, err)
		}
	})
}

// The audit page (FindAudit) reads the newest entries backwards along the
// chain's unique index audit_log_seq and stops at the page's limit: ordered
// by the transaction time first, SQLite read and sorted the whole log (0.5–
// 1.6 s for the 65,000 entries of a district of 100,000 persons). SQLite's
// plan is checked; on PostgreSQL the statement is run. Order: three
// entries recorded one after another come back newest first.
func TestAuditPagePlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		admin := sqldbtest.Admin()
		var ids []string
		for i, name := range []string{"马德福", "李秀兰", "王建国"} {
			id := demo.IDNumber("640106", time.Date(1960+i, 1, 1, 0, 0, 0, 0, time.UTC), 11+i, true)
			if err := db.CreatePerson(admin, person(id, name, "640106100201")); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		plan, n, err := db.ExplainAudit(admin, "640106000000", "640106999999", 100)
		if err != nil {
			t.Fatal(err)
		}
		if n < 3 {
			t.Errorf("%d entries, want the 3 registrations at least", n)
		}
		if db.Dialect != sqldb.Postgres {
			if !strings.Contains(plan, "audit_log_seq") || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("the audit log is sorted, not read along its chain:\n%s", plan)
			}
		}
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityPerson, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			if e.Action == "person.create" {
				got = append(got, e.Key)
			}
		}
		if len(got) != 3 || got[0] != ids[2] || got[1] != ids[1] || got[2] != ids[0] {
			t.Errorf("registrations %v, want newest first %v", got, []string{ids[2], ids[1], ids[0]})
		}
	})
}

// TestOpenEnrollmentsPlan: the open enrollments of a village (an
// enrollment list with open_only, and bench http's preparation) are read
// from the region's index with a look-up of each one's slot, not from a
// scan of every slot of the database (6.2 s for a village of a district
// of 1,000,000 persons on SQLite; 12 ms this way). SQLite's plan does not
// depend on the data (no statistics are gathered), so a small database
// shows it.
func TestOpenEnrollmentsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if db.Dialect == sqldb.Postgres {
			return
		}
		plan, err := db.ExplainOpenEnrollments(sqldbtest.Admin(), "640106100201")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plan, "SCAN enrollment_slots") || !strings.Contains(plan, "enrollments_region") {
			t.Errorf("the open enrollments of a village are not read from the region's index:\n%s", plan)
		}
	})
}

// TestEmploymentPaymentsPlan: the employment report's persons paid
// 公益性岗位 subsidies in the span are read from the partial index of those
// payments (migration 0119), not from every payment of the span's months
// (benefit_payments_month: a year of the district's pensions).
func TestEmploymentPaymentsPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if db.Dialect == sqldb.Postgres {
			return
		}
		plan, err := db.ExplainEmploymentPayments(sqldbtest.Admin())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "benefit_payments_employment") {
			t.Errorf("the subsidies' payments are not read from their partial index:\n%s", plan)
		}
	})
}
