package assist_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDibaoCase runs a 低保 case through its steps on both engines, with
// the household of policy.TestQuoteDibao (魏家桥村, rural standard 520.00):
// the man's 800.00 wages and 300.00 优待抚恤金 (not counted), his wife with
// nothing, their son of 9: base 520.00 × 3 − 800.00 = 760.00 + 未成年人
// 52.00 = 812.00 a month. The village applies; the town investigates (a
// village may not); the village publishes on 2025-06-06 for 7 days (to
// 2025-06-12) and an objection is recorded; the district's civil-affairs
// clerk submits after the publication (not before) and another approves
// (not the town, not the maker): approved from 2025-06 at 812.00.
func TestDibaoCase(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		admin := sqldbtest.Admin()
		prev := shebao.Now
		shebao.Now = func() time.Time { return time.Date(2025, 6, 20, 10, 0, 0, 0, shebao.ChinaTime) }
		t.Cleanup(func() { shebao.Now = prev })
		man, wife, son := id(t, "64010619800315011"), id(t, "64010619820720022"), id(t, "64010620150901031")
		other := id(t, "64010619700101021")
		for _, p := range []*shebao.Person{
			{IDNo: man, Name: "马强", Hukou: "农业", Region: village}, {IDNo: wife, Name: "李梅", Hukou: "农业", Region: village},
			{IDNo: son, Name: "马小军", Hukou: "农业", Region: village}, {IDNo: other, Name: "王福", Hukou: "农业", Region: village},
		} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		vil := sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: village})
		town := sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"})
		mz1 := sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		mz2 := sqldbtest.As(shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000"})
		zero := shebao.Money(0)
		req := shebao.AssistApplyRequest{Region: village, Date: "2025-06-01", Members: []shebao.AssistCaseMember{
			{AssistMember: shebao.AssistMember{IDNo: man, Incomes: []shebao.AssistIncome{{Kind: "工资性收入", Amount: 80000}, {Kind: "优待抚恤金", Amount: 30000}}}},
			{AssistMember: shebao.AssistMember{IDNo: wife, Income: &zero}, Relation: "配偶"},
			{AssistMember: shebao.AssistMember{IDNo: son, Income: &zero}, Relation: "子女"},
		}}
		c, err := a.Assist.Apply(vil, req)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.CaseApplied || c.Monthly != 81200 || c.Members[0].Relation != "本人" || c.Members[1].Name != "李梅" || c.Area != "农村" {
			t.Fatalf("applied %+v", c)
		}
		if _, err := a.Assist.Apply(vil, req); err == nil || !strings.Contains(shebao.ErrorMessage(err), "已在低保案件"+c.ID) {
			t.Errorf("applied twice: %v", err)
		}
		inv := shebao.AssistInvestigation{Date: "2025-06-05", AssetsOK: true, Assets: "无机动车;存款3000元;自有住房一处"}
		if _, err := a.Assist.Investigate(vil, c.ID, inv); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village investigated: %v", err)
		}
		if c, err = a.Assist.Investigate(town, c.ID, inv); err != nil || c.Status != shebao.CaseInvestigated || c.Investigation.By != "lt" {
			t.Fatalf("investigated %+v %v", c, err)
		}
		if c, err = a.Assist.Publish(vil, c.ID, "2025-06-06"); err != nil || c.PublishTo != "2025-06-12" {
			t.Fatalf("published %+v %v", c, err)
		}
		if c, err = a.Assist.Object(vil, c.ID, "2025-06-08", "有村民反映其家中有营运车辆"); err != nil || len(c.Objections) != 1 {
			t.Fatalf("objection %+v %v", c, err)
		}
		if _, err := a.Assist.Object(vil, c.ID, "2025-06-13", "过期异议"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不在公示期2025-06-06至2025-06-12内") {
			t.Errorf("late objection: %v", err)
		}
		if _, err := a.Assist.Submit(mz1, c.ID, "2025-06-12", ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "期满后方可提请审批") {
			t.Errorf("submitted during the publication: %v", err)
		}
		if _, err := a.Assist.Submit(town, c.ID, "2025-06-13", "6228480402564890018"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town submitted the decision: %v", err)
		}
		// No account given at the application: the submission asks for it.
		if _, err := a.Assist.Submit(mz1, c.ID, "2025-06-13", ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "请填写申请人马强的收款银行账号") {
			t.Errorf("submitted without an account: %v", err)
		}
		if c, err = a.Assist.Submit(mz1, c.ID, "2025-06-13", "6228480402564890018"); err != nil || c.Status != shebao.CaseSubmitted || c.ApprovalID == "" {
			t.Fatalf("submitted %+v %v", c, err)
		}
		for _, who := range []context.Context{town, mz1} {
			if _, err := a.Approve.DecideApproval(who, c.ApprovalID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN && shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("decided by the wrong checker: %v", err)
			}
		}
		// (A rejection by the checker is the district's refusal: refusal_test.go.)
		if _, err := a.Approve.DecideApproval(mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		c, err = a.Assist.FindCase(mz1, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.CaseApproved || c.StartMonth != "2025-06" || c.Monthly != 81200 || c.DecidedOn != "2025-06-20" {
			t.Errorf("approved %+v", c)
		}
		// The members are flagged 低保 by the decision, with their history.
		for _, x := range []string{man, wife, son} {
			p, err := a.Registry.FindPerson(admin, x)
			if err != nil || !slices.Contains(p.Flags, shebao.FlagDibao) {
				t.Errorf("%s not flagged: %+v %v", x, p, err)
			}
		}
		if h, err := a.Registry.PersonHistory(admin, man); err != nil || len(h) == 0 || !strings.Contains(h[0].Reason, "低保案件"+c.ID+"批准(自2025-06起)") {
			t.Errorf("history %+v %v", h, err)
		}
		// Lists: the town sees its case; another town none; a citizen may not.
		if cs, n, err := a.Assist.FindCases(town, shebao.AssistCaseFilter{Status: shebao.CaseApproved}); err != nil || n != 1 || cs[0].ID != c.ID {
			t.Errorf("town's list %d %v", n, err)
		}
		if _, n, err := a.Assist.FindCases(sqldbtest.As(shebao.Actor{Name: "fd", Role: "town", Region: "640106101000"}), shebao.AssistCaseFilter{}); err != nil || n != 0 {
			t.Errorf("another town's list %d %v", n, err)
		}
		if _, _, err := a.Assist.FindCases(sqldbtest.As(shebao.Actor{Name: "c", Role: "citizen", IDNo: man, Region: village}), shebao.AssistCaseFilter{}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("citizen's list: %v", err)
		}
		// The civil affairs' list is compared with the decisions.
		ms, err := a.Registry.MatchList(admin, shebao.ListDibao, []shebao.ListEntry{{Row: 2, IDNo: man, Name: "马强"}, {Row: 3, IDNo: other, Name: "王福"}})
		if err != nil || len(ms) != 2 {
			t.Fatalf("match %+v %v", ms, err)
		}
		if !strings.Contains(ms[0].Suggestion, "与本系统一致:低保案件"+c.ID+"已批准,自2025-06起") || !strings.Contains(ms[1].Suggestion, "差异:民政名单有、本系统无低保案件") {
			t.Errorf("match %q %q", ms[0].Suggestion, ms[1].Suggestion)
		}
		// A list without the household: its approved case is a difference
		// of its own, without a row, named by the applicant.
		ms, err = a.Registry.MatchList(admin, shebao.ListDibao, []shebao.ListEntry{{Row: 2, IDNo: other, Name: "王福"}})
		if err != nil || len(ms) != 2 || ms[1].Row != 0 || ms[1].IDNo != man ||
			!strings.Contains(ms[1].Suggestion, "差异:本系统低保案件"+c.ID+"已批准(自2025-06起,3人,每月812.00元),民政名单中无该户成员") {
			t.Errorf("the approved case missing from the list: %+v %v", ms, err)
		}
		// Assets above the limits: refused, and the member may apply again.
		c2, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-01",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: other, Income: &zero}}}})
		if err != nil {
			t.Fatal(err)
		}
		if c2, err = a.Assist.Investigate(town, c2.ID, shebao.AssistInvestigation{Date: "2025-06-05", Assets: "家庭拥有小轿车一辆"}); err != nil ||
			c2.Status != shebao.CaseRefused || !strings.Contains(c2.Reason, "家庭财产状况超出规定") {
			t.Fatalf("refused %+v %v", c2, err)
		}
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2025-07-01",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: other, Income: &zero}}}}); err != nil {
			t.Errorf("apply again after a refusal: %v", err)
		}
		// Bad input names the field.
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Members: []shebao.AssistCaseMember{
			{AssistMember: shebao.AssistMember{IDNo: other, Income: &zero}}, {AssistMember: shebao.AssistMember{IDNo: son, Income: &zero}, Relation: "邻居"}}}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "第2位成员与申请人的关系“邻居”无效") {
			t.Errorf("bad relation: %v", err)
		}
	})
}
