package sqldb_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Migration 0061 moves residents' contributions and the lump sums of
// converted villages into the one payer model.
//
// testdata/payer2_0051.sql.gz holds the rows a scenario left at schema
// 0051, run by the code before the migration (testdata/payer2fixture, at
// 428fe18): three residents with 170 and 390 years, one of them 低保 (the
// government pays the lowest tier), a receipt number a lump sum also
// uses; a village converted in 2008 with one lump sum paid in full (the
// collective in two receipts) and one paid in part. payer2_0051.json holds
// every figure users saw then: each resident's contributions, accounts and
// statements, the conversion's quote and report, the statistics that
// count them (subsidies, contributions, the work-report summary), the
// ledger check and the contribution years.
//
// The test loads that state at schema 0051, migrates, checks that the old
// tables are gone, that every figure is the same and the counters agree
// with a recount, and that the migrated receipts go on: a migrated lump
// sum receipt is refunded (the lump sum paid in full becomes unpaid) and a
// migrated resident's receipt corrected, after approval.
func TestMigrateOtherPayers(t *testing.T) {
	fixture := readGzipInserts(t, "testdata/payer2_0051.sql.gz")
	var golden map[string]json.RawMessage
	b, err := os.ReadFile("testdata/payer2_0051.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &golden); err != nil {
		t.Fatal(err)
	}
	var residents, lump []string
	if err := json.Unmarshal(golden["residents"], &residents); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(golden["lumpsum"], &lump); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 51)
			if err := db.LoadRows(ctx, fixture); err != nil {
				t.Fatal(err)
			}
			a := app.New(db)
			before, err := db.CheckLedger(admin)
			if err != nil || !before.Balanced {
				t.Fatalf("ledger before %+v %v", before, err)
			}
			if got := oldPayerTables(t, db); len(got) != 3 {
				t.Fatalf("old tables before %v", got)
			}
			applied, err := db.Migrate(ctx)
			// Migrations numbered between the fixture's 51 and 0061 (of
			// other capabilities) run first; 0061 must be among them.
			if err != nil || !slices.ContainsFunc(applied, func(m string) bool { return strings.HasPrefix(m, "0061_") }) {
				t.Fatalf("migrate %v %v", applied, err)
			}
			if got := oldPayerTables(t, db); len(got) != 0 {
				t.Errorf("old tables after %v", got)
			}
			after, err := db.CheckLedger(admin)
			if err != nil {
				t.Fatal(err)
			}
			// Migration 0098 adds the 社会救助资金, empty: the check lists it
			// after the funds that were there before.
			if n := len(after.Funds); n > 0 && after.Funds[n-1].Fund == shebao.FundAssistance && after.Funds[n-1].Entries == 0 {
				after.Funds = after.Funds[:n-1]
			}
			same(t, "ledger check", after, before)

			want := func(key string, got any) {
				t.Helper()
				raw, ok := golden[key]
				if !ok {
					t.Fatalf("no golden %s", key)
				}
				sameJSON(t, key, got, raw)
			}
			want("ledger", after)
			c := a.Collect
			for _, id := range residents {
				cs, err := c.ResidentContributions(admin, id)
				if err != nil {
					t.Fatal(err)
				}
				want("resident_contributions/"+id, cs)
				bal, _, err := db.IndividualAccount(admin, id, "170")
				if err != nil {
					t.Fatal(err)
				}
				want("account/170/"+id, bal)
				for _, y := range []string{"2024", "2025"} {
					st, err := a.Ledger.AccountStatement(admin, id, atoi(y))
					if err != nil {
						t.Fatal(err)
					}
					want("statement/"+id+"/"+y, st)
				}
			}
			const village = "640106100203"
			cv, ps, err := c.ConversionQuote(admin, village)
			if err != nil {
				t.Fatal(err)
			}
			want("quote", map[string]any{"conversion": cv, "persons": ps})
			rs, err := c.ConversionReports(admin, "")
			if err != nil {
				t.Fatal(err)
			}
			want("reports", rs)
			for _, id := range lump {
				bal, _, err := db.IndividualAccount(admin, id, "110")
				if err != nil {
					t.Fatal(err)
				}
				want("account/110/"+id, bal)
				st, err := a.Ledger.AccountStatement(admin, id, 2008)
				if err != nil {
					t.Fatal(err)
				}
				want("statement/"+id+"/2008", st)
			}
			for _, sp := range []report.Span{{From: "2008-01-01", To: "2008-12-31"}, {From: "2024-01-01", To: "2025-12-31"}, {From: "2025-01-01", To: "2025-06-30"}} {
				k := sp.From + "/" + sp.To
				sub, err := a.Report.Subsidies(admin, "640106000000", sp)
				if err != nil {
					t.Fatal(err)
				}
				want("subsidies/"+k, sub)
				con, err := a.Report.Contributions(admin, "640106000000", sp)
				if err != nil {
					t.Fatal(err)
				}
				want("contributions/"+k, con)
			}
			sum, err := a.Report.Summary(admin, "640106000000", "2025-12-31")
			if err != nil {
				t.Fatal(err)
			}
			want("summary", sum)
			var years []string
			for _, r := range queryRows(t, db, `SELECT id_no, scheme, year, months, base_total, source FROM contribution_years ORDER BY id_no, scheme, year`,
				"id", "scheme", "year", "months", "base", "source") {
				years = append(years, strings.Join([]string{r["id"].(string), r["scheme"].(string), itoa64(r["year"]), itoa64(r["months"]),
					itoa64(r["base"]), r["source"].(string)}, " "))
			}
			want("contribution_years", years)
			if bad, err := a.Report.VerifyCounters(admin, 10); err != nil || len(bad) != 0 {
				t.Errorf("counters after the migration: %v %v", bad, err)
			}

			// The migrated receipts go on: L-004 completed the first lump
			// sum; refunding it makes the lump sum unpaid (the account
			// credit of 14 800.00 withdrawn, the 15 years removed). R-002
			// (tier 500: 500 + 60 + 50 = 610.00 credited) is corrected.
			ap, err := c.RecordLumpSumRefund(admin, shebao.ReceiptReversalRequest{Receipt: "TF-L4", Ref: "L-004", Date: "2009-01-05", Reason: "村集体多缴"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(refundChecker, ap.ID, true, "迁移后复核"); err != nil {
				t.Fatal(err)
			}
			if _, ps, err := c.ConversionQuote(admin, village); err != nil || ps[0].SettledOn != "" || ps[0].Shortfall != shebao.Yuan(800) {
				t.Errorf("lump sum after the refund %+v %v", ps, err)
			}
			if bal, _, _ := db.IndividualAccount(admin, lump[0], "110"); bal != 0 {
				t.Errorf("lump sum account after the refund %s, want 0.00", bal)
			}
			if n := countRows(t, db, `SELECT COUNT(*) FROM contribution_years WHERE id_no = $1`, lump[0]); n != 0 {
				t.Errorf("lump sum years after the refund: %d", n)
			}
			ap, err = c.RecordResidentCorrection(admin, shebao.ReceiptReversalRequest{Receipt: "CZ-R2", Ref: "R-002", Date: "2025-04-01", Reason: "错记档次"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(refundChecker, ap.ID, true, ""); err != nil {
				t.Fatal(err)
			}
			// 990.00 = 300 + 30 + 50 (2024, tier 300) + 610.00 (2025); 380.00 left.
			if bal, _, _ := db.IndividualAccount(admin, residents[0], "170"); bal != shebao.Yuan(380) {
				t.Errorf("resident account after the correction %s, want 380.00", bal)
			}
			if bad, err := a.Report.VerifyCounters(admin, 10); err != nil || len(bad) != 0 {
				t.Errorf("counters after the reversals: %v %v", bad, err)
			}
			checkBalanced(t, db)
		})
	}
}

