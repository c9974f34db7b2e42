package web

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The statistics pages on both engines: a leader (viewer) of the district
// sees the overview with the district's registered persons in its table and
// a bar chart of its towns, downloads it as .xlsx, follows a trend as a
// line, and reads the work report; a town's cadre asking for the district
// is refused; a citizen has no such page nor its menu item.
func TestReportPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newUIFixture(t, db, 60)
		today := shebao.Today().Format(shebao.DateLayout)
		b := f.browser(t)
		b.login("viewer1")
		if home := b.get("/"); !strings.Contains(home.body, `href="/reports"`) {
			t.Errorf("no 统计报表 in the leader's menu")
		}
		q := url.Values{"kind": {"overview"}, "region": {demo.District}, "date": {today}}.Encode()
		r := b.get("/reports?" + q)
		if r.status != 200 || !strings.Contains(r.body, "<svg class=\"chart\"") || !strings.Contains(r.body, "户籍人口与参保概况") {
			t.Fatalf("overview: %d %s", r.status, truncate(r.body))
		}
		// The district's row carries its registered persons (the demo
		// district's whole registry, nobody dead).
		if want := `<td class="num">` + strconv.Itoa(f.districtPersons) + `</td>`; !strings.Contains(r.body, want) {
			t.Errorf("overview without the district's %d persons", f.districtPersons)
		}
		if !strings.Contains(r.body, "良田镇") {
			t.Errorf("overview without its towns")
		}
		x := b.get("/reports/download?" + q)
		if x.status != 200 || !strings.HasPrefix(x.body, "PK") || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("download: %d %v", x.status, x.header)
		}
		tr := b.get("/reports?" + url.Values{"kind": {"trend"}, "region": {demo.District}, "by": {"insured"},
			"from": {shebao.Today().AddDate(0, -5, 0).Format("2006-01")}, "to": {shebao.Today().Format("2006-01")}}.Encode())
		if tr.status != 200 || !strings.Contains(tr.body, `<polyline points="`) {
			t.Errorf("trend: %d %s", tr.status, truncate(tr.body))
		}
		s := b.get("/reports/summary?" + url.Values{"region": {demo.District}, "date": {today}}.Encode())
		if s.status != 200 || !strings.Contains(s.body, `<section class="work-report">`) || !strings.Contains(s.body, "参保") ||
			!strings.Contains(s.body, "format=pdf") {
			t.Errorf("work report: %d %s", s.status, truncate(s.body))
		}
		bad := b.get("/reports?kind=overview&region=640106&date=2025-13-40")
		if bad.status != 400 || !strings.Contains(bad.body, `id="report-error"`) {
			t.Errorf("bad date: %d %s", bad.status, truncate(bad.body))
		}

		town := f.browser(t)
		town.login("town1")
		if r := town.get("/reports?" + q); r.status == 200 && strings.Contains(r.body, `<td class="num">`+strconv.Itoa(f.districtPersons)+`</td>`) {
			t.Errorf("a town's cadre read the district's figures")
		}
		if r := town.get("/reports?" + url.Values{"kind": {"overview"}, "region": {"640106100000"}, "date": {today}}.Encode()); r.status != 200 {
			t.Errorf("town's own overview: %d", r.status)
		}

		c := f.browser(t)
		c.login("citizen1")
		if r := c.get("/reports"); r.status != 403 {
			t.Errorf("citizen's /reports: %d", r.status)
		}
		if home := c.get("/"); strings.Contains(home.body, `href="/reports"`) {
			t.Errorf("统计报表 in the citizen's menu")
		}
	})
}
