package web

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A bill through the API carries its late fee: 1000.00 of March arriving
// 10 days late assesses 5.00 (0.05% a day); a later 2.00 pays 2.00 of it;
// 3.00 is outstanding.
func TestBillLateFeeAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		emp, b := marchBill(t, db)
		due, _ := time.Parse(shebao.DateLayout, b.DueDate)
		for i, p := range []shebao.Payment{
			{ReceiptNo: "BL-1", Amount: b.Total - shebao.Yuan(1000), PaidOn: b.DueDate},
			{ReceiptNo: "BL-2", Amount: shebao.Yuan(1000), PaidOn: due.AddDate(0, 0, 10).Format(shebao.DateLayout)},
			{ReceiptNo: "BL-3", Amount: shebao.Yuan(2), PaidOn: due.AddDate(0, 0, 12).Format(shebao.DateLayout)},
		} {
			p.Employer = emp
			if _, err := collectOf(db).RecordPayment(admin, p); err != nil {
				t.Fatal(i, err)
			}
		}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"})}).Handler()
		runScenarios(t, clerk, []scenario{
			{Name: "bill with its late fee", Method: "GET", URL: "/api/v1/contributions/bills/" + emp + "/2025-03", ExpectedStatus: 200,
				ExpectedContent: []string{`"period":"2025-03"`, `"total":"` + b.Total.String() + `"`, `"paid":"` + b.Total.String() + `"`,
					`"late_fee":"5.00"`, `"late_fee_paid":"2.00"`, `"late_fee_outstanding":"3.00"`}},
			{Name: "no bill that month", Method: "GET", URL: "/api/v1/contributions/bills/" + emp + "/2025-04", ExpectedStatus: 404},
			{Name: "bad month", Method: "GET", URL: "/api/v1/contributions/bills/" + emp + "/2025-13", ExpectedStatus: 400},
		})
	})
}

func init() {
	gateRoutes["GET /api/v1/contributions/bills/{uscc}/{month}"] = struct{ letter, query, body string }{"c", "", ""}
}
