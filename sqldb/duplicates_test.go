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
