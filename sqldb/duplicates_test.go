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

func TestDuplicateScanAndMerge(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		birth := time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC)
		real := demo.IDNumber("640106", birth, 21, true)
		// The same man registered again with the day and month digits swapped
		// (19580312 → 19580321), and once more in another village with the
		// same birth date; plus a namesake born elsewhere and at another time.
		swapped := demo.IDNumber("640106", time.Date(1958, 3, 21, 0, 0, 0, 0, time.UTC), 21, true)
		sameBirth := demo.IDNumber("640106", birth, 77, true)
		namesake := demo.IDNumber("640106", time.Date(1980, 6, 1, 0, 0, 0, 0, time.UTC), 5, true)
		for _, p := range []*shebao.Person{
			person(real, "马德福", "640106100201"), person(swapped, "马德福", "640106100201"),
			person(sameBirth, "马德福", "640106101201"), person(namesake, "马德福", "640106100202"),
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: real, Scheme: "170", Date: "2010-01-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: swapped, Scheme: "170", Date: "2011-01-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: swapped, Scheme: "390", Date: "2024-01-01"}); err != nil {
			t.Fatal(err)
		}
		res, err := db.ScanDuplicates(admin)
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 1 || res.Pending != 1 {
			t.Fatalf("scan %+v", res)
		}
		q, err := db.FindDuplicates(admin, "", 10)
		if err != nil || len(q) != 1 || q[0].Score != 95 {
			t.Fatalf("queue %+v %v", q, err)
		}
		// The swap pair is the same village; the same-birth pair in another
		// village is not raised (different village, digits far apart).
		if again, _ := db.ScanDuplicates(admin); again.New != 0 || again.Pending != 1 {
			t.Errorf("rescan raised again: %+v", again)
		}
		// 经办 → 复核: one clerk asks, another approves; nobody approves
		// their own request, and a read-only role approves nothing.
		maker := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk/registration", Region: "640106000000"})
		checker := shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk", Region: "640106000000"})
		viewer := shebao.WithActor(admin, shebao.Actor{Name: "leader", Role: "viewer", Region: "640106000000"})
		ap, err := db.MergeDuplicate(maker, real, swapped, "户籍核实为同一人")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MergeDuplicate(maker, real, swapped, ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second request for the same pair: %v", err)
		}
		if p, _ := db.FindPerson(admin, swapped); len(p.Enrollments) != 2 {
			t.Fatalf("merge happened before approval")
		}
		if _, err := app.New(db).Approve.DecideApproval(maker, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("maker approved own request: %v", err)
		}
		if _, err := app.New(db).Approve.DecideApproval(viewer, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("viewer approved: %v", err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, ap.ID, false, ""); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("rejection without a reason: %v", err)
		}
		done, err := app.New(db).Approve.DecideApproval(checker, ap.ID, true, "核对户口簿")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != shebao.ApprovalApproved || done.Maker != "clerk1" || done.Checker != "clerk2" || done.Result == "" {
			t.Errorf("approval %+v", done)
		}
		if pending, _ := db.FindApprovals(admin, "", 10); len(pending) != 0 {
			t.Errorf("still pending: %+v", pending)
		}
		p, err := db.FindPerson(admin, real)
		if err != nil {
			t.Fatal(err)
		}
		open := map[string]string{}
		for _, n := range p.Enrollments {
			open[n.Scheme+"/"+n.StartDate] = n.Status
		}
		// Own 170 kept; the duplicate's 170 ended as 重复参保; its 390 moved over.
		if open["170/2010-01-01"] != shebao.EnrollActive || open["170/2011-01-01"] != shebao.EnrollEnded || open["390/2024-01-01"] != shebao.EnrollActive {
			t.Fatalf("after merge: %v", open)
		}
		_, total, _ := db.FindPersons(admin, shebao.PersonFilter{Name: "马德福"})
		if total != 3 {
			t.Errorf("merged registration still listed: %d", total)
		}
		if _, err := db.MergeDuplicate(maker, real, swapped, ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second merge: %v", err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("approved twice: %v", err)
		}
	})
}

