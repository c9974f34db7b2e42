package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestAccountStatement(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		plain, dibao := residentFixture(t, db)
		for _, c := range []shebao.ResidentContribution{
			{ReceiptNo: "S-2024", IDNo: plain, Scheme: "170", Year: 2024, Tier: shebao.Yuan(1000), PaidOn: "2024-05-10"},
			{ReceiptNo: "S-2025", IDNo: plain, Scheme: "170", Year: 2025, Tier: shebao.Yuan(500), PaidOn: "2025-03-10"},
		} {
			if _, _, err := collectOf(db).RecordResidentContribution(admin, c); err != nil {
				t.Fatal(err)
			}
		}
		// Interest on the residents' account, as a movement with its entry.
		if _, err := db.MoveAccounts(admin, "2024-12-31", "interest170:2024", "2024年度记账利息",
			[]shebao.AccountMovement{{IDNo: plain, Fund: "170", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024", Amount: shebao.Money(1234)}}); err != nil {
			t.Fatal(err)
		}
		st, err := app.New(db).Ledger.AccountStatement(admin, plain, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Funds) != 1 {
			t.Fatalf("funds %+v", st.Funds)
		}
		fs := st.Funds[0]
		opening := shebao.Yuan(1000+60+50) + 1234
		if fs.Fund != "170" || fs.Opening != opening || fs.Credits != shebao.Yuan(610) || fs.Closing != opening+shebao.Yuan(610) ||
			len(fs.Items) != 1 || fs.Items[0].Month != "2025-03" || !strings.Contains(fs.Items[0].Explanation, "S-2025") ||
			!strings.Contains(fs.Summary, "年末余额") {
			t.Errorf("2025 statement %+v", fs)
		}
		st24, err := app.New(db).Ledger.AccountStatement(admin, plain, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if f := st24.Funds[0]; f.Opening != 0 || f.Interest != 1234 || f.Closing != opening || len(f.Items) != 2 {
			t.Errorf("2024 statement %+v", f)
		}
		// A citizen reads their own statement and nobody else's.
		own := shebao.WithActor(context.Background(), shebao.Actor{Name: "citizen", Role: shebao.RoleCitizen, Region: "640106100201", IDNo: plain})
		if _, err := app.New(db).Ledger.AccountStatement(own, plain, 2025); err != nil {
			t.Errorf("own statement: %v", err)
		}
		if _, err := app.New(db).Ledger.AccountStatement(own, dibao, 2025); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("other's statement: %v, want not found", err)
		}
		checkBalanced(t, db)
	})
}
