package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The policy page shows the parameters in force with their sources
// (policy/default.toml's average wage, 8000.00, marked as an example
// value); the audit page finds who looked a person up, by the person's
// number typed in any form, and checks the chain; a town clerk reads no
// audit log.
func TestUIPolicyAndAudit(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			b := f.browser(t)
			b.login("viewer1")
			r := b.get("/policy")
			expect(t, "policy", r, 200, `id="policy"`, "上年度社会平均工资(月)", "8000.00", "示例")
			expect(t, "bad date", b.get("/policy?date=2026-13-01"), http.StatusBadRequest, "日期“2026-13-01”无效")
			expect(t, "history", b.get("/policy?key=wage.avg_monthly"), 200, "wage.avg_monthly")

			// clerk1 opens the person; the leader finds it in the log.
			c := f.browser(t)
			c.login("clerk1")
			if r := c.get("/persons/" + f.yingnan.IDNo); r.status != 200 {
				t.Fatalf("person page: %d", r.status)
			}
			typed := strings.ToLower(f.yingnan.IDNo)
			r = b.get("/audit?entity=person&key=" + typed)
			expect(t, "audit", r, 200, `id="audit"`, "person.read", "clerk1")
			if table := section(r.body, `id="audit"`); strings.Contains(table, f.yingnan.IDNo) || !strings.Contains(table, "6401**********") {
				t.Errorf("the audit entries show a full ID number to a leader:\n%s", table)
			}
			if strings.Contains(b.get("/audit").body, `id="verify-button"`) {
				t.Error("a district leader is offered the chain check, which only the administrator may run")
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "admin1", Role: shebao.RoleAdmin}, uiPassword); err != nil {
				t.Fatal(err)
			}
			a := f.browser(t)
			a.login("admin1")
			expect(t, "verify", a.get("/audit?verify=1"), 200, `id="verify-button"`, "审计链完整")
			town := f.browser(t)
			town.login("town1")
			if r := town.get("/audit"); r.status != http.StatusForbidden {
				t.Errorf("a town clerk's audit page: %d", r.status)
			}
		})
	}
}
