package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Browser tests: a real headless Chromium, driven by chromedp, uses the UI
// as a clerk would — forms, links, an upload — against a demo district on
// each engine. The browser is the one SHEBAO_CHROMIUM names (scripts/test
// finds it); without it the tests are skipped, except under CI=true, where
// a missing browser fails them so that a green CI means they ran.

// envChromium names the Chromium (or Chrome) binary of the browser tests.
const envChromium = "SHEBAO_CHROMIUM"

// stepTimeout bounds one step (a page load, a click and the page after).
const stepTimeout = 30 * time.Second

// chromiumPath returns the browser to use, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	bin := os.Getenv(envChromium)
	ci := os.Getenv("CI") == "true"
	if bin == "" {
		if ci {
			t.Fatalf("%s is not set: under CI the browser tests must run (scripts/test sets it; apt-get install chromium)", envChromium)
		}
		t.Skipf("%s is not set: browser tests skipped (scripts/test sets it when Chromium is installed)", envChromium)
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		if ci {
			t.Fatalf("%s=%s: %v", envChromium, bin, err)
		}
		t.Skipf("%s=%s: %v", envChromium, bin, err)
	}
	return path
}

// newChromium starts one headless browser for the test and returns its
// first tab, already open. Everything is stopped and removed when the test
// ends.
func newChromium(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath(t)
	dir, err := os.MkdirTemp("", "shebao-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Registered first, so it runs after the browser has stopped; its
	// helper processes may still be writing for a moment.
	t.Cleanup(func() {
		for range 50 {
			if err := os.RemoveAll(dir); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	// The first run starts the browser; it must not carry a timeout (that
	// would stop the browser with it), so a watchdog bounds it instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start %s: %v", bin, err)
		}
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("%s did not start within a minute", bin)
	}
	return ctx
}

// tab drives one browser tab against one server.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newTab opens a tab in the browser, closed when the test ends. Like the
// browser, a tab lives as long as the context of its first run, which so
// has no timeout.
func newTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	opened := make(chan error, 1)
	go func() { opened <- chromedp.Do(ctx) }()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatalf("open a tab: %v", err)
		}
	case <-time.After(stepTimeout):
		t.Fatal("the browser did not open a tab")
	}
	return &tab{t: t, ctx: ctx, base: base}
}

// do runs steps with the step timeout.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs steps that lead to a new page (a navigation, a click on a
// link or a submit button), waits for it and returns its HTTP status.
func (b *tab) load(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return res.Status
}

// open navigates to a path of the server.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	return b.load("open "+path, chromedp.Navigate(b.base+path))
}

// text returns the visible text of the first element matching the CSS
// selector.
func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// path returns the path and query of the page shown.
func (b *tab) path() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// screenshot saves the page shown as dir/name.png (the test's artifact
// folder keeps them).
func (b *tab) screenshot(dir, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// fill sets the named fields of the page's task form (the generic form
// page, form.html) to the values.
func (b *tab) fill(what string, fields map[string]string) {
	b.t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for name, v := range fields {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(`#task-form [name=`+name+`]`), v))
	}
	b.do(what, steps...)
}

