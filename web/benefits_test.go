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

// TestBenefitsAPI: the what-if for any role that reads benefits; a
// determination previewed, submitted (201, waiting), refused a second time,
// approved by another clerk; the benefit listed masked, read with its
// amounts, suspended with a reason.
func TestBenefitsAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		// Born 1964-08: retires 2024-08 at 60, before the delay.
		id := validID(t, "64010619640820031")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "赵志强", Hukou: "非农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		var cs []shebao.ContributionYear
		for y := 2005; y < 2025; y++ {
			cs = append(cs, shebao.ContributionYear{IDNo: id, Scheme: "110", Year: y, Months: 12, BaseTotal: shebao.Yuan(60000), AvgWage: shebao.Yuan(5000)})
		}
		if _, _, err := app.New(db).Collect.ImportContributionYears(admin, "h", cs); err != nil {
			t.Fatal(err)
		}
		maker := shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"}
		checker := shebao.Actor{Name: "clerk2", Role: "clerk", Region: "640106000000"}
		viewer := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "v", Role: "viewer", Region: "640106000000"})}).Handler()
		citizen := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "c", Role: "citizen", IDNo: id, Region: "640106001001"})}).Handler()
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(maker)}).Handler()
		worked := `{"wage":"8000","index":1.2,"years":30,"balance":"150000","age":"60"}`
		runScenarios(t, viewer, []scenario{
			{Name: "calc worked example", Method: "POST", URL: "/api/v1/benefits/calc", Body: worked, ExpectedStatus: 200,
				ExpectedContent: []string{`"basic":"2640.00"`, `"account":"1079.14"`, `"transitional":"0.00"`, `"total":"3719.14"`, `"divisor":"139"`}},
			{Name: "calc 62y10m with deemed years", Method: "POST", URL: "/api/v1/benefits/calc",
				Body:           `{"wage":8000,"index":"1.2","years":"30.5","balance":150000,"age":"62y10m","deemed_years":10,"transition_rate":"1.2"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"divisor":"118.3"`, `"transitional":"1152.00"`, `"basic":"2684.00"`}},
			{Name: "calc under 15 years", Method: "POST", URL: "/api/v1/benefits/calc", Body: `{"wage":4000,"index":1,"years":14.75,"balance":0,"age":"60"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"14年9个月,不足按月领取基本养老金的最低缴费年限15年"}},
			{Name: "calc unknown field", Method: "POST", URL: "/api/v1/benefits/calc", Body: `{"wages":4000}`, ExpectedStatus: 400},
			{Name: "calc float index refused", Method: "POST", URL: "/api/v1/benefits/calc", Body: `{"index":1.23456,"years":20,"balance":0,"age":"60"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"平均缴费指数"}},
			{Name: "viewer cannot determine", Method: "POST", URL: "/api/v1/benefits/determinations",
				Body: `{"id_no":"` + id + `","kind":"pension","preview":true}`, ExpectedStatus: 403},
		})
		runScenarios(t, citizen, []scenario{
			{Name: "citizen calc", Method: "POST", URL: "/api/v1/benefits/calc", Body: worked, ExpectedStatus: 200, ExpectedContent: []string{`"total":"3719.14"`}},
			{Name: "citizen list", Method: "GET", URL: "/api/v1/benefits", ExpectedStatus: 403},
		})
		runScenarios(t, h, []scenario{
			{Name: "preview", Method: "POST", URL: "/api/v1/benefits/determinations", Body: `{"id_no":"` + id + `","kind":"pension","preview":true}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"total":"1600.00"`, `"preview":true`, `"index":"1.0000"`, `"retire_month":"2024-08"`},
				NotExpectedContent: []string{id, `"approval"`}},
			{Name: "unknown kind", Method: "POST", URL: "/api/v1/benefits/determinations", Body: `{"id_no":"` + id + `","kind":"x"}`, ExpectedStatus: 400},
		})
		rec := scenario{Name: "submit", Method: "POST", URL: "/api/v1/benefits/determinations", Body: `{"id_no":"` + id + `","kind":"pension","bank_account":"6217000000000001"}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"status":"待复核"`, `"total":"1600.00"`}, NotExpectedContent: []string{id}}.test(t, h)
		var d struct{ Approval struct{ ID string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || d.Approval.ID == "" {
			t.Fatalf("approval: %s", rec.Body)
		}
		scenario{Name: "again while pending", Method: "POST", URL: "/api/v1/benefits/determinations", Body: `{"id_no":"` + id + `","kind":"pension"}`,
			ExpectedStatus: 409}.test(t, h)
		if _, err := app.New(db).Approve.DecideApproval(shebao.WithActor(admin, checker), d.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		rec = scenario{Name: "list", Method: "GET", URL: "/api/v1/benefits?id_no=" + id, ExpectedStatus: 200, ExpectedItems: items(1),
			ExpectedContent: []string{`"monthly":"1600.00"`, `"approved_by":"clerk2"`, "6401**********"}, NotExpectedContent: []string{id}}.test(t, h)
		var l struct{ Items []struct{ ID string } }
		json.Unmarshal(rec.Body.Bytes(), &l)
		bid := l.Items[0].ID
		runScenarios(t, h, []scenario{
			{Name: "list by kind", Method: "GET", URL: "/api/v1/benefits?kind=resident_pension", ExpectedStatus: 200, ExpectedItems: items(0)},
			{Name: "list bad kind", Method: "GET", URL: "/api/v1/benefits?kind=nope", ExpectedStatus: 400},
			{Name: "one", Method: "GET", URL: "/api/v1/benefits/" + bid, ExpectedStatus: 200,
				ExpectedContent: []string{`"amounts":[{"from_month":"2024-09"`, "基础养老金 = (8000.00 + 8000.00×1.0000) ÷ 2 × 20年 × 1% = 1600.00元"}},
			{Name: "unknown", Method: "GET", URL: "/api/v1/benefits/nope", ExpectedStatus: 404},
			{Name: "suspend without reason", Method: "POST", URL: "/api/v1/benefits/" + bid + "/changes", Body: `{"action":"suspend","month":"2025-03"}`, ExpectedStatus: 400},
			{Name: "suspend", Method: "POST", URL: "/api/v1/benefits/" + bid + "/changes", Body: `{"action":"suspend","month":"2025-03","reason":"未通过领取资格认证"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"status":"暂停发放"`}},
			{Name: "suspend twice", Method: "POST", URL: "/api/v1/benefits/" + bid + "/changes", Body: `{"action":"suspend","month":"2025-04","reason":"x"}`, ExpectedStatus: 409},
		})
		if rec := (scenario{Method: "POST", URL: "/api/v1/benefits/" + bid + "/changes", Body: `{"action":"resume","month":"2025-05","reason":"已认证"}`}).do(viewer); rec.Code != http.StatusForbidden {
			t.Errorf("viewer changed a benefit: %d", rec.Code)
		}
	})
}
