package assist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDibaoPaidAndStopped pays an approved 低保 case through the monthly
// payroll and stops it, on both engines. The household (魏家桥村, rural
// standard 520.00 from 2024): 马强 (b. 1980) with 800.00 wages, his wife
// 李梅 (b. 1982) and his brother 马刚 (b. 1990) with nothing; all adults
// under 60, so no 分类施保 extra. By hand: per-capita income 800.00 / 3 =
// 266.67 < 520.00; monthly = 520.00 × 3 − 800.00 = 760.00.
//
// Approved on 2025-06-20: one benefit of kind dibao (社会救助资金 JZ, 5201) in
// 马强's name to his account from 2025-06 at 760.00. The June and July
// payrolls pay 760.00 each (1520.00 in all, posted to 5201
// 最低生活保障金支出 of the 社会救助资金, balanced). The stop from 2025-08 ends the benefit with 2025-07, and
// the August payroll pays nothing (a stop found late, from a month already
// paid: TestDibaoStoppedLate). The three members lose the 低保 flag, each
// history naming the case and the month; the stopped case frees them to
// apply again.
func TestDibaoPaidAndStopped(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		admin, vil, town, mz1, mz2, at := f.admin, f.vil, f.town, f.mz1, f.mz2, f.at
		man, wife, brother := f.man, f.wife, f.brother
		payMaker, payChecker := f.payMaker, f.payChecker
		zero, wages := shebao.Money(0), shebao.Money(80000)
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-01", BankAccount: "6228-4804-0256-4890",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: man, Income: &wages}}}}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "bank_account") && !strings.Contains(shebao.ErrorMessage(err), "账号") {
			t.Errorf("a bad account was taken: %v", err)
		}
		c, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-01", BankAccount: "6228480402564890018",
			Members: []shebao.AssistCaseMember{
				{AssistMember: shebao.AssistMember{IDNo: man, Income: &wages}},
				{AssistMember: shebao.AssistMember{IDNo: wife, Income: &zero}, Relation: "配偶"},
				{AssistMember: shebao.AssistMember{IDNo: brother, Income: &zero}, Relation: "兄弟姐妹"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Monthly != 76000 || c.BankAccount != "6228480402564890018" {
			t.Fatalf("applied %+v", c)
		}
		if c, err = a.Assist.Investigate(town, c.ID, shebao.AssistInvestigation{Date: "2025-06-05", AssetsOK: true, Assets: "无机动车;无存款"}); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.Publish(vil, c.ID, "2025-06-06"); err != nil {
			t.Fatal(err)
		}
		// The account given at the application is kept: no --bank needed.
		if c, err = a.Assist.Submit(mz1, c.ID, "2025-06-13", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindCase(mz1, c.ID); err != nil || c.Status != shebao.CaseApproved || c.BenefitID == "" {
			t.Fatalf("approved %+v %v", c, err)
		}
		bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: man})
		if err != nil || len(bs) != 1 {
			t.Fatalf("benefits %+v %v", bs, err)
		}
		b := bs[0]
		if b.ID != c.BenefitID || b.Kind != shebao.BenefitDibao || b.Scheme != shebao.FundAssistance || b.StartMonth != "2025-06" || b.EndMonth != "" ||
			b.Monthly != 76000 || b.BankAccount != "6228480402564890018" || b.Source != "assist:"+c.ID || b.ApprovedBy != "mz2" ||
			!strings.Contains(b.Explanation, "低保案件"+c.ID) || !strings.Contains(b.Explanation, "自2025-06起每月760.00元") {
			t.Errorf("benefit %+v", b)
		}
		run := func(month string, wantN int, wantTotal shebao.Money) {
			t.Helper()
			res, err := a.Benefit.RunPayroll(payMaker, month, shebao.PayrollOptions{})
			if err != nil {
				t.Fatalf("payroll %s: %v", month, err)
			}
			if res.Payments != wantN || res.Total != wantTotal {
				t.Fatalf("payroll %s: %d payments, %s; want %d, %s", month, res.Payments, res.Total, wantN, wantTotal)
			}
			if wantN == 0 {
				return
			}
			if len(res.Totals) != 1 || res.Totals[0].Kind != shebao.BenefitDibao || res.Totals[0].Scheme != shebao.FundAssistance || res.Totals[0].SchemeName != "社会救助资金" || res.Totals[0].KindName != "最低生活保障金" {
				t.Errorf("payroll %s totals %+v", month, res.Totals)
			}
			if _, err := a.Approve.DecideApproval(payChecker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		run("2025-06", 1, 76000)
		at(2025, 7, 10)
		run("2025-07", 1, 76000)
		// A run again pays nothing twice.
		run("2025-07", 0, 0)
		at(2025, 7, 20)
		if _, err := a.Assist.Stop(town, c.ID, "2025-08", "家庭收入超过低保标准"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town stopped: %v", err)
		}
		if _, err := a.Assist.Stop(mz1, c.ID, "2025-08", " "); err == nil || !strings.Contains(shebao.ErrorMessage(err), "请填写停保原因") {
			t.Errorf("no reason: %v", err)
		}
		if c, err = a.Assist.Stop(mz1, c.ID, "2025-08", "家庭收入超过低保标准"); err != nil || c.Status != shebao.CaseStopped || c.StopMonth != "2025-08" {
			t.Fatalf("stopped %+v %v", c, err)
		}
		if _, err := a.Assist.Stop(mz1, c.ID, "2025-09", "再次停保"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("stopped twice: %v", err)
		}
		if b, err = db.FindBenefit(admin, c.BenefitID); err != nil || b.Status != shebao.BenefitStopped || b.EndMonth != "2025-07" {
			t.Errorf("benefit after the stop %+v %v", b, err)
		}
		at(2025, 8, 10)
		run("2025-08", 0, 0)
		// 1520.00 paid in all, posted to 5201 of the 社会救助资金, balanced.
		fs, err := a.Ledger.FundStatus(admin, "2025-08-31")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Fund == shebao.FundAssistance && f.Expenditure12 != 152000 {
				t.Errorf("JZ expenditure %s, want 1520.00", f.Expenditure12)
			}
		}
		chk, err := a.Ledger.CheckLedger(admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range chk.Funds {
			if f.Fund == shebao.FundAssistance && !f.Balanced {
				t.Errorf("JZ ledger %+v", f)
			}
		}
		// The flags follow the stop, with the history.
		for _, x := range []string{man, wife, brother} {
			p, err := a.Registry.FindPerson(admin, x)
			if err != nil || slices.Contains(p.Flags, shebao.FlagDibao) {
				t.Errorf("%s still flagged: %+v %v", x, p, err)
			}
		}
		if h, err := a.Registry.PersonHistory(admin, wife); err != nil || len(h) == 0 ||
			!strings.Contains(h[0].Reason, "低保案件"+c.ID+"停保(自2025-08起):家庭收入超过低保标准") {
			t.Errorf("history %+v %v", h, err)
		}
		// Stopped, the members may apply again.
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2025-08-12",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: brother, Income: &zero}}}}); err != nil {
			t.Errorf("apply again after a stop: %v", err)
		}
	})
}