func TestMatchDeathRegister(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, person(female1949, "王秀英", "640106100201")); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePerson(admin, person(male1960, "马德福", "640106100201")); err != nil {
			t.Fatal(err)
		}
		n, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "170", Date: "2010-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ChangeEnrollment(admin, n.ID, shebao.ChangeRequest{Action: shebao.ActStartBenefit, Date: "2010-01-01"}); err != nil {
			t.Fatal(err)
		}
		ms, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{
			{Row: 2, IDNo: female1949, Name: "王秀英", DeathDate: "2024-05-06"},
			{Row: 3, IDNo: male1960, Name: "马得福", DeathDate: "2024-05-07"}, // name differs: no action
			{Row: 4, IDNo: female1975, Name: "无此人", DeathDate: "2024-05-08"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 {
			t.Fatalf("matches %+v", ms)
		}
		p, _ := db.FindPerson(admin, female1949)
		if p.Status != shebao.StatusDeceased || p.DeathDate != "2024-05-06" || p.Enrollments[0].Status != shebao.EnrollBenefitSuspended {
			t.Errorf("death not applied: %+v %+v", p, p.Enrollments[0])
		}
		q, _ := db.FindPerson(admin, male1960)
		if q.Status != shebao.StatusAlive {
			t.Errorf("name mismatch applied")
		}
		for _, m := range ms {
			if m.IDNo == male1960 && (m.NameMatches || !strings.Contains(m.Suggestion, "人工核对")) {
				t.Errorf("mismatch suggestion %+v", m)
			}
		}
	})
}

// Migration 0047 files the pairs queued before it, and their merges, under
// the smallest region holding both persons: a cross-town pair and its
// pending merge, queued under the first person's town as the old code did,
// move to the district; a pair inside one village stays there.
func TestMigrationDuplicatePairRegion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		birth := time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC)
		x := demo.IDNumber("640106", birth, 21, true) // 良田镇魏家桥村
		y := demo.IDNumber("640106", birth, 22, true) // 丰登镇英刘村
		v1 := demo.IDNumber("640106", time.Date(1958, 3, 21, 0, 0, 0, 0, time.UTC), 21, true)
		for _, p := range []*shebao.Person{person(x, "马德福", "640106100201"), person(y, "马德福", "640106101201"),
			person(v1, "马德福", "640106100201")} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.ScanDuplicates(admin); err != nil {
			t.Fatal(err)
		}
		maker := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: "640106000000"})
		ap, err := db.MergeDuplicate(maker, x, y, "")
		if err != nil {
			t.Fatal(err)
		}
		// As the code before 0047 left them: filed under the first person's region.
		for _, q := range []string{
			`UPDATE duplicate_candidates SET region_code = '640106100201'`,
			`UPDATE approvals SET region_code = '640106100201'`,
			`DELETE FROM schema_migrations WHERE version = 47`,
		} {
			if err := db.ExecRaw(admin, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Migrate(admin); err != nil {
			t.Fatal(err)
		}
		town := shebao.WithActor(admin, shebao.Actor{Name: "lt", Role: "clerk", Region: "640106100000"})
		list, err := db.FindApprovals(town, "", 10)
		if err != nil || len(list) != 0 {
			t.Errorf("the town still sees the cross-town merge: %+v %v", list, err)
		}
		list, err = db.FindApprovals(maker, "", 10)
		if err != nil || len(list) != 1 || list[0].ID != ap.ID || list[0].Region != "640106000000" {
			t.Errorf("district queue after migration: %+v %v", list, err)
		}
		for _, c := range []struct{ a, b, want string }{{x, y, "640106000000"}, {x, v1, "640106100201"}} {
			a, b := shebao.OrderedPair(c.a, c.b)
			region, err := db.QueryString(admin, `SELECT region_code FROM duplicate_candidates WHERE id_no_a = $1 AND id_no_b = $2`, a, b)
			if err != nil || region != c.want {
				t.Errorf("pair %s %s filed under %q (%v), want %s", a, b, region, err, c.want)
			}
		}
	})
}
