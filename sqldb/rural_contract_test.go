package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestRuralContractWorker (issue #14 item 19; 失业保险条例 第六条、第二十一条),
// by hand with the shipped policy: 社平工资 8000.00 (base 4800–24000),
// 210 at 0.7% employer / 0.3% individual, the switch on since 1999, the
// allowance 500.00 per full year for at most 12 years (examples).
//
//   - 李农 is hired on 2023-01-01 as a 农民合同制工人, 王城 on the same day
//     on an ordinary contract, 马短 on 2024-06-01 as a 农民合同制工人; each
//     declares 6000.00 for 2025-01 and 2025-02. 210 lines: employer
//     6000 × 0.7% = 42.00 for each; individual 6000 × 0.3% = 18.00 for
//     王城 only, 0 for the two rural workers. The bill of each month:
//     110 (16% + 8% = 1440.00) + 310 (per the shipped rates) + 410 + 210 …
//     only the 210 parts are checked, and the bill is paid in full.
//   - All three leave on 2025-03-01. 李农 worked 2023-01-01 → 2025-03-01 =
//     2 full years: the one-off living allowance = 2 × 500.00 = 1000.00,
//     not unemployment benefit. 马短 worked 2024-06-01 → 2025-03-01, 9
//     months: refused, under one year. 王城 has the 210 history 2016–2022
//     (84 months) + 2 paid months = 86 → 18 months of benefit, as before.
//   - Where the district turns the switch off from 2025-06-01, 李农's
//     re-hire line of 2025-06 has the individual 18.00 again.
func TestRuralContractWorker(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		li := mustPerson(t, db, "李农", time.Date(1985, 3, 1, 0, 0, 0, 0, time.UTC), 71, true)
		wang := mustPerson(t, db, "王城", time.Date(1986, 3, 1, 0, 0, 0, 0, time.UTC), 73, true)
		ma := mustPerson(t, db, "马短", time.Date(1990, 3, 1, 0, 0, 0, 0, time.UTC), 75, true)
		emp := mustEmployer(t, db, 71, "金凤建筑劳务有限公司")
		for _, h := range []shebao.HireRequest{
			{IDNo: li, Employer: emp, Date: "2023-01-01", RuralContract: true},
			{IDNo: wang, Employer: emp, Date: "2023-01-01"},
			{IDNo: ma, Employer: emp, Date: "2024-06-01", RuralContract: true},
		} {
			if _, err := a.Enroll.HireWith(admin, h); err != nil {
				t.Fatal(err)
			}
		}
		history210(t, db, wang, 2016, 2022, 12)

		var total shebao.Money
		for _, period := range []shebao.Period{"2025-01", "2025-02"} {
			var ds []shebao.Declaration
			for _, id := range []string{li, wang, ma} {
				ds = append(ds, shebao.Declaration{Employer: emp, Period: period, IDNo: id, Wage: shebao.Yuan(6000)})
			}
			if _, errs, err := declare(db, admin, "d"+string(period), ds); err != nil || errs[0] != nil {
				t.Fatal(err, errs)
			}
			if _, err := assess(db, admin, period); err != nil {
				t.Fatal(err)
			}
			b, err := db.FindBill(admin, emp, period)
			if err != nil {
				t.Fatal(err)
			}
			total += b.Total
			seen := 0
			for _, l := range b.Items {
				if l.Scheme != "210" {
					continue
				}
				seen++
				wantIndiv := shebao.Money(0)
				if l.IDNo == wang {
					wantIndiv = shebao.Yuan(18)
				}
				if l.EmployerAmount != shebao.Yuan(42) || l.IndivAmount != wantIndiv {
					t.Errorf("%s 210 line of %s: employer %s individual %s, want 42.00 and %s", period, l.IDNo, l.EmployerAmount, l.IndivAmount, wantIndiv)
				}
				if l.IDNo == li && !strings.Contains(l.Explain, "农民合同制工人本人不缴纳失业保险费") {
					t.Errorf("explain of the rural line: %s", l.Explain)
				}
			}
			if seen != 3 {
				t.Errorf("%s: %d lines of 210, want 3", period, seen)
			}
			// Assessing again changes nothing.
			res, err := assess(db, admin, period)
			if err != nil || res.Rewritten != 0 {
				t.Errorf("re-assessment of %s: %+v %v", period, res, err)
			}
		}
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "NM2025030001", Employer: emp, Amount: total, PaidOn: "2025-02-28"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{li, wang, ma} {
			if _, err := db.Leave(admin, p, emp, "2025-03-01", "劳动合同期满未续订"); err != nil {
				t.Fatal(err)
			}
		}
		maker := shebao.WithActor(admin, otherMaker)
		d, err := benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: li, From: "2025-04", Preview: true})
		if err != nil {
			t.Fatal(err)
		}
		if d == nil || d.Kind != shebao.BenefitRuralAllowance || d.Amount != shebao.Yuan(1000) || d.Total != shebao.Yuan(1000) || d.Months != 1 ||
			d.StartMonth != "2025-04" || d.EndMonth != "2025-04" {
			t.Errorf("rural allowance %+v", d)
		}
		for _, want := range []string{"连续工作满2年", "单位足额缴纳失业保险费2个月", "不领取失业保险金",
			"一次性生活补助 = 本单位连续工作满2年 × 500.00元 = 1000.00元"} {
			if !strings.Contains(d.Explain, want) {
				t.Errorf("explain lacks %q:\n%s", want, d.Explain)
			}
		}
		if _, err := benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: ma, From: "2025-04", Preview: true}); shebao.ErrorCode(err) != shebao.ECONFLICT ||
			!strings.Contains(shebao.ErrorMessage(err), "连续工作不满1年") {
			t.Errorf("9 months: %v", err)
		}
		d, err = benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: wang, From: "2025-04", Preview: true})
		if err != nil || d.Kind != shebao.BenefitUnemployment || d.Months != 18 {
			t.Errorf("ordinary worker: %+v %v", d, err)
		}

		// Submitted and approved: a one-off benefit of 1000.00.
		d, err = benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: li, From: "2025-04"})
		if err != nil || d.Approval == nil {
			t.Fatalf("submit %+v %v", d, err)
		}
		if _, err := a.Approve.DecideApproval(shebao.WithActor(admin, otherChecker), d.Approval.ID, true, "核对劳动合同"); err != nil {
			t.Fatal(err)
		}
		bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: li})
		if err != nil || len(bs) != 1 || bs[0].Kind != shebao.BenefitRuralAllowance || bs[0].Monthly != shebao.Yuan(1000) {
			t.Fatalf("benefits %+v %v", bs, err)
		}

		// The district makes rural workers pay from 2025-06: 李农, hired
		// again as a rural worker, pays the individual 18.00 in June.
		if _, err := db.LoadPolicy(admin, "district.toml", "", []policy.Param{{Key: "unemployment.rural_contract.exempt", Region: "640106000000",
			From: "2025-06-01", Value: "0", Source: "测试:本区自2025年6月起农民合同制工人与城镇职工同等缴费"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.HireWith(admin, shebao.HireRequest{IDNo: li, Employer: emp, Date: "2025-05-01", RuralContract: true}); err != nil {
			t.Fatal(err)
		}
		for _, period := range []shebao.Period{"2025-05", "2025-06"} {
			if _, errs, err := declare(db, admin, "d"+string(period), []shebao.Declaration{{Employer: emp, Period: period, IDNo: li, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil {
				t.Fatal(err, errs)
			}
			if _, err := assess(db, admin, period); err != nil {
				t.Fatal(err)
			}
			b, err := db.FindBill(admin, emp, period)
			if err != nil {
				t.Fatal(err)
			}
			want := shebao.Yuan(18) // June: the switch is off
			if period == "2025-05" {
				want = 0
			}
			for _, l := range b.Items {
				if l.Scheme == "210" && l.IndivAmount != want {
					t.Errorf("%s: individual 210 %s, want %s", period, l.IndivAmount, want)
				}
			}
		}
	})
}