// login fills the login form, which the tab must show, and submits it.
func (b *tab) login(name string) {
	b.t.Helper()
	b.do("fill the login form",
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), name),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), uiPassword),
	)
	if st := b.load("log in as "+name, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`))); st != http.StatusOK {
		b.t.Fatalf("log in as %s: status %d", name, st)
	}
}

// logout presses 退出 in the header.
func (b *tab) logout() {
	b.t.Helper()
	b.load("log out", chromedp.Click(chromedp.CSS(`form.logout button`)))
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		b.t.Fatalf("after logout at %s, want the login page", p)
	}
}

// browserFixture is the demo district of the browser tests on one engine,
// with a clerk of the district and an assistant of 魏家桥村.
type browserFixture struct {
	base string
	db   *sqldb.DB
	// target has enrollments and lives in 盈南村, outside the village user's
	// jurisdiction; villagePersons counts 魏家桥村.
	target                          *shebao.Person
	districtPersons, villagePersons int
}

func newBrowserFixture(t *testing.T, e sqldbtest.Engine) *browserFixture {
	t.Helper()
	db, err := sqldb.Open(admin, e.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Build(admin, app.New(db), 300); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*shebao.User{
		{Name: "clerk1", Display: "区社保局经办员", Role: shebao.RoleClerk, Region: demo.District},
		{Name: "village1", Display: "魏家桥村协管员", Role: shebao.RoleVillage, Region: "640106100201"},
	} {
		if err := db.CreateUser(admin, u, uiPassword); err != nil {
			t.Fatal(err)
		}
	}
	f := &browserFixture{db: db}
	if _, f.districtPersons, err = db.FindPersons(admin, shebao.PersonFilter{Region: demo.District, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if _, f.villagePersons, err = db.FindPersons(admin, shebao.PersonFilter{Region: "640106100201", Limit: 1}); err != nil {
		t.Fatal(err)
	}
	ps, _, err := db.FindPersons(admin, shebao.PersonFilter{Region: "640106100202", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if full, err := db.FindPerson(admin, p.IDNo); err == nil && len(full.Enrollments) > 0 && len([]rune(p.Name)) >= 2 {
			f.target = full
			break
		}
	}
	if f.target == nil {
		t.Fatal("no enrolled demo person in 盈南村")
	}
	srv := httptest.NewServer(NewServer(app.New(db), Options{}).Handler())
	t.Cleanup(srv.Close)
	f.base = srv.URL
	return f
}

// TestBrowser walks through the UI in Chromium on each engine: sign-in,
// the dashboard's count, a search by name prefix and a person's page with
// its enrollments, an import with a good and a bad row, a village
// assistant kept inside the village, and sign-out.
func TestBrowser(t *testing.T) {
	browser := newChromium(t)
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			f := newBrowserFixture(t, e)
			// One tab per engine, in the one browser.
			b := newTab(t, browser, f.base)

			// Not signed in: any page leads to the login form.
			if st := b.open("/persons"); st != http.StatusOK || b.path() != "/login?next=%2Fpersons" {
				t.Fatalf("not signed in: %d at %s", st, b.path())
			}
			b.login("clerk1")
			if got := b.path(); got != "/persons" {
				t.Errorf("after login at %s, want the page asked for", got)
			}
			b.load("home", chromedp.Click(chromedp.CSS(`nav.main a[href="/"]`)))
			if got, want := b.text("#stat-persons"), groupDigits(f.districtPersons); got != want {
				t.Errorf("dashboard persons %q, want %q", got, want)
			}
			if got := b.text("header .who"); !strings.Contains(got, "区社保局经办员") || !strings.Contains(got, "金凤区") {
				t.Errorf("header %q lacks the user and the jurisdiction", got)
			}

			// Search by name prefix, open the person.
			name := []rune(f.target.Name)
			prefix := string(name[:len(name)-1])
			b.load("persons", chromedp.Click(chromedp.CSS(`nav.main a[href="/persons"]`)))
			b.do("type the name", chromedp.SendKeys(chromedp.CSS(`input[name=name]`), prefix))
			b.load("search", chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)))
			if got := b.text("#persons"); !strings.Contains(got, f.target.Name) {
				t.Fatalf("search for %q does not list %s:\n%s", prefix, f.target.Name, got)
			}
			if st := b.load("open the person", chromedp.Click(`//table[@id="persons"]//a[text()="`+f.target.Name+`"]`)); st != http.StatusOK {
				t.Fatalf("person page: %d", st)
			}
			if got := b.text("h1"); !strings.Contains(got, f.target.Name) {
				t.Errorf("person page heading %q", got)
			}
			enrollments := b.text("#enrollments")
			for _, n := range f.target.Enrollments {
				if !strings.Contains(enrollments, n.SchemeName) || !strings.Contains(enrollments, n.StartDate) {
					t.Errorf("enrollment table lacks %s %s:\n%s", n.SchemeName, n.StartDate, enrollments)
				}
			}

			// Import a CSV with one good and one bad row.
			good := demo.IDNumber("640106", time.Date(1990, 1, 2, 0, 0, 0, 0, time.UTC), 499, true)
			csv := filepath.Join(t.TempDir(), "人员名单.csv")
			content := "公民身份号码,姓名,户籍性质,所属区划\n" + good + ",浏览器导入,农业,640106100202\n6401061990,坏行,农业,640106100202\n"
			if err := os.WriteFile(csv, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			b.load("import page", chromedp.Click(chromedp.CSS(`nav.main a[href="/import"]`)))
			b.do("fill the import form",
				chromedp.Click(chromedp.CSS(`input[name=kind][value=persons]`)),
				chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{csv}),
			)
			if st := b.load("upload", chromedp.Click(chromedp.CSS(`#import-form button[type=submit]`))); st != http.StatusOK {
				t.Fatalf("upload: %d", st)
			}
			if c, r := b.text("#n-created"), b.text("#n-rejected"); c != "1" || r != "1" {
				t.Errorf("import: 新增%s 拒绝%s, want 1 and 1", c, r)
			}
			if got := b.text("#import-errors tbody"); !strings.Contains(got, "3") || !strings.Contains(got, "身份证号") {
				t.Errorf("rejected row: %q", got)
			} else {
				t.Logf("rejected row as shown: %s", got)
			}

			// The pension what-if: docs/DOMAIN.md's worked example.
			b.load("calculator", chromedp.Click(chromedp.CSS(`nav.main a[href="/calc"]`)))
			b.do("fill the calculator",
				chromedp.SendKeys(chromedp.CSS(`input[name=wage]`), "8000"),
				chromedp.SendKeys(chromedp.CSS(`input[name=index]`), "1.2"),
				chromedp.SendKeys(chromedp.CSS(`input[name=years]`), "30"),
				chromedp.SendKeys(chromedp.CSS(`input[name=balance]`), "150000"),
				chromedp.SendKeys(chromedp.CSS(`input[name=age]`), "60"),
			)
			b.load("calculate", chromedp.Click(chromedp.CSS(`#calc-form button[type=submit]`)))
			if got := b.text("#total"); got != "3719.14" {
				t.Errorf("calculator total %q, want 3719.14", got)
			}
			if got := b.text("#explain"); !strings.Contains(got, "基础养老金") || !strings.Contains(got, "139") {
				t.Errorf("calculator explanation %q", got)
			}

			// The month's payroll: the demo's pensioners are paid once,
			// however often the clerk presses the button.
			b.load("payroll", chromedp.Click(chromedp.CSS(`nav.main a[href="/payroll"]`)))
			b.load("run payroll", chromedp.Click(chromedp.CSS(`#payroll-run button[type=submit]`)))
			if got := b.text("#payroll-done"); !strings.Contains(got, "已提交复核") {
				t.Errorf("payroll run: %q", got)
			}
			first := b.text("#payroll-total")
			b.load("run payroll again", chromedp.Click(chromedp.CSS(`#payroll-run button[type=submit]`)))
			if got := b.text("#payroll-done"); !strings.HasPrefix(got, "本次发放0笔") {
				t.Errorf("second payroll run: %q", got)
			}
			if got := b.text("#payroll-total"); got != first {
				t.Errorf("payroll totals changed on a second run: %q, then %q", first, got)
			}
			b.logout()

			// A village assistant stays in the village.
			b.login("village1")
			if got, want := b.text("#stat-persons"), groupDigits(f.villagePersons); got != want {
				t.Errorf("village dashboard persons %q, want %q", got, want)
			}
			if st := b.open("/persons/" + f.target.IDNo); st != http.StatusNotFound {
				t.Errorf("person of another village: status %d, want 404", st)
			}
			if got := b.text("main h1"); got != "未找到" {
				t.Errorf("person of another village: heading %q", got)
			}
			b.open("/persons?name=" + url.QueryEscape(prefix))
			if got := b.text("main"); strings.Contains(got, "盈南村") || strings.Contains(got, f.target.IDNo) {
				t.Errorf("the village's search lists a person of another village:\n%s", got)
			}
			b.open("/persons")
			rows := b.text("#persons tbody")
			for _, other := range []string{"盈南村", "高桥村", "英刘村", "东门社区"} {
				if strings.Contains(rows, other) {
					t.Errorf("the village's list shows %s", other)
				}
			}
			if !strings.Contains(b.text("#result-count"), fmt.Sprint(f.villagePersons)) {
				t.Errorf("village result count %q, want %d", b.text("#result-count"), f.villagePersons)
			}
			b.logout()
			if got := b.text("main h1"); got != "登录" {
				t.Errorf("after logout the page says %q", got)
			}
		})
	}
}

