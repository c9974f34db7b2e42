package ledger_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
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

var admin = sqldbtest.Admin()

const female1949 = "11010519491231002X"

var male1960 = demo.IDNumber("640106", time.Date(1960, 5, 1, 0, 0, 0, 0, time.UTC), 12, true)

func person(id, name, region string) *shebao.Person {
	return &shebao.Person{IDNo: id, Name: name, Hukou: "农业", Region: region}
}

// ledgerPersons registers n persons of the demo district and returns
// their ID numbers.
func ledgerPersons(t *testing.T, a *app.App, n int) []string {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	var ids []string
	for i := range n {
		id := demo.IDNumber("640106", time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), 10+2*i, true)
		if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: fmt.Sprintf("账户%c", '甲'+rune(i)), Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// ledgerCheck checks the books and returns the check of the fund.
func ledgerCheck(t *testing.T, a *app.App, fund string) (*shebao.LedgerCheck, shebao.FundCheck) {
	t.Helper()
	res, err := a.Ledger.CheckLedger(admin)
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

func TestRunInterest(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		for _, p := range []*shebao.Person{person(female1949, "王秀英", "640106100201"), person(male1960, "马德福", "640106100201")} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		// 王秀英: 100000.00 by the end of 2023 and 9600.00 credited in 2024;
		// 马德福: 768.00 credited in 2024 only.
		moves := []shebao.AccountMovement{
			{IDNo: female1949, Fund: "110", Date: "2023-06-30", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(100000)},
			{IDNo: female1949, Fund: "110", Date: "2024-03-31", Kind: shebao.MoveCredit, Source: "bill:2024-03", Amount: shebao.Yuan(9600)},
			{IDNo: male1960, Fund: "110", Date: "2024-05-31", Kind: shebao.MoveCredit, Source: "bill:2024-05", Amount: shebao.Yuan(768)},
		}
		for _, m := range moves {
			if _, err := a.Ledger.MoveAccounts(admin, m.Date, m.Source, "测试记账", []shebao.AccountMovement{m}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		// 2024 记账利率 2.62%: 100000.00 × 2.62% + 9600.00 × 2.62% × 1.083 / 2
		// = 2620.00 + 136.19808 = 2756.19808 → 2756.20; 768.00 × 2.62% × 0.5415 = 10.8958… → 10.90.
		if res.Accounts != 2 || res.Credited != 2 || res.Rate != "2.62%" {
			t.Fatalf("%+v", res)
		}
		if got, want := res.Total, shebao.Money(275620+1090); got != want {
			t.Errorf("total interest %s, want %s", got, want)
		}
		bal, _, err := a.Ledger.IndividualAccount(admin, female1949, "110")
		if err != nil || bal != shebao.Money(10960000+275620) {
			t.Errorf("balance %s %v", bal, err)
		}
		again, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil || again.Credited != 0 || again.Total != res.Total {
			t.Fatalf("second run %+v %v", again, err)
		}
		if bal2, _, _ := a.Ledger.IndividualAccount(admin, female1949, "110"); bal2 != bal {
			t.Errorf("second run changed the balance: %s → %s", bal, bal2)
		}
		if chk, err := a.Ledger.CheckLedger(admin); err != nil || !chk.Balanced {
			t.Errorf("ledger after interest: %+v %v", chk, err)
		}
		village := shebao.WithActor(admin, shebao.Actor{Name: "v", Role: "village", Region: "640106100201"})
		if _, err := a.Ledger.RunInterest(village, 2024); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("village ran interest: %v", err)
		}
	})
}

// More accounts than one chunk: every chunk posts its own ledger entry.
func TestRunInterestChunks(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ps := demo.Persons(3, 25)
		var ms []shebao.AccountMovement
		for _, p := range ps {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, shebao.AccountMovement{IDNo: p.IDNo, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(1000)})
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2023-12-31", "opening", "期初", ms); err != nil {
			t.Fatal(err)
		}
		a.Ledger.InterestChunk = 10
		res, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		// 1000.00 × 2.62% = 26.20 each.
		if res.Credited != 25 || res.Total != shebao.Money(25*2620) {
			t.Fatalf("%+v", res)
		}
		if again, err := a.Ledger.RunInterest(admin, 2024); err != nil || again.Credited != 0 {
			t.Fatalf("again %+v %v", again, err)
		}
		if chk, err := a.Ledger.CheckLedger(admin); err != nil || !chk.Balanced {
			t.Errorf("ledger %+v %v", chk, err)
		}
	})
}

