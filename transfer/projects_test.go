package transfer_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLandProject: the 增减挂钩 ledger of a project of 3 households
// (docs/DOMAIN.md §8). Hand-worked figures:
//
//	拆旧: 魏建国 H1 3.50 亩 (补偿 70000.00), 魏建军 H2 3.00 亩 (60000.00)
//	of 魏家桥村, 李明 H3 2.50 亩 (50000.00) of 盈南村: 9.00 亩, 180000.00 元.
//	下达 10.00 亩 (2023-12-06); 使用 8.00 (2024-05-01); a further 2.01
//	would make 10.01 > 10.00: refused, 2.00 is the most left.
//	复垦 3.50 + 3.00 + 2.50 = 9.00; 验收 3.50 + 3.00 + 1.00 = 7.50 <
//	8.00 used: cannot close, short by 0.50. 验收 0.60 more of H3 (1.60 ≤
//	2.50 reclaimed) → 8.10 ≥ 8.00: closes.
//	盈南村 then: 1 household, 拆旧 2.50, 验收 1.60; 魏家桥村 2 households,
//	拆旧 6.50, 验收 6.50, 补偿 130000.00.
func TestLandProject(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := people(t, a)
		tr := a.Transfer
		if _, _, err := tr.CreateLandProject(villager, shebao.LandProject{Code: "GG-1", Name: "良田镇增减挂钩项目区", Region: "640106100000"}); err == nil {
			t.Error("a village created a town's project")
		}
		p, created, err := tr.CreateLandProject(town, shebao.LandProject{Code: "GG-1", Name: "良田镇增减挂钩项目区", Region: "640106100000"})
		if err != nil || !created || p.Status != shebao.ProjectOpen {
			t.Fatalf("create: %+v %v %v", p, created, err)
		}
		if _, created, err := tr.CreateLandProject(town, shebao.LandProject{Code: "GG-1", Name: "良田镇增减挂钩项目区", Region: "640106100000"}); err != nil || created {
			t.Errorf("again: %v %v", created, err)
		}
		plot := func(no, head, home, dem, comp string) error {
			_, _, err := tr.AddProjectPlot(town, "GG-1", shebao.NewProjectPlot{PlotNo: no, HeadIDNo: head, Homestead: home, Demolished: dem, Compensation: comp})
			return err
		}
		for _, c := range []struct{ no, head, home, dem, comp string }{
			{"H1", ids["a"], "3.5", "3.50", "70000"}, {"H2", ids["b"], "3.2", "3", "60000"}, {"H3", ids["c"], "2.5", "2.5", "50000"},
		} {
			if err := plot(c.no, c.head, c.home, c.dem, c.comp); err != nil {
				t.Fatalf("plot %s: %v", c.no, err)
			}
		}
		if err := plot("H3", ids["c"], "2.5", "2.5", "50000"); err != nil {
			t.Errorf("same plot again: %v", err)
		}
		if err := plot("H3", ids["c"], "2.5", "2.5", "55000"); err == nil || shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("plot changed: %v", err)
		}
		if err := plot("H4", ids["a"], "1", "1.01", "0"); err == nil || fieldOf(err) != "拆旧面积" {
			t.Errorf("demolished above the homestead: %v", err)
		}
		if err := plot("H4", "110101199003077777", "1", "1", "0"); err == nil || fieldOf(err) != "户主身份证号" {
			t.Errorf("unregistered head: %v", err)
		}
		entry := func(doc, kind, plot, area, on string) error {
			_, _, err := tr.AddProjectEntry(town, "GG-1", shebao.NewProjectEntry{DocNo: doc, Kind: kind, PlotNo: plot, Area: area, On: on})
			return err
		}
		must := func(doc, kind, plot, area, on string) {
			t.Helper()
			if err := entry(doc, kind, plot, area, on); err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
		}
		if err := entry("JX-0", shebao.EntryUse, "", "1", "2023-12-01"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "下达0.00亩") {
			t.Errorf("use before any quota: %v", err)
		}
		must("ZB-1", shebao.EntryIssue, "", "10", "2023-12-06")
		must("ZB-1", shebao.EntryIssue, "", "10", "2023-12-06") // the same 文号 again: unchanged
		if err := entry("ZB-1", shebao.EntryIssue, "", "11", "2023-12-06"); err == nil || shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("文号 reused: %v", err)
		}
		must("JX-1", shebao.EntryUse, "", "8", "2024-05-01")
		if err := entry("JX-2", shebao.EntryUse, "", "2.01", "2024-06-01"); err == nil || !strings.Contains(shebao.ErrorMessage(err), "超出0.01亩") {
			t.Errorf("use above the quota: %v", err)
		}
		if err := entry("FK-X", shebao.EntryReclaim, "H2", "3.01", "2025-06-01"); err == nil || fieldOf(err) != "面积" {
			t.Errorf("reclaim above the demolished area: %v", err)
		}
		must("FK-1", shebao.EntryReclaim, "H1", "3.5", "2025-06-01")
		must("FK-2", shebao.EntryReclaim, "H2", "3", "2025-06-01")
		must("FK-3", shebao.EntryReclaim, "H3", "2.5", "2025-06-01")
		if err := entry("YS-X", shebao.EntryAccept, "H3", "1", "2025-05-31"); err == nil || fieldOf(err) != "面积" {
			t.Errorf("accepted before it was reclaimed: %v", err)
		}
		must("YS-1", shebao.EntryAccept, "H1", "3.5", "2025-09-01")
		must("YS-2", shebao.EntryAccept, "H2", "3", "2025-09-01")
		must("YS-3", shebao.EntryAccept, "H3", "1", "2025-09-01")
		_, err = tr.CloseLandProject(town, "GG-1", "2025-10-01")
		if err == nil || !strings.Contains(shebao.ErrorMessage(err), "复垦面积7.50亩少于建新使用面积8.00亩,尚差0.50亩") {
			t.Fatalf("closed with 7.50 accepted for 8.00 used: %v", err)
		}
		must("YS-4", shebao.EntryAccept, "H3", "0.6", "2025-11-01")
		pr, err := tr.CloseLandProject(town, "GG-1", "2025-11-02")
		if err != nil {
			t.Fatalf("close: %v", err)
		}
		if pr.Status != shebao.ProjectClosed || pr.Accepted != 810 || pr.Used != 800 || pr.Issued != 1000 || pr.Households != 3 ||
			pr.Demolished != 900 || pr.Compensation != shebao.Yuan(180000) {
			t.Errorf("closed: %+v", pr)
		}
		if err := entry("JX-3", shebao.EntryUse, "", "1", "2025-11-03"); err == nil || shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("entry after closing: %v", err)
		}
		pr, err = tr.LandProjectProgress(town, "GG-1", "2026-12-07")
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.Villages) != 2 || pr.Villages[0].Region != village || pr.Villages[0].Households != 2 || pr.Villages[0].Demolished != 650 ||
			pr.Villages[0].Accepted != 650 || pr.Villages[0].Compensation != shebao.Yuan(130000) ||
			pr.Villages[1].Region != other || pr.Villages[1].Households != 1 || pr.Villages[1].Demolished != 250 || pr.Villages[1].Accepted != 160 {
			t.Errorf("villages: %+v", pr.Villages)
		}
		if len(pr.Homes) != 3 || pr.Homes[2].HeadName != "李明" || pr.Homes[2].Accepted != 160 || pr.Homes[2].Reclaimed != 250 {
			t.Errorf("households: %+v", pr.Homes)
		}
		// Closed: the 1.90 亩 not returned lapse with the unused quota, no flag.
		if len(pr.Quotas) != 1 || pr.Quotas[0].Returned != 810 || pr.Quotas[0].Overdue || pr.OverdueArea != 0 {
			t.Errorf("closed project's quota: %+v", pr.Quotas)
		}
		if _, err := tr.LandProjectProgress(villager, "GG-1", ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("a village read the town's project: %v", err)
		}
	})
}

