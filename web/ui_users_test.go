package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Accounts in the browser: the administrator creates a town clerk (a weak
// password refused next to its field and never sent back), who then signs
// in; disables the account (sign-in refused) and enables it; creates an
// API token, shown once, which the API accepts until it is revoked. A
// district clerk manages no accounts.
func TestUIUsers(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			if err := db.CreateUser(admin, &shebao.User{Name: "admin1", Role: shebao.RoleAdmin}, uiPassword); err != nil {
				t.Fatal(err)
			}
			a := f.browser(t)
			csrf := a.login("admin1")
			expect(t, "users", a.get("/users"), 200, `id="user-clerk1"`, `id="new-user"`)
			form := url.Values{"csrf": {csrf}, "name": {"fengdeng"}, "display": {"丰登镇劳动保障所"}, "role": {"town"}, "region": {"640106101000"}, "password": {"123"}}
			r := a.post("/users/new", form)
			expect(t, "weak password", r, http.StatusBadRequest, `id="e-password"`, `value="fengdeng"`)
			if strings.Contains(r.body, `value="123"`) {
				t.Error("the password typed was sent back")
			}
			form.Set("password", uiPassword)
			if r := a.post("/users/new", form); r.status != http.StatusSeeOther {
				t.Fatalf("create: %d\n%.2000s", r.status, r.body)
			}
			n := f.browser(t)
			n.login("fengdeng")
			expect(t, "new user's home", n.get("/"), 200, "丰登镇")

			if r := a.post("/users/fengdeng/disable", url.Values{"csrf": {csrf}}); r.status != http.StatusSeeOther {
				t.Fatalf("disable: %d", r.status)
			}
			if r := f.browser(t).post("/login", url.Values{"name": {"fengdeng"}, "password": {uiPassword}}); r.status == http.StatusSeeOther {
				t.Error("a disabled account signs in")
			}
			if r := a.post("/users/fengdeng/enable", url.Values{"csrf": {csrf}}); r.status != http.StatusSeeOther {
				t.Fatalf("enable: %d", r.status)
			}

			if r := a.post("/users/fengdeng/token", url.Values{"csrf": {csrf}, "label": {"对账"}, "days": {"30"}}); r.status != http.StatusSeeOther {
				t.Fatalf("token: %d", r.status)
			}
			page := a.get("/users")
			m := regexp.MustCompile(`id="new-token">[^<]*<code>([^<]+)</code>`).FindStringSubmatch(page.body)
			if m == nil {
				t.Fatalf("the new token is not shown:\n%.3000s", page.body)
			}
			if strings.Contains(a.get("/users").body, m[1]) {
				t.Error("the token is shown a second time")
			}
			api := func() int {
				req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
				req.Header.Set("Authorization", "Bearer "+m[1])
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			if st := api(); st != 200 {
				t.Fatalf("the new token: %d", st)
			}
			id := regexp.MustCompile(`name="token_id" value="([^"]+)"`).FindStringSubmatch(page.body)
			if id == nil {
				t.Fatal("no token to revoke on the page")
			}
			if r := a.post("/users/fengdeng/revoke", url.Values{"csrf": {csrf}, "token_id": {id[1]}}); r.status != http.StatusSeeOther {
				t.Fatalf("revoke: %d", r.status)
			}
			if st := api(); st != http.StatusUnauthorized {
				t.Errorf("a revoked token: %d, want 401", st)
			}
			c := f.browser(t)
			c.login("clerk1")
			if r := c.get("/users"); r.status != http.StatusForbidden {
				t.Errorf("a clerk's users page: %d", r.status)
			}
		})
	}
}
