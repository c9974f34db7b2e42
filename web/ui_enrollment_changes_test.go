package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A town clerk suspends a resident's 170 enrollment from the person page
// (a reason is required) and resumes it; the store's history records
// both; the links follow the status.
func TestUIEnrollmentChanges(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "170", Status: shebao.EnrollActive, Region: "640106100", Limit: 1})
			if err != nil || len(ns) == 0 {
				t.Fatalf("no 170 contributor in 良田镇: %v", err)
			}
			n := ns[0]
			b := f.browser(t)
			csrf := b.login("town1")
			page := b.get("/persons/" + n.IDNo).body
			m := regexp.MustCompile(`href="(/persons/[^"]+/enrollments/` + regexp.QuoteMeta(n.ID) + `/suspend)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no 暂停缴费 link for the 170 enrollment:\n%.3000s", section(page, `id="enrollments"`))
			}
			today := shebao.Today().Format(shebao.DateLayout)
			expect(t, "no reason", b.post(m[1], url.Values{"csrf": {csrf}, "date": {today}}), http.StatusBadRequest, `id="e-reason"`)
			if r := b.post(m[1], url.Values{"csrf": {csrf}, "date": {today}, "reason": {"外出务工,中断缴费"}}); r.status != http.StatusSeeOther {
				t.Fatalf("suspend: %d\n%.2000s", r.status, r.body)
			}
			got, err := svc.Enroll.FindEnrollment(admin, n.ID)
			if err != nil || got.Status != shebao.EnrollSuspended {
				t.Fatalf("after 暂停缴费: %+v %v", got, err)
			}
			resume := regexp.MustCompile(`href="(/persons/[^"]+/enrollments/` + regexp.QuoteMeta(n.ID) + `/resume)"`).FindStringSubmatch(b.get("/persons/" + n.IDNo).body)
			if resume == nil {
				t.Fatal("no 恢复缴费 link after the suspension")
			}
			if r := b.post(resume[1], url.Values{"csrf": {csrf}, "date": {today}}); r.status != http.StatusSeeOther {
				t.Fatalf("resume: %d\n%.2000s", r.status, r.body)
			}
			if got, _ := svc.Enroll.FindEnrollment(admin, n.ID); got.Status != shebao.EnrollActive || len(got.History) < 3 {
				t.Errorf("after 恢复缴费: %s with %d events", got.Status, len(got.History))
			}
		})
	}
}
