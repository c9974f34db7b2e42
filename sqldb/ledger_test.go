package sqldb_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Actors of the ledger tests: the fund's own clerk, a collection clerk (who
// may not write the fund's books) and a town (who may not read them).
var (
	ledgerFinance    = shebao.WithActor(context.Background(), shebao.Actor{Name: "caiwu", Role: "clerk/finance", Region: "640106000000", Remote: "test"})
	ledgerCollection = shebao.WithActor(context.Background(), shebao.Actor{Name: "zhengshou", Role: "clerk/collection", Region: "640106000000", Remote: "test"})
	ledgerTown       = shebao.WithActor(context.Background(), shebao.Actor{Name: "liangtian", Role: "town", Region: "640106100000", Remote: "test"})
)

// wan is an amount in 万元.
func wan(n int64) shebao.Money { return shebao.Yuan(n * 10000) }

func ledgerEntry(fund, kind, source, date string, lines ...shebao.Line) *shebao.Entry {
	return &shebao.Entry{Fund: fund, Kind: kind, Source: source, Date: date, Description: "测试:" + source, Lines: lines}
}

// ledgerCheck runs CheckLedger and returns the result and the fund's check.
func ledgerCheck(t *testing.T, db *sqldb.DB, fund string) (*shebao.LedgerCheck, shebao.FundCheck) {
	t.Helper()
	res, err := db.CheckLedger(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range res.Funds {
		if fc.Fund == fund {
			return res, fc
		}
	}
	t.Fatalf("fund %s missing from the check", fund)
	return nil, shebao.FundCheck{}
}

func wantError(t *testing.T, err error, code, text string) {
	t.Helper()
	if shebao.ErrorCode(err) != code || !strings.Contains(shebao.ErrorMessage(err), text) {
		t.Errorf("error %v (%s), want %s containing %q", err, shebao.ErrorCode(err), code, text)
	}
}

func TestLedgerChartMatchesMigration(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		funds, err := db.LedgerFunds(admin)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := funds, shebao.Funds(); !reflect.DeepEqual(got, want) {
			t.Errorf("ledger_funds\n got %v\nwant %v", got, want)
		}
		for _, f := range shebao.Funds() {
			got, err := db.LedgerChart(admin, f.Code)
			if err != nil {
				t.Fatal(err)
			}
			if want := shebao.Chart(f.Code); !reflect.DeepEqual(got, want) {
				t.Errorf("chart of %s\n got %v\nwant %v", f.Code, got, want)
			}
		}
	})
}

