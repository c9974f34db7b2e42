package benefit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPensionFromDeterminationToBank follows an employee pension through
// the service, by hand: a man born 1964-06-10 reaches 60 in 2024-06 (before
// the gradual delay of 2025) and is paid from 2024-07; 20 years of history
// at index 1.2 (2400.00 over 2000.00 a month); C = 8000.00 (2024); an
// account of 139000.00 moved in from the earlier system on 2024-06-30,
// which earns the interest of January–June 2024 at 2024's 2.62% before it
// is divided (issue #14 item 18): nothing before 2024, the year's credits
// 139000.00 × 2.62% × 7/12 × 1/2 = 1062.1916… → 1062.19; balance 140062.19:
//
//	basic   = (8000 + 8000 × 1.2) ÷ 2 × 20 × 1% = 1760.00
//	account = 140062.19 ÷ 139 = 1007.6416… → 1007.64
//	total   = 2767.64 a month
//
// The determination waits for a second clerk; approved, the benefit exists,
// the account holds 140062.19 and his 110 enrollment is 享受待遇; the July
// payroll pays 2767.64, of which the account 1007.64 (balance 139054.55
// after), and its release, approved by the second clerk, marks it 已发放;
// the books balance throughout.
func TestPensionFromDeterminationToBank(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		id := newPerson(t, a, "马德才", "640106100201", time.Date(1964, 6, 10, 0, 0, 0, 0, time.UTC), 21, true)
		uscc := newEmployer(t, a, 73)
		if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "110", Employer: uscc, Date: "2020-01-01"}); err != nil {
			t.Fatal(err)
		}
		var hist []shebao.ContributionYear
		for y := 2004; y <= 2023; y++ {
			hist = append(hist, shebao.ContributionYear{IDNo: id, Scheme: "110", Year: y, Months: 12, BaseTotal: shebao.Yuan(12 * 2400), AvgWage: shebao.Yuan(2000)})
		}
		if _, errs, err := a.Collect.ImportContributionYears(admin, "history", hist); err != nil {
			t.Fatal(err)
		} else {
			for _, e := range errs {
				if e != nil {
					t.Fatal(e)
				}
			}
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2024-06-30", "migrate:"+id, "原系统个人账户转入", []shebao.AccountMovement{
			{IDNo: id, Fund: "110", Date: "2024-06-30", Kind: shebao.MoveTransferIn, Source: "migrate:" + id, Amount: shebao.Yuan(139000)}}); err != nil {
			t.Fatal(err)
		}

		d, err := a.Benefit.DeterminePension(maker, shebao.DeterminationRequest{IDNo: id, BankAccount: "6228480000000000021"})
		if err != nil {
			t.Fatal(err)
		}
		if d.RetireMonth != "2024-06" || d.StartMonth != "2024-07" || d.Index != "1.2000" || d.Months != 240 ||
			d.Basic != shebao.Yuan(1760) || d.Account != shebao.Money(100764) || d.Transitional != 0 || d.Total != shebao.Money(276764) {
			t.Fatalf("determination %s %s I=%s %d months: %s + %s + %s = %s", d.RetireMonth, d.StartMonth, d.Index, d.Months,
				d.Basic, d.Account, d.Transitional, d.Total)
		}
		if d.Approval == nil || !strings.Contains(d.Explain, "平均缴费指数") {
			t.Fatalf("approval %v, explanation %q", d.Approval, d.Explain)
		}
		if bs, _, _ := a.Benefit.FindBenefits(admin, shebao.BenefitFilter{IDNo: id}); len(bs) != 0 {
			t.Fatalf("a benefit before the approval: %v", bs)
		}
		if _, err := a.Approve.DecideApproval(maker, d.Approval.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Fatalf("the maker approved her own determination: %v", err)
		}
		if _, err := a.Approve.DecideApproval(checker, d.Approval.ID, true, "核对无误"); err != nil {
			t.Fatal(err)
		}
		bs, _, err := a.Benefit.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
		if err != nil || len(bs) != 1 || bs[0].Monthly != shebao.Money(276764) || bs[0].StartMonth != "2024-07" {
			t.Fatalf("benefits %v %v", bs, err)
		}
		ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: id, Scheme: "110"})
		if err != nil || len(ns) != 1 || ns[0].Status != shebao.EnrollBenefit {
			t.Fatalf("enrollments %v %v", ns, err)
		}
		// A second determination of the same pension is refused.
		if _, err := a.Benefit.DeterminePension(maker, shebao.DeterminationRequest{IDNo: id}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second determination: %v", err)
		}

		res, err := a.Benefit.RunPayroll(maker, "2024-07", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 1 || res.Total != shebao.Money(276764) || res.AccountPart != shebao.Money(100764) || res.Release == nil {
			t.Fatalf("payroll %+v", res)
		}
		if bal := account(t, a, id, "110"); bal != shebao.Money(13905455) {
			t.Errorf("account %s after July, want 139054.55", bal)
		}
		balanced(t, a)
		if _, err := a.Approve.DecideApproval(checker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		sum, err := a.Benefit.PayrollTotals(admin, "2024-07", "")
		if err != nil || sum.Released != 1 || sum.Pending != 0 || sum.Total != shebao.Money(276764) || sum.Run == nil || sum.Run.Status != "done" {
			t.Fatalf("totals %+v %v", sum, err)
		}
		balanced(t, a)
	})
}

