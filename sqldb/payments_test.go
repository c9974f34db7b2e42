package sqldb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// paymentFixture makes an employer with two employees and bills for March
// and April 2025, and returns the employer, the persons and the two bills.
func paymentFixture(t *testing.T, db *sqldb.DB, n int) (string, []string, *shebao.Bill, *shebao.Bill) {
	t.Helper()
	seedRegions(t, db)
	emp := &shebao.Employer{USCC: demo.USCC("640106", 40+n), Name: "银川征收测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := db.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	ids := []string{
		demo.IDNumber("640106", time.Date(1971, 5, 1, 0, 0, 0, 0, time.UTC), 10+n, true),
		demo.IDNumber("640106", time.Date(1982, 6, 2, 0, 0, 0, 0, time.UTC), 20+n, false),
	}
	for i, id := range ids {
		if err := db.CreatePerson(admin, person(id, []string{"马志刚", "李秀梅"}[i], "640106100201")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Hire(admin, id, emp.USCC, "2025-01-01", nil); err != nil {
			t.Fatal(err)
		}
	}
	var bills []*shebao.Bill
	for _, period := range []shebao.Period{"2025-03", "2025-04"} {
		ds := []shebao.Declaration{
			{Employer: emp.USCC, Period: period, IDNo: ids[0], Wage: shebao.Money(654321)},
			{Employer: emp.USCC, Period: period, IDNo: ids[1], Wage: shebao.Yuan(9000)},
		}
		if _, errs, err := declare(db, admin, "d"+string(period), ds); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatalf("declarations: %v %v", errs, err)
		}
		if _, err := assess(db, admin, period); err != nil {
			t.Fatal(err)
		}
		b, err := db.FindBill(admin, emp.USCC, period)
		if err != nil {
			t.Fatal(err)
		}
		bills = append(bills, b)
	}
	return emp.USCC, ids, bills[0], bills[1]
}

// accountDue is what a bill credits to the person's account in the fund.
func accountDue(b *shebao.Bill, id, fund string) shebao.Money {
	for _, l := range b.Items {
		if l.IDNo == id && l.Scheme == fund {
			return l.AccountAmount
		}
	}
	return 0
}

func checkBalanced(t *testing.T, db *sqldb.DB) {
	t.Helper()
	res, err := db.CheckLedger(admin)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Balanced {
		t.Fatalf("ledger not balanced: %v", res.Problems)
	}
}

// fundSums returns the sum over funds of 银行存款 and of the liabilities
// (暂收款 and 个人账户), and the 个人账户 liability of fund 110.
func fundSums(t *testing.T, db *sqldb.DB) (bank, liabilities, indiv110 shebao.Money) {
	t.Helper()
	fs, err := db.FundStatus(admin, "2025-12-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		bank += f.Assets
		liabilities += f.Liabilities
		if f.Fund == "110" {
			indiv110 = f.IndividualAccounts
		}
	}
	return
}