// A run that credited part of the accounts (as a killed run leaves whole
// chunks done), then accounts added whose ID numbers fall between and
// before the credited ones, then the run again: the chunks are cut
// differently the second time, and a chunk whose first account is new
// used to post an entry for all its movements, those credited the first
// time included, so 2301 exceeded the accounts. Each account is credited
// once and each entry covers exactly the movements its chunk applied.
func TestRunInterestShiftedChunks(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ps := demo.Persons(5, 25)
		sort.Slice(ps, func(i, j int) bool { return ps[i].IDNo < ps[j].IDNo })
		opening := func(i int) shebao.Money { return shebao.Yuan(1000) + shebao.Money(i)*1237 }
		open := func(idx []int) {
			t.Helper()
			var ms []shebao.AccountMovement
			for _, i := range idx {
				ms = append(ms, shebao.AccountMovement{IDNo: ps[i].IDNo, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit,
					Source: "opening", Amount: opening(i)})
			}
			if _, err := a.Ledger.MoveAccounts(admin, "2023-12-31", "opening:"+ps[idx[0]].IDNo, "期初", ms); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range ps {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		var early, late []int
		for i := range ps {
			if i%2 == 1 {
				early = append(early, i)
			} else {
				late = append(late, i)
			}
		}
		a.Ledger.InterestChunk = 10
		open(early)
		first, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil || first.Credited != len(early) {
			t.Fatalf("first run: %+v %v", first, err)
		}
		open(late)
		second, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		rate := shebao.Rate(26200)
		var want shebao.Money
		for i, p := range ps {
			interest, _ := policy.AccountInterest(opening(i), 0, rate)
			want += interest
			if bal, _, err := a.Ledger.IndividualAccount(admin, p.IDNo, "110"); err != nil || bal != opening(i)+interest {
				t.Errorf("%s: balance %s, want %s + %s (%v)", p.IDNo, bal, opening(i), interest, err)
			}
		}
		if second.Credited != len(late) || second.Accounts != len(ps) || second.Total != want {
			t.Errorf("second run %+v, want %d credited of %d, total %s", second, len(late), len(ps), want)
		}
		if res, fc := ledgerCheck(t, a, "110"); !res.Balanced || fc.Accounts.Liability != fc.Accounts.Balances {
			t.Errorf("books after the re-run: %v %+v", res.Problems, fc.Accounts)
		}
		if third, err := a.Ledger.RunInterest(admin, 2024); err != nil || third.Credited != 0 || third.Total != want {
			t.Errorf("third run %+v %v", third, err)
		}
		if res, _ := ledgerCheck(t, a, "110"); !res.Balanced {
			t.Errorf("books after the third run: %v", res.Problems)
		}
	})
}

