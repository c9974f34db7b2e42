package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistBudgetAPI records the 社会救助资金's budget by the API, on both
// engines: fund finance only; 100000.00 by 区财社〔2025〕3号 once (201, then
// 200); another amount under the same number is 409; a bad date names the
// field.
func TestAssistBudgetAPI(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2025, 6, 15, 2, 0, 0, 0, time.UTC) }
	defer func() { shebao.Now = prev }()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		tokens := map[string]map[string]string{}
		for _, u := range []*shebao.User{
			{Name: "mz", Role: "clerk", Line: "civil", Region: "640106000000"},
			{Name: "cw", Role: "clerk", Line: "finance", Region: "640106000000"},
		} {
			if err := db.CreateUser(admin, u, "correct horse 8"); err != nil {
				t.Fatal(err)
			}
			tok, _, err := db.CreateToken(admin, u.Name, "tests", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			tokens[u.Name] = map[string]string{"Authorization": "Bearer " + tok}
		}
		h := NewServer(app.New(db), Options{}).Handler()
		body := `{"doc":"区财社〔2025〕3号","amount":"100000.00","date":"2025-06-10","note":"城乡低保资金"}`
		runScenarios(t, h, []scenario{
			{Name: "civil affairs does not post to the fund", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["mz"], Body: body,
				ExpectedStatus: http.StatusForbidden},
			{Name: "fund finance records the budget", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["cw"], Body: body,
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"entry_id"`, `"amount":"100000.00"`, `"doc":"区财社〔2025〕3号"`}},
			{Name: "the same document again", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["cw"], Body: body,
				ExpectedStatus: http.StatusOK},
			{Name: "the same number with another amount", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["cw"],
				Body: `{"doc":"区财社〔2025〕3号","amount":"90000.00","date":"2025-06-10"}`, ExpectedStatus: http.StatusConflict,
				ExpectedContent: []string{`"field":"doc"`}},
			{Name: "a bad date", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["cw"],
				Body: `{"doc":"区财社〔2025〕4号","amount":"1.00","date":"2025-6-1"}`, ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{`"field":"date"`}},
			{Name: "a future date", Method: "POST", URL: "/api/v1/funds/assistance", Headers: tokens["cw"],
				Body: `{"doc":"区财社〔2025〕4号","amount":"1.00","date":"2025-07-01"}`, ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{`"field":"date"`}},
		})
		st, err := app.New(db).Ledger.FundStatus(admin, "2025-06-30")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range st {
			if f.Fund == shebao.FundAssistance && (f.Balance != 10000000 || f.Income12 != 10000000) {
				t.Errorf("JZ %+v", f)
			}
		}
	})
}
