package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// asAdmin makes every request the whole-database administrator, as the
// server did by default before sign-in existed: for tests about something
// else than authentication.
var asAdmin = actorAuth(shebao.Actor{Name: "system", Role: "admin"})

// otherDistrict is a district beside testRegions' 金凤区, for actors of the
// whole district to have something outside their jurisdiction.
var otherDistrict = []shebao.Region{
	{Code: "640104000000", Name: "兴庆区"},
	{Code: "640104001000", Name: "通贵乡"},
	{Code: "640104001001", Name: "通西村"},
}

// target is a set of records that are all in, or all out of, an actor's
// jurisdiction: a village, a person and an employer registered there.
type target struct {
	village, person, employer string
}

// testAccount is a user of the tests with an API token.
type testAccount struct {
	key     string // role or role/line; the matrix's row
	user    *shebao.User
	token   string
	in, out target
}

// authFixture is a database with two districts, persons and employers in
// three villages, and one user (with an API token) of every role and line,
// served with the built-in sign-in.
type authFixture struct {
	db       *sqldb.DB
	h        http.Handler
	accounts []*testAccount
	byKey    map[string]*testAccount
	// persons and employers by village, and the citizen's neighbour.
	own, neighbour, yingnan, tongxi string
	emp, empYingnan, empTongxi      string
	password                        string
	n                               int // counter for fresh numbers
}

const (
	weijiaqiao = "640106001001" // 魏家桥村 of 丰登镇, where the citizen lives
	yingnan    = "640106002001" // 盈南村 of 良田镇
	tongxi     = "640104001001" // 通西村, another district
	phone      = "13912345678"
)

