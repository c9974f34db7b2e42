package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTrainingAndPostPages (issue #19 items 3, 5 and 7; on the real clock:
// the session cookie's lifetime is counted from it). An employment clerk
// opens a 电工 course of 120 hours in 东门社区 from ten days ago to today (hours
// "abc" refused on the form), enrols 马德福 (♂ 1990-01-01), records his
// completion (121 hours refused: more than the course's 120; then 结业
// with 初级) and submits the subsidy — 1 person, 1000.00 (the shipped
// labor.training.subsidy.primary) — for review. She creates a post and
// places 马兰 (被征地) from this month: submitted for review with 岗位补贴
// 1500.00 and 社会保险补贴 1113.60 a month (the worked example of
// docs/DOMAIN.md §10 with the shipped 2026 values). A village assistant
// sees the courses without the button and may not open the form; the land
// bureau may not see the posts.
func TestTrainingAndPostPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		fu := validID(t, "64010619900101021")
		lan := validID(t, "64010619870101022")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: fu, Name: "马德福", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: lan, Name: "马兰", Hukou: "农业", Region: "640106001001",
			Flags: []string{shebao.FlagLandLost}}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*shebao.User{
			{Name: "jy1", Role: "clerk", Line: shebao.LineEmployment, Region: "640106000000"},
			{Name: "dm1", Role: "village", Region: "640106001001"},
			{Name: "land1", Role: "land", Region: "640106000000"},
		} {
			if err := db.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
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
		csrf := b.login("jy1")
		today := shebao.Today()
		expect(t, "no course", b.get("/training"), http.StatusOK, "职业培训", "本辖区尚无培训班", `id="new-course"`)
		expect(t, "course form", b.get("/training/new"), http.StatusOK, "开班", `name="occupation"`)
		course := url.Values{"csrf": {csrf}, "name": {"金凤区电工培训班"}, "region": {"640106001001"}, "provider": {"银川市职业技能培训中心"},
			"occupation": {"电工"}, "level": {"初级"}, "start": {today.AddDate(0, 0, -10).Format(shebao.DateLayout)},
			"end": {today.Format(shebao.DateLayout)}, "hours": {"abc"}, "places": {"20"}, "payee": {"机构"}, "bank": {"6228480402564890034"}}
		expect(t, "bad hours", b.post("/training/new", course), http.StatusBadRequest, "课时“abc”无效", `value="金凤区电工培训班"`)
		course.Set("hours", "120")
		r := b.post("/training/new", course)
		loc := r.header.Get("Location")
		r = follow("create course", r)
		expect(t, "course page", r, http.StatusOK, "已开班:金凤区电工培训班", "银川市职业技能培训中心", "尚无学员报名", `id="course-enrol"`)
		base := loc[:strings.Index(loc, "?")]
		expect(t, "enrol form", b.get(base+"/enrol"), http.StatusOK, "报名", `name="id_no"`)
		r = follow("enrol", b.post(base+"/enrol", url.Values{"csrf": {csrf}, "id_no": {fu}}))
		expect(t, "enrolled", r, http.StatusOK, "已报名:马德福", "6401**********")
		done := url.Values{"csrf": {csrf}, "id_no": {fu}, "outcome": {"结业"}, "attended": {"121"}, "cert": {"初级"}, "cert_no": {"S000064010600001"}}
		expect(t, "too many hours", b.post(base+"/complete", done), http.StatusBadRequest, "应在0至120", `value="S000064010600001"`)
		done.Set("attended", "120")
		r = follow("complete", b.post(base+"/complete", done))
		expect(t, "completed", r, http.StatusOK, "已登记结业:马德福 结业,取得初级证书", `<td class="code">S000064010600001</td>`)
		if !strings.Contains(r.body, "<dt>取得初级证书</dt><dd class=\"num\">1人</dd>") {
			t.Errorf("counts:\n%.3000s", r.body)
		}
		if strings.Contains(r.body, fu) {
			t.Errorf("the full ID number is in the page")
		}
		r = follow("subsidy", b.post(base+"/subsidy", url.Values{"csrf": {csrf}}))
		expect(t, "subsidy", r, http.StatusOK, "已申报培训补贴1人共1,000.00元,待复核")
		expect(t, "subsidy again", b.post(base+"/subsidy", url.Values{"csrf": {csrf}}), http.StatusConflict, "已有待复核的培训补贴")

		// 公益性岗位.
		expect(t, "no post", b.get("/posts"), http.StatusOK, "本辖区尚无公益性岗位", `id="new-post"`)
		post := url.Values{"csrf": {csrf}, "name": {"社区公共服务协管员"}, "region": {"640106001001"}, "unit": {"满城北街街道办事处"},
			"funding": {"就业补助资金"}, "places": {"2"}, "bank": {""}}
		expect(t, "no account", b.post("/posts/new", post), http.StatusBadRequest, "须填写用人单位的收款账号")
		post.Set("bank", "6228480402564890026")
		r = follow("create post", b.post("/posts/new", post))
		expect(t, "posts", r, http.StatusOK, "已登记公益性岗位“社区公共服务协管员”(满城北街街道办事处)2个", "/place\">安置</a>")
		end := strings.Index(r.body, `/place"`)
		placeURL := r.body[strings.LastIndex(r.body[:end], `"`)+1:end] + "/place"
		month := today.Format("2006-01")
		expect(t, "not a priority", b.post(placeURL, url.Values{"csrf": {csrf}, "id_no": {fu}, "start": {month}}), http.StatusBadRequest,
			"不属于公益性岗位优先安置对象")
		r = follow("place", b.post(placeURL, url.Values{"csrf": {csrf}, "id_no": {lan}, "start": {month}}))
		expect(t, "placed", r, http.StatusOK, "已提交复核:马兰安置“社区公共服务协管员”", "岗位补贴1,500.00元/月、社会保险补贴1,113.60元/月")

		v := newBrowser()
		v.login("dm1")
		r = v.get("/training")
		expect(t, "village", r, http.StatusOK, "金凤区电工培训班")
		if strings.Contains(r.body, `id="new-course"`) {
			t.Errorf("a village assistant is offered a new course")
		}
		expect(t, "village form", v.get("/training/new"), http.StatusForbidden, "无权开设培训班")
		l := newBrowser()
		l.login("land1")
		expect(t, "land bureau", l.get("/posts"), http.StatusForbidden, "无权查看公益性岗位")
	})
}
