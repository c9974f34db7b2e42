package demo_test

import (
	"slices"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDemoTekun gives 3,000 demo persons their 特困人员 on both engines:
// a few per thousand (the seed's "a few hundred in a district of
// 100,000"), all approved through the flow with the flag, exactly one in
// 集中供养 at a 敬老院 paid to its account; a run again creates nothing.
func TestDemoTekun(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		for _, r := range demo.Regions {
			if _, err := a.Registry.SaveRegion(ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
		run, err := a.Registry.StartImportRun(ctx, "demo", "demo", "")
		if err != nil {
			t.Fatal(err)
		}
		ps := demo.Persons(2005, 3000)
		today := shebao.Today()
		for i, p := range ps {
			if err := shebao.NormalizePerson(p, today); err != nil {
				t.Fatal(err)
			}
			p.Source = shebao.ImportSource(run, i+2)
		}
		if _, errs, err := a.Registry.ImportPersons(ctx, run, ps); err != nil || errs[0] != nil {
			t.Fatal(err, errs[0])
		}
		n, err := demo.BuildTekun(ctx, a, ps, today)
		if err != nil {
			t.Fatal(err)
		}
		if n < 3 || n > 30 {
			t.Fatalf("%d 特困 of 3000", n)
		}
		if again, err := demo.BuildTekun(ctx, a, ps, today); err != nil || again != 0 {
			t.Fatalf("again: %d %v", again, err)
		}
		cs, total, err := a.Assist.FindTekunCases(ctx, shebao.TekunCaseFilter{Status: shebao.TekunApproved})
		if err != nil || total != n {
			t.Fatalf("%d approved, want %d: %v", total, n, err)
		}
		central := 0
		for _, c := range cs {
			if c.Mode == shebao.TekunCentral {
				central++
				if c.PayTo != c.Institution || c.Institution == "" {
					t.Errorf("集中 %+v", c)
				}
			}
			p, err := a.Registry.FindPerson(ctx, c.IDNo)
			if err != nil || !slices.Contains(p.Flags, shebao.FlagWubao) {
				t.Errorf("flag of %s: %+v %v", c.ID, p, err)
			}
		}
		if central != 1 {
			t.Errorf("%d in 集中供养, want 1", central)
		}
	})
}
