package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTekunUI takes a 特困 case through the pages on both engines: a
// village assistant applies for a villager of 魏家桥村 through the form
// (the number posted, never in an address), the town investigates (no
// income, 全护理: 520.00 × 130% = 676.00 + 60% × 520.00 = 312.00 = 988.00
// under the rural standard 520.00 of the default policy, docs/DOMAIN.md
// §9), a civil-affairs clerk submits 集中供养 at 良田镇敬老院 without an
// institution name first (refused next to the field, what was typed kept),
// then with it; the list shows the case; a citizen may not open the list.
func TestTekunUI(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			if err := db.CreateUser(admin, &shebao.User{Name: "mz1", Display: "区民政局", Role: "clerk", Line: "civil", Region: "640106000000"}, uiPassword); err != nil {
				t.Fatal(err)
			}
			// An old villager with no other assistance: the fixture's person
			// of 魏家桥村, whatever their age, is not used; a new one is.
			old := validID(t, "64010619500301011")
			if err := db.CreatePerson(admin, &shebao.Person{IDNo: old, Name: "王福", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			vil := f.browser(t)
			csrf := vil.login("village1")
			expect(t, "nav", vil.get("/"), 200, `href="/assistance/tekun"`, "特困供养")
			expect(t, "apply form", vil.get("/assistance/tekun/new"), 200, `action="/assistance/tekun/new"`, `name="id_no"`)
			expect(t, "bad number", vil.post("/assistance/tekun/new", url.Values{"csrf": {csrf}, "region": {"640106100201"}, "id_no": {"640106195003010110"}}),
				http.StatusBadRequest, `value="640106195003010110"`)
			r := vil.post("/assistance/tekun/new", url.Values{"csrf": {csrf}, "region": {"640106100201"}, "id_no": {old}, "date": {"2025-06-01"}})
			m := regexp.MustCompile(`^/assistance/tekun/(TK[0-9A-F]+)\?done=`).FindStringSubmatch(r.header.Get("Location"))
			if r.status != http.StatusSeeOther || m == nil {
				t.Fatalf("apply: %d %s %s", r.status, r.header.Get("Location"), r.body)
			}
			expect(t, "applied", vil.get(r.header.Get("Location")), 200, "已受理特困人员供养申请:王福", "待调查")
			id := m[1]
			if strings.Contains(vil.get("/assistance/tekun/"+id).body, id+"/investigate") {
				t.Errorf("a village is offered the investigation")
			}
			town := f.browser(t)
			csrf = town.login("town1")
			done := func(b *browser, r response) response {
				t.Helper()
				if r.status != http.StatusSeeOther {
					t.Fatalf("%d %s", r.status, r.body)
				}
				return b.get(r.header.Get("Location"))
			}
			expect(t, "investigate", done(town, town.post("/assistance/tekun/"+id+"/investigate", url.Values{"csrf": {csrf}, "date": {"2025-06-05"}, "income": {"0"},
				"care_level": {"全护理"}})), 200, "待提请", "676.00", "312.00", "988.00", "312.00元(全护理)", "基本生活标准 = 低保标准 × 130% = 520.00 × 130% = 676.00元")
			mz := f.browser(t)
			csrf = mz.login("mz1")
			form := url.Values{"csrf": {csrf}, "date": {"2025-06-10"}, "mode": {"集中供养"}, "institution_account": {"6228480402564890026"}}
			expect(t, "no institution", mz.post("/assistance/tekun/"+id+"/submit", form), http.StatusBadRequest, "供养服务机构名称", `value="6228480402564890026"`)
			form.Set("institution", "良田镇敬老院")
			expect(t, "submitted", done(mz, mz.post("/assistance/tekun/"+id+"/submit", form)), 200, "待审批", "良田镇敬老院")
			expect(t, "list", mz.get("/assistance/tekun?mode=集中供养"), 200, id, "988.00", "共1件")
			// Approved by a second clerk: the person page shows the flag as
			// 特困(五保).
			a := app.New(db)
			tc, err := a.Assist.FindTekunCase(admin, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(sqldbtest.As(shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000"}), tc.ApprovalID, true, ""); err != nil {
				t.Fatal(err)
			}
			page := mz.get("/assistance/tekun/" + id)
			expect(t, "approved", page, 200, "已批准", "良田镇敬老院")
			link := regexp.MustCompile(`href="(/persons/[^"]+)"`).FindAllStringSubmatch(page.body, -1)
			person := ""
			for _, l := range link {
				if len(l[1]) > len("/persons/") && !strings.Contains(l[1], "?") {
					person = l[1]
				}
			}
			expect(t, "flag shown", mz.get(person), 200, `<span class="tag">特困(五保)</span>`, `id="person-tekun"`, "良田镇敬老院")
			c := f.browser(t)
			c.login("citizen1")
			expect(t, "citizen", c.get("/assistance/tekun"), http.StatusForbidden)
			if own := c.get("/persons/" + f.citizen.IDNo); own.status != http.StatusOK || strings.Contains(own.body, `id="person-tekun"`) {
				t.Errorf("another person's 特困 case on a citizen's own page: %d", own.status)
			}
		})
	}
}
