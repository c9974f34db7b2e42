package web

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The browser UI: server-rendered pages in Simplified Chinese for the
// clerks, cadres and leaders, beside the JSON API on the same server. No
// JavaScript framework and no script at all: every page is a plain HTML
// form or link, styled by one embedded stylesheet, charts drawn as SVG on
// the server.
//
// The UI is a client of the same store as the API and keeps its rules:
//
//   - sign-in is the API's browser session (auth.go): POST /login checks
//     the password with sqldb.Authenticate and sets the same session cookie
//     as POST /api/v1/login; every POST form carries the session's CSRF
//     token in a hidden field "csrf", checked before anything happens, and
//     Go's CrossOriginProtection stays in front of both;
//   - every read goes through the store, which scopes it to the actor's
//     jurisdiction (outside it: 404 page, as for a record that does not
//     exist); the UI also refuses (403 page) what the role may not use;
//   - ID and phone numbers are masked by the API's maskPerson, and links
//     to a person carry an opaque reference instead of the number for roles
//     that see masked numbers (see refCodec), so the number is not in the
//     page's source either.
//
// Templates are embedded and parsed once, when the server is made; a
// broken template fails NewServer rather than a request.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// siteName is the name in every page's header and title.
const siteName = "shebao 城乡社保一体化经办系统"

// ui is the state of the browser UI of one Server.
type ui struct {
	s *Server
	// builtin is true when the server signs users in itself; with a custom
	// Options.Authenticate there is no session, no CSRF token and no login
	// form: the embedding program authenticates every request.
	builtin bool
	pages   map[string]*template.Template
	refs    *refCodec
	imports *importStore
	runs    *runTracker // the runs started in the browser (ui_runs.go)
}

// pageNames are the templates that are whole pages; every one of them
// is rendered by the test with sample data.
var pageNames = []string{"login", "dashboard", "persons", "person", "employers", "employer", "regions", "import", "duplicates", "approvals", "calc", "payroll", "reports", "summary", "statement", "form", "bill", "payments", "funds", "land", "landbatch", "claims", "policy", "audit", "users", "settlements", "submissions", "error",
	"assist",                // 社会救助 (issue #18)
	"edge",                  // 低保边缘家庭 (medaid, ui_assist_medaid.go)
	"labor",                 // 就业 (employ)
	"transfers", "transfer", // land contracting and transfer (ui_transfers.go)
	"landprojects", "landproject", // the 增减挂钩 project ledger (ui_landprojects.go)
	"intents", "intent", "coop", // the 流转信息平台 and a cooperative's year (ui_intents.go)
	"training", "course", "posts", // 职业培训 and 公益性岗位 (employ, ui_employ.go)
	"backpays",            // 待遇补发 (ui_backpays.go)
	"lumpsums", "lumpsum", // 村改居一次性补缴 (ui_lumpsums.go)
	"run", // a long run's progress (ui_runs.go)
	// 职业介绍 and 劳务输出 (employ, ui_placement.go).
	"vacancies", "vacancy", "exports",
	"tekuncases", "tekuncase", // 特困人员救助供养 (tekun, ui_assist_tekun.go)
	"assistcases", "assistcase", // 低保 cases (assistui, ui_assist_cases.go)
	"determination", // a determination's print view, 待遇核定表 (ui_determination.go)
}

