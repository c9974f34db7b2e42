package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
)

// The demo's 城乡建设用地增减挂钩 project (issue #17 items 7 and 9). The seed's
// 金凤区 pilot took 3,579 households' homesteads of 8 villages; its 8万亩
// of arable land is about 10,000 contracting households at 8 亩 each, so
// the pilot took about a third of them. The demo's project is run by
// 良田镇 over its villages and takes every third of the town's contracting
// households (BuildTransfers' heads), so it scales with --persons. Each
// homestead is 0.30–0.60 亩, demolished whole, compensated at 150,000 元 a
// 亩 (an example figure of the demo, not policy). The ledger: the quota
// equal to the demolished area issued 3 years and a month before today, 80%
// of it used for new construction; two households in three reclaimed, one
// in two accepted — so the page shows an issue overdue by about a month
// with the area not yet returned. Households are resettled 6 in 10 in the
// town's resettlement community (集中安置), 3 in 10 with money (货币安置)
// and 1 in 10 on a new homestead (自建).

// DemoProject is the code of the demo's 增减挂钩 project.
const DemoProject = "JF-GG-01"

// demoProjectTown runs the project.
const demoProjectTown = "640106100000"

// BuildLandProject adds the demo's project. Idempotent: a database that has
// the project is left alone.
func BuildLandProject(ctx context.Context, svc *app.App, run string, ps []*shebao.Person, today time.Time) error {
	tr := svc.Transfer
	if _, err := tr.LandProjectProgress(ctx, DemoProject, ""); err == nil || shebao.ErrorCode(err) != shebao.ENOTFOUND {
		return err
	}
	if _, _, err := tr.CreateLandProject(ctx, shebao.LandProject{Code: DemoProject, Name: "良田镇城乡建设用地增减挂钩项目区", Region: demoProjectTown}); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(2005, 0x99))
	// The contracting heads of BuildTransfers in the town, every third.
	var heads []*shebao.Person
	n := 0
	for i, p := range ps {
		if p.Hukou != shebao.HukouAgricultural || p.DeathDate != "" || p.Region[9] == '0' || !strings.HasPrefix(p.Region, demoProjectTown[:9]) {
			continue
		}
		id, err := idno.ParseID(p.IDNo, today)
		if err != nil {
			return err
		}
		if age, _ := id.AgeOn(today); age < 30 || age > 80 || i%3 != 0 {
			continue
		}
		if n++; n%3 == 1 {
			heads = append(heads, p)
		}
	}
	day := func(t time.Time) string { return t.Format(shebao.DateLayout) }
	issued := today.AddDate(-3, -1, 0)
	var plots []shebao.NewProjectPlot
	var sources []string
	areas := make([]int, len(heads))
	total := 0
	for i, h := range heads {
		areas[i] = 30 + r.IntN(31) // 0.30–0.60 亩
		total += areas[i]
		plots = append(plots, shebao.NewProjectPlot{PlotNo: fmt.Sprintf("ZJD-%04d", i+1), HeadIDNo: h.IDNo, Homestead: mu(areas[i]),
			Demolished: mu(areas[i]), Compensation: fmt.Sprint(areas[i] * 1500)})
		sources = append(sources, shebao.ImportSource(run, i+2))
	}
	if len(plots) > 0 {
		if _, errs, err := tr.ImportProjectPlots(ctx, DemoProject, plots, sources); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}
	if total == 0 {
		return nil
	}
	entry := func(doc, kind, plot string, area int, on time.Time) error {
		_, _, err := tr.AddProjectEntry(ctx, DemoProject, shebao.NewProjectEntry{DocNo: doc, Kind: kind, PlotNo: plot, Area: mu(area), On: day(on)})
		return err
	}
	if err := entry("金凤挂钩〔"+fmt.Sprint(issued.Year())+"〕1号", shebao.EntryIssue, "", total, issued); err != nil {
		return err
	}
	if err := entry("良田建新〔"+fmt.Sprint(issued.Year()+1)+"〕1号", shebao.EntryUse, "", total*8/10, issued.AddDate(0, 6, 0)); err != nil {
		return err
	}
	for i, h := range heads {
		no := fmt.Sprintf("ZJD-%04d", i+1)
		if i%3 != 2 {
			if err := entry("复垦-"+no, shebao.EntryReclaim, no, areas[i], issued.AddDate(1, 6, 0)); err != nil {
				return err
			}
		}
		if i%2 == 0 && i%3 != 2 {
			if err := entry("验收-"+no, shebao.EntryAccept, no, areas[i], issued.AddDate(2, 0, 0)); err != nil {
				return err
			}
		}
		in := shebao.NewResettlement{HeadIDNo: h.IDNo, On: day(issued.AddDate(0, 3, 0))}
		switch k := i % 10; {
		case k < 6:
			in.Mode, in.Unit = shebao.ResettleFlat, fmt.Sprintf("良田家园%d号楼%d单元%d室", 1+i/24, 1+i/8%3, 101+i%8)
		case k < 9:
			in.Mode, in.Amount = shebao.ResettleMoney, fmt.Sprint(60000+areas[i]*1000)
		default:
			in.Mode, in.Unit = shebao.ResettleBuild, fmt.Sprintf("XZJ-%04d", i+1)
		}
		if _, _, err := tr.Resettle(ctx, DemoProject, in); err != nil {
			return fmt.Errorf("安置%s: %w", h.IDNo, err)
		}
	}
	return nil
}

// mu writes hundredths of a 亩 as 亩 with two decimals.
func mu(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }
