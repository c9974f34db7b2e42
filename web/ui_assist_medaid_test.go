package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The district's civil-affairs clerk records a 低保边缘 household in the
// browser (魏家桥村, rural 520.00, limit 520.00 × 150% = 780.00; 800.00 comes
// back next to its field, 600.00 is recorded), the page lists it, and a
// medical clerk's claim for its member then carries the assistance: 390,
// level 2, in policy 2000.00: fund (2000.00 − 400.00) × 75% = 1200.00, base
// 800.00 − the yearly 500.00 = 300.00 × 60% = 180.00, 个人负担 620.00. A town
// reads the page but gets no form.
func TestUIMedicalAid(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			svc := app.New(db)
			yang := validID(t, "64010619750101022")
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: yang, Name: "杨柳", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: yang, Scheme: "390", Date: "2024-01-01", Year: 2024}); err != nil {
				t.Fatal(err)
			}
			for _, u := range []*shebao.User{{Name: "mz1", Role: "clerk", Line: shebao.LineCivil, Region: demo.District},
				{Name: "yb1", Role: "clerk", Line: shebao.LineMedical, Region: demo.District}} {
				if err := db.CreateUser(admin, u, uiPassword); err != nil {
					t.Fatal(err)
				}
			}
			mz := f.browser(t)
			csrf := mz.login("mz1")
			expect(t, "edge page", mz.get("/assistance/edge"), 200, `id="edge-new"`, `id="no-edge"`)
			form := url.Values{"csrf": {csrf}, "no": {"金民边〔2024〕1号"}, "region": {"640106100201"}, "members": {yang},
				"per_capita_income": {"800"}, "from": {"2024-01-01"}}
			expect(t, "over the limit", mz.post("/assistance/edge/new", form), http.StatusBadRequest, `id="e-per_capita_income"`, "780.00")
			form.Set("per_capita_income", "600")
			r := mz.post("/assistance/edge/new", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("edge: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "recorded", mz.get(r.header.Get("Location")), 200, "已登记低保边缘家庭金民边〔2024〕1号", `id="edge"`, "杨柳", "780.00")

			yb := f.browser(t)
			csrf = yb.login("yb1")
			slip := url.Values{"csrf": {csrf}, "settlement_no": {"ZY-E1"}, "id_no": {yang}, "scheme": {"390"}, "type": {"住院"}, "hospital": {"银川市第二人民医院"},
				"level": {"2"}, "admitted": {"2024-04-01"}, "discharged": {"2024-04-09"}, "total_cost": {"2000.00"}, "eligible_cost": {"2000.00"}}
			r = yb.post("/medical/claims/new", slip)
			if r.status != http.StatusSeeOther {
				t.Fatalf("claim: %d\n%.3000s", r.status, r.body)
			}
			expect(t, "claim with aid", yb.get(r.header.Get("Location")), 200, "医疗救助(低保边缘家庭成员)180.00元,个人负担620.00元",
				"300.00 × 救助比例60% = 180.00元", "低保边缘家庭成员")

			town := f.browser(t)
			town.login("town1")
			expect(t, "town reads", town.get("/assistance/edge"), 200, "金民边〔2024〕1号", "6401**********")
			if r := town.get("/assistance/edge/new"); r.status != http.StatusForbidden {
				t.Errorf("a town's form: %d", r.status)
			}
		})
	}
}
