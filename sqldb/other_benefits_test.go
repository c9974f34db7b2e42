package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var (
	otherMaker   = shebao.Actor{Name: "daiyu1", Role: "clerk/benefits", Region: "640106000000"}
	otherChecker = shebao.Actor{Name: "daiyu2", Role: "clerk", Region: "640106000000"}
)

func mustPerson(t *testing.T, db *sqldb.DB, name string, birth time.Time, seq int, male bool) string {
	t.Helper()
	id := demo.IDNumber("640106", birth, seq, male)
	if err := db.CreatePerson(admin, person(id, name, "640106100201")); err != nil {
		t.Fatal(err)
	}
	return id
}

func mustEmployer(t *testing.T, db *sqldb.DB, n int, name string) string {
	t.Helper()
	e := &shebao.Employer{USCC: demo.USCC("640106", n), Name: name, RiskClass: 2, Region: "640106100201"}
	if err := db.CreateEmployer(admin, e); err != nil {
		t.Fatal(err)
	}
	return e.USCC
}

func history210(t *testing.T, db *sqldb.DB, id string, from, to, months int) {
	t.Helper()
	var cs []shebao.ContributionYear
	for y := from; y <= to; y++ {
		cs = append(cs, shebao.ContributionYear{IDNo: id, Scheme: "210", Year: y, Months: months, BaseTotal: shebao.Yuan(int64(months) * 4000)})
	}
	if _, errs, err := importYears(db, admin, "history-210", cs); err != nil {
		t.Fatal(err)
	} else {
		for _, e := range errs {
			if e != nil {
				t.Fatal(e)
			}
		}
	}
}

// TestDetermineUnemployment, by hand: 海国庆 paid 210 for 2016–2023 (96
// months of history) and January–March 2024 (three bills paid in full):
// 99 months → 18 months (满5年不足10年); monthly = 2000.00 × 90% = 1800.00
// (example policy), from 2024-05 to 2025-10. While his 210 is still paid
// he cannot claim; 马小燕, with 11 months, cannot at all.
func TestDetermineUnemployment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := mustPerson(t, db, "海国庆", time.Date(1985, 3, 1, 0, 0, 0, 0, time.UTC), 51, true)
		short := mustPerson(t, db, "马小燕", time.Date(1995, 3, 1, 0, 0, 0, 0, time.UTC), 52, false)
		emp := mustEmployer(t, db, 61, "金凤失业测试有限公司")
		for _, p := range []string{id, short} {
			if _, err := db.Hire(admin, p, emp, "2024-01-01", nil); err != nil {
				t.Fatal(err)
			}
		}
		history210(t, db, id, 2016, 2023, 12)
		history210(t, db, short, 2023, 2023, 11)
		var total shebao.Money
		for _, period := range []shebao.Period{"2024-01", "2024-02", "2024-03"} {
			if _, errs, err := declare(db, admin, "d"+string(period), []shebao.Declaration{
				{Employer: emp, Period: period, IDNo: id, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil {
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
		}
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "SY2024040001", Employer: emp, Amount: total, PaidOn: "2024-04-01"}); err != nil {
			t.Fatal(err)
		}
		maker := shebao.WithActor(admin, otherMaker)
		checker := shebao.WithActor(admin, otherChecker)
		req := shebao.UnemploymentRequest{IDNo: id, From: "2024-05", Preview: true}
		if _, err := benefits(db).DetermineUnemployment(maker, req); shebao.ErrorCode(err) != shebao.ECONFLICT || !strings.Contains(shebao.ErrorMessage(err), "仍在参保缴费") {
			t.Errorf("still paying: %v", err)
		}
		for _, p := range []string{id, short} {
			if _, err := db.Leave(admin, p, emp, "2024-04-01", "劳动合同期满"); err != nil {
				t.Fatal(err)
			}
		}
		d, err := benefits(db).DetermineUnemployment(maker, req)
		if err != nil {
			t.Fatal(err)
		}
		if d.Months != 18 || d.Amount != shebao.Yuan(1800) || d.StartMonth != "2024-05" || d.EndMonth != "2025-10" ||
			d.Total != shebao.Yuan(32400) || d.Approval != nil || !d.Preview {
			t.Errorf("determination %+v", d)
		}
		for _, want := range []string{"足额到账的核定月份3个 + 历年缴费记录96个月 = 99个月", "→ 18个月", "失业保险金 = 最低工资标准2000.00 × 90% = 1800.00元/月"} {
			if !strings.Contains(d.Explain, want) {
				t.Errorf("explain lacks %q:\n%s", want, d.Explain)
			}
		}
		if bs, _, _ := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id}); len(bs) != 0 {
			t.Fatalf("preview created %+v", bs)
		}
		if _, err := benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: id, From: "2024-03"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("from before the unemployment: %v", err)
		}
		if _, err := benefits(db).DetermineUnemployment(maker, shebao.UnemploymentRequest{IDNo: short, From: "2024-05"}); shebao.ErrorCode(err) != shebao.ECONFLICT ||
			!strings.Contains(shebao.ErrorMessage(err), "累计缴纳失业保险费11个月") {
			t.Errorf("11 months: %v", err)
		}

		// Submitted, approved by another clerk, created with its end month.
		req.Preview = false
		d, err = benefits(db).DetermineUnemployment(maker, req)
		if err != nil || d.Approval == nil {
			t.Fatalf("submit %+v %v", d, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(maker, d.Approval.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("maker approved: %v", err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, d.Approval.ID, true, "核对失业登记"); err != nil {
			t.Fatal(err)
		}
		bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
		if err != nil || len(bs) != 1 {
			t.Fatalf("benefits %+v %v", bs, err)
		}
		if b := bs[0]; b.Kind != shebao.BenefitUnemployment || b.Scheme != "210" || b.Monthly != shebao.Yuan(1800) ||
			b.StartMonth != "2024-05" || b.EndMonth != "2025-10" || b.CreatedBy != "daiyu1" || b.ApprovedBy != "daiyu2" {
			t.Errorf("benefit %+v", b)
		}
		if _, err := benefits(db).DetermineUnemployment(maker, req); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second determination: %v", err)
		}
	})
}