func newAuthFixture(t *testing.T, db *sqldb.DB) *authFixture {
	t.Helper()
	seedRegions(t, db)
	for _, r := range otherDistrict {
		if _, err := db.SaveRegion(admin, &r); err != nil {
			t.Fatal(err)
		}
	}
	f := &authFixture{db: db, h: NewServer(app.New(db), Options{}).Handler(), byKey: map[string]*testAccount{}, password: "correct horse 8"}
	f.own = validID(t, "64010619800101001")
	f.neighbour = validID(t, "64010619700707004")
	f.yingnan = validID(t, "64010619900909003")
	f.tongxi = validID(t, "64010419850505002")
	for _, p := range []*shebao.Person{
		{IDNo: f.own, Name: "张三", Hukou: "农业", Region: weijiaqiao, Phone: phone},
		{IDNo: f.neighbour, Name: "李四", Hukou: "农业", Region: weijiaqiao, Phone: "13812345678"},
		{IDNo: f.yingnan, Name: "张伟", Hukou: "农业", Region: yingnan},
		{IDNo: f.tongxi, Name: "赵六", Hukou: "农业", Region: tongxi},
	} {
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
	}
	f.emp = validUSCC(t, "91640106MA0000001")
	f.empYingnan = validUSCC(t, "91640106MA0000002")
	f.empTongxi = validUSCC(t, "91640104MA0000003")
	for _, e := range []*shebao.Employer{
		{USCC: f.emp, Name: "魏家桥农机合作社", RiskClass: 2, Region: weijiaqiao, Contact: "马明", Phone: "0951-5012345"},
		{USCC: f.empYingnan, Name: "良田建材有限公司", RiskClass: 4, Region: yingnan},
		{USCC: f.empTongxi, Name: "通贵商贸有限公司", RiskClass: 1, Region: tongxi},
	} {
		if err := db.CreateEmployer(admin, e); err != nil {
			t.Fatal(err)
		}
	}
	in := target{weijiaqiao, f.own, f.emp}
	district := target{tongxi, f.tongxi, f.empTongxi}
	town := target{yingnan, f.yingnan, f.empYingnan}
	for _, c := range []struct {
		key, role, line, region string
		out                     target
	}{
		{"admin", "admin", "", "640106000000", district},
		{"clerk", "clerk", "", "640106000000", district},
		{"clerk/registration", "clerk", "registration", "640106000000", district},
		{"clerk/collection", "clerk", "collection", "640106000000", district},
		{"clerk/benefits", "clerk", "benefits", "640106000000", district},
		{"clerk/medical", "clerk", "medical", "640106000000", district},
		{"clerk/finance", "clerk", "finance", "640106000000", district},
		{"clerk/civil", "clerk", "civil", "640106000000", district},
		{"clerk/employment", "clerk", "employment", "640106000000", district},
		{"town", "town", "", "640106001000", town},
		{"village", "village", "", weijiaqiao, town},
		{"land", "land", "", "640106000000", district},
		{"viewer", "viewer", "", "640106000000", district},
		// A citizen's "outside" is the neighbour: same village, not theirs.
		{"citizen", "citizen", "", weijiaqiao, target{weijiaqiao, f.neighbour, f.emp}},
		// 用人单位 (employ, issue #19 item 7): bound to 魏家桥农机合作社.
		{"employer", "employer", "", "640106000000", district},
	} {
		u := &shebao.User{Name: strings.NewReplacer("/", "-").Replace(c.key) + "1", Role: c.role, Line: c.line, Region: c.region}
		if c.role == "citizen" {
			u.IDNo = f.own
		}
		if c.role == shebao.RoleEmployer {
			u.Employer = f.emp
		}
		if err := db.CreateUser(admin, u, f.password); err != nil {
			t.Fatalf("create %s: %v", c.key, err)
		}
		tok, _, err := db.CreateToken(admin, u.Name, "tests", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		a := &testAccount{key: c.key, user: u, token: tok, in: in, out: c.out}
		f.accounts = append(f.accounts, a)
		f.byKey[c.key] = a
	}
	return f
}

// next returns a fresh number for unique test data.
func (f *authFixture) next() int { f.n++; return f.n }

// bearer returns the headers of a request with the account's token.
func bearer(a *testAccount) map[string]string {
	return map[string]string{"Authorization": "Bearer " + a.token}
}

// regionName returns the name of a test region.
func regionName(code string) string {
	for _, r := range append(append([]shebao.Region(nil), testRegions...), otherDistrict...) {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

// request builds the URL and body of a call of the route on the target;
// ok is false for a route the matrix does not know.
func (f *authFixture) request(t *testing.T, rt route, tg target) (u, body string, ok bool) {
	u = strings.NewReplacer("{code}", tg.village, "{id_no}", tg.person, "{uscc}", tg.employer).Replace(rt.Path)
	switch rt.Pattern() {
	case "PUT /api/v1/regions/{code}":
		body = `{"name":"` + regionName(tg.village) + `"}`
	case "POST /api/v1/persons":
		birth := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, f.next())
		id := validID(t, "640106"+birth.Format("20060102")+"011")
		body = `{"id_no":"` + id + `","name":"新登记","hukou":"农业","region":"` + tg.village + `"}`
	case "PATCH /api/v1/persons/{id_no}":
		body = fmt.Sprintf(`{"phone":"139%08d","reason":"矩阵测试"}`, f.next())
	case "POST /api/v1/employers":
		body = fmt.Sprintf(`{"uscc":"%s","name":"新单位","risk_class":1,"region":"%s"}`, validUSCC(t, fmt.Sprintf("91640106MB%07d", f.next())), tg.village)
	case "PATCH /api/v1/employers/{uscc}":
		body = fmt.Sprintf(`{"contact":"联系人%d"}`, f.next())
	case "POST /api/v1/enrollments":
		body = `{"id_no":"` + f.freshPerson(t, tg.village) + `","scheme":"170","date":"2020-01-01"}`
	case "GET /api/v1/enrollments/{id}":
		u = strings.Replace(u, "{id}", f.freshEnrollment(t, tg.village), 1)
	case "POST /api/v1/enrollments/{id}/changes":
		u = strings.Replace(u, "{id}", f.freshEnrollment(t, tg.village), 1)
		body = `{"action":"suspend","date":"2021-01-01","reason":"外出务工"}`
	case "POST /api/v1/enrollments/hire":
		body = `{"id_no":"` + f.freshPerson(t, tg.village) + `","employer":"` + tg.employer + `","date":"2020-01-01"}`
	case "POST /api/v1/enrollments/leave":
		id := f.freshPerson(t, tg.village)
		if _, err := app.New(f.db).Enroll.Hire(admin, id, tg.employer, "2020-01-01", nil); err != nil {
			t.Fatal(err)
		}
		body = `{"id_no":"` + id + `","employer":"` + tg.employer + `","date":"2021-06-30","reason":"合同到期"}`
	case "GET /api/v1/enrollments", "GET /api/v1/policy":
	case "POST /api/v1/logout":
	case "GET /api/v1/me", "GET /api/v1/regions", "GET /api/v1/regions/{code}", "GET /api/v1/persons",
		"GET /api/v1/persons/{id_no}", "GET /api/v1/persons/{id_no}/history", "GET /api/v1/employers", "GET /api/v1/employers/{uscc}":
	default:
		u, body, ok = gateRequest(rt, tg)
		return u, body, ok
	}
	return u, body, true
}

// gateRoutes are the routes of money out, medical, land and rosters, with
// a request for each. The access matrix checks only their gate for them —
// the role may use the route (any answer but 401/403/5xx) or not (403), a
// citizen only about their own number — with requests that need no
// records of their own (unknown ids are 404, empty bodies 400); each
// resource's own tests (benefits_test.go, payroll_test.go, medical_test.go,
// land_test.go …) check the answers of every role with real records.
var gateRoutes = map[string]struct {
	letter, query, body string
}{
	"POST /api/v1/benefits/calc":           {"b", "", `{"wage":"8000","index":"1.2","years":"30","balance":"150000","age":"60"}`},
	"POST /api/v1/benefits/determinations": {"b", "", `{"id_no":"{id_no}","kind":"pension","preview":true}`},
	"GET /api/v1/benefits":                 {"b", "", ""},
	"GET /api/v1/benefits/{id}":            {"b", "", ""},
	"POST /api/v1/benefits/{id}/changes":   {"b", "", `{"action":"suspend","month":"2025-01","reason":"矩阵测试"}`},
	"POST /api/v1/benefits/unemployment":   {"b", "", `{}`},
	"POST /api/v1/benefits/maternity":      {"b", "", `{}`},
	"POST /api/v1/benefits/injury":         {"b", "", `{}`},
	"GET /api/v1/payroll/{month}":          {"b", "", ""},
	"GET /api/v1/payroll/{month}/payments": {"b", "", ""},
	"POST /api/v1/payroll/{month}/run":     {"b", "", `{}`},
	"GET /api/v1/medical/claims":           {"m", "", ""},
	"POST /api/v1/medical/claims":          {"m", "", `{}`},
	"GET /api/v1/medical/claims/{id}":      {"m", "", ""},
	"GET /api/v1/medical/report":           {"m", "?from=2025-01&to=2025-12", ""},
	"GET /api/v1/land/batches":             {"l", "", ""},
	"POST /api/v1/land/batches":            {"l", "", `{}`},
	"GET /api/v1/land/batches/{no}":        {"l", "", ""},
	"GET /api/v1/land/report":              {"l", "", ""},
	"GET /api/v1/land/warnings":            {"l", "", ""},
	"GET /api/v1/rosters":                  {"o", "", ""},
	"POST /api/v1/rosters":                 {"o", "", `{}`},
	"POST /api/v1/rosters/accept":          {"ob", "", `{}`}, // a roster write that creates entitlements
	"POST /api/v1/funds/land":              {"f", "", `{}`},
	// The 社会救助资金's budget (assist_fund.go): fund finance only.
	"POST /api/v1/funds/assistance": {"f", "", `{}`},
	// Land contracting (k) and transfer (t), transfers.go.
	"GET /api/v1/contracting":                         {"k", "", ""},
	"POST /api/v1/contracting":                        {"k", "", `{}`},
	"GET /api/v1/contracting/{no}":                    {"k", "", ""},
	"GET /api/v1/transfers":                           {"t", "", ""},
	"POST /api/v1/transfers":                          {"t", "", `{}`},
	"GET /api/v1/transfers/arrears":                   {"t", "", ""},
	"GET /api/v1/transfers/prices":                    {"t", "", ""},
	"GET /api/v1/transfers/{no}":                      {"t", "", ""},
	"POST /api/v1/transfers/{no}/end":                 {"t", "", `{}`},
	"POST /api/v1/transfers/{no}/payments":            {"t", "", `{}`},
	"GET /api/v1/persons/{id_no}/statement":           {"p", "?year=2025", ""},
	"GET /api/v1/persons/{id_no}/certificates/{kind}": {"pnc", "", ""}, // {kind}: enrollment (gateRequest)
	"POST /api/v1/contributions/refunds":              {"c", "", `{}`},
	"POST /api/v1/contributions/corrections":          {"c", "", `{}`},
	"POST /api/v1/contributions/flex":                 {"c", "", `{}`},

	// Back payments and write-offs (backpay.go).
	"GET /api/v1/payroll/{month}/backpays": {"b", "", ""},

	// Statistics (reports.go): every role but the citizen reads them; only
	// the administrator corrects a denominator.
	"GET /api/v1/reports/{kind}":                               {"s", "?region={code}&date=2025-06-30", ""},
	"GET /api/v1/reports/summary":                              {"s", "?region={code}&date=2025-06-30", ""},
	"GET /api/v1/reports/denominators":                         {"s", "?region={code}&year=2025", ""},
	"PUT /api/v1/reports/denominators":                         {"s", "", `{}`},
	"GET /api/v1/reports/submissions":                          {"s", "?region={code}", ""},
	"POST /api/v1/reports/submissions":                         {"s", "", `{}`},
	"POST /api/v1/benefits/{id}/overpayments/{month}/writeoff": {"b", "", `{"reason":"矩阵测试"}`},

	// 社会救助 (assist.go): the quote is a compute route, open to every
	// role that reads assistance, a citizen included.
	"POST /api/v1/assistance/quote":       {"a", "", `{"region":"640106001001","date":"2025-06-01","members":[{"id_no":"{id_no}","income":"0"}]}`},
	"POST /api/v1/assistance/tekun/quote": {"a", "", `{"region":"640106001001","date":"2025-06-01","id_no":"{id_no}","income":"0","care_level":"全自理"}`},
	// 低保 cases: an unknown case is 404, an empty application 400.
	"GET /api/v1/assistance/cases":             {"a", "", ""},
	"POST /api/v1/assistance/cases":            {"a", "", `{}`},
	"GET /api/v1/assistance/cases/{id}":        {"a", "", ""},
	"POST /api/v1/assistance/cases/{id}/steps": {"a", "", `{"step":"publish","date":"2025-06-01"}`},
	"GET /api/v1/persons/{id_no}/assistance":   {"pa", "", ""}, // a citizen's own household's cases
	// 临时救助: decided by the civil-affairs line only (d), listed for
	// those who read assistance.
	"GET /api/v1/assistance/reliefs":  {"a", "?from=2025-01-01", ""},
	"POST /api/v1/assistance/reliefs": {"d", "", `{}`},
	// 特困 cases (assist_tekun.go): like the 低保 cases; the deaths sweep
	// is the civil-affairs line's (d).
	"GET /api/v1/assistance/tekun/cases":             {"a", "", ""},
	"POST /api/v1/assistance/tekun/cases":            {"a", "", `{}`},
	"GET /api/v1/assistance/tekun/cases/{id}":        {"a", "", ""},
	"POST /api/v1/assistance/tekun/cases/{id}/steps": {"a", "", `{"step":"investigate"}`},
	"POST /api/v1/assistance/tekun/deaths":           {"d", "", `{}`},
	// 低保边缘家庭 (medaid): recorded by the civil-affairs line (d), listed
	// for those who read assistance (a citizen their own).
	"GET /api/v1/assistance/edge":  {"a", "?on=2025-07-01", ""},
	"POST /api/v1/assistance/edge": {"d", "", `{}`},
	// The labour register (labor.go, 就业): read by every role that reads
	// the business, a citizen only their own line; kept by villages,
	// towns, the 综合柜员 and the employment line.
	"GET /api/v1/labor":         {"j", "", ""},
	"POST /api/v1/labor":        {"j", "", `{}`},
	"GET /api/v1/labor/{id_no}": {"j", "", ""},
	// A citizen changes the wishes of their own line only.
	"PUT /api/v1/labor/{id_no}/wishes": {"j", "", `{"training_wish":"电工"}`},
	// 失业登记, 就业困难人员, 零就业家庭 (employ.go): the register's
	// keepers; 公益性岗位 (q): the district's employment clerks write,
	// everyone of the business reads.
	"GET /api/v1/labor/unemployed":            {"j", "", ""},
	"POST /api/v1/labor/unemployed":           {"j", "", `{}`},
	"POST /api/v1/labor/unemployed/end":       {"j", "", `{}`},
	"GET /api/v1/labor/hardship":              {"j", "", ""},
	"POST /api/v1/labor/hardship":             {"j", "", `{}`},
	"POST /api/v1/labor/hardship/end":         {"j", "", `{}`},
	"GET /api/v1/labor/zero-households":       {"j", "", ""},
	"POST /api/v1/labor/zero-households/scan": {"j", "", `{"date":"2025-13-01"}`},
	"GET /api/v1/posts":                       {"q", "", ""},
	"POST /api/v1/posts":                      {"q", "", `{}`},
	"GET /api/v1/posts/placements":            {"q", "", ""},
	"POST /api/v1/posts/{id}/placements":      {"q", "", `{}`},
	// 职业培训 (training.go): the same rights as 公益性岗位 (q).
	"GET /api/v1/training/courses":                  {"q", "", ""},
	"POST /api/v1/training/courses":                 {"q", "", `{}`},
	"GET /api/v1/training/courses/{id}/enrolments":  {"q", "", ""},
	"POST /api/v1/training/courses/{id}/enrolments": {"q", "", `{}`},
	"POST /api/v1/training/courses/{id}/outcomes":   {"q", "", `{}`},
	"POST /api/v1/training/courses/{id}/subsidy":    {"q", "", `{}`},
	// 社会保险补贴 of employers and flexible workers: the rights of the
	// 公益性岗位 (q).
	"GET /api/v1/posts/subsidies":            {"q", "", ""},
	"POST /api/v1/posts/subsidies":           {"q", "", `{}`},
	"POST /api/v1/posts/subsidies/reimburse": {"q", "", `{"month":"2025-13"}`},

	// The 增减挂钩 project ledger (entity contracting), landprojects.go.
	// 职业介绍 (vacancies.go): vacancies (v) are read by the business and
	// written by the employment clerks and, its own only, the employer;
	// referrals (w) are written by the employment clerks, read by the
	// employer for its own vacancies. The matching reads the register (j):
	// an employer is refused it.
	"GET /api/v1/vacancies":                {"v", "", ""},
	"POST /api/v1/vacancies":               {"v", "", `{}`},
	"GET /api/v1/vacancies/{id}":           {"v", "", ""},
	"PATCH /api/v1/vacancies/{id}":         {"v", "", `{}`},
	"POST /api/v1/vacancies/{id}/close":    {"v", "", `{}`},
	"GET /api/v1/vacancies/{id}/matches":   {"vj", "", ""},
	"GET /api/v1/vacancies/{id}/referrals": {"vw", "", ""},
	"POST /api/v1/referrals":               {"w", "", `{}`},
	"POST /api/v1/referrals/{id}/outcome":  {"w", "", `{}`},
	"GET /api/v1/labor/{id_no}/vacancies":  {"jv", "", ""},
	"GET /api/v1/labor/exports":            {"j", "", ""},
	"POST /api/v1/labor/exports":           {"j", "", `{}`},
	// 返乡 (vacancies.go): the keepers of the register, as the export.
	"POST /api/v1/labor/exports/{id}/return": {"j", "", `{}`},

	"GET /api/v1/contracting/projects":                 {"k", "", ""},
	"POST /api/v1/contracting/projects":                {"k", "", `{}`},
	"GET /api/v1/contracting/projects/{code}":          {"k", "", ""},
	"POST /api/v1/contracting/projects/{code}/plots":   {"k", "", `{}`},
	"POST /api/v1/contracting/projects/{code}/entries": {"k", "", `{}`},
	"POST /api/v1/contracting/projects/{code}/close":   {"k", "", `{}`},

	// 安置 (resettlement) of a 增减挂钩 project's households.
	"POST /api/v1/contracting/projects/{code}/resettlements": {"k", "", `{}`},

	// The 流转信息平台 (i) and a cooperative's year (t), intents.go.
	"GET /api/v1/intents":                {"i", "", ""},
	"POST /api/v1/intents":               {"i", "", `{}`},
	"GET /api/v1/intents/market":         {"i", "", ""},
	"GET /api/v1/intents/{no}/matches":   {"i", "", ""},
	"POST /api/v1/intents/{no}/withdraw": {"i", "", `{}`},
	"GET /api/v1/transfers/coops/{uscc}": {"t", "?year=2025", ""},
}

// gateRequest returns the request of a gate route.
func gateRequest(rt route, tg target) (u, body string, ok bool) {
	g, ok := gateRoutes[rt.Pattern()]
	if !ok {
		return "", "", false
	}
	kind := "insured"
	if strings.Contains(rt.Path, "/certificates/") {
		kind = shebao.CertEnrollment
	}
	u = strings.NewReplacer("{code}", tg.village, "{id_no}", tg.person, "{uscc}", tg.employer, "{id}", "01ffffffffffffffffffffffffffffff",
		"{no}", "矩阵测试〔2025〕1号", "{month}", "2025-01", "{kind}", kind).Replace(rt.Path + g.query)
	return u, strings.ReplaceAll(g.body, "{id_no}", tg.person), true
}

// gateStatusOK reports whether a gate route's answer fits the matrix: 403
// exactly when the role may not use the route; otherwise any answer of a
// handled request (2xx, 400, 404, 409), and for a citizen about another
// person 404.
func gateStatusOK(rt route, key, read, write string, in bool, status int) (bool, string) {
	g := gateRoutes[rt.Pattern()]
	perms := read
	if rt.Method != "GET" && !computeRoutes[rt.Pattern()] {
		perms = write
	}
	allowed := true // every letter of the route's entities
	for _, l := range g.letter {
		allowed = allowed && strings.ContainsRune(perms, l)
	}
	own := strings.Contains(rt.Path, "{id_no}")
	if key == "citizen" && !own && g.letter != "y" && g.letter != "i" && !computeRoutes[rt.Pattern()] {
		allowed = false // personal records only through the routes about their own number
	}
	switch {
	case key == "citizen" && own && !in && strings.ContainsRune(read, rune(g.letter[0])):
		// Another person's number on a route of an entity the citizen
		// reads is "not found" at the gate, before the other rights the
		// route needs (labor/{id_no}/vacancies: the vacancies).
		return status == http.StatusNotFound, "404"
	case !allowed:
		return status == http.StatusForbidden, "403"
	case key == "citizen" && own && !in:
		return status == http.StatusNotFound, "404"
	}
	switch status {
	case http.StatusOK, http.StatusCreated, http.StatusBadRequest, http.StatusNotFound, http.StatusConflict:
		return true, "2xx/400/404/409"
	}
	return false, "2xx/400/404/409"
}

// freshPerson registers a new person in the village, for a write that
// must not collide with an earlier one.
func (f *authFixture) freshPerson(t *testing.T, village string) string {
	t.Helper()
	birth := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, f.next())
	id := validID(t, village[:6]+birth.Format("20060102")+"021")
	if err := f.db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "新参保", Hukou: "农业", Region: village}); err != nil {
		t.Fatal(err)
	}
	return id
}

