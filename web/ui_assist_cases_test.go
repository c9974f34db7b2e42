package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// dibaoHousehold registers the household of the 低保 UI tests in 魏家桥村
// (rural standard 520.00): 马强 (b. 1980, 800.00 wages), his wife 李梅 (b.
// 1982) and his brother 马刚 (b. 1990) with nothing — no age category, so
// 520.00 × 3 − 800.00 = 760.00 a month — and returns their numbers.
func dibaoHousehold(t *testing.T, svc *app.App) (man, wife, brother string) {
	t.Helper()
	man, wife, brother = validID(t, "64010619800315011"), validID(t, "64010619820720022"), validID(t, "64010619900505011")
	for _, p := range []*shebao.Person{
		{IDNo: man, Name: "马强", Hukou: "农业", Region: "640106100201"}, {IDNo: wife, Name: "李梅", Hukou: "农业", Region: "640106100201"},
		{IDNo: brother, Name: "马刚", Hukou: "农业", Region: "640106100201"},
	} {
		if err := svc.Registry.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
	}
	return man, wife, brother
}

// civilUsers adds the accounts of the 低保 UI tests: two civil-affairs
// clerks of the district, the assistant of 盈南村 (another village of the
// same town) and 丰登镇 (another town), and the household's applicant as a
// citizen.
func civilUsers(t *testing.T, db *sqldb.DB, applicant string) {
	t.Helper()
	for _, u := range []*shebao.User{
		{Name: "mz1", Role: "clerk", Line: shebao.LineCivil, Region: demo.District},
		{Name: "mz2", Role: "clerk", Line: shebao.LineCivil, Region: demo.District},
		{Name: "village2", Role: "village", Region: "640106100202"},
		{Name: "town2", Role: "town", Region: "640106101000"},
		{Name: "maqiang", Role: "citizen", IDNo: applicant},
	} {
		if err := db.CreateUser(admin, u, uiPassword); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUIDibaoCase: the 低保 case in the browser, each step by its role, on
// both engines. 魏家桥村's assistant applies for the household (760.00,
// see dibaoHousehold) and is offered no investigation (a POST is 403);
// 盈南村's assistant and 丰登镇 do not find the case (404), nor may they
// publish it; 良田镇 investigates; the village publishes; the district's
// civil-affairs clerk submits and a second one approves in the 复核 queue;
// the case page shows 已批准 and 760.00 with its explanation. The
// applicant, signed in as a citizen, finds the decision on their own page
// and opens the case; another citizen of the same village gets 404 for it,
// on the page and through the API. A second household's application is
// refused by the district (不予保障) and the household sees the reason.
func TestUIDibaoCase(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			man, wife, brother := dibaoHousehold(t, svc)
			civilUsers(t, db, man)

			vil := f.browser(t)
			vcsrf := vil.login("village1")
			expect(t, "application form", vil.get("/assistance/cases/new"), 200, "低保申请", "申请人(第1位成员)身份证号")
			apply := url.Values{"csrf": {vcsrf}, "region": {"640106100201"}, "date": {"2026-06-01"}, "bank_account": {"6228480402564890018"},
				"id1": {man}, "rel1": {"本人"}, "income1": {"800"},
				"id2": {wife}, "rel2": {"配偶"}, "income2": {"0"},
				"id3": {brother}, "rel3": {"兄弟姐妹"}, "income3": {"0"}}
			bad := url.Values{}
			for k, v := range apply {
				bad[k] = v
			}
			bad.Set("rel3", "邻居")
			expect(t, "bad relation", vil.post("/assistance/cases/new", bad), 400, "第3位成员与申请人的关系“邻居”无效")
			r := vil.post("/assistance/cases/new", apply)
			if r.status != http.StatusSeeOther {
				t.Fatalf("apply: %d\n%.3000s", r.status, r.body)
			}
			page := r.header.Get("Location")
			page = page[:strings.Index(page, "?")]
			id := strings.TrimPrefix(page, "/assistance/cases/")
			expect(t, "applied", vil.get(r.header.Get("Location")), 200, "已受理低保申请"+id, "待调查", "760.00", "520.00 × 3 − 800.00 = 760.00", "马刚")
			if strings.Contains(vil.get(page).body, page+"/investigate") {
				t.Error("a village assistant is offered the investigation")
			}
			if r := vil.post(page+"/investigate", url.Values{"csrf": {vcsrf}, "date": {"2026-06-05"}, "assets": {"无"}, "assets_ok": {"1"}}); r.status != http.StatusForbidden {
				t.Errorf("a village investigated: %d", r.status)
			}
			expect(t, "the village's list", vil.get("/assistance?status="+url.QueryEscape(shebao.CaseApplied)), 200, id, "马强")

			other := f.browser(t)
			ocsrf := other.login("village2")
			expect(t, "another village's case", other.get(page), 404)
			expect(t, "another village's list", other.get("/assistance"), 200, `id="no-cases"`)
			town2 := f.browser(t)
			town2.login("town2")
			expect(t, "another town's case", town2.get(page), 404)

			town := f.browser(t)
			tcsrf := town.login("town1")
			r = town.post(page+"/investigate", url.Values{"csrf": {tcsrf}, "date": {"2026-06-05"}, "assets": {"无机动车;存款3000元"}, "assets_ok": {"1"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("investigate: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "investigated", town.get(page), 200, "待公示", "无机动车;存款3000元")

			if r := other.post(page+"/publish", url.Values{"csrf": {ocsrf}, "from": {"2026-06-06"}}); r.status != http.StatusNotFound {
				t.Errorf("another village published: %d", r.status)
			}
			if r := vil.post(page+"/publish", url.Values{"csrf": {vcsrf}, "from": {"2026-06-06"}}); r.status != http.StatusSeeOther {
				t.Fatalf("publish: %d\n%.3000s", r.status, r.body)
			}
			if r := vil.post(page+"/object", url.Values{"csrf": {vcsrf}, "date": {"2026-06-08"}, "note": {"有村民反映其家中有营运车辆"}}); r.status != http.StatusSeeOther {
				t.Fatalf("object: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "published", vil.get(page), 200, "公示中", "2026-06-06 至 2026-06-12", "有村民反映其家中有营运车辆")
			if r := town.post(page+"/submit", url.Values{"csrf": {tcsrf}, "date": {"2026-06-13"}}); r.status != http.StatusForbidden {
				t.Errorf("a town submitted: %d", r.status)
			}

			mz1 := f.browser(t)
			m1 := mz1.login("mz1")
			expect(t, "early", mz1.post(page+"/submit", url.Values{"csrf": {m1}, "date": {"2026-06-12"}}), 400, "期满后方可提请审批")
			if r := mz1.post(page+"/submit", url.Values{"csrf": {m1}, "date": {"2026-06-13"}}); r.status != http.StatusSeeOther {
				t.Fatalf("submit: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "submitted", mz1.get(page), 200, "待审批", `id="approval-link"`)
			c, err := svc.Assist.FindCase(admin, id)
			if err != nil {
				t.Fatal(err)
			}
			mz2 := f.browser(t)
			m2 := mz2.login("mz2")
			expect(t, "queue", mz2.get("/approvals"), 200, "低保审批", id)
			if r := mz2.post("/approvals/"+c.ApprovalID+"/approve", url.Values{"csrf": {m2}}); r.status != http.StatusSeeOther {
				t.Fatalf("approve: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "approved", mz1.get(page), 200, "已批准", `<dd class="num" id="case-monthly">760.00</dd>`, "下次定期核查")

			// The household sees its decision; another citizen does not.
			cit := f.browser(t)
			cit.login("maqiang")
			own := cit.get("/persons/" + man)
			expect(t, "own page", own, 200, `id="person-assist"`, id, "已批准", "760.00")
			expect(t, "own case", cit.get(page), 200, "已批准", "760.00", "520.00 × 3 − 800.00 = 760.00")
			if strings.Contains(cit.get(page).body, "/investigate") {
				t.Error("a citizen is offered a step")
			}
			nosy := f.browser(t)
			nosy.login("citizen1")
			expect(t, "another citizen's view of the case", nosy.get(page), 404)
			if strings.Contains(nosy.get("/persons/"+f.citizen.IDNo).body, id) {
				t.Error("another household's case on a citizen's page")
			}
			expect(t, "a citizen's list", nosy.get("/assistance"), 403)
			api := NewServer(svc, Options{Authenticate: actorAuth(shebao.Actor{Name: "c", Role: "citizen", IDNo: f.citizen.IDNo, Region: "640106100201"})}).Handler()
			// Through the API a citizen reads cases under their own number only.
			runScenarios(t, api, []scenario{
				{Name: "another household's case", Method: "GET", URL: "/api/v1/assistance/cases/" + id, ExpectedStatus: 403, NotExpectedContent: []string{"马强"}},
				{Name: "another person's cases", Method: "GET", URL: "/api/v1/persons/" + man + "/assistance", ExpectedStatus: 404, NotExpectedContent: []string{id}},
			})
			mine := NewServer(svc, Options{Authenticate: actorAuth(shebao.Actor{Name: "lm", Role: "citizen", IDNo: wife, Region: "640106100201"})}).Handler()
			runScenarios(t, mine, []scenario{
				{Name: "a member's own cases", Method: "GET", URL: "/api/v1/persons/" + wife + "/assistance", ExpectedStatus: 200,
					ExpectedContent: []string{id, `"status":"已批准"`, `"monthly":"760.00"`}},
			})

			// A review on the page: a son born joins with no income (the
			// incomes of the last quote kept): 4 × 520.00 − 800.00 = 1280.00
			// + 未成年人 10% × 520.00 = 52.00 → 1332.00, an 增发 for the district.
			son := validID(t, "64010620251102001")
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: son, Name: "马小宝", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			expect(t, "review form", town.get(page+"/review"), 200, "马刚(兄弟姐妹)是否退出家庭", "加入成员身份证号")
			r = town.post(page+"/review", url.Values{"csrf": {tcsrf}, "date": {shebao.Today().Format(shebao.DateLayout)}, "assets": {"无变化"}, "assets_ok": {"1"},
				"join_id": {son}, "join_rel": {"子女"}, "join_reason": {"出生"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("review: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "reviewed", town.get(page), 200, "复核待决定", "增发", "1332.00", "马小宝加入(子女,出生),共4人", "520.00 × 4 − 800.00 = 1280.00")

			// A refusal by the district, seen by the household.
			zero := shebao.Money(0)
			c2, err := svc.Assist.Apply(sqldbtest.As(shebao.Actor{Name: "village1", Role: "village", Region: "640106100201"}),
				shebao.AssistApplyRequest{Region: "640106100201", Date: "2026-06-01",
					Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: f.citizen.IDNo, Income: &zero}}}})
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "refuse without a reason", mz1.post("/assistance/cases/"+c2.ID+"/refuse", url.Values{"csrf": {m1}, "date": {"2026-06-02"}}), 400, "请填写不予保障的理由")
			if r := mz1.post("/assistance/cases/"+c2.ID+"/refuse", url.Values{"csrf": {m1}, "date": {"2026-06-02"}, "reason": {"家庭拥有小轿车一辆"}}); r.status != http.StatusSeeOther {
				t.Fatalf("refuse: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "refused, seen by the household", nosy.get("/persons/"+f.citizen.IDNo), 200, c2.ID, "不予保障", "区民政部门决定不予保障:家庭拥有小轿车一辆")
		})
	}
}
