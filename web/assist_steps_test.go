package web

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistanceRefuseAPI: the step refuse of POST
// /api/v1/assistance/cases/{id}/steps on both engines (assistui): a
// village may not refuse (403); the civil-affairs clerk must give a reason
// (400 naming it) and then closes the case as 不予保障 (200); a second
// refusal is 409. The household (dibaoHousehold: 760.00) may apply again.
func TestAssistanceRefuseAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		svc := app.New(db)
		sqldbtest.SeedRegions(t, svc)
		man, wife, brother := dibaoHousehold(t, svc)
		vilActor := shebao.Actor{Name: "wjq", Role: "village", Region: "640106100201"}
		zero, wages := shebao.Money(0), shebao.Money(80000)
		req := shebao.AssistApplyRequest{Region: "640106100201", Date: "2026-06-01", Members: []shebao.AssistCaseMember{
			{AssistMember: shebao.AssistMember{IDNo: man, Income: &wages}},
			{AssistMember: shebao.AssistMember{IDNo: wife, Income: &zero}, Relation: "配偶"},
			{AssistMember: shebao.AssistMember{IDNo: brother, Income: &zero}, Relation: "兄弟姐妹"}}}
		c, err := svc.Assist.Apply(sqldbtest.As(vilActor), req)
		if err != nil || c.Monthly != 76000 {
			t.Fatalf("apply %+v %v", c, err)
		}
		vil := NewServer(svc, Options{Authenticate: actorAuth(vilActor)}).Handler()
		civil := NewServer(svc, Options{Authenticate: actorAuth(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})}).Handler()
		url := "/api/v1/assistance/cases/" + c.ID + "/steps"
		runScenarios(t, vil, []scenario{
			{Name: "a village refuses", Method: "POST", URL: url, Body: `{"step":"refuse","date":"2026-06-02","reason":"x"}`, ExpectedStatus: 403},
		})
		runScenarios(t, civil, []scenario{
			{Name: "no reason", Method: "POST", URL: url, Body: `{"step":"refuse","date":"2026-06-02"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"reason"`, "请填写不予保障的理由"}},
			{Name: "refused", Method: "POST", URL: url, Body: `{"step":"refuse","date":"2026-06-02","reason":"家庭拥有小轿车一辆"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"不予保障"`, "区民政部门决定不予保障:家庭拥有小轿车一辆"}, NotExpectedContent: []string{man}},
			{Name: "refused twice", Method: "POST", URL: url, Body: `{"step":"refuse","date":"2026-06-03","reason":"再次"}`, ExpectedStatus: 409},
		})
		if _, err := svc.Assist.Apply(sqldbtest.As(vilActor), req); err != nil {
			t.Errorf("apply again after a refusal: %v", err)
		}
	})
}
