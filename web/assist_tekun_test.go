package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTekunCaseAPI takes a 特困 case through the API on both engines:
// 王福 (b. 1950, 魏家桥村, rural standard 520.00), no income, 全护理 →
// 520.00 × 130% = 676.00 + 60% × 520.00 = 312.00 = 988.00 a month
// (docs/DOMAIN.md §9), 分散供养. The village applies, the town
// investigates (a village may not), the civil-affairs clerk submits; the
// list and the read mask the number; a citizen may not list.
func TestTekunCaseAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, app.New(db))
		old := validID(t, "64010619500301011")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: old, Name: "王福", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		as := func(a shebao.Actor) http.Handler {
			return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}).Handler()
		}
		vil := as(shebao.Actor{Name: "wjq", Role: "village", Region: "640106100201"})
		town := as(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		civil := as(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		citizen := as(shebao.Actor{Name: "c", Role: "citizen", IDNo: old, Region: "640106100201"})
		rec := scenario{Name: "apply", Method: "POST", URL: "/api/v1/assistance/tekun/cases", ExpectedStatus: 201,
			Body:            `{"region":"640106100201","date":"2025-06-01","id_no":"` + old + `"}`,
			ExpectedContent: []string{`"status":"待调查"`, `"name":"王福"`}, NotExpectedContent: []string{old}}.test(t, vil)
		var c struct{ ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || c.ID == "" {
			t.Fatalf("%s", rec.Body)
		}
		steps := "/api/v1/assistance/tekun/cases/" + c.ID + "/steps"
		inv := `{"step":"investigate","investigation":{"date":"2025-06-05","income":"0","care_level":"全护理"}}`
		runScenarios(t, vil, []scenario{
			{Name: "again", Method: "POST", URL: "/api/v1/assistance/tekun/cases", Body: `{"region":"640106100201","date":"2025-06-02","id_no":"` + old + `"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"已有特困人员案件" + c.ID}},
			{Name: "village investigates", Method: "POST", URL: steps, Body: inv, ExpectedStatus: 403},
			{Name: "bad step", Method: "POST", URL: steps, Body: `{"step":"approve"}`, ExpectedStatus: 400, ExpectedContent: []string{`"field":"step"`}},
		})
		runScenarios(t, town, []scenario{
			{Name: "bad care level", Method: "POST", URL: steps, Body: `{"step":"investigate","investigation":{"date":"2025-06-05","income":"0","care_level":"不详"}}`,
				ExpectedStatus: 400, ExpectedContent: []string{`"field":"care_level"`}},
			{Name: "investigate", Method: "POST", URL: steps, Body: inv, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"待提请"`, `"basic":"676.00"`, `"care":"312.00"`, `"monthly":"988.00"`}},
			{Name: "town submits", Method: "POST", URL: steps, Body: `{"step":"submit","date":"2025-06-10","mode":"分散供养","bank_account":"6228480402564890018"}`, ExpectedStatus: 403},
		})
		runScenarios(t, civil, []scenario{
			{Name: "bad mode", Method: "POST", URL: steps, Body: `{"step":"submit","date":"2025-06-10","mode":"在家"}`, ExpectedStatus: 400, ExpectedContent: []string{`"field":"mode"`}},
			{Name: "submit", Method: "POST", URL: steps, Body: `{"step":"submit","date":"2025-06-10","mode":"分散供养","bank_account":"6228480402564890018"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"status":"待审批"`, `"approval_id":"`, `"pay_to":"本人"`}},
			{Name: "read", Method: "GET", URL: "/api/v1/assistance/tekun/cases/" + c.ID, ExpectedStatus: 200, ExpectedContent: []string{`"status":"待审批"`}},
			{Name: "unknown", Method: "GET", URL: "/api/v1/assistance/tekun/cases/TK0", ExpectedStatus: 404},
			{Name: "list", Method: "GET", URL: "/api/v1/assistance/tekun/cases?status=待审批&region=640106100000", ExpectedStatus: 200,
				ExpectedItems: items(1), ExpectedContent: []string{`"total":1`}},
			{Name: "bad mode filter", Method: "GET", URL: "/api/v1/assistance/tekun/cases?mode=x", ExpectedStatus: 400},
			{Name: "deaths", Method: "POST", URL: "/api/v1/assistance/tekun/deaths", Body: `{}`, ExpectedStatus: 200, ExpectedContent: []string{`"total":0`}},
		})
		runScenarios(t, town, []scenario{
			{Name: "town deaths", Method: "POST", URL: "/api/v1/assistance/tekun/deaths", Body: `{}`, ExpectedStatus: 403},
		})
		runScenarios(t, citizen, []scenario{
			{Name: "citizen list", Method: "GET", URL: "/api/v1/assistance/tekun/cases", ExpectedStatus: 403},
			// The person sees their own 特困 case among their assistance.
			{Name: "citizen's own assistance", Method: "GET", URL: "/api/v1/persons/" + old + "/assistance", ExpectedStatus: 200,
				ExpectedContent: []string{`"tekun":[`, `"id":"` + c.ID + `"`}},
		})
		// A neighbour of the same village sees nothing of it (the store
		// answered a citizen's read by the region alone before).
		neighbour := validID(t, "64010619520401012")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: neighbour, Name: "王邻", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		other := as(shebao.Actor{Name: "n", Role: "citizen", IDNo: neighbour, Region: "640106100201"})
		runScenarios(t, other, []scenario{
			{Name: "a neighbour's assistance", Method: "GET", URL: "/api/v1/persons/" + neighbour + "/assistance", ExpectedStatus: 200,
				ExpectedContent: []string{`"tekun":[]`}, NotExpectedContent: []string{c.ID}},
		})
		if _, err := app.New(db).Assist.FindTekunCase(sqldbtest.As(shebao.Actor{Name: "n", Role: "citizen", IDNo: neighbour, Region: "640106100201"}), c.ID); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("a neighbour reads the case: %v", err)
		}
	})
}
