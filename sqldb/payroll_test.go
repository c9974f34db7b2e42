package sqldb_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var (
	payrollMaker   = shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"})
	payrollChecker = shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk/benefits", Region: "640106000000"})
)

// payrollFixture is a district with one beneficiary of each case.
type payrollFixture struct {
	ids      map[string]string // case → ID number
	benefits map[string]string // case → benefit id
}

func payrollPerson(t *testing.T, db *sqldb.DB, i int, name string) string {
	t.Helper()
	id := demo.IDNumber("640106", time.Date(1955, 1, 1+i, 0, 0, 0, 0, time.UTC), 30+i, i%2 == 0)
	if err := db.CreatePerson(admin, person(id, name, "640106100201")); err != nil {
		t.Fatal(err)
	}
	return id
}

// newPayrollFixture creates:
//
//	active     land allowance 160.00 from 2025-01
//	suspended  land allowance 160.00, suspended
//	ended      land allowance 160.00 2024-01 … 2025-02
//	future     land allowance 160.00 from 2025-05
//	dead       land allowance 160.00, the person died 2025-01-15
//	adjusted   land allowance 160.00 from 2024-01, 180.00 from 2025-03
//	pension    employee pension 3719.14 (account part 1079.14), account 15000.00
//	poor       employee pension 3719.14 (account part 1079.14), account 500.00
//	resident   residents' pension 482.71 (basic 123.00, account 359.71), account 50000.00
func newPayrollFixture(t *testing.T, db *sqldb.DB) *payrollFixture {
	t.Helper()
	seedRegions(t, db)
	f := &payrollFixture{ids: map[string]string{}, benefits: map[string]string{}}
	land := func(c, start, end string) shebao.NewBenefit {
		return shebao.NewBenefit{IDNo: f.ids[c], Kind: shebao.BenefitLandAllowance, StartMonth: start, EndMonth: end, Monthly: 16000,
			BankAccount: "6228480000000" + c, Source: "land:test", Explanation: "70–79周岁 基本生活保障金160.00元/月"}
	}
	cases := []string{"active", "suspended", "ended", "future", "dead", "adjusted", "pension", "poor", "resident"}
	for i, c := range cases {
		f.ids[c] = payrollPerson(t, db, i, "受益人"+c)
	}
	bs := []shebao.NewBenefit{land("active", "2025-01", ""), land("suspended", "2025-01", ""), land("ended", "2024-01", "2025-02"),
		land("future", "2025-05", ""), land("dead", "2024-06", ""), land("adjusted", "2024-01", "")}
	for _, c := range []string{"pension", "poor"} {
		bs = append(bs, shebao.NewBenefit{IDNo: f.ids[c], Kind: shebao.BenefitPension, StartMonth: "2024-10", Monthly: 371914, AccountPart: 107914,
			Source: "determination:test", Explanation: "基础养老金2640.00 + 个人账户养老金150000.00 ÷ 139 = 3719.14元/月"})
	}
	bs = append(bs, shebao.NewBenefit{IDNo: f.ids["resident"], Kind: shebao.BenefitResidentPension, StartMonth: "2024-06", Monthly: 48271,
		AccountPart: 35971, BasicPart: 12300, Source: "determination:test", Explanation: "123.00 + 50000.00 ÷ 139 = 482.71元/月"})
	if n, err := db.CreateBenefits(admin, bs); err != nil || n != len(bs) {
		t.Fatalf("created %d: %v", n, err)
	}
	all, _, err := db.FindBenefits(admin, shebao.BenefitFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range all {
		for c, id := range f.ids {
			if b.IDNo == id {
				f.benefits[c] = b.ID
			}
		}
	}
	if _, err := db.ChangeBenefit(admin, f.benefits["suspended"], shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2025-02", Reason: "待资格认证"}); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.AddBenefitAmount(admin, f.benefits["adjusted"], shebao.BenefitAmount{FromMonth: "2025-03", Monthly: 18000,
		Explanation: "2025年调整:160.00 + 20.00 = 180.00元/月", Source: "adjust:2025"}); err != nil || !ok {
		t.Fatalf("adjust %v %v", ok, err)
	}
	for c, bal := range map[string]shebao.Money{"pension": 1500000, "poor": 50000, "resident": 5000000} {
		fund := "110"
		if c == "resident" {
			fund = "170"
		}
		m := shebao.AccountMovement{IDNo: f.ids[c], Fund: fund, Date: "2024-01-01", Kind: shebao.MoveCredit, Source: "opening", Amount: bal}
		if _, err := db.MoveAccounts(admin, m.Date, "opening:"+c, "期初余额", []shebao.AccountMovement{m}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: f.ids["dead"], Name: "受益人dead", DeathDate: "2025-01-15"}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// payments returns the month's payments by case.
func (f *payrollFixture) payments(t *testing.T, db *sqldb.DB, month string) map[string]*shebao.BenefitPayment {
	t.Helper()
	ps, total, err := db.FindPayments(admin, shebao.PaymentFilter{Month: month, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(ps) {
		t.Fatalf("%d payments, total %d", len(ps), total)
	}
	out := map[string]*shebao.BenefitPayment{}
	for _, p := range ps {
		for c, id := range f.benefits {
			if p.BenefitID == id {
				out[c] = p
			}
		}
	}
	return out
}

func balanced(t *testing.T, db *sqldb.DB) *shebao.LedgerCheck {
	t.Helper()
	c, err := db.CheckLedger(admin)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Balanced {
		t.Fatalf("ledger not balanced: %v", c.Problems)
	}
	return c
}

func ledgerLines(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	c, err := db.CheckLedger(admin)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range c.Funds {
		n += int(f.Entries)
	}
	return n
}

// TestPayrollPaysTheRightPeople: the run pays the active, the adjusted
// (at the amount in force) and the pensioners (account part at most the
// balance), skips the suspended, ended, not yet started and deceased, stops
// the deceased's benefit, posts a balanced ledger with the individual
// accounts decreased, and a second run changes nothing.
func TestPayrollPaysTheRightPeople(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPayrollFixture(t, db)
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: 4})
		if err != nil {
			t.Fatal(err)
		}
		got := f.payments(t, db, "2025-03")
		want := map[string]struct{ amount, acct, basic shebao.Money }{
			"active": {16000, 0, 0}, "adjusted": {18000, 0, 0},
			"pension": {371914, 107914, 0}, "poor": {371914, 50000, 0}, "resident": {48271, 35971, 12300},
		}
		if len(got) != len(want) {
			t.Errorf("paid %d: %v", len(got), keys(got))
		}
		var total shebao.Money
		for c, w := range want {
			p := got[c]
			if p == nil {
				t.Errorf("%s not paid", c)
				continue
			}
			total += w.amount
			if p.Amount != w.amount || p.AccountPart != w.acct || p.BasicPart != w.basic || p.Status != shebao.PaymentPending || p.IDNo != f.ids[c] {
				t.Errorf("%s: %+v, want %+v", c, p, w)
			}
		}
		if got["active"] != nil && got["active"].BankAccount != "6228480000000active" {
			t.Errorf("bank account %q", got["active"].BankAccount)
		}
		if res.Payments != 5 || res.Total != total || res.MonthPayments != 5 || res.MonthTotal != total || res.AccountPart != 107914+50000+35971 {
			t.Errorf("result %+v, want 5 payments of %s", res, total)
		}
		if res.Skipped["暂停发放"] != 1 || res.Skipped["死亡"] != 1 || res.SkippedTotal != 2 {
			t.Errorf("skipped %v", res.Skipped)
		}
		if res.Release == nil || res.Release.Kind != shebao.ApprovePayrollRelease || res.Release.Maker != "clerk1" {
			t.Fatalf("release %+v", res.Release)
		}
		// The deceased's benefit was stopped by the death-register match
		// with the month of death as its last month.
		if b, _ := db.FindBenefit(admin, f.benefits["dead"]); b.Status != shebao.BenefitStopped || b.EndMonth != "2025-01" {
			t.Errorf("dead: %s %s", b.Status, b.EndMonth)
		}
		// Individual accounts decreased by the account part; the poor
		// account is empty and the pool pays the rest.
		for c, w := range map[string]shebao.Money{"pension": 1500000 - 107914, "poor": 0, "resident": 5000000 - 35971} {
			fund := "110"
			if c == "resident" {
				fund = "170"
			}
			if bal, _, err := db.IndividualAccount(admin, f.ids[c], fund); err != nil || bal != w {
				t.Errorf("%s account %s, want %s (%v)", c, bal, w, err)
			}
		}
		c := balanced(t, db)
		for _, fc := range c.Funds {
			if fc.Fund == "110" && fc.Accounts.Liability != 1500000-107914 {
				t.Errorf("110 liability %s", fc.Accounts.Liability)
			}
		}
		entries := ledgerLines(t, db)

		// Run again: nothing new, nothing posted, nothing submitted.
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: 3})
		if err != nil {
			t.Fatal(err)
		}
		if again.Payments != 0 || again.Total != 0 || again.Release != nil || again.MonthPayments != 5 || again.MonthTotal != total {
			t.Errorf("second run %+v", again)
		}
		if n := ledgerLines(t, db); n != entries {
			t.Errorf("second run posted: %d entries, were %d", n, entries)
		}
		sum, err := db.PayrollTotals(admin, "2025-03", "")
		if err != nil || sum.Payments != 5 || sum.Total != total || sum.Pending != 5 || sum.Run == nil || sum.Run.Status != "done" {
			t.Errorf("totals %+v %v", sum, err)
		}
		// A town clerk sees nothing of another town.
		other := shebao.WithActor(admin, shebao.Actor{Name: "t", Role: "town", Region: "640106101000"})
		if ps, n, err := db.FindPayments(other, shebao.PaymentFilter{Month: "2025-03"}); err != nil || n != 0 || len(ps) != 0 {
			t.Errorf("other town sees %d payments: %v", n, err)
		}
		if _, err := benefits(db).RunPayroll(other, "2025-03", shebao.PayrollOptions{}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town clerk ran the payroll: %v", err)
		}
		if _, err := benefits(db).RunPayroll(payrollMaker, "2025-13", shebao.PayrollOptions{}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("bad month: %v", err)
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPayrollRelease: the maker cannot release their own payroll; the
// checker's approval marks the payments 已发放 and posts the bank payment;
// a run after the release pays only a new beneficiary and submits a
// release for that payment alone.
func TestPayrollRelease(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		f := newPayrollFixture(t, db)
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Approve.DecideApproval(payrollMaker, res.Release.ID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("maker released own payroll: %v", err)
		}
		ap, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, "核对无误")
		if err != nil {
			t.Fatal(err)
		}
		if ap.Status != shebao.ApprovalApproved {
			t.Fatalf("approval %+v", ap)
		}
		for c, p := range f.payments(t, db, "2025-03") {
			if p.Status != shebao.PaymentReleased {
				t.Errorf("%s: %s", c, p.Status)
			}
		}
		balanced(t, db)
		st, err := db.FundStatus(admin, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if s.Fund == "910" && s.Expenditure12 != 0 && s.Assets != -(16000+18000) {
				t.Errorf("910 after release: assets %s", s.Assets)
			}
		}

		// A new beneficiary, then the run again.
		id := payrollPerson(t, db, 20, "新受益人")
		if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-03",
			Monthly: 16000, Source: "land:test2", Explanation: "基本生活保障金160.00元/月"}}); err != nil {
			t.Fatal(err)
		}
		again, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Payments != 1 || again.Total != 16000 || again.Release == nil || again.MonthPayments != 6 {
			t.Fatalf("run after release %+v", again)
		}
		// Still pending: a third run submits nothing more.
		if third, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{}); err != nil || third.Release != nil {
			t.Errorf("third run %+v %v", third, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(payrollChecker, again.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		sum, _ := db.PayrollTotals(admin, "2025-03", "")
		if sum.Released != 6 || sum.Pending != 0 {
			t.Errorf("after second release %+v", sum)
		}
		balanced(t, db)
	})
}

