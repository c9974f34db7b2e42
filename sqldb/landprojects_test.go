package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestProjectPlotHistory: a 拆旧 plot imported with 100,000.00 元 and
// corrected to 120,000.00 keeps its first state as version 1 with the
// change, and is at version 2; the same correction again writes nothing.
func TestProjectPlotHistory(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ctx := sqldbtest.Admin()
		head := demo.IDNumber("640106", time.Date(1960, 2, 3, 0, 0, 0, 0, time.UTC), 51, true)
		if err := a.Registry.CreatePerson(ctx, &shebao.Person{IDNo: head, Name: "魏大山", Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Transfer.CreateLandProject(ctx, shebao.LandProject{Code: "GG-1", Name: "挂钩项目区", Region: "640106100000"}); err != nil {
			t.Fatal(err)
		}
		put := func(run, comp string) shebao.Outcome {
			t.Helper()
			out, errs, err := a.Transfer.ImportProjectPlots(ctx, "GG-1", []shebao.NewProjectPlot{{PlotNo: "H1", HeadIDNo: head, Homestead: "5",
				Demolished: "5", Compensation: comp}}, []string{shebao.ImportSource(run, 3)})
			if err != nil || errs[0] != nil {
				t.Fatalf("import %s: %v %v", run, errs, err)
			}
			return out[0]
		}
		if o := put("r1", "100000"); o != shebao.Created {
			t.Fatalf("first: %v", o)
		}
		if o := put("r2", "120000"); o != shebao.Updated {
			t.Fatalf("corrected: %v", o)
		}
		if o := put("r3", "120000"); o != shebao.Unchanged {
			t.Fatalf("again: %v", o)
		}
		vs, cs, err := db.ProjectPlotVersions(ctx, "GG-1", "H1")
		if err != nil || len(vs) != 1 || vs[0] != 1 || !strings.Contains(cs[0], `"before":"100000.00"`) || !strings.Contains(cs[0], `"after":"120000.00"`) {
			t.Fatalf("history: %v %v %v", vs, cs, err)
		}
		p, err := a.Transfer.LandProjectProgress(ctx, "GG-1", "")
		if err != nil || p.Compensation != 12000000 {
			t.Fatalf("progress: %+v %v", p, err)
		}
	})
}