// TestBrowserScreenshots saves a screenshot of the dashboard and of a
// person's page into the folder SHEBAO_SCREENSHOTS names, for a person to
// look at; without it the test is skipped.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("SHEBAO_SCREENSHOTS")
	if dir == "" {
		t.Skip("SHEBAO_SCREENSHOTS is not set")
	}
	browser := newChromium(t)
	f := newBrowserFixture(t, sqldbtest.Engines(t)[0])
	b := newTab(t, browser, f.base)
	ctx := b.ctx
	b.open("/")
	b.login("clerk1")
	shot := func(name string) {
		c, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shot("dashboard.png")
	b.open("/persons/" + f.target.IDNo)
	shot("person.png")
	b.open("/persons?name=" + url.QueryEscape(string([]rune(f.target.Name)[:1])))
	shot("persons.png")
	b.open("/import")
	shot("import.png")
	b.open("/regions/640106100000")
	shot("regions.png")
	b.open("/employers")
	b.load("an employer", chromedp.Click(chromedp.CSS(`#employers a`)))
	shot("employer.png")
	b.open("/duplicates")
	shot("duplicates.png")
	b.open("/no/such/page")
	shot("404.png")
	b.logout()
	shot("login.png")
	b.login("village1")
	b.open("/persons")
	shot("village-persons.png")
}
