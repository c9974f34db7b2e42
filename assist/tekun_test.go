package assist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// tekunPerson registers 王福 (b. 1950-03-01, 魏家桥村: rural standard
// 520.00) and his son 王军 (b. 1975, 盈南村), the legal obligor, and returns
// their numbers.
func tekunPerson(t *testing.T, a *app.App, f *dibaoFixture) (old, son string) {
	t.Helper()
	old, son = id(t, "64010619500301011"), id(t, "64010619750606011")
	for _, p := range []*shebao.Person{
		{IDNo: old, Name: "王福", Hukou: "农业", Region: village}, {IDNo: son, Name: "王军", Hukou: "农业", Region: "640106100202"},
	} {
		if err := a.Registry.CreatePerson(f.admin, p); err != nil {
			t.Fatal(err)
		}
	}
	return old, son
}

// TestTekunCase takes a 特困 case from the application to the payment, a
// re-assessment and a stop found late, on both engines. 王福 is 75, has no
// income, and his son (the legal obligor) is found unable to support him;
// assessed 全护理. By hand (docs/DOMAIN.md §9, rural 低保 standard 520.00):
// basic living 520.00 × 130% = 676.00, care allowance 全护理 60% × 520.00 =
// 312.00, monthly 988.00. 集中供养 at 良田镇敬老院, paid to its account.
//
// The 低保 household of the fixture (760.00 a month) is approved the same
// day: its member 马强 is refused a 特困 case, and 王福 is refused as a
// member of a 低保 application, each with the reason.
//
// Payrolls: June and July 760.00 + 988.00 = 1748.00. Re-assessed 半护理 on
// 2025-07-08 and approved on 07-10: from 2025-08, 676.00 + 30% × 520.00 =
// 676.00 + 156.00 = 832.00; August pays 760.00 + 832.00 = 1592.00. The
// case stopped on 08-20 from 2025-08 (moved away in July, learnt late):
// August's 832.00 was released, so it is an overpayment to recover, and
// the flag ends with the case named in the history.
func TestTekunCase(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		old, son := tekunPerson(t, a, f)
		dibao := f.approve(t, a)

		if _, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-06-01", IDNo: f.man}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "低保案件"+dibao.ID) || !strings.Contains(shebao.ErrorMessage(err), "特困人员不再同时享受低保") {
			t.Errorf("a 低保 member applied for 特困: %v", err)
		}
		c, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-06-01", IDNo: old})
		if err != nil || c.Status != shebao.TekunApplied || c.Name != "王福" {
			t.Fatalf("applied %+v %v", c, err)
		}
		if _, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-06-02", IDNo: old}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "已有特困人员案件"+c.ID) {
			t.Errorf("applied twice: %v", err)
		}
		zero := shebao.Money(0)
		if _, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-03",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: old, Income: &zero}}}}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "已有特困人员案件"+c.ID) {
			t.Errorf("a 特困 applicant was taken into a 低保 case: %v", err)
		}
		inv := shebao.TekunInvestigation{Date: "2025-06-05", Income: &zero, Obligors: []string{son}, CareLevel: shebao.CareFull, Note: "其子王军长期患病,无履行义务能力"}
		if _, err := a.Assist.InvestigateTekun(f.vil, c.ID, inv); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village investigated: %v", err)
		}
		if c, err = a.Assist.InvestigateTekun(f.town, c.ID, inv); err != nil {
			t.Fatal(err)
		}
		q := c.Quote
		if c.Status != shebao.TekunInvestigated || !q.Eligible || q.Basic != 67600 || q.Care != 31200 || q.Monthly != 98800 || q.Category != "老年人" {
			t.Fatalf("investigated %+v %+v", c, q)
		}
		if !strings.Contains(q.Explain, "基本生活标准 = 低保标准 × 130% = 520.00 × 130% = 676.00元") || !strings.Contains(q.Explain, "月供养金 = 676.00 + 312.00 = 988.00元") {
			t.Errorf("explain %s", q.Explain)
		}
		// The son lives in another village: no 共同生活 finding for an obligor.
		if len(c.Checks) != 2 || c.Checks[1].Name != "王军" || c.Checks[1].Findings[0] != "法定义务人" || strings.Contains(strings.Join(c.Checks[1].Findings, ";"), "户籍登记区划") {
			t.Errorf("checks %+v", c.Checks)
		}
		sub := shebao.TekunSubmitRequest{Date: "2025-06-10", Mode: shebao.TekunCentral, InstitutionAccount: "6228480402564890026"}
		if _, err := a.Assist.SubmitTekun(f.town, c.ID, sub); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town submitted: %v", err)
		}
		if _, err := a.Assist.SubmitTekun(f.mz1, c.ID, sub); err == nil || !strings.Contains(shebao.ErrorMessage(err), "供养服务机构名称") {
			t.Errorf("集中供养 without an institution: %v", err)
		}
		sub.Institution = "良田镇敬老院"
		if c, err = a.Assist.SubmitTekun(f.mz1, c.ID, sub); err != nil || c.Status != shebao.TekunSubmitted || c.PayTo != "良田镇敬老院" {
			t.Fatalf("submitted %+v %v", c, err)
		}
		if _, err := a.Approve.DecideApproval(f.mz1, c.ApprovalID, true, ""); err == nil {
			t.Errorf("the maker approved her own decision")
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindTekunCase(f.mz1, c.ID); err != nil || c.Status != shebao.TekunApproved || c.Monthly != 98800 ||
			c.StartMonth != "2025-06" || c.DecidedOn != "2025-06-20" || c.BenefitID == "" {
			t.Fatalf("approved %+v %v", c, err)
		}
		b, err := db.FindBenefit(f.admin, c.BenefitID)
		if err != nil || b.Kind != shebao.BenefitTekun || b.IDNo != old || b.Scheme != shebao.FundAssistance || b.Monthly != 98800 ||
			b.BankAccount != "6228480402564890026" || !strings.Contains(b.Explanation, "集中供养于良田镇敬老院,发放至良田镇敬老院账户") {
			t.Fatalf("benefit %+v %v", b, err)
		}
		p, err := a.Registry.FindPerson(f.admin, old)
		if err != nil || !slices.Contains(p.Flags, shebao.FlagWubao) {
			t.Fatalf("flag %+v %v", p, err)
		}
		if h, err := a.Registry.PersonHistory(f.admin, old); err != nil || len(h) == 0 || !strings.Contains(h[0].Reason, "特困人员案件"+c.ID+"批准(自2025-06起,集中供养)") {
			t.Errorf("history %+v %v", h, err)
		}
		f.run(t, a, "2025-06", 76000+98800, true)
		f.at(2025, 7, 8)
		f.run(t, a, "2025-07", 76000+98800, true)
		if _, err := a.Assist.ReassessTekun(f.mz1, c.ID, "2025-07-08", shebao.CareFull, ""); err == nil || !strings.Contains(shebao.ErrorMessage(err), "无需变更") {
			t.Errorf("a re-assessment changing nothing: %v", err)
		}
		if c, err = a.Assist.ReassessTekun(f.mz1, c.ID, "2025-07-08", shebao.CarePartial, "康复后可部分自理"); err != nil || c.Status != shebao.TekunChangeSubmitted {
			t.Fatalf("reassessed %+v %v", c, err)
		}
		if r := c.Reassessments[0]; r.Monthly != 83200 || r.Quote.Care != 15600 {
			t.Errorf("reassessment %+v", r)
		}
		f.at(2025, 7, 10)
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindTekunCase(f.mz1, c.ID); err != nil || c.Status != shebao.TekunApproved || c.Monthly != 83200 || c.Reassessments[0].FromMonth != "2025-08" {
			t.Fatalf("changed %+v %v", c, err)
		}
		f.at(2025, 8, 10)
		f.run(t, a, "2025-08", 76000+83200, true)
		f.at(2025, 8, 20)
		if _, err := a.Assist.StopTekun(f.town, c.ID, "2025-08", "迁出"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town stopped: %v", err)
		}
		if c, err = a.Assist.StopTekun(f.mz1, c.ID, "2025-08", "2025年7月迁出本区"); err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.TekunStopped || c.EndMonth != "2025-07" || c.Recover != 83200 || !slices.Equal(c.RecoverMonths, []string{"2025-08"}) {
			t.Fatalf("stopped %+v", c)
		}
		if p, err = a.Registry.FindPerson(f.admin, old); err != nil || slices.Contains(p.Flags, shebao.FlagWubao) {
			t.Fatalf("flag after the stop %+v %v", p, err)
		}
		if h, err := a.Registry.PersonHistory(f.admin, old); err != nil || len(h) == 0 ||
			!strings.Contains(h[0].Reason, "特困人员案件"+c.ID+"终止供养(自2025-08起):2025年7月迁出本区") {
			t.Errorf("history %+v %v", h, err)
		}
		// The statistics (issue #18 item 8) from the cases: on 2025-07-31
		// he is in 集中供养 (1 person), 988.00 × 2 = 1976.00 paid in June and
		// July; on 08-31 the case has ended (last month paid 2025-07), and
		// the year's 特困供养金 is 1976.00 + 832.00 = 2808.00 (August's
		// payment is an overpayment to recover, paid all the same).
		for _, w := range []struct {
			to               string
			n, central, disp int64
			paid             shebao.Money
		}{{"2025-07", 1, 1, 0, 197600}, {"2025-08", 0, 0, 0, 280800}} {
			sp, err := report.ParseSpan("", "2025-01", w.to)
			if err != nil {
				t.Fatal(err)
			}
			st, err := a.Report.Assistance(f.admin, village, sp)
			if x := st.Rows[0]; err != nil || x.Tekun != w.n || x.TekunCentral != w.central || x.TekunDispersed != w.disp || x.TekunPaid != w.paid {
				t.Errorf("statistics to %s: %+v %v", w.to, st.Rows[0], err)
			}
		}
		sm, err := a.Report.Summary(f.admin, "640106100000", "2025-07-31")
		if err != nil || !strings.Contains(strings.Join(sm.Paragraphs, "\n"), "特困供养人员1人(集中供养1人、分散供养0人),本年发放特困供养金0.20万元") {
			t.Errorf("work report %+v %v", sm, err)
		}
		// Stopped, he may apply again; and be a 低保 member.
		if _, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-08-21", IDNo: old}); err != nil {
			t.Errorf("apply again: %v", err)
		}
	})
}

