package assist_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDibaoFund pays 低保 from the 社会救助资金 with a budget received and a
// recovery, on both engines. The household of the fixture: 760.00 a month
// from 2025-06 (520.00 × 3 − 800.00).
//
// By hand. The budget 区财社〔2025〕8号 of 10000.00 arrives on 2025-06-01:
// Dr 1002 / Cr 4201 10000.00 (recorded again: nothing; the same number with
// 9000.00: refused). June and July are paid and released: Dr 5201 / Cr 2101
// and Dr 2101 / Cr 1002, 760.00 each. On 2025-08-12 the case is stopped from
// July (found late): July's 760.00 is an overpayment, recovered by receipt:
// Dr 1002 / Cr 5209 追回救助资金 760.00.
//
// On 2025-08-31: 1002 = 10000.00 − 760.00 − 760.00 + 760.00 = 9240.00;
// 2101 = 0.00; 4201 = 10000.00; 5201 = 1520.00; 5209 = −760.00 (a credit);
// balance = 9240.00; expenditure of the twelve months = 1520.00 − 760.00 =
// 760.00; months covered = 9240.00 × 12 ÷ 760.00 = 145.894… → 145.89. The
// 910 fund has no entry; the ledger balances.
func TestDibaoFund(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		finance := sqldbtest.As(shebao.Actor{Name: "caiwu", Role: "clerk/finance", Region: "640106000000"})
		f.at(2025, 6, 20)
		budget := shebao.AssistBudget{Doc: "区财社〔2025〕8号", Date: "2025-06-01", Amount: 1000000, Note: "2025年城乡低保资金"}
		if _, _, err := a.Ledger.RecordAssistBudget(f.mz1, budget); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a civil-affairs clerk posted the budget: %v", err)
		}
		b1, created, err := a.Ledger.RecordAssistBudget(finance, budget)
		if err != nil || !created || b1.EntryID == "" {
			t.Fatalf("budget %+v %v %v", b1, created, err)
		}
		b2, created, err := a.Ledger.RecordAssistBudget(finance, budget)
		if err != nil || created || b2.EntryID != b1.EntryID {
			t.Errorf("budget again %+v %v %v", b2, created, err)
		}
		other := budget
		other.Amount = 900000
		if _, _, err := a.Ledger.RecordAssistBudget(finance, other); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("the same number with another amount: %v", err)
		}
		for _, bad := range []shebao.AssistBudget{{Doc: " ", Date: "2025-06-01", Amount: 1}, {Doc: "x", Date: "2025-13-01", Amount: 1}, {Doc: "x", Date: "2025-06-01"}} {
			if _, _, err := a.Ledger.RecordAssistBudget(finance, bad); shebao.ErrorCode(err) != shebao.EINVALID {
				t.Errorf("bad budget %+v: %v", bad, err)
			}
		}

		c := f.approve(t, a)
		f.run(t, a, "2025-06", 76000, true)
		f.at(2025, 7, 10)
		f.run(t, a, "2025-07", 76000, true)
		f.at(2025, 8, 12)
		if _, err := a.Assist.Stop(f.mz1, c.ID, "2025-07", "马强2025年6月起就业,收入超过低保标准"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Benefit.RecoverOverpayment(f.payMaker, c.BenefitID, "2025-07", shebao.OverpaymentRecovery{Receipt: "ZH-JZ-1",
			Date: "2025-08-12", Amount: shebao.Yuan(760)}); err != nil {
			t.Fatal(err)
		}

		bs, err := a.Ledger.AccountBalances(finance, shebao.FundAssistance, "2025-08-31")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]shebao.Money{}
		for _, b := range bs {
			got[b.Code] = b.Balance
		}
		for acct, want := range map[string]shebao.Money{shebao.AcctBank: 924000, shebao.AcctBenefitsPayable: 0, shebao.AcctAssistBudget: 1000000,
			shebao.AcctDibaoExpense: 152000, shebao.AcctAssistRecovered: -76000, shebao.AcctOtherExpense: 0} {
			if got[acct] != want {
				t.Errorf("JZ %s = %s, want %s", acct, got[acct], want)
			}
		}
		fs, err := a.Ledger.FundStatus(finance, "2025-08-31")
		if err != nil {
			t.Fatal(err)
		}
		var jz *shebao.FundStatus
		for i := range fs {
			switch fs[i].Fund {
			case shebao.FundAssistance:
				jz = &fs[i]
			case shebao.SchemeLandExpropriated:
				if fs[i].Entries != 0 {
					t.Errorf("910 has %d entries", fs[i].Entries)
				}
			}
		}
		if jz == nil || jz.Name != "社会救助资金" || jz.Balance != 924000 || jz.Income12 != 1000000 || jz.Expenditure12 != 76000 ||
			jz.Months == nil || *jz.Months != "145.89" {
			t.Fatalf("JZ status %+v", jz)
		}
		chk, err := a.Ledger.CheckLedger(finance)
		if err != nil || !chk.Balanced {
			t.Fatalf("check %+v %v", chk, err)
		}
	})
}
