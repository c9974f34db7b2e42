package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistanceQuoteAPI: the 低保 quote over HTTP on both engines, with
// policy.TestQuoteDibao's households worked by hand (default policy: rural
// standard 520.00, urban 800.00 元/人·月):
//
//   - 魏家桥村 of 良田镇 (640106100201, a 村民委员会): the man with 800.00
//     wages and 300.00 优待抚恤金 (not counted), his wife with nothing, their
//     son of 9: per capita 266.67; base 520.00 × 3 − 800.00 = 760.00;
//     未成年人 10% × 520.00 = 52.00; monthly 812.00;
//   - 东门社区 (640106001001, a 居民委员会) on the urban standard: one woman
//     of 42 with 300.00 certified 重病患者: 800.00 − 300.00 = 500.00 plus
//     20% × 800.00 = 160.00, monthly 660.00.
//
// A citizen may ask; the land bureau may not (403); bad input is 400 with
// the field; a body that is not JSON 415.
func TestAssistanceQuoteAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, app.New(db)) // the demo district: its codes follow the national rules
		man, wife, son := validID(t, "64010619800315011"), validID(t, "64010619820720022"), validID(t, "64010620150901031")
		civil := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})}).Handler()
		citizen := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "c", Role: "citizen", IDNo: man, Region: "640106100201"})}).Handler()
		land := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"})}).Handler()
		rural := `{"region":"640106100201","date":"2025-06-01","members":[` +
			`{"id_no":"` + man + `","incomes":[{"kind":"工资性收入","amount":"800"},{"kind":"优待抚恤金","amount":"300.00"}]},` +
			`{"id_no":"` + wife + `","income":"0"},{"id_no":"` + son + `","income":0}]}`
		urban := `{"region":"640106001001","date":"2025-06-01","members":[{"id_no":"` + wife + `","income":"300","categories":["重病患者"]}]}`
		const url = "/api/v1/assistance/quote"
		runScenarios(t, civil, []scenario{
			{Name: "rural family", Method: "POST", URL: url, Body: rural, ExpectedStatus: 200,
				ExpectedContent: []string{`"eligible":true`, `"per_capita_income":"266.67"`, `"standard":"520.00"`, `"base":"760.00"`,
					`"extras":"52.00"`, `"monthly":"812.00"`, `"area":"农村"`, `"excluded":"300.00"`, "520.00 × 3 − 800.00 = 760.00元"},
				NotExpectedContent: []string{man, wife, son}},
			{Name: "urban, certified category", Method: "POST", URL: url, Body: urban, ExpectedStatus: 200,
				ExpectedContent: []string{`"area":"城市"`, `"base":"500.00"`, `"extras":"160.00"`, `"monthly":"660.00"`, `"category":"重病患者"`}},
			{Name: "not eligible", Method: "POST", URL: url, ExpectedStatus: 200,
				Body:            `{"region":"640106100201","date":"2025-06-01","members":[{"id_no":"` + man + `","income":"520"}]}`,
				ExpectedContent: []string{`"eligible":false`, `"monthly":"0.00"`, "不低于农村低保标准520.00元"}},
			{Name: "unknown region", Method: "POST", URL: url, ExpectedStatus: 400,
				Body:            `{"region":"640106100299","members":[{"id_no":"` + man + `","income":"0"}]}`,
				ExpectedContent: []string{`"field":"region"`, "不存在"}},
			{Name: "town needs the area", Method: "POST", URL: url, ExpectedStatus: 400,
				Body:            `{"region":"640106100000","members":[{"id_no":"` + man + `","income":"0"}]}`,
				ExpectedContent: []string{`"field":"area"`, "请指定低保类别"}},
			{Name: "income with three decimals", Method: "POST", URL: url, ExpectedStatus: 400,
				Body: `{"region":"640106100201","members":[{"id_no":"` + man + `","income":"1.005"}]}`},
			{Name: "unknown field", Method: "POST", URL: url, Body: `{"regoin":"640106100201"}`, ExpectedStatus: 400},
			{Name: "registry: an unregistered member", Method: "POST", URL: url, ExpectedStatus: 400,
				Body:            `{"region":"640106100201","date":"2025-06-01","registry":true,"members":[{"id_no":"` + man + `"}]}`,
				ExpectedContent: []string{`"field":"members[0].id_no"`, "第1位成员", "已登记人员"}},
			{Name: "not JSON", Method: "POST", URL: url, Body: "region=1", Headers: map[string]string{"Content-Type": "text/plain"}, ExpectedStatus: 415},
		})
		// 特困 (policy.TestQuoteTekun): a man of 75 (born 1950-01-10) in 魏家桥村 with
		// 200.00, 全护理: 520.00 × 130% = 676.00 + 520.00 × 60% = 312.00 = 988.00.
		old := validID(t, "64010619500110051")
		runScenarios(t, civil, []scenario{
			{Name: "tekun", Method: "POST", URL: "/api/v1/assistance/tekun/quote", ExpectedStatus: 200,
				Body:               `{"region":"640106100201","date":"2025-06-01","id_no":"` + old + `","income":"200","care_level":"全护理"}`,
				ExpectedContent:    []string{`"eligible":true`, `"basic":"676.00"`, `"care":"312.00"`, `"monthly":"988.00"`, `"category":"老年人"`},
				NotExpectedContent: []string{old}},
			{Name: "tekun with an obligor", Method: "POST", URL: "/api/v1/assistance/tekun/quote", ExpectedStatus: 200,
				Body:            `{"region":"640106100201","date":"2025-06-01","id_no":"` + old + `","income":"200","care_level":"全护理","obligor":true}`,
				ExpectedContent: []string{`"eligible":false`, `"monthly":"0.00"`, "有履行义务能力的法定赡养"}},
			{Name: "tekun bad level", Method: "POST", URL: "/api/v1/assistance/tekun/quote", ExpectedStatus: 400,
				Body:            `{"region":"640106100201","id_no":"` + old + `","income":"0","care_level":"x"}`,
				ExpectedContent: []string{`"field":"care_level"`}},
		})
		runScenarios(t, citizen, []scenario{
			{Name: "citizen quote", Method: "POST", URL: url, Body: rural, ExpectedStatus: 200, ExpectedContent: []string{`"monthly":"812.00"`}},
		})
		runScenarios(t, land, []scenario{
			{Name: "land bureau", Method: "POST", URL: url, Body: rural, ExpectedStatus: 403},
			{Name: "land bureau tekun", Method: "POST", URL: "/api/v1/assistance/tekun/quote", Body: `{}`, ExpectedStatus: 403},
		})
	})
}

