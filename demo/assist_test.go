package demo_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDemoAssist builds a demo of 900 persons twice (the second build
// changes nothing) and reads its social assistance: one case at each
// stage — 待调查, 待公示, 公示中 with its objection, 复核待决定, 渐退期,
// 已停保 — the rest 已批准 with their benefit (or 不予保障 where the registry
// check finds the household above the standard); the persons in cases about
// 3% of all (the demo's villages are rural, its communities urban: 4% and
// 1.5%); the 临时救助 approved; the 社会救助资金's budget of 900.00 a month
// per household for a year received once; the ledger balanced.
func TestDemoAssist(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		for range 2 {
			if err := demo.Build(ctx, a, 900); err != nil {
				t.Fatal(err)
			}
		}
		cs, total, err := a.Assist.FindCases(ctx, shebao.AssistCaseFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		hs := demo.DibaoHouseholds(demo.Persons(2005, 900), 2005, demo.DemoUrban)
		if total != len(hs) || total < 8 {
			t.Fatalf("%d cases, want %d households", total, len(hs))
		}
		by := map[string]int{}
		persons := 0
		for _, c := range cs {
			by[c.Status]++
			persons += len(c.Members)
			if c.Status == shebao.CasePublished && len(c.Objections) != 1 {
				t.Errorf("published without its objection: %+v", c)
			}
			if c.Status == shebao.CaseApproved && (c.BenefitID == "" || c.Monthly <= 0) {
				t.Errorf("approved without a benefit: %+v", c)
			}
		}
		for _, st := range []string{shebao.CaseApplied, shebao.CaseInvestigated, shebao.CasePublished, shebao.CaseReviewed, shebao.CaseTapering, shebao.CaseStopped} {
			if by[st] != 1 {
				t.Errorf("%d cases %s, want 1 (%v)", by[st], st, by)
			}
		}
		// A household whose registry check counts a pension or wages of a
		// member above the standard is refused at the investigation
		// (不予保障), as it would be.
		if by[shebao.CaseApproved]+by[shebao.CaseRefused] != total-6 || by[shebao.CaseApproved] < total/2 {
			t.Errorf("approved %d of %d (%v)", by[shebao.CaseApproved], total, by)
		}
		if persons*1000 < 900*15 || persons*1000 > 900*50 {
			t.Errorf("%d persons in cases of 900", persons)
		}
		rs, n, err := a.Assist.FindReliefs(ctx, shebao.ReliefFilter{})
		if err != nil || n != 1 || rs[0].BenefitID == "" {
			t.Errorf("reliefs %+v %d %v", rs, n, err)
		}
		fs, err := a.Ledger.FundStatus(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Fund == shebao.FundAssistance && (f.Entries != 1 || f.Balance != shebao.Yuan(int64(len(hs))*900*12)) {
				t.Errorf("JZ %+v", f)
			}
		}
		chk, err := a.Ledger.CheckLedger(ctx)
		if err != nil || !chk.Balanced {
			t.Errorf("check %+v %v", chk, err)
		}
	})
}