// parseTemplates parses every page with the layout and the shared parts.
func parseTemplates() (map[string]*template.Template, error) {
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("模板%s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// parsedTemplates parses the templates once per process, however many
// servers are made (the tests make many); parsed templates are safe for
// concurrent use.
var parsedTemplates = sync.OnceValues(parseTemplates)

// templateFuncs are the few helpers templates use; everything else is
// prepared in Go as view structs.
var templateFuncs = template.FuncMap{
	// flagName shows a person flag (五保 as 特困(五保); tekun).
	"flagName": shebao.FlagLabel,
	// permille formats a rate in ‰ as a percentage with one decimal.
	"permille": func(v int) string {
		if v < 0 {
			return "—"
		}
		return fmt.Sprintf("%d.%d%%", v/10, v%10)
	},
	// ratio is a rate in ‰ as the fraction a <meter> takes.
	"ratio": func(v int) string {
		if v < 0 {
			return "0"
		}
		return fmt.Sprintf("%.3f", float64(v)/1000)
	},
	"num":   groupDigits,
	"num64": func(n int64) string { return groupDigits(int(n)) },
	"yuan":  yuan,
	"time":  formatTime,
	"join":  strings.Join,
	// source and actor show a record's source and its actor in Chinese
	// (import rows by file and row, the CLI's operator by name).
	"source": shebao.SourceLabel,
	"actor":  shebao.ActorLabel,
	"levelName": func(level int) string {
		return idno.LevelName(level)
	},
}

// groupDigits writes an integer with thousands separators: 12,345.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// yuan writes an amount in 元 with thousands separators and two decimals,
// as clerks read money: 1,234,567.89.
func yuan(m shebao.Money) string {
	s := m.String()
	whole, cents, _ := strings.Cut(s, ".")
	n, err := strconv.Atoi(whole)
	if err != nil { // beyond int: leave it as it is
		return s
	}
	out := groupDigits(n) + "." + cents
	if n == 0 && m < 0 {
		out = "-" + out
	}
	return out
}

// formatTime shows a timestamp in China time; the zero time as "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shebao.ChinaTime).Format("2006-01-02 15:04")
}

// ui returns the handler of every path outside the API: the pages, the
// sign-in forms and the static files. NewServer mounts it at "/".
func (s *Server) ui(builtin bool) http.Handler {
	pages, err := parsedTemplates()
	if err != nil {
		panic(err) // embedded templates: a build error, caught by the tests
	}
	u := &ui{s: s, builtin: builtin, pages: pages, refs: newRefCodec(), imports: newImportStore(), runs: newRunTracker()}
	mux := http.NewServeMux()
	handle := func(pattern string, h http.Handler) {
		_, p, _ := strings.Cut(pattern, " ")
		mux.Handle(pattern, s.routed(p, u.recover(h)))
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(static)
	handle("GET /static/{file}", http.StripPrefix("/static/", u.cacheStatic(files)))
	handle("GET /favicon.ico", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/favicon.svg"
		u.cacheStatic(files).ServeHTTP(w, r2)
	}))
	handle("GET /login", http.HandlerFunc(u.loginPage))
	handle("POST /login", http.HandlerFunc(u.login))

	page := func(pattern string, h func(w http.ResponseWriter, r *http.Request, v *visit)) {
		handle(pattern, u.signedIn(h, true))
	}
	page("POST /logout", u.logout)
	page("GET /{$}", u.dashboard)
	page("GET /persons", u.persons)
	page("GET /persons/{ref}", u.person)
	page("GET /persons/{ref}/certificates/{kind}", u.certificate)
	page("GET /persons/{ref}/statement", u.statement)
	page("GET /persons/new", u.newPerson)
	page("POST /persons/new", u.createPerson)
	page("GET /persons/{ref}/edit", u.editPerson)
	page("POST /persons/{ref}/edit", u.updatePerson)
	page("GET /persons/{ref}/enroll", u.enrollPerson)
	page("POST /persons/{ref}/enroll", u.createEnrollment)
	page("GET /employers/new", u.newEmployer)
	page("POST /employers/new", u.createEmployer)
	page("GET /employers/{uscc}/edit", u.editEmployer)
	page("POST /employers/{uscc}/edit", u.updateEmployer)
	page("GET /employers/{uscc}/hire", u.employmentPage)
	page("POST /employers/{uscc}/hire", u.employment)
	page("GET /employers/{uscc}/leave", u.employmentPage)
	page("POST /employers/{uscc}/leave", u.employment)
	page("GET /employers/{uscc}/bills/{month}", u.bill)
	page("GET /employers/{uscc}/payments/new", u.newPayment)
	page("POST /employers/{uscc}/payments/new", u.createPayment)
	page("POST /employers/{uscc}/credit", u.applyCredit)
	// 工资申报、退费、冲正; 灵活就业 base, payment, refund, correction (ui_money_forms.go)
	page("GET /employers/{uscc}/declare", u.declarePage)
	page("POST /employers/{uscc}/declare", u.declare)
	page("GET /employers/{uscc}/reversals/{task}", u.employerReversalPage)
	page("POST /employers/{uscc}/reversals/{task}", u.employerReversal)
	page("GET /persons/{ref}/flex", u.flexPage)
	page("POST /persons/{ref}/flex", u.flexDo)
	page("GET /persons/{ref}/flex/{task}", u.flexPage)
	page("POST /persons/{ref}/flex/{task}", u.flexDo)
	page("GET /persons/{ref}/enrollments/{id}/{action}", u.enrollmentChangePage)
	page("POST /persons/{ref}/enrollments/{id}/{action}", u.changeEnrollment)
	page("GET /persons/{ref}/residents/new", u.newResident)
	page("POST /persons/{ref}/residents/new", u.createResident)
	page("GET /persons/{ref}/determine", u.determinationPage)
	page("POST /persons/{ref}/determine", u.determine)
	page("GET /persons/{ref}/benefits/{id}/determination", u.determinationSheet) // 待遇核定表 (ui_determination.go)
	page("GET /persons/{ref}/benefits/{id}/{action}", u.benefitChangePage)
	page("POST /persons/{ref}/benefits/{id}/{action}", u.changeBenefit)
	page("GET /funds", u.funds)
	page("GET /policy", u.policyPage)
	page("GET /audit", u.auditPage)
	page("GET /users", u.users)
	page("GET /users/new", u.newUser)
	page("POST /users/new", u.createUser)
	page("POST /users/{name}/{action}", u.userAction)
	page("GET /medical", u.claims)
	page("GET /medical/settlements", u.settlements)
	page("POST /medical/settlements", u.settleHospitals)
	page("GET /medical/claims/new", u.newClaim)
	page("POST /medical/claims/new", u.createClaim)
	page("GET /land", u.landBatches)
	page("GET /land/{no}", u.landBatch)
	page("GET /land/{no}/{task}", u.landTaskPage)
	page("POST /land/{no}/{task}", u.landTaskDo)
	page("GET /contributions/assess", u.assessPage)
	page("POST /contributions/assess", u.assess)
	page("GET /employers", u.employers)
	page("GET /employers/{uscc}", u.employer)
	page("GET /regions", u.regions)
	page("GET /regions/new", u.newRegion)
	page("POST /regions/new", u.createRegion)
	page("GET /regions/{code}", u.regions)
	page("GET /import", u.importForm)
	// The upload streams its multipart body itself and checks the CSRF
	// token among the parts, before it reads the file.
	handle("POST /import", u.signedIn(u.importUpload, false))
	page("GET /import/errors/{id}", u.importErrors)
	page("GET /import/template", u.importTemplate)
	page("GET /duplicates", u.duplicates)
	page("POST /duplicates/merge", u.decideDuplicate)
	page("POST /duplicates/dismiss", u.decideDuplicate)
	page("GET /calc", u.calc)
	page("GET /payroll", u.payroll)
	page("POST /payroll/run", u.runPayroll)
	page("GET /payroll/payments", u.payments)
	page("GET /payroll/backpays", u.backPays)    // ui_backpays.go
	page("GET /runs/{kind}/{period}", u.runPage) // ui_runs.go
	// 村改居一次性补缴 (ui_lumpsums.go)
	page("GET /lumpsums", u.lumpSums)
	page("GET /lumpsums/new", u.newConversion)
	page("POST /lumpsums/new", u.createConversion)
	page("GET /lumpsums/{region}", u.lumpSum)
	page("GET /lumpsums/{region}/{task}", u.lumpTaskPage)
	page("POST /lumpsums/{region}/{task}", u.lumpTask)
	page("GET /payroll/bankfile", u.bankFile)
	u.mountOverpayments(page)
	u.mountLabor(page)     // 就业 (employ): the labour register
	u.mountEmploy(page)    // 职业培训 and 公益性岗位 (employ, ui_employ.go)
	u.mountPlacement(page) // 职业介绍 and 劳务输出 (employ, ui_placement.go)
	u.mountTekun(page)     // 特困人员救助供养 (tekun, ui_assist_tekun.go)
	page("GET /reports", u.reports)
	page("GET /reports/download", u.downloadReport)
	page("GET /reports/summary", u.workReport)
	page("GET /reports/submissions", u.submissions)
	// The upload checks the CSRF token among its parts.
	handle("POST /reports/submissions", u.signedIn(u.importSubmission, false))
	// Land contracting and transfer (ui_transfers.go).
	page("GET /transfers", u.transfers)
	page("GET /transfers/{no}", u.transfer)
	// The 增减挂钩 project ledger (ui_landprojects.go).
	page("GET /landprojects", u.landProjects)
	page("GET /landprojects/new", u.newLandProject)
	page("POST /landprojects/new", u.createLandProject)
	page("GET /landprojects/{code}", u.landProject)
	page("GET /landprojects/{code}/{task}", u.projectTaskPage)
	page("POST /landprojects/{code}/{task}", u.projectTaskDo)
	// The 流转信息平台 and a cooperative's year (ui_intents.go).
	page("GET /intents", u.intents)
	page("GET /intents/offer", u.intentFormPage)
	page("POST /intents/offer", u.saveIntentForm)
	page("GET /intents/seek", u.intentFormPage)
	page("POST /intents/seek", u.saveIntentForm)
	page("GET /intents/{no}", u.intent)
	page("POST /intents/{no}/withdraw", u.withdrawIntentForm)
	page("GET /coop", u.coop)
	page("GET /approvals", u.approvals)
	page("POST /approvals/{id}/approve", u.decideApproval)
	page("POST /approvals/{id}/reject", u.decideApproval)
	// 社会救助 (issue #18): the 低保 quote.
	page("GET /assistance/quote", u.assistQuote)
	page("POST /assistance/quote", u.assistQuote)
	// 低保边缘家庭 (medaid, ui_assist_medaid.go).
	page("GET /assistance/edge", u.edgePage)
	page("GET /assistance/edge/new", u.newEdge)
	page("POST /assistance/edge/new", u.createEdge)
	// 低保 cases (assistui, ui_assist_cases.go).
	page("GET /assistance", u.assistCases)
	page("GET /assistance/cases/new", u.assistApplyPage)
	page("POST /assistance/cases/new", u.assistApply)
	page("GET /assistance/cases/{id}", u.assistCase)
	page("GET /assistance/cases/{id}/{step}", u.assistStepPage)
	page("POST /assistance/cases/{id}/{step}", u.assistStepDo)
	page("/", func(w http.ResponseWriter, r *http.Request, v *visit) {
		u.fail(w, r, v, shebao.Errorf(shebao.ENOTFOUND, "您要找的页面不存在"))
	})
	return mux
}

