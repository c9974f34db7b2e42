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

// Collection in the browser: an employer declares a wage for a month two
// months back; the clerk runs that month's assessment from the form; the
// employer's page shows the bill unpaid with its late fee, and the bill
// its line with the explanation; the clerk records the bank's money for
// the unpaid amount and the arrears are gone; the same receipt again
// changes nothing; a bad amount comes back next to the field.
func TestUICollection(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			clerk := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District})
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 1})
			if err != nil || len(ns) == 0 || ns[0].Employer == "" {
				t.Fatalf("no employee in the demo: %v", err)
			}
			uscc, idNo := ns[0].Employer, ns[0].IDNo
			month := shebao.Period(shebao.Today().AddDate(0, -2, 0).Format("2006-01"))
			if _, errs, err := svc.Collect.ImportDeclarations(clerk, "ui-test", []shebao.Declaration{{Employer: uscc, Period: month, IDNo: idNo, Wage: 500000}}); err != nil || errs[0] != nil {
				t.Fatalf("declare: %v %v", errs, err)
			}

			b := f.browser(t)
			csrf := b.login("clerk1")
			expect(t, "assessment form", b.get("/contributions/assess"), 200, `name="month"`)
			expect(t, "bad month", b.post("/contributions/assess", url.Values{"csrf": {csrf}, "month": {"2026-13"}}), http.StatusBadRequest, `id="e-month"`)
			r := b.post("/contributions/assess", url.Values{"csrf": {csrf}, "month": {string(month)}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("assess: %d\n%.2000s", r.status, r.body)
			}
			expect(t, "assessed", b.get(r.header.Get("Location")), 200, string(month)+"月核定完成")

			bill, err := svc.Collect.FindBill(clerk, uscc, month)
			if err != nil {
				t.Fatal(err)
			}
			as, unpaid, fees, err := svc.Collect.Arrears(clerk, uscc, "")
			if err != nil || len(as) != 1 || unpaid != bill.Total || fees <= 0 {
				t.Fatalf("arrears %+v %s %s %v; bill total %s", as, unpaid, fees, err, bill.Total)
			}
			page := b.get("/employers/" + uscc)
			expect(t, "employer owes", page, 200, `id="arrears"`, `href="/employers/`+uscc+`/bills/`+string(month)+`"`,
				"欠缴 <strong class=\"num\">"+yuan(unpaid)+"</strong> 元,滞纳金 <strong class=\"num\">"+yuan(fees)+"</strong>", `id="payment-link"`)
			// The 110 line: 5,000 元 declared, within the bounds of the base.
			expect(t, "bill", b.get("/employers/"+uscc+"/bills/"+string(month)), 200, `id="bill-lines"`, "<strong id=\"bill-total\">"+yuan(bill.Total)+"</strong>",
				"5,000.00", "申报")

			pay := url.Values{"csrf": {csrf}, "receipt_no": {"YH-UI-1"}, "amount": {"12,3x"}, "paid_on": {shebao.Today().Format(shebao.DateLayout)}}
			expect(t, "bad amount", b.post("/employers/"+uscc+"/payments/new", pay), http.StatusBadRequest, `id="e-amount"`, `value="12,3x"`, `value="YH-UI-1"`)
			pay.Set("amount", unpaid.String())
			r = b.post("/employers/"+uscc+"/payments/new", pay)
			if r.status != http.StatusSeeOther {
				t.Fatalf("payment: %d\n%.2000s", r.status, r.body)
			}
			page = b.get(r.header.Get("Location"))
			expect(t, "paid", page, 200, "已登记到账"+yuan(unpaid)+"元,冲抵"+string(month)+"月"+yuan(unpaid)+"元", `id="no-arrears"`)
			if _, after, _, _ := svc.Collect.Arrears(clerk, uscc, ""); after != 0 {
				t.Errorf("arrears after the payment: %s", after)
			}
			r = b.post("/employers/"+uscc+"/payments/new", pay)
			if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "此前已登记,未重复入账") {
				t.Errorf("the same receipt again: %d %s", r.status, loc)
			}

			v := f.browser(t)
			v.login("viewer1")
			if r := v.get("/employers/" + uscc + "/payments/new"); r.status != http.StatusForbidden {
				t.Errorf("a leader opens the payment form: %d", r.status)
			}
		})
	}
}
