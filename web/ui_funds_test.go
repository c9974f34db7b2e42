package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The funds page: each fund's balance as the ledger has it; a fund that
// spent more than it has is flagged as a deficit with no months of
// payment capacity, not shown as a plain number; the ledger check on
// demand; a town clerk, who reads no fund, is refused.
func TestUIFunds(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			// 工伤: 1,200.00 元 of medical costs paid out of an empty fund
			// (−1,200.00; a month's spending 100.00; −12.00 months).
			day := shebao.Today().AddDate(0, 0, -10).Format(shebao.DateLayout)
			if _, err := svc.Ledger.Post(admin, &shebao.Entry{Fund: "410", Date: day, Kind: shebao.PostPayment, Source: "ui-test", Description: "测试",
				Lines: []shebao.Line{shebao.Debit(shebao.AcctInjuryMedical, 120000), shebao.Credit(shebao.AcctBank, 120000)}}); err != nil {
				t.Fatal(err)
			}
			st, err := svc.Ledger.FundStatus(admin, "")
			if err != nil {
				t.Fatal(err)
			}
			var pension shebao.FundStatus
			for _, s := range st {
				if s.Fund == "110" {
					pension = s
				}
			}
			if pension.Balance <= 0 {
				t.Errorf("the demo's 110 fund: balance %s, want the opening balance above zero", pension.Balance)
			}
			b := f.browser(t)
			b.login("viewer1")
			r := b.get("/funds")
			expect(t, "funds", r, 200, `id="funds"`, yuan(pension.Balance), "-1,200.00 ⚠ 赤字", "-12.00 ⚠ 无支付能力")
			expect(t, "check", b.get("/funds?check=1"), 200, `id="ledger-check"`, "账务平衡")
			expect(t, "bad date", b.get("/funds?date=2026-02-30"), http.StatusBadRequest)
			town := f.browser(t)
			town.login("town1")
			if r := town.get("/funds"); r.status != http.StatusForbidden {
				t.Errorf("a town clerk's funds page: %d", r.status)
			}
			if strings.Contains(town.get("/").body, `href="/funds"`) {
				t.Error("a town clerk's navigation offers the funds page")
			}
		})
	}
}