// cacheStatic lets browsers keep the static files for an hour; they hold
// nothing personal. Directory listings are not served.
func (u *ui) cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

// recover answers a panic in a page with the HTML error page instead of
// the API's JSON (observe, outside, still logs it as a request).
func (u *ui) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				ri := infoFrom(r.Context())
				u.s.logger.Error("panic", "request_id", ri.id, "route", ri.route, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				u.render(w, r, http.StatusInternalServerError, "error", &page{Title: "系统内部错误",
					Data: errorView{Status: 500, Heading: "系统内部错误", Message: internalMessage, RequestID: ri.id}})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// visit is what a page knows about the signed-in user of a request.
type visit struct {
	actor  shebao.Actor
	role   shebao.Role
	user   *shebao.User
	csrf   string // the session's CSRF token; "" without a session
	secret string // the session cookie's value
	// region is the name of the actor's jurisdiction, for the header.
	region string
}

// maxForm bounds the body of an ordinary form: a few fields.
const maxForm = 64 << 10

// signedIn runs a page for a signed-in user: the session is looked up,
// the actor put into the context for the store, and with checkForm the
// CSRF token of a POST checked (a handler without it must check it
// itself). Without a valid session the browser is sent to /login, which
// returns it here afterwards.
func (u *ui) signedIn(h func(w http.ResponseWriter, r *http.Request, v *visit), checkForm bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &visit{}
		if u.builtin {
			c, err := u.s.resolveCredential(r)
			if err != nil {
				u.fail(w, r, nil, err)
				return
			}
			if c == nil || c.session == nil {
				u.toLogin(w, r)
				return
			}
			v.user, v.csrf, v.secret = c.user, c.session.CSRF, c.secret
			v.actor = c.user.Actor(clientIP(r))
			r = r.WithContext(context.WithValue(r.Context(), credentialKey{}, c))
		} else {
			a, ok := u.s.authenticate(r)
			if !ok {
				u.toLogin(w, r)
				return
			}
			a.Remote = clientIP(r)
			id, line, _ := strings.Cut(a.Role, "/")
			v.actor = a
			v.user = &shebao.User{Name: a.Name, Role: id, Line: line, Region: a.Region, IDNo: a.IDNo}
		}
		v.role = shebao.RoleOf(v.actor)
		infoFrom(r.Context()).actor = v.actor.Name
		r = r.WithContext(shebao.WithActor(r.Context(), v.actor))
		if unsafeMethod(r.Method) && checkForm {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if !u.checkCSRF(r, v, r.PostFormValue("csrf")) {
				u.fail(w, r, v, errCSRF())
				return
			}
		}
		v.region = u.regionLabel(r.Context(), v.actor.Region)
		h(w, r, v)
	})
}