// TestTekunDeath: a 特困 person in 分散供养 dies; the death register's
// matching (the registry's death handling) stops the benefit with the
// month of death and finds what was paid after it, and its hook closes
// the case from the month after the death and ends the flag, said in the
// match's result; the sweep StopDeceasedTekun then finds nothing. On both engines. 王福 is 全自理: 676.00 +
// 10% × 520.00 = 676.00 + 52.00 = 728.00 a month from 2025-06, paid to his
// own account. He dies on 2025-07-15 after the July payroll is released:
// the case ends with 2025-07 (stop month 2025-08), nothing was paid after.
func TestTekunDeath(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		old, _ := tekunPerson(t, a, f)
		zero := shebao.Money(0)
		c, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-06-01", IDNo: old})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.InvestigateTekun(f.town, c.ID, shebao.TekunInvestigation{Date: "2025-06-05", Income: &zero, CareLevel: shebao.CareSelf}); err != nil {
			t.Fatal(err)
		}
		sub := shebao.TekunSubmitRequest{Date: "2025-06-10", Mode: shebao.TekunDispersed, Institution: "良田镇敬老院", BankAccount: "6228480402564890018"}
		if _, err := a.Assist.SubmitTekun(f.mz1, c.ID, sub); err == nil || !strings.Contains(shebao.ErrorMessage(err), "分散供养") {
			t.Errorf("分散供养 with an institution: %v", err)
		}
		sub.Institution = ""
		if c, err = a.Assist.SubmitTekun(f.mz1, c.ID, sub); err != nil || c.Quote.Monthly != 72800 || c.PayTo != "本人" {
			t.Fatalf("submitted %+v %v", c, err)
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		f.run(t, a, "2025-06", 72800, true)
		f.at(2025, 7, 10)
		f.run(t, a, "2025-07", 72800, true)
		f.at(2025, 7, 20)
		ms, err := a.Registry.MatchList(f.admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: old, Name: "王福", DeathDate: "2025-07-15"}})
		if err != nil || len(ms) != 1 || !strings.Contains(ms[0].Applied, "特困供养案件"+c.ID+"自2025-08起终止") {
			t.Fatalf("death list %+v %v", ms, err)
		}
		if c, err = a.Assist.FindTekunCase(f.mz1, c.ID); err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.TekunStopped || c.StopMonth != "2025-08" || c.EndMonth != "2025-07" || c.StopReason != "死亡" || c.Recover != 0 {
			t.Errorf("stopped %+v", c)
		}
		b, err := db.FindBenefit(f.admin, c.BenefitID)
		if err != nil || b.Status != shebao.BenefitStopped || b.EndMonth != "2025-07" {
			t.Errorf("benefit %+v %v", b, err)
		}
		p, err := a.Registry.FindPerson(f.admin, old)
		if err != nil || slices.Contains(p.Flags, shebao.FlagWubao) {
			t.Errorf("flag after the death %+v %v", p, err)
		}
		// The sweep finds nothing left to stop.
		if cs, err := a.Assist.StopDeceasedTekun(f.mz1); err != nil || len(cs) != 0 {
			t.Errorf("sweep %+v %v", cs, err)
		}
		f.at(2025, 8, 10)
		f.run(t, a, "2025-08", 0, false)
	})
}