// freshEnrollment enrolls a new person of the village in 170.
func (f *authFixture) freshEnrollment(t *testing.T, village string) string {
	t.Helper()
	n, err := app.New(f.db).Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: f.freshPerson(t, village), Scheme: "170", Date: "2020-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	return n.ID
}

// matrix is what each role may do, written out independently of
// shebao.Roles: the entities (r region, p person, e employer, n enrollment,
// y policy, b benefit, m medical, l land, o roster, f fund, c
// contribution, s statistics, j labour register, q 公益性岗位, k land
// contracting, t land transfer, v vacancies, w referrals, i the intents of
// the 流转信息平台 (not personal at the gate: the store keeps a citizen to
// their own), d the district's
// assistance decisions — written only; read with a) it reads and writes.
// A citizen reads only their own person
// record; enrollments only through it (the routes of enrollments are not
// about one person's number, so they are 403 for a citizen).
var matrix = []struct {
	key         string
	read, write string
}{
	{"admin", "rpenybmlofcsajqktvwi", "rpenbmlofcsajqktvwdi"},
	{"clerk", "rpenybmlofcsajqktvwi", "penbmocjqvw"},
	{"clerk/registration", "rpenybmlofcsajqktvwi", "rpen"},
	{"clerk/collection", "rpenybmlofcsajqktvwi", "enc"},
	{"clerk/benefits", "rpenybmlofcsajqktvwi", "nb"},
	{"clerk/medical", "rpenybmlofcsajqktvwi", "nm"},
	{"clerk/finance", "rpenybmlofcsajqktvwi", "f"},
	{"clerk/civil", "rpenybmlofcsajqktvwi", "ad"}, // 社会救助 (assistance): a; its decisions (审批): d
	{"clerk/employment", "rpenybmlofcsajqktvwi", "jqvwn"},
	{"town", "rpenybmlocsajqktvwi", "rpenocajkti"},
	{"village", "rpenybmlocsajqktvwi", "pnocajkti"},
	{"land", "ryloskti", "l"},
	{"viewer", "rpenybmlofcsajqktvwi", ""},
	{"citizen", "rpnybmcajkti", "ji"}, // i: the market, and their own intents (the store keeps them to their own)
	{"employer", "vw", "v"},           // its own vacancies (v) and their referrals (w)
}

