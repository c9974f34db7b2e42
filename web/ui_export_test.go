package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

// Lists download as .xlsx with the page's filters: the persons of a
// village — every one of them, ID numbers as text cells, masked for a
// village assistant as on the page — and the month's payments, whose
// amounts are number cells that sum to the payroll's total.
func TestUIExports(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			_, villagers, err := svc.Registry.FindPersons(admin, shebao.PersonFilter{Region: "640106100201", Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			var amountType excelize.CellType
			open := func(b *browser, path string) [][]string {
				t.Helper()
				r := b.get(path)
				if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/vnd.openxmlformats") {
					t.Fatalf("%s: %d %s", path, r.status, r.header.Get("Content-Type"))
				}
				x, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
				if err != nil {
					t.Fatal(err)
				}
				defer x.Close()
				amountType, _ = x.GetCellType(x.GetSheetList()[0], "F3")
				rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				return rows
			}
			clerk := f.browser(t)
			clerk.login("clerk1")
			expect(t, "persons page", clerk.get("/persons?region=640106100201"), 200, `href="/persons?format=xlsx&amp;region=640106100201"`)
			rows := open(clerk, "/persons?region=640106100201&format=xlsx")
			// A title row, the header, one row per person.
			if len(rows) != villagers+2 || rows[1][1] != "身份证号" {
				t.Fatalf("persons: %d rows for %d persons; header %v", len(rows), villagers, rows[1])
			}
			if len(rows[2][1]) != 18 || strings.Contains(rows[2][1], "*") {
				t.Errorf("a clerk's export masks or truncates the number: %q", rows[2][1])
			}
			village := f.browser(t)
			village.login("village1")
			if vr := open(village, "/persons?format=xlsx"); len(vr) != villagers+2 || !strings.Contains(vr[2][1], "**********") {
				t.Errorf("the village's export: %d rows, number %q", len(vr), vr[2][1])
			}

			month := shebao.Today().Format("2006-01")
			res, err := svc.Benefit.RunPayroll(shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District}), month, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			rows = open(clerk, "/payroll/payments?format=xlsx&month="+month)
			if len(rows) != res.MonthPayments+2 {
				t.Fatalf("payments: %d rows for %d payments", len(rows), res.MonthPayments)
			}
			var sum shebao.Money
			for _, row := range rows[2:] {
				m, err := shebao.ParseYuan(row[5])
				if err != nil {
					t.Fatalf("amount %q: %v", row[5], err)
				}
				sum += m
			}
			if amountType != excelize.CellTypeNumber && amountType != excelize.CellTypeUnset {
				t.Errorf("an amount cell is of type %v, want a number", amountType)
			}
			if sum != res.MonthTotal {
				t.Errorf("payments sum to %s, want %s", sum, res.MonthTotal)
			}
		})
	}
}
