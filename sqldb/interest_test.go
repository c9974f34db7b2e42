package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao/demo"

	"github.com/shebao/shebao"
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