// TestDeathOverpaymentRecovered: a pension paid for a month after the
// death (reported late) is an overpayment; recovering it posts the money
// back and puts the account part back into the account; a write-off of
// another is decided by a second clerk.
func TestDeathOverpaymentRecovered(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		id := newPerson(t, a, "杨桂英", "640106100201", time.Date(1950, 2, 1, 0, 0, 0, 0, time.UTC), 22, false)
		if _, err := a.Benefit.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: id, Kind: shebao.BenefitPension, StartMonth: "2025-01",
			Monthly: shebao.Yuan(3000), AccountPart: shebao.Yuan(500), Source: "determination:test", Explanation: "测试"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2024-12-31", "opening", "期初余额", []shebao.AccountMovement{
			{IDNo: id, Fund: "110", Date: "2024-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(10000)}}); err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"2025-01", "2025-02", "2025-03"} {
			res, err := a.Benefit.RunPayroll(maker, m, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(checker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		if bal := account(t, a, id, "110"); bal != shebao.Yuan(8500) {
			t.Fatalf("account %s after three months", bal)
		}
		// Died 2025-01-20: February and March were paid after the death.
		if _, err := a.Registry.UpdatePerson(admin, id, shebao.PersonUpdate{Status: ptr(shebao.StatusDeceased), DeathDate: ptr("2025-01-20"), Reason: "死亡登记"}); err != nil {
			t.Fatal(err)
		}
		found, err := a.Benefit.DetectOverpayments(maker)
		if err != nil || found != 2 {
			t.Fatalf("found %d: %v", found, err)
		}
		bs, _, _ := a.Benefit.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
		today := shebao.Today().Format(shebao.DateLayout)
		o, err := a.Benefit.RecoverOverpayment(maker, bs[0].ID, "2025-02", shebao.OverpaymentRecovery{Receipt: "ZH-1", Date: today, Amount: shebao.Yuan(3000)})
		if err != nil || o.Status != shebao.OverpaymentRecovered || o.Amount != shebao.Yuan(3000) {
			t.Fatalf("recovered %+v %v", o, err)
		}
		if bal := account(t, a, id, "110"); bal != shebao.Yuan(9000) {
			t.Errorf("account %s after the recovery, want 9000.00 (500.00 back)", bal)
		}
		if again, err := a.Benefit.RecoverOverpayment(maker, bs[0].ID, "2025-02", shebao.OverpaymentRecovery{Receipt: "ZH-1", Date: today, Amount: shebao.Yuan(3000)}); err != nil || !again.Repeat {
			t.Errorf("the same voucher again: %+v %v", again, err)
		}
		if bal := account(t, a, id, "110"); bal != shebao.Yuan(9000) {
			t.Errorf("account %s after the voucher again, want 9000.00", bal)
		}
		if _, err := a.Benefit.RecoverOverpayment(maker, bs[0].ID, "2025-02", shebao.OverpaymentRecovery{Receipt: "ZH-2", Date: today, Amount: shebao.Yuan(3000)}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("recovered twice: %v", err)
		}
		ap, created, err := a.Benefit.SubmitWriteOff(maker, shebao.WriteOffRequest{BenefitID: bs[0].ID, Month: "2025-03", Reason: "无遗产可供追回"})
		if err != nil || !created {
			t.Fatal(err, created)
		}
		if again, created, err := a.Benefit.SubmitWriteOff(maker, shebao.WriteOffRequest{BenefitID: bs[0].ID, Month: "2025-03", Reason: "无遗产"}); err != nil || created || again.ID != ap.ID {
			t.Errorf("second request: %v %v %v", again, created, err)
		}
		if _, err := a.Approve.DecideApproval(checker, ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		ovs, _, total, err := a.Benefit.FindOverpayments(admin, shebao.OverpaymentFilter{IDNo: id})
		if err != nil || len(ovs) != 2 || total != shebao.Yuan(6000) {
			t.Fatalf("overpayments %v %s %v", ovs, total, err)
		}
		for _, o := range ovs {
			want := map[string]string{"2025-02": shebao.OverpaymentRecovered, "2025-03": shebao.OverpaymentWrittenOff}[o.Month]
			if o.Status != want {
				t.Errorf("%s: %s, want %s", o.Month, o.Status, want)
			}
		}
		balanced(t, a)
	})
}

func ptr[T any](v T) *T { return &v }