func oldPayerTables(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	names, err := db.TableNames(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if n == "resident_contributions" || n == "lumpsum_persons" || n == "lumpsum_payments" {
			out = append(out, n)
		}
	}
	return out
}

func readGzipInserts(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); strings.HasPrefix(l, "INSERT ") {
			out = append(out, strings.TrimSuffix(l, ";"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa64(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestResidentReceiptRefundAndCorrection: a resident's receipt is refunded
// and another corrected, each after a second clerk's approval, on both
// engines. Figures (default policy, 2025): tier 500 → subsidy 60.00,
// collective 50.00, account 610.00; 低保 at the lowest tier 100 → the
// government pays 100.00 (代缴), subsidy 30.00, collective 50.00, account
// 180.00.
func TestResidentReceiptRefundAndCorrection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		plain, dibao := residentFixture(t, db)
		a := app.New(db)
		c := a.Collect
		record := func(receipt, id string, tier shebao.Money, on string) *shebao.ResidentContribution {
			t.Helper()
			r, _, err := c.RecordResidentContribution(admin, shebao.ResidentContribution{ReceiptNo: receipt, IDNo: id, Scheme: "170", Year: 2025,
				Tier: tier, PaidOn: on})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		account := func(id string) shebao.Money {
			t.Helper()
			bal, _, err := db.IndividualAccount(admin, id, "170")
			if err != nil {
				t.Fatal(err)
			}
			return bal
		}
		record("R1", plain, shebao.Yuan(500), "2025-03-10")
		record("R3", dibao, 0, "2025-03-11")
		if account(plain) != shebao.Yuan(610) || account(dibao) != shebao.Yuan(180) {
			t.Fatalf("accounts %s %s", account(plain), account(dibao))
		}

		// A refund needs a reason; submitted, nothing moves until approved.
		if _, err := c.RecordResidentRefund(admin, shebao.ReceiptReversalRequest{Receipt: "TF-1", Ref: "R1", Date: "2025-05-01"}); errField(err) != "reason" {
			t.Errorf("refund without a reason: %v", err)
		}
		if _, err := c.RecordResidentRefund(admin, shebao.ReceiptReversalRequest{Receipt: "TF-0", Ref: "R9", Date: "2025-05-01", Reason: "x"}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("refund of an unknown receipt: %v", err)
		}
		req := shebao.ReceiptReversalRequest{Receipt: "TF-1", Ref: "R1", Date: "2025-05-01", Reason: "重复参保(已参加职工养老保险)"}
		ap, err := c.RecordResidentRefund(admin, req)
		if err != nil {
			t.Fatal(err)
		}
		if ap.Kind != shebao.ApproveResidentRefund || !strings.Contains(ap.Summary, "610.00元全额退还") {
			t.Errorf("approval %s: %s", ap.Kind, ap.Summary)
		}
		if again, err := c.RecordResidentRefund(admin, req); err != nil || again.ID != ap.ID {
			t.Errorf("same request again: %v %v", again, err)
		}
		if account(plain) != shebao.Yuan(610) {
			t.Errorf("account before approval %s", account(plain))
		}
		if _, err := a.Approve.DecideApproval(refundChecker, ap.ID, true, "核对"); err != nil {
			t.Fatal(err)
		}
		// Refunded: the account is 0.00, the year is no longer counted
		// and may be paid again.
		if account(plain) != 0 {
			t.Errorf("account after the refund %s, want 0.00", account(plain))
		}
		cs, err := c.ResidentContributions(admin, plain)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range cs {
			if x.Scheme == "170" {
				t.Errorf("refunded receipt still listed: %+v", x)
			}
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM contribution_years WHERE id_no = $1 AND scheme = '170'`, plain); n != 0 {
			t.Errorf("contribution years after the refund: %d", n)
		}
		if _, err := c.RecordResidentRefund(admin, shebao.ReceiptReversalRequest{Receipt: "TF-2", Ref: "R1", Date: "2025-05-02", Reason: "再退"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second refund: %v", err)
		}
		if _, _, err := c.RecordResidentContribution(admin, shebao.ResidentContribution{ReceiptNo: "R1", IDNo: plain, Scheme: "170", Year: 2025,
			Tier: shebao.Yuan(500), PaidOn: "2025-03-10"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("refunded receipt recorded again: %v", err)
		}
		record("R2", plain, shebao.Yuan(500), "2025-06-01")
		if account(plain) != shebao.Yuan(610) {
			t.Errorf("account paid again %s, want 610.00", account(plain))
		}

		// The 低保 person's receipt corrected: the government's 代缴 and
		// subsidy receivable (130.00) and the collective's 50.00 reversed.
		ap, err = c.RecordResidentCorrection(admin, shebao.ReceiptReversalRequest{Receipt: "CZ-3", Ref: "R3", Date: "2025-05-03", Reason: "错记人员"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(refundChecker, ap.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if account(dibao) != 0 {
			t.Errorf("dibao account after the correction %s", account(dibao))
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
			WHERE e.source LIKE 'correction:%' AND l.account = '1102' AND l.credit = 13000`); n != 1 {
			t.Errorf("correction's credit of 1102 应收财政补贴 130.00: %d lines", n)
		}
		checkBalanced(t, db)

		// The statistics: one 2025 receipt of 170 stands (R2): subsidy
		// 60.00, collective 50.00, no 代缴.
		sub, err := a.Report.Subsidies(admin, "640106000000", report.Span{From: "2025-01-01", To: "2025-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]shebao.Money{}
		for _, l := range sub.Lines {
			got[l.Item] = l.Amount
		}
		if got["城乡居民基本养老保险政府补贴"] != shebao.Yuan(60) || got["城乡居民基本养老保险集体补助"] != shebao.Yuan(50) || got["城乡居民基本养老保险政府代缴(困难群体)"] != 0 {
			t.Errorf("subsidies %+v", sub.Lines)
		}
		if bad, err := a.Report.VerifyCounters(admin, 10); err != nil || len(bad) != 0 {
			t.Errorf("counters %v %v", bad, err)
		}
	})
}

// TestLumpSumReceiptRefundAndCorrection: receipts of a lump sum refunded
// and corrected after approval, on both engines. The seed's standard for a
// conversion on 2008-06-30: cost 37 000.00 = collective 14 800.00 +
// individual 12 210.00 + government 9 990.00; 14 800.00 credited and 15
// years (1993–2007) written when paid in full.
func TestLumpSumReceiptRefundAndCorrection(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		c := a.Collect
		const village = "640106100202"
		id := demo.IDNumber("640106", time.Date(1966, 2, 1, 0, 0, 0, 0, time.UTC), 41, true)
		if err := db.CreatePerson(admin, person(id, "王德福", village)); err != nil {
			t.Fatal(err)
		}
		if _, err := c.RegisterConversion(admin, village, "2008-06-30"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.JoinConversion(admin, village, []string{id}); err != nil {
			t.Fatal(err)
		}
		pay := func(receipt, payer string, amount shebao.Money, on string) *shebao.LumpSumPerson {
			t.Helper()
			lp, _, err := c.RecordLumpSumPayment(admin, shebao.LumpSumPayment{ReceiptNo: receipt, IDNo: id, Payer: payer, Amount: amount, PaidOn: on})
			if err != nil {
				t.Fatal(err)
			}
			return lp
		}
		approve := func(ap *shebao.Approval, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(refundChecker, ap.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		state := func() (shebao.Money, int, *shebao.LumpSumPerson) {
			t.Helper()
			bal, _, err := db.IndividualAccount(admin, id, "110")
			if err != nil {
				t.Fatal(err)
			}
			_, ps, err := c.ConversionQuote(admin, village)
			if err != nil || len(ps) != 1 {
				t.Fatalf("quote %v %v", ps, err)
			}
			return bal, countRows(t, db, `SELECT COUNT(*) FROM contribution_years WHERE id_no = $1`, id), ps[0]
		}
		pay("L1", "collective", shebao.Yuan(14800), "2008-08-01")
		pay("L2", "individual", shebao.Yuan(12210), "2008-08-02")
		pay("L3", "government", shebao.Yuan(9990), "2008-09-01")
		if bal, n, lp := state(); bal != shebao.Yuan(14800) || n != 15 || lp.SettledOn != "2008-09-01" || lp.Shortfall != 0 {
			t.Fatalf("paid in full: %s %d %+v", bal, n, lp)
		}

		// The individual's receipt refunded: 12 210.00 short again, the
		// credit and the years undone.
		approve(c.RecordLumpSumRefund(admin, shebao.ReceiptReversalRequest{Receipt: "TF-L2", Ref: "L2", Date: "2008-10-01", Reason: "本人申请退出"}))
		if bal, n, lp := state(); bal != 0 || n != 0 || lp.SettledOn != "" || lp.IndividualPaid != 0 || lp.Shortfall != shebao.Yuan(12210) {
			t.Errorf("after the refund: %s %d %+v", bal, n, lp)
		}
		// Paid again: credited anew under a source of its own.
		pay("L4", "individual", shebao.Yuan(12210), "2008-11-01")
		if bal, n, lp := state(); bal != shebao.Yuan(14800) || n != 15 || lp.SettledOn != "2008-11-01" {
			t.Errorf("paid again: %s %d %+v", bal, n, lp)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM account_movements WHERE id_no = $1 AND source = $2`, id, "lumpsum:"+id+":1"); n != 1 {
			t.Errorf("second crediting: %d movements", n)
		}
		// The government's receipt corrected (recorded for the wrong
		// person): its 9 990.00 reversed from 4002 财政补贴收入.
		approve(c.RecordLumpSumCorrection(admin, shebao.ReceiptReversalRequest{Receipt: "CZ-L3", Ref: "L3", Date: "2008-12-01", Reason: "错记人员"}))
		if bal, n, lp := state(); bal != 0 || n != 0 || lp.GovernmentPaid != 0 || lp.Shortfall != shebao.Yuan(9990) {
			t.Errorf("after the correction: %s %d %+v", bal, n, lp)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
			WHERE e.source LIKE 'correction:%' AND e.kind = 'adjustment' AND l.account = '4002' AND l.debit = 999000`); n != 1 {
			t.Errorf("correction's debit of 4002: %d lines", n)
		}
		if _, err := c.RecordLumpSumCorrection(admin, shebao.ReceiptReversalRequest{Receipt: "CZ-L3b", Ref: "L3", Date: "2008-12-02", Reason: "再冲"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("second correction: %v", err)
		}
		rs, err := c.ConversionReports(admin, "")
		if err != nil || len(rs) != 1 || rs[0].Paid != shebao.Yuan(14800+12210) || rs[0].Settled != 0 {
			t.Errorf("report %+v %v", rs, err)
		}
		// The subsidies of 2008: the government's lump-sum money was
		// reversed, the collective's 14 800.00 stands.
		sub, err := a.Report.Subsidies(admin, "640106000000", report.Span{From: "2008-01-01", To: "2008-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]shebao.Money{}
		for _, l := range sub.Lines {
			got[l.Item] = l.Amount
		}
		if got["村改居一次性补缴(政府)"] != 0 || got["村改居一次性补缴(村集体)"] != shebao.Yuan(14800) {
			t.Errorf("subsidies %+v", sub.Lines)
		}
		checkBalanced(t, db)
	})
}
