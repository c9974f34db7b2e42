package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// pendingOf counts the approvals waiting of a kind.
func pendingOf(t *testing.T, db *sqldb.DB, kind string) int {
	t.Helper()
	aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range aps {
		if a.Kind == kind {
			n++
		}
	}
	return n
}

// location is the decoded address a form sent the browser to.
func location(r response) string {
	loc, _ := url.QueryUnescape(r.header.Get("Location"))
	return loc
}

// The employer's collection forms (issue #15 item 1, 征缴): a clerk declares
// an employee's wage for a month (a bad month comes back next to its
// field; the same wage again is unchanged), the month is assessed, the
// bank's money is recorded with 100.00 over the bill (暂收款), and the clerk
// submits the refund of the 100.00 to 复核 — once, however often the form
// is sent; a receipt of another employer, an unknown receipt and a
// correction without a reason come back on the form; a leader may not
// open the forms.
func TestUIEmployerMoneyForms(t *testing.T) {
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
			ns, _, err := svc.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "110", Status: shebao.EnrollActive, Limit: 200})
			if err != nil || len(ns) == 0 || ns[0].Employer == "" {
				t.Fatalf("no employee in the demo: %v", err)
			}
			uscc, idNo := ns[0].Employer, ns[0].IDNo
			other := ""
			for _, n := range ns {
				if n.Employer != "" && n.Employer != uscc {
					other = n.Employer
					break
				}
			}
			if other == "" {
				t.Fatal("the demo has one employer only")
			}
			month := shebao.Period(shebao.Today().AddDate(0, -2, 0).Format("2006-01"))
			today := shebao.Today().Format(shebao.DateLayout)

			b := f.browser(t)
			csrf := b.login("clerk1")
			expect(t, "employer page", b.get("/employers/"+uscc), 200, `id="declare-link"`, `id="refund-link"`, `id="correct-link"`)
			declare := url.Values{"csrf": {csrf}, "period": {"2026-13"}, "id_no": {idNo}, "wage": {"5000"}}
			expect(t, "bad month", b.post("/employers/"+uscc+"/declare", declare), http.StatusBadRequest, `id="e-period"`, `value="5000"`)
			declare.Set("period", string(month))
			r := b.post("/employers/"+uscc+"/declare", declare)
			if r.status != http.StatusSeeOther || !strings.Contains(location(r), "月工资5,000.00元") {
				t.Fatalf("declare: %d %s\n%.2000s", r.status, location(r), r.body)
			}
			if r := b.post("/employers/"+uscc+"/declare", declare); !strings.Contains(location(r), "未变化") {
				t.Errorf("the same wage again: %d %s", r.status, location(r))
			}
			if r := b.post("/contributions/assess", url.Values{"csrf": {csrf}, "month": {string(month)}}); r.status != http.StatusSeeOther {
				t.Fatalf("assess: %d", r.status)
			}
			bill, err := svc.Collect.FindBill(clerk, uscc, month)
			if err != nil {
				t.Fatal(err)
			}
			// The 110 line of the bill is on the declared 5,000.00.
			expect(t, "bill", b.get("/employers/"+uscc+"/bills/"+string(month)), 200, "5,000.00")
			_, unpaid, _, err := svc.Collect.Arrears(clerk, uscc, "")
			if err != nil || unpaid <= 0 {
				t.Fatalf("unpaid %s %v (bill %s)", unpaid, err, bill.Total)
			}
			// Paid with 100.00 more than is due (late fees included: the
			// money pays bills, then fees, the rest is 暂收款).
			_, _, fees, _ := svc.Collect.Arrears(clerk, uscc, today)
			pay := url.Values{"csrf": {csrf}, "receipt_no": {"YH-MF-1"}, "amount": {(unpaid + fees + shebao.Yuan(100)).String()}, "paid_on": {today}}
			if r := b.post("/employers/"+uscc+"/payments/new", pay); r.status != http.StatusSeeOther || !strings.Contains(location(r), "余100.00元记为暂收款") {
				t.Fatalf("payment: %d %s", r.status, location(r))
			}

			refund := url.Values{"csrf": {csrf}, "receipt": {"TF-MF-1"}, "ref": {"YH-MF-1"}, "amount": {"100.00"}, "date": {today}}
			expect(t, "refund form", b.get("/employers/"+uscc+"/reversals/refund"), 200, `name="receipt"`, `name="ref"`)
			for i := 0; i < 2; i++ {
				r := b.post("/employers/"+uscc+"/reversals/refund", refund)
				if r.status != http.StatusSeeOther || !strings.Contains(location(r), "已提交复核") || !strings.Contains(location(r), "100.00") {
					t.Fatalf("refund %d: %d %s\n%.2000s", i, r.status, location(r), r.body)
				}
			}
			if n := pendingOf(t, db, "payment.refund"); n != 1 {
				t.Errorf("refunds waiting for 复核: %d, want 1", n)
			}

			if _, err := svc.Collect.RecordPayment(clerk, shebao.Payment{ReceiptNo: "YH-MF-2", Employer: other, Amount: shebao.Yuan(1), PaidOn: today}); err != nil {
				t.Fatal(err)
			}
			refund.Set("receipt", "TF-MF-2")
			refund.Set("ref", "YH-MF-2")
			expect(t, "another employer's receipt", b.post("/employers/"+uscc+"/reversals/refund", refund), http.StatusBadRequest, `id="e-ref"`, "不是")
			refund.Set("ref", "YH-NONE")
			expect(t, "unknown receipt", b.post("/employers/"+uscc+"/reversals/refund", refund), http.StatusNotFound, `id="e-ref"`, "没有登记的缴款到账")
			correct := url.Values{"csrf": {csrf}, "receipt": {"CZ-MF-1"}, "ref": {"YH-MF-1"}, "date": {today}}
			expect(t, "correction without a reason", b.post("/employers/"+uscc+"/reversals/correct", correct), http.StatusBadRequest, `id="e-reason"`)
			if n := pendingOf(t, db, "payment.correct"); n != 0 {
				t.Errorf("corrections waiting: %d", n)
			}
			if r := b.get("/employers/" + uscc + "/reversals/bogus"); r.status != http.StatusNotFound {
				t.Errorf("an unknown task: %d", r.status)
			}

			v := f.browser(t)
			v.login("viewer1")
			for _, p := range []string{"/declare", "/reversals/refund"} {
				if r := v.get("/employers/" + uscc + p); r.status != http.StatusForbidden {
					t.Errorf("a leader opens %s: %d", p, r.status)
				}
			}
		})
	}
}

