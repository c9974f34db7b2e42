package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLandProjectPages runs the 增减挂钩 ledger of TestLandProjectsAPI in
// the browser: the town registers project GG-1 and two 拆旧 households
// (H1 5.00 亩 with 100,000.00 元, H2 3.50 亩); a demolished area beyond the
// homestead (6.00 > 5.00) comes back on the form with what was typed; 10.00
// 亩 issued on 2023-12-05, 8.00 used, 2.01 more refused (0.01 too much);
// 5.00 + 3.50 reclaimed, 5.00 + 2.50 accepted, so the closing is refused,
// short by 0.50 (7.50 < 8.00). On 2026-12-06 the issue (due 2026-12-05:
// 3 years) has 10.00 − 7.50 = 2.50 亩 not returned, 1 day overdue, flagged
// on the list and the project page. The land bureau reads without the
// forms and sees ID numbers masked; the village does not see the town's
// project; a citizen may not open the page.
func TestLandProjectPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		village := "640106001001"
		born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
		a := demo.IDNumber("640106", born("1960-02-03"), 51, false)
		b := demo.IDNumber("640106", born("1962-02-03"), 53, false)
		for _, p := range []*shebao.Person{{IDNo: a, Name: "魏大山", Hukou: "农业", Region: village},
			{IDNo: b, Name: "魏二水", Hukou: "农业", Region: village}} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		for _, u := range []*shebao.User{
			{Name: "town", Role: "town", Region: "640106001000"},
			{Name: "wjq", Role: "village", Region: village},
			{Name: "gtj", Role: "land", Region: "640106000000"},
			{Name: "me", Role: "citizen", IDNo: a},
		} {
			if err := db.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(NewServer(app.New(db), Options{}).Handler())
		t.Cleanup(srv.Close)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		town := newBrowser()
		csrf := town.login("town")
		expect(t, "none yet", town.get("/landprojects"), http.StatusOK, "本辖区没有增减挂钩项目", `href="/landprojects/new"`, `href="/landprojects"`)
		expect(t, "the form", town.get("/landprojects/new"), http.StatusOK, "登记增减挂钩项目", `value="640106001000"`)
		done := func(what, path string, form url.Values) {
			t.Helper()
			form.Set("csrf", csrf)
			r := town.post(path, form)
			if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/landprojects/GG-1?done=") {
				t.Fatalf("%s: %d %s\n%.1500s", what, r.status, r.header.Get("Location"), r.body)
			}
		}
		done("create", "/landprojects/new", url.Values{"code": {"GG-1"}, "name": {"挂钩项目区"}, "region": {"640106001000"}})
		expect(t, "no CSRF", town.post("/landprojects/GG-1/plot", url.Values{"plot_no": {"H1"}}), http.StatusForbidden, "CSRF")
		r := town.post("/landprojects/GG-1/plot", url.Values{"csrf": {csrf}, "plot_no": {"H1"}, "head_id_no": {a}, "homestead": {"5"},
			"demolished": {"6"}, "compensation": {"100000"}})
		expect(t, "more demolished than the homestead", r, http.StatusBadRequest, "拆旧面积6.00亩超过宅基地面积5.00亩", `value="100000"`)
		done("plot H1", "/landprojects/GG-1/plot", url.Values{"plot_no": {"H1"}, "head_id_no": {a}, "homestead": {"5"}, "demolished": {"5"},
			"compensation": {"100000"}})
		done("plot H2", "/landprojects/GG-1/plot", url.Values{"plot_no": {"H2"}, "head_id_no": {b}, "homestead": {"3.5"}, "demolished": {"3.5"}})
		entry := func(task, doc, plot, area, on string) url.Values {
			return url.Values{"doc_no": {doc}, "plot_no": {plot}, "area": {area}, "date": {on}}
		}
		done("issue", "/landprojects/GG-1/issue", entry("issue", "ZB-1", "", "10", "2023-12-05"))
		done("use", "/landprojects/GG-1/use", entry("use", "JX-1", "", "8", "2024-05-01"))
		f := entry("use", "JX-2", "", "2.01", "2024-06-01")
		f.Set("csrf", csrf)
		expect(t, "more than issued", town.post("/landprojects/GG-1/use", f), http.StatusBadRequest, "超出0.01亩", `value="JX-2"`)
		done("reclaim H1", "/landprojects/GG-1/reclaim", entry("reclaim", "FK-1", "H1", "5", "2025-06-01"))
		done("reclaim H2", "/landprojects/GG-1/reclaim", entry("reclaim", "FK-2", "H2", "3.5", "2025-06-01"))
		done("accept H1", "/landprojects/GG-1/accept", entry("accept", "YS-1", "H1", "5", "2025-09-01"))
		done("accept H2", "/landprojects/GG-1/accept", entry("accept", "YS-2", "H2", "2.5", "2025-09-01"))
		done("the same 文号 again", "/landprojects/GG-1/accept", entry("accept", "YS-2", "H2", "2.5", "2025-09-01"))
		// 安置: 魏大山 集中安置 in 安置小区3号楼501 with 20,000.00; 货币安置
		// without an amount comes back on the form.
		f = url.Values{"csrf": {csrf}, "head_id_no": {b}, "mode": {"货币安置"}, "date": {"2025-10-15"}}
		expect(t, "货币安置 without money", town.post("/landprojects/GG-1/resettle", f), http.StatusBadRequest, "货币安置须填写安置金额",
			`<option value="货币安置" selected>`)
		done("resettle", "/landprojects/GG-1/resettle", url.Values{"head_id_no": {a}, "mode": {"集中安置"}, "unit": {"安置小区3号楼501"},
			"amount": {"20000"}, "date": {"2025-10-15"}})
		expect(t, "cannot close", town.post("/landprojects/GG-1/close", url.Values{"csrf": {csrf}, "date": {"2025-10-01"}}),
			http.StatusConflict, "尚差0.50亩")
		expect(t, "no such task", town.get("/landprojects/GG-1/merge"), http.StatusNotFound)

		day := "?date=2026-12-06"
		expect(t, "the town's list", town.get("/landprojects"+day), http.StatusOK, `href="/landprojects/GG-1?date=2026-12-06"`,
			"逾期 2.50", `id="lp-overdue">2.50<`)
		r = town.get("/landprojects/GG-1" + day)
		expect(t, "the progress", r, http.StatusOK, "逾期1天", "<dd>10.00 亩</dd>", "<dd>8.00 亩</dd>", "<dd>7.50 亩(归还指标)</dd>",
			`id="project-overdue">2.50 亩`, "尚差 0.50 亩", "魏大山", "100,000.00", "H1", `id="project-tasks"`, `href="/landprojects/GG-1/close"`,
			"集中安置 安置小区3号楼501 20,000.00元(2025-10-15)", "集中安置 1 户,安置金额 20,000.00 元")
		land := newBrowser()
		land.login("gtj")
		r = land.get("/landprojects/GG-1" + day)
		expect(t, "the land bureau reads", r, http.StatusOK, "逾期1天", "魏二水", "6401**********")
		if strings.Contains(r.body, a) || strings.Contains(r.body, "project-tasks") {
			t.Errorf("the land bureau sees a full ID number or the forms")
		}
		expect(t, "the land bureau does not write", land.get("/landprojects/GG-1/issue"), http.StatusForbidden)
		vil := newBrowser()
		vil.login("wjq")
		expect(t, "the village's list", vil.get("/landprojects"), http.StatusOK, "本辖区没有增减挂钩项目")
		expect(t, "the village does not see the town's project", vil.get("/landprojects/GG-1"), http.StatusNotFound)
		me := newBrowser()
		me.login("me")
		expect(t, "a citizen", me.get("/landprojects"), http.StatusForbidden)
	})
}