func TestLedgerPostValidates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := ledgerEntry("110", shebao.PostAssessment, "bill:A:2024-01", "2024-01-31",
			shebao.Debit(shebao.AcctContributionsReceivable, shebao.Yuan(1000)), shebao.Credit(shebao.AcctContributionIncome, shebao.Yuan(1000)))
		posted, err := db.Post(ledgerFinance, e)
		if err != nil || !posted || e.ID == "" || e.Actor != "caiwu" {
			t.Fatalf("balanced post: %v %v %+v", posted, err, e)
		}
		got, err := db.FindEntry(admin, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Lines, e.Lines) || got.Date != "2024-01-31" || got.Kind != shebao.PostAssessment || got.Actor != "caiwu" {
			t.Errorf("stored entry %+v", got)
		}

		bad := []struct {
			name string
			e    *shebao.Entry
			text string
		}{
			{"unbalanced", ledgerEntry("110", shebao.PostCollection, "x1", "2024-02-01",
				shebao.Debit(shebao.AcctBank, shebao.Yuan(100)), shebao.Credit(shebao.AcctContributionsReceivable, 9999)),
				"借贷不平衡:借方合计100.00元,贷方合计99.99元,相差0.01元"},
			{"one line", ledgerEntry("110", shebao.PostCollection, "x2", "2024-02-01",
				shebao.Debit(shebao.AcctBank, shebao.Yuan(100))), "至少要有两行"},
			{"both sides", ledgerEntry("110", shebao.PostCollection, "x3", "2024-02-01",
				shebao.Line{Account: shebao.AcctBank, Debit: 100, Credit: 100}, shebao.Credit(shebao.AcctContributionsReceivable, 0)),
				"借方和贷方金额必须有且只有一个大于零"},
			{"zero line", ledgerEntry("110", shebao.PostCollection, "x4", "2024-02-01",
				shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100), shebao.Debit(shebao.AcctBank, 0)),
				"第3行"},
			{"negative", ledgerEntry("110", shebao.PostCollection, "x5", "2024-02-01",
				shebao.Debit(shebao.AcctBank, -100), shebao.Credit(shebao.AcctContributionsReceivable, -100)), "不能为负数"},
			{"account of another fund", ledgerEntry("110", shebao.PostBenefit, "x6", "2024-02-01",
				shebao.Debit(shebao.AcctUnemploymentBenefit, 100), shebao.Credit(shebao.AcctBank, 100)),
				"企业职工基本养老保险基金没有科目“5021”"},
			{"unknown fund", ledgerEntry("999", shebao.PostCollection, "x7", "2024-02-01",
				shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100)), "基金(险种)代码“999”无效"},
			{"unknown kind", ledgerEntry("110", "gift", "x8", "2024-02-01",
				shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctOtherIncome, 100)), "业务类型“gift”无效"},
			{"bad date", ledgerEntry("110", shebao.PostCollection, "x9", "2024-02-30",
				shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100)), "记账日期"},
			{"no source", ledgerEntry("110", shebao.PostCollection, " ", "2024-02-01",
				shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100)), "记账来源不能为空"},
		}
		for _, c := range bad {
			posted, err := db.Post(ledgerFinance, c.e)
			if posted {
				t.Errorf("%s: posted", c.name)
			}
			wantError(t, err, shebao.EINVALID, c.text)
		}
		// In a batch, the message says which entry; nothing of the batch lands.
		ok := ledgerEntry("110", shebao.PostCollection, "y1", "2024-02-01",
			shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100))
		_, err = db.PostMany(ledgerFinance, []*shebao.Entry{ok, bad[0].e})
		wantError(t, err, shebao.EINVALID, "第2条分录:借贷不平衡")
		_, fc := ledgerCheck(t, db, "110")
		if fc.Entries != 1 || fc.Debit != shebao.Yuan(1000) || !fc.Balanced {
			t.Errorf("after rejected posts: %+v", fc)
		}

		// Roles: a collection clerk may not write the fund's books, a town
		// may not read them.
		_, err = db.Post(ledgerCollection, ledgerEntry("110", shebao.PostCollection, "z1", "2024-02-01",
			shebao.Debit(shebao.AcctBank, 100), shebao.Credit(shebao.AcctContributionsReceivable, 100)))
		wantError(t, err, shebao.EFORBIDDEN, "无权修改基金账务")
		_, err = db.CheckLedger(ledgerTown)
		wantError(t, err, shebao.EFORBIDDEN, "无权查看基金账务")
		_, err = db.FundStatus(ledgerTown, "")
		wantError(t, err, shebao.EFORBIDDEN, "无权查看基金账务")
		if _, err := db.CheckLedger(ledgerFinance); err != nil {
			t.Errorf("finance clerk check: %v", err)
		}
	})
}