// The interest computed in SQL equals policy.AccountInterest to the fen:
// nine years of rates (8.31% … 2.62%), each year random credits on 240
// accounts whose yearly credits range from a few fen to 10¹² 分 (balances
// beyond where opening × rate × 2000 overflows 64 bits), and accounts whose interest is
// exactly half a fen (rounded up). Each year's run is checked account by
// account against the Go formula on balances kept in Go.
func TestRunInterestMatchesPolicy(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ps := demo.Persons(11, 240)
		if _, errs, err := a.Registry.ImportPersons(admin, "interest-test", ps); err != nil {
			t.Fatal(err)
		} else {
			for _, e := range errs {
				if e != nil {
					t.Fatal(e)
				}
			}
		}
		set, err := a.Params.PolicySet(admin)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(7, 2024))
		balance := map[string]shebao.Money{}
		random := func(i int) shebao.Money {
			switch i % 6 {
			case 0:
				return shebao.Money(1 + r.Int64N(1000))
			case 1:
				return shebao.Money(1 + r.Int64N(100_000_000))
			case 2:
				return shebao.Money(r.Int64N(1_000_000_000_000))
			default:
				return shebao.Money(1 + r.Int64N(10_000_000))
			}
		}
		a.Ledger.InterestChunk = 50
		halves := 0
		for year := 2016; year <= 2024; year++ {
			rate, _, err := set.Rate("interest.110", "", time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			// The opening balance giving exactly half a fen at this rate.
			half := shebao.Money(0)
			for o := int64(1); o < 1_000_000; o++ {
				if o*2000*int64(rate)%2_000_000_000 == 1_000_000_000 {
					half = shebao.Money(o)
					break
				}
			}
			credits := map[string]shebao.Money{}
			var ms []shebao.AccountMovement
			for i, p := range ps {
				var m shebao.Money
				switch {
				case year == 2016 && i < 8 && half > 0:
					// Opened on 31 December of the year before with the
					// half-fen balance, no credits in the year.
					ms = append(ms, shebao.AccountMovement{IDNo: p.IDNo, Fund: "110", Date: "2015-12-31", Kind: shebao.MoveCredit,
						Source: "opening", Amount: half})
					balance[p.IDNo] += half
					halves++
					continue
				case year == 2016 && i < 8:
					continue
				case r.IntN(5) == 0:
					continue // no credit this year
				default:
					m = random(i + year)
				}
				if m <= 0 {
					continue
				}
				ms = append(ms, shebao.AccountMovement{IDNo: p.IDNo, Fund: "110", Date: fmt.Sprintf("%d-%02d-28", year, 1+r.IntN(12)),
					Kind: shebao.MoveCredit, Source: fmt.Sprintf("bill:%d", year), Amount: m})
				credits[p.IDNo] = m
			}
			if _, err := a.Ledger.MoveAccounts(admin, fmt.Sprintf("%d-12-30", year), fmt.Sprintf("credits:%d", year), "记账", ms); err != nil {
				t.Fatal(err)
			}
			res, err := a.Ledger.RunInterest(admin, year)
			if err != nil {
				t.Fatal(err)
			}
			var total shebao.Money
			want := map[string]shebao.Money{}
			for _, p := range ps {
				opening := balance[p.IDNo]
				interest, _ := policy.AccountInterest(opening, credits[p.IDNo], rate)
				want[p.IDNo] = interest
				total += interest
				balance[p.IDNo] = opening + credits[p.IDNo] + interest
			}
			if res.Total != total {
				t.Errorf("%d: total %s, want %s", year, res.Total, total)
			}
			mismatched := 0
			for _, p := range ps {
				got, _, err := a.Ledger.IndividualAccount(admin, p.IDNo, "110")
				if err != nil {
					t.Fatal(err)
				}
				if got != balance[p.IDNo] {
					if mismatched++; mismatched <= 5 {
						t.Errorf("%d %s: balance %s, want %s (interest %s at %s)", year, p.IDNo, got, balance[p.IDNo], want[p.IDNo], rate.Percent())
					}
				}
			}
			if year == 2016 && half > 0 {
				if w, _ := policy.AccountInterest(half, 0, rate); want[ps[0].IDNo] != w || int64(w)*2_000_000_000 != int64(half)*2000*int64(rate)+1_000_000_000 {
					t.Errorf("half-fen account: %s", want[ps[0].IDNo])
				}
			}
		}
		if halves == 0 {
			t.Error("no half-fen account")
		}
		if res, _ := ledgerCheck(t, a, "110"); !res.Balanced {
			t.Errorf("books: %v", res.Problems)
		}
	})
}

// A credit of the year booked after the interest run changes what the
// formula gives: running the year again refuses (a correction is due), and
// changes nothing.
func TestRunInterestLateCredit(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		ids := ledgerPersons(t, a, 3)
		var ms []shebao.AccountMovement
		for _, id := range ids {
			ms = append(ms, shebao.AccountMovement{IDNo: id, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(1000)})
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2023-12-31", "opening", "期初", ms); err != nil {
			t.Fatal(err)
		}
		if res, err := a.Ledger.RunInterest(admin, 2024); err != nil || res.Credited != 3 {
			t.Fatalf("%+v %v", res, err)
		}
		late := shebao.AccountMovement{IDNo: ids[1], Fund: "110", Date: "2024-10-31", Kind: shebao.MoveCredit, Source: "bill:2024-10", Amount: shebao.Yuan(500)}
		if _, err := a.Ledger.MoveAccounts(admin, late.Date, late.Source, "补记", []shebao.AccountMovement{late}); err != nil {
			t.Fatal(err)
		}
		_, err := a.Ledger.RunInterest(admin, 2024)
		// 1000.00 × 2.62% = 26.20; with 500.00 credited in the year, 26.20 + 7.09 = 33.29.
		wantError(t, err, shebao.ECONFLICT, "已入账26.20元,按现有记账数据应为33.29元")
		if bal, _, _ := a.Ledger.IndividualAccount(admin, ids[1], "110"); bal != shebao.Yuan(1500)+2620 {
			t.Errorf("balance %s", bal)
		}
		if res, _ := ledgerCheck(t, a, "110"); !res.Balanced {
			t.Errorf("books: %v", res.Problems)
		}
	})
}

