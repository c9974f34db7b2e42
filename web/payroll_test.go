package web

import (
	"net/http"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPayrollAPI: a benefits clerk runs the month's payroll; the run is
// idempotent; totals and payments are scoped and masked; other roles and
// bad input are refused.
func TestPayrollAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := validID(t, "64010619500101001")
		b := validID(t, "64010619500202002")
		for _, p := range []*shebao.Person{
			{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"},
			{IDNo: b, Name: "杨桂兰", Hukou: "农业", Region: "640106002001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		var bs []shebao.NewBenefit
		for _, id := range []string{a, b} {
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: 16000,
				BankAccount: "6228480000001234567", Source: "land:api", Explanation: "基本生活保障金160.00元/月"})
		}
		if _, err := db.CreateBenefits(admin, bs); err != nil {
			t.Fatal(err)
		}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		town := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "town1", Role: "town", Region: "640106001000"})}).Handler()
		collector := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "c1", Role: "clerk/collection", Region: "640106000000"})}).Handler()
		for _, sc := range []scenario{
			{Name: "run needs JSON", Method: "POST", URL: "/api/v1/payroll/2025-03/run", Body: "x", Headers: map[string]string{"Content-Type": "text/plain"},
				ExpectedStatus: http.StatusUnsupportedMediaType},
			{Name: "bad month", Method: "POST", URL: "/api/v1/payroll/2025-3x/run", Body: `{}`, ExpectedStatus: 400, ExpectedContent: []string{"发放月份"}},
			{Name: "run", Method: "POST", URL: "/api/v1/payroll/2025-03/run", Body: `{}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"payments":2`, `"total":"320.00"`, `"kind":"payroll.release"`, `"maker":"clerk1"`}},
			{Name: "run again", Method: "POST", URL: "/api/v1/payroll/2025-03/run", Body: `{}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"payments":0`, `"month_payments":2`}, NotExpectedContent: []string{`"release"`}},
			{Name: "totals", Method: "GET", URL: "/api/v1/payroll/2025-03", ExpectedStatus: 200,
				ExpectedContent: []string{`"payments":2`, `"pending":2`, `"kind_name":"被征地农民基本生活保障金"`, `"status":"done"`}},
			{Name: "payments masked", Method: "GET", URL: "/api/v1/payroll/2025-03/payments?limit=1", ExpectedStatus: 200, ExpectedItems: items(1),
				ExpectedContent: []string{`"total":2`, `"bank_account":"***************4567"`, "6401**********"}, NotExpectedContent: []string{a, "6228480000001234567"}},
			{Name: "bad status", Method: "GET", URL: "/api/v1/payroll/2025-03/payments?status=x", ExpectedStatus: 400},
		} {
			sc.test(t, clerk)
		}
		for _, sc := range []scenario{
			{Name: "town sees its own village", Method: "GET", URL: "/api/v1/payroll/2025-03/payments", ExpectedStatus: 200, ExpectedItems: items(1),
				ExpectedContent: []string{"马德福"}, NotExpectedContent: []string{"杨桂兰"}},
			{Name: "town cannot run", Method: "POST", URL: "/api/v1/payroll/2025-03/run", Body: `{}`, ExpectedStatus: 403},
		} {
			sc.test(t, town)
		}
		scenario{Name: "collection clerk cannot run", Method: "POST", URL: "/api/v1/payroll/2025-04/run", Body: `{}`, ExpectedStatus: 403}.test(t, collector)
	})
}
