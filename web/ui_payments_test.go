package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

// The month's individual payments as the checker sees them before the
// release: every payment of the run counted, one person found by number,
// and the bank file downloaded as a spreadsheet whose amounts are numbers
// summing to the run's total; a leader, who sees masked numbers only,
// gets no bank file.
func TestUIPayrollPayments(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			clerk := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District})
			month := shebao.Today().Format("2006-01")
			res, err := svc.Benefit.RunPayroll(clerk, month, shebao.PayrollOptions{})
			if err != nil || res.MonthPayments == 0 {
				t.Fatalf("payroll: %+v %v", res, err)
			}
			ps, _, err := svc.Benefit.FindPayments(clerk, shebao.PaymentFilter{Month: month, Limit: 1})
			if err != nil || len(ps) == 0 {
				t.Fatal(err)
			}

			b := f.browser(t)
			b.login("clerk1")
			expect(t, "payments", b.get("/payroll/payments?month="+month), 200, "共 <strong>"+groupDigits(res.MonthPayments)+"</strong> 笔", `id="bankfile-link"`)
			expect(t, "one person", b.get("/payroll/payments?month="+month+"&id_no="+ps[0].IDNo), 200, "共 <strong>1</strong> 笔", yuan(ps[0].Amount))
			expect(t, "bad month", b.get("/payroll/payments?month="+month+"&status=x"), http.StatusBadRequest, "发放状态")
			r := b.get("/payroll/bankfile?month=" + month + "&status=" + shebao.PaymentPending)
			if r.status != 200 || !strings.Contains(r.header.Get("Content-Disposition"), "payroll-"+month+".xlsx") {
				t.Fatalf("bank file: %d %v", r.status, r.header)
			}
			x, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			sh := x.GetSheetList()[0]
			rows, _ := x.GetRows(sh)
			last := len(rows)
			if err := x.SetCellFormula(sh, "H1", "SUM(G2:G"+strconv.Itoa(last-1)+")"); err != nil {
				t.Fatal(err)
			}
			// Excel's SUM over the amount column (text cells would sum to 0).
			sum, err := x.CalcCellValue(sh, "H1", excelize.Options{RawCellValue: true})
			if got, perr := shebao.ParseYuan(sum); err != nil || perr != nil || got != res.MonthTotal {
				t.Errorf("SUM of the amounts: %q %v, want %s", sum, err, res.MonthTotal)
			}
			if got := rows[last-1][2]; got != strconv.Itoa(res.MonthPayments) {
				t.Errorf("count in the totals row: %q, want %d", got, res.MonthPayments)
			}

			v := f.browser(t)
			v.login("viewer1")
			expect(t, "leader's payments", v.get("/payroll/payments?month="+month), 200)
			if r := v.get("/payroll/bankfile?month=" + month); r.status != http.StatusForbidden {
				t.Errorf("a leader downloads the bank file: %d", r.status)
			}
		})
	}
}
