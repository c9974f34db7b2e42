package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPensionMidYearInterest (issue #14 item 18, second half): 马建军 of
// pensionFixture retires in 2025-04 with 97120.00 from before 2025 and
// 2880.00 credited in 2025.
//
//   - Where the district says to wait for the year's rate
//     (interest.partial_year_fallback = 0) and 2025's is not published, the
//     determination is refused, saying so.
//   - Once 2025's rate (a test value, 2.00%) is published: interest of
//     January–April = 97120.00 × 2% × 4/12 + 2880.00 × 2% × 5/12 × 1/2 =
//     647.4666… + 12.00 = 659.4666… → 659.47; balance 100659.47; account
//     pension 100659.47 ÷ 138.4 = 727.3083… → 727.31. Approved, the
//     account holds 100659.47.
//   - The year-end run of 2025 credits 马建军 nothing (his months of 2025
//     were credited by the determination, the rest of the year the
//     balance has been divided), and credits 丁玉兰, who has 10000.00 from
//     before 2025 and nothing else, 10000.00 × 2% = 200.00. The ledger
//     stays balanced.
func TestPensionMidYearInterest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		id := pensionFixture(t, db)
		other := demo.IDNumber("640106", time.Date(1970, 5, 1, 0, 0, 0, 0, time.UTC), 33, false)
		if err := db.CreatePerson(admin, person(other, "丁玉兰", "640106100201")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveAccounts(admin, "2024-12-31", "migrate:110:"+other, "原系统个人账户转入", []shebao.AccountMovement{
			{IDNo: other, Fund: "110", Date: "2024-12-31", Kind: shebao.MoveTransferIn, Source: "migrate:110:" + other, Amount: shebao.Yuan(10000)}}); err != nil {
			t.Fatal(err)
		}
		maker := shebao.WithActor(admin, benefitsClerk)
		checker := shebao.WithActor(admin, secondClerk)
		if _, err := db.LoadPolicy(admin, "district.toml", "", []policy.Param{{Key: "interest.partial_year_fallback", Region: "640106000000",
			From: "2025-01-01", Value: "0", Source: "测试:本区须待当年记账利率公布后核定"}}); err != nil {
			t.Fatal(err)
		}
		req := shebao.DeterminationRequest{IDNo: id, DeemedMonths: 60, Preview: true}
		if _, err := benefits(db).DeterminePension(maker, req); shebao.ErrorCode(err) != shebao.ECONFLICT ||
			!strings.Contains(shebao.ErrorMessage(err), "2025年个人账户记账利率尚未公布") {
			t.Fatalf("fallback off, rate unpublished: %v", err)
		}
		if _, err := db.LoadPolicy(admin, "rate2025.toml", "", []policy.Param{{Key: "interest.110", From: "2025-01-01", To: "2026-01-01",
			Value: "2.00%", Source: "测试:2025年记账利率"}}); err != nil {
			t.Fatal(err)
		}
		req.Preview = false
		d, err := benefits(db).DeterminePension(maker, req)
		if err != nil {
			t.Fatal(err)
		}
		if d.Balance != shebao.Money(10065947) || d.Account != shebao.Money(72731) {
			t.Errorf("balance %s account %s, want 100659.47 and 727.31", d.Balance, d.Account)
		}
		for _, want := range []string{"现有100000.00元 + 本年利息659.47元 = 100659.47元", "2025年记账利率2%",
			"上年末累计储存额97120.00元 × 记账利率2% × 4/12 + 本年记账额2880.00元 × 2% × 5/12 × 1/2 = 659.47元"} {
			if !strings.Contains(d.Explain, want) {
				t.Errorf("explain lacks %q:\n%s", want, d.Explain)
			}
		}
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != shebao.Yuan(100000) {
			t.Errorf("credited before approval: %s", bal)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, d.Approval.ID, true, "档案已核"); err != nil {
			t.Fatal(err)
		}
		if bal, _, err := db.IndividualAccount(admin, id, "110"); err != nil || bal != shebao.Money(10065947) {
			t.Errorf("after approval %s %v, want 100659.47", bal, err)
		}

		res, err := app.New(db).Ledger.RunInterest(admin, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if res.Credited != 1 || res.Total != shebao.Yuan(200) {
			t.Errorf("year-end 2025: credited %d total %s, want 1 and 200.00", res.Credited, res.Total)
		}
		if bal, _, _ := db.IndividualAccount(admin, id, "110"); bal != shebao.Money(10065947) {
			t.Errorf("year-end credited 马建军 again: %s", bal)
		}
		if bal, _, _ := db.IndividualAccount(admin, other, "110"); bal != shebao.Yuan(10200) {
			t.Errorf("丁玉兰 after the year-end: %s, want 10200.00", bal)
		}
		// Run again: nothing more.
		if again, err := app.New(db).Ledger.RunInterest(admin, 2025); err != nil || again.Credited != 0 {
			t.Errorf("second run %+v %v", again, err)
		}
		checkBalanced(t, db)
	})
}
