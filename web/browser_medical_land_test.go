package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserMedicalAndLand: the medical and land scenarios of issue #15
// item 9 in a real Chromium on each engine, each page saved as a
// screenshot in the test's artifact folder:
//   - a village assistant puts a land-expropriated farmer of the village on
//     the batch's roster;
//   - the district's clerk accepts the roster (the farmer enrolled in 910);
//   - a finance clerk records the money received for the batch by receipt;
//   - a medical clerk enters a hospital's settlement slip and sees the
//     reimbursement explained (the figures of TestUIClaims: (3400.00 −
//     400.00) × 75% = 2250.00).
func TestBrowserMedicalAndLand(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			svc := app.New(f.db)
			for _, u := range []*shebao.User{
				{Name: "finance1", Display: "财务经办员", Role: shebao.RoleClerk, Line: shebao.LineFinance, Region: demo.District},
				{Name: "yb1", Display: "医保经办员", Role: shebao.RoleClerk, Line: shebao.LineMedical, Region: demo.District},
			} {
				if err := f.db.CreateUser(admin, u, uiPassword); err != nil {
					t.Fatal(err)
				}
			}
			const batch = "宁政土批〔2026〕98号"
			approved := shebao.Today().AddDate(0, -1, 0).Format(shebao.DateLayout)
			if _, _, err := svc.Land.SaveLandBatch(admin, shebao.NewLandBatch{ApprovalNo: batch, ApprovedOn: approved, Region: "640106100201",
				AreaTaken: "100.00", Farmland: "1000.00", AgriPopulation: 400}); err != nil {
				t.Fatal(err)
			}
			var farmer *shebao.Person
			ps, _, _ := svc.Registry.FindPersons(admin, shebao.PersonFilter{Region: "640106100201", Limit: 300})
			for _, p := range ps {
				if p.Hukou == shebao.HukouAgricultural && p.Birth < "2000" && p.Birth > "1970" && p.Status == shebao.StatusAlive {
					if ns, _, _ := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: p.IDNo, Scheme: "910"}); len(ns) == 0 {
						farmer = p
						break
					}
				}
			}
			if farmer == nil {
				t.Fatal("no farmer of working age in 魏家桥村")
			}
			patient := validID(t, "64010619580312021")
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: patient, Name: "马德福", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: patient, Scheme: "390", Date: "2024-01-01", Year: 2024}); err != nil {
				t.Fatal(err)
			}

			dir := t.ArtifactDir()
			b := newTab(t, browser, f.base)
			shot := func(name string) { t.Helper(); b.screenshot(dir, name) }
			fill := b.fill
			submit := func(what string) {
				t.Helper()
				b.load(what, chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`)))
			}
			batchPath := "/land/" + url.PathEscape(batch)

			// 村协管员: the farmer on the roster.
			b.open("/")
			b.login("village1")
			b.open(batchPath)
			b.load("roster form", chromedp.Click(chromedp.CSS(`#roster-link`)))
			fill("the farmer", map[string]string{"id_no": farmer.IDNo, "name": farmer.Name})
			submit("submit the roster")
			if got := b.text("main"); !strings.Contains(got, "已报送:"+farmer.Name) {
				t.Errorf("after the roster: %q", got)
			}
			shot("village-roster")
			b.logout()

			// 区经办员: the roster accepted.
			b.login("clerk1")
			b.open(batchPath)
			b.load("accept form", chromedp.Click(chromedp.CSS(`#accept-link`)))
			submit("accept the roster")
			if got := b.text("main"); !strings.Contains(got, "已审核参保1人") {
				t.Errorf("after the acceptance: %q", got)
			}
			shot("clerk-accepted")
			if ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: farmer.IDNo, Scheme: "910"}); err != nil || len(ns) != 1 {
				t.Errorf("the farmer's 910 enrollment: %d %v", len(ns), err)
			}
			b.logout()

			// 财务: the government's money received.
			b.login("finance1")
			b.open(batchPath)
			b.load("fund form", chromedp.Click(chromedp.CSS(`#fund-link`)))
			fill("the receipt", map[string]string{"receipt_no": "ZD-BR-1", "payer": shebao.PayerGovernment, "amount": "1000.00",
				"date": shebao.Today().Format(shebao.DateLayout)})
			submit("record the money")
			if got := b.text("main"); !strings.Contains(got, "1,000.00") {
				t.Errorf("after the money: %q", got)
			}
			shot("finance-funds")
			b.logout()

			// 医保经办员: a hospital's slip.
			b.login("yb1")
			b.load("claims", chromedp.Click(chromedp.CSS(`nav.main a[href="/medical"]`)))
			b.load("claim form", chromedp.Click(chromedp.CSS(`#new-claim`)))
			fill("the slip", map[string]string{"settlement_no": "ZY-BR-9", "id_no": patient, "scheme": "390", "type": "住院",
				"hospital": "银川市第二人民医院", "level": "2", "admitted": "2024-04-01", "discharged": "2024-04-09", "total_cost": "4000.00",
				"eligible_cost": "3400.00"})
			submit("enter the claim")
			if got := b.text("main"); !strings.Contains(got, "统筹基金支付2,250.00元") {
				t.Errorf("after the claim: %q", got)
			}
			shot("medical-claim")
			b.logout()
		})
	}
}
