package assist_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDibaoRefused: a refusal is a final decision (最低生活保障审核确认办法
// 第二十二条: 不予批准的,书面告知申请人并说明理由). The fixture's household
// (3 members at 520.00 with 800.00 wages: 520.00 × 3 − 800.00 = 760.00)
// is submitted and the second clerk rejects the decision in the 复核 queue:
// the case is closed as 不予保障 with the checker's reason, nobody is
// flagged 低保 and nothing is paid; a second submission is refused (the case
// is closed). The household applies again; the civil-affairs line refuses
// the new application before its publication (a town may not); then a
// third application goes through and is approved at 760.00.
func TestDibaoRefused(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, time.June, 20)
		c, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-01", BankAccount: "6228480402564890018",
			Members: f.members(80000)})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.Investigate(f.town, c.ID, shebao.AssistInvestigation{Date: "2025-06-05", AssetsOK: true, Assets: "无机动车"}); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.Publish(f.vil, c.ID, "2025-06-06"); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.Object(f.vil, c.ID, "2025-06-08", "该户有营运货车一辆"); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.Submit(f.mz1, c.ID, "2025-06-13", ""); err != nil || c.Monthly != 76000 {
			t.Fatalf("submitted %+v %v", c, err)
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, false, "经核实该户有营运货车一辆,不符合低保条件"); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindCase(f.mz1, c.ID); err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.CaseRefused || c.Reason != "区民政部门审批不予批准:经核实该户有营运货车一辆,不符合低保条件" || c.DecidedOn != "2025-06-20" || c.BenefitID != "" {
			t.Errorf("rejected: %s %q %s %q", c.Status, c.Reason, c.DecidedOn, c.BenefitID)
		}
		if _, err := a.Assist.Submit(f.mz1, c.ID, "2025-06-21", ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("a refused case submitted again: %v", err)
		}
		p, err := a.Registry.FindPerson(f.admin, f.man)
		if err != nil || slices.Contains(p.Flags, shebao.FlagDibao) {
			t.Errorf("flagged after a refusal: %+v %v", p, err)
		}
		// The household's own view says why.
		mine := sqldbtest.As(shebao.Actor{Name: "mq", Role: "citizen", IDNo: f.man, Region: village})
		if cs, err := a.Assist.CasesOf(mine, f.man); err != nil || len(cs) != 1 || !strings.Contains(cs[0].Reason, "营运货车") {
			t.Errorf("the household's view: %+v %v", cs, err)
		}

		// The household may apply again; the district refuses before the
		// publication, with a reason; a town may not refuse.
		c2, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-07-01", BankAccount: "6228480402564890018",
			Members: f.members(80000)})
		if err != nil {
			t.Fatalf("apply again after a refusal: %v", err)
		}
		if _, err := a.Assist.Refuse(f.town, c2.ID, "2025-07-02", "重复申请"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town refused: %v", err)
		}
		if _, err := a.Assist.Refuse(f.mz1, c2.ID, "2025-07-02", " "); err == nil || !strings.Contains(shebao.ErrorMessage(err), "请填写不予保障的理由") {
			t.Errorf("refused without a reason: %v", err)
		}
		if c2, err = a.Assist.Refuse(f.mz1, c2.ID, "2025-07-02", "营运货车尚未处置"); err != nil || c2.Status != shebao.CaseRefused ||
			c2.Reason != "区民政部门决定不予保障:营运货车尚未处置" || c2.DecidedOn != "2025-07-02" {
			t.Fatalf("refused %+v %v", c2, err)
		}
		if _, err := a.Assist.Refuse(f.mz1, c2.ID, "2025-07-03", "再次"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("refused twice: %v", err)
		}
		// The third application is approved at 760.00.
		f.at(2025, time.August, 20)
		c3 := f.approve(t, a)
		if c3.Monthly != 76000 || c3.ID == c.ID || c3.ID == c2.ID {
			t.Errorf("approved after two refusals: %+v", c3)
		}
		// A change after a review that the checker rejects is no refusal:
		// the case stays approved at 760.00. (Wages down to 500.00:
		// 520.00 × 3 − 500.00 = 1060.00, an 增发.)
		f.at(2025, time.September, 1)
		wages, zero := shebao.Money(50000), shebao.Money(0)
		c3, err = a.Assist.Review(f.town, c3.ID, shebao.AssistReviewRequest{Date: "2025-09-01", AssetsOK: true, Assets: "无变化",
			Members: []shebao.AssistMember{{IDNo: f.man, Income: &wages}, {IDNo: f.wife, Income: &zero}, {IDNo: f.brother, Income: &zero}}})
		if err != nil || c3.Reviews[0].Outcome != shebao.ReviewIncrease || c3.Reviews[0].Monthly != 106000 {
			t.Fatalf("reviewed %+v %v", c3, err)
		}
		if c3, err = a.Assist.Submit(f.mz1, c3.ID, "2025-09-01", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c3.ApprovalID, false, "工资证明不全"); err != nil {
			t.Fatal(err)
		}
		if c3, err = a.Assist.FindCase(f.mz1, c3.ID); err != nil || c3.Status != shebao.CaseApproved || c3.Monthly != 76000 ||
			c3.Reviews[0].Rejected != "工资证明不全" {
			t.Errorf("change rejected: %+v %v", c3, err)
		}
	})
}