func ledgerAuditCount(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityFund, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestLedgerIdempotentRepost(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mk := func(fund, source, date string, amount shebao.Money) *shebao.Entry {
			return ledgerEntry(fund, shebao.PostCollection, source, date,
				shebao.Debit(shebao.AcctBank, amount), shebao.Credit(shebao.AcctContributionsReceivable, amount))
		}
		first := mk("110", "pay:1", "2024-03-01", shebao.Yuan(500))
		if posted, err := db.Post(ledgerFinance, first); err != nil || !posted {
			t.Fatalf("%v %v", posted, err)
		}
		audits := ledgerAuditCount(t, db)
		// The same event again, on another day and reworded: nothing changes.
		again := mk("110", "pay:1", "2024-03-05", shebao.Yuan(500))
		again.Description = "重新运行"
		posted, err := db.Post(ledgerFinance, again)
		if err != nil || posted {
			t.Fatalf("re-post: %v %v", posted, err)
		}
		if again.ID != first.ID || again.Actor != "caiwu" {
			t.Errorf("re-post id %s actor %s, want %s", again.ID, again.Actor, first.ID)
		}
		if got := ledgerAuditCount(t, db); got != audits {
			t.Errorf("re-post audited: %d entries, want %d", got, audits)
		}
		// Another amount under the same source is refused.
		_, err = db.Post(ledgerFinance, mk("110", "pay:1", "2024-03-01", shebao.Yuan(501)))
		wantError(t, err, shebao.ECONFLICT, "已记账")
		// The same source in another fund is another event.
		if posted, err := db.Post(ledgerFinance, mk("210", "pay:1", "2024-03-01", shebao.Yuan(20))); err != nil || !posted {
			t.Errorf("other fund: %v %v", posted, err)
		}

		// A batch: one old, two new, one repeated within the batch.
		e2, e3 := mk("110", "pay:2", "2024-03-02", shebao.Yuan(10)), mk("310", "pay:2", "2024-03-02", shebao.Yuan(30))
		e2b := mk("110", "pay:2", "2024-03-02", shebao.Yuan(10))
		n, err := db.PostMany(ledgerFinance, []*shebao.Entry{mk("110", "pay:1", "2024-03-01", shebao.Yuan(500)), e2, e3, e2b})
		if err != nil || n != 2 {
			t.Fatalf("batch: %d %v", n, err)
		}
		if e2b.ID != e2.ID {
			t.Errorf("repeat in batch got id %s, want %s", e2b.ID, e2.ID)
		}
		n, err = db.PostMany(ledgerFinance, []*shebao.Entry{mk("110", "pay:2", "2024-03-02", shebao.Yuan(10)), mk("310", "pay:2", "2024-03-02", shebao.Yuan(30))})
		if err != nil || n != 0 {
			t.Fatalf("batch re-run: %d %v", n, err)
		}
		_, err = db.PostMany(ledgerFinance, []*shebao.Entry{mk("110", "pay:3", "2024-03-03", 1), mk("110", "pay:3", "2024-03-03", 2)})
		wantError(t, err, shebao.ECONFLICT, "已记账")
		res, fc := ledgerCheck(t, db, "110")
		if !res.Balanced || fc.Entries != 2 || fc.Debit != shebao.Yuan(510) {
			t.Errorf("after re-posts: %+v %+v", res, fc)
		}
	})
}

func TestLedgerConcurrentPostSameSource(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		const workers = 8
		var wg sync.WaitGroup
		posted := make([]bool, workers)
		ids := make([]string, workers)
		errs := make([]error, workers)
		start := make(chan struct{})
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := ledgerEntry("110", shebao.PostAssessment, "assess:2024-05", "2024-05-31",
					shebao.Debit(shebao.AcctContributionsReceivable, wan(12)), shebao.Credit(shebao.AcctContributionIncome, wan(12)))
				<-start
				posted[i], errs[i] = db.Post(ledgerFinance, e)
				ids[i] = e.ID
			}()
		}
		close(start)
		wg.Wait()
		n := 0
		for i := range workers {
			if errs[i] != nil {
				t.Errorf("worker %d: %v", i, errs[i])
			}
			if posted[i] {
				n++
			}
			if ids[i] != ids[0] {
				t.Errorf("worker %d got entry %s, worker 0 %s", i, ids[i], ids[0])
			}
		}
		if n != 1 {
			t.Errorf("posted %d times, want once", n)
		}
		res, fc := ledgerCheck(t, db, "110")
		if !res.Balanced || fc.Entries != 1 || fc.Debit != wan(12) || fc.Credit != wan(12) {
			t.Errorf("after concurrent posts: %+v", fc)
		}
	})
}

