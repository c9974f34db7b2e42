package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTrainingSubsidy (issue #19 item 3, docs/DOMAIN.md §10), by hand with
// the shipped policy (labor.training.subsidy.primary 1000.00,
// .intermediate 1500.00, .senior 2000.00):
//
//	On 2026-12-06 a course 电工 (初级) of 银川市职业技能培训中心,
//	2026-12-01 to 2026-12-20, 120 hours, 3 places, subsidy to the
//	provider's account. 马老汉 ♂ 1966-07-15 is refused: his retirement
//	month is 2026-12 (60 + ⌊18 ÷ 4⌋ + 1 = 5 months), so he is not of
//	working age on 2026-12-01. 张一, 张二, 张三 are enrolled; 杨四 finds the
//	3 places taken.
//	On 2026-12-21: 张一 结业 with 初级 (1000.00), 张二 结业 with 中级
//	(1500.00), 张三 未结业 (40 of 120 hours). Submitted: 2 persons, 2500.00;
//	the maker may not approve; the second clerk does on 2026-12-22, and the
//	payroll of 2026-12 pays 2 one-off payments of 2500.00 in all to the
//	provider's account; run again, it pays nothing; the 210 ledger balances.
//	Submitting the course again finds nobody to pay; a second 电工 course
//	where 张一 again obtains 初级 pays him nothing (once per occupation and
//	level).
func TestTrainingSubsidy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixLaborDay(t) // per engine: the test moves the day
		seedRegions(t, db)
		a := app.New(db)
		e := a.Employ
		old := mustPerson(t, db, "马老汉", mustDate(t, "1966-07-15"), 51, true)
		one := mustPerson(t, db, "张一", mustDate(t, "1990-02-01"), 52, true)
		two := mustPerson(t, db, "张二", mustDate(t, "1985-05-01"), 53, false)
		three := mustPerson(t, db, "张三", mustDate(t, "2000-09-01"), 54, true)
		four := mustPerson(t, db, "杨四", mustDate(t, "1995-01-01"), 55, false)
		jy1 := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		jy2 := sqldbtest.As(shebao.Actor{Name: "jy2", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		course := shebao.TrainingCourse{Name: "2026年第4期电工培训班", Region: "640106100201", Provider: "银川市职业技能培训中心",
			Occupation: "电工", Level: shebao.CertPrimary, Start: "2026-12-01", End: "2026-12-20", Hours: 120, Places: 3,
			Payee: shebao.TrainingPayProvider, BankAccount: "6228 4801 2345 6789 012"}
		bad := course
		bad.Level = "特级"
		if _, err := e.CreateCourse(jy1, bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "培训等级“特级”无效") {
			t.Errorf("bad level: %v", err)
		}
		town := sqldbtest.As(shebao.Actor{Name: "lt", Role: shebao.RoleTown, Region: "640106100000"})
		if _, err := e.CreateCourse(town, course); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town created a course: %v", err)
		}
		c, err := e.CreateCourse(jy1, course)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Enrol(jy1, c.ID, old); err == nil || !strings.Contains(shebao.ErrorMessage(err), "马老汉") {
			t.Errorf("enrolled a person past working age: %v", err)
		}
		for _, id := range []string{one, two, three} {
			if _, err := e.Enrol(jy1, c.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.Enrol(jy1, c.ID, one); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("enrolled twice: %v", err)
		}
		if _, err := e.Enrol(jy1, c.ID, four); err == nil || !strings.Contains(shebao.ErrorMessage(err), "3个名额已满") {
			t.Errorf("places: %v", err)
		}
		// Before the course ends no outcome; then the outcomes.
		if _, err := e.RecordOutcome(jy1, shebao.TrainingOutcome{CourseID: c.ID, IDNo: one, Attended: 120, Completed: true}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "不能早于该日") {
			t.Errorf("outcome before the end: %v", err)
		}
		setDay(t, 2026, 12, 21)
		for _, o := range []shebao.TrainingOutcome{
			{CourseID: c.ID, IDNo: one, Attended: 120, Completed: true, Certificate: shebao.CertPrimary, CertNo: "S000064010600001"},
			{CourseID: c.ID, IDNo: two, Attended: 116, Completed: true, Certificate: shebao.CertIntermediate, CertNo: "S000064010600002"},
			{CourseID: c.ID, IDNo: three, Attended: 40},
		} {
			if _, err := e.RecordOutcome(jy1, o); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.RecordOutcome(jy1, shebao.TrainingOutcome{CourseID: c.ID, IDNo: three, Attended: 121}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "应在0至120") {
			t.Errorf("attendance above the hours: %v", err)
		}
		res, err := e.SubmitSubsidy(jy1, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Lines) != 2 || res.Total != 250000 || res.Lines[0].Amount+res.Lines[1].Amount != 250000 || len(res.Skipped) != 1 ||
			!strings.Contains(res.Skipped[0], "张三:未结业") {
			t.Fatalf("submission: %+v", res)
		}
		if _, err := e.SubmitSubsidy(jy1, c.ID); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("submitted twice: %v", err)
		}
		if _, err := a.Approve.DecideApproval(jy1, res.Approval.ID, true, ""); err == nil {
			t.Errorf("the maker approved her own submission")
		}
		setDay(t, 2026, 12, 22)
		if _, err := a.Approve.DecideApproval(jy2, res.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		want := map[string]shebao.Money{one: 100000, two: 150000}
		for id, amount := range want {
			bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id, Kind: shebao.BenefitTraining})
			if err != nil || len(bs) != 1 {
				t.Fatalf("benefits of %s: %+v %v", id, bs, err)
			}
			if b := bs[0]; b.Monthly != amount || b.StartMonth != "2026-12" || b.EndMonth != "2026-12" || b.BankAccount != "6228480123456789012" ||
				!strings.Contains(b.Explanation, "拨付至培训机构“银川市职业技能培训中心”账户") {
				t.Errorf("benefit %+v", b)
			}
		}
		pay, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pay.Payments != 2 || pay.Total != 250000 {
			t.Errorf("payroll 2026-12: %d payments, %s", pay.Payments, pay.Total)
		}
		if _, err := a.Approve.DecideApproval(payrollChecker, pay.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		again, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{})
		if err != nil || again.Payments != 0 || again.Total != 0 || again.Release != nil {
			t.Errorf("second run: %+v %v", again, err)
		}
		if _, fc := ledgerCheck(t, db, "210"); !fc.Balanced {
			t.Errorf("210 ledger: %+v", fc)
		}
		// The employment report of December 2026 (item 6): 2 completions
		// (张三 未结业 is none), one 初级 and one 中级 certificate, 2500.00 of
		// training subsidies paid; the work report says so.
		rep, err := a.Report.Employment(jy1, "640106000000", report.Span{From: "2026-12-01", To: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if f := rep.Rows[0]; f.TrainingCompleted != 2 || f.CertPrimary != 1 || f.CertIntermediate != 1 || f.CertSenior != 0 || f.TrainingSubsidyPaid != 250000 {
			t.Errorf("employment report: %+v", f.EmploymentFigures)
		}
		sum, err := a.Report.Summary(jy1, "640106000000", "")
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(sum.Paragraphs, "\n"); !strings.Contains(text, "本年职业培训结业2人,取得初级证书1人、中级证书1人、高级证书0人,发放职业培训补贴0.25万元") {
			t.Errorf("work report:\n%s", text)
		}
		if _, err := e.SubmitSubsidy(jy1, c.ID); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("submitted after payment: %v", err)
		}
		if _, err := e.RecordOutcome(jy1, shebao.TrainingOutcome{CourseID: c.ID, IDNo: one, Attended: 120}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("changed a paid outcome: %v", err)
		}
		es, err := e.FindEnrolments(jy1, c.ID)
		if err != nil || len(es) != 3 {
			t.Fatalf("enrolments: %+v %v", es, err)
		}
		// A second 电工 course: 张一's new 初级 certificate is not paid again.
		second := course
		second.Name, second.Start, second.End = "2027年第1期电工培训班", "2026-12-23", "2026-12-30"
		c2, err := e.CreateCourse(jy1, second)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Enrol(jy1, c2.ID, one); err != nil {
			t.Fatal(err)
		}
		setDay(t, 2026, 12, 30)
		if _, err := e.RecordOutcome(jy1, shebao.TrainingOutcome{CourseID: c2.ID, IDNo: one, Attended: 60, Completed: true,
			Certificate: shebao.CertPrimary, CertNo: "S000064010600009"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.SubmitSubsidy(jy1, c2.ID); err == nil || !strings.Contains(shebao.ErrorMessage(err), "同一职业同一等级只补贴一次") {
			t.Errorf("paid twice for one level: %v", err)
		}
	})
}

// setDay moves today to the day (restored by fixLaborDay's cleanup).
func setDay(t *testing.T, y int, m time.Month, d int) {
	t.Helper()
	shebao.Now = func() time.Time { return time.Date(y, m, d, 2, 0, 0, 0, time.UTC) }
}
