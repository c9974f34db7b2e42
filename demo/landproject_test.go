package demo_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDemoLandProject builds a demo of 900 persons (twice: the second
// build changes nothing) and reads its 增减挂钩 project: every third
// contracting household of 良田镇 with its homestead demolished whole at
// 150,000 元 a 亩; the quota issued equals the area demolished, 80% of it
// used; a third of the households' area accepted, so that the issue of 3
// years and a month ago is overdue by a month for the rest; every
// household resettled, 6 in 10 in the resettlement community.
func TestDemoLandProject(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		for range 2 {
			if err := demo.Build(ctx, a, 900); err != nil {
				t.Fatal(err)
			}
		}
		p, err := a.Transfer.LandProjectProgress(ctx, demo.DemoProject, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Households < 5 || len(p.Homes) != p.Households {
			t.Fatalf("%d households", p.Households)
		}
		resettled := 0
		for _, n := range p.Resettled {
			resettled += n
		}
		// Compensation 150,000.00 元 a 亩: 0.01 亩 is 1,500.00 元 = 150000 分.
		if p.Issued != p.Demolished || p.Used != p.Issued*8/10 || p.Compensation != shebao.Money(p.Demolished)*150000 ||
			p.Accepted == 0 || p.Accepted >= p.Issued || p.OverdueArea != p.Issued-p.Accepted || len(p.Quotas) != 1 ||
			!p.Quotas[0].Overdue || p.Quotas[0].DaysOverdue < 28 || p.Quotas[0].DaysOverdue > 31 ||
			resettled != p.Households || p.Resettled[shebao.ResettleFlat] < p.Households/2 {
			t.Errorf("progress: issued %s used %s demolished %s accepted %s overdue %s compensation %s quotas %+v resettled %v of %d",
				p.Issued, p.Used, p.Demolished, p.Accepted, p.OverdueArea, p.Compensation, p.Quotas, p.Resettled, p.Households)
		}
	})
}
