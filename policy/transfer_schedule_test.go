package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
)

// TestRentSchedules: 600.00 元/亩/年 × 13.50 亩 = 8100.00 a contract year,
// term 2025-03-01 to 2026-12-31 (the last contract year 2026-03-01 …
// 2026-12-31 is 306 of its 365 days: 8100.00 × 306 ÷ 365 = 6790.68).
//
//   - 年末支付: 8100.00 on 2026-02-28, 6790.68 on 2026-12-31.
//   - 半年付: 4050.00 on 2025-03-01, 2025-09-01, 2026-03-01; the last half
//     2026-09-01 … 2026-12-31 is 122 of the 181 days of 2026-09-01 …
//     2027-02-28: 4050.00 × 122 ÷ 181 = 2729.83.
//   - 一次性支付: 8100.00 + 6790.68 = 14890.68 on 2025-03-01.
func TestRentSchedules(t *testing.T) {
	terms := func(schedule string) RentTerms {
		return RentTerms{Start: "2025-03-01", End: "2026-12-31", Rent: shebao.Yuan(600), Area: 1350, Schedule: schedule}
	}
	type due struct {
		due    string
		amount shebao.Money
	}
	for _, c := range []struct {
		schedule string
		want     []due
	}{
		{shebao.ScheduleAdvance, []due{{"2025-03-01", 810000}, {"2026-03-01", 679068}}},
		{shebao.ScheduleArrears, []due{{"2026-02-28", 810000}, {"2026-12-31", 679068}}},
		{shebao.ScheduleHalfYear, []due{{"2025-03-01", 405000}, {"2025-09-01", 405000}, {"2026-03-01", 405000}, {"2026-09-01", 272983}}},
		{shebao.ScheduleLumpSum, []due{{"2025-03-01", 1489068}}},
	} {
		dues, err := Rents(terms(c.schedule))
		if err != nil {
			t.Fatal(err)
		}
		if len(dues) != len(c.want) {
			t.Errorf("%s: %+v", c.schedule, dues)
			continue
		}
		for i, w := range c.want {
			if dues[i].Due != w.due || dues[i].Amount != w.amount {
				t.Errorf("%s %d: %s %s, want %s %s", c.schedule, i+1, dues[i].Due, dues[i].Amount, w.due, w.amount)
			}
		}
	}
	half, _ := Rents(terms(shebao.ScheduleHalfYear))
	if got, want := half[3].Explanation, "第4期(2026-09-01至2026-12-31,半年付,122天):600.00元/亩/年 × 13.50亩 = 8100.00元/年 − 上半年4050.00元 = 4050.00元;× 122/181天 = 2729.83元"; got != want {
		t.Errorf("half explanation:\n%s\nwant\n%s", got, want)
	}
	lump, _ := Rents(terms(shebao.ScheduleLumpSum))
	if !strings.HasSuffix(lump[0].Explanation, ";合计14890.68元") || lump[0].Label != "一次性" {
		t.Errorf("lump: %+v", lump[0])
	}
	// A year's rent with an odd fen: 600.03 元 × 1.00 亩 = 600.03, halves
	// 300.02 (300.015 half up) and the rest 300.01.
	odd, _ := Rents(RentTerms{Start: "2025-01-01", End: "2025-12-31", Rent: shebao.Yuan(600) + 3, Area: 100, Schedule: shebao.ScheduleHalfYear})
	if len(odd) != 2 || odd[0].Amount != 30002 || odd[1].Amount != 30001 {
		t.Errorf("odd: %+v", odd)
	}
	// Half years from the 31st keep the month's last day.
	if got := addMonths(time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC), 6).Format(shebao.DateLayout); got != "2026-02-28" {
		t.Errorf("addMonths: %s", got)
	}
	// Paid 8100.00 by 2026-03-31 under 半年付: the first two halves paid,
	// the third (4050.00, due 2026-03-01) 30 days overdue.
	owed := RentArrears(half, shebao.Yuan(8100), "2026-03-31")
	if len(owed) != 1 || owed[0].Seq != 3 || owed[0].Unpaid != 405000 || owed[0].DaysOverdue != 30 {
		t.Errorf("arrears: %+v", owed)
	}
	if _, err := Rents(terms("每月付")); err == nil || !strings.Contains(shebao.ErrorMessage(err), "支付方式") {
		t.Errorf("unknown schedule: %v", err)
	}
	for in, want := range map[string]string{"": shebao.ScheduleAdvance, "年底": shebao.ScheduleArrears, "每半年": shebao.ScheduleHalfYear,
		"一次付清": shebao.ScheduleLumpSum} {
		if got, ok := shebao.ParsePaySchedule(in); !ok || got != want {
			t.Errorf("%q: %s", in, got)
		}
	}
}