// expectedStatus is the status of a route called by a role on a target in
// (or out of) its jurisdiction: 403 when the role may not use the route
// at all; else for a single record 2xx inside and 404 outside; searches
// answer 200 (with only what is inside); region names are readable by all,
// but written only inside (403); a record created outside is refused as
// bad input (400, "不在您的管辖范围内").
func expectedStatus(rt route, key, read, write string, in bool) int {
	switch rt.Pattern() {
	case "GET /api/v1/me":
		return http.StatusOK
	case "POST /api/v1/logout":
		return http.StatusBadRequest // a token, not a session
	}
	letter := map[string]string{"regions": "r", "persons": "p", "employers": "e", "enrollments": "n", "policy": "y"}[strings.Split(rt.Path, "/")[3]]
	isWrite := rt.Method != "GET"
	perms := read
	if isWrite {
		perms = write
	}
	if !strings.Contains(perms, letter) {
		return http.StatusForbidden
	}
	wildcard := strings.Contains(rt.Path, "{")
	if key == "citizen" && letter == "n" {
		return http.StatusForbidden
	}
	switch rt.Pattern() {
	case "POST /api/v1/enrollments", "POST /api/v1/enrollments/hire":
		if in {
			return http.StatusCreated
		}
		return http.StatusBadRequest // the person is not registered as far as the actor knows
	case "POST /api/v1/enrollments/{id}/changes", "POST /api/v1/enrollments/leave":
		if in {
			return http.StatusOK
		}
		return http.StatusNotFound
	case "GET /api/v1/policy":
		return http.StatusOK
	}
	if key == "citizen" && letter == "p" {
		switch {
		case !wildcard:
			return http.StatusForbidden
		case in:
			return http.StatusOK
		default:
			return http.StatusNotFound
		}
	}
	switch {
	case letter == "r" && !isWrite:
		return http.StatusOK
	case letter == "r":
		if in {
			return http.StatusOK
		}
		return http.StatusForbidden
	case rt.Method == "POST":
		if in {
			return http.StatusCreated
		}
		return http.StatusBadRequest
	case !wildcard:
		return http.StatusOK
	case in:
		return http.StatusOK
	}
	return http.StatusNotFound
}

