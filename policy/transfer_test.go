package policy

import (
	"testing"

	"github.com/shebao/shebao"
)

// TestRentSchedule: 600.00 元/亩/年 for 13.50 亩 is 8100.00 a contract
// year, due on its first day; the last year 2027-03-01…2027-12-31 is 306
// days of the contract year 2027-03-01…2028-02-29 (366 days, 2028 is a
// leap year): 8100.00 × 306 ÷ 366 = 6772.131… → 6772.13.
func TestRentSchedule(t *testing.T) {
	dues, err := RentSchedule("2025-03-01", "2027-12-31", shebao.Yuan(600), 1350)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		due, to string
		amount  shebao.Money
	}{
		{"2025-03-01", "2026-02-28", 810000},
		{"2026-03-01", "2027-02-28", 810000},
		{"2027-03-01", "2027-12-31", 677213},
	}
	if len(dues) != len(want) {
		t.Fatalf("%+v", dues)
	}
	for i, w := range want {
		if d := dues[i]; d.Due != w.due || d.To != w.to || d.Amount != w.amount || d.Seq != i+1 {
			t.Errorf("year %d: %+v, want %+v", i+1, d, w)
		}
	}
	if got := dues[2].Explanation; got != "第3年(2027-03-01至2027-12-31,306天):600.00元/亩/年 × 13.50亩 × 306/366天 = 6772.13元" {
		t.Errorf("explanation: %s", got)
	}
	// Ended early on 2025-12-31: the first year is cut to 306 of its 365
	// days: 8100.00 × 306 ÷ 365 = 6790.68.
	cut, _ := RentSchedule("2025-03-01", "2025-12-31", shebao.Yuan(600), 1350)
	if len(cut) != 1 || cut[0].Amount != 679068 {
		t.Errorf("cut: %+v", cut)
	}

	// 10000.00 received by 2026-06-30 pays year 1 (8100.00) and 1900.00 of
	// year 2, which leaves 6200.00 unpaid, 121 days after 2026-03-01
	// (30 + 30 + 31 + 30).
	owed := RentArrears(dues, shebao.Yuan(10000), "2026-06-30")
	if len(owed) != 1 || owed[0].Seq != 2 || owed[0].Paid != 190000 || owed[0].Unpaid != 620000 || owed[0].DaysOverdue != 121 {
		t.Errorf("arrears: %+v", owed)
	}
	if owed := RentArrears(dues, 0, "2025-02-28"); len(owed) != 0 {
		t.Errorf("nothing due before the start: %+v", owed)
	}
}

func TestMedianMoney(t *testing.T) {
	for _, c := range []struct {
		in   []shebao.Money
		want shebao.Money
	}{
		{nil, 0},
		{[]shebao.Money{60000}, 60000},
		{[]shebao.Money{70000, 50000, 60000}, 60000},
		{[]shebao.Money{60000, 50000}, 55000},
		{[]shebao.Money{50000, 60001}, 55001}, // 550.005 → 550.01
	} {
		if got := MedianMoney(c.in); got != c.want {
			t.Errorf("%v: %d, want %d", c.in, got, c.want)
		}
	}
}
