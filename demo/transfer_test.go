package demo_test

import (
	"fmt"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDemoTransfers builds a demo of 900 persons (twice: the second build
// changes nothing) so that every land page shows something real: a
// cooperative's lending (贷出) JF-DC-0001 drawn on a deposit, verified,
// 80% of the deposit's area at its rent + 150.00, with the cooperative's
// margin 150.00 × the area lent a year; a contract with rent in kind
// (800斤稻谷, priced 1.31 元/斤 for 2025 by transfer.kind_prices: 1048.00
// 元/亩); contracts paid 年末, 半年 and 一次性; and the 流转信息平台's
// intents, the village's request JF-QZ-01 matching the offer JF-CR-01.
func TestDemoTransfers(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		for range 2 {
			if err := demo.Build(ctx, a, 900); err != nil {
				t.Fatal(err)
			}
		}
		ts, _, err := a.Transfer.FindTransfers(ctx, shebao.TransferFilter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		schedules := map[string]int{}
		var kind, lending *shebao.Transfer
		for _, t := range ts {
			schedules[t.Schedule]++
			if t.RentKind != "" {
				kind = t
			}
			if t.No == "JF-DC-0001" {
				lending = t
			}
		}
		for _, s := range shebao.PaySchedules {
			if schedules[s] == 0 {
				t.Errorf("no contract paid %s: %v", s, schedules)
			}
		}
		if kind == nil || kind.RentKind != "稻谷" || kind.RentQty != "800.00" {
			t.Fatalf("rent in kind: %+v", kind)
		}
		owed, _, err := a.Transfer.TransferRents(ctx, kind, "")
		if err != nil {
			t.Fatal(err)
		}
		// The 2025 instalment: 800 斤 × 1.31 元 = 1048.00 元 a 亩.
		area := mu(t, kind.Area)
		found := false
		for _, o := range owed {
			if o.Due == "2025-03-01" {
				found = true
				if want := shebao.Money((104800*area + 50) / 100); o.Amount != want {
					t.Errorf("2025 in kind: %s, want %s (%s 亩 × 1048.00)", o.Amount, want, kind.Area)
				}
			}
		}
		if !found {
			t.Errorf("no 2025 instalment: %+v", owed)
		}
		if lending == nil || lending.Status != shebao.TransferVerified || len(lending.Loans) != 1 {
			t.Fatalf("lending: %+v", lending)
		}
		dep, err := a.Transfer.FindTransfer(ctx, lending.Loans[0].DepositNo)
		if err != nil {
			t.Fatal(err)
		}
		if mu(t, lending.Area) != mu(t, dep.Area)*8/10 || lending.Rent != dep.Rent+shebao.Yuan(150) {
			t.Errorf("lending %s 亩 at %s of deposit %s 亩 at %s", lending.Area, lending.Rent, dep.Area, dep.Rent)
		}
		_, m, err := a.Transfer.MatchIntent(ctx, "JF-QZ-01")
		if err != nil {
			t.Fatal(err)
		}
		matched := false
		for _, it := range m {
			matched = matched || it.No == "JF-CR-01"
		}
		if !matched {
			t.Errorf("JF-QZ-01 matches %+v", m)
		}
	})
}

// mu is an area "12.34" in hundredths of a 亩.
func mu(t *testing.T, s string) int64 {
	t.Helper()
	var whole, frac int64
	if _, err := fmt.Sscanf(s, "%d.%d", &whole, &frac); err != nil {
		t.Fatal(err)
	}
	return whole*100 + frac
}