// TestDibaoStoppedLate stops a case from a month already paid, on both
// engines: the household of TestDibaoPaidAndStopped, 760.00 a month from
// 2025-06. June and July are paid (released); August is computed but not
// yet released when the civil-affairs bureau learns that 马强 found work
// in June and stops the case from 2025-07. By hand: July's 760.00 was paid
// by the bank, so it is an overpayment to recover; August's 760.00 has not
// left the fund, so it is cancelled (its ledger lines reversed). Recovered
// by receipt (Cr 5209 追回救助资金), the 社会救助资金's net expenditure is
// June's 760.00 alone and the ledger balances.
func TestDibaoStoppedLate(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		c := f.approve(t, a)
		f.run(t, a, "2025-06", 76000, true)
		f.at(2025, 7, 10)
		f.run(t, a, "2025-07", 76000, true)
		f.at(2025, 8, 10)
		f.run(t, a, "2025-08", 76000, false)
		f.at(2025, 8, 12)
		c, err := a.Assist.Stop(f.mz1, c.ID, "2025-07", "马强2025年6月起在单位就业,收入超过低保标准")
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != shebao.CaseStopped || c.Recover != 76000 || !slices.Equal(c.RecoverMonths, []string{"2025-07"}) {
			t.Fatalf("stopped late %+v", c)
		}
		ops, n, sum, err := a.Benefit.FindOverpayments(f.admin, shebao.OverpaymentFilter{IDNo: f.man})
		if err != nil || n != 1 || sum != 76000 || ops[0].Month != "2025-07" || !strings.HasPrefix(ops[0].Reason, shebao.ReasonStopOverpayment) {
			t.Fatalf("overpayments %+v %d %s %v", ops, n, sum, err)
		}
		// August's payment is gone from the payroll: nothing to release.
		ps, err := db.FindBenefit(f.admin, c.BenefitID)
		if err != nil || ps.EndMonth != "2025-06" {
			t.Fatalf("benefit %+v %v", ps, err)
		}
		if _, err := a.Benefit.RecoverOverpayment(f.payMaker, c.BenefitID, "2025-07", shebao.OverpaymentRecovery{Receipt: "ZH-DB-1",
			Date: shebao.Today().Format(shebao.DateLayout), Amount: shebao.Yuan(760)}); err != nil {
			t.Fatal(err)
		}
		fs, err := a.Ledger.FundStatus(f.admin, "2025-08-31")
		if err != nil {
			t.Fatal(err)
		}
		for _, fu := range fs {
			if fu.Fund == shebao.FundAssistance && fu.Expenditure12 != 76000 {
				t.Errorf("JZ expenditure %s, want 760.00 (June alone)", fu.Expenditure12)
			}
		}
		chk, err := a.Ledger.CheckLedger(f.admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, fu := range chk.Funds {
			if !fu.Balanced {
				t.Errorf("ledger %+v", fu)
			}
		}
	})
}
