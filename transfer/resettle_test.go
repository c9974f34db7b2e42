package transfer_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestResettlement: the 安置 of the three 拆旧 households of project GG-1
// and their link to 村改居 (docs/DOMAIN.md §8). Hand-worked figures:
//
//	魏建国 (H1, 魏家桥村): 货币安置 150000.00 on 2025-03-01;
//	魏建军 (H2, 魏家桥村): 集中安置 in 安置小区3号楼501 with 20000.00 on
//	2025-04-01; 李明 (H3, 盈南村): 自建 on homestead ZJ-07, no money, on
//	2025-05-01. On 2025-03-31 one household is resettled, 150000.00; on
//	2025-12-31 all three, one of each mode, 150000.00 + 20000.00 =
//	170000.00.
//	魏家桥村 converts (村改居) on 2025-06-01 and 魏建国 joins its lump sum:
//	on 2025-05-31 no household is linked; on 2025-12-31 two (H1 joined,
//	H2 not), 李明's 盈南村 none.
//
// Refused: 自建 without the new homestead, 货币安置 without an amount or
// with a flat, an unknown mode, a person who is not a 拆旧 head, a second
// resettlement of 魏建国 with other values; the same again changes nothing.
func TestResettlement(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := people(t, a)
		tr := a.Transfer
		if _, _, err := tr.CreateLandProject(town, shebao.LandProject{Code: "GG-1", Name: "良田镇增减挂钩项目区", Region: "640106100000"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ no, head string }{{"H1", ids["a"]}, {"H2", ids["b"]}, {"H3", ids["c"]}} {
			if _, _, err := tr.AddProjectPlot(town, "GG-1", shebao.NewProjectPlot{PlotNo: c.no, HeadIDNo: c.head, Homestead: "3", Demolished: "3"}); err != nil {
				t.Fatal(err)
			}
		}
		resettle := func(head, mode, unit, amount, on string) (bool, error) {
			_, created, err := tr.Resettle(town, "GG-1", shebao.NewResettlement{HeadIDNo: head, Mode: mode, Unit: unit, Amount: amount, On: on})
			return created, err
		}
		for _, c := range []struct{ what, head, mode, unit, amount, field string }{
			{"自建 without the homestead", ids["c"], "自建", "", "", "安置房号或宅基地"},
			{"货币安置 without money", ids["a"], "货币安置", "", "", "安置金额"},
			{"货币安置 with a flat", ids["a"], "货币安置", "3号楼501", "150000", "安置房号或宅基地"},
			{"an unknown mode", ids["a"], "投亲靠友", "", "150000", "安置方式"},
		} {
			if _, err := resettle(c.head, c.mode, c.unit, c.amount, "2025-03-01"); fieldOf(err) != c.field {
				t.Errorf("%s: %v (want the field %s)", c.what, err, c.field)
			}
		}
		if _, err := resettle("110101199003077777", "货币安置", "", "1000", "2025-03-01"); fieldOf(err) != "户主身份证号" {
			t.Errorf("not a 拆旧 head: %v", err)
		}
		for _, c := range []struct{ head, mode, unit, amount, on string }{
			{ids["a"], "货币", "", "150000", "2025-03-01"},
			{ids["b"], "集中安置", "安置小区3号楼501", "20000", "2025-04-01"},
			{ids["c"], "自建", "ZJ-07", "", "2025-05-01"},
		} {
			if created, err := resettle(c.head, c.mode, c.unit, c.amount, c.on); err != nil || !created {
				t.Fatalf("resettle %s: %v %v", c.mode, created, err)
			}
		}
		if created, err := resettle(ids["a"], "货币安置", "", "150000.00", "2025-03-01"); err != nil || created {
			t.Errorf("the same again: %v %v", created, err)
		}
		if _, err := resettle(ids["a"], "货币安置", "", "160000", "2025-03-01"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("another amount: %v", err)
		}
		pr, err := tr.LandProjectProgress(town, "GG-1", "2025-03-31")
		if err != nil || pr.ResettleAmount != 15000000 || pr.Resettled[shebao.ResettleMoney] != 1 || len(pr.Resettled) != 1 {
			t.Fatalf("on 2025-03-31: %+v %v", pr, err)
		}

		if _, err := a.Collect.RegisterConversion(admin, village, "2025-06-01"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Collect.JoinConversion(admin, village, []string{ids["a"]}); err != nil {
			t.Fatal(err)
		}
		if pr, err = tr.LandProjectProgress(town, "GG-1", "2025-05-31"); err != nil || pr.Converted != 0 {
			t.Errorf("before the conversion: %d %v", pr.Converted, err)
		}
		pr, err = tr.LandProjectProgress(town, "GG-1", "2025-12-31")
		if err != nil {
			t.Fatal(err)
		}
		if pr.ResettleAmount != 17000000 || pr.Resettled[shebao.ResettleMoney] != 1 || pr.Resettled[shebao.ResettleFlat] != 1 ||
			pr.Resettled[shebao.ResettleBuild] != 1 || pr.Converted != 2 {
			t.Errorf("on 2025-12-31: %v %s, %d converted", pr.Resettled, pr.ResettleAmount, pr.Converted)
		}
		for _, h := range pr.Homes {
			switch h.HeadIDNo {
			case ids["a"]:
				if h.Resettlement == nil || h.Resettlement.Mode != shebao.ResettleMoney || h.Conversion == nil || !h.Conversion.Joined ||
					h.Conversion.ConvertedOn != "2025-06-01" {
					t.Errorf("魏建国: %+v %+v", h.Resettlement, h.Conversion)
				}
			case ids["b"]:
				if h.Resettlement == nil || h.Resettlement.Unit != "安置小区3号楼501" || h.Conversion == nil || h.Conversion.Joined {
					t.Errorf("魏建军: %+v %+v", h.Resettlement, h.Conversion)
				}
			case ids["c"]:
				if h.Resettlement == nil || h.Resettlement.Unit != "ZJ-07" || h.Conversion != nil {
					t.Errorf("李明: %+v %+v", h.Resettlement, h.Conversion)
				}
			}
		}
	})
}
