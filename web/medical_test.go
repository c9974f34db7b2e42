package web

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Claims through the API: 390 example policy, 二级 deductible 400 and
// ratio 75%: (3400 − 400) × 75% = 2250.00. A medical clerk settles; the
// same settlement again is 200; a changed one 409; a town clerk may read
// but not settle; numbers are masked for the town.
func TestMedicalClaims(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := validID(t, "64010619580312021")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: a, Scheme: "390", Date: "2024-01-01", Year: 2024}); err != nil {
			t.Fatal(err)
		}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "yb", Role: "clerk/medical", Region: "640106000000"})}).Handler()
		town := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "zhen", Role: "town", Region: "640106001000"})}).Handler()
		body := `{"settlement_no":"ZY-9","id_no":"` + a + `","scheme":"390","hospital":"银川市第二人民医院","level":2,` +
			`"admitted":"2024-04-01","discharged":"2024-04-09","total_cost":"4000.00","eligible_cost":"3400.00"}`
		runScenarios(t, clerk, []scenario{
			{Name: "settle", Method: "POST", URL: "/api/v1/medical/claims", Body: body, ExpectedStatus: 201,
				ExpectedContent: []string{`"fund_paid":"2250.00"`, `"self_paid":"1750.00"`, `"ratio":"75%"`, "(3400.00 − 400.00) × 报销比例75% = 2250.00元"}},
			{Name: "again", Method: "POST", URL: "/api/v1/medical/claims", Body: body, ExpectedStatus: 200, ExpectedContent: []string{`"fund_paid":"2250.00"`}},
			{Name: "changed", Method: "POST", URL: "/api/v1/medical/claims", Body: `{"settlement_no":"ZY-9","id_no":"` + a + `","scheme":"390","hospital":"银川市第二人民医院","level":2,` +
				`"admitted":"2024-04-01","discharged":"2024-04-09","total_cost":"4000.00","eligible_cost":"3900.00"}`, ExpectedStatus: 409},
			{Name: "not enrolled that year", Method: "POST", URL: "/api/v1/medical/claims", Body: `{"settlement_no":"ZY-10","id_no":"` + a + `","scheme":"390","hospital":"银川市第二人民医院","level":2,` +
				`"admitted":"2023-04-01","discharged":"2023-04-09","total_cost":"4000.00","eligible_cost":"3900.00"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"未参加2023年度"}},
			{Name: "eligible above total", Method: "POST", URL: "/api/v1/medical/claims", Body: `{"settlement_no":"ZY-11","id_no":"` + a + `","scheme":"390","hospital":"x","level":2,` +
				`"admitted":"2024-04-01","discharged":"2024-04-09","total_cost":"100.00","eligible_cost":"300.00"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"合规费用"`}},
			{Name: "list", Method: "GET", URL: "/api/v1/medical/claims?id_no=" + a + "&year=2024", ExpectedStatus: 200, ExpectedItems: items(1)},
			{Name: "bad year", Method: "GET", URL: "/api/v1/medical/claims?year=x", ExpectedStatus: 400},
			{Name: "unknown", Method: "GET", URL: "/api/v1/medical/claims/nope", ExpectedStatus: 404},
			{Name: "report", Method: "GET", URL: "/api/v1/medical/report?region=640106&from=2024-01&to=2024-12", ExpectedStatus: 200,
				ExpectedContent: []string{`"stays":1`, `"reimbursed":"2250.00"`}},
		})
		runScenarios(t, town, []scenario{
			{Name: "town may not settle", Method: "POST", URL: "/api/v1/medical/claims", Body: body, ExpectedStatus: 403},
			{Name: "town reads masked", Method: "GET", URL: "/api/v1/medical/claims?year=2024", ExpectedStatus: 200, ExpectedItems: items(1),
				ExpectedContent: []string{`"id_no":"6401**********`}},
		})
	})
}