// errCSRF is the answer to a form without the session's token: an old
// page, a second tab after signing in again, or a forged request.
func errCSRF() error {
	return shebao.Errorf(shebao.EFORBIDDEN, "页面已过期或来源不明(CSRF令牌不符),请返回上一页刷新后重新提交")
}

// checkCSRF compares a submitted token with the session's. Without a
// session (a custom Authenticate) there is none to compare: the embedding
// program answers for its credentials, CrossOriginProtection still holds.
func (u *ui) checkCSRF(r *http.Request, v *visit, got string) bool {
	if !u.builtin {
		return true
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(v.csrf)) == 1
}

// regionLabel names a jurisdiction: "金凤区" (or the code when the region
// is unknown), "全库" for the whole database.
func (u *ui) regionLabel(ctx context.Context, code string) string {
	if code == "" {
		return "全库(所有区划)"
	}
	if u.s.app != nil {
		if r, err := u.s.app.Registry.FindRegion(ctx, code); err == nil {
			return r.Name
		}
	}
	return code
}

// toLogin sends a browser without a session to the login form, with the
// page it asked for to return to (GET only: a form posted without a
// session cannot be replayed).
func (u *ui) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	// A 303 is not stored by caches, and it carries nothing personal.
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next if it is a path on this server, else "/": the
// login form must not become an open redirect.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return "/"
	}
	p, err := url.Parse(next)
	if err != nil || p.Scheme != "" || p.Host != "" || p.User != nil || strings.HasPrefix(p.Path, apiPrefix) ||
		path.Clean(p.Path) == "/login" {
		return "/"
	}
	return next
}

