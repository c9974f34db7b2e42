package web

import (
	"net/http"
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

// The land bureau's machine token posts batches; the village submits the
// roster, the district accepts it, fund finance records the money; each
// role is held to its part, and the report adds up.
func TestLandAPI(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2025, 6, 15, 2, 0, 0, 0, time.UTC) }
	defer func() { shebao.Now = prev }()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		village := "640106001001" // 魏家桥村 of the web tests
		born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
		old := demo.IDNumber("640106", born("1950-02-03"), 41, true)    // 75: allowance
		young := demo.IDNumber("640106", born("1985-02-03"), 42, false) // 40: pension support
		away := demo.IDNumber("640106", born("1985-02-03"), 43, true)   // lives in 盈南村
		for id, p := range map[string]*shebao.Person{
			old:   {IDNo: old, Name: "魏老", Hukou: "农业", Region: village},
			young: {IDNo: young, Name: "魏青", Hukou: "农业", Region: village},
			away:  {IDNo: away, Name: "盈远", Hukou: "农业", Region: "640106002001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(id, err)
			}
		}
		tokens := map[string]map[string]string{}
		for _, u := range []*shebao.User{
			{Name: "gtj", Role: "land", Region: "640106000000"},
			{Name: "wjq", Role: "village", Region: village},
			{Name: "yn", Role: "village", Region: "640106002001"},
			{Name: "jb", Role: "clerk", Region: "640106000000"},
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
		no := "宁土批〔2025〕1号"
		batch := `{"approval_no":"` + no + `","approved_on":"2025-03-01","region_code":"` + village + `","area_taken":"450","farmland":"1200","agri_population":600}`
		runScenarios(t, h, []scenario{
			{Name: "land bureau posts a batch", Method: "POST", URL: "/api/v1/land/batches", Body: batch, Headers: tokens["gtj"],
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"persons_to_secure":225`, `450.00 × 600 ÷ 1200.00 = 225人`}},
			{Name: "the same again", Method: "POST", URL: "/api/v1/land/batches", Body: batch, Headers: tokens["gtj"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"version":1`}},
			{Name: "a village may not post batches", Method: "POST", URL: "/api/v1/land/batches", Body: batch, Headers: tokens["wjq"],
				ExpectedStatus: http.StatusForbidden},
			{Name: "a town code is refused", Method: "POST", URL: "/api/v1/land/batches", Headers: tokens["gtj"],
				Body:           strings.Replace(batch, village, "640106001000", 1),
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"区划代码"`}},
			{Name: "list", Method: "GET", URL: "/api/v1/land/batches", Headers: tokens["gtj"], ExpectedStatus: http.StatusOK, ExpectedItems: items(1)},
			{Name: "one", Method: "GET", URL: "/api/v1/land/batches/" + url.PathEscape(no), Headers: tokens["wjq"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"region_name":"魏家桥村"`}},
			{Name: "another village does not see it", Method: "GET", URL: "/api/v1/land/batches/" + url.PathEscape(no), Headers: tokens["yn"],
				ExpectedStatus: http.StatusNotFound},
			{Name: "the land bureau does not submit rosters", Method: "POST", URL: "/api/v1/rosters", Headers: tokens["gtj"],
				Body: `{"lines":[{"approval_no":"` + no + `","id_no":"` + old + `","name":"魏老"}]}`, ExpectedStatus: http.StatusForbidden},
			{Name: "the village submits", Method: "POST", URL: "/api/v1/rosters", Headers: tokens["wjq"],
				Body: `{"lines":[{"approval_no":"` + no + `","id_no":"` + old + `","name":"魏老"},{"approval_no":"` + no + `","id_no":"` + young +
					`","name":"魏青"},{"approval_no":"` + no + `","id_no":"` + away + `","name":"盈远"}]}`,
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"created":2`, `"rejected":1`, `"line":3`}},
			{Name: "the village may not accept", Method: "POST", URL: "/api/v1/rosters/accept", Headers: tokens["wjq"],
				Body: `{"approval_no":"` + no + `","date":"2025-06-10"}`, ExpectedStatus: http.StatusForbidden},
			{Name: "the district accepts", Method: "POST", URL: "/api/v1/rosters/accept", Headers: tokens["jb"],
				Body: `{"approval_no":"` + no + `","date":"2025-06-10"}`, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"enrolled":2`, `"allowances":1`, `"pension_subsidy":"37000.00"`}},
			{Name: "roster masked for the village", Method: "GET", URL: "/api/v1/rosters?batch=" + url.QueryEscape(no), Headers: tokens["wjq"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"status":"已参保"`, `"lag_days":101`, "******"}, NotExpectedContent: []string{old}},
			{Name: "a general clerk does not post to the fund", Method: "POST", URL: "/api/v1/funds/land", Headers: tokens["jb"],
				Body: `{"receipt_no":"R1","approval_no":"` + no + `","payer":"集体","amount":"20000.00","date":"2025-06-12"}`, ExpectedStatus: http.StatusForbidden},
			{Name: "fund finance records the collective's money", Method: "POST", URL: "/api/v1/funds/land", Headers: tokens["cw"],
				Body:           `{"receipt_no":"R1","approval_no":"` + no + `","payer":"集体","amount":"20000.00","date":"2025-06-12"}`,
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"entry_id"`}},
			{Name: "the same receipt again", Method: "POST", URL: "/api/v1/funds/land", Headers: tokens["cw"],
				Body: `{"receipt_no":"R1","approval_no":"` + no + `","payer":"集体","amount":"20000.00","date":"2025-06-12"}`, ExpectedStatus: http.StatusOK},
			// 30000 (70–79周岁) + 37000 (劳动年龄段) required, 20000 received.
			{Name: "report", Method: "GET", URL: "/api/v1/land/report?region=640106", Headers: tokens["gtj"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"persons_to_secure":225`, `"enrolled":2`, `"required":"67000.00"`, `"gap":"47000.00"`, `"avg_lag_days":101`}},
			{Name: "warnings", Method: "GET", URL: "/api/v1/land/warnings", Headers: tokens["gtj"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"late":true`, `"unsecured":223`}},
		})
	})
}