func TestLedgerCheckDetectsTampering(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := ledgerEntry("110", shebao.PostAssessment, "bill:B:2024-01", "2024-01-31",
			shebao.Debit(shebao.AcctContributionsReceivable, shebao.Yuan(2400)), shebao.Credit(shebao.AcctContributionIncome, shebao.Yuan(2400)))
		other := ledgerEntry("210", shebao.PostAssessment, "bill:B:2024-01", "2024-01-31",
			shebao.Debit(shebao.AcctContributionsReceivable, shebao.Yuan(100)), shebao.Credit(shebao.AcctContributionIncome, shebao.Yuan(100)))
		if _, err := db.PostMany(ledgerFinance, []*shebao.Entry{e, other}); err != nil {
			t.Fatal(err)
		}
		if res, _ := ledgerCheck(t, db, "110"); !res.Balanced || len(res.Problems) != 0 {
			t.Fatalf("fresh ledger: %+v", res)
		}
		// Someone with database access adds one fen to a debit.
		if err := db.ExecRaw(ctx, `UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = $1 AND line_no = 1`, e.ID); err != nil {
			t.Fatal(err)
		}
		res, fc := ledgerCheck(t, db, "110")
		if res.Balanced || fc.Balanced || fc.UnbalancedEntries != 1 || fc.Debit-fc.Credit != 1 {
			t.Fatalf("tampered line not found: %+v", fc)
		}
		if len(fc.Examples) != 1 || !strings.Contains(fc.Examples[0], e.ID) {
			t.Errorf("examples %v", fc.Examples)
		}
		if !strings.Contains(strings.Join(res.Problems, "\n"), "110 企业职工基本养老保险基金:借贷不平衡,借方合计2400.01元,贷方合计2400.00元") {
			t.Errorf("problems %v", res.Problems)
		}
		if _, fc210 := ledgerCheck(t, db, "210"); !fc210.Balanced {
			t.Errorf("untouched fund 210 reported: %+v", fc210)
		}
		// A line moved to another date than its entry's.
		if err := db.ExecRaw(ctx, `UPDATE journal_lines SET debit = debit - 1, posted = '2023-12-31' WHERE entry_id = $1 AND line_no = 1`, e.ID); err != nil {
			t.Fatal(err)
		}
		if res, fc := ledgerCheck(t, db, "110"); res.Balanced || fc.StrayLines != 1 || fc.UnbalancedEntries != 0 {
			t.Errorf("stray line: %+v", fc)
		}
		// The day sums the fund status reads (ledger_days), changed behind
		// the lines' back: a credit, and a day's count of entries removed.
		if err := db.ExecRaw(ctx, `UPDATE ledger_days SET credit = credit + 1 WHERE fund = '210' AND account = $1`, shebao.AcctContributionIncome); err != nil {
			t.Fatal(err)
		}
		res, fc210 := ledgerCheck(t, db, "210")
		if fc210.Balanced || fc210.DaySumsOff != 1 || fc210.UnbalancedEntries != 0 || fc210.Debit != fc210.Credit {
			t.Errorf("tampered day sum: %+v", fc210)
		}
		if !strings.Contains(strings.Join(res.Problems, "\n"), "210 失业保险基金:有1个记账日的日汇总(基金状况据以计算)与分录明细不符") {
			t.Errorf("problems %v", res.Problems)
		}
		if err := db.ExecRaw(ctx, `DELETE FROM ledger_entry_days WHERE fund = '210'`); err != nil {
			t.Fatal(err)
		}
		if _, fc210 := ledgerCheck(t, db, "210"); fc210.DaySumsOff != 2 {
			t.Errorf("missing entry day: %+v", fc210)
		}
	})
}