// page is what the layout renders: the title, the header's user and
// navigation, and the page's own data.
type page struct {
	Title string
	User  *header // nil: no navigation (login, errors before sign-in)
	CSRF  string
	Data  any
	// Refresh, when set, reloads the page after so many seconds (a run's
	// progress, ui_runs.go).
	Refresh int
	// Print is the print view (?print=1): the page alone, without the
	// navigation and the buttons, its explanations open, laid out for an
	// A4 sheet (style.css @page); PrintBack the same page to return to.
	Print     bool
	PrintBack string
}

// header is the signed-in user as the layout shows them.
type header struct {
	Name, Display, RoleName, Region string
	Nav                             []navItem
}

// navItem is one entry of the navigation.
type navItem struct {
	Href, Label string
	Active      bool
}

// newPage makes the page of a visit, with the navigation the role may use
// and the entry active marked.
func (u *ui) newPage(v *visit, title, active string, data any) *page {
	p := &page{Title: title, Data: data}
	if v == nil || v.user == nil {
		return p
	}
	h := &header{Name: v.user.Name, Display: v.user.Display, RoleName: v.role.Name, Region: v.region}
	if h.Display == "" {
		h.Display = v.user.Name
	}
	if h.RoleName == "" {
		h.RoleName = v.actor.Role
	}
	add := func(key, href, label string) {
		h.Nav = append(h.Nav, navItem{Href: href, Label: label, Active: key == active})
	}
	add("home", "/", "首页")
	switch {
	case v.role.OwnOnly && v.actor.IDNo != "":
		add("persons", "/persons/"+u.personRef(v, v.actor.IDNo), "我的档案")
	case v.role.May(shebao.Read(shebao.EntityPerson)):
		add("persons", "/persons", "人员查询")
	}
	if v.role.May(shebao.Read(shebao.EntityEmployer)) {
		add("employers", "/employers", "单位查询")
	}
	if v.role.May(shebao.Read(shebao.EntityRegion)) {
		add("regions", "/regions", "区划")
	}
	if v.role.May(shebao.Write(shebao.EntityImport)) {
		add("import", "/import", "导入")
	}
	if v.role.May(shebao.Read(shebao.EntityScan)) {
		add("duplicates", "/duplicates", "重复参保复核")
	}
	if v.role.May(shebao.Write(shebao.EntityContribution)) && !v.role.OwnOnly {
		add("assess", "/contributions/assess", "月度核定")
	}
	if v.role.May(shebao.Read(shebao.EntityContribution)) && !v.role.OwnOnly {
		add("lumpsums", "/lumpsums", "村改居补缴")
	}
	if v.role.May(shebao.Read(shebao.EntityBenefit)) && !v.role.OwnOnly {
		add("payroll", "/payroll", "待遇发放")
		add("overpayments", "/overpayments", "待遇追回")
		add("calc", "/calc", "养老金测算")
	}
	if v.role.May(shebao.Read(shebao.EntityMedical)) && !v.role.OwnOnly {
		add("medical", "/medical", "医疗报销")
	}
	if v.role.May(shebao.Read(shebao.EntityLand)) {
		add("land", "/land", "征地")
	}
	if v.role.May(shebao.Read(shebao.EntityFund)) {
		add("funds", "/funds", "基金账务")
	}
	if v.role.May(shebao.Read(shebao.EntityStats)) {
		add("reports", "/reports", "统计报表")
	}
	if v.role.May(shebao.Read(shebao.EntityAssistance)) {
		add("assist", "/assistance/quote", "低保试算")
		add("edge", "/assistance/edge", "低保边缘家庭") // medaid
	}
	// 特困人员救助供养 cases (tekun, ui_assist_tekun.go).
	if v.role.May(shebao.Read(shebao.EntityAssistance)) && !v.role.OwnOnly {
		add("tekun", "/assistance/tekun", "特困供养")
	}
	// 低保 cases (assistui): the jurisdiction's cases; a citizen finds their
	// household's on their own page.
	if v.role.May(shebao.Read(shebao.EntityAssistance)) && !v.role.OwnOnly {
		add("assistcases", "/assistance", "低保案件")
	}
	// 就业 (employ): the labour register.
	if v.role.May(shebao.Read(shebao.EntityLabor)) && !v.role.OwnOnly {
		add("labor", "/labor", "劳动力台账")
	}
	// 职业培训 and 公益性岗位 (employ, ui_employ.go).
	if v.role.May(shebao.Read(shebao.EntityTraining)) && !v.role.OwnOnly {
		add("training", "/training", "职业培训")
	}
	if v.role.May(shebao.Read(shebao.EntityPost)) && !v.role.OwnOnly {
		add("posts", "/posts", "公益性岗位")
	}
	// 职业介绍 (employ, ui_placement.go): an employer's account, its own.
	if mayReadVacancies(v) {
		add("vacancies", "/vacancies", "岗位空缺")
	}
	if v.role.May(shebao.Read(shebao.EntityTransfer)) {
		add("transfers", "/transfers", "土地流转") // a citizen: the contracts they are party to
	}
	// The 增减挂钩 project ledger: not for citizens.
	if mayReadProjects(v) {
		add("landprojects", "/landprojects", "增减挂钩")
	}
	// The 流转信息平台 (a citizen: the market and their own intents) and
	// the cooperatives' year (not for citizens).
	if v.role.May(shebao.Read(shebao.EntityIntent)) {
		add("intents", "/intents", "流转信息")
	}
	if mayReadCoops(v) {
		add("coop", "/coop", "合作社")
	}
	if v.actor.MayDecideAny() {
		add("approvals", "/approvals", "待复核")
	}
	if v.role.May(shebao.Read(shebao.EntityPolicy)) && !v.role.OwnOnly {
		add("policy", "/policy", "政策参数")
	}
	if v.role.May(shebao.Read(shebao.EntityAudit)) {
		add("audit", "/audit", "审计日志")
	}
	if v.role.May(shebao.Write(shebao.EntityUser)) {
		add("users", "/users", "用户管理")
	}
	p.User, p.CSRF = h, v.csrf
	return p
}