// TestAccessMatrix calls every route of the route table as every role, on
// records inside and outside its jurisdiction, with the built-in sign-in
// (API tokens), on both engines.
func TestAccessMatrix(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		if len(matrix) != len(f.accounts) {
			t.Fatalf("matrix has %d roles, fixture %d", len(matrix), len(f.accounts))
		}
		for _, m := range matrix {
			a := f.byKey[m.key]
			for _, rt := range routes {
				if rt.Public {
					continue
				}
				for _, in := range []bool{true, false} {
					tg, where := a.in, "in"
					if !in {
						tg, where = a.out, "out"
					}
					u, body, ok := f.request(t, rt, tg)
					if !ok {
						t.Errorf("route %s is not in the access matrix: add its request and expected status to auth_test.go", rt.Pattern())
						continue
					}
					if _, gate := gateRoutes[rt.Pattern()]; gate {
						t.Run(m.key+" "+rt.Pattern()+" "+where, func(t *testing.T) {
							rec := scenario{Method: rt.Method, URL: u, Body: body, Headers: bearer(a)}.do(f.h)
							if ok, want := gateStatusOK(rt, m.key, m.read, m.write, in, rec.Code); !ok {
								t.Errorf("%s %s: status %d, want %s\n%s", rt.Method, u, rec.Code, want, truncate(rec.Body.String()))
							}
						})
						continue
					}
					sc := scenario{Name: m.key + " " + rt.Pattern() + " " + where, Method: rt.Method, URL: u, Body: body,
						Headers: bearer(a), ExpectedStatus: expectedStatus(rt, m.key, m.read, m.write, in)}
					if sc.ExpectedStatus == http.StatusNotFound {
						sc.NotExpectedContent = []string{tg.person, "赵六", "张伟"}
					}
					sc.test(t, f.h)
				}
			}
		}
	})
}

