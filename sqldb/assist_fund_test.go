package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// jzBalances reads a fund's account balances on the date, by code.
func jzBalances(t *testing.T, a *app.App, fund, day string) map[string]shebao.Money {
	t.Helper()
	bs, err := a.Ledger.AccountBalances(ledgerFinance, fund, day)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]shebao.Money{}
	for _, b := range bs {
		out[b.Code] = b.Balance
	}
	return out
}

// TestAssistFundMigrationAndReclassify builds, at schema 0097, 低保 and
// 临时救助 paid by the 910 stopgap as the old code did, migrates, and moves
// their expenditure into the 社会救助资金, on both engines.
//
// By hand. Before 0098, in fund 910: 低保 of 马强 (760.00 a month) paid for
// 2025-03, 04 and 05 (2280.00) and May's 760.00 recovered after a late
// stop; a 临时救助 of 500.00 paid in April: 5199 其他支出 = 2280.00 + 500.00
// − 760.00 = 2020.00 (Dr 5199 / Cr 2101 at the payroll, Dr 2101 / Cr 1002 at
// the release, Dr 1002 / Cr 5199 at the recovery). After 0098 the benefits
// are the new fund's (scheme JZ); the payments keep 910.
//
// The reclassification on 2025-06-30 moves 低保 1520.00 (2280.00 − 760.00)
// and 临时救助 500.00: in 910 Dr 1201 暂付款 / Cr 5199, in JZ Dr 5201 /
// Cr 2202 and Dr 5203 / Cr 2202. 910's 5199 is then 0.00 and its 1201
// 2020.00; JZ's 5201 1520.00, 5203 500.00, 2202 2020.00; both balance. Run
// again it posts nothing. When April's 760.00 is then recovered in 910
// (Dr 1002 / Cr 5199, the account it was charged to), a third run moves
// −760.00 back (reclass:dibao:2): 910's 5199 0.00 and 1201 1260.00; JZ's
// 5201 760.00, 2202 1260.00.
func TestAssistFundMigrationAndReclassify(t *testing.T) {
	ctx := context.Background()
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 97)
			a := app.New(db)
			sqldbtest.SeedRegions(t, a)
			c, err := idno.CheckCharID("64010619800315011")
			if err != nil {
				t.Fatal(err)
			}
			man := "64010619800315011" + string(c)
			if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: man, Name: "马强", Hukou: "农业", Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
			const at = "'2025-06-01T00:00:00Z'"
			benefit := func(id, kind, start, end string, monthly int64) string {
				return fmt.Sprintf(`INSERT INTO benefits (id, id_no, scheme, kind, region_code, status, start_month, end_month, monthly, source, explanation, created_at, created_by, updated_at, updated_by)
					VALUES ('%s', '%s', '910', '%s', '640106100201', '%s', '%s', '%s', %d, 'assist:%s', '旧数据', %s, 'x', %s, 'x')`,
					id, man, kind, shebao.BenefitActive, start, end, monthly, id, at, at)
			}
			payment := func(id, kind, month string, amount int64) string {
				return fmt.Sprintf(`INSERT INTO benefit_payments (benefit_id, month, id_no, scheme, kind, region_code, amount, status, batch, created_at)
					VALUES ('%s', '%s', '%s', '910', '%s', '640106100201', %d, '%s', 'b', %s)`, id, month, man, kind, amount, shebao.PaymentReleased, at)
			}
			recovered := func(id, month string, amount int64) string {
				return fmt.Sprintf(`INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at, settled_on)
					VALUES ('%s', '%s', '%s', '910', '640106100201', %d, '停保后发放', '%s', %s, '2025-06-10')`, id, month, man, amount, shebao.OverpaymentRecovered, at)
			}
			if err := db.LoadRows(ctx, []string{
				benefit("BD1", "dibao", "2025-03", "", 76000), benefit("BR1", "temporary_relief", "2025-04", "2025-04", 50000),
				payment("BD1", "dibao", "2025-03", 76000), payment("BD1", "dibao", "2025-04", 76000), payment("BD1", "dibao", "2025-05", 76000),
				payment("BR1", "temporary_relief", "2025-04", 50000), recovered("BD1", "2025-05", 76000),
			}); err != nil {
				t.Fatal(err)
			}
			post := func(source, day string, lines ...shebao.Line) {
				t.Helper()
				if _, err := db.Post(ledgerFinance, &shebao.Entry{Fund: "910", Date: day, Kind: shebao.PostAdjustment, Source: source, Description: "旧数据", Lines: lines}); err != nil {
					t.Fatal(err)
				}
			}
			post("payroll", "2025-05-01", shebao.Debit(shebao.AcctOtherExpense, 278000), shebao.Credit(shebao.AcctBenefitsPayable, 278000))
			post("release", "2025-05-10", shebao.Debit(shebao.AcctBenefitsPayable, 278000), shebao.Credit(shebao.AcctBank, 278000))
			post("recover-05", "2025-06-10", shebao.Debit(shebao.AcctBank, 76000), shebao.Credit(shebao.AcctOtherExpense, 76000))

			applied, err := db.Migrate(ctx)
			if err != nil || len(applied) == 0 || applied[0] != "0098_assist_fund.sql" {
				t.Fatalf("migrate %v %v", applied, err)
			}
			if b, err := db.FindBenefit(admin, "BD1"); err != nil || b.Scheme != shebao.FundAssistance {
				t.Fatalf("the 低保 benefit after 0098: %+v %v", b, err)
			}
			// The benefits report counts the 低保 paid by 910 under the kind,
			// whose fund is now JZ: 3 payments, 2280.00; 临时救助 500.00.
			if err := db.RebuildCounters(admin); err != nil {
				t.Fatal(err)
			}
			sp, err := report.ParseSpan("", "2025-03", "2025-05")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := a.Report.Benefits(admin, "640106000000", sp)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range rep.Kinds {
				switch k.Kind {
				case shebao.BenefitDibao:
					if k.Payments != 3 || k.Amount != 228000 || k.SchemeName != "社会救助资金" {
						t.Errorf("report 低保 %+v", k)
					}
				case shebao.BenefitTemporaryRelief:
					if k.Payments != 1 || k.Amount != 50000 {
						t.Errorf("report 临时救助 %+v", k)
					}
				}
			}
			if got := jzBalances(t, a, "910", "2025-06-30")[shebao.AcctOtherExpense]; got != 202000 {
				t.Fatalf("910 5199 before %s, want 2020.00", got)
			}

			if _, err := a.Ledger.ReclassifyAssistance(sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"}), "2025-06-30"); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("a civil-affairs clerk reclassified: %v", err)
			}
			res, err := a.Ledger.ReclassifyAssistance(ledgerFinance, "2025-06-30")
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 202000 || len(res.Kinds) != 2 || res.Kinds[0].Kind != "dibao" || res.Kinds[0].Moved != 152000 ||
				res.Kinds[1].Kind != "temporary_relief" || res.Kinds[1].Moved != 50000 {
				t.Fatalf("reclassified %+v", res)
			}
			want := func(fund string, accounts map[string]shebao.Money) {
				t.Helper()
				got := jzBalances(t, a, fund, "2025-06-30")
				for acct, w := range accounts {
					if got[acct] != w {
						t.Errorf("%s %s = %s, want %s", fund, acct, got[acct], w)
					}
				}
			}
			want("910", map[string]shebao.Money{shebao.AcctOtherExpense: 0, shebao.AcctAdvances: 202000})
			want(shebao.FundAssistance, map[string]shebao.Money{shebao.AcctDibaoExpense: 152000, shebao.AcctReliefExpense: 50000, shebao.AcctAssistAdvanceOwed: 202000})
			entries := func() int64 {
				t.Helper()
				chk, err := a.Ledger.CheckLedger(admin)
				if err != nil || !chk.Balanced {
					t.Fatalf("ledger check %+v %v", chk, err)
				}
				var n int64
				for _, f := range chk.Funds {
					n += f.Entries
				}
				return n
			}
			n := entries()
			res, err = a.Ledger.ReclassifyAssistance(ledgerFinance, "2025-07-01")
			if err != nil || res.Total != 0 {
				t.Fatalf("again %+v %v", res, err)
			}
			if got := entries(); got != n {
				t.Errorf("run again posted %d entries", got-n)
			}

			// April recovered late, in the fund and account it was charged to.
			if err := db.LoadRows(ctx, []string{recovered("BD1", "2025-04", 76000)}); err != nil {
				t.Fatal(err)
			}
			post("recover-04", "2025-06-20", shebao.Debit(shebao.AcctBank, 76000), shebao.Credit(shebao.KindExpense("910", shebao.BenefitDibao), 76000))
			if res, err = a.Ledger.ReclassifyAssistance(ledgerFinance, "2025-06-30"); err != nil || res.Total != -76000 {
				t.Fatalf("after a late recovery %+v %v", res, err)
			}
			want("910", map[string]shebao.Money{shebao.AcctOtherExpense: 0, shebao.AcctAdvances: 126000})
			want(shebao.FundAssistance, map[string]shebao.Money{shebao.AcctDibaoExpense: 76000, shebao.AcctAssistAdvanceOwed: 126000})
			entries()
		})
	}
}

var _ = sqldb.DB{}
