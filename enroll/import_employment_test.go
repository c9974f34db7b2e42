package enroll_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Employees taken in by `import enrollments` are the employer's employees,
// as if hired (增员): 减员 suspends their employee schemes, and importing
// the same file again records nothing twice (issue #14 item 17). One row
// taken over as 暂停缴费 (suspended in the old system) was an employee
// until that date: another employer may hire the person, and the first
// employer's 减员 answers that the person is not its employee. Before the
// fix the import recorded no employment, so 减员 answered
// "不是单位…的在职参保职工" for everyone imported.
func TestImportedEmployeesCanLeave(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		ids := persons(t, a, 2)
		emp := &shebao.Employer{USCC: demo.USCC("640106", 71), Name: "金凤迁入测试有限公司", RiskClass: 1, Region: "640106100201"}
		other := &shebao.Employer{USCC: demo.USCC("640106", 72), Name: "金凤另一测试有限公司", RiskClass: 1, Region: "640106100201"}
		for _, e := range []*shebao.Employer{emp, other} {
			if err := a.Registry.CreateEmployer(admin, e); err != nil {
				t.Fatal(err)
			}
		}
		var rows []shebao.EnrollRequest
		for _, s := range shebao.EmployeeBundle {
			rows = append(rows, shebao.EnrollRequest{IDNo: ids[0], Scheme: s, Employer: emp.USCC, Date: "2015-07-01"})
		}
		rows = append(rows, shebao.EnrollRequest{IDNo: ids[1], Scheme: "110", Employer: emp.USCC, Date: "2016-01-01",
			Status: shebao.EnrollSuspended, StatusDate: "2020-06-30"})
		for run := range 2 {
			out, errs, err := a.Enroll.ImportEnrollments(admin, "import", rows)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range errs {
				if e != nil {
					t.Fatalf("run %d row %d: %v", run, i, e)
				}
				if want := []shebao.Outcome{shebao.Created, shebao.Unchanged}[run]; out[i] != want {
					t.Errorf("run %d row %d: %v, want %v", run, i, out[i], want)
				}
			}
		}
		left, err := a.Enroll.Leave(admin, ids[0], emp.USCC, "2025-03-31", "合同期满")
		if err != nil {
			t.Fatalf("减员 of an imported employee: %v", err)
		}
		if len(left) != len(shebao.EmployeeBundle) {
			t.Errorf("减员 suspended %d enrollments, want %d", len(left), len(shebao.EmployeeBundle))
		}
		for _, n := range left {
			if n.Status != shebao.EnrollSuspended {
				t.Errorf("%s: %s after 减员", n.Scheme, n.Status)
			}
		}
		// Once left, not the employer's employee any more; hired again, yes.
		if _, err := a.Enroll.Leave(admin, ids[0], emp.USCC, "2025-04-30", "再次"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不是单位") {
			t.Errorf("second 减员: %v", err)
		}
		if _, err := a.Enroll.Hire(admin, ids[0], emp.USCC, "2025-06-01", nil); err != nil {
			t.Errorf("增员 after 减员: %v", err)
		}
		// The one taken over as suspended: no longer the first employer's
		// employee, and free to be hired by another.
		if _, err := a.Enroll.Leave(admin, ids[1], emp.USCC, "2025-03-31", "x"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不是单位") {
			t.Errorf("减员 of one taken over as suspended: %v", err)
		}
		if _, err := a.Enroll.Hire(admin, ids[1], other.USCC, "2025-04-01", []string{"110"}); err != nil {
			t.Errorf("增员 by another employer: %v", err)
		}
	})
}
