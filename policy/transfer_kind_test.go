package policy

import (
	"testing"

	"github.com/shebao/shebao"
)

// TestParseKindRent: the ways clerks write a rent in kind; a number alone
// is a rent in money.
func TestParseKindRent(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind string
		qty  int64
		ok   bool
	}{
		{"800斤稻谷", "稻谷", 80000, true},
		{"800斤稻谷/亩/年", "稻谷", 80000, true},
		{"稻谷800斤", "稻谷", 80000, true},
		{"每亩800.5斤稻谷", "稻谷", 80050, true},
		{"400公斤小麦", "小麦", 80000, true}, // 1 公斤 = 2 斤
		{"500", "", 0, false},
		{"斤稻谷", "", 0, false},
		{"800斤", "", 0, false},
		{"-5斤稻谷", "", 0, false},
	} {
		kind, qty, ok := ParseKindRent(c.in)
		if kind != c.kind || qty != c.qty || ok != c.ok {
			t.Errorf("%q: %q %d %v, want %q %d %v", c.in, kind, qty, ok, c.kind, c.qty, c.ok)
		}
	}
}

// TestRentsInKind: 800斤稻谷/亩/年 for 13.50 亩 is 10800.00 斤 a contract
// year, at 1.31 元/斤 (2025) = 14148.00 and at 1.35 (2026) = 14580.00;
// the last year 2027-03-01…2027-12-31 (306 of 366 days) has no 2027
// price: left due, amount not fixed, explained.
func TestRentsInKind(t *testing.T) {
	prices := KindPrices{{"稻谷", 2025, shebao.Yuan(1) + 31}, {"稻谷", 2026, shebao.Yuan(1) + 35}}
	dues, err := Rents(RentTerms{Start: "2025-03-01", End: "2027-12-31", Area: 1350, Kind: "稻谷", Qty: 80000, Prices: prices,
		PriceCite: "transfer.kind_prices"})
	if err != nil {
		t.Fatal(err)
	}
	if len(dues) != 3 || dues[0].Amount != 1414800 || dues[1].Amount != 1458000 || dues[2].Amount != 0 || !dues[2].Pending ||
		dues[0].Pending || dues[1].Pending {
		t.Fatalf("%+v", dues)
	}
	if got, want := dues[0].Explanation, "第1年(2025-03-01至2026-02-28):800.00斤稻谷/亩/年 × 13.50亩 = 10800.00斤 × 1.31元/斤(2025年稻谷折价,transfer.kind_prices) = 14148.00元"; got != want {
		t.Errorf("explanation:\n%s\nwant\n%s", got, want)
	}
	if got, want := dues[2].Explanation, "第3年(2027-03-01至2027-12-31):800.00斤稻谷/亩/年 × 13.50亩 = 10800.00斤;2027年稻谷折价尚未公布(transfer.kind_prices),租金待公布后计算"; got != want {
		t.Errorf("pending explanation:\n%s\nwant\n%s", got, want)
	}
	// A pending instalment is in no arrears.
	if owed := RentArrears(dues, shebao.Yuan(14148), "2027-06-30"); len(owed) != 1 || owed[0].Seq != 2 || owed[0].Unpaid != 1458000 {
		t.Errorf("arrears: %+v", owed)
	}
	// With the 2027 price (1.40): 10800.00 × 1.40 = 15120.00 a year, × 306/366 = 12641.31.
	prices = append(prices, KindPrice{"稻谷", 2027, shebao.Yuan(1) + 40})
	dues, _ = Rents(RentTerms{Start: "2025-03-01", End: "2027-12-31", Area: 1350, Kind: "稻谷", Qty: 80000, Prices: prices})
	if dues[2].Amount != 1264131 || dues[2].Pending {
		t.Errorf("2027: %+v", dues[2])
	}
	if err := prices.validate(); err != nil {
		t.Error(err)
	}
	if err := (&KindPrices{{"稻谷", 2025, 131}, {"稻谷", 2025, 135}}).validate(); err == nil {
		t.Error("a duplicate year")
	}
}