// TestPayrollConcurrentRuns: two runs of the same month at once pay every
// benefit once and post once.
func TestPayrollConcurrentRuns(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		f := newPayrollFixture(t, db)
		var wg sync.WaitGroup
		results := make([]*shebao.PayrollResult, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: 2})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := results[0].Payments + results[1].Payments; n != 5 {
			t.Errorf("two runs created %d payments", n)
		}
		if len(f.payments(t, db, "2025-03")) != 5 {
			t.Error("payments doubled")
		}
		releases := 0
		for _, r := range results {
			if r.Release != nil {
				releases++
			}
		}
		aps, _ := db.FindApprovals(admin, "", 100)
		if releases != 1 || len(aps) != 1 {
			t.Errorf("%d releases submitted, %d pending approvals", releases, len(aps))
		}
		balanced(t, db)
	})
}

// TestOverpaymentAfterLateDeathNotice: payments made for months after a
// death that was recorded later become overpayments (found once), the
// benefit is stopped, and a recovery posts the money back.
func TestOverpaymentAfterLateDeathNotice(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newPayrollFixture(t, db)
		for _, m := range []string{"2025-03", "2025-04", "2025-05"} {
			res, err := benefits(db).RunPayroll(payrollMaker, m, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := app.New(db).Approve.DecideApproval(payrollChecker, res.Release.ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		// The pensioner died on 2025-03-20: April and May were overpaid.
		ms, err := db.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: f.ids["pension"], Name: "受益人pension", DeathDate: "2025-03-20"}})
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		ops, n, sum, err := db.FindOverpayments(admin, shebao.OverpaymentFilter{})
		if err != nil || n != 2 || sum != 2*371914 {
			t.Fatalf("overpayments %d %s %v", n, sum, err)
		}
		if ops[0].Month != "2025-04" || ops[1].Month != "2025-05" || ops[0].Status != shebao.OverpaymentOpen || ops[0].BenefitID != f.benefits["pension"] {
			t.Errorf("overpayments %+v %+v", ops[0], ops[1])
		}
		if b, _ := db.FindBenefit(admin, f.benefits["pension"]); b.Status != shebao.BenefitStopped || b.EndMonth != "2025-03" {
			t.Errorf("pension after death: %s %s", b.Status, b.EndMonth)
		}
		// Found again: nothing new.
		if again, err := db.DetectOverpayments(payrollMaker); err != nil || again != 0 {
			t.Errorf("detected again %d %v", again, err)
		}
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-06", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 5 || res.Skipped["死亡"] != 2 || res.Overpayments != 0 {
			t.Errorf("June %+v", res)
		}
		before, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		rec := recovery(t, db, f.benefits["pension"], "2025-04", "ZH-0001")
		// A voucher dated after today, or of another amount, is refused
		// before anything is posted.
		late := rec
		late.Date = shebao.Today().AddDate(0, 0, 1).Format(shebao.DateLayout)
		if _, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["pension"], "2025-04", late); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("a voucher dated tomorrow: %v", err)
		}
		short := rec
		short.Amount--
		if _, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["pension"], "2025-04", short); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("one fen short: %v", err)
		}
		rec.Date = "2025-06-20"
		o, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["pension"], "2025-04", rec)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != shebao.OverpaymentRecovered || o.SettledOn != "2025-06-20" || o.Receipt != "ZH-0001" || o.Repeat {
			t.Errorf("recovered %+v", o)
		}
		// The same voucher again answers the recovery and posts nothing;
		// another voucher for it is refused, and so is the voucher used
		// for the other overpayment.
		if again, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["pension"], "2025-04", rec); err != nil || !again.Repeat || again.SettledOn != "2025-06-20" {
			t.Errorf("the same voucher again: %+v %v", again, err)
		}
		rec.Receipt = "ZH-0002"
		if _, err := benefits(db).RecoverOverpayment(payrollChecker, f.benefits["pension"], "2025-04", rec); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("recovered twice: %v", err)
		}
		after, _, _ := db.IndividualAccount(admin, f.ids["pension"], "110")
		if after-before != 107914 {
			t.Errorf("account part not returned: %s → %s", before, after)
		}
		balanced(t, db)
		if _, n, _, _ := db.FindOverpayments(admin, shebao.OverpaymentFilter{Status: shebao.OverpaymentOpen}); n != 1 {
			t.Errorf("%d open", n)
		}
	})
}

