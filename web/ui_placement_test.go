package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPlacementPages (issue #19 items 4 and 7; on the real clock: the
// session cookie's lifetime is counted from it). 张三 (♂ 1980, 魏家桥村) is
// registered unemployed with the skill 电焊; 张伟 (♂ 1990, 盈南村 of another
// town) farms, skills 电焊、气割, work wish 焊工. An employment clerk posts
// 魏家桥农机合作社's 电焊工 vacancy (岗位编号 DH-01, 2 places, 电焊、气割, at
// 魏家桥村, 4000–6000 元; places "两" refused on the form). Its page ranks,
// skills first (docs/DOMAIN.md §10, the order of sqldb.VacancySeekers):
//
//	1 张伟: 2/2 skills, another town     → 技能符合2/2项(电焊、气割);同县区;有就业意愿
//	2 张三: 1/2 skill, the same village → 技能符合1/2项(电焊);同村(社区);已办理失业登记
//
// The same post again answers the same vacancy (该岗位已登记,未重复登记)
// and the list holds one. 张三 is referred from his line of the ranking,
// then 录用 today: the 增员 enrolls him in the five employee schemes (参保5项)
// and ends his 失业登记 — the page says both. The employer's account
// (bound to 魏家桥农机合作社) sees its vacancy with 张三's name and masked
// number, no ranking, no link to the person, a form without the employer
// field; 良田建材's vacancy is 404 to it and the exports 403. The clerk
// records 张伟's export through 良田建材 to 浙江省宁波市 and, today, his
// return (a reason required): his line reads 务农 again.
func TestPlacementPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		e := app.New(db).Employ
		today := shebao.Today()
		day := func(d int) string { return today.AddDate(0, 0, d).Format(shebao.DateLayout) }
		for _, x := range []shebao.LaborEntry{
			{IDNo: f.own, Status: "务农", Skills: "电焊"},
			{IDNo: f.yingnan, Status: "务农", Skills: "电焊、气割", WorkWish: "焊工"},
		} {
			if _, _, err := e.Register(admin, x); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.RegisterUnemployed(admin, f.own, day(-30), ""); err != nil {
			t.Fatal(err)
		}
		srv := overpaymentsServer(t, db)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		b := newBrowser()
		follow := func(what string, r response) response {
			t.Helper()
			if r.status != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%.1500s", what, r.status, r.body)
			}
			return b.get(r.header.Get("Location"))
		}
		csrf := b.login("clerk-employment1")
		expect(t, "no vacancy", b.get("/vacancies"), http.StatusOK, "岗位空缺", "没有符合条件的岗位", `id="new-vacancy"`, `href="/vacancies"`)
		expect(t, "vacancy form", b.get("/vacancies/new"), http.StatusOK, "发布岗位", `name="employer"`, `name="code"`)
		post := url.Values{"csrf": {csrf}, "employer": {f.emp}, "code": {"DH-01"}, "occupation": {"电焊工"}, "places": {"两"}, "skills": {"电焊、气割"},
			"region": {weijiaqiao}, "wage_min": {"4000"}, "wage_max": {"6000"}, "open_from": {day(-5)}, "open_until": {day(25)}}
		expect(t, "bad places", b.post("/vacancies/new", post), http.StatusBadRequest, "招聘人数“两”无效", `value="DH-01"`)
		post.Set("places", "2")
		r := b.post("/vacancies/new", post)
		loc := r.header.Get("Location")
		r = follow("post", r)
		expect(t, "vacancy page", r, http.StatusOK, "已发布岗位:魏家桥农机合作社 电焊工 2人", "DH-01", "4,000.00–6,000.00元",
			"技能符合2/2项(电焊、气割);同县区;有就业意愿", "技能符合1/2项(电焊);同村(社区);已办理失业登记", "尚无推荐")
		if i, j := strings.Index(r.body, "张伟"), strings.Index(r.body, "张三"); i < 0 || j < i {
			t.Errorf("张伟 should rank before 张三:\n%.3000s", r.body)
		}
		base := loc[:strings.Index(loc, "?")]
		again := follow("post again", b.post("/vacancies/new", post))
		expect(t, "posted again", again, http.StatusOK, "该岗位已登记,未重复登记")
		expect(t, "list", b.get("/vacancies?region=640106001"), http.StatusOK, "电焊工", "魏家桥农机合作社")
		if n := strings.Count(b.get("/vacancies").body, `href="/vacancies/`); n != 2 { // the row and the new-vacancy button
			t.Errorf("%d vacancy links, want the one vacancy and the button", n)
		}
		expect(t, "other region", b.get("/vacancies?region=640106002"), http.StatusOK, "没有符合条件的岗位")

		// Refer 张三 from his line of the ranking: the link carries a sealed reference.
		m := regexp.MustCompile(`href="(/vacancies/[^"]+/refer\?ref=[^"]+)"`).FindAllStringSubmatch(r.body, -1)
		if len(m) != 2 {
			t.Fatalf("refer links: %v", m)
		}
		referURL := strings.ReplaceAll(m[1][1], "&amp;", "&")
		if strings.Contains(referURL, f.own) {
			t.Errorf("the refer link carries the ID number: %s", referURL)
		}
		form := b.get(referURL)
		expect(t, "refer form", form, http.StatusOK, "推荐就业", `name="ref"`)
		ref := regexp.MustCompile(`name="ref" value="([^"]+)"`).FindStringSubmatch(form.body)
		if ref == nil {
			t.Fatalf("no ref in the form:\n%.2000s", form.body)
		}
		r = follow("refer", b.post(base+"/refer", url.Values{"csrf": {csrf}, "ref": {ref[1]}}))
		expect(t, "referred", r, http.StatusOK, "已推荐:张三", "登记结果")
		expect(t, "refer twice", b.post(base+"/refer", url.Values{"csrf": {csrf}, "id_no": {f.own}}), http.StatusConflict)
		out := regexp.MustCompile(`href="(/referrals/[^"]+/outcome)"`).FindStringSubmatch(r.body)
		if out == nil {
			t.Fatalf("no outcome link:\n%.3000s", r.body)
		}
		expect(t, "outcome form", b.get(out[1]), http.StatusOK, "录用即为该单位的增员", "失业登记同时终止")
		r = follow("录用", b.post(out[1], url.Values{"csrf": {csrf}, "outcome": {"录用"}, "date": {day(0)}}))
		expect(t, "hired", r, http.StatusOK, "已登记推荐结果:张三 录用("+day(0)+");已办理单位增员,参保5项;失业登记已终止",
			"已增员(参保5项),失业登记已终止")
		expect(t, "outcome again", b.post(out[1], url.Values{"csrf": {csrf}, "outcome": {"未录用"}}), http.StatusConflict, "不能再次登记")

		// Another employer's vacancy.
		other := url.Values{"csrf": {csrf}, "employer": {f.empYingnan}, "occupation": {"仓管员"}, "places": {"1"}, "region": {yingnan},
			"wage_max": {"3600"}, "open_until": {day(25)}}
		theirs := b.post("/vacancies/new", other).header.Get("Location")
		theirs = theirs[:strings.Index(theirs, "?")]

		// The employer's account.
		emp := newBrowser()
		emp.login("employer1")
		r = emp.get(base)
		expect(t, "employer: own vacancy", r, http.StatusOK, "电焊工", "张三", idno.MaskID(f.own), "已增员(参保5项)")
		for _, no := range []string{f.own, "匹配的求职人员", `href="/persons/`, "推荐人员"} {
			if strings.Contains(r.body, no) {
				t.Errorf("the employer's page shows %q", no)
			}
		}
		l := emp.get("/vacancies")
		expect(t, "employer: list", l, http.StatusOK, "电焊工", `href="/vacancies"`)
		if strings.Contains(l.body, "仓管员") || strings.Contains(l.body, `name="employer"`) {
			t.Errorf("the employer's list shows another employer's vacancy or the employer filter")
		}
		expect(t, "employer: form", emp.get("/vacancies/new"), http.StatusOK, `name="occupation"`)
		if strings.Contains(emp.get("/vacancies/new").body, `name="employer"`) {
			t.Errorf("the employer is asked for the employer")
		}
		expect(t, "employer: another's vacancy", emp.get(theirs), http.StatusNotFound)
		expect(t, "employer: refer", emp.get(base+"/refer"), http.StatusForbidden)
		expect(t, "employer: exports", emp.get("/labor/exports"), http.StatusForbidden)

		// 劳务输出.
		expect(t, "no export", b.get("/labor/exports"), http.StatusOK, "尚无劳务输出登记", `id="new-export"`)
		expect(t, "export form", b.get("/labor/exports/new"), http.StatusOK, `name="dest_employer"`)
		x := url.Values{"csrf": {csrf}, "id_no": {f.yingnan}, "company": {f.empYingnan}, "destination": {""}, "dest_employer": {"宁波华联建设有限公司"},
			"start": {day(-1)}}
		expect(t, "no destination", b.post("/labor/exports/new", x), http.StatusBadRequest, "须填写输出地", `value="宁波华联建设有限公司"`)
		x.Set("destination", "浙江省宁波市")
		r = follow("export", b.post("/labor/exports/new", x))
		expect(t, "exported", r, http.StatusOK, "已登记劳务输出:张伟 "+day(-1)+"起经良田建材有限公司到浙江省宁波市(宁波华联建设有限公司),台账记为转移就业",
			"浙江省宁波市", "宁波华联建设有限公司", "登记返乡")
		back := regexp.MustCompile(`href="(/labor/exports/[^"]+/return)"`).FindStringSubmatch(r.body)
		if back == nil {
			t.Fatalf("no return link:\n%.3000s", r.body)
		}
		expect(t, "return form", b.get(back[1]), http.StatusOK, "登记返乡", `name="reason"`, "以前日期的数字不变")
		ret := url.Values{"csrf": {csrf}, "date": {day(0)}, "reason": {""}, "status": {"务农"}}
		expect(t, "no reason", b.post(back[1], ret), http.StatusBadRequest, "须填写返乡原因")
		ret.Set("reason", "工程结束")
		r = follow("return", b.post(back[1], ret))
		expect(t, "returned", r, http.StatusOK, "已登记返乡:张伟 "+day(0)+"返乡(工程结束),台账改为务农", day(0)+"返乡(工程结束)")
		expect(t, "return again", b.post(back[1], ret), http.StatusConflict, "返乡")
	})
}
