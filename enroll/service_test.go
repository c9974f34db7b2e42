package enroll_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var admin = sqldbtest.Admin()

func persons(t *testing.T, a *app.App, n int) []string {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	var ids []string
	for i := 0; i < n; i++ {
		id := demo.IDNumber("640106", time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), 30+i, i%2 == 0)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "参保人" + string(rune('甲'+i)), Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// One request decides alike alone (Enroll) and in an import chunk
// (ImportEnrollments): the same refusal for the same rule, a repeat of an
// open enrollment unchanged, next year's 390 ending this year's, and a
// later row of the chunk seeing an earlier one.
func TestEnrollAndImportDecideAlike(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := persons(t, a, 2)
		emp := &shebao.Employer{USCC: demo.USCC("640106", 61), Name: "金凤参保测试有限公司", RiskClass: 1, Region: "640106100201"}
		if err := a.Registry.CreateEmployer(admin, emp); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids[0], Scheme: "170", Date: "2010-01-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids[1], Scheme: "390", Date: "2024-01-01", Year: 2024}); err != nil {
			t.Fatal(err)
		}
		single110 := shebao.EnrollRequest{IDNo: ids[0], Scheme: "110", Employer: emp.USCC, Date: "2012-01-01"}
		_, errSingle := a.Enroll.Enroll(admin, single110)
		out, errs, err := a.Enroll.ImportEnrollments(admin, "r", []shebao.EnrollRequest{
			single110,
			{IDNo: ids[0], Scheme: "170", Date: "2010-01-01"},
			{IDNo: ids[1], Scheme: "390", Date: "2024-01-01", Year: 2024},
			{IDNo: ids[1], Scheme: "390", Date: "2024-12-01", Year: 2025},
			{IDNo: ids[1], Scheme: "390", Date: "2024-12-02", Year: 2025},
			{IDNo: ids[1], Scheme: "170", Date: "2020-01-01", Employer: emp.USCC},
		})
		// Row 5 sees row 4's 2025 enrollment (later rows see earlier ones).
		if err != nil {
			t.Fatal(err)
		}
		if errSingle == nil || errs[0] == nil || shebao.ErrorMessage(errs[0]) != shebao.ErrorMessage(errSingle) || shebao.ErrorCode(errs[0]) != shebao.ECONFLICT {
			t.Errorf("110 while in 170: alone %v, imported %v", errSingle, errs[0])
		}
		if out[1] != shebao.Unchanged || out[2] != shebao.Unchanged || out[3] != shebao.Created || errs[4] == nil || errs[5] == nil {
			t.Errorf("outcomes %v %v", out, errs)
		}
		ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: ids[1], Scheme: "390"})
		if err != nil || len(ns) != 2 {
			t.Fatalf("390s %v %v", ns, err)
		}
		for _, n := range ns {
			switch n.Year {
			case 2024:
				if n.Status != shebao.EnrollEnded || n.EndDate != "2024-12-31" || n.EndReason != shebao.EndExpired {
					t.Errorf("2024 not ended with its year: %+v", n)
				}
			case 2025:
				if n.Status != shebao.EnrollActive || n.Household == "" {
					t.Errorf("2025: %+v", n)
				}
			}
		}
	})
}

// 增员 joins the five employee schemes; 减员 suspends them; 增员 by another
// employer continues the suspended records (one record per slot).
func TestHireLeaveHire(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		id := persons(t, a, 1)[0]
		var usccs []string
		for i := 0; i < 2; i++ {
			e := &shebao.Employer{USCC: demo.USCC("640106", 62+i), Name: "金凤增员测试公司" + string(rune('甲'+i)), RiskClass: 1, Region: "640106100201"}
			if err := a.Registry.CreateEmployer(admin, e); err != nil {
				t.Fatal(err)
			}
			usccs = append(usccs, e.USCC)
		}
		first, err := a.Enroll.Hire(admin, id, usccs[0], "2024-01-01", nil)
		if err != nil || len(first) != 5 {
			t.Fatalf("hire %v %v", first, err)
		}
		if _, err := a.Enroll.Hire(admin, id, usccs[0], "2024-02-01", nil); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("hired twice: %v", err)
		}
		left, err := a.Enroll.Leave(admin, id, usccs[0], "2024-06-30", "合同到期")
		if err != nil || len(left) != 5 {
			t.Fatalf("leave %v %v", left, err)
		}
		for _, n := range left {
			if n.Status != shebao.EnrollSuspended {
				t.Errorf("after 减员: %+v", n)
			}
		}
		if _, err := a.Enroll.Leave(admin, id, usccs[0], "2024-07-31", ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("left twice: %v", err)
		}
		second, err := a.Enroll.Hire(admin, id, usccs[1], "2024-08-01", nil)
		if err != nil || len(second) != 5 {
			t.Fatalf("hire again %v %v", second, err)
		}
		was := map[string]string{}
		for _, n := range first {
			was[n.Scheme] = n.ID
		}
		for _, n := range second {
			if n.ID != was[n.Scheme] || n.Status != shebao.EnrollActive || n.Employer != usccs[1] {
				t.Errorf("%s not continued with the new employer: %+v", n.Scheme, n)
			}
		}
		if _, err := a.Enroll.Hire(admin, "11010519491231002X", usccs[1], "2024-08-01", nil); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("an unregistered person hired: %v", err)
		}
	})
}
