package collect_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// One chunk declaring a person's wage twice: the first row creates it, the
// second replaces it, and the month is assessed on the second (the
// replacement used to be written before the new row was inserted, so the
// first wage stayed).
func TestDeclarationTwiceInOneChunk(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		district(t, a)
		uscc, ids := workforce(t, a, "640106100201", 3, 1, 1)
		out, errs, err := a.Collect.ImportDeclarations(admin, "twice", []shebao.Declaration{
			{Employer: uscc, Period: "2025-03", IDNo: ids[0], Wage: shebao.Yuan(6000)},
			{Employer: uscc, Period: "2025-03", IDNo: ids[0], Wage: shebao.Yuan(7000)},
			{Employer: uscc, Period: "2025-03", IDNo: ids[0], Wage: shebao.Yuan(7000)},
		})
		if err != nil || errs[0] != nil || errs[1] != nil || out[0] != shebao.Created || out[1] != shebao.Updated || out[2] != shebao.Unchanged {
			t.Fatalf("%v %v %v", out, errs, err)
		}
		if _, err := a.Collect.Assess(admin, "2025-03"); err != nil {
			t.Fatal(err)
		}
		bill, err := a.Collect.FindBill(admin, uscc, "2025-03")
		if err != nil || len(bill.Items) == 0 || bill.Items[0].Declared != shebao.Yuan(7000) {
			t.Fatalf("bill %+v %v", bill, err)
		}
	})
}