// A flexible worker's forms on the person's page: 周海军, not employed, is
// registered at a base of 6,000.00 from last January (a base of 1.00 is
// below the floor and comes back next to its field); the month is assessed
// at 20% = 1,200.00 (the demo's flex.110.rate); his payment of 1,500.00
// and the late fee pays both and leaves 300.00 as 暂收款, the same receipt
// again changes nothing; the refund of the 300.00 goes to 复核 once.
func TestUIFlexForms(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			svc := app.New(db)
			id := demo.IDNumber("640106", time.Date(1982, 7, 8, 0, 0, 0, 0, time.UTC), 79, true)
			if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "周海军", Hukou: "非农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			jan := shebao.Period(shebao.Today().AddDate(-1, 0, 0).Format("2006") + "-01")
			today := shebao.Today().Format(shebao.DateLayout)

			b := f.browser(t)
			csrf := b.login("clerk1")
			page := b.get("/persons/" + id)
			expect(t, "person page", page, 200, `id="flex-actions"`, "灵活就业缴费基数")
			if strings.Contains(page.body, "灵活就业缴费到账") {
				t.Error("the payment form is offered before a base is registered")
			}
			base := url.Values{"csrf": {csrf}, "from": {string(jan)}, "to": {string(jan)}, "base": {"1.00"}}
			expect(t, "base below the floor", b.post("/persons/"+id+"/flex", base), http.StatusBadRequest, `id="e-base"`)
			base.Set("base", "6000")
			if r := b.post("/persons/"+id+"/flex", base); r.status != http.StatusSeeOther || !strings.Contains(location(r), "6,000.00元") {
				t.Fatalf("base: %d %s\n%.2000s", r.status, location(r), r.body)
			}
			expect(t, "registered", b.get("/persons/"+id), 200, "灵活就业缴费到账", "灵活就业退费", "灵活就业冲正")
			if _, err := svc.Collect.AssessFlex(admin, jan); err != nil {
				t.Fatal(err)
			}
			// January's late fee by today is paid too (the money pays the
			// bill, then the fee, the rest is 暂收款): 1,200.00 + fee + 300.00.
			as, err := svc.Collect.FlexArrears(admin, id, today)
			if err != nil || len(as) != 1 || as[0].Unpaid != shebao.Yuan(1200) {
				t.Fatalf("arrears %+v %v", as, err)
			}
			pay := url.Values{"csrf": {csrf}, "receipt": {"FX-MF-1"}, "amount": {(shebao.Yuan(1500) + as[0].LateFee).String()}, "date": {today}}
			r := b.post("/persons/"+id+"/flex/pay", pay)
			if r.status != http.StatusSeeOther || !strings.Contains(location(r), "冲抵"+string(jan)+"月1,200.00元") || !strings.Contains(location(r), "余300.00元记为暂收款") {
				t.Fatalf("pay: %d %s\n%.2000s", r.status, location(r), r.body)
			}
			if r := b.post("/persons/"+id+"/flex/pay", pay); !strings.Contains(location(r), "未重复入账") {
				t.Errorf("the same receipt again: %s", location(r))
			}
			refund := url.Values{"csrf": {csrf}, "receipt": {"FX-TF-1"}, "ref": {"FX-MF-1"}, "amount": {"300.00"}, "date": {today}}
			for i := 0; i < 2; i++ {
				if r := b.post("/persons/"+id+"/flex/refund", refund); r.status != http.StatusSeeOther || !strings.Contains(location(r), "已提交复核") {
					t.Fatalf("refund %d: %d %s\n%.2000s", i, r.status, location(r), r.body)
				}
			}
			if n := pendingOf(t, db, "flex.refund"); n != 1 {
				t.Errorf("flex refunds waiting: %d, want 1", n)
			}
			if r := b.get("/persons/" + id + "/flex/bogus"); r.status != http.StatusNotFound {
				t.Errorf("an unknown task: %d", r.status)
			}
			v := f.browser(t)
			v.login("viewer1")
			if r := v.get("/persons/" + id + "/flex"); r.status != http.StatusForbidden {
				t.Errorf("a leader opens the flex form: %d", r.status)
			}
		})
	}
}
