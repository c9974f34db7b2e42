package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserDibaoCase: a 低保 case through its steps in a real Chromium
// on each engine (assistui, issue #18): 魏家桥村's assistant applies for
// 马强's household on the form (800.00 wages, his wife and brother nothing:
// 520.00 × 3 − 800.00 = 760.00, see dibaoHousehold); 良田镇 investigates;
// the village publishes from 2026-06-06 (7 days, to 06-12); the district's
// civil-affairs clerk submits on 06-13 and a second clerk approves in the
// 复核 queue; the case page then shows 已批准 and 760.00.
func TestBrowserDibaoCase(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			svc := app.New(f.db)
			man, wife, brother := dibaoHousehold(t, svc)
			for _, u := range []*shebao.User{
				{Name: "town1", Role: shebao.RoleTown, Region: "640106100000"},
				{Name: "mz1", Role: shebao.RoleClerk, Line: shebao.LineCivil, Region: "640106000000"},
				{Name: "mz2", Role: shebao.RoleClerk, Line: shebao.LineCivil, Region: "640106000000"},
			} {
				if err := f.db.CreateUser(admin, u, uiPassword); err != nil {
					t.Fatal(err)
				}
			}
			b := newTab(t, browser, f.base)
			submit := func(what string) {
				t.Helper()
				if st := b.load(what, chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`))); st != http.StatusOK {
					t.Fatalf("%s: %d", what, st)
				}
				if got := b.text("#done"); got == "" {
					t.Fatalf("%s: no message", what)
				}
			}
			step := func(label string) {
				t.Helper()
				b.load(label, chromedp.Click(`//p[@id="case-actions"]/a[text()="`+label+`"]`))
			}

			// The village applies.
			b.open("/")
			b.login("village1")
			b.load("cases", chromedp.Click(chromedp.CSS(`nav.main a[href="/assistance"]`)))
			b.load("the application form", chromedp.Click(chromedp.CSS(`#apply-link`)))
			b.do("fill the application",
				chromedp.SetValue(chromedp.CSS(`#task-form [name=region]`), "640106100201"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=date]`), "2026-06-01"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=bank_account]`), "6228480402564890018"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=id1]`), man),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=income1]`), "800"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=id2]`), wife),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=rel2]`), "配偶"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=income2]`), "0"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=id3]`), brother),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=rel3]`), "兄弟姐妹"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=income3]`), "0"))
			submit("apply")
			if got := b.text("#case-status"); got != shebao.CaseApplied {
				t.Fatalf("applied: %q", got)
			}
			if got := b.text("#case-explain"); !strings.Contains(got, "520.00 × 3 − 800.00 = 760.00") {
				t.Errorf("the explanation: %q", got)
			}
			casePath := b.path()
			casePath = casePath[:strings.Index(casePath, "?")]
			b.logout()

			// The town investigates.
			b.login("town1")
			b.open(casePath)
			step("入户调查")
			b.do("fill the investigation",
				chromedp.SetValue(chromedp.CSS(`#task-form [name=date]`), "2026-06-05"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=assets]`), "无机动车;存款3000元"),
				chromedp.Click(chromedp.CSS(`#task-form [name=assets_ok]`)))
			submit("investigate")
			if got := b.text("#case-status"); got != shebao.CaseInvestigated {
				t.Fatalf("investigated: %q", got)
			}
			b.logout()

			// The village publishes.
			b.login("village1")
			b.open(casePath)
			step("公示")
			b.do("fill the publication", chromedp.SetValue(chromedp.CSS(`#task-form [name=from]`), "2026-06-06"))
			submit("publish")
			if got := b.text("#case-publication"); !strings.Contains(got, "2026-06-06 至 2026-06-12") {
				t.Errorf("the publication: %q", got)
			}
			b.logout()

			// The district submits; a second clerk approves.
			b.login("mz1")
			b.open(casePath)
			step("提请审批")
			b.do("fill the submission", chromedp.SetValue(chromedp.CSS(`#task-form [name=date]`), "2026-06-13"))
			submit("submit")
			if got := b.text("#case-status"); got != shebao.CaseSubmitted {
				t.Fatalf("submitted: %q", got)
			}
			b.logout()
			b.login("mz2")
			b.open("/approvals")
			if st := b.load("approve", chromedp.Click(`//table[@id="approvals"]//tr[contains(., "低保审批")]//form[contains(@action, "/approve")]/button`)); st != http.StatusOK {
				t.Fatalf("approve: %d", st)
			}
			b.open(casePath)
			if got := b.text("#case-status"); got != shebao.CaseApproved {
				t.Fatalf("approved: %q", got)
			}
			if got := b.text("#case-monthly"); got != "760.00" {
				t.Errorf("the monthly amount: %q", got)
			}
			b.logout()
		})
	}
}