// TestPayrollChunksAreTransactions: the ledger entry of each chunk covers
// exactly its payments (the sums over all entries equal the payments).
func TestPayrollChunksAreTransactions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		var bs []shebao.NewBenefit
		for i := range 25 {
			id := payrollPerson(t, db, i, "征地"+string(rune(0x7532+i)))
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: shebao.Money(10000 + i),
				Source: "land:chunks", Explanation: "测试"})
		}
		if _, err := db.CreateBenefits(admin, bs); err != nil {
			t.Fatal(err)
		}
		res, err := benefits(db).RunPayroll(payrollMaker, "2025-02", shebao.PayrollOptions{Chunk: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 25 || res.Batches != 4 || res.Total != shebao.Money(25*10000+300) {
			t.Errorf("%+v", res)
		}
		c := balanced(t, db)
		for _, fc := range c.Funds {
			if fc.Fund == "910" && (fc.Debit != res.Total || fc.Entries != 4) {
				t.Errorf("910: %d entries, debit %s", fc.Entries, fc.Debit)
			}
		}
	})
}

// TestPayrollSkipsBenefitsWithoutAmount: active benefits with no amount in
// force for the month are not paid and are counted as skipped (无当月待遇标准)
// by the chunks holding them, on the first run and on a re-run.
func TestPayrollSkipsBenefitsWithoutAmount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		var bs []shebao.NewBenefit
		for i := range 7 {
			id := payrollPerson(t, db, i, "无标准"+string(rune(0x7532+i)))
			bs = append(bs, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: 16000,
				Source: "land:noamount", Explanation: "测试"})
		}
		if _, err := db.CreateBenefits(admin, bs); err != nil {
			t.Fatal(err)
		}
		all, _, err := db.FindBenefits(admin, shebao.BenefitFilter{Limit: 100})
		if err != nil || len(all) != 7 {
			t.Fatal(len(all), err)
		}
		for _, b := range all[:2] {
			if err := db.EndAmounts(admin, b.ID, "2025-02"); err != nil {
				t.Fatal(err)
			}
		}
		for run, chunk := range []int{2, 3} {
			res, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: chunk})
			if err != nil {
				t.Fatal(err)
			}
			wantPaid := 5
			if run > 0 {
				wantPaid = 0
			}
			if res.Payments != wantPaid || res.MonthPayments != 5 || res.MonthTotal != 5*16000 ||
				res.Skipped["无当月待遇标准"] != 2 || res.SkippedTotal != 2 {
				t.Errorf("run %d: %+v", run, res)
			}
		}
	})
}

