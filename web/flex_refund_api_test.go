package web

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func init() {
	gateRoutes["POST /api/v1/contributions/flex/refunds"] = struct{ letter, query, body string }{"c", "", `{}`}
}

// The refund of a personal payment's 暂收款 through the API: 2000.00 paid
// for January's 1200.00; a refund of 800.00 submitted (201), the same again
// (201, same approval), 800.01 refused (400), an unknown payment 404, a
// benefits clerk 403; another clerk's approval pays it back.
func TestFlexRefundAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		flexPayer(t, db, 75, "FRA-1", shebao.Yuan(2000), "2025-01-10")
		maker := shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(maker)}).Handler()
		benefits := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dy", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		body := `{"receipt":"FRA-TF","ref":"FRA-1","amount":"800.00","date":"2025-01-15"}`
		runScenarios(t, clerk, []scenario{
			{Name: "submitted", Method: "POST", URL: "/api/v1/contributions/flex/refunds", Body: body, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待复核"`, `"kind":"flex.refund"`, "暂收款800.00元中退还800.00元"}},
			{Name: "again", Method: "POST", URL: "/api/v1/contributions/flex/refunds", Body: body, ExpectedStatus: 201},
			{Name: "over the 暂收款", Method: "POST", URL: "/api/v1/contributions/flex/refunds",
				Body: `{"receipt":"FRA-TF2","ref":"FRA-1","amount":"800.01","date":"2025-01-15"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"暂收款余额800.00元"}},
			{Name: "unknown payment", Method: "POST", URL: "/api/v1/contributions/flex/refunds",
				Body: `{"receipt":"FRA-TF3","ref":"NOPE","amount":"1.00","date":"2025-01-15"}`, ExpectedStatus: 404},
		})
		runScenarios(t, benefits, []scenario{
			{Name: "benefits clerk", Method: "POST", URL: "/api/v1/contributions/flex/refunds", Body: body, ExpectedStatus: 403},
		})
		aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("pending %+v %v", aps, err)
		}
		checker := shebao.WithActor(context.Background(), shebao.Actor{Name: "fh", Role: "clerk/collection", Region: "640106000000", Remote: "test"})
		done, err := app.New(db).Approve.DecideApproval(checker, aps[0].ID, true, "")
		if err != nil || done.Status != shebao.ApprovalApproved {
			t.Fatalf("approve %+v %v", done, err)
		}
		runScenarios(t, clerk, []scenario{
			{Name: "nothing left", Method: "POST", URL: "/api/v1/contributions/flex/refunds",
				Body: `{"receipt":"FRA-TF4","ref":"FRA-1","amount":"0.01","date":"2025-01-16"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"暂收款余额0.00元"}},
		})
	})
}