// otherFixture: employer 金凤生育测试有限公司 declared in 2023 for 吴建平
// (12 months at 6000.00) and 马桂芳 (July–December at 3000.00): 90000.00 over
// 18 employee-months, an average of 5000.00. 杨丽 joins in 2024.
func otherFixture(t *testing.T, db *sqldb.DB) (emp, wu, ma, yang string) {
	t.Helper()
	seedRegions(t, db)
	wage2023(t, db)
	emp = mustEmployer(t, db, 62, "金凤生育测试有限公司")
	wu = mustPerson(t, db, "吴建平", time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC), 53, true)
	ma = mustPerson(t, db, "马桂芳", time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC), 54, false)
	yang = mustPerson(t, db, "杨丽", time.Date(1992, 8, 8, 0, 0, 0, 0, time.UTC), 55, false)
	for p, from := range map[string]string{wu: "2023-01-01", ma: "2023-07-01", yang: "2024-01-01"} {
		if _, err := db.Hire(admin, p, emp, from, nil); err != nil {
			t.Fatal(err)
		}
	}
	var ds []shebao.Declaration
	for m := 1; m <= 12; m++ {
		period := shebao.Period(shebao.PeriodOf(2023, m))
		ds = append(ds, shebao.Declaration{Employer: emp, Period: period, IDNo: wu, Wage: shebao.Yuan(6000)})
		if m >= 7 {
			ds = append(ds, shebao.Declaration{Employer: emp, Period: period, IDNo: ma, Wage: shebao.Yuan(3000)})
		}
	}
	if _, errs, err := declare(db, admin, "d2023", ds); err != nil {
		t.Fatal(err)
	} else {
		for _, e := range errs {
			if e != nil {
				t.Fatal(e)
			}
		}
	}
	return
}

