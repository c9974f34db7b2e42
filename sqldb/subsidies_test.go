package sqldb_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestInsuranceSubsidy (issue #19 item 5, docs/DOMAIN.md §10; 就业补助资金
// 管理办法 第七条), by hand with the shipped policy (2026: wage.avg_monthly
// 8000.00, base.floor 60%; employer rates 110 16%, 310 6.5%, 210 0.7%;
// flex 110 20%; labor.insurance_subsidy.flex_share 66.6666%):
//
//	李梅 ♀ 1980-05-01 registers unemployed on 2026-08-01 and is certified
//	大龄 (46 ≥ 40) the same day; 宁夏金凤建筑工程有限公司 hires her on
//	2026-09-01 (wage 6000.00). 王强 ♂ 1990-01-01 is hired the same day
//	without a certification: refused. Her grant (单位) runs from the hire
//	month 2026-09 for 36 months (her retirement is 2035 or later, more
//	than 5 years away): 2026-09 to 2029-08. A month's reimbursement is the
//	employer's own part: 6000.00 × 16% = 960.00, × 6.5% = 390.00, × 0.7% =
//	42.00, in all 1392.00 (the individual's part, and 410/510, are not
//	reimbursed).
//	On 2026-12-06 September and October are paid in full, November short
//	by 100.00: the run of 2026-12 reimburses 2 × 1392.00 = 2784.00 and
//	leaves November waiting (December not yet assessed); the payroll of
//	2026-12 pays 2784.00 to the employer's account; run again, the
//	reimbursement creates nothing and the payroll pays nothing. The rest
//	of November paid, the run again reimburses November alone (1392.00),
//	and the payroll pays that one more.
//	周海 ♂ 1966-09-10, certified 大龄 on 2026-10-01, in 灵活就业 at the base
//	4800.00 from 2026-12: 960.00 a month. His retirement month is 2027-03
//	(60 + ⌊20 ÷ 4⌋ + 1 = 6 months after 2026-09), 3 months after 2026-12 —
//	within 5 years —, so his grant (灵活就业) runs 2026-12 to 2027-02, 3
//	months. On 2027-04-10 he has paid 2026-12 to 2027-03 (4 × 960.00):
//	the run of 2027-04 reimburses 3 × 960.00 × 66.6666% = 3 × 639.99936
//	→ 3 × 640.00 = 1920.00; March 2027 is past the term's end and is not
//	reimbursed. A second grant for him is refused: his term overlaps.
func TestInsuranceSubsidy(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixLaborDay(t)
		seedRegions(t, db)
		a := app.New(db)
		e := a.Employ
		uscc := mustEmployer(t, db, 61, "宁夏金凤建筑工程有限公司")
		mei := mustPerson(t, db, "李梅", mustDate(t, "1980-05-01"), 61, false)
		qiang := mustPerson(t, db, "王强", mustDate(t, "1990-01-01"), 62, true)
		hai := mustPerson(t, db, "周海", mustDate(t, "1966-09-10"), 63, true)
		jy1 := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		jy2 := sqldbtest.As(shebao.Actor{Name: "jy2", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		const account = "6228 4801 2345 6789 012"

		if _, err := e.RegisterUnemployed(jy1, mei, "2026-08-01", "企业裁员"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.CertifyHardship(jy1, shebao.HardshipRequest{IDNo: mei, Reason: shebao.HardshipOlder, Date: "2026-08-01"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{mei, qiang} {
			if _, err := db.Hire(admin, id, uscc, "2026-09-01", nil); err != nil {
				t.Fatal(err)
			}
		}
		var bills []*shebao.Bill
		for _, period := range []shebao.Period{"2026-09", "2026-10", "2026-11"} {
			ds := []shebao.Declaration{{Employer: uscc, Period: period, IDNo: mei, Wage: shebao.Yuan(6000)},
				{Employer: uscc, Period: period, IDNo: qiang, Wage: shebao.Yuan(5000)}}
			if _, errs, err := declare(db, admin, "d"+string(period), ds); err != nil || errs[0] != nil || errs[1] != nil {
				t.Fatalf("declarations: %v %v", errs, err)
			}
			if _, err := assess(db, admin, period); err != nil {
				t.Fatal(err)
			}
			b, err := db.FindBill(admin, uscc, period)
			if err != nil {
				t.Fatal(err)
			}
			bills = append(bills, b)
		}
		paid := bills[0].Total + bills[1].Total + bills[2].Total - shebao.Yuan(100)
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "SB-1", Employer: uscc, Amount: paid, PaidOn: "2026-12-01"}); err != nil {
			t.Fatal(err)
		}

		// The rules of the application.
		req := shebao.InsuranceSubsidyRequest{IDNo: mei, Kind: shebao.SubsidyEmployer, Employer: uscc, BankAccount: account}
		for _, c := range []struct {
			name string
			req  shebao.InsuranceSubsidyRequest
			want string
		}{
			{"kind", shebao.InsuranceSubsidyRequest{IDNo: mei, Kind: "企业", Employer: uscc, BankAccount: account}, "补贴类别“企业”无效"},
			{"account", shebao.InsuranceSubsidyRequest{IDNo: mei, Kind: shebao.SubsidyEmployer, Employer: uscc}, "须填写用人单位的收款账号"},
			{"not certified", shebao.InsuranceSubsidyRequest{IDNo: qiang, Kind: shebao.SubsidyEmployer, Employer: uscc, BankAccount: account},
				"不是认定的就业困难人员"},
			{"before the hire", shebao.InsuranceSubsidyRequest{IDNo: mei, Kind: shebao.SubsidyEmployer, Employer: uscc, Start: "2026-08",
				BankAccount: account}, "早于招用之月2026-09"},
			{"no flex base", shebao.InsuranceSubsidyRequest{IDNo: mei, Kind: shebao.SubsidyFlex, BankAccount: account}, "没有登记灵活就业缴费基数"},
		} {
			if _, err := e.Grant(jy1, c.req); err == nil || !strings.Contains(shebao.ErrorMessage(err), c.want) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		town := sqldbtest.As(shebao.Actor{Name: "lt", Role: shebao.RoleTown, Region: "640106100000"})
		if _, err := e.Grant(town, req); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town applied: %v", err)
		}
		res, err := e.Grant(jy1, req)
		if err != nil {
			t.Fatal(err)
		}
		if g := res.Grant; g.Start != "2026-09" || g.End != "2029-08" || g.Months != 36 || g.Share != shebao.RatePPM || g.EmployerName != "宁夏金凤建筑工程有限公司" {
			t.Fatalf("grant %+v", g)
		}
		if _, err := e.Grant(jy1, req); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("applied twice: %v", err)
		}
		if _, err := a.Approve.DecideApproval(jy1, res.Approval.ID, true, ""); err == nil {
			t.Errorf("the maker approved her own application")
		}
		if _, err := a.Approve.DecideApproval(jy2, res.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}

		// December 2026: September and October are reimbursed.
		r, err := e.Reimburse(jy1, "2026-12")
		if err != nil {
			t.Fatal(err)
		}
		if r.Created != 2 || r.Total != shebao.Yuan(2784) || r.Lines[0].Month != "2026-09" || r.Lines[0].Amount != shebao.Yuan(1392) ||
			r.Lines[1].Month != "2026-10" || len(r.Waiting) != 2 ||
			!strings.Contains(r.Waiting[0], "2026-11:当月应缴") || !strings.Contains(r.Waiting[1], "2026-12:当月缴费尚未核定") {
			t.Fatalf("reimbursement: %+v", r)
		}
		if !strings.Contains(r.Lines[0].Explain, "110 960.00 + 310 390.00 + 210 42.00,合计1392.00元") {
			t.Errorf("explanation: %s", r.Lines[0].Explain)
		}
		pay, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pay.Payments != 2 || pay.Total != shebao.Yuan(2784) {
			t.Errorf("payroll 2026-12: %d payments, %s", pay.Payments, pay.Total)
		}
		if _, err := a.Approve.DecideApproval(payrollChecker, pay.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if again, err := e.Reimburse(jy1, "2026-12"); err != nil || again.Created != 0 || again.Total != 0 {
			t.Errorf("reimbursed twice: %+v %v", again, err)
		}
		if again, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{}); err != nil || again.Payments != 0 || again.Total != 0 {
			t.Errorf("second payroll: %+v %v", again, err)
		}
		// The rest of November: November alone, once.
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "SB-2", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2026-12-05"}); err != nil {
			t.Fatal(err)
		}
		if r, err := e.Reimburse(jy1, "2026-12"); err != nil || r.Created != 1 || r.Total != shebao.Yuan(1392) || r.Lines[0].Month != "2026-11" {
			t.Errorf("November: %+v %v", r, err)
		}
		if pay, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{}); err != nil || pay.Payments != 1 || pay.Total != shebao.Yuan(1392) {
			t.Errorf("payroll of November's: %+v %v", pay, err)
		}
		bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: mei, Kind: shebao.BenefitInsuranceSubsidy})
		if err != nil || len(bs) != 3 {
			t.Fatalf("benefits: %+v %v", bs, err)
		}
		for _, b := range bs {
			if b.BankAccount != "6228480123456789012" || b.StartMonth != "2026-12" || b.EndMonth != "2026-12" || b.Scheme != "210" {
				t.Errorf("benefit %+v", b)
			}
		}

		// The employment report of December 2026 (item 6): 4176.00 of
		// 社会保险补贴 (2784.00 + 1392.00) paid for one person, and the
		// work report's sentence (0.4176 万元 → 0.42).
		rep, err := a.Report.Employment(jy1, "640106000000", report.Span{From: "2026-12-01", To: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if f := rep.Rows[0]; f.InsuranceSubsidyPaid != shebao.Yuan(4176) || f.InsuranceSubsidyPeople != 1 {
			t.Errorf("employment report: %+v", f.EmploymentFigures)
		}
		sum, err := a.Report.Summary(jy1, "640106000000", "")
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(sum.Paragraphs, "\n"); !strings.Contains(text, "向招用就业困难人员的单位和灵活就业的就业困难人员发放社会保险补贴0.42万元(1人)") {
			t.Errorf("work report:\n%s", text)
		}

		// 周海 in 灵活就业, near retirement.
		if _, err := e.RegisterUnemployed(jy1, hai, "2026-10-01", "企业裁员"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.CertifyHardship(jy1, shebao.HardshipRequest{IDNo: hai, Reason: shebao.HardshipOlder, Date: "2026-10-01"}); err != nil {
			t.Fatal(err)
		}
		if err := collectOf(db).RegisterFlexBase(admin, shebao.FlexBase{IDNo: hai, From: "2026-12", Base: shebao.Yuan(4800)}); err != nil {
			t.Fatal(err)
		}
		flex := shebao.InsuranceSubsidyRequest{IDNo: hai, Kind: shebao.SubsidyFlex, BankAccount: "6217 0000 1111 2222 333"}
		fr, err := e.Grant(jy1, flex)
		if err != nil {
			t.Fatal(err)
		}
		if g := fr.Grant; g.Start != "2026-12" || g.End != "2027-02" || g.Months != 3 || g.Share != 666666 ||
			!strings.Contains(g.Explain, "距法定退休年龄(2027年3月)3个月,不足5年") {
			t.Fatalf("flex grant %+v", g)
		}
		if _, err := a.Approve.DecideApproval(jy2, fr.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Grant(jy1, flex); err == nil || !strings.Contains(shebao.ErrorMessage(err), "与新的补贴期重叠") {
			t.Errorf("a second grant: %v", err)
		}
		setDay(t, 2027, 4, 10)
		for _, m := range []shebao.Period{"2026-12", "2027-01", "2027-02", "2027-03"} {
			if _, err := collectOf(db).AssessFlex(admin, m); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := collectOf(db).RecordFlexPayment(admin, "F-ZH-1", hai, shebao.Yuan(3840), "2027-04-10"); err != nil {
			t.Fatal(err)
		}
		r, err = e.Reimburse(jy1, "2027-04")
		if err != nil {
			t.Fatal(err)
		}
		var flexLines []shebao.SubsidyReimbursedLn
		for _, l := range r.Lines {
			if l.IDNo == hai {
				flexLines = append(flexLines, l)
			}
		}
		if r.Created != 3 || r.Total != shebao.Yuan(1920) || len(flexLines) != 3 || flexLines[2].Month != "2027-02" || flexLines[0].Amount != shebao.Yuan(640) {
			t.Fatalf("flex reimbursement: %+v", r)
		}
		if !strings.Contains(flexLines[0].Explain, "本人灵活就业实际缴费960.00元(110 960.00)× 补贴比例66.6666% = 640.00元") {
			t.Errorf("explanation: %s", flexLines[0].Explain)
		}
		if pay, err := benefits(db).RunPayroll(payrollMaker, "2027-04", shebao.PayrollOptions{}); err != nil || pay.Payments != 3 || pay.Total != shebao.Yuan(1920) {
			t.Errorf("payroll 2027-04: %+v %v", pay, err)
		}
		gs, err := e.FindInsuranceSubsidies(jy1)
		if err != nil || len(gs) != 2 {
			t.Errorf("grants: %+v %v", gs, err)
		}
		if _, fc := ledgerCheck(t, db, "210"); !fc.Balanced {
			t.Errorf("210 ledger: %+v", fc)
		}
	})
}
