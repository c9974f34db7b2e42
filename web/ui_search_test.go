package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The person search as clerks search: the last digits of an ID number and
// a part of the name in the same form; a bad tail is a message on the
// page with what was typed kept.
func TestUIPersonSearch(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			b := f.browser(t)
			b.login("clerk1")
			p := f.weijiaqiao
			name := []rune(p.Name)
			r := b.get("/persons?" + url.Values{"id_no": {p.IDNo[12:]}, "name": {string(name[len(name)-1:])}}.Encode())
			expect(t, "tail and part of the name", r, 200, p.Name, `id="persons"`)
			if strings.Count(r.body, `class="person"`) < 1 {
				t.Errorf("no person found:\n%.2000s", r.body)
			}
			expect(t, "bad tail", b.get("/persons?id_no=12a4"), http.StatusBadRequest, "身份证号后几位", `value="12a4"`)
			// A number typed into the address bar opens the person, but no
			// link of the page carries it (item 8: addresses end up in
			// histories and logs).
			page := b.get("/persons/" + p.IDNo)
			if page.status != 200 || strings.Contains(page.body, `href="/persons/`+p.IDNo) {
				t.Errorf("the page opened by number links by number (%d)", page.status)
			}
		})
	}
}
