package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Migration 0041 records the employment of employees imported before the
// import recorded it (issue #14 item 17): a person imported into the five
// employee schemes at schema 0040, without an employment as the old import
// left them, can leave (减员) once the database is migrated; a person hired
// (增员) keeps the one employment they had.
func TestMigrationRecordsImportedEmployments(t *testing.T) {
	ctx := context.Background()
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 40)
			a := app.New(db)
			sqldbtest.SeedRegions(t, a)
			emp := &shebao.Employer{USCC: demo.USCC("640106", 81), Name: "金凤旧迁入有限公司", RiskClass: 1, Region: "640106100201"}
			if err := a.Registry.CreateEmployer(admin, emp); err != nil {
				t.Fatal(err)
			}
			imported := demo.IDNumber("640106", time.Date(1975, 6, 1, 0, 0, 0, 0, time.UTC), 81, true)
			hired := demo.IDNumber("640106", time.Date(1976, 6, 1, 0, 0, 0, 0, time.UTC), 82, false)
			for _, id := range []string{imported, hired} {
				if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "迁入职工", Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
					t.Fatal(err)
				}
			}
			var rows []shebao.EnrollRequest
			for _, s := range shebao.EmployeeBundle {
				rows = append(rows, shebao.EnrollRequest{IDNo: imported, Scheme: s, Employer: emp.USCC, Date: "2014-03-01"})
			}
			if _, errs, err := a.Enroll.ImportEnrollments(admin, "old", rows); err != nil || errs[0] != nil {
				t.Fatal(err, errs)
			}
			if _, err := a.Enroll.Hire(admin, hired, emp.USCC, "2020-01-01", nil); err != nil {
				t.Fatal(err)
			}
			// As the import before the fix left them: no employment.
			if err := db.ExecRaw(ctx, `DELETE FROM employments WHERE id_no = $1`, imported); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Enroll.Leave(admin, imported, emp.USCC, "2025-03-31", "x"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不是单位") {
				t.Fatalf("before the migration: %v", err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			left, err := a.Enroll.Leave(admin, imported, emp.USCC, "2025-03-31", "合同期满")
			if err != nil || len(left) != len(shebao.EmployeeBundle) {
				t.Fatalf("减员 after the migration: %d %v", len(left), err)
			}
			if _, err := a.Enroll.Leave(admin, hired, emp.USCC, "2025-03-31", "合同期满"); err != nil {
				t.Fatalf("减员 of the one hired: %v", err)
			}
			if _, err := a.Enroll.Leave(admin, hired, emp.USCC, "2025-04-30", "再次"); err == nil {
				t.Errorf("the one hired had two employments")
			}
		})
	}
}