// TestAnonymous: without valid credentials every non-public route answers
// 401 with a challenge, whatever is wrong with them.
func TestAnonymous(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		revoked := f.byKey["clerk"]
		tokens, err := db.FindTokens(admin, revoked.user.Name)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens %v %v", tokens, err)
		}
		if err := db.RevokeToken(admin, tokens[0].ID); err != nil {
			t.Fatal(err)
		}
		disabled := f.byKey["town"]
		if err := db.DisableUser(admin, disabled.user.Name); err != nil {
			t.Fatal(err)
		}
		valid, _ := login(t, f.h, "admin1", f.password)
		ended, csrf := login(t, f.h, "viewer1", f.password)
		scenario{Name: "logout", Method: "POST", URL: "/api/v1/logout", ExpectedStatus: http.StatusOK,
			Headers: map[string]string{"Cookie": cookieHeader(ended), csrfHeader: csrf}}.test(t, f.h)
		for _, c := range []struct {
			name    string
			headers map[string]string
		}{
			{"no credentials", nil},
			{"unknown token", map[string]string{"Authorization": "Bearer shebao_" + strings.Repeat("A", 43)}},
			{"not a token", map[string]string{"Authorization": "Bearer x"}},
			{"basic auth", map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}},
			{"empty bearer", map[string]string{"Authorization": "Bearer "}},
			{"revoked token", bearer(revoked)},
			{"token of a disabled user", bearer(disabled)},
			{"unknown session cookie", map[string]string{"Cookie": sessionCookie + "=nonsense"}},
			{"a bad header is not saved by a good cookie", map[string]string{"Authorization": "Bearer x", "Cookie": cookieHeader(valid)}},
			{"ended session", map[string]string{"Cookie": cookieHeader(ended)}},
		} {
			for _, rt := range routes {
				if rt.Public {
					continue
				}
				sc := scenario{Name: c.name + " " + rt.Pattern(), Method: rt.Method, URL: sampleURL(rt.Path), Headers: c.headers,
					ExpectedStatus:  http.StatusUnauthorized,
					ExpectedContent: []string{`"code":"unauthorized"`},
					ExpectedHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="shebao"`}}
				if rt.Method != "GET" {
					sc.Body = `{}`
				}
				sc.test(t, f.h)
			}
		}
		// The public routes stay public.
		scenario{Name: "health", Method: "GET", URL: "/api/v1/health", ExpectedStatus: http.StatusOK}.test(t, f.h)
	})
}

// login signs in and returns the session cookie and CSRF token.
func login(t *testing.T, h http.Handler, name, password string) (*http.Cookie, string) {
	t.Helper()
	rec := scenario{Name: "login " + name, Method: "POST", URL: "/api/v1/login",
		Body: jsonBody(t, loginInput{Name: name, Password: password}), ExpectedStatus: http.StatusOK}.test(t, h)
	var acc account
	if err := json.Unmarshal(rec.Body.Bytes(), &acc); err != nil {
		t.Fatal(err)
	}
	var ck *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			ck = c
		}
	}
	if ck == nil || acc.CSRFToken == "" {
		t.Fatalf("login gave no session: %s %v", rec.Body.String(), rec.Result().Cookies())
	}
	return ck, acc.CSRFToken
}

func cookieHeader(ck *http.Cookie) string { return ck.Name + "=" + ck.Value }

// TestSessions: login, the cookie's attributes, CSRF on writes, logout,
// expiry and revocation.
func TestSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		town := f.byKey["town"]
		runScenarios(t, f.h, []scenario{
			{Name: "wrong password", Method: "POST", URL: "/api/v1/login", Body: `{"name":"town1","password":"wrong password"}`,
				ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"用户名或密码错误"}},
			{Name: "unknown user", Method: "POST", URL: "/api/v1/login", Body: `{"name":"nobody","password":"wrong password"}`,
				ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"用户名或密码错误"}},
			{Name: "no password", Method: "POST", URL: "/api/v1/login", Body: `{"name":"town1"}`,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"password"`}},
			{Name: "unknown field", Method: "POST", URL: "/api/v1/login", Body: `{"name":"town1","password":"x","otp":1}`,
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"otp"`}},
			{Name: "form post", Method: "POST", URL: "/api/v1/login", Body: `name=town1&password=x`,
				Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
				ExpectedStatus: http.StatusUnsupportedMediaType},
		})

		// The cookie: HttpOnly, SameSite=Strict, not Secure without TLS.
		rec := scenario{Name: "login", Method: "POST", URL: "/api/v1/login", Body: `{"name":"Town1","password":"` + f.password + `"}`,
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"name":"town1"`, `"role":"town"`, `"auth":"session"`, `"csrf_token":"`},
			NotExpectedContent: []string{f.password}}.test(t, f.h)
		setCookie := rec.Header().Get("Set-Cookie")
		for _, want := range []string{sessionCookie + "=", "Path=/", "HttpOnly", "SameSite=Strict", "Max-Age="} {
			if !strings.Contains(setCookie, want) {
				t.Errorf("Set-Cookie %q lacks %s", setCookie, want)
			}
		}
		if strings.Contains(setCookie, "Secure") {
			t.Errorf("Set-Cookie %q is Secure without TLS", setCookie)
		}

		ck, csrf := login(t, f.h, "town1", f.password)
		session := map[string]string{"Cookie": cookieHeader(ck)}
		withCSRF := map[string]string{"Cookie": cookieHeader(ck), csrfHeader: csrf}
		person := func() string {
			birth := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, f.next())
			return `{"id_no":"` + validID(t, "640106"+birth.Format("20060102")+"021") + `","name":"会话登记","hukou":"农业","region":"` + weijiaqiao + `"}`
		}
		runScenarios(t, f.h, []scenario{
			{Name: "me", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"name":"town1"`, `"region":"640106001000"`, `"csrf_token":"` + csrf + `"`, `"reveal":true`}},
			{Name: "read with the cookie alone", Method: "GET", URL: "/api/v1/persons/" + f.own, Headers: session, ExpectedStatus: http.StatusOK},
			{Name: "write without CSRF token", Method: "POST", URL: "/api/v1/persons", Body: person(), Headers: session,
				ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{"CSRF"}},
			{Name: "write with a wrong CSRF token", Method: "PATCH", URL: "/api/v1/persons/" + f.own, Body: `{"name":"x"}`,
				Headers:        map[string]string{"Cookie": cookieHeader(ck), csrfHeader: csrf + "x"},
				ExpectedStatus: http.StatusForbidden},
			{Name: "write with the CSRF token", Method: "POST", URL: "/api/v1/persons", Body: person(), Headers: withCSRF,
				ExpectedStatus: http.StatusCreated},
			{Name: "a token needs no CSRF token", Method: "POST", URL: "/api/v1/persons", Body: person(),
				Headers: map[string]string{"Authorization": "Bearer " + town.token, "Cookie": cookieHeader(ck)}, ExpectedStatus: http.StatusCreated},
			{Name: "cross-site write with the CSRF token", Method: "POST", URL: "/api/v1/persons", Body: person(),
				Headers:        map[string]string{"Cookie": cookieHeader(ck), csrfHeader: csrf, "Sec-Fetch-Site": "cross-site"},
				ExpectedStatus: http.StatusForbidden},
			{Name: "logout without CSRF token", Method: "POST", URL: "/api/v1/logout", Headers: session, ExpectedStatus: http.StatusForbidden},
			{Name: "logout", Method: "POST", URL: "/api/v1/logout", Headers: withCSRF, ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{`"signed_out":true`}},
			{Name: "the session is over", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusUnauthorized},
			{Name: "and cannot write", Method: "POST", URL: "/api/v1/persons", Body: person(), Headers: withCSRF,
				ExpectedStatus: http.StatusUnauthorized},
		})

		// Expiry: a session lasts sqldb.SessionLifetime.
		ck, _ = login(t, f.h, "town1", f.password)
		session = map[string]string{"Cookie": cookieHeader(ck)}
		scenario{Name: "fresh session", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusOK}.test(t, f.h)
		now := shebao.Now
		shebao.Now = func() time.Time { return now().Add(shebao.SessionLifetime + time.Minute) }
		scenario{Name: "expired session", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusUnauthorized}.test(t, f.h)
		shebao.Now = now

		// Revocation: disabling the user, changing the password.
		ck, _ = login(t, f.h, "village1", f.password)
		session = map[string]string{"Cookie": cookieHeader(ck)}
		scenario{Name: "village session", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusOK}.test(t, f.h)
		if err := db.SetPassword(admin, "village1", "another password", false); err != nil {
			t.Fatal(err)
		}
		scenario{Name: "after a password change", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusUnauthorized}.test(t, f.h)
		ck, _ = login(t, f.h, "viewer1", f.password)
		session = map[string]string{"Cookie": cookieHeader(ck)}
		if err := db.DisableUser(admin, "viewer1"); err != nil {
			t.Fatal(err)
		}
		runScenarios(t, f.h, []scenario{
			{Name: "after disabling", Method: "GET", URL: "/api/v1/me", Headers: session, ExpectedStatus: http.StatusUnauthorized},
			{Name: "disabled user cannot log in", Method: "POST", URL: "/api/v1/login", Body: `{"name":"viewer1","password":"` + f.password + `"}`,
				ExpectedStatus: http.StatusUnauthorized, ExpectedContent: []string{"用户名或密码错误"}},
		})

		// Logging in again ends the session the browser had.
		old, _ := login(t, f.h, "admin1", f.password)
		rec = scenario{Name: "login over a session", Method: "POST", URL: "/api/v1/login", Body: `{"name":"admin1","password":"` + f.password + `"}`,
			Headers: map[string]string{"Cookie": cookieHeader(old)}, ExpectedStatus: http.StatusOK}.test(t, f.h)
		if strings.Contains(rec.Header().Get("Set-Cookie"), old.Value) {
			t.Error("login kept the old session id")
		}
		scenario{Name: "old session ended", Method: "GET", URL: "/api/v1/me", Headers: map[string]string{"Cookie": cookieHeader(old)},
			ExpectedStatus: http.StatusUnauthorized}.test(t, f.h)

		// Sign-ins and sign-outs are audited.
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityUser, Key: "town1"})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range es {
			actions[e.Action]++
		}
		if actions["user.login"] < 3 || actions["user.login_failed"] != 1 || actions["user.logout"] != 1 {
			t.Errorf("audit of town1: %v", actions)
		}
	})
}

// TestSessionCookieOverTLS: over TLS the cookie is Secure and named with
// the __Host- prefix, and only that name is accepted.
func TestSessionCookieOverTLS(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		req := httptest.NewRequest("POST", "https://shebao.example/api/v1/login", strings.NewReader(`{"name":"town1","password":"`+f.password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("login: %d %s", rec.Code, rec.Body.String())
		}
		setCookie := rec.Header().Get("Set-Cookie")
		for _, want := range []string{"__Host-shebao_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Strict"} {
			if !strings.Contains(setCookie, want) {
				t.Errorf("Set-Cookie %q lacks %s", setCookie, want)
			}
		}
		if strings.Contains(setCookie, "Domain=") {
			t.Errorf("Set-Cookie %q has a Domain", setCookie)
		}
		ck := rec.Result().Cookies()[0]
		for _, c := range []struct {
			url, cookie string
			want        int
		}{
			{"https://shebao.example/api/v1/me", sessionCookieTLS + "=" + ck.Value, http.StatusOK},
			{"https://shebao.example/api/v1/me", sessionCookie + "=" + ck.Value, http.StatusUnauthorized},
		} {
			req := httptest.NewRequest("GET", c.url, nil)
			req.Header.Set("Cookie", c.cookie)
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Errorf("%s with %s: %d, want %d", c.url, c.cookie[:20], rec.Code, c.want)
			}
		}
	})
}