func TestPaymentAllocationAndArrears(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, ids, march, april := paymentFixture(t, db, 1)
		if march.Total <= shebao.Yuan(1000) || april.Total != march.Total {
			t.Fatalf("bills %s %s", march.Total, april.Total)
		}
		// Before any payment: March is 10 days overdue on 2025-04-10,
		// April not yet due.
		arr, unpaid, fee, err := collectOf(db).Arrears(admin, uscc, "2025-04-10")
		if err != nil {
			t.Fatal(err)
		}
		wantFee := shebao.Money(shebao.MulDivRound(int64(march.Total)*10, 500, shebao.RatePPM))
		if len(arr) != 1 || arr[0].Period != "2025-03" || arr[0].Days != 10 || unpaid != march.Total || fee != wantFee {
			t.Fatalf("arrears %+v %s %s (want fee %s)", arr, unpaid, fee, wantFee)
		}

		// A partial payment leaving 1000.00 of March unpaid.
		p1 := shebao.Payment{ReceiptNo: "HD20250405001", Employer: uscc, Amount: march.Total - shebao.Yuan(1000), PaidOn: "2025-04-05"}
		r1, err := collectOf(db).RecordPayment(admin, p1)
		if err != nil {
			t.Fatal(err)
		}
		if r1.Repeat || len(r1.Allocations) != 1 || r1.Allocations[0].Period != "2025-03" || r1.Allocations[0].Amount != p1.Amount ||
			r1.Allocations[0].Settled || r1.Allocations[0].LateDays != 5 || r1.Credit != 0 {
			t.Fatalf("first payment %+v", r1)
		}
		var byScheme shebao.Money
		for _, m := range r1.Allocations[0].ByScheme {
			byScheme += m
		}
		if byScheme != p1.Amount {
			t.Errorf("scheme shares %v sum to %s, want %s", r1.Allocations[0].ByScheme, byScheme, p1.Amount)
		}
		// Worked by hand: 1000.00 unpaid 10 days × 0.05% = 5.00.
		arr, unpaid, fee, err = collectOf(db).Arrears(admin, uscc, "2025-04-10")
		if err != nil || len(arr) != 1 || unpaid != shebao.Yuan(1000) || fee != shebao.Yuan(5) ||
			!strings.Contains(arr[0].Explain, "1000.00 × 0.05% × 10天 = 5.00元") || !strings.Contains(arr[0].Explain, "第八十六条") {
			t.Fatalf("arrears after partial payment %+v %s %s %v", arr, unpaid, fee, err)
		}
		// Not yet credited to any individual account: the bill is not paid.
		if bal, _, err := db.IndividualAccount(admin, ids[0], "110"); err != nil || bal != 0 {
			t.Fatalf("account credited before the bill is paid: %s %v", bal, err)
		}
		checkBalanced(t, db)

		// The rest, April, and 50.00 more: oldest first, then 暂收款.
		p2 := shebao.Payment{ReceiptNo: "HD20250520007", Employer: uscc, Amount: shebao.Yuan(1000) + april.Total + shebao.Yuan(50), PaidOn: "2025-05-20"}
		r2, err := collectOf(db).RecordPayment(admin, p2)
		if err != nil {
			t.Fatal(err)
		}
		if len(r2.Allocations) != 2 || r2.Allocations[0].Period != "2025-03" || r2.Allocations[0].Amount != shebao.Yuan(1000) ||
			!r2.Allocations[0].Settled || r2.Allocations[1].Period != "2025-04" || r2.Allocations[1].Amount != april.Total ||
			!r2.Allocations[1].Settled || r2.Allocations[1].LateDays != 20 || r2.Credit+r2.LateFeePaid != shebao.Yuan(50) {
			t.Fatalf("second payment %+v", r2)
		}
		for _, p := range []shebao.Period{"2025-03", "2025-04"} {
			b, err := db.FindBill(admin, uscc, p)
			if err != nil || b.Paid != b.Total {
				t.Fatalf("bill %s paid %+v %v", p, b, err)
			}
		}
		if arr, unpaid, fee, err := collectOf(db).Arrears(admin, uscc, "2025-06-30"); err != nil || len(arr) != 0 || unpaid != 0 || fee != 0 {
			t.Fatalf("arrears after paying in full %+v %v", arr, err)
		}
		checkBalanced(t, db)
		want := accountDue(march, ids[0], "110") + accountDue(april, ids[0], "110")
		bal, _, err := db.IndividualAccount(admin, ids[0], "110")
		if err != nil || want == 0 || bal != want {
			t.Fatalf("110 account %s, want %s (%v)", bal, want, err)
		}
		want310 := accountDue(march, ids[1], "310") + accountDue(april, ids[1], "310")
		if bal, _, err := db.IndividualAccount(admin, ids[1], "310"); err != nil || bal != want310 {
			t.Errorf("310 account %s, want %s (%v)", bal, want310, err)
		}
		// The 50.00 left after the bills paid late fees first
		// (latefees.go); the assets are the bank and the fees still owed.
		fees, err := collectOf(db).LateFees(admin, uscc, "")
		if err != nil || fees.Paid != r2.LateFeePaid || fees.Assessed != fees.Paid+fees.Outstanding {
			t.Fatalf("late fees %+v %v", fees, err)
		}
		bank, liab, indiv := fundSums(t, db)
		if bank != p1.Amount+p2.Amount+fees.Outstanding {
			t.Errorf("银行存款 and 应收 %s, want %s + %s", bank, p1.Amount+p2.Amount, fees.Outstanding)
		}
		var accounts shebao.Money
		for _, b := range []*shebao.Bill{march, april} {
			for _, l := range b.Items {
				if l.Scheme == "110" || l.Scheme == "310" {
					accounts += l.AccountAmount
				}
			}
		}
		if liab != accounts+r2.Credit || indiv != accountDue(march, ids[0], "110")+accountDue(april, ids[0], "110")+
			accountDue(march, ids[1], "110")+accountDue(april, ids[1], "110") {
			t.Errorf("liabilities %s (110 accounts %s), want accounts %s + 暂收款 50.00", liab, indiv, accounts)
		}

		// The same receipt again changes nothing and returns the result.
		again, err := collectOf(db).RecordPayment(admin, p2)
		if err != nil || !again.Repeat || len(again.Allocations) != 2 || again.Credit != r2.Credit || !again.Allocations[1].Settled ||
			again.Payment.ID != r2.Payment.ID || again.Allocations[0].ByScheme["110"] != r2.Allocations[0].ByScheme["110"] {
			t.Fatalf("repeat %+v %v", again, err)
		}
		if b2, _, _ := fundSums(t, db); b2 != bank {
			t.Errorf("repeat posted again: %s → %s", bank, b2)
		}
		if bal2, _, _ := db.IndividualAccount(admin, ids[0], "110"); bal2 != bal {
			t.Errorf("repeat credited the account again: %s → %s", bal, bal2)
		}
		// The same receipt with another amount is a conflict.
		p2.Amount++
		if _, err := collectOf(db).RecordPayment(admin, p2); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("changed repeat: %v", err)
		}
		// Validation.
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "X1", Employer: uscc, Amount: 0, PaidOn: "2025-05-20"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("zero amount: %v", err)
		}
		if _, err := collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: "X2", Employer: demo.USCC("640106", 99), Amount: 100, PaidOn: "2025-05-20"}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("unknown employer: %v", err)
		}
		checkBalanced(t, db)
	})
}

