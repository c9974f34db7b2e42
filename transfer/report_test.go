package transfer_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestTransferReport, hand computed. 良田镇's contracted 耕地: 魏家桥村
// 10.00 + 4.00 + 6.00 = 20.00 (p4's 150.00 亩 are 园地) and 盈南村 30.00,
// 50.00 in all. On 2025-06-30 verified contracts run over 6.00 (p1) + 6.00
// (p3) to 李明 and 4.00 (p2) to a cooperative: 16.00 亩, 16 ÷ 50 = 32.00%
// (魏家桥村 16 ÷ 20 = 80.00%); a contract waiting for 鉴证 does not count.
// 魏建国's household has 3 members (registry), 魏建军 none (counted as 1):
// 4 persons. Rent a year: 12.00 × 500.00 + 4.00 × 800.00 = 9200.00, per
// person 2300.00.
func TestTransferReport(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		// 魏建国's household (户号 WJG) with his wife and son, enrolled in
		// the residents' medical scheme, before the 确权 data come in.
		ids := map[string]string{}
		for i, p := range []struct{ key, name, region string }{
			{"a", "魏建国", village}, {"b", "魏建军", village}, {"c", "李明", other}, {"w", "马秀兰", village}, {"s", "魏小军", village},
		} {
			id := demo.IDNumber("640106", time.Date(1965+i, 3, 1, 0, 0, 0, 0, time.UTC), 21+2*i, false)
			if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: p.name, Hukou: shebao.HukouAgricultural, Region: p.region}); err != nil {
				t.Fatal(err)
			}
			ids[p.key] = id
		}
		for _, k := range []string{"a", "w", "s"} {
			if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: ids[k], Scheme: "390", Household: "WJG", Date: "2025-01-01", Year: 2025}); err != nil {
				t.Fatal(err)
			}
		}
		rows := []shebao.NewParcel{
			parcel(p1, ids["a"], "10", "耕地"), parcel(p2, ids["a"], "4", "耕地"),
			parcel(p3, ids["b"], "6", "耕地"), parcel(p4, ids["a"], "150", "园地"),
			parcel(other+"0000001", ids["c"], "30", "耕地"),
		}
		if _, errs, err := a.Transfer.ImportParcels(admin, "parcels", rows); err != nil || errs[0] != nil || errs[4] != nil {
			t.Fatal(err, errs)
		}
		lz1 := []shebao.NewTransferLine{line("LZ-1", p1, "6", ids["a"], ids), line("LZ-1", p3, "6", ids["b"], ids)}
		share := line("LZ-C", p2, "4", ids["a"], ids)
		share.Form, share.TransfereeID, share.TransfereeName, share.Rent, share.Start = "入股", coop, "魏丰土地股份专业合作社", "800", "2025-01-01"
		waiting := line("LZ-W", p1, "4", ids["a"], ids)
		for _, ls := range [][]shebao.NewTransferLine{lz1, {share}, {waiting}} {
			if _, errs := importLines(t, a, "t-"+ls[0].No, ls...); errs[0] != nil {
				t.Fatal(errs)
			}
		}
		for _, no := range []string{"LZ-1", "LZ-C"} {
			if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, no).ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		src := report.Sources{Report: a.Report, Land: a.Land}
		v, err := report.Run(town, src, "transfers", report.Query{Region: "640106100000", Date: "2025-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		r := v.(*shebao.TransferReport)
		want := shebao.TransferFigures{ArableMu: "50.00", TransferredMu: "16.00", SharePercent: "32.00", AllTransferredMu: "16.00",
			Contracts: 2, Households: 2, Persons: 4, RentYearly: 920000, RentPerCapita: 230000}
		if r.TransferFigures != want || r.RegionName != "良田镇" {
			t.Fatalf("town: %+v", r)
		}
		if len(r.Children) != 2 || r.Children[0].Name != "魏家桥村" || r.Children[0].SharePercent != "80.00" ||
			r.Children[1].Name != "盈南村" || r.Children[1].SharePercent != "0.00" || r.Children[1].ArableMu != "30.00" {
			t.Fatalf("villages: %+v", r.Children)
		}
		if len(r.ByForm) != 2 || r.ByForm[0] != (shebao.TransferShare{Name: shebao.FormLease, Contracts: 1, TransferredMu: "12.00"}) ||
			r.ByForm[1] != (shebao.TransferShare{Name: shebao.FormShare, Contracts: 1, TransferredMu: "4.00"}) {
			t.Errorf("by form: %+v", r.ByForm)
		}
		if len(r.ByTransferee) != 2 || r.ByTransferee[0].Name != shebao.TransfereeFarmer || r.ByTransferee[1].Name != shebao.TransfereeCoop {
			t.Errorf("by transferee: %+v", r.ByTransferee)
		}
		// A village's children are its 发包方.
		v, _ = report.Run(villager, src, "transfers", report.Query{Date: "2025-06-30"})
		if r := v.(*shebao.TransferReport); len(r.Children) != 1 || r.Children[0].Name != "魏家桥村第1村民小组" || r.SharePercent != "80.00" {
			t.Errorf("village: %+v", r)
		}
		// On 2024-06-30 the cooperative's contract had not begun: 12 ÷ 50 =
		// 24.00%.
		v, _ = report.Run(town, src, "transfers", report.Query{Region: "640106100000", Date: "2024-06-30"})
		if r := v.(*shebao.TransferReport); r.TransferredMu != "12.00" || r.SharePercent != "24.00" {
			t.Errorf("2024: %+v", r.TransferFigures)
		}
		// 盈南村 sees none of 魏家桥村's land.
		if _, err := report.Run(yingnan, src, "transfers", report.Query{Region: village, Date: "2025-06-30"}); err == nil {
			v, _ := report.Run(yingnan, src, "transfers", report.Query{Region: village, Date: "2025-06-30"})
			if r := v.(*shebao.TransferReport); r.ArableMu != "0.00" {
				t.Errorf("other village: %+v", r.TransferFigures)
			}
		}
		if tables := report.Tables(r); len(tables) != 3 || len(tables[0].Rows) != 3 {
			t.Errorf("tables: %+v", tables)
		}
	})
}

