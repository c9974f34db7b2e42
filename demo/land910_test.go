package demo_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Every 910 enrollment of the demo belongs to a land batch's roster, so
// the dashboard's count of persons in 910 and the land report's 参保 agree
// (issue #15 item 8: 63 against 6); and the 910 fund is not in deficit. By
// hand, from the demo batch's six persons (demo/land.go, policy defaults):
// received 政府 12,000 + 14,800 + 11,100 + 11,100 + 1,500 + 10,000 =
// 60,500.00 and 集体 12,000 + 14,800 × 3 + 2,000 + 10,000 = 68,400.00;
// paid the two working-age persons' 37,000.00 pension subsidies = 74,000.00;
// balance 60,500.00 + 68,400.00 − 74,000.00 = 54,900.00.
func TestDemo910FromLandBatches(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		if err := demo.Build(ctx, a, 600); err != nil {
			t.Fatal(err)
		}
		_, in910, err := a.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{Scheme: shebao.SchemeLandExpropriated, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		bs, _, err := a.Land.FindLandBatches(ctx, shebao.LandBatchFilter{})
		if err != nil {
			t.Fatal(err)
		}
		onRosters := 0
		for _, b := range bs {
			lines, err := a.Land.FindRoster(ctx, b.ApprovalNo)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range lines {
				if l.EnrolledOn != "" {
					onRosters++
				}
			}
		}
		if in910 != onRosters || in910 != 6 {
			t.Errorf("%d enrollments in 910, %d persons enrolled by land batches; want both 6", in910, onRosters)
		}
		st, err := a.Ledger.FundStatus(ctx, shebao.Today().Format(shebao.DateLayout))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range st {
			if f.Fund == shebao.SchemeLandExpropriated && f.Balance != shebao.Yuan(54900) {
				t.Errorf("910 fund balance %s, want 54900.00", f.Balance)
			}
		}
	})
}
