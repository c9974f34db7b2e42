package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The village enters 确权 data and a transfer contract; the town verifies
// it (approval queue) and records its rent; each role is held to its part.
func TestTransfersAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		village := "640106001001" // 魏家桥村 of the web tests
		born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
		a := demo.IDNumber("640106", born("1960-02-03"), 51, false)
		b := demo.IDNumber("640106", born("1962-02-03"), 53, false)
		c := demo.IDNumber("640106", born("1975-02-03"), 55, false)
		for _, p := range []*shebao.Person{{IDNo: a, Name: "魏大山", Hukou: "农业", Region: village},
			{IDNo: b, Name: "魏二水", Hukou: "农业", Region: village}, {IDNo: c, Name: "盈种粮", Hukou: "农业", Region: "640106002001"}} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		tokens := map[string]map[string]string{}
		for _, u := range []*shebao.User{
			{Name: "wjq", Role: "village", Region: village},
			{Name: "yn", Role: "village", Region: "640106002001"},
			{Name: "town", Role: "town", Region: "640106001000"},
			{Name: "gtj", Role: "land", Region: "640106000000"},
		} {
			if err := db.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
			tok, _, err := db.CreateToken(admin, u.Name, "tests", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			tokens[u.Name] = map[string]string{"Authorization": "Bearer " + tok}
		}
		svc := app.New(db)
		h := NewServer(svc, Options{}).Handler()
		g := village + "01"
		parcel := func(code, head, area string) string {
			return `{"code":"` + g + code + `","head_id_no":"` + head + `","area_mu":"` + area + `","land_class":"耕地","basic_farmland":true,"start":"1998-01-01","end":"2027-12-31"}`
		}
		line := func(code, from, area string) string {
			return `{"no":"LT-1","form":"出租","parcel_code":"` + g + code + `","area_mu":"` + area + `","transferor_id_no":"` + from +
				`","transferee_id":"` + c + `","transferee_name":"盈种粮","start":"2025-03-01","end":"2027-12-31","rent":"600","purpose":"种植水稻"}`
		}
		runScenarios(t, h, []scenario{
			{Name: "the village registers a parcel", Method: "POST", URL: "/api/v1/contracting", Body: parcel("00001", a, "8.5"), Headers: tokens["wjq"],
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"code":"` + g + `0001J"`, `"area_mu":"8.50"`}},
			{Name: "the same again", Method: "POST", URL: "/api/v1/contracting", Body: parcel("00001", a, "8.5"), Headers: tokens["wjq"],
				ExpectedStatus: http.StatusOK},
			{Name: "another household's parcel", Method: "POST", URL: "/api/v1/contracting", Body: parcel("00002", b, "5"), Headers: tokens["wjq"],
				ExpectedStatus: http.StatusCreated},
			{Name: "the land bureau reads but does not write", Method: "POST", URL: "/api/v1/contracting", Body: parcel("00003", b, "5"),
				Headers: tokens["gtj"], ExpectedStatus: http.StatusForbidden},
			{Name: "another village may not register here", Method: "POST", URL: "/api/v1/contracting", Body: parcel("00003", b, "5"),
				Headers: tokens["yn"], ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"地块编码"`}},
			{Name: "a contract with its history", Method: "GET", URL: "/api/v1/contracting/" + g + "0001J", Headers: tokens["gtj"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"head_name":"魏大山"`, `"history":[]`}},
			{Name: "a line asking for more than the parcel has refuses the contract", Method: "POST", URL: "/api/v1/transfers", Headers: tokens["wjq"],
				Body:           `{"lines":[` + line("00001", a, "8.5") + `,` + line("00002", b, "5.01") + `]}`,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`第2个地块`, `"field":"流转面积"`}},
			{Name: "nothing of it was stored", Method: "GET", URL: "/api/v1/transfers", Headers: tokens["wjq"], ExpectedStatus: http.StatusOK,
				ExpectedItems: items(0)},
			{Name: "the village enters a contract", Method: "POST", URL: "/api/v1/transfers", Headers: tokens["wjq"],
				Body:           `{"lines":[` + line("00001", a, "8.5") + `,` + line("00002", b, "5") + `]}`,
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"status":"待鉴证"`, `"area_mu":"13.50"`, `"rent":"600.00"`}},
			{Name: "rent before 鉴证 is refused", Method: "POST", URL: "/api/v1/transfers/LT-1/payments", Headers: tokens["town"],
				Body: `{"receipt":"SJ-1","amount":"8100","date":"2025-03-05"}`, ExpectedStatus: http.StatusConflict},
			{Name: "another village does not see it", Method: "GET", URL: "/api/v1/transfers/LT-1", Headers: tokens["yn"], ExpectedStatus: http.StatusNotFound},
		})
		// 鉴证 in the approval queue (the UI's 复核 page or `shebao approvals`).
		townCtx := sqldbtest.As(shebao.Actor{Name: "town", Role: "town", Region: "640106001000"})
		aps, err := svc.Approve.FindApprovals(townCtx, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("queue: %v %v", aps, err)
		}
		if _, err := svc.Approve.DecideApproval(townCtx, aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		runScenarios(t, h, []scenario{
			// The land bureau sees the households' numbers masked, as in
			// every other answer (they were returned in full before).
			{Name: "verified", Method: "GET", URL: "/api/v1/transfers/LT-1", Headers: tokens["gtj"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"status":"已鉴证"`, `"verified_by":"town"`, `"transferor_id_no":"` + idno.MaskID(a) + `"`}, NotExpectedContent: []string{a, b, c}},
			{Name: "the list masks them too", Method: "GET", URL: "/api/v1/transfers", Headers: tokens["town"], ExpectedStatus: http.StatusOK,
				ExpectedItems: items(1), NotExpectedContent: []string{a, b, c}},
			{Name: "the town records the first year's rent: 13.50 × 600.00", Method: "POST", URL: "/api/v1/transfers/LT-1/payments", Headers: tokens["town"],
				Body: `{"receipt":"SJ-1","amount":"8100","date":"2025-03-05"}`, ExpectedStatus: http.StatusCreated},
			{Name: "the same receipt again", Method: "POST", URL: "/api/v1/transfers/LT-1/payments", Headers: tokens["town"],
				Body: `{"receipt":"SJ-1","amount":"8100","date":"2025-03-05"}`, ExpectedStatus: http.StatusOK},
			// The second year's 8100.00 fell due on 2026-03-01 and is unpaid
			// on 2026-03-31, 30 days later.
			{Name: "arrears", Method: "GET", URL: "/api/v1/transfers/arrears?date=2026-03-31", Headers: tokens["town"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"unpaid":"8100.00"`, `"days_overdue":30`, `"name":"魏家桥村"`}},
			{Name: "the statistics", Method: "GET", URL: "/api/v1/reports/transfers?" + url.Values{"region": {village}, "date": {"2025-06-30"}}.Encode(),
				Headers: tokens["gtj"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"arable_mu":"13.50"`, `"transferred_mu":"13.50"`, `"share_percent":"100.00"`}},
			{Name: "the early end", Method: "POST", URL: "/api/v1/transfers/LT-1/end", Headers: tokens["wjq"],
				Body: `{"date":"2025-12-31","reason":"协商解除"}`, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"status":"已终止"`}},
		})

		// The pages: the town's list and the contract with its rents; the
		// first year (8100.00) paid, the second unpaid. A village of
		// another town sees no contract.
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		br := newBrowser()
		br.login("town")
		expect(t, "list", br.get("/transfers"), http.StatusOK, "土地流转合同", `href="/transfers/LT-1"`, "魏大山等2户", "盈种粮", "13.50", "已终止")
		r := br.get("/transfers/LT-1")
		// Ended on 2025-12-31: the first year is owed for 306 of its 365
		// days, 8100.00 × 306 ÷ 365 = 6790.68; of the 8100.00 paid in
		// advance, 1309.32 is to be returned.
		expect(t, "one", r, http.StatusOK, "流转合同", "协商解除", "6790.68", "306/365天", "已付租金超出应付 1309.32 元")
		if strings.Contains(r.body, a) {
			t.Errorf("the full ID number is in the page of a town clerk")
		}
		other := newBrowser()
		other.login("yn")
		expect(t, "another village's list", other.get("/transfers"), http.StatusOK, "没有")
		expect(t, "another village's contract", other.get("/transfers/LT-1"), http.StatusNotFound)
	})
}
