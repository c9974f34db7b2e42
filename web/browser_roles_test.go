package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserRoles: one scenario per role in a real Chromium on each
// engine (issue #15 item 9), each page saved as a screenshot in the
// test's artifact folder (go test -artifacts keeps them):
//   - a village assistant registers a newborn through the form;
//   - a town clerk finds the child by the last digits of the number,
//     enrolls it in 390, takes a worker on at an employer of the town
//     (增员), and cannot open a person of another town;
//   - a benefits clerk runs the payroll and a second clerk approves its
//     release from the to-do list;
//   - a collection clerk runs the month's assessment, records the bank's
//     money and sees the arrears gone;
//   - a leader reads the statistics;
//   - a citizen sees their own page, and no one else's.
func TestBrowserRoles(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			svc := app.New(f.db)
			bs, _, err := svc.Benefit.FindBenefits(admin, shebao.BenefitFilter{Scheme: shebao.SchemeEmployeePension, Status: shebao.BenefitActive, Limit: 1})
			if err != nil || len(bs) == 0 {
				t.Fatalf("no pensioner in the demo: %v", err)
			}
			pensioner := bs[0]
			for _, u := range []*shebao.User{
				{Name: "town1", Display: "良田镇劳动保障所", Role: shebao.RoleTown, Region: "640106100000"},
				{Name: "benefits1", Display: "待遇经办员", Role: shebao.RoleClerk, Line: shebao.LineBenefits, Region: demo.District},
				{Name: "checker1", Display: "综合柜员", Role: shebao.RoleClerk, Region: demo.District},
				{Name: "leader1", Display: "区领导", Role: shebao.RoleViewer, Region: demo.District},
				{Name: "citizen1", Role: shebao.RoleCitizen, IDNo: pensioner.IDNo},
			} {
				if err := f.db.CreateUser(admin, u, uiPassword); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.ArtifactDir()
			b := newTab(t, browser, f.base)
			shot := func(name string) { t.Helper(); b.screenshot(dir, name) }
			fill := b.fill
			today := shebao.Today()

			// 村协管员: a newborn of 魏家桥村.
			b.open("/")
			b.login("village1")
			shot("village-home")
			baby := demo.IDNumber("640106", today.AddDate(0, -1, 0), 441, true)
			b.load("persons", chromedp.Click(chromedp.CSS(`nav.main a[href="/persons"]`)))
			b.load("new person form", chromedp.Click(chromedp.CSS(`#new-person`)))
			fill("the registration", map[string]string{"id_no": baby, "name": "杨小宝"})
			b.do("choose hukou and village",
				chromedp.SetValue(chromedp.CSS(`#f-hukou`), shebao.HukouAgricultural),
				chromedp.SetValue(chromedp.CSS(`#f-region`), "640106100201"))
			shot("village-register-form")
			if st := b.load("register", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("register: %d", st)
			}
			if got := b.text("#done"); got != "已登记:杨小宝" {
				t.Errorf("after registering: %q", got)
			}
			if got := b.text("#registration"); !strings.Contains(got, "男") || !strings.Contains(got, "魏家桥村") {
				t.Errorf("the newborn's registration: %q", got)
			}
			shot("village-registered")
			b.logout()

			// 乡镇劳动保障所: finds the child by the last digits, enrolls it.
			b.login("town1")
			b.load("persons", chromedp.Click(chromedp.CSS(`nav.main a[href="/persons"]`)))
			b.do("type the last digits", chromedp.SendKeys(chromedp.CSS(`form.search input[name=id_no]`), baby[12:]))
			b.load("search", chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)))
			shot("town-search")
			b.load("open the child", chromedp.Click(`//table[@id="persons"]//a[text()="杨小宝"]`))
			b.load("enroll form", chromedp.Click(chromedp.CSS(`#enroll-link`)))
			b.do("choose 390", chromedp.SetValue(chromedp.CSS(`#f-scheme`), "390"))
			fill("the enrollment", map[string]string{"date": today.Format(shebao.DateLayout), "year": today.Format("2006")})
			shot("town-enroll-form")
			if st := b.load("enroll", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("enroll: %d", st)
			}
			if got := b.text("#done"); !strings.Contains(got, "已参保登记:390") {
				t.Errorf("after enrolling: %q (%s)", got, b.text("main"))
			}
			if got := b.text("#enrollments"); !strings.Contains(got, "城乡居民基本医疗保险") {
				t.Errorf("the child's enrollments: %q", got)
			}
			shot("town-enrolled")
			// 增员 at an employer of the town.
			es, _, err := svc.Registry.FindEmployers(admin, shebao.EmployerFilter{Region: "640106100", Limit: 1})
			if err != nil || len(es) == 0 {
				t.Fatalf("no employer in 良田镇: %v", err)
			}
			worker := demo.IDNumber("640106", time.Date(1991, 7, 8, 0, 0, 0, 0, time.UTC), 442, false)
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: worker, Name: "马秀琴", Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			b.open("/employers/" + es[0].USCC)
			b.load("hire form", chromedp.Click(chromedp.CSS(`#hire-link`)))
			fill("the 增员", map[string]string{"id_no": worker, "date": today.Format(shebao.DateLayout)})
			if st := b.load("hire", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("hire: %d", st)
			}
			if got := b.text("#done"); !strings.Contains(got, "已办理增员") {
				t.Errorf("after 增员: %q", got)
			}
			shot("town-hired")
			// Another town's person is not found.
			other, _, err := svc.Registry.FindPersons(admin, shebao.PersonFilter{Region: "640106101", Limit: 1})
			if err != nil || len(other) == 0 {
				t.Fatalf("no person in 丰登镇: %v", err)
			}
			if st := b.open("/persons/" + other[0].IDNo); st != http.StatusNotFound {
				t.Errorf("a person of another town: %d, want 404", st)
			}
			shot("town-other-town")
			b.logout()

			// 待遇经办员 runs the payroll; 综合柜员 approves its release.
			b.login("benefits1")
			b.load("payroll", chromedp.Click(chromedp.CSS(`nav.main a[href="/payroll"]`)))
			b.load("run payroll", chromedp.Click(chromedp.CSS(`#payroll-run button[type=submit]`)))
			if got := b.text("#payroll-done"); !strings.Contains(got, "已提交复核") {
				t.Fatalf("payroll run: %q", got)
			}
			shot("benefits-payroll")
			b.open("/")
			if got := b.text("#todo-own"); !strings.Contains(got, "1") {
				t.Errorf("the maker's to-do: %q", got)
			}
			b.logout()
			b.login("checker1")
			if got := b.text("#todo-approvals"); !strings.Contains(got, "1") {
				t.Errorf("the checker's to-do: %q", got)
			}
			shot("checker-home")
			b.load("to the approvals", chromedp.Click(chromedp.CSS(`#todo-approvals a`)))
			shot("checker-approvals")
			b.load("approve", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`)))
			if got := b.text("main"); !strings.Contains(got, "复核通过") {
				t.Errorf("after approving: %q", got)
			}
			b.logout()

			// 征收经办员: the month's assessment, the bank's money recorded,
			// the arrears gone.
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 1})
			if err != nil || len(ns) == 0 || ns[0].Employer == "" {
				t.Fatalf("no employee in the demo: %v", err)
			}
			month := shebao.Period(today.AddDate(0, -2, 0).Format("2006-01"))
			if _, errs, err := svc.Collect.ImportDeclarations(shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District}),
				"browser", []shebao.Declaration{{Employer: ns[0].Employer, Period: month, IDNo: ns[0].IDNo, Wage: 500000}}); err != nil || errs[0] != nil {
				t.Fatalf("declare: %v %v", errs, err)
			}
			b.login("clerk1")
			b.load("assessment", chromedp.Click(chromedp.CSS(`nav.main a[href="/contributions/assess"]`)))
			fill("the month", map[string]string{"month": string(month)})
			b.load("assess", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`)))
			if got := b.text("main"); !strings.Contains(got, string(month)+"月核定完成") {
				t.Errorf("after the assessment: %q", got)
			}
			b.open("/employers/" + ns[0].Employer)
			owed := b.text("#arrears-total")
			shot("collection-arrears")
			_, unpaid, _, err := svc.Collect.Arrears(admin, ns[0].Employer, "")
			if err != nil || unpaid <= 0 || !strings.Contains(owed, yuan(unpaid)) {
				t.Fatalf("arrears shown %q, want %s (%v)", owed, yuan(unpaid), err)
			}
			b.load("payment form", chromedp.Click(chromedp.CSS(`#payment-link`)))
			fill("the payment", map[string]string{"receipt_no": "YH-BROWSER-1", "amount": unpaid.String(), "paid_on": today.Format(shebao.DateLayout)})
			b.load("record", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`)))
			if got := b.text("#done"); !strings.Contains(got, "已登记到账") {
				t.Errorf("after the payment: %q", got)
			}
			if got := b.text("#no-arrears"); got != "没有欠缴。" {
				t.Errorf("arrears after the payment: %q", got)
			}
			shot("collection-paid")
			b.logout()

			// 区领导 reads the statistics.
			b.login("leader1")
			b.load("reports", chromedp.Click(chromedp.CSS(`nav.main a[href="/reports"]`)))
			if got := b.text("main"); !strings.Contains(got, "统计") {
				t.Errorf("the statistics page: %q", got)
			}
			shot("leader-reports")
			if st := b.open("/persons/new"); st != http.StatusForbidden {
				t.Errorf("a leader opens the registration form: %d, want 403", st)
			}
			b.logout()

			// 参保人 sees their own page only.
			b.login("citizen1")
			b.load("own page", chromedp.Click(chromedp.CSS(`nav.main a[href^="/persons/"]`)))
			if got := b.text("h1"); !strings.Contains(got, pensioner.Name) {
				t.Errorf("the citizen's page: %q", got)
			}
			if got := b.text("#payments"); !strings.Contains(got, today.Format("2006-01")) {
				t.Errorf("the citizen's payments: %q", got)
			}
			shot("citizen-own")
			if st := b.open("/persons"); st != http.StatusForbidden {
				t.Errorf("a citizen's person search: %d, want 403", st)
			}
			if st := b.open("/persons/" + other[0].IDNo); st != http.StatusNotFound {
				t.Errorf("a citizen opens another person: %d, want 404", st)
			}
			b.logout()
		})
	}
}
