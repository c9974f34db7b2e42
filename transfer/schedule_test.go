package transfer_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestPaySchedules (issue #17 item 2): three contracts of 2025-03-01 to
// 2026-12-31 at 600.00 元/亩/年 (the last contract year 2026-03-01 …
// 2026-12-31 is 306 of 365 days), nothing paid; arrears on 2026-03-31:
//
//   - LZ-E, p1 10.00 亩, 年末支付: 6000.00 due 2026-02-28, 31 days overdue
//     (its second year, 6000.00 × 306 ÷ 365 = 5030.14, falls due
//     2026-12-31);
//   - LZ-H, p3 6.00 亩, 半年付: 3600.00 a year, 1800.00 due 2025-03-01
//     (395 days), 2025-09-01 (211 days) and 2026-03-01 (30 days); its last
//     half, 122 of 181 days, 1800.00 × 122 ÷ 181 = 1213.26;
//   - LZ-L, p2 4.00 亩, 一次性支付: 2400.00 + 2400.00 × 306 ÷ 365 = 2400.00 +
//     2012.05 = 4412.05 due 2025-03-01 (395 days).
//
// Total 6000.00 + 5400.00 + 4412.05 = 15812.05.
func TestPaySchedules(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		mk := func(no, parcel, area, from, schedule string) shebao.NewTransferLine {
			l := line(no, parcel, area, from, ids)
			l.Start, l.End, l.Rent, l.Schedule = "2025-03-01", "2026-12-31", "600", schedule
			return l
		}
		bad := mk("LZ-X", p1, "1", ids["a"], "每月付")
		_, errs := importLines(t, a, "s", mk("LZ-E", p1, "10", ids["a"], "年末"), mk("LZ-H", p3, "6", ids["b"], "半年付"),
			mk("LZ-L", p2, "4", ids["a"], "一次性支付"), bad)
		for i, e := range errs[:3] {
			if e != nil {
				t.Fatalf("row %d: %v", i+1, e)
			}
		}
		if fieldOf(errs[3]) != "支付方式" {
			t.Errorf("bad schedule: %v", errs[3])
		}
		for _, no := range []string{"LZ-E", "LZ-H", "LZ-L"} {
			if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, no).ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		e, err := a.Transfer.FindTransfer(town, "LZ-E")
		if err != nil || e.Schedule != shebao.ScheduleArrears {
			t.Fatalf("LZ-E: %+v %v", e, err)
		}
		rents, _, err := a.Transfer.TransferRents(town, e, "2026-03-31")
		if err != nil || len(rents) != 2 || rents[1].Due != "2026-12-31" || rents[1].Amount != shebao.Yuan(5030)+14 {
			t.Fatalf("LZ-E rents: %+v %v", rents, err)
		}
		h, _ := a.Transfer.FindTransfer(town, "LZ-H")
		if rents, _, _ := a.Transfer.TransferRents(town, h, "2026-03-31"); len(rents) != 4 || rents[3].Amount != shebao.Yuan(1213)+26 ||
			rents[3].Label != "第4期" {
			t.Fatalf("LZ-H rents: %+v", rents)
		}
		r, err := a.Transfer.RentArrears(town, "", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		if r.Unpaid != shebao.Yuan(15812)+5 || r.Contracts != 3 {
			t.Fatalf("arrears: %+v", r)
		}
		type item struct {
			no, due string
			amount  shebao.Money
			days    int
		}
		want := map[item]bool{
			{"LZ-E", "2026-02-28", shebao.Yuan(6000), 31}:  true,
			{"LZ-H", "2025-03-01", shebao.Yuan(1800), 395}: true, {"LZ-H", "2025-09-01", shebao.Yuan(1800), 211}: true,
			{"LZ-H", "2026-03-01", shebao.Yuan(1800), 30}:      true,
			{"LZ-L", "2025-03-01", shebao.Yuan(4412) + 5, 395}: true,
		}
		items := r.Towns[0].Villages[0].Items
		if len(items) != len(want) {
			t.Fatalf("items: %+v", items)
		}
		for _, it := range items {
			if !want[item{it.No, it.Due, it.Unpaid, it.DaysOverdue}] {
				t.Errorf("unexpected item %+v", it)
			}
		}
	})
}