// TestLoginThrottled: after five failures for one name the right password
// fails too, with the same answer, until the window has passed.
func TestLoginThrottled(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		bad := scenario{Name: "wrong password", Method: "POST", URL: "/api/v1/login", Body: `{"name":"village1","password":"guess1234"}`,
			ExpectedStatus: http.StatusUnauthorized}
		var first string
		for i := 0; i < shebao.MaxFailuresPerName; i++ {
			first = bad.test(t, f.h).Body.String()
		}
		good := scenario{Name: "right password while locked", Method: "POST", URL: "/api/v1/login",
			Body: `{"name":"village1","password":"` + f.password + `"}`, ExpectedStatus: http.StatusUnauthorized}
		if got := good.test(t, f.h).Body.String(); got != first {
			t.Errorf("locked answer %s differs from wrong password %s", got, first)
		}
		// Another user from another address is not affected.
		scenario{Name: "another user", Method: "POST", URL: "/api/v1/login", RemoteAddr: "198.51.100.9:4000",
			Body: `{"name":"town1","password":"` + f.password + `"}`, ExpectedStatus: http.StatusOK}.test(t, f.h)
		now := shebao.Now
		shebao.Now = func() time.Time { return now().Add(shebao.ThrottleWindow + time.Minute) }
		defer func() { shebao.Now = now }()
		good.Name, good.ExpectedStatus = "after the window", http.StatusOK
		good.test(t, f.h)
	})
}

