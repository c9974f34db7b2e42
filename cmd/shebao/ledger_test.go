package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// ledgerFixture posts the seed's example into fund 110: 8000 万 at the end
// of 2023, pensions of 100 万 every month of 2024 and 664 万 of
// contributions, so that on 2024-12-31 the balance is 7464 万 and the
// fund can pay 74.64 months. Fund 210 gets an opening balance only.
func ledgerFixture(t *testing.T, dsn string) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wan := func(n int64) shebao.Money { return shebao.Yuan(n * 10000) }
	entry := func(fund, kind, source, date string, debit, credit string, m shebao.Money) *shebao.Entry {
		return &shebao.Entry{Fund: fund, Kind: kind, Source: source, Date: date, Description: "测试:" + source,
			Lines: []shebao.Line{shebao.Debit(debit, m), shebao.Credit(credit, m)}}
	}
	es := []*shebao.Entry{
		entry("110", shebao.PostOpening, "opening", "2023-12-31", shebao.AcctBank, shebao.AcctFundBalance, wan(8000)),
		entry("110", shebao.PostCollection, "collect:2024", "2024-07-01", shebao.AcctBank, shebao.AcctContributionIncome, wan(664)),
		entry("210", shebao.PostOpening, "opening", "2023-12-31", shebao.AcctBank, shebao.AcctFundBalance, wan(300)),
	}
	for m := 1; m <= 12; m++ {
		es = append(es, entry("110", shebao.PostPayment, fmt.Sprintf("payroll:2024-%02d", m), fmt.Sprintf("2024-%02d-20", m),
			shebao.AcctPension, shebao.AcctBank, wan(100)))
	}
	if _, err := db.PostMany(ctx, es); err != nil {
		t.Fatal(err)
	}
}