// The interest run is a batch job: its record (kind interest, period the
// year) says it is done with every account scanned, chunk by chunk.
func TestRunInterestRecordsRun(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		ids := ledgerPersons(t, a, 5)
		var ms []shebao.AccountMovement
		for _, id := range ids {
			ms = append(ms, shebao.AccountMovement{IDNo: id, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(1000)})
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2023-12-31", "opening", "期初", ms); err != nil {
			t.Fatal(err)
		}
		a.Ledger.InterestChunk = 2
		res, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil || res.Credited != 5 {
			t.Fatalf("%+v %v", res, err)
		}
		run, err := a.Batch.Find(admin, "interest", "2024")
		if err != nil || run == nil || run.Status != "done" || run.Done != 5 || run.Total != 5 || run.Cursor != "" {
			t.Errorf("run record %+v %v", run, err)
		}
		// Run again: every account is scanned, none credited.
		if again, err := a.Ledger.RunInterest(admin, 2024); err != nil || again.Credited != 0 || again.Total != res.Total {
			t.Errorf("again %+v %v", again, err)
		}
		if run, err := a.Batch.Find(admin, "interest", "2024"); err != nil || run.Status != "done" || run.Done != 5 {
			t.Errorf("run record after the second run %+v %v", run, err)
		}
	})
}

// Issue #14 item 18: the residents' accounts (fund 170) earn interest too,
// at their own rate (interest.170, 国发〔2014〕8号 第六条), in their fund's
// books. A district rate of 3.00% for 2024 (the shipped one is an example)
// against 110's 2.62%:
//
//	王秀英 170: 1000.00 by the end of 2023, 500.00 paid in 2024:
//	1000.00 × 3% + 500.00 × 3% × 1.083 / 2 = 30.00 + 8.1225 = 38.1225 → 38.12
//	马德福 110: 768.00 in 2024: 768.00 × 2.62% × 0.5415 = 10.8958… → 10.90
func TestRunInterestEveryFund(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		text := `
[[param]]
key = "interest.170"
value = "3%"
from = 2024-01-01
to = 2025-01-01
source = "示例值:测试用城乡居民个人账户记账利率"
example = true
`
		ps, err := policy.Parse(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Params.LoadPolicy(admin, "local.toml", "t", ps); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*shebao.Person{person(female1949, "王秀英", "640106100201"), person(male1960, "马德福", "640106100201")} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		moves := []shebao.AccountMovement{
			{IDNo: female1949, Fund: "170", Date: "2023-06-30", Kind: shebao.MoveCredit, Source: "resident:2023", Amount: shebao.Yuan(1000)},
			{IDNo: female1949, Fund: "170", Date: "2024-06-30", Kind: shebao.MoveCredit, Source: "resident:2024", Amount: shebao.Yuan(500)},
			{IDNo: male1960, Fund: "110", Date: "2024-05-31", Kind: shebao.MoveCredit, Source: "bill:2024-05", Amount: shebao.Yuan(768)},
		}
		for _, m := range moves {
			if _, err := a.Ledger.MoveAccounts(admin, m.Date, m.Source, "测试记账", []shebao.AccountMovement{m}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if res.Credited != 2 || res.Total != shebao.Money(3812+1090) || res.Rate != "2.62%" {
			t.Errorf("run %+v, want 2 accounts credited 38.12 + 10.90", res)
		}
		var f170 *shebao.InterestFund
		for i := range res.Funds {
			if res.Funds[i].Fund == "170" {
				f170 = &res.Funds[i]
			}
		}
		if f170 == nil || f170.Rate != "3%" || f170.Credited != 1 || f170.Total != shebao.Money(3812) {
			t.Errorf("fund 170: %+v", f170)
		}
		if bal, _, err := a.Ledger.IndividualAccount(admin, female1949, "170"); err != nil || bal != shebao.Money(150000+3812) {
			t.Errorf("170 balance %s %v, want 1538.12", bal, err)
		}
		_, fc := ledgerCheck(t, a, "170")
		if !fc.Balanced {
			t.Errorf("fund 170 after interest: %+v", fc)
		}
		again, err := a.Ledger.RunInterest(admin, 2024)
		if err != nil || again.Credited != 0 || again.Total != res.Total {
			t.Fatalf("second run %+v %v", again, err)
		}
		if bal, _, _ := a.Ledger.IndividualAccount(admin, female1949, "170"); bal != shebao.Money(150000+3812) {
			t.Errorf("second run changed the 170 balance: %s", bal)
		}
	})
}