// TestPayrollCountsItsChunks: the payroll counts each chunk's payments
// from the rows its insert returns (recountCreated, issue #20 item 3), not
// by reading them back; the counters must still be what a recount gives,
// chunk after chunk into the same rows, and a re-run must add nothing.
// The fixture pays five benefits in 2025-03 (newPayrollFixture: active,
// adjusted, pension, poor, resident): 160.00 + 180.00 + 3719.14 + 3719.14
// + 482.71 = 8260.99 元, i.e. 16,000 + 18,000 + 371,914 + 371,914 + 48,271
// = 826,099 分.
func TestPayrollCountsItsChunks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		newPayrollFixture(t, db)
		sums := func() (paid, n int64) {
			t.Helper()
			got, err := db.CounterSums(admin, []string{"640106000000"}, []string{shebao.CounterPaid + "|", shebao.CounterPayments + "|"},
				"2025-03-01", "2025-03-31")
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range got["640106000000"] {
				switch {
				case strings.HasPrefix(k, shebao.CounterPaid+"|"):
					paid += v
				case strings.HasPrefix(k, shebao.CounterPayments+"|"):
					n += v
				}
			}
			return paid, n
		}
		for _, chunk := range []int{2, 3} { // several chunks; then a re-run that pays nothing
			if _, err := benefits(db).RunPayroll(payrollMaker, "2025-03", shebao.PayrollOptions{Chunk: chunk}); err != nil {
				t.Fatal(err)
			}
			if paid, n := sums(); paid != 826099 || n != 5 {
				t.Errorf("chunk %d: counted %d 分 in %d payments, want 826099 in 5", chunk, paid, n)
			}
			verifyCounters(t, db)
		}
	})
}
