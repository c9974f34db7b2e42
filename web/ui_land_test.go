package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 征地 in the browser: a batch of 魏家桥村; the village enters one of its
// persons on the roster (and cannot enter a person of another village);
// the district clerk accepts the roster, which enrolls the person in 910;
// a finance clerk records the government's money, the same receipt twice
// counting once, and the gap on the page falls by it.
func TestUILand(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			approved := shebao.Today().AddDate(0, -1, 0).Format(shebao.DateLayout)
			if _, _, err := svc.Land.SaveLandBatch(admin, shebao.NewLandBatch{ApprovalNo: "宁政土批〔2026〕99号", ApprovedOn: approved, Region: "640106100201",
				AreaTaken: "100.00", Farmland: "1000.00", AgriPopulation: 400}); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "finance1", Role: "clerk", Line: shebao.LineFinance, Region: demo.District}, uiPassword); err != nil {
				t.Fatal(err)
			}
			// An agricultural person of 魏家桥村 of working age, and one of 盈南村.
			var farmer *shebao.Person
			ps, _, _ := svc.Registry.FindPersons(admin, shebao.PersonFilter{Region: "640106100201", Limit: 200})
			for _, p := range ps {
				if p.Hukou == shebao.HukouAgricultural && p.Birth < "2000" && p.Birth > "1970" && p.Status == shebao.StatusAlive {
					farmer = p
					break
				}
			}
			if farmer == nil {
				t.Fatal("no farmer of working age in 魏家桥村")
			}
			no := url.PathEscape("宁政土批〔2026〕99号")

			v := f.browser(t)
			vcsrf := v.login("village1")
			expect(t, "batches", v.get("/land"), 200, "宁政土批〔2026〕99号")
			expect(t, "batch", v.get("/land/"+no), 200, `id="roster-link"`, `id="no-roster"`)
			if strings.Contains(v.get("/land/"+no).body, `id="accept-link"`) {
				t.Error("a village assistant is offered the acceptance")
			}
			r := v.post("/land/"+no+"/roster", url.Values{"csrf": {vcsrf}, "id_no": {f.yingnan.IDNo}, "name": {f.yingnan.Name}})
			if r.status == http.StatusSeeOther {
				t.Errorf("a person of another village entered on the roster")
			}
			r = v.post("/land/"+no+"/roster", url.Values{"csrf": {vcsrf}, "id_no": {farmer.IDNo}, "name": {farmer.Name}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("roster: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "on the roster", v.get(r.header.Get("Location")), 200, "已报送:"+farmer.Name, `id="roster"`, farmer.Name)

			c := f.browser(t)
			ccsrf := c.login("clerk1")
			r = c.post("/land/"+no+"/accept", url.Values{"csrf": {ccsrf}, "date": {shebao.Today().Format(shebao.DateLayout)}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("accept: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "accepted", c.get(r.header.Get("Location")), 200, "已审核参保1人")
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: farmer.IDNo, Scheme: "910"})
			if err != nil || len(ns) != 1 {
				t.Errorf("the farmer's 910 enrollment: %d %v", len(ns), err)
			}

			b, err := svc.Land.FindLandBatch(admin, "宁政土批〔2026〕99号")
			if err != nil || b.Required <= 0 {
				t.Fatalf("batch: %+v %v", b, err)
			}
			fin := f.browser(t)
			fcsrf := fin.login("finance1")
			pay := url.Values{"csrf": {fcsrf}, "receipt_no": {"ZD-UI-1"}, "payer": {shebao.PayerGovernment}, "amount": {"1000.00"}, "date": {shebao.Today().Format(shebao.DateLayout)}}
			if r := fin.post("/land/"+no+"/fund", pay); r.status != http.StatusSeeOther {
				t.Fatalf("fund: %d\n%.3000s", r.status, r.body)
			}
			if r := fin.post("/land/"+no+"/fund", pay); r.status != http.StatusSeeOther {
				t.Fatalf("fund again: %d", r.status)
			} else if loc, _ := url.QueryUnescape(r.header.Get("Location")); !strings.Contains(loc, "未重复入账") {
				t.Errorf("the same receipt again: %s", loc)
			}
			gap := max(b.Required-shebao.Yuan(1000), 0)
			expect(t, "gap", fin.get("/land/"+no), 200, yuan(gap))
			if r := v.get("/land/" + no + "/fund"); r.status != http.StatusForbidden {
				t.Errorf("a village assistant's fund form: %d", r.status)
			}
		})
	}
}