// TestMasking: ID and phone numbers by role, in single views, searches and
// history; full=1 unmasks for roles that may, and is audited.
func TestMasking(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		if _, err := db.UpdatePerson(admin, f.own, shebao.PersonUpdate{Phone: ptr("13700001111"), Reason: "换号"}); err != nil {
			t.Fatal(err)
		}
		fullID, maskedID := `"id_no":"`+f.own+`"`, `"id_no":"6401**********`+f.own[14:]+`"`
		fullBirth, maskedBirth := `"birth":"1980-01-01"`, `"birth":"1980-**-**"`
		fullPhone, maskedPhone := `"phone":"13700001111"`, `"phone":"137****1111"`
		oldFull, oldMasked := `"before":"`+phone+`"`, `"before":"139****5678"`
		for _, c := range []struct {
			key    string
			full   bool // sees numbers in full without asking
			reveal int  // status of ?full=1
		}{
			{"admin", true, 200},
			{"clerk", true, 200},
			{"clerk/registration", true, 200},
			{"clerk/collection", false, 200},
			{"clerk/benefits", false, 200},
			{"clerk/medical", false, 200},
			{"clerk/finance", false, 403},
			{"town", false, 200},
			{"village", false, 200},
			{"viewer", false, 403},
			{"citizen", true, 200}, // their own record
		} {
			a := f.byKey[c.key]
			want, notWant := []string{maskedID, maskedPhone, maskedBirth}, []string{f.own, "13700001111", "1980-01-01"}
			history, notHistory := []string{oldMasked}, []string{phone}
			if c.full {
				want, notWant = []string{fullID, fullPhone, fullBirth}, nil
				history, notHistory = []string{oldFull}, nil
			}
			scs := []scenario{
				{Name: c.key + " view", Method: "GET", URL: "/api/v1/persons/" + f.own, Headers: bearer(a),
					ExpectedStatus: http.StatusOK, ExpectedContent: want, NotExpectedContent: notWant},
				{Name: c.key + " history", Method: "GET", URL: "/api/v1/persons/" + f.own + "/history", Headers: bearer(a),
					ExpectedStatus: http.StatusOK, ExpectedContent: history, NotExpectedContent: notHistory},
				{Name: c.key + " full view", Method: "GET", URL: "/api/v1/persons/" + f.own + "?full=1", Headers: bearer(a),
					ExpectedStatus: c.reveal},
			}
			if c.reveal == 200 {
				scs[2].ExpectedContent = []string{fullID, fullPhone, fullBirth}
			}
			if c.key != "citizen" {
				scs = append(scs, scenario{Name: c.key + " search", Method: "GET", URL: "/api/v1/persons?name=" + url.QueryEscape("张三"),
					Headers: bearer(a), ExpectedStatus: http.StatusOK, ExpectedContent: want, NotExpectedContent: notWant})
			}
			runScenarios(t, f.h, scs)
			// Each full view is in the audit log, under its actor.
			es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityPerson, Key: f.own, Actor: a.user.Name})
			if err != nil {
				t.Fatal(err)
			}
			fullViews := 0
			for _, e := range es {
				if e.Action == "person.read_full" {
					fullViews++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[c.reveal == 200]; fullViews != want {
				t.Errorf("%s: %d person.read_full entries, want %d", c.key, fullViews, want)
			}
		}
		runScenarios(t, f.h, []scenario{
			{Name: "bad full", Method: "GET", URL: "/api/v1/persons/" + f.own + "?full=yes", Headers: bearer(f.byKey["admin"]),
				ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"full"`}},
			// An employer's contact phone is hidden from read-only roles only.
			{Name: "viewer sees the employer phone masked", Method: "GET", URL: "/api/v1/employers", Headers: bearer(f.byKey["viewer"]),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"phone":"0951-***2345"`}, NotExpectedContent: []string{"5012345"}},
			{Name: "town sees the employer phone", Method: "GET", URL: "/api/v1/employers/" + f.emp, Headers: bearer(f.byKey["town"]),
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"phone":"0951-5012345"`}},
			// A clerk who may not see the number in full gets it masked even
			// in the answer to their own write.
			{Name: "village creates", Method: "POST", URL: "/api/v1/persons", Headers: bearer(f.byKey["village"]),
				Body:           `{"id_no":"` + wangID + `","name":"王秀英","hukou":"农业","region":"` + weijiaqiao + `","phone":"13512345678"}`,
				ExpectedStatus: http.StatusCreated, ExpectedContent: []string{`"id_no":"1101**********002X"`, `"phone":"135****5678"`}},
		})
	})
}

func ptr[T any](v T) *T { return &v }

// TestStoreRechecksRoles: sqldb refuses what a role may not do even when
// no route stood in the way (a store method called directly), so that a
// route mapped to the wrong entity cannot leak.
func TestStoreRechecksRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		as := func(key string) context.Context {
			return shebao.WithActor(context.Background(), f.byKey[key].user.Actor("test"))
		}
		if _, err := db.FindPerson(as("land"), f.own); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("land reads a person: %v", err)
		}
		if _, err := db.UpdatePerson(as("viewer"), f.own, shebao.PersonUpdate{Name: ptr("改名")}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("viewer writes a person: %v", err)
		}
		if _, err := db.FindPerson(as("citizen"), f.neighbour); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("citizen reads the neighbour: %v", err)
		}
		if _, err := db.FindPerson(as("citizen"), f.own); err != nil {
			t.Errorf("citizen reads their own record: %v", err)
		}
		if err := db.RecordFullView(as("viewer"), f.own); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("viewer records a full view: %v", err)
		}
	})
}

// TestCredentialOutage: when the database cannot be asked about a
// credential, the answer is 500, not a misleading 401.
func TestCredentialOutage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuthFixture(t, db)
		db.Close()
		scenario{Name: "token with the database down", Method: "GET", URL: "/api/v1/me", Headers: bearer(f.byKey["admin"]),
			ExpectedStatus: http.StatusInternalServerError}.test(t, f.h)
		scenario{Name: "no credentials with the database down", Method: "GET", URL: "/api/v1/me",
			ExpectedStatus: http.StatusUnauthorized}.test(t, f.h)
	})
}