// TestDetermineMaternity: 5000.00 ÷ 30 × (98 + 15 difficult + 15 twins) =
// 21333.33, one-off in the month given.
func TestDetermineMaternity(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		emp, wu, _, yang := otherFixture(t, db)
		maker := shebao.WithActor(admin, otherMaker)
		req := shebao.MaternityRequest{IDNo: yang, Employer: emp, BirthDate: "2024-06-10", Difficult: true, Babies: 2, Month: "2024-07", Preview: true}
		d, err := benefits(db).DetermineMaternity(maker, req)
		if err != nil {
			t.Fatal(err)
		}
		if d.Amount != 2133333 || d.StartMonth != "2024-07" || d.EndMonth != "2024-07" || d.Months != 1 || d.Kind != shebao.BenefitMaternity {
			t.Errorf("determination %+v", d)
		}
		for _, want := range []string{"全年申报工资总额90000.00元 ÷ 申报人月数18 = 5000.00元", "产假128天", "生育津贴 = 5000.00 ÷ 30 × 128天 = 21333.33元"} {
			if !strings.Contains(d.Explain, want) {
				t.Errorf("explain lacks %q:\n%s", want, d.Explain)
			}
		}
		single := req
		single.Difficult, single.Babies = false, 0
		if d, err := benefits(db).DetermineMaternity(maker, single); err != nil || d.Amount != 1633333 {
			t.Errorf("98 days %+v %v", d, err)
		}
		male := req
		male.IDNo = wu
		if _, err := benefits(db).DetermineMaternity(maker, male); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("male: %v", err)
		}
		before := req
		before.BirthDate = "2023-12-01"
		if _, err := benefits(db).DetermineMaternity(maker, before); err == nil || !strings.Contains(shebao.ErrorMessage(err), "未参加生育保险") {
			t.Errorf("birth before joining: %v", err)
		}
		req.Preview = false
		d, err = benefits(db).DetermineMaternity(maker, req)
		if err != nil || d.Approval == nil || d.Approval.Status != shebao.ApprovalPending {
			t.Fatalf("submit %+v %v", d, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(shebao.WithActor(admin, otherChecker), d.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		bs, _, _ := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: yang, Kind: shebao.BenefitMaternity})
		if len(bs) != 1 || bs[0].Monthly != 2133333 || bs[0].Scheme != "510" || bs[0].EndMonth != "2024-07" {
			t.Errorf("benefit %+v", bs)
		}
	})
}

