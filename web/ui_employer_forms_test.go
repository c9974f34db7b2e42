package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// An employer registered by a town clerk in the browser (a bad USCC comes
// back next to its field), then changed with a reason; a change made on a
// stale version is refused.
func TestUIEmployerForms(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			b := f.browser(t)
			csrf := b.login("town1")
			expect(t, "employers", b.get("/employers"), 200, `id="new-employer"`)
			form := url.Values{"csrf": {csrf}, "uscc": {"91640106MA00000011"}, "name": {"良田镇农机合作社"}, "industry": {"农业"}, "risk_class": {"2"},
				"region": {"640106100201"}, "contact": {"马主任"}, "phone": {"13912340000"}}
			expect(t, "bad USCC", b.post("/employers/new", form), http.StatusBadRequest, `id="e-uscc"`, `value="良田镇农机合作社"`)
			uscc := demo.USCC("640106", 990001)
			form.Set("uscc", uscc)
			r := b.post("/employers/new", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("create: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "registered", b.get(r.header.Get("Location")), 200, "已登记:良田镇农机合作社", `id="edit-link"`)
			change := url.Values{"csrf": {csrf}, "version": {"1"}, "name": {"良田镇农机专业合作社"}, "industry": {"农业"}, "risk_class": {"2"},
				"region": {"640106100201"}, "contact": {"马主任"}, "phone": {"13912340000"}, "reason": {"更名"}}
			if r := b.post("/employers/"+uscc+"/edit", change); r.status != http.StatusSeeOther {
				t.Fatalf("edit: %d\n%.2000s", r.status, r.body)
			}
			expect(t, "stale", b.post("/employers/"+uscc+"/edit", change), http.StatusConflict)
			got, err := app.New(db).Registry.FindEmployer(admin, uscc)
			if err != nil || got.Name != "良田镇农机专业合作社" || got.Version != 2 {
				t.Errorf("after the change: %+v %v", got, err)
			}
			v := f.browser(t)
			v.login("viewer1")
			if r := v.get("/employers/new"); r.status != http.StatusForbidden {
				t.Errorf("a leader's employer form: %d", r.status)
			}
		})
	}
}

// A town clerk registers a new village of the town in the browser; a code
// outside the town is refused on the form, with what was typed kept.
func TestUIRegionForm(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			b := f.browser(t)
			csrf := b.login("town1")
			expect(t, "regions", b.get("/regions/640106100000"), 200, `id="new-region"`)
			form := url.Values{"csrf": {csrf}, "code": {"640106101209"}, "name": {"外镇村"}}
			expect(t, "outside the town", b.post("/regions/new", form), http.StatusForbidden, "无权维护辖区以外的区划640106101209", `value="外镇村"`)
			form.Set("code", "640106100209")
			form.Set("name", "新华村")
			r := b.post("/regions/new", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("create: %d\n%.2000s", r.status, r.body)
			}
			expect(t, "created", b.get(r.header.Get("Location")), 200, "已保存区划:新华村")
			if reg, err := app.New(db).Registry.FindRegion(admin, "640106100209"); err != nil || reg.Name != "新华村" {
				t.Errorf("stored: %+v %v", reg, err)
			}
		})
	}
}