// TestPriceGuide: on 2025-06-30 the window is 2024-07-01…2025-06-30. Of
// 魏家桥村's verified contracts LZ-1 (500.00, begun 2024-01-01) is too old;
// 耕地 has LZ-C at 800.00 and LZ-D at 650.00: median (650 + 800) ÷ 2 =
// 725.00, range 650.00–800.00; 园地 has LZ-X at 300.00. A contract waiting
// for 鉴证 (9999.00) does not count.
func TestPriceGuide(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := landOf(t, a)
		lc := line("LZ-C", p2, "4", ids["a"], ids)
		lc.Rent, lc.Start = "800", "2025-01-01"
		ld := line("LZ-D", p1, "4", ids["a"], ids)
		ld.Rent, ld.Start = "650", "2025-04-01"
		lx := line("LZ-X", p4, "10", ids["a"], ids)
		lx.Rent, lx.Start, lx.Purpose = "300", "2025-02-01", "苗木花卉"
		lw := line("LZ-W", p3, "1", ids["b"], ids)
		lw.Rent, lw.Start = "9999", "2025-05-01"
		for _, l := range []shebao.NewTransferLine{line("LZ-1", p1, "6", ids["a"], ids), lc, ld, lx, lw} {
			if _, errs := importLines(t, a, "t-"+l.No, l); errs[0] != nil {
				t.Fatal(l.No, errs[0])
			}
		}
		for _, no := range []string{"LZ-1", "LZ-C", "LZ-D", "LZ-X"} {
			if _, err := a.Approve.DecideApproval(town, pendingApproval(t, a, shebao.ApproveTransferVerify, no).ID, true, ""); err != nil {
				t.Fatal(err)
			}
		}
		g, err := a.Transfer.PriceGuide(town, "", "2025-06-30")
		if err != nil {
			t.Fatal(err)
		}
		want := []shebao.PriceGuideLine{
			{Village: village, VillageName: "魏家桥村", Class: "耕地", Contracts: 2, Median: 72500, Min: 65000, Max: 80000},
			{Village: village, VillageName: "魏家桥村", Class: "园地", Contracts: 1, Median: 30000, Min: 30000, Max: 30000},
		}
		if g.From != "2024-06-30" || len(g.Rows) != 2 || g.Rows[0] != want[0] || g.Rows[1] != want[1] {
			t.Fatalf("guide: %+v", g)
		}
		if g, _ := a.Transfer.PriceGuide(yingnan, "", "2025-06-30"); len(g.Rows) != 0 {
			t.Errorf("other village: %+v", g.Rows)
		}
	})
}
