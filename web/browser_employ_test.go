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

// TestBrowserEmployment: the employment service in a real Chromium on
// each engine, over the demo district (issue #19 item 7), each page saved
// as a screenshot in the test's artifact folder:
//   - 魏家桥村's assistant opens 劳动力台账 from the menu and registers a
//     farmer of the village (registered 务农) as 转移就业 to 浙江省宁波市;
//     the page confirms it and the line shows the destination;
//   - an employment clerk opens 职业培训 (the demo's 电工 course is listed),
//     opens a 焊工 (初级) course of 80 hours from five days ago to today,
//     enrols that person, records 结业 with the 初级 certificate and submits
//     the subsidy — 1 person, 1000.00 (labor.training.subsidy.primary);
//   - the same clerk opens 岗位空缺 from the menu, posts a 焊工 vacancy of
//     the demo's first employer, refers 马志强 (a new registrant of the
//     village, in no scheme yet) and records 录用: the
//     page says the 增员 was made, and the referral reads 已增员;
//   - a second employment clerk approves it from the approvals page, and
//     the course page then marks the trainee's subsidy 已申报.
func TestBrowserEmployment(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			svc := app.New(f.db)
			for _, u := range []*shebao.User{
				{Name: "jy1", Display: "就业经办员", Role: shebao.RoleClerk, Line: shebao.LineEmployment, Region: demo.District},
				{Name: "jy2", Display: "就业复核员", Role: shebao.RoleClerk, Line: shebao.LineEmployment, Region: demo.District},
			} {
				if err := f.db.CreateUser(admin, u, uiPassword); err != nil {
					t.Fatal(err)
				}
			}
			farmers, _, err := svc.Employ.FindLabor(admin, shebao.LaborFilter{Region: "640106100201", Status: shebao.LaborFarming, Limit: 1})
			if err != nil || len(farmers) == 0 {
				t.Fatalf("no farmer in 魏家桥村: %v", err)
			}
			farmer := farmers[0]
			// The job seeker referred and hired: a new registrant of the
			// village, of working age, in no scheme yet (the demo's
			// farmers are in the residents' pension, which a 增员 into the
			// employees' pension refuses).
			seeker := &shebao.Person{IDNo: demo.IDNumber("640106", time.Date(1992, 5, 17, 0, 0, 0, 0, time.UTC), 871, true), Name: "马志强",
				Hukou: "农业", Region: "640106100201"}
			if err := f.db.CreatePerson(admin, seeker); err != nil {
				t.Fatal(err)
			}
			dir := t.ArtifactDir()
			b := newTab(t, browser, f.base)
			shot := func(name string) { t.Helper(); b.screenshot(dir, name) }
			fill := b.fill
			submit := func(what string) {
				t.Helper()
				if st := b.load(what, chromedp.Click(chromedp.CSS(`#task-form button[type=submit].primary`))); st != http.StatusOK {
					t.Fatalf("%s: %d (%s)", what, st, b.text("main"))
				}
			}
			today := shebao.Today()

			// 村协管员: a farmer goes to work in 宁波.
			b.open("/")
			b.login("village1")
			b.load("labour register", chromedp.Click(chromedp.CSS(`nav.main a[href="/labor"]`)))
			b.do("fill the register form",
				chromedp.SendKeys(chromedp.CSS(`#labor-form input[name=id_no]`), farmer.IDNo),
				chromedp.SetValue(chromedp.CSS(`#labor-form select[name=status]`), shebao.LaborTransferred),
				chromedp.SendKeys(chromedp.CSS(`#labor-form input[name=destination]`), "浙江省宁波市"),
				chromedp.SendKeys(chromedp.CSS(`#labor-form input[name=skills]`), "电焊"))
			shot("village-labor-form")
			if st := b.load("register", chromedp.Click(chromedp.CSS(`#labor-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("register: %d", st)
			}
			if got := b.text("#labor-done"); !strings.Contains(got, farmer.Name) || !strings.Contains(got, "已更改") ||
				!strings.Contains(got, "现就业状态转移就业(登记)") {
				t.Errorf("after registering: %q", got)
			}
			b.load("the transfers", chromedp.Navigate(f.base+"/labor?status="+"%E8%BD%AC%E7%A7%BB%E5%B0%B1%E4%B8%9A"))
			if got := b.text("#labor"); !strings.Contains(got, farmer.Name) || !strings.Contains(got, "浙江省宁波市") {
				t.Errorf("the register's 转移就业 lines lack %s to 宁波:\n%s", farmer.Name, got)
			}
			shot("village-labor-registered")
			b.logout()

			// 就业经办员: a course, an enrolment, a completion, the subsidy.
			b.login("jy1")
			b.load("training", chromedp.Click(chromedp.CSS(`nav.main a[href="/training"]`)))
			if got := b.text("#courses"); !strings.Contains(got, "金凤区第4期电工培训班") {
				t.Errorf("the demo's course is not listed: %q", got)
			}
			shot("employment-courses")
			b.load("new course", chromedp.Click(chromedp.CSS(`#new-course`)))
			fill("the course", map[string]string{"name": "金凤区第1期焊工培训班", "region": "640106100201", "provider": "银川市职业技能培训中心",
				"occupation": "焊工", "level": shebao.CertPrimary, "start": today.AddDate(0, 0, -5).Format(shebao.DateLayout),
				"end": today.Format(shebao.DateLayout), "hours": "80", "places": "10", "payee": shebao.TrainingPayProvider, "bank": "6228480402564890042"})
			shot("employment-course-form")
			submit("open the course")
			if got := b.text("#course-done"); got != "已开班:金凤区第1期焊工培训班" {
				t.Errorf("after opening: %q", got)
			}
			b.load("enrol form", chromedp.Click(chromedp.CSS(`#course-enrol`)))
			fill("the trainee", map[string]string{"id_no": farmer.IDNo})
			submit("enrol")
			b.load("completion form", chromedp.Click(chromedp.CSS(`#course-complete`)))
			fill("the completion", map[string]string{"id_no": farmer.IDNo, "outcome": shebao.TrainingCompleted, "attended": "80",
				"cert": shebao.CertPrimary, "cert_no": "S000064010600101"})
			shot("employment-completion-form")
			submit("complete")
			if got := b.text("#course-done"); !strings.Contains(got, "结业,取得初级证书") {
				t.Errorf("after the completion: %q", got)
			}
			if got := b.text("#enrolments"); !strings.Contains(got, farmer.Name) || !strings.Contains(got, "S000064010600101") {
				t.Errorf("the trainees: %q", got)
			}
			b.load("subsidy form", chromedp.Click(chromedp.CSS(`#course-subsidy`)))
			submit("submit the subsidy")
			if got := b.text("#course-done"); !strings.Contains(got, "已申报培训补贴1人共1,000.00元,待复核") {
				t.Errorf("after submitting: %q", got)
			}
			shot("employment-course")

			// 职业介绍: a vacancy of the demo's first employer, the farmer
			// referred and 录用 — the 增员 through that employer.
			b.load("vacancies", chromedp.Click(chromedp.CSS(`nav.main a[href="/vacancies"]`)))
			b.load("new vacancy", chromedp.Click(chromedp.CSS(`#new-vacancy`)))
			fill("the vacancy", map[string]string{"employer": demo.USCC("640106", 10000), "code": "HG-2026-01", "occupation": "焊工", "places": "2",
				"skills": "电焊", "region": "640106100201", "wage_min": "4000", "wage_max": "6000",
				"open_from": today.AddDate(0, 0, -1).Format(shebao.DateLayout), "open_until": today.AddDate(0, 0, 30).Format(shebao.DateLayout)})
			shot("employment-vacancy-form")
			submit("post the vacancy")
			if got := b.text("#vacancy-done"); !strings.Contains(got, "已发布岗位:") || !strings.Contains(got, "焊工 2人") {
				t.Errorf("after posting: %q", got)
			}
			b.load("refer form", chromedp.Click(chromedp.CSS(`#vacancy-refer`)))
			fill("the person", map[string]string{"id_no": seeker.IDNo})
			submit("refer")
			if got := b.text("#vacancy-done"); got != "已推荐:"+seeker.Name+"("+today.Format(shebao.DateLayout)+")" {
				t.Errorf("after referring: %q", got)
			}
			b.load("outcome form", chromedp.Click(`//table[@id="referrals"]//a[text()="登记结果"]`))
			fill("the outcome", map[string]string{"outcome": shebao.ReferralHired})
			shot("employment-outcome-form")
			submit("录用")
			if got := b.text("#vacancy-done"); !strings.Contains(got, seeker.Name+" 录用") || !strings.Contains(got, "已办理单位增员,参保") {
				t.Errorf("after 录用: %q", got)
			}
			if got := b.text("#referrals"); !strings.Contains(got, "录用") || !strings.Contains(got, "已增员(参保") {
				t.Errorf("the referrals after 录用: %q", got)
			}
			shot("employment-vacancy-hired")
			b.logout()

			// A second employment clerk approves.
			b.login("jy2")
			b.open("/approvals")
			shot("employment-approvals")
			b.load("approve", chromedp.Click(`//form[contains(@action,"/approve")][ancestor::*[contains(., "金凤区第1期焊工培训班")]]//button[@type="submit"]`))
			if got := b.text("main"); !strings.Contains(got, "复核通过") {
				t.Errorf("after approving: %q", got)
			}
			b.load("training", chromedp.Click(chromedp.CSS(`nav.main a[href="/training"]`)))
			b.load("the course", chromedp.Click(`//table[@id="courses"]//a[text()="金凤区第1期焊工培训班"]`))
			if got := b.text("#enrolments"); !strings.Contains(got, "已申报") {
				t.Errorf("the trainee's subsidy after approval: %q", got)
			}
			shot("employment-approved")
		})
	}
}
