package web

import (
	"context"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// flexPayer registers 周海军 (sequence seq) as a flexible payer at a base of
// 6000.00 from 2025-01, assesses January (1200.00) and records his payment
// of amount under receipt on paidOn. It returns his ID number.
func flexPayer(t *testing.T, db *sqldb.DB, seq int, receipt string, amount shebao.Money, paidOn string) string {
	t.Helper()
	seedRegions(t, db)
	id := demo.IDNumber("640106", time.Date(1982, 7, 8, 0, 0, 0, 0, time.UTC), seq, true)
	if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "周海军", Hukou: "非农业", Region: "640106001001"}); err != nil {
		t.Fatal(err)
	}
	if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2025-01", Base: shebao.Yuan(6000)}); err != nil {
		t.Fatal(err)
	}
	if _, err := collectOf(db).AssessFlex(admin, "2025-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := collectOf(db).RecordFlexPayment(admin, receipt, id, amount, paidOn); err != nil {
		t.Fatal(err)
	}
	return id
}

func init() {
	gateRoutes["POST /api/v1/contributions/flex/corrections"] = struct{ letter, query, body string }{"c", "", `{}`}
}

// The correction of a personal payment through the API: submitted (201),
// the same again (201, same approval), without a reason 400, an unknown
// payment 404, a benefits clerk 403; another clerk's approval carries it
// out and January's account credit is withdrawn.
func TestFlexCorrectionAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		id := flexPayer(t, db, 79, "FXA-1", shebao.Yuan(1200), "2025-01-20")
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != shebao.Yuan(480) {
			t.Fatalf("account %s", bal)
		}
		maker := shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(maker)}).Handler()
		benefits := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dy", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		body := `{"receipt":"FXA-CZ","ref":"FXA-1","date":"2025-01-25","reason":"错记人员"}`
		runScenarios(t, clerk, []scenario{
			{Name: "submitted", Method: "POST", URL: "/api/v1/contributions/flex/corrections", Body: body, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待复核"`, `"kind":"flex.correct"`, "1200.00元"}},
			{Name: "again", Method: "POST", URL: "/api/v1/contributions/flex/corrections", Body: body, ExpectedStatus: 201},
			{Name: "without reason", Method: "POST", URL: "/api/v1/contributions/flex/corrections",
				Body: `{"receipt":"FXA-CZ2","ref":"FXA-1","date":"2025-01-25"}`, ExpectedStatus: 400},
			{Name: "unknown payment", Method: "POST", URL: "/api/v1/contributions/flex/corrections",
				Body: `{"receipt":"FXA-CZ3","ref":"NOPE","date":"2025-01-25","reason":"x"}`, ExpectedStatus: 404},
		})
		runScenarios(t, benefits, []scenario{
			{Name: "benefits clerk", Method: "POST", URL: "/api/v1/contributions/flex/corrections", Body: body, ExpectedStatus: 403},
		})
		aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("pending %+v %v", aps, err)
		}
		checker := shebao.WithActor(context.Background(), shebao.Actor{Name: "fh", Role: "clerk/collection", Region: "640106000000", Remote: "test"})
		if _, err := app.New(db).Approve.DecideApproval(checker, aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != 0 {
			t.Errorf("account after correction %s", bal)
		}
	})
}
