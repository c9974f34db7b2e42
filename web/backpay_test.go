package web

import (
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBackPayAndWriteOffAPI: 杨桂兰's pension 3719.14 is paid for January
// and February 2026, then the 2026 adjustment raises it by 30.00 + 0.7%
// (26.03) + 25.00 (76 years old) = 81.03 from January; the March payroll
// pays two back payments of 81.03, listed masked. 马德福 (land allowance
// 160.00) died in February, after March was released: a clerk submits the
// write-off of the overpayment; a town cadre may not.
func TestBackPayAndWriteOffAPI(t *testing.T) {
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
		if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{
			{IDNo: a, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: 16000, Source: "land:api", Explanation: "基本生活保障金160.00元/月"},
			{IDNo: b, Kind: shebao.BenefitPension, StartMonth: "2025-01", Monthly: 371914, Source: "determination:api", Explanation: "3719.14元/月"},
		}); err != nil {
			t.Fatal(err)
		}
		checker := shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk/benefits", Region: "640106000000"})
		for _, m := range []string{"2026-01", "2026-02", "adjust", "2026-03"} {
			if m == "adjust" {
				if _, err := app.New(db).Benefit.RunAdjustment(admin, 2026, ""); err != nil {
					t.Fatal(err)
				}
				continue
			}
			res, err := app.New(db).Benefit.RunPayroll(admin, m, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Approve.DecideApproval(checker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := app.New(db).Registry.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: a, Name: "马德福", DeathDate: "2026-02-10"}}); err != nil {
			t.Fatal(err)
		}
		land, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: a})
		if err != nil || len(land) != 1 {
			t.Fatal(land, err)
		}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		town := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "town1", Role: "town", Region: "640106001000"})}).Handler()
		writeoff := "/api/v1/benefits/" + land[0].ID + "/overpayments/2026-03/writeoff"
		for _, sc := range []scenario{
			{Name: "back pays", Method: "GET", URL: "/api/v1/payroll/2026-03/backpays", ExpectedStatus: 200, ExpectedItems: items(2),
				ExpectedContent: []string{`"total":2`, `"old_amount":"3719.14"`, `"new_amount":"3800.17"`, `"amount":"81.03"`, `"status":"已发放"`, "6401**********",
					"2026-01月待遇补发(2026年基本养老金调整,自2026-01起)"},
				NotExpectedContent: []string{b}},
			{Name: "none in February", Method: "GET", URL: "/api/v1/payroll/2026-02/backpays", ExpectedStatus: 200, ExpectedItems: items(0)},
			{Name: "bad month", Method: "GET", URL: "/api/v1/payroll/2026-3x/backpays", ExpectedStatus: 400},
			{Name: "write-off needs a reason", Method: "POST", URL: writeoff, Body: `{}`, ExpectedStatus: 400, ExpectedContent: []string{"核销须说明无法追回的原因"}},
			{Name: "write-off of nothing", Method: "POST", URL: "/api/v1/benefits/x/overpayments/2026-03/writeoff", Body: `{"reason":"无法追回"}`, ExpectedStatus: 404},
			{Name: "write-off", Method: "POST", URL: writeoff, Body: `{"reason":"无遗产可供追偿"}`, ExpectedStatus: 201,
				ExpectedContent: []string{`"kind":"overpayment.writeoff"`, `"status":"待复核"`, "160.00元", `"maker":"clerk1"`}},
			{Name: "write-off again", Method: "POST", URL: writeoff, Body: `{"reason":"无遗产可供追偿"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"kind":"overpayment.writeoff"`}},
		} {
			sc.test(t, clerk)
		}
		scenario{Name: "town cannot write off", Method: "POST", URL: writeoff, Body: `{"reason":"x"}`, ExpectedStatus: http.StatusForbidden}.test(t, town)

		// The same back payments on the 补发明细 page (issue #15 item 1):
		// each with the old and the new amount and the explanation,
		// masked, downloadable; the land bureau may not open it.
		for _, u := range []*shebao.User{
			{Name: "benefits1", Role: "clerk", Line: "benefits", Region: "640106000000"},
			{Name: "land1", Role: "land", Region: "640106000000"},
		} {
			if err := db.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
		}
		srv := overpaymentsServer(t, db)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		br := newBrowser()
		br.login("benefits1")
		page := br.get("/payroll/backpays?month=2026-03")
		expect(t, "back pays page", page, http.StatusOK, `id="backpays"`, "共 <strong>2</strong> 笔", "3,719.14", "3,800.17", "<td class=\"num\">81.03</td>",
			"2026-01月待遇补发(2026年基本养老金调整,自2026-01起)", "6401**********")
		if strings.Contains(page.body, b) {
			t.Error("the page shows the full ID number")
		}
		expect(t, "none in February", br.get("/payroll/backpays?month=2026-02"), http.StatusOK, "共 <strong>0</strong> 笔")
		if x := br.get("/payroll/backpays?month=2026-03&format=xlsx"); x.status != http.StatusOK || !strings.Contains(x.header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("xlsx: %d %s", x.status, x.header.Get("Content-Type"))
		}
		expect(t, "payroll links it", br.get("/payroll?month=2026-03"), http.StatusOK, `id="backpays-link"`)
		l := newBrowser()
		l.login("land1")
		expect(t, "land bureau", l.get("/payroll/backpays"), http.StatusForbidden)
	})
}