func TestImportPaymentsOutcomes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, _, march, _ := paymentFixture(t, db, 2)
		ps := []shebao.Payment{
			{ReceiptNo: "A1", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2025-04-01"},
			{ReceiptNo: "A2", Employer: demo.USCC("640106", 98), Amount: shebao.Yuan(100), PaidOn: "2025-04-01"},
			{ReceiptNo: "A1", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2025-04-01"},
		}
		out, errs, err := collectOf(db).ImportPayments(admin, "run1", ps)
		if err != nil || out[0] != shebao.Created || errs[1] == nil || out[2] != shebao.Unchanged {
			t.Fatalf("import %v %v %v", out, errs, err)
		}
		out, errs, err = collectOf(db).ImportPayments(admin, "run2", ps[:1])
		if err != nil || out[0] != shebao.Unchanged || errs[0] != nil {
			t.Fatalf("re-import %v %v %v", out, errs, err)
		}
		b, _ := db.FindBill(admin, uscc, "2025-03")
		if b.Paid != shebao.Yuan(100) || b.Total != march.Total {
			t.Fatalf("paid %s", b.Paid)
		}
		// A collection clerk, who may not write the fund's books, records
		// the rest: the postings the payment causes are hers to make.
		r, err := collectOf(db).RecordPayment(ledgerCollection, shebao.Payment{ReceiptNo: "A3", Employer: uscc, Amount: march.Total - shebao.Yuan(100), PaidOn: "2025-04-03"})
		if err != nil || !r.Allocations[0].Settled {
			t.Fatalf("clerk's payment %+v %v", r, err)
		}
		// The fund's own clerk may not (收支两条线).
		if _, err := collectOf(db).RecordPayment(ledgerFinance, shebao.Payment{ReceiptNo: "A4", Employer: uscc, Amount: 100, PaidOn: "2025-04-03"}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a finance clerk recorded a payment: %v", err)
		}
		checkBalanced(t, db)
	})
}

// Eight clerks record eight payments of one employer at once: every bill
// is paid exactly once, oldest first, nothing over-allocated, and the
// ledger balances.
func TestPaymentConcurrent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		uscc, ids, march, april := paymentFixture(t, db, 3)
		total := march.Total + april.Total
		each := total/8 + shebao.Yuan(10) // the sum exceeds the bills
		var wg sync.WaitGroup
		results := make([]*shebao.PaymentResult, 8)
		errs := make([]error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = collectOf(db).RecordPayment(admin, shebao.Payment{ReceiptNo: fmt.Sprintf("C%03d", i), Employer: uscc,
					Amount: each, PaidOn: "2025-03-31"})
			}()
		}
		wg.Wait()
		var allocated, credit shebao.Money
		byPeriod := map[shebao.Period]shebao.Money{}
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("payment %d: %v", i, errs[i])
			}
			allocated += r.Allocated
			credit += r.Credit
			for _, a := range r.Allocations {
				byPeriod[a.Period] += a.Amount
			}
		}
		if allocated+credit != each*8 || allocated != total || byPeriod["2025-03"] != march.Total || byPeriod["2025-04"] != april.Total {
			t.Fatalf("allocated %s + credit %s of %s; bills %s; by period %v", allocated, credit, each*8, total, byPeriod)
		}
		for _, b := range []*shebao.Bill{march, april} {
			got, err := db.FindBill(admin, uscc, b.Period)
			if err != nil || got.Paid != got.Total {
				t.Fatalf("bill %s paid %s of %s (%v)", b.Period, got.Paid, got.Total, err)
			}
		}
		checkBalanced(t, db)
		bank, _, _ := fundSums(t, db)
		if bank != each*8 {
			t.Errorf("银行存款 %s, want %s", bank, each*8)
		}
		want := accountDue(march, ids[0], "110") + accountDue(april, ids[0], "110")
		if bal, _, err := db.IndividualAccount(admin, ids[0], "110"); err != nil || bal != want {
			t.Errorf("account %s, want %s (credited once)", bal, want)
		}
	})
}
