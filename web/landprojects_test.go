package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The 增减挂钩 ledger through the API, with the figures of
// transfer.TestLandProject cut down to two households: 拆旧 and 复垦
// 5.00 + 3.50, 10.00 亩 issued, 8.00 used (2.01 more is refused: 10.01 >
// 10.00), 5.00 + 2.50 = 7.50 accepted → 409, short by 0.50; 0.60 more of
// H2 (3.10 ≤ 3.50 reclaimed), 8.10 in all → closed.
func TestLandProjectsAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		village := "640106001001"
		born := func(s string) time.Time { d, _ := time.Parse(shebao.DateLayout, s); return d }
		a := demo.IDNumber("640106", born("1960-02-03"), 51, false)
		b := demo.IDNumber("640106", born("1962-02-03"), 53, false)
		for _, p := range []*shebao.Person{{IDNo: a, Name: "魏大山", Hukou: "农业", Region: village},
			{IDNo: b, Name: "魏二水", Hukou: "农业", Region: village}} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		tokens := map[string]map[string]string{}
		for _, u := range []*shebao.User{
			{Name: "town", Role: "town", Region: "640106001000"},
			{Name: "wjq", Role: "village", Region: village},
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
		h := NewServer(app.New(db), Options{}).Handler()
		base := "/api/v1/contracting/projects"
		entry := func(doc, kind, plot, area, on string) string {
			return `{"doc_no":"` + doc + `","kind":"` + kind + `","plot_no":"` + plot + `","area_mu":"` + area + `","date":"` + on + `"}`
		}
		runScenarios(t, h, []scenario{
			{Name: "the town registers a project", Method: "POST", URL: base, Headers: tokens["town"],
				Body: `{"code":"GG-1","name":"挂钩项目区","region_code":"640106001000"}`, ExpectedStatus: http.StatusCreated,
				ExpectedContent: []string{`"status":"实施中"`}},
			{Name: "the same again", Method: "POST", URL: base, Headers: tokens["town"],
				Body: `{"code":"GG-1","name":"挂钩项目区","region_code":"640106001000"}`, ExpectedStatus: http.StatusOK},
			{Name: "the land bureau reads but does not write", Method: "POST", URL: base + "/GG-1/plots", Headers: tokens["gtj"],
				Body: `{"plot_no":"H1","head_id_no":"` + a + `","homestead_mu":"5","demolished_mu":"5"}`, ExpectedStatus: http.StatusForbidden},
			{Name: "a plot", Method: "POST", URL: base + "/GG-1/plots", Headers: tokens["town"],
				Body:           `{"plot_no":"H1","head_id_no":"` + a + `","homestead_mu":"5","demolished_mu":"5","compensation":"100000"}`,
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"head_name":"魏大山"`, `"demolished_mu":"5.00"`}},
			{Name: "another plot", Method: "POST", URL: base + "/GG-1/plots", Headers: tokens["town"],
				Body: `{"plot_no":"H2","head_id_no":"` + b + `","homestead_mu":"3.5","demolished_mu":"3.5"}`, ExpectedStatus: http.StatusCreated},
			{Name: "quota issued", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("ZB-1", "下达", "", "10", "2023-12-06"), ExpectedStatus: http.StatusCreated},
			{Name: "quota used", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("JX-1", "使用", "", "8", "2024-05-01"), ExpectedStatus: http.StatusCreated},
			{Name: "more than issued", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("JX-2", "使用", "", "2.01", "2024-06-01"), ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{`"field":"面积"`, `超出0.01亩`}},
			{Name: "reclaimed", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("FK-1", "复垦", "H1", "5", "2025-06-01"), ExpectedStatus: http.StatusCreated},
			{Name: "reclaimed 2", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("FK-2", "复垦", "H2", "3.5", "2025-06-01"), ExpectedStatus: http.StatusCreated},
			{Name: "accepted", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("YS-1", "验收", "H1", "5", "2025-09-01"), ExpectedStatus: http.StatusCreated},
			{Name: "accepted 2", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("YS-2", "验收", "H2", "2.5", "2025-09-01"), ExpectedStatus: http.StatusCreated},
			{Name: "7.50 accepted for 8.00 used cannot close", Method: "POST", URL: base + "/GG-1/close", Headers: tokens["town"],
				Body: `{"date":"2025-10-01"}`, ExpectedStatus: http.StatusConflict, ExpectedContent: []string{`尚差0.50亩`}},
			{Name: "0.60 more accepted", Method: "POST", URL: base + "/GG-1/entries", Headers: tokens["town"],
				Body: entry("YS-3", "验收", "H2", "0.6", "2025-11-01"), ExpectedStatus: http.StatusCreated},
			// 安置: 魏大山 货币安置 80,000.00; 魏二水's 自建 needs the new homestead.
			{Name: "resettled", Method: "POST", URL: base + "/GG-1/resettlements", Headers: tokens["town"],
				Body: `{"head_id_no":"` + a + `","mode":"货币安置","amount":"80000","date":"2025-10-15"}`, ExpectedStatus: http.StatusCreated,
				ExpectedContent: []string{`"mode":"货币安置"`, `"amount":"80000.00"`}},
			{Name: "resettled again", Method: "POST", URL: base + "/GG-1/resettlements", Headers: tokens["town"],
				Body: `{"head_id_no":"` + a + `","mode":"货币安置","amount":"80000.00","date":"2025-10-15"}`, ExpectedStatus: http.StatusOK},
			{Name: "自建 without the homestead", Method: "POST", URL: base + "/GG-1/resettlements", Headers: tokens["town"],
				Body: `{"head_id_no":"` + b + `","mode":"自建","date":"2025-10-15"}`, ExpectedStatus: http.StatusBadRequest,
				ExpectedContent: []string{`"field":"安置房号或宅基地"`}},
			{Name: "closes", Method: "POST", URL: base + "/GG-1/close", Headers: tokens["town"],
				Body: `{"date":"2025-11-02"}`, ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"status":"已关闭"`, `"accepted_mu":"8.10"`}},
			{Name: "the land bureau reads the progress", Method: "GET", URL: base + "/GG-1?date=2025-11-02", Headers: tokens["gtj"],
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"households":2`, `"compensation":"100000.00"`, `"used_mu":"8.00"`, `"resettlement_amount":"80000.00"`,
					`"resettled":{"货币安置":1}`}, NotExpectedContent: []string{a, b}},
			{Name: "the village does not see the town's project", Method: "GET", URL: base + "/GG-1", Headers: tokens["wjq"],
				ExpectedStatus: http.StatusNotFound},
			{Name: "the list", Method: "GET", URL: base + "?date=2025-11-02", Headers: tokens["town"], ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"code":"GG-1"`, `"overdue_mu":"0.00"`}, NotExpectedContent: []string{a, b}},
		})
	})
}
