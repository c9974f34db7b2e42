package web

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// marchBill hires 马德福 at 魏家桥农机合作社 from 2025-01, declares his
// wage of 8000.00 for 2025-03 and assesses the month. It returns the
// employer's USCC and the March bill.
func marchBill(t *testing.T, db *sqldb.DB) (string, *shebao.Bill) {
	t.Helper()
	seedRegions(t, db)
	id := validID(t, "64010619700101021")
	emp := validUSCC(t, "91640106MA0000012")
	if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "马德福", Hukou: "农业", Region: "640106001001"}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateEmployer(admin, &shebao.Employer{USCC: emp, Name: "魏家桥农机合作社", RiskClass: 1, Region: "640106001001"}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.New(db).Enroll.Hire(admin, id, emp, "2025-01-01", nil); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := app.New(db).Collect.ImportDeclarations(admin, "d", []shebao.Declaration{{Employer: emp, Period: "2025-03", IDNo: id, Wage: shebao.Yuan(8000)}}); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	if _, err := app.New(db).Collect.Assess(admin, "2025-03"); err != nil {
		t.Fatal(err)
	}
	b, err := db.FindBill(admin, emp, "2025-03")
	if err != nil {
		t.Fatal(err)
	}
	return emp, b
}

// Refunds and corrections through the API: a collection clerk submits
// (201, pending), the same request again answers 200 with the same
// approval, a benefits clerk may not (403), a refund beyond the 暂收款
// without a reason is 400, an unknown payment 404; another clerk's
// approval carries the refund out.
func TestRefundAndCorrectionAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		emp, b := marchBill(t, db)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "API-1", Employer: emp, Amount: b.Total + shebao.Yuan(300), PaidOn: "2025-03-20"}); err != nil {
			t.Fatal(err)
		}
		maker := shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(maker)}).Handler()
		benefits := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dy", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		refund := `{"receipt":"API-TF","ref":"API-1","amount":"300.00","date":"2025-03-25"}`
		runScenarios(t, clerk, []scenario{
			{Name: "refund submitted", Method: "POST", URL: "/api/v1/contributions/refunds", Body: refund, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待复核"`, `"kind":"payment.refund"`, "退还300.00元"}},
			{Name: "refund again", Method: "POST", URL: "/api/v1/contributions/refunds", Body: refund, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待复核"`}},
			{Name: "beyond 暂收款 without reason", Method: "POST", URL: "/api/v1/contributions/refunds",
				Body: `{"receipt":"API-TF2","ref":"API-1","amount":"301.00","date":"2025-03-25"}`, ExpectedStatus: 400, ExpectedContent: []string{"多征"}},
			{Name: "unknown payment", Method: "POST", URL: "/api/v1/contributions/refunds",
				Body: `{"receipt":"API-TF3","ref":"NOPE","amount":"1.00","date":"2025-03-25"}`, ExpectedStatus: 404},
			{Name: "correction without reason", Method: "POST", URL: "/api/v1/contributions/corrections",
				Body: `{"receipt":"API-CZ","ref":"API-1","date":"2025-03-25"}`, ExpectedStatus: 400},
		})
		runScenarios(t, benefits, []scenario{
			{Name: "benefits clerk may not refund", Method: "POST", URL: "/api/v1/contributions/refunds", Body: refund, ExpectedStatus: 403},
		})
		aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("pending %d %v", len(aps), err)
		}
		checker := shebao.WithActor(context.Background(), shebao.Actor{Name: "zs2", Role: "clerk/collection", Region: "640106000000"})
		if _, err := app.New(db).Approve.DecideApproval(checker, aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, total, err := collectOf(db).Suspense(admin, emp); err != nil || total != 0 {
			t.Fatalf("暂收款 after refund %s %v", total, err)
		}
		runScenarios(t, clerk, []scenario{
			{Name: "refund done, asked again", Method: "POST", URL: "/api/v1/contributions/refunds", Body: refund, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"已复核"`, "已向魏家桥农机合作社"}},
			{Name: "correction submitted", Method: "POST", URL: "/api/v1/contributions/corrections",
				Body: `{"receipt":"API-CZ","ref":"API-1","date":"2025-03-26","reason":"错记单位"}`, ExpectedStatus: 201,
				ExpectedContent: []string{`"kind":"payment.correct"`, "全额冲销"}},
		})
	})
}
