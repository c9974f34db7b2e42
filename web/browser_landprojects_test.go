package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBrowserLandProject: 良田镇's land transfer service centre in a real
// Chromium on each engine, over the demo's 增减挂钩 project (issue #17):
// the menu's 增减挂钩 lists JF-GG-01 with the quota overdue (as the
// service computes it), the project page shows the quota issued, and the
// 周转指标下达 form records a further 1.00 亩, which the page then lists.
func TestBrowserLandProject(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			svc := app.New(f.db)
			p, err := svc.Transfer.LandProjectProgress(admin, demo.DemoProject, "")
			if err != nil || p.Households == 0 {
				t.Fatalf("the demo's project: %+v %v", p, err)
			}
			if err := f.db.CreateUser(admin, &shebao.User{Name: "town1", Display: "良田镇土地流转服务中心", Role: shebao.RoleTown,
				Region: "640106100000"}, uiPassword); err != nil {
				t.Fatal(err)
			}
			dir := t.ArtifactDir()
			b := newTab(t, browser, f.base)
			shot := func(name string) { t.Helper(); b.screenshot(dir, name) }
			b.open("/")
			b.login("town1")
			b.load("projects", chromedp.Click(chromedp.CSS(`nav.main a[href="/landprojects"]`)))
			list := b.text("#landprojects")
			if !strings.Contains(list, demo.DemoProject) || !strings.Contains(list, "逾期 "+p.OverdueArea.String()) {
				t.Errorf("the list %q lacks the project or its overdue %s", list, p.OverdueArea)
			}
			shot("landprojects")
			b.load("the project", chromedp.Click(`//table[@id="landprojects"]//a[text()="`+demo.DemoProject+`"]`))
			if got := b.text("#project-facts"); !strings.Contains(got, p.Issued.String()+" 亩") || !strings.Contains(got, p.OverdueArea.String()+" 亩") {
				t.Errorf("the project's facts %q, want issued %s and overdue %s", got, p.Issued, p.OverdueArea)
			}
			shot("landproject")
			b.load("the issue form", chromedp.Click(chromedp.CSS(`#project-tasks a[href="/landprojects/`+demo.DemoProject+`/issue"]`)))
			b.do("the issue",
				chromedp.SetValue(chromedp.CSS(`#task-form [name=doc_no]`), "金凤挂钩〔浏览器〕1号"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=area]`), "1"),
				chromedp.SetValue(chromedp.CSS(`#task-form [name=date]`), shebao.Today().Format(shebao.DateLayout)))
			if st := b.load("record", chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("record: %d", st)
			}
			if got := b.text("#done"); !strings.Contains(got, "已登记下达 1.00亩") {
				t.Errorf("after the issue: %q", got)
			}
			if got := b.text("#project-quotas"); !strings.Contains(got, "金凤挂钩〔浏览器〕1号") {
				t.Errorf("the quotas %q lack the new issue", got)
			}
			shot("landproject-issued")
			b.logout()
		})
	}
}
