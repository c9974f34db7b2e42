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

// A medical clerk enters a hospital's settlement slip in the browser: 390,
// a 二级 hospital, eligible 3,400.00 of 4,000.00: the example policy's
// deductible 400 and ratio 75% give (3,400 − 400) × 75% = 2,250.00 from
// the fund and 1,750.00 borne by the person (as the API test has it). The
// same slip again is not paid twice; a bad amount comes back next to its
// field; a town clerk reads the claims but gets no form.
func TestUIClaims(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			svc := app.New(db)
			a := validID(t, "64010619580312021")
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: a, Scheme: "390", Date: "2024-01-01", Year: 2024}); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "yb1", Role: "clerk", Line: shebao.LineMedical, Region: demo.District}, uiPassword); err != nil {
				t.Fatal(err)
			}
			b := f.browser(t)
			csrf := b.login("yb1")
			expect(t, "claims", b.get("/medical"), 200, `id="new-claim"`)
			slip := url.Values{"csrf": {csrf}, "settlement_no": {"ZY-9"}, "id_no": {a}, "scheme": {"390"}, "type": {"住院"}, "hospital": {"银川市第二人民医院"},
				"level": {"2"}, "admitted": {"2024-04-01"}, "discharged": {"2024-04-09"}, "total_cost": {"4000.00"}, "eligible_cost": {"34OO"}}
			expect(t, "bad amount", b.post("/medical/claims/new", slip), http.StatusBadRequest, `id="e-eligible_cost"`, `value="34OO"`, `value="银川市第二人民医院"`)
			slip.Set("eligible_cost", "3400.00")
			r := b.post("/medical/claims/new", slip)
			if r.status != http.StatusSeeOther {
				t.Fatalf("claim: %d\n%.3000s", r.status, r.body)
			}
			page := b.get(r.header.Get("Location"))
			expect(t, "settled", page, 200, "已结算:ZY-9 统筹基金支付2,250.00元,个人负担1,750.00元。", "(3400.00 − 400.00) × 报销比例75% = 2250.00元")
			r = b.post("/medical/claims/new", slip)
			if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "未重复报销") {
				t.Errorf("the same slip again: %d %s", r.status, loc)
			}
			if cs, total, _ := svc.Medical.FindClaims(admin, shebao.ClaimFilter{IDNo: a}); total != 1 || cs[0].FundPaid != 225000 {
				t.Errorf("claims stored: %d", total)
			}
			// The month's settlement with the hospital: the claim's 2,250.00,
			// submitted to 复核; running it again settles nothing twice.
			r = b.post("/medical/settlements", url.Values{"csrf": {csrf}, "month": {"2024-04"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("settle: %d\n%.2000s", r.status, r.body)
			}
			sp := b.get(r.header.Get("Location"))
			expect(t, "settled", sp, 200, `id="settlements"`, "银川市第二人民医院", "2,250.00", "复核")
			r = b.post("/medical/settlements", url.Values{"csrf": {csrf}, "month": {"2024-04"}})
			if ss, _ := svc.Medical.FindSettlements(admin, shebao.SettlementFilter{Month: "2024-04"}); len(ss) != 1 || ss[0].Amount != 225000 {
				t.Errorf("settlements after two runs: %+v", ss)
			}
			town := f.browser(t)
			town.login("town1")
			expect(t, "town reads", town.get("/medical?year=2024"), 200, "ZY-9", "6401**********")
			if r := town.get("/medical/claims/new"); r.status != http.StatusForbidden {
				t.Errorf("a town clerk's claim form: %d", r.status)
			}
		})
	}
}
