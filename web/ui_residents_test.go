package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A village assistant records a resident's 170 contribution of the 500 元
// tier: the example policy's subsidy for 500 元 and above is 60 元
// (policy/default.toml resident_pension.tiers, 国发〔2014〕8号's minimum);
// the receipt shows on the person page with its explanation; the same
// receipt again counts once; a bad year comes back next to its field.
func TestUIResidentContribution(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "170", Status: shebao.EnrollActive, Region: "640106100201", Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var who *shebao.Person
			for _, n := range ns {
				if p, err := svc.Registry.FindPerson(admin, n.IDNo); err == nil && len(p.Flags) == 0 {
					who = p
					break
				}
			}
			if who == nil {
				t.Fatal("no 170 contributor without flags in 魏家桥村")
			}
			year := shebao.Today().Year() + 1
			b := f.browser(t)
			csrf := b.login("village1")
			page := b.get("/persons/" + who.IDNo).body
			link := regexp.MustCompile(`href="(/persons/[^"]+/residents/new)"`).FindStringSubmatch(page)
			if link == nil {
				t.Fatalf("no 登记居民缴费 link:\n%.2000s", page)
			}
			form := url.Values{"csrf": {csrf}, "receipt_no": {"JM-UI-1"}, "scheme": {"170"}, "year": {"明年"}, "tier": {"500"},
				"paid_on": {shebao.Today().Format(shebao.DateLayout)}}
			expect(t, "bad year", b.post(link[1], form), http.StatusBadRequest, `id="e-year"`, `value="JM-UI-1"`)
			form.Set("year", strconv.Itoa(year))
			r := b.post(link[1], form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("record: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "recorded", b.get(r.header.Get("Location")), 200, "已登记"+strconv.Itoa(year)+"年度170缴费:个人500.00元,政府补贴60.00元", `id="residents"`, "JM-UI-1")
			r = b.post(link[1], form)
			if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "未重复入账") {
				t.Errorf("the same receipt again: %d %s", r.status, loc)
			}
			if cs, _ := svc.Collect.ResidentContributions(admin, who.IDNo); len(cs) == 0 {
				t.Error("no contribution stored")
			}
		})
	}
}