// TestAssistanceCaseAPI: a 低保 case over HTTP on both engines — the
// village applies (201, numbers masked), the town investigates, the village
// publishes, the civil-affairs clerk submits after the publication; a
// village may not investigate (403), a bad step is 400, a case in the
// wrong status 409, a citizen may not read cases (403). Amount as in
// TestAssistanceQuoteAPI: 812.00.
func TestAssistanceCaseAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, app.New(db))
		man, wife, son := validID(t, "64010619800315011"), validID(t, "64010619820720022"), validID(t, "64010620150901031")
		for _, p := range []*shebao.Person{{IDNo: man, Name: "马强", Hukou: "农业", Region: "640106100201"},
			{IDNo: wife, Name: "李梅", Hukou: "农业", Region: "640106100201"}, {IDNo: son, Name: "马小军", Hukou: "农业", Region: "640106100201"}} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		as := func(a shebao.Actor) http.Handler {
			return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}).Handler()
		}
		vil := as(shebao.Actor{Name: "wjq", Role: "village", Region: "640106100201"})
		town := as(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		civil := as(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		citizen := as(shebao.Actor{Name: "c", Role: "citizen", IDNo: man, Region: "640106100201"})
		rec := scenario{Name: "apply", Method: "POST", URL: "/api/v1/assistance/cases", ExpectedStatus: 201,
			Body: `{"region":"640106100201","date":"2025-06-01","members":[{"id_no":"` + man + `","incomes":[{"kind":"工资性收入","amount":"800"}]},` +
				`{"id_no":"` + wife + `","income":"0","relation":"配偶"},{"id_no":"` + son + `","income":"0","relation":"子女"}]}`,
			ExpectedContent: []string{`"status":"待调查"`, `"monthly":"812.00"`, `"relation":"本人"`, "6401**********"}, NotExpectedContent: []string{man}}.test(t, vil)
		var c struct{ ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || c.ID == "" {
			t.Fatalf("%s", rec.Body)
		}
		steps := "/api/v1/assistance/cases/" + c.ID + "/steps"
		runScenarios(t, vil, []scenario{
			{Name: "village investigates", Method: "POST", URL: steps, Body: `{"step":"investigate","date":"2025-06-05","assets":"无","assets_ok":true}`, ExpectedStatus: 403},
			{Name: "bad step", Method: "POST", URL: steps, Body: `{"step":"approve","date":"2025-06-05"}`, ExpectedStatus: 400, ExpectedContent: []string{`"field":"step"`}},
			{Name: "publish too early", Method: "POST", URL: steps, Body: `{"step":"publish","date":"2025-06-06"}`, ExpectedStatus: 409},
		})
		runScenarios(t, town, []scenario{
			{Name: "investigate", Method: "POST", URL: steps, Body: `{"step":"investigate","date":"2025-06-05","assets":"无机动车","assets_ok":true}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"status":"待公示"`}},
		})
		runScenarios(t, vil, []scenario{
			{Name: "publish", Method: "POST", URL: steps, Body: `{"step":"publish","date":"2025-06-06"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"publish_to":"2025-06-12"`}},
		})
		runScenarios(t, civil, []scenario{
			{Name: "submit", Method: "POST", URL: steps, Body: `{"step":"submit","date":"2025-06-13","bank_account":"6228480402564890018"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"待审批"`, `"approval_id":"`}},
			{Name: "read", Method: "GET", URL: "/api/v1/assistance/cases/" + c.ID, ExpectedStatus: 200, ExpectedContent: []string{`"status":"待审批"`}},
			{Name: "unknown", Method: "GET", URL: "/api/v1/assistance/cases/DB0", ExpectedStatus: 404},
			{Name: "a member's cases", Method: "GET", URL: "/api/v1/persons/" + son + "/assistance", ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"待审批"`}},
			{Name: "list", Method: "GET", URL: "/api/v1/assistance/cases?status=待审批&region=640106100000", ExpectedStatus: 200,
				ExpectedItems: items(1), ExpectedContent: []string{`"total":1`}},
		})
		runScenarios(t, citizen, []scenario{
			{Name: "citizen", Method: "GET", URL: "/api/v1/assistance/cases/" + c.ID, ExpectedStatus: 403},
			{Name: "citizen list", Method: "GET", URL: "/api/v1/assistance/cases", ExpectedStatus: 403},
			{Name: "citizen's own household", Method: "GET", URL: "/api/v1/persons/" + man + "/assistance", ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"待审批"`, `"monthly":"812.00"`, man}},
			{Name: "citizen's wife's number", Method: "GET", URL: "/api/v1/persons/" + wife + "/assistance", ExpectedStatus: 404},
		})
		// Approved by another civil-affairs clerk, then stopped from next
		// month over the API: only the civil-affairs line, with a reason.
		a := app.New(db)
		got, err := a.Assist.FindCase(admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(shebao.WithActor(admin, shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000"}), got.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		today := shebao.Today()
		next := time.Date(today.Year(), today.Month()+1, 1, 0, 0, 0, 0, shebao.ChinaTime).Format("2006-01")
		// A periodic review by the town on the incomes of the last quote:
		// nothing changed (维持), so the case stays approved and the next
		// review is due in assist.dibao.review_months (6) months.
		day := today.Format(shebao.DateLayout)
		runScenarios(t, town, []scenario{
			{Name: "town stops", Method: "POST", URL: steps, Body: `{"step":"stop","month":"` + next + `","reason":"收入超标"}`, ExpectedStatus: 403},
			{Name: "review without assets", Method: "POST", URL: steps, Body: `{"step":"review","date":"` + day + `"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"assets"`}},
			{Name: "review", Method: "POST", URL: steps, Body: `{"step":"review","date":"` + day + `","assets":"无机动车","assets_ok":true}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"已批准"`, `"outcome":"维持"`, `"next_review":"` + time.Date(today.Year(), today.Month()+6, 1, 0, 0, 0, 0, shebao.ChinaTime).Format("2006-01")}},
			{Name: "due list, bad day", Method: "GET", URL: "/api/v1/assistance/cases?review_due=2025-13-01", ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"review_due"`}},
			{Name: "nothing due today", Method: "GET", URL: "/api/v1/assistance/cases?review_due=" + day, ExpectedStatus: 200,
				ExpectedContent: []string{`"total":0`}},
		})
		runScenarios(t, civil, []scenario{
			{Name: "stop without a reason", Method: "POST", URL: steps, Body: `{"step":"stop","month":"` + next + `"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"reason"`}},
			{Name: "stop", Method: "POST", URL: steps, Body: `{"step":"stop","month":"` + next + `","reason":"收入超标"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"已停保"`, `"stop_month":"` + next + `"`, `"benefit_id":"`}},
			{Name: "stop again", Method: "POST", URL: steps, Body: `{"step":"stop","month":"` + next + `","reason":"收入超标"}`, ExpectedStatus: 409},
		})
	})
}

// TestReliefAPI submits a 临时救助 decision over the API: 201, the same
// again 200 (nothing twice), an amount over the cap (520.00 × 6 = 3120.00
// for 魏家桥村) 400 naming the field, and the town's list with the number
// masked and without the account.
func TestReliefAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, app.New(db))
		man := validID(t, "64010619800315011")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: man, Name: "马强", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		as := func(a shebao.Actor) http.Handler {
			return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}).Handler()
		}
		town := as(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		civil := as(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		body := func(amount string) string {
			return `{"no":"LS-API-1","id_no":"` + man + `","date":"2025-08-05","category":"支出型","amount":"` + amount +
				`","reason":"子女大病住院,自付医疗费超出家庭承受能力","bank_account":"6228480402564890018"}`
		}
		runScenarios(t, civil, []scenario{
			{Name: "over the cap", Method: "POST", URL: "/api/v1/assistance/reliefs", Body: strings.Replace(body("3120.01"), "LS-API-1", "LS-API-2", 1),
				ExpectedStatus: 400, ExpectedContent: []string{`"field":"amount"`, "超过单次上限3120.00元"}},
			{Name: "submit", Method: "POST", URL: "/api/v1/assistance/reliefs", Body: body("3000"), ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待审批"`, `"amount":"3000.00"`, `"cap":"3120.00"`, `"approval_id":"`}},
			{Name: "again", Method: "POST", URL: "/api/v1/assistance/reliefs", Body: body("3000"), ExpectedStatus: 200},
			{Name: "the number reused", Method: "POST", URL: "/api/v1/assistance/reliefs", Body: body("2000"), ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"no"`}},
		})
		runScenarios(t, town, []scenario{
			{Name: "town submits", Method: "POST", URL: "/api/v1/assistance/reliefs", Body: body("3000"), ExpectedStatus: 403},
			{Name: "town lists", Method: "GET", URL: "/api/v1/assistance/reliefs?from=2025-08-01&to=2025-08-31", ExpectedStatus: 200,
				ExpectedContent: []string{`"total":1`, `"no":"LS-API-1"`}, NotExpectedContent: []string{man, "6228480402564890018"}},
			{Name: "bad date", Method: "GET", URL: "/api/v1/assistance/reliefs?from=2025-8-1", ExpectedStatus: 400},
		})
	})
}
