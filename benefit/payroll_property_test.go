package benefit_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPayrollPaysTheRule is a property of the payroll: for random benefits
// (employee and residents' pensions with account and basic parts, land
// allowances, unemployment benefits with an end), random starts, stops and
// suspensions, amounts changed by the yearly adjustment in the middle of
// the year, random individual-account balances (none, less than the
// account part, more) and a random chunk size, the month's payments are
// exactly those the rule gives — one for every benefit due in the month, at
// shebao.PaymentFor of the amount in force for the month and the balance
// before the run (the account part capped by the balance, the basic part)
// — and the accounts fall by the account parts paid. The SQL of the store
// pays set-based; the rule is one Go function: the test fails where they
// differ.
func TestPayrollPaysTheRule(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
				payrollProperty(t, a, rand.New(rand.NewPCG(seed, 2025)))
			})
		})
	}
}

func payrollProperty(t *testing.T, a *app.App, r *rand.Rand) {
	const month = "2025-03"
	sqldbtest.SeedRegions(t, a)
	villages := []string{"640106100201", "640106100202", "640106001001"}
	months := []string{"2024-10", "2024-12", "2025-01", "2025-03", "2025-04"}
	money := func(lo, hi int64) shebao.Money { return shebao.Money(lo + r.Int64N(hi-lo+1)) }
	balances := map[string]shebao.Money{} // fund/ID number → balance before the run
	var bs []shebao.NewBenefit
	var moves []shebao.AccountMovement
	for i := range 48 {
		id := demo.IDNumber("640106", time.Date(1950+i%20, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), 100+i, i%2 == 0)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "受益人" + string([]rune("甲乙丙丁戊己庚辛壬癸")[i%10]) + string([]rune("子丑寅卯辰巳")[i/10]), Hukou: "农业",
			Region: villages[r.IntN(len(villages))]}); err != nil {
			t.Fatal(err)
		}
		b := shebao.NewBenefit{IDNo: id, StartMonth: months[r.IntN(len(months))], Source: "property", Explanation: "随机待遇",
			BankAccount: fmt.Sprintf("62284800%08d", i)}
		fund := ""
		switch r.IntN(4) {
		case 0:
			b.Kind, b.Monthly, fund = shebao.BenefitPension, money(150000, 600000), "110"
			if r.IntN(4) > 0 {
				b.AccountPart = money(1, int64(b.Monthly))
			}
		case 1:
			b.Kind, b.Monthly, fund = shebao.BenefitResidentPension, money(12300, 90000), "170"
			b.BasicPart = money(0, int64(b.Monthly))
			if r.IntN(4) > 0 && b.BasicPart < b.Monthly {
				b.AccountPart = money(1, int64(b.Monthly-b.BasicPart))
			}
		case 2:
			b.Kind, b.Monthly = shebao.BenefitLandAllowance, money(12000, 20000)
		default:
			b.Kind, b.Monthly = shebao.BenefitUnemployment, money(150000, 200000)
			b.EndMonth = months[r.IntN(len(months))]
			if b.EndMonth < b.StartMonth {
				b.StartMonth, b.EndMonth = b.EndMonth, b.StartMonth
			}
		}
		if fund != "" {
			switch r.IntN(4) {
			case 0: // no account
			case 1: // less than the account part (or anything, without one)
				balances[fund+"/"+id] = money(1, max(int64(b.AccountPart)-1, 1))
			default:
				balances[fund+"/"+id] = money(int64(b.AccountPart), int64(b.AccountPart)*30+1)
			}
			if v := balances[fund+"/"+id]; v > 0 {
				moves = append(moves, shebao.AccountMovement{IDNo: id, Fund: fund, Date: "2024-09-30", Kind: shebao.MoveCredit,
					Source: "opening", Amount: v})
			}
		}
		bs = append(bs, b)
	}
	if n, err := a.Benefit.CreateBenefits(admin, bs); err != nil || n != len(bs) {
		t.Fatalf("created %d: %v", n, err)
	}
	if len(moves) > 0 {
		if _, err := a.Ledger.MoveAccounts(admin, "2024-09-30", "opening", "期初余额", moves); err != nil {
			t.Fatal(err)
		}
	}
	all, _, err := a.Benefit.FindBenefits(admin, shebao.BenefitFilter{Limit: 100})
	if err != nil || len(all) != len(bs) {
		t.Fatalf("%d benefits: %v", len(all), err)
	}
	for _, b := range all {
		var ch shebao.BenefitChange
		switch r.IntN(8) {
		case 0:
			ch = shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: month, Reason: "待资格认证"}
		case 1:
			ch = shebao.BenefitChange{Action: shebao.BenefitStop, Month: months[r.IntN(len(months))], Reason: "测试终止"}
		default:
			continue
		}
		if _, err := a.Benefit.ChangeBenefit(admin, b.ID, ch); err != nil {
			t.Fatal(err)
		}
	}
	// Amounts changed from the month: the yearly adjustment of the
	// employee pensions started before the year.
	if _, err := a.Benefit.RunAdjustment(admin, 2025, month); err != nil {
		t.Fatal(err)
	}

	res, err := a.Benefit.RunPayroll(maker, month, shebao.PayrollOptions{Chunk: 1 + r.IntN(7)})
	if err != nil {
		t.Fatal(err)
	}

	// What the rule says, from the benefits as they stand.
	type pay struct{ amount, account, basic shebao.Money }
	want := map[string]pay{}
	var wantTotal, wantAccount shebao.Money
	for _, b := range all {
		b, err := a.Benefit.FindBenefit(admin, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		due := b.StartMonth <= month && (b.EndMonth == "" || b.EndMonth >= month) &&
			(b.Status == shebao.BenefitActive || b.Status == shebao.BenefitStopped && b.EndMonth != "")
		var inForce *shebao.BenefitAmount
		for i, am := range b.Amounts {
			if am.FromMonth <= month && (am.ToMonth == "" || am.ToMonth >= month) {
				inForce = &b.Amounts[i]
			}
		}
		if !due || inForce == nil {
			continue
		}
		amount, account, basic := shebao.PaymentFor(*inForce, balances[b.Scheme+"/"+b.IDNo])
		want[b.ID] = pay{amount, account, basic}
		wantTotal += amount
		wantAccount += account
	}
	ps, total, err := a.Benefit.FindPayments(admin, shebao.PaymentFilter{Month: month, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(want) || res.Payments != len(want) || res.Total != wantTotal || res.AccountPart != wantAccount {
		t.Errorf("paid %d (run: %d, %s, account %s), the rule: %d, %s, account %s", total, res.Payments, res.Total, res.AccountPart,
			len(want), wantTotal, wantAccount)
	}
	paidAccount := map[string]shebao.Money{}
	for _, p := range ps {
		w, ok := want[p.BenefitID]
		got := pay{p.Amount, p.AccountPart, p.BasicPart}
		if !ok {
			t.Errorf("benefit %s (%s) paid %+v, not due by the rule", p.BenefitID, p.Kind, got)
			continue
		}
		if got != w {
			t.Errorf("benefit %s (%s) paid %+v, the rule %+v (balance %s)", p.BenefitID, p.Kind, got, w, balances[p.Scheme+"/"+p.IDNo])
		}
		paidAccount[p.Scheme+"/"+p.IDNo] += p.AccountPart
		delete(want, p.BenefitID)
	}
	for id, w := range want {
		t.Errorf("benefit %s not paid, the rule %+v", id, w)
	}
	for k, before := range balances {
		var fund, id string
		fmt.Sscanf(k[:3], "%s", &fund)
		id = k[4:]
		if got := account(t, a, id, fund); got != before-paidAccount[k] {
			t.Errorf("%s account %s after the run, %s − %s before", k, got, before, paidAccount[k])
		}
	}
	balanced(t, a)
}
