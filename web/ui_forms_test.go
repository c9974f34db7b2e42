package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The registry and enrollment forms, as a village assistant and a town
// clerk use them: a newborn registered (a bad number comes back next to
// the field with what was typed kept; the same number twice is refused),
// the registration changed (a reason is required; a stale version is
// refused), the child enrolled in 390, a worker taken on by an employer of
// the town (增员) and let go (减员). A citizen may open none of the forms.
func TestUIForms(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			today := shebao.Today()
			baby := demo.IDNumber("640106", today.AddDate(0, -2, 0), 431, false)

			village := f.browser(t)
			csrf := village.login("village1")
			expect(t, "persons page", village.get("/persons"), 200, `href="/persons/new"`)
			expect(t, "new person form", village.get("/persons/new"), 200, `name="id_no"`, `name="hukou"`, "魏家桥村")
			bad := baby[:17] + "0"
			if strings.HasSuffix(baby, "0") {
				bad = baby[:17] + "1"
			}
			form := url.Values{"csrf": {csrf}, "id_no": {bad}, "name": {"马小花"}, "hukou": {shebao.HukouAgricultural}, "region": {"640106100201"}}
			r := village.post("/persons/new", form)
			expect(t, "bad number", r, http.StatusBadRequest, `class="field-error" id="e-id_no"`, "校验码", `value="马小花"`, `value="`+bad+`"`)
			form.Set("id_no", baby)
			r = village.post("/persons/new", form)
			if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/persons/") {
				t.Fatalf("register: %d %s\n%.2000s", r.status, r.header.Get("Location"), r.body)
			}
			page := village.get(r.header.Get("Location"))
			expect(t, "registered", page, 200, "已登记:马小花", "魏家桥村", `id="edit-link"`, `id="enroll-link"`)
			p, err := svc.Registry.FindPerson(admin, baby)
			if err != nil || p.Name != "马小花" || p.Region != "640106100201" || p.Sex != "女" {
				t.Fatalf("stored: %+v %v", p, err)
			}
			expect(t, "registered twice", village.post("/persons/new", form), http.StatusConflict, "已登记", `value="马小花"`)
			// Outside the village: refused by the store, shown on the form.
			form.Set("id_no", demo.IDNumber("640106", today.AddDate(0, -1, 0), 432, true))
			form.Set("region", "640106100202")
			expect(t, "another village", village.post("/persons/new", form), http.StatusBadRequest, "管辖范围")

			ref := strings.TrimPrefix(strings.Split(r.header.Get("Location"), "?")[0], "/persons/")
			edit := village.get("/persons/" + ref + "/edit")
			expect(t, "edit form", edit, 200, `name="version" value="1"`, `value="马小花"`)
			change := url.Values{"csrf": {csrf}, "version": {"1"}, "name": {"马晓花"}, "hukou": {shebao.HukouAgricultural}, "region": {"640106100201"},
				"phone": {"13912345678"}, "status": {shebao.StatusAlive}}
			expect(t, "no reason", village.post("/persons/"+ref+"/edit", change), http.StatusBadRequest, `id="e-reason"`, `value="马晓花"`)
			change.Set("reason", "更正姓名")
			if r := village.post("/persons/"+ref+"/edit", change); r.status != http.StatusSeeOther {
				t.Fatalf("edit: %d\n%.2000s", r.status, r.body)
			}
			expect(t, "stale version", village.post("/persons/"+ref+"/edit", change), http.StatusConflict)
			if p, _ := svc.Registry.FindPerson(admin, baby); p.Name != "马晓花" || p.Phone != "13912345678" || p.Version != 2 {
				t.Errorf("after the change: %+v", p)
			}

			// The town enrolls the child in the residents' medical insurance.
			town := f.browser(t)
			tcsrf := town.login("town1")
			year := today.Year()
			enroll := url.Values{"csrf": {tcsrf}, "scheme": {"390"}, "date": {today.Format(shebao.DateLayout)}, "year": {"20x7"}}
			tref := ""
			for _, m := range personLinkRE.FindAllStringSubmatch(town.get("/persons?id_no="+baby).body, -1) {
				tref = m[1]
			}
			expect(t, "bad year", town.post("/persons/"+tref+"/enroll", enroll), http.StatusBadRequest, "年度“20x7”无效", `id="e-year"`)
			enroll.Set("year", strconv.Itoa(year))
			if r := town.post("/persons/"+tref+"/enroll", enroll); r.status != http.StatusSeeOther {
				t.Fatalf("enroll: %d\n%.3000s", r.status, r.body)
			} else {
				expect(t, "enrolled", town.get(r.header.Get("Location")), 200, "已参保登记:390", "城乡居民基本医疗保险")
			}
			if r := town.post("/persons/"+tref+"/enroll", enroll); r.status != http.StatusConflict && r.status != http.StatusBadRequest {
				t.Errorf("enrolled twice: %d", r.status)
			}

			// 增员 and 减员 at an employer of the town.
			es, _, err := svc.Registry.FindEmployers(admin, shebao.EmployerFilter{Region: "640106100", Limit: 1})
			if err != nil || len(es) == 0 {
				t.Fatalf("no employer in 良田镇: %v", err)
			}
			emp := es[0]
			worker := demo.IDNumber("640106", time.Date(1990, 5, 6, 0, 0, 0, 0, time.UTC), 433, true)
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: worker, Name: "杨工", Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			expect(t, "employer page", town.get("/employers/"+emp.USCC), 200, `id="hire-link"`, `id="leave-link"`)
			hire := url.Values{"csrf": {tcsrf}, "id_no": {worker}, "date": {today.Format(shebao.DateLayout)}}
			if r := town.post("/employers/"+emp.USCC+"/hire", hire); r.status != http.StatusSeeOther {
				t.Fatalf("hire: %d\n%.3000s", r.status, r.body)
			} else {
				expect(t, "hired", town.get(r.header.Get("Location")), 200, "已办理增员(110、210、310、410、510)")
			}
			leave := url.Values{"csrf": {tcsrf}, "id_no": {worker}, "date": {today.Format(shebao.DateLayout)}}
			expect(t, "leave without reason", town.post("/employers/"+emp.USCC+"/leave", leave), http.StatusBadRequest, `id="e-reason"`, "减员须说明原因")
			leave.Set("reason", "解除劳动合同")
			if r := town.post("/employers/"+emp.USCC+"/leave", leave); r.status != http.StatusSeeOther {
				t.Fatalf("leave: %d\n%.3000s", r.status, r.body)
			}
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: worker})
			if err != nil || len(ns) != 5 {
				t.Fatalf("the worker's enrollments: %d %v", len(ns), err)
			}
			for _, n := range ns {
				if n.Status != shebao.EnrollSuspended {
					t.Errorf("%s after 减员: %s, want %s", n.Scheme, n.Status, shebao.EnrollSuspended)
				}
			}

			citizen := f.browser(t)
			citizen.login("citizen1")
			for _, path := range []string{"/persons/new", "/persons/" + baby + "/edit", "/employers/" + emp.USCC + "/hire"} {
				if r := citizen.get(path); r.status != http.StatusForbidden {
					t.Errorf("citizen %s: %d, want 403", path, r.status)
				}
			}
		})
	}
}