// TestLedgerDaySumsInUnitOfWork: the fund status read in the unit of work
// that posts sees its own postings (the day sums are added at the commit,
// and before such a read), and a rolled-back posting adds nothing.
func TestLedgerDaySumsInUnitOfWork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		opening := ledgerEntry("110", shebao.PostOpening, "opening", "2024-01-01",
			shebao.Debit(shebao.AcctBank, wan(100)), shebao.Credit(shebao.AcctFundBalance, wan(100)))
		pay := ledgerEntry("110", shebao.PostPayment, "payroll:2024-02", "2024-02-15",
			shebao.Debit(shebao.AcctPension, wan(1)), shebao.Credit(shebao.AcctBank, wan(1)))
		balance := func(ctx context.Context) (shebao.Money, int64) {
			t.Helper()
			st, err := db.FundStatus(ctx, "2024-12-31")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range st {
				if s.Fund == "110" {
					return s.Balance, s.Entries
				}
			}
			t.Fatal("no fund 110")
			return 0, 0
		}
		err := db.InTx(ledgerFinance, func(ctx context.Context) error {
			if _, err := db.Post(ctx, opening); err != nil {
				return err
			}
			if b, n := balance(ctx); b != wan(100) || n != 1 {
				t.Errorf("after the opening, in the unit of work: %s, %d entries", b, n)
			}
			if _, err := db.Post(ctx, pay); err != nil {
				return err
			}
			if b, n := balance(ctx); b != wan(99) || n != 2 {
				t.Errorf("after the payment, in the unit of work: %s, %d entries", b, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A posting whose unit of work fails leaves no sum behind.
		late := ledgerEntry("110", shebao.PostPayment, "payroll:2024-03", "2024-03-15",
			shebao.Debit(shebao.AcctPension, wan(5)), shebao.Credit(shebao.AcctBank, wan(5)))
		boom := fmt.Errorf("boom")
		if err := db.InTx(ledgerFinance, func(ctx context.Context) error {
			if _, err := db.Post(ctx, late); err != nil {
				return err
			}
			return boom
		}); err != boom {
			t.Fatalf("err %v", err)
		}
		if b, n := balance(ledgerFinance); b != wan(99) || n != 2 {
			t.Errorf("after the commit: %s, %d entries", b, n)
		}
		if res, fc := ledgerCheck(t, db, "110"); !res.Balanced || fc.DaySumsOff != 0 {
			t.Errorf("ledger: %+v", fc)
		}
	})
}

// ledgerPersons registers n persons in 魏家桥村 and returns their numbers.
func ledgerPersons(t *testing.T, db *sqldb.DB, n int) []string {
	t.Helper()
	seedRegions(t, db)
	var ids []string
	for i := range n {
		id := demo.IDNumber("640106", time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), 10+2*i, true)
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: fmt.Sprintf("账户%c", '甲'+rune(i)), Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestLedgerIndividualAccounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		ids := ledgerPersons(t, db, 2)
		// The contribution work's pattern: the movements of a bill and the
		// entry for their sum, in one transaction.
		credit := func(source string, a, b shebao.Money) (int, bool, error) {
			var applied int
			var posted bool
			err := db.Update(ledgerFinance, func(tx *sqldb.Tx) error {
				var err error
				applied, err = tx.CreditAccounts(ledgerFinance, []shebao.AccountMovement{
					{IDNo: ids[0], Fund: "110", Date: "2024-01-31", Kind: shebao.MoveCredit, Source: source, Amount: a},
					{IDNo: ids[1], Fund: "110", Date: "2024-01-31", Kind: shebao.MoveCredit, Source: source, Amount: b},
				})
				if err != nil {
					return err
				}
				posted, err = tx.Post(ledgerFinance, &shebao.Entry{Fund: "110", Date: "2024-01-31", Kind: shebao.PostAccount, Source: source,
					Description: "缴费划入个人账户", Lines: shebao.IndividualAccountLines(a + b)})
				return err
			})
			return applied, posted, err
		}
		if n, posted, err := credit("bill:C:2024-01", shebao.Yuan(800), shebao.Yuan(400)); err != nil || n != 2 || !posted {
			t.Fatalf("credit: %d %v %v", n, posted, err)
		}
		res, fc := ledgerCheck(t, db, "110")
		if ac := fc.Accounts; !res.Balanced || ac == nil || !ac.OK || ac.Liability != shebao.Yuan(1200) || ac.Balances != shebao.Yuan(1200) ||
			ac.Movements != shebao.Yuan(1200) || ac.Persons != 2 {
			t.Fatalf("after credit: %+v %+v", res, fc.Accounts)
		}
		// Run again: nothing moves.
		if n, posted, err := credit("bill:C:2024-01", shebao.Yuan(800), shebao.Yuan(400)); err != nil || n != 0 || posted {
			t.Fatalf("re-run: %d %v %v", n, posted, err)
		}
		if bal, ok, err := db.IndividualAccount(admin, ids[0], "110"); err != nil || !ok || bal != shebao.Yuan(800) {
			t.Errorf("balance after re-run: %s %v %v", bal, ok, err)
		}
		// Another amount for the same source is refused.
		_, _, err := credit("bill:C:2024-01", shebao.Yuan(801), shebao.Yuan(400))
		wantError(t, err, shebao.ECONFLICT, "已入账")

		// A withdrawal beyond the balance is refused, and changes nothing.
		_, err = db.CreditAccount(ledgerFinance, ids[1], "110", "2024-02-01", shebao.MoveWithdraw, "lump:1", shebao.Yuan(500))
		wantError(t, err, shebao.EINVALID, "个人账户余额不足")
		if bal, _, _ := db.IndividualAccount(admin, ids[1], "110"); bal != shebao.Yuan(400) {
			t.Errorf("balance after refused withdrawal: %s", bal)
		}
		err = db.Update(ledgerFinance, func(tx *sqldb.Tx) error {
			if _, err := tx.CreditAccount(ledgerFinance, ids[0], "110", "2024-02-01", shebao.MoveWithdraw, "lump:2", shebao.Yuan(100)); err != nil {
				return err
			}
			_, err := tx.Post(ledgerFinance, &shebao.Entry{Fund: "110", Date: "2024-02-01", Kind: shebao.PostAccount, Source: "lump:2",
				Description: "个人账户支取", Lines: shebao.IndividualAccountLines(-shebao.Yuan(100))})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if bal, _, _ := db.IndividualAccount(admin, ids[0], "110"); bal != shebao.Yuan(700) {
			t.Errorf("balance after withdrawal: %s", bal)
		}
		if res, _ := ledgerCheck(t, db, "110"); !res.Balanced {
			t.Errorf("after withdrawal: %v", res.Problems)
		}

		// A year's interest through MoveAccounts: the movements and their
		// entry in one call; again, or a part of them again, nothing (the
		// entry covers what a call applies); with a movement not applied
		// before under the same source, refused as a whole.
		interest := []shebao.AccountMovement{
			{IDNo: ids[0], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024", Amount: 1834},
			{IDNo: ids[1], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024", Amount: 1048},
		}
		for run, want := range []int{2, 0} {
			if n, err := db.MoveAccounts(ledgerFinance, "2024-12-31", "interest:2024", "2024年个人账户记账利息", interest); err != nil || n != want {
				t.Fatalf("interest run %d: %d %v", run, n, err)
			}
		}
		if n, err := db.MoveAccounts(ledgerFinance, "2024-12-31", "interest:2024", "2024年个人账户记账利息", interest[:1]); err != nil || n != 0 {
			t.Fatalf("part of the interest again: %d %v", n, err)
		}
		late := shebao.AccountMovement{IDNo: ids[1], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024:late", Amount: 5}
		_, err = db.MoveAccounts(ledgerFinance, "2024-12-31", "interest:2024", "2024年个人账户记账利息", append(interest[:1:1], late))
		wantError(t, err, shebao.ECONFLICT, "已记账")
		res, fc = ledgerCheck(t, db, "110")
		if !res.Balanced || fc.Accounts.Liability != shebao.Yuan(1100)+2882 {
			t.Fatalf("after interest: %v %+v", res.Problems, fc.Accounts)
		}

		// Refusals: no individual accounts in 210, an unknown person, a
		// collection clerk through the fund's own door.
		_, err = db.CreditAccount(ledgerFinance, ids[0], "210", "2024-02-01", shebao.MoveCredit, "x", 100)
		wantError(t, err, shebao.EINVALID, "失业保险基金不设个人账户")
		unknown := demo.IDNumber("640106", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 99, true)
		_, err = db.CreditAccount(ledgerFinance, unknown, "110", "2024-02-01", shebao.MoveCredit, "x", 100)
		wantError(t, err, shebao.ENOTFOUND, "未找到身份证号")
		_, err = db.CreditAccount(ledgerCollection, ids[0], "110", "2024-02-01", shebao.MoveCredit, "x", 100)
		wantError(t, err, shebao.EFORBIDDEN, "无权修改基金账务")

		// The liability credited without the accounts: found.
		if _, err := db.Post(ledgerFinance, &shebao.Entry{Fund: "110", Date: "2024-02-02", Kind: shebao.PostAccount, Source: "orphan",
			Description: "漏记个人账户", Lines: shebao.IndividualAccountLines(shebao.Yuan(50))}); err != nil {
			t.Fatal(err)
		}
		res, fc = ledgerCheck(t, db, "110")
		if res.Balanced || !fc.Balanced || fc.Accounts.OK || fc.Accounts.Liability != shebao.Yuan(1150)+2882 || fc.Accounts.Balances != shebao.Yuan(1100)+2882 {
			t.Fatalf("liability mismatch not found: %+v %+v", fc, fc.Accounts)
		}
		if !strings.Contains(strings.Join(res.Problems, "\n"), "个人账户科目(2301)余额1178.82元,与2个个人账户余额合计1128.82元不符,相差50.00元") {
			t.Errorf("problems %v", res.Problems)
		}
		// A balance changed behind the movements' back: found.
		if err := db.ExecRaw(ctx, `UPDATE individual_accounts SET balance = balance + 1 WHERE id_no = $1`, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, fc := ledgerCheck(t, db, "110"); fc.Accounts.Mismatched != 1 || fc.Accounts.Movements == fc.Accounts.Balances {
			t.Errorf("tampered balance not found: %+v", fc.Accounts)
		}
	})
}

func TestLedgerFundStatusMonths(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ids := ledgerPersons(t, db, 1)
		pay := func(source, date string, m shebao.Money) *shebao.Entry {
			return ledgerEntry("110", shebao.PostPayment, source, date, shebao.Debit(shebao.AcctPension, m), shebao.Credit(shebao.AcctBank, m))
		}
		es := []*shebao.Entry{
			ledgerEntry("110", shebao.PostOpening, "opening", "2023-01-01", shebao.Debit(shebao.AcctBank, wan(8100)), shebao.Credit(shebao.AcctFundBalance, wan(8100))),
			pay("payroll:2023-12", "2023-12-31", wan(100)), // before the twelve months
			ledgerEntry("110", shebao.PostCollection, "collect:2024", "2024-06-30", shebao.Debit(shebao.AcctBank, wan(764)), shebao.Credit(shebao.AcctContributionIncome, wan(764))),
			pay("payroll:2025-01", "2025-01-10", wan(500)), // after the date asked
			ledgerEntry("210", shebao.PostOpening, "opening", "2023-01-01", shebao.Debit(shebao.AcctBank, wan(300)), shebao.Credit(shebao.AcctFundBalance, wan(300))),
		}
		for m := 1; m <= 12; m++ {
			es = append(es, pay(fmt.Sprintf("payroll:2024-%02d", m), fmt.Sprintf("2024-%02d-15", m), wan(100)))
		}
		if n, err := db.PostMany(ledgerFinance, es); err != nil || n != len(es) {
			t.Fatalf("posted %d of %d: %v", n, len(es), err)
		}
		// 100 万 of the contributions went to an individual account: a
		// liability, not part of the fund balance.
		err := db.Update(ledgerFinance, func(tx *sqldb.Tx) error {
			if _, err := tx.CreditAccount(ledgerFinance, ids[0], "110", "2024-06-30", shebao.MoveCredit, "collect:2024", wan(100)); err != nil {
				return err
			}
			_, err := tx.Post(ledgerFinance, &shebao.Entry{Fund: "110", Date: "2024-06-30", Kind: shebao.PostAccount, Source: "collect:2024",
				Description: "缴费划入个人账户", Lines: shebao.IndividualAccountLines(wan(100))})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		status := func(asOf string) map[string]shebao.FundStatus {
			t.Helper()
			st, err := db.FundStatus(ledgerFinance, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if len(st) != len(shebao.Funds()) {
				t.Fatalf("%d funds", len(st))
			}
			m := map[string]shebao.FundStatus{}
			for _, s := range st {
				m[s.Fund] = s
			}
			return m
		}
		// By hand: assets 8100 − 100 − 12×100 + 764 = 7564 万, liabilities
		// 100 万 (个人账户), balance 7464 万; expenditure 2024 = 1200 万,
		// 100 万 a month; 7464 ÷ 100 = 74.64 months.
		s := status("2024-12-31")["110"]
		if s.From != "2024-01-01" || s.Assets != wan(7564) || s.Liabilities != wan(100) || s.IndividualAccounts != wan(100) ||
			s.Balance != wan(7464) || s.Accumulated != wan(7564) || s.Income12 != wan(764) || s.Expenditure12 != wan(1200) ||
			s.MonthlyExpenditure != wan(100) || s.Months == nil || *s.Months != "74.64" || s.Entries != 16 {
			t.Fatalf("110 on 2024-12-31: %+v", s)
		}
		if want := "抗风险支付能力 = 基金结余 ÷ 月均支出 = 74640000.00元 ÷ 1000000.00元 = 74.64个月。"; !strings.HasPrefix(s.Explanation, want) {
			t.Errorf("explanation %q", s.Explanation)
		}
		for _, part := range []string{"资产75640000.00元 − 负债1000000.00元", "其中个人账户1000000.00元", "2024-01-01至2024-12-31的支出12000000.00元 ÷ 12"} {
			if !strings.Contains(s.Explanation, part) {
				t.Errorf("explanation lacks %q: %s", part, s.Explanation)
			}
		}
		// A fund that spent nothing: no months (∞).
		if s := status("2024-12-31")["210"]; s.Months != nil || s.Balance != wan(300) || !strings.Contains(s.Explanation, "∞") {
			t.Errorf("210: %+v", s)
		}
		// A later date: the twelve months 2024-01-11 … 2025-01-10 hold all
		// of 2024's payroll and January 2025's 500 万: 1700 万; balance
		// 6964 万; 6964 × 12 ÷ 1700 = 49.157… → 49.16.
		s = status("2025-01-10")["110"]
		if s.From != "2024-01-11" || s.Expenditure12 != wan(1700) || s.Balance != wan(6964) || s.Months == nil || *s.Months != "49.16" {
			t.Errorf("110 on 2025-01-10: %+v", s)
		}
		// Before anything was posted.
		if s := status("2022-12-31")["110"]; s.Entries != 0 || s.Balance != 0 || s.Months != nil {
			t.Errorf("110 before opening: %+v", s)
		}
		_, err = db.FundStatus(ledgerFinance, "2024-13-01")
		wantError(t, err, shebao.EINVALID, "日期")
		if res, _ := ledgerCheck(t, db, "110"); !res.Balanced {
			t.Errorf("ledger: %v", res.Problems)
		}
	})
}

func TestTwelveMonthsFrom(t *testing.T) {
	for asOf, want := range map[string]string{"2024-12-31": "2024-01-01", "2024-02-29": "2023-03-01", "2024-03-31": "2023-04-01", "2025-01-10": "2024-01-11"} {
		d, _ := time.Parse(shebao.DateLayout, asOf)
		if got := shebao.TwelveMonthsFrom(d).Format(shebao.DateLayout); got != want {
			t.Errorf("TwelveMonthsFrom(%s) = %s, want %s", asOf, got, want)
		}
	}
}

// MoveAccounts under a new source with movements applied before (under
// another entry) and new ones: the new entry is the net of the new ones.
func TestMoveAccountsPostsWhatItApplies(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ids := ledgerPersons(t, db, 2)
		a := shebao.AccountMovement{IDNo: ids[0], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024", Amount: shebao.Yuan(30)}
		b := shebao.AccountMovement{IDNo: ids[1], Fund: "110", Date: "2024-12-31", Kind: shebao.MoveInterest, Source: "interest:2024", Amount: shebao.Yuan(40)}
		if n, err := db.MoveAccounts(admin, "2024-12-31", "interest:2024:a", "利息", []shebao.AccountMovement{a}); err != nil || n != 1 {
			t.Fatalf("first: %d %v", n, err)
		}
		if n, err := db.MoveAccounts(admin, "2024-12-31", "interest:2024:b", "利息", []shebao.AccountMovement{a, b}); err != nil || n != 1 {
			t.Fatalf("second: %d %v", n, err)
		}
		// All applied before, under a third source: nothing is posted.
		if n, err := db.MoveAccounts(admin, "2024-12-31", "interest:2024:c", "利息", []shebao.AccountMovement{a, b}); err != nil || n != 0 {
			t.Fatalf("third: %d %v", n, err)
		}
		if res, fc := ledgerCheck(t, db, "110"); !res.Balanced || fc.Accounts.Liability != shebao.Yuan(70) || fc.Entries != 2 {
			t.Errorf("books: %v %+v, %d entries", res.Problems, fc.Accounts, fc.Entries)
		}
	})
}