// noStore keeps pages out of every cache: they hold personal data.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

// render executes a page into a buffer and sends it, so that a template
// error still gets a clean 500 page.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	var buf bytes.Buffer
	t, ok := u.pages[name]
	if !ok {
		u.s.logger.Error("no such template", "template", name)
		t, name = u.pages["error"], "error"
		status, p = http.StatusInternalServerError, &page{Title: "系统内部错误", Data: errorView{Status: 500, Heading: "系统内部错误", Message: internalMessage}}
	}
	if p != nil && r.URL.Query().Get("print") == "1" {
		// The pages offering a print view link it by their own path (a
		// person's by the sealed reference, never the ID number).
		p.Print, p.PrintBack = true, r.URL.Path
	}
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		ri := infoFrom(r.Context())
		u.s.logger.Error("template", "request_id", ri.id, "template", name, "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		fmt.Fprintf(&buf, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>系统内部错误</title><p>%s(请求编号 %s)</p></html>`,
			internalMessage, template.HTMLEscapeString(ri.id))
	}
	noStore(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Status    int
	Heading   string
	Message   string
	RequestID string // for internal errors: the key to the log
	Back      string // a link back, when there is an obvious one
}

// fail answers with the error page for err: 404 未找到, 403 无权限,
// 400 请求有误, 409 and 500 系统内部错误 (logged with the request id, the
// message not shown). "Not signed in" goes to the login form instead.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	code := shebao.ErrorCode(err)
	if code == shebao.EUNAUTHORIZED {
		u.toLogin(w, r)
		return
	}
	status := errorStatus(err)
	ev := errorView{Status: status, Message: shebao.ErrorMessage(err)}
	switch {
	case code == shebao.EINTERNAL || status >= 500:
		ri := infoFrom(r.Context())
		u.s.logger.Error("internal error", "request_id", ri.id, "route", ri.route, "actor", ri.actor, "err", err)
		status, ev.Status, ev.Heading, ev.Message, ev.RequestID = 500, 500, "系统内部错误", internalMessage, ri.id
	case status == http.StatusNotFound:
		ev.Heading = "未找到"
	case status == http.StatusForbidden:
		ev.Heading = "无权限"
	case status == http.StatusConflict:
		ev.Heading = "操作未完成"
	default:
		ev.Heading = "请求有误"
	}
	u.render(w, r, status, "error", u.newPage(v, ev.Heading, "", ev))
}

