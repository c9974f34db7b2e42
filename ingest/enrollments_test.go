package ingest_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestImportEnrollments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		emp := &shebao.Employer{USCC: demo.USCC("640106", 1), Name: "宁夏金凤建筑工程有限公司", RiskClass: 6, Region: "640106100201"}
		if err := db.CreateEmployer(admin, emp); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*shebao.Person{
			{IDNo: idA, Name: "马德福", Hukou: "农业", Region: "640106100201"},
			{IDNo: idB, Name: "杨桂兰", Hukou: "农业", Region: "640106100201"},
			{IDNo: idC, Name: "周建国", Hukou: "农业", Region: "640106100202"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "参保.csv")
		writeCSV(t, path, [][]string{
			{"身份证号", "姓名", "险种", "单位", "参保日期", "户号"},
			{idA, "马德福", "110", emp.USCC, "2012-03", ""},             // 2 ok
			{idA, "马德福", "职工医保", emp.USCC, "2012-03-01", ""},         // 3 ok
			{idA, "马德福", "新农保", "", "2012-03-01", ""},                // 4 conflicts with 110 of row 2
			{idB, "杨桂兰", "170", "", "2010-01-01", "640106100201-01"}, // 5 ok
			{idB, "杨桂兰", "新农合", "", "2024-01-01", "640106100201-01"}, // 6 ok, same household
			{idC, "周建国", "110", "", "2020-01-01", ""},                // 7 no employer
			{idD, "丁玉兰", "170", "", "2020-01-01", ""},                // 8 unregistered person
			{idC, "周建国", "养老保险", "", "2020-13-01", ""},               // 9 bad date
			{idC, "周建国", "999", "", "2020-01-01", ""},                // 10 unknown scheme
		})
		s, err := ingest.Enrollments(admin, app.New(db), path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created != 4 || s.Rejected != 5 {
			t.Fatalf("summary %+v", s)
		}
		reasons := map[int]string{}
		for _, e := range s.Errors {
			reasons[e.Row] = e.Field + ":" + e.Reason
		}
		for row, want := range map[int]string{4: "企业职工基本养老保险", 7: "单位", 8: "未登记", 9: "参保日期", 10: "险种"} {
			if !strings.Contains(reasons[row], want) {
				t.Errorf("row %d: %q lacks %q", row, reasons[row], want)
			}
		}
		again, err := ingest.Enrollments(admin, app.New(db), path, ingest.Options{})
		if err != nil || again.Created != 0 || again.Unchanged != 4 || again.Rejected != 5 {
			t.Fatalf("re-import %+v %v", again, err)
		}
		// Records taken over from an older system keep their status.
		legacy := filepath.Join(t.TempDir(), "迁移.csv")
		writeCSV(t, legacy, [][]string{
			{"身份证号", "险种", "参保日期", "参保状态", "待遇开始日期"},
			{idC, "170", "2010-01-01", "领取待遇", "2020-05-01"},
			{idD, "170", "2010-01-01", "退休?", ""},
		})
		ls, err := ingest.Enrollments(admin, app.New(db), legacy, ingest.Options{})
		if err != nil || ls.Created != 1 || ls.Rejected != 1 || ls.Errors[0].Field != "参保状态" {
			t.Fatalf("legacy status import %+v %v", ls, err)
		}
		c, err := db.FindPerson(admin, idC)
		if err != nil || len(c.Enrollments) != 1 || c.Enrollments[0].Status != shebao.EnrollBenefit ||
			len(c.Enrollments[0].History) != 2 || c.Enrollments[0].History[1].Date != "2020-05-01" {
			t.Fatalf("legacy status: %+v %v", c.Enrollments, err)
		}
		p, err := db.FindPerson(admin, idB)
		if err != nil || len(p.Enrollments) != 2 || p.Enrollments[0].Household != "640106100201-01" {
			t.Fatalf("person view %+v %v", p, err)
		}
	})
}

// TestImportRuralContract: the 农民合同制工人 column marks the employment an
// imported employee row records (issue #14 item 19). 马德福 (是) and 杨桂兰
// (empty) declare 6000.00 for 2025-01: the 210 individual part is
// 6000 × 0.3% = 18.00 for 杨桂兰 and 0 for 马德福 (失业保险条例 第六条, the
// shipped switch on); the employer's 6000 × 0.7% = 42.00 for both. A value
// other than yes/no, and 是 on a residents' scheme, are refused with the
// row and the field.
func TestImportRuralContract(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		emp := &shebao.Employer{USCC: demo.USCC("640106", 2), Name: "宁夏金凤劳务有限公司", RiskClass: 2, Region: "640106100201"}
		if err := db.CreateEmployer(admin, emp); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*shebao.Person{
			{IDNo: idA, Name: "马德福", Hukou: "农业", Region: "640106100201"},
			{IDNo: idB, Name: "杨桂兰", Hukou: "农业", Region: "640106100201"},
			{IDNo: idC, Name: "周建国", Hukou: "农业", Region: "640106100202"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "参保.csv")
		writeCSV(t, path, [][]string{
			{"身份证号", "险种", "单位", "参保日期", "农民合同制工人"},
			{idA, "210", emp.USCC, "2024-01-01", "是"},  // 2 ok
			{idB, "210", emp.USCC, "2024-01-01", ""},   // 3 ok
			{idC, "210", emp.USCC, "2024-01-01", "也许"}, // 4 bad value
			{idC, "170", "", "2024-01-01", "是"},        // 5 not an employee scheme
		})
		a := app.New(db)
		s, err := ingest.Enrollments(admin, a, path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Created != 2 || s.Rejected != 2 {
			t.Fatalf("summary %+v", s)
		}
		for _, e := range s.Errors {
			if (e.Row != 4 && e.Row != 5) || e.Field != "农民合同制工人" {
				t.Errorf("error %+v", e)
			}
		}
		if _, errs, err := a.Collect.ImportDeclarations(admin, "d", []shebao.Declaration{
			{Employer: emp.USCC, Period: "2025-01", IDNo: idA, Wage: shebao.Yuan(6000)},
			{Employer: emp.USCC, Period: "2025-01", IDNo: idB, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatal(err, errs)
		}
		if _, err := a.Collect.Assess(admin, "2025-01"); err != nil {
			t.Fatal(err)
		}
		b, err := db.FindBill(admin, emp.USCC, "2025-01")
		if err != nil || len(b.Items) != 2 {
			t.Fatalf("bill %+v %v", b, err)
		}
		for _, l := range b.Items {
			want := shebao.Yuan(18)
			if l.IDNo == idA {
				want = 0
			}
			if l.IndivAmount != want || l.EmployerAmount != shebao.Yuan(42) {
				t.Errorf("%s: individual %s employer %s, want %s and 42.00", l.IDNo, l.IndivAmount, l.EmployerAmount, want)
			}
		}
	})
}