// TestDetermineInjury: 吴建平's own wage over the 12 months before
// 2024-02: 11 months assessed at a base of 6000.00 (his declared wage,
// within 4800–24000 of the 8000.00 average) → 6000.00; grade 7 → 13
// months = 78000.00. 马桂芳's declared 3000.00 was assessed at the floor
// 4800.00, her own wage; grade 10 → 7 months = 33600.00.
func TestDetermineInjury(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		_, wu, ma, yang := otherFixture(t, db)
		for m := 1; m <= 12; m++ {
			if _, err := assess(db, admin, shebao.Period(shebao.PeriodOf(2023, m))); err != nil {
				t.Fatal(err)
			}
		}
		maker := shebao.WithActor(admin, otherMaker)
		d, err := benefits(db).DetermineInjury(maker, shebao.InjuryRequest{IDNo: wu, Grade: 7, InjuryDate: "2024-02-15", Month: "2024-09", Preview: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Amount != shebao.Yuan(78000) || d.Kind != shebao.BenefitInjuryLumpSum || d.StartMonth != "2024-09" {
			t.Errorf("determination %+v", d)
		}
		if !strings.Contains(d.Explain, "工伤保险缴费基数合计66000.00元 ÷ 11个月 = 6000.00元") ||
			!strings.Contains(d.Explain, "一次性伤残补助金 = 本人工资6000.00 × 13个月(7级伤残) = 78000.00元") {
			t.Errorf("explain:\n%s", d.Explain)
		}
		d, err = benefits(db).DetermineInjury(maker, shebao.InjuryRequest{IDNo: ma, Grade: 10, InjuryDate: "2024-03-01", Month: "2024-09"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Amount != shebao.Yuan(33600) || !strings.Contains(d.Explain, "缴费基数合计28800.00元 ÷ 6个月 = 4800.00元") || d.Approval == nil {
			t.Errorf("clamped %+v", d)
		}
		if _, err := benefits(db).DetermineInjury(maker, shebao.InjuryRequest{IDNo: wu, Grade: 11, InjuryDate: "2024-02-15"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("grade 11: %v", err)
		}
		if _, err := benefits(db).DetermineInjury(maker, shebao.InjuryRequest{IDNo: yang, Grade: 5, InjuryDate: "2024-02-15"}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "没有核定的工伤保险缴费基数") {
			t.Errorf("no wages: %v", err)
		}
		if _, err := benefits(db).DetermineInjury(maker, shebao.InjuryRequest{IDNo: yang, Grade: 5, InjuryDate: "2023-02-15"}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "未参加工伤保险") {
			t.Errorf("before joining: %v", err)
		}
		town := shebao.WithActor(admin, shebao.Actor{Name: "town1", Role: "town", Region: "640106100000"})
		if _, err := benefits(db).DetermineInjury(town, shebao.InjuryRequest{IDNo: wu, Grade: 7, InjuryDate: "2024-02-15"}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town determined: %v", err)
		}
	})
}

// The own wage of the work-injury lump sum is the average monthly
// contribution wage (缴费工资) of the 12 months before the injury —
// 工伤保险条例 第六十四条 — that is, the 410 bases assessed, each month's
// declared wage already limited to that month's 60%–300% (issue #14 item
// 15). 赵海燕 declared 30000.00 for 2023-03 … 2023-08 and 3000.00 for
// 2023-09 … 2024-02; injured on 2024-03-10. By hand, at the 8000.00
// average (bases 4800.00–24000.00):
//
//	bases: 6 × 24000.00 + 6 × 4800.00 = 172800.00 ÷ 12 = 14400.00
//	grade 10 → 7 months: 14400.00 × 7 = 100800.00
//
// The declarations' average, 6 × 30000.00 + 6 × 3000.00 = 198000.00 ÷ 12 =
// 16500.00 (× 7 = 115500.00), is what the code paid before.
func TestInjuryWageIsAssessedBase(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		wage2023(t, db)
		emp := mustEmployer(t, db, 63, "金凤工伤测试有限公司")
		zhao := mustPerson(t, db, "赵海燕", time.Date(1985, 4, 2, 0, 0, 0, 0, time.UTC), 56, false)
		if _, err := db.Hire(admin, zhao, emp, "2023-01-01", nil); err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			period := shebao.Period(policy.AddMonths("2023-03", i))
			wage := shebao.Yuan(30000)
			if i >= 6 {
				wage = shebao.Yuan(3000)
			}
			if _, errs, err := declare(db, admin, "d"+string(period), []shebao.Declaration{{Employer: emp, Period: period, IDNo: zhao, Wage: wage}}); err != nil || errs[0] != nil {
				t.Fatal(err, errs)
			}
			if _, err := assess(db, admin, period); err != nil {
				t.Fatal(err)
			}
		}
		d, err := benefits(db).DetermineInjury(shebao.WithActor(admin, otherMaker), shebao.InjuryRequest{IDNo: zhao, Grade: 10, InjuryDate: "2024-03-10", Month: "2024-09", Preview: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Amount != shebao.Yuan(100800) || !strings.Contains(d.Explain, "工伤保险缴费基数合计172800.00元 ÷ 12个月 = 14400.00元") {
			t.Errorf("lump sum %s, want 100800.00:\n%s", d.Amount, d.Explain)
		}
	})
}

// wage2023 puts the 8000.00 average wage in force for 2023 too, so that
// 2023 can be assessed (the shipped example value starts in 2024).
func wage2023(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if _, err := db.LoadPolicy(admin, "wage2023.toml", "", []policy.Param{{Key: "wage.avg_monthly", From: "2023-01-01", To: "2024-01-01",
		Value: "8000.00", Source: "示例值:测试用2023年社平工资", Example: true}}); err != nil {
		t.Fatal(err)
	}
}
