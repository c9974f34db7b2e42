package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPublicPostPlacement (issue #19 item 5) on 2026-12-06, by hand with
// the shipped policy:
//
//	马福 ♂ 1968-03-15 registers unemployed and is certified 大龄 (58 ≥ 50);
//	his statutory retirement month is 2029-01 (60 + ⌊38 ÷ 4⌋ + 1 = 10
//	months), 25 months after 2026-12 — less than 5 years — so a placement
//	from 2026-12 is subsidised until 2028-12 (25 months), not 36.
//	Subsidies of 2026-12: 岗位补贴 1500.00; 社会保险补贴 at the floor base
//	8000.00 × 60% = 4800.00: 110 × 16% = 768.00, 310 × 6.5% = 312.00,
//	210 × 0.7% = 33.60, in all 1113.60. The month's payroll pays 2613.60
//	to the unit's account; the payroll of 2029-01 pays nothing of them.
//	The post has one place: 马兰 (被征地) finds it full; 马强 belongs to no
//	priority group. The maker may not approve her own placement.
func TestPublicPostPlacement(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		fu := mustPerson(t, db, "马福", mustDate(t, "1968-03-15"), 41, true)
		lanID := demo.IDNumber("640106", mustDate(t, "1987-01-01"), 42, false)
		lan := person(lanID, "马兰", "640106100201")
		lan.Flags = []string{shebao.FlagLandLost}
		if err := db.CreatePerson(admin, lan); err != nil {
			t.Fatal(err)
		}
		qiang := mustPerson(t, db, "马强", mustDate(t, "1990-01-01"), 43, true)
		jy1 := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		jy2 := sqldbtest.As(shebao.Actor{Name: "jy2", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		e := a.Employ
		if _, err := e.RegisterUnemployed(jy1, fu, "2026-06-01", "企业裁员"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.CertifyHardship(jy1, shebao.HardshipRequest{IDNo: fu, Reason: shebao.HardshipOlder}); err != nil {
			t.Fatal(err)
		}
		post, err := e.CreatePost(jy1, shebao.PublicPost{Name: "村道保洁员", Region: "640106100201", Unit: "金凤区环境卫生管理所",
			Funding: "就业补助资金", Places: 1, BankAccount: "6228 4801 2345 6789 012"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Place(jy1, shebao.PlaceRequest{PostID: post.ID, IDNo: fu, Start: "2026-12"})
		if err != nil {
			t.Fatal(err)
		}
		x := res.Placement
		if x.Start != "2026-12" || x.End != "2028-12" || x.Months != 25 || x.Priority != shebao.PostPriorityHardship ||
			res.Subsidy.Post != 150000 || res.Subsidy.Insurance != 111360 || res.Approval == nil {
			t.Fatalf("placement: %+v %+v", x, res.Subsidy)
		}
		if !strings.Contains(x.Explain, "距法定退休年龄(2029年1月)25个月,不足5年") {
			t.Errorf("explanation: %s", x.Explain)
		}
		// One waiting: the person may not be placed twice; the post's one
		// place is taken by the waiting placement.
		if _, err := e.Place(jy1, shebao.PlaceRequest{PostID: post.ID, IDNo: fu, Start: "2027-01"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("placed twice: %v", err)
		}
		if _, err := e.Place(jy1, shebao.PlaceRequest{PostID: post.ID, IDNo: lanID, Start: "2026-12"}); err == nil || !strings.Contains(shebao.ErrorMessage(err), "1个岗位已满") {
			t.Errorf("full post: %v", err)
		}
		if _, err := e.Place(jy1, shebao.PlaceRequest{PostID: post.ID, IDNo: qiang, Start: "2026-12"}); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不属于公益性岗位优先安置对象") {
			t.Errorf("no priority group: %v", err)
		}
		if _, err := a.Approve.DecideApproval(jy1, res.Approval.ID, true, ""); err == nil {
			t.Errorf("the maker approved her own placement")
		}
		if _, err := a.Approve.DecideApproval(jy2, res.Approval.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		bs, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: fu})
		if err != nil || len(bs) != 2 {
			t.Fatalf("benefits: %+v %v", bs, err)
		}
		for _, b := range bs {
			if b.StartMonth != "2026-12" || b.EndMonth != "2028-12" || b.BankAccount != "6228480123456789012" {
				t.Errorf("benefit %+v", b)
			}
		}
		pay, err := benefits(db).RunPayroll(payrollMaker, "2026-12", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pay.Payments != 2 || pay.Total != 261360 {
			t.Errorf("payroll 2026-12: %d payments, %s", pay.Payments, pay.Total)
		}
		if _, err := a.Approve.DecideApproval(payrollChecker, pay.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, fc := ledgerCheck(t, db, "210"); !fc.Balanced {
			t.Errorf("210 ledger: %+v", fc)
		}
		// The employment report of December 2026 for the district (item
		// 6), after the register's rebuild: 3 persons of working age; 马福
		// registered unemployed (since 2026-06-01), certified, placed and
		// paid 2613.60; 马兰 the one land-lost farmer, not employed (rate
		// 0.00%).
		if _, err := e.Rebuild(jy1, "", nil); err != nil {
			t.Fatal(err)
		}
		rep, err := a.Report.Employment(jy1, "640106000000", report.Span{From: "2026-12-01", To: "2026-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		want := shebao.EmploymentFigures{WorkingAge: 3, LandLost: 1, Unemployed: 1, Hardship: 1, HardshipPlaced: 1, Placements: 1,
			SubsidyPaid: 261360, SubsidyPaidPeople: 1}
		if got := rep.Rows[0]; got.EmploymentFigures != want || got.LandLostRate != "0.00" {
			t.Errorf("employment report: %+v, want %+v", got, want)
		}
		sum, err := a.Report.Summary(jy1, "640106000000", "")
		if err != nil {
			t.Fatal(err)
		}
		if text := strings.Join(sum.Paragraphs, "\n"); !strings.Contains(text, "就业与劳动力转移:劳动年龄人口3人,其中就业0人(转移就业0人)、务农0人;"+
			"劳动年龄被征地农民1人,已就业0人,就业率0.00%;登记失业1人,本年新增失业登记1人、终止失业登记0人;认定就业困难人员1人,零就业家庭0户,本年清零0户;"+
			"本年公益性岗位安置1人(其中就业困难人员1人),发放公益性岗位补贴0.26万元。") {
			t.Errorf("work report:\n%s", text)
		}
		// In January 2029: the term's last month is paid, the next is not.
		prev := shebao.Now
		shebao.Now = func() time.Time { return time.Date(2029, 1, 10, 2, 0, 0, 0, time.UTC) }
		defer func() { shebao.Now = prev }()
		for _, c := range []struct {
			month string
			n     int
			total shebao.Money
		}{{"2028-12", 2, 261360}, {"2029-01", 0, 0}} {
			pay, err = benefits(db).RunPayroll(payrollMaker, c.month, shebao.PayrollOptions{})
			if err != nil || pay.Payments != c.n || pay.Total != c.total {
				t.Errorf("payroll %s: %+v %v", c.month, pay, err)
			}
		}
		shebao.Now = prev
		ps, err := e.FindPosts(jy1)
		if err != nil || len(ps) != 1 || ps[0].Filled != 1 {
			t.Errorf("posts: %+v %v", ps, err)
		}
		// A town may not place.
		town := sqldbtest.As(shebao.Actor{Name: "lt", Role: shebao.RoleTown, Region: "640106100000"})
		if _, err := e.Place(town, shebao.PlaceRequest{PostID: post.ID, IDNo: lanID, Start: "2027-01"}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town placed: %v", err)
		}
	})
}