// ledgerTamper adds one fen to a debit line straight in the database.
func ledgerTamper(t *testing.T, eng sqldbtest.Engine) {
	t.Helper()
	driver := "sqlite"
	if eng.Name == "postgres" {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, eng.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE journal_lines SET debit = debit + 1
		WHERE debit > 0 AND entry_id = (SELECT id FROM journal_entries WHERE fund = '110' AND source = 'opening')`); err != nil {
		t.Fatal(err)
	}
}

func TestLedgerCLI(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ledgerFixture(t, eng.DSN)

			out, errOut, code := cli(t, eng.DSN, "ledger", "status", "--date", "2024-12-31", "--json")
			if code != 0 {
				t.Fatalf("status: %d %s", code, errOut)
			}
			var raw struct {
				Funds []map[string]any `json:"funds"`
			}
			if err := json.Unmarshal([]byte(out), &raw); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			funds := map[string]map[string]any{}
			for _, f := range raw.Funds {
				funds[f["fund"].(string)] = f
			}
			if f := funds["110"]; f["balance"] != "74640000.00" || f["expenditure_12m"] != "12000000.00" || f["months"] != "74.64" {
				t.Errorf("110: %v", f)
			}
			if f := funds["210"]; f["months"] != nil || f["balance"] != "3000000.00" {
				t.Errorf("210: %v", f)
			}

			out, errOut, code = cli(t, eng.DSN, "ledger", "status", "--date", "2024-12-31")
			if code != 0 {
				t.Fatalf("status text: %d %s", code, errOut)
			}
			for _, want := range []string{"截至2024-12-31(近12个月:2024-01-01至2024-12-31)", "可支付月数", "74.64",
				"110 企业职工基本养老保险基金:抗风险支付能力 = 基金结余 ÷ 月均支出 = 74640000.00元 ÷ 1000000.00元 = 74.64个月", "∞", "未建账"} {
				if !strings.Contains(out, want) {
					t.Errorf("status text lacks %q:\n%s", want, out)
				}
			}

			out, errOut, code = cli(t, eng.DSN, "ledger", "check", "--json")
			if code != 0 || !strings.Contains(out, `"balanced": true`) || !strings.Contains(out, `"funds": [`) {
				t.Fatalf("check: %d %s %s", code, out, errOut)
			}
			out, _, code = cli(t, eng.DSN, "ledger", "check")
			if code != 0 || !strings.Contains(out, "账务平衡") {
				t.Errorf("check text: %d %s", code, out)
			}

			ledgerTamper(t, eng)
			out, errOut, code = cli(t, eng.DSN, "ledger", "check", "--json")
			var res struct {
				Balanced bool
				Funds    []struct {
					Fund     string
					Balanced bool
				}
				Problems []string
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if code != 1 || res.Balanced || len(res.Problems) == 0 || !strings.Contains(errOut, "账务不平衡") {
				t.Errorf("tampered check: %d %+v %s", code, res, errOut)
			}
			for _, f := range res.Funds {
				if f.Balanced != (f.Fund != "110") {
					t.Errorf("fund %s balanced = %v", f.Fund, f.Balanced)
				}
			}
			out, _, code = cli(t, eng.DSN, "ledger", "check")
			if code != 1 || !strings.Contains(out, "账务不平衡") || !strings.Contains(out, "借方80000000.01元") {
				t.Errorf("tampered check text: %d %s", code, out)
			}

			for _, args := range [][]string{{"ledger"}, {"ledger", "balance"}, {"ledger", "status", "--date", "2024-13-01"}, {"ledger", "check", "--date", "2024-12-31"}} {
				if _, _, code := cli(t, eng.DSN, args...); code != 2 {
					t.Errorf("%v: exit %d, want 2", args, code)
				}
			}
		})
	}
}

// A fund in deficit is flagged in ledger status, not printed as a plain
// number (issue #15 item 8). Fund 410 holds 10 万 at the end of 2023 and
// pays 2 万 every month of 2024: on 2024-12-31 its balance is
// 100000.00 − 12 × 20000.00 = −140000.00, its monthly spending
// 240000.00 ÷ 12 = 20000.00, its months −140000.00 ÷ 20000.00 = −7.00.
func TestLedgerStatusFlagsDeficit(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ledgerFixture(t, eng.DSN)
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			es := []*shebao.Entry{{Fund: "410", Kind: shebao.PostOpening, Source: "opening", Date: "2023-12-31", Description: "测试:期初",
				Lines: []shebao.Line{shebao.Debit(shebao.AcctBank, shebao.Yuan(100000)), shebao.Credit(shebao.AcctFundBalance, shebao.Yuan(100000))}}}
			for m := 1; m <= 12; m++ {
				es = append(es, &shebao.Entry{Fund: "410", Kind: shebao.PostPayment, Source: fmt.Sprintf("injury:2024-%02d", m),
					Date: fmt.Sprintf("2024-%02d-20", m), Description: "测试:工伤医疗",
					Lines: []shebao.Line{shebao.Debit(shebao.AcctInjuryMedical, shebao.Yuan(20000)), shebao.Credit(shebao.AcctBank, shebao.Yuan(20000))}})
			}
			if _, err := db.PostMany(ctx, es); err != nil {
				t.Fatal(err)
			}
			db.Close()
			out, errOut, code := cli(t, eng.DSN, "ledger", "status", "--date", "2024-12-31")
			if code != 0 {
				t.Fatalf("status: %d %s", code, errOut)
			}
			for _, want := range []string{"-140000.00 ⚠赤字", "-7.00 ⚠无支付能力",
				"⚠ 410 工伤保险基金:基金结余为负(赤字140000.00元)"} {
				if !strings.Contains(out, want) {
					t.Errorf("status lacks %q:\n%s", want, out)
				}
			}
			// A fund in surplus is not flagged.
			if strings.Count(out, "⚠赤字") != 1 || strings.Contains(out, "74.64 ⚠") {
				t.Errorf("flags on funds in surplus:\n%s", out)
			}
		})
	}
}
