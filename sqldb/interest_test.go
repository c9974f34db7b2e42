package sqldb_test

import (
	"sort"
	"testing"

	"github.com/shebao/shebao/demo"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestRunInterest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		for _, p := range []*shebao.Person{person(female1949, "王秀英", "640106100201"), person(male1960, "马德福", "640106100201")} {
			if err := db.CreatePerson(admin, p); err != nil {
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
			if _, err := db.MoveAccounts(admin, m.Date, m.Source, "测试记账", []shebao.AccountMovement{m}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := db.RunInterest(admin, 2024)
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
		bal, _, err := db.IndividualAccount(admin, female1949, "110")
		if err != nil || bal != shebao.Money(10960000+275620) {
			t.Errorf("balance %s %v", bal, err)
		}
		again, err := db.RunInterest(admin, 2024)
		if err != nil || again.Credited != 0 || again.Total != res.Total {
			t.Fatalf("second run %+v %v", again, err)
		}
		if bal2, _, _ := db.IndividualAccount(admin, female1949, "110"); bal2 != bal {
			t.Errorf("second run changed the balance: %s → %s", bal, bal2)
		}
		if chk, err := db.CheckLedger(admin); err != nil || !chk.Balanced {
			t.Errorf("ledger after interest: %+v %v", chk, err)
		}
		village := shebao.WithActor(admin, shebao.Actor{Name: "v", Role: "village", Region: "640106100201"})
		if _, err := db.RunInterest(village, 2024); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("village ran interest: %v", err)
		}
	})
}

// More accounts than one chunk: every chunk posts its own ledger entry.
func TestRunInterestChunks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		ps := demo.Persons(3, 25)
		var ms []shebao.AccountMovement
		for _, p := range ps {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
			ms = append(ms, shebao.AccountMovement{IDNo: p.IDNo, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(1000)})
		}
		if _, err := db.MoveAccounts(admin, "2023-12-31", "opening", "期初", ms); err != nil {
			t.Fatal(err)
		}
		defer sqldb.SetInterestChunk(10)()
		res, err := db.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		// 1000.00 × 2.62% = 26.20 each.
		if res.Credited != 25 || res.Total != shebao.Money(25*2620) {
			t.Fatalf("%+v", res)
		}
		if again, err := db.RunInterest(admin, 2024); err != nil || again.Credited != 0 {
			t.Fatalf("again %+v %v", again, err)
		}
		if chk, err := db.CheckLedger(admin); err != nil || !chk.Balanced {
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
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
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
			if _, err := db.MoveAccounts(admin, "2023-12-31", "opening:"+ps[idx[0]].IDNo, "期初", ms); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range ps {
			if err := db.CreatePerson(admin, p); err != nil {
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
		defer sqldb.SetInterestChunk(10)()
		open(early)
		first, err := db.RunInterest(admin, 2024)
		if err != nil || first.Credited != len(early) {
			t.Fatalf("first run: %+v %v", first, err)
		}
		open(late)
		second, err := db.RunInterest(admin, 2024)
		if err != nil {
			t.Fatal(err)
		}
		rate := shebao.Rate(26200)
		var want shebao.Money
		for i, p := range ps {
			interest, _ := policy.AccountInterest(opening(i), 0, rate)
			want += interest
			if bal, _, err := db.IndividualAccount(admin, p.IDNo, "110"); err != nil || bal != opening(i)+interest {
				t.Errorf("%s: balance %s, want %s + %s (%v)", p.IDNo, bal, opening(i), interest, err)
			}
		}
		if second.Credited != len(late) || second.Accounts != len(ps) || second.Total != want {
			t.Errorf("second run %+v, want %d credited of %d, total %s", second, len(late), len(ps), want)
		}
		if res, fc := ledgerCheck(t, db, "110"); !res.Balanced || fc.Accounts.Liability != fc.Accounts.Balances {
			t.Errorf("books after the re-run: %v %+v", res.Problems, fc.Accounts)
		}
		if third, err := db.RunInterest(admin, 2024); err != nil || third.Credited != 0 || third.Total != want {
			t.Errorf("third run %+v %v", third, err)
		}
		if res, _ := ledgerCheck(t, db, "110"); !res.Balanced {
			t.Errorf("books after the third run: %v", res.Problems)
		}
	})
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