// TestTekunDeathRecordedByClerk: the same hook when a clerk records the
// death on the person (修改登记: 状态 死亡): 王福, 全自理 728.00 from
// 2025-06, dies 2025-06-28; recorded on 07-02, the case ends with 2025-06
// (stop month 2025-07) and the flag is gone. On both engines.
func TestTekunDeathRecordedByClerk(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		old, _ := tekunPerson(t, a, f)
		zero := shebao.Money(0)
		c, err := a.Assist.ApplyTekun(f.vil, shebao.TekunApplyRequest{Region: village, Date: "2025-06-01", IDNo: old})
		if err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.InvestigateTekun(f.town, c.ID, shebao.TekunInvestigation{Date: "2025-06-05", Income: &zero, CareLevel: shebao.CareSelf}); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.SubmitTekun(f.mz1, c.ID, shebao.TekunSubmitRequest{Date: "2025-06-10", Mode: shebao.TekunDispersed, BankAccount: "6228480402564890018"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		f.at(2025, 7, 2)
		dead, day := shebao.StatusDeceased, "2025-06-28"
		if _, err := a.Registry.UpdatePerson(f.admin, old, shebao.PersonUpdate{Status: &dead, DeathDate: &day, Reason: "死亡登记"}); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindTekunCase(f.mz1, c.ID); err != nil || c.Status != shebao.TekunStopped || c.StopMonth != "2025-07" || c.EndMonth != "2025-06" {
			t.Fatalf("after the death %+v %v", c, err)
		}
		p, err := a.Registry.FindPerson(f.admin, old)
		if err != nil || slices.Contains(p.Flags, shebao.FlagWubao) {
			t.Errorf("flag %+v %v", p, err)
		}
	})
}
