package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestUIEmployerAccount: the administrator creates an employer's account
// (role employer, issue #19 item 7) with the form; without the employer's
// USCC the form comes back with the message next to that field; with it
// the account is bound to the employer.
func TestUIEmployerAccount(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			es, _, err := db.FindEmployers(admin, shebao.EmployerFilter{Limit: 1})
			if err != nil || len(es) == 0 {
				t.Fatalf("no demo employer: %v", err)
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "admin1", Role: shebao.RoleAdmin}, uiPassword); err != nil {
				t.Fatal(err)
			}
			a := f.browser(t)
			csrf := a.login("admin1")
			expect(t, "form", a.get("/users/new"), 200, `name="employer"`)
			form := url.Values{"csrf": {csrf}, "name": {"danwei1"}, "role": {"employer"}, "password": {uiPassword}}
			expect(t, "no USCC", a.post("/users/new", form), http.StatusBadRequest, `id="e-employer"`, "统一社会信用代码")
			form.Set("employer", es[0].USCC)
			if r := a.post("/users/new", form); r.status != http.StatusSeeOther {
				t.Fatalf("create: %d\n%.2000s", r.status, r.body)
			}
			// Its home page: nothing of the registry to show, and no error.
			n := f.browser(t)
			n.login("danwei1")
			expect(t, "employer's home", n.get("/"), 200, "用人单位")
			u, err := db.FindUser(admin, "danwei1")
			if err != nil || u.Employer != es[0].USCC || u.Role != shebao.RoleEmployer {
				t.Errorf("account %+v %v", u, err)
			}
		})
	}
}