// forbidden is the 403 of a page the role may not use.
func forbidden(v *visit, what string) error {
	return shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权%s", roleLabel(v.actor), what)
}

// refCodec turns a person's ID number into an opaque reference for links
// (/persons/{ref}) and hidden form fields, so that a role that sees masked
// numbers does not find the full number in the page source, the address
// bar or the browser history. A reference is the number sealed with
// AES-GCM under a key made when the server starts, bound to the user it
// was made for: it opens only on this server process and for that user,
// and says nothing about the number. Links made before a restart are
// refused as not found; the user searches again.
type refCodec struct {
	aead cipher.AEAD
}

// refPrefix starts every reference; ID numbers start with a digit.
const refPrefix = "r"

func newRefCodec() *refCodec {
	key := make([]byte, 32)
	rand.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &refCodec{aead: aead}
}

// seal returns the reference of the number for the user.
func (c *refCodec) seal(user, idNo string) string {
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(idNo)+c.aead.Overhead())
	rand.Read(nonce)
	return refPrefix + base64.RawURLEncoding.EncodeToString(c.aead.Seal(nonce, nonce, []byte(idNo), []byte(user)))
}

// open returns the number of a reference made for the user.
func (c *refCodec) open(user, ref string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(ref, refPrefix))
	if err != nil || len(b) < c.aead.NonceSize() {
		return "", false
	}
	n := c.aead.NonceSize()
	id, err := c.aead.Open(nil, b[:n], b[n:], []byte(user))
	if err != nil {
		return "", false
	}
	return string(id), true
}

// personRef is how a page links to a person: a reference sealed for the
// user, for every role.
func (u *ui) personRef(v *visit, idNo string) string {
	// Never the number itself, not even for a role that sees it in full:
	// addresses end up in browser histories, proxy logs and screenshots.
	return u.refs.seal(v.actor.Name, idNo)
}

// sealedRef is the reference to use in the links of a page reached by ref:
// ref itself when it is a sealed reference, else (a number typed into the
// address bar) a sealed reference of the number, so that no link of the
// page carries the number.
func (u *ui) sealedRef(v *visit, ref, idNo string) string {
	if strings.HasPrefix(ref, refPrefix) {
		return ref
	}
	return u.personRef(v, idNo)
}

// resolveRef turns the {ref} of a person link back into the ID number:
// a reference made for this user, or a number typed into the address bar
// (which the store then checks like any other). A reference that does not
// open is "not found", like a person outside the jurisdiction.
func (u *ui) resolveRef(v *visit, ref string) (string, error) {
	if strings.HasPrefix(ref, refPrefix) {
		id, ok := u.refs.open(v.actor.Name, ref)
		if !ok {
			return "", shebao.Errorf(shebao.ENOTFOUND, "链接已失效(服务器重启或链接属于其他用户),请重新查询该人员")
		}
		return id, nil
	}
	return ref, nil
}