// TestLandProjectOverdue: a quota of 2.00 亩 issued on 2023-12-05 and not
// returned is due within 3 years (transfer.linkage_return_years), by
// 2026-12-05: not flagged on that day, flagged on 2026-12-06 (3 years and
// 1 day after its issue), 1 day overdue with 2.00 亩 owed; 0.50 accepted
// leaves 1.50 owed.
func TestLandProjectOverdue(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ids := people(t, a)
		tr := a.Transfer
		if _, _, err := tr.CreateLandProject(town, shebao.LandProject{Code: "GG-2", Name: "魏家桥村挂钩项目", Region: "640106100000"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := tr.AddProjectPlot(town, "GG-2", shebao.NewProjectPlot{PlotNo: "H1", HeadIDNo: ids["a"], Homestead: "1", Demolished: "1"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := tr.AddProjectEntry(town, "GG-2", shebao.NewProjectEntry{DocNo: "ZB-9", Kind: shebao.EntryIssue, Area: "2", On: "2023-12-05"}); err != nil {
			t.Fatal(err)
		}
		pr, err := tr.LandProjectProgress(town, "GG-2", "2026-12-05")
		if err != nil || len(pr.Quotas) != 1 || pr.Quotas[0].DueOn != "2026-12-05" || pr.Quotas[0].Overdue || pr.ReturnYears != 3 {
			t.Fatalf("on the due day: %+v %v", pr, err)
		}
		ps, err := tr.LandProjects(town, "", "2026-12-06")
		if err != nil || len(ps) != 1 {
			t.Fatalf("list: %v %v", ps, err)
		}
		q := ps[0].Quotas[0]
		if !q.Overdue || q.DaysOverdue != 1 || ps[0].OverdueArea != 200 || !strings.Contains(q.Explanation, "尚欠2.00亩,逾期1天") {
			t.Errorf("3 years and 1 day: %+v", q)
		}
		for _, e := range []shebao.NewProjectEntry{{DocNo: "FK-9", Kind: shebao.EntryReclaim, PlotNo: "H1", Area: "0.5", On: "2024-03-01"},
			{DocNo: "YS-9", Kind: shebao.EntryAccept, PlotNo: "H1", Area: "0.5", On: "2024-04-01"}} {
			if _, _, err := tr.AddProjectEntry(town, "GG-2", e); err != nil {
				t.Fatal(err)
			}
		}
		pr, err = tr.LandProjectProgress(town, "GG-2", "2026-12-06")
		if err != nil || !pr.Quotas[0].Overdue || pr.Quotas[0].Returned != 50 || pr.OverdueArea != 150 {
			t.Errorf("0.50 returned: %+v %v", pr, err)
		}
	})
}
