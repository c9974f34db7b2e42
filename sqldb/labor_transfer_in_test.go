package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestEmploymentTransferredIn counts the labour transferred into a region
// (外来务工, issue #19 item 6), on both engines. An employer of 魏家桥村
// (良田镇) hires three persons on 2026-03-01: 马福 of 魏家桥村 itself, 杨梅 of
// 东门社区 (满城北街街道, the same district) and 李强 of 魏家桥村 who leaves on
// 2026-06-30. By hand, on 2026-12-06: 良田镇 has one worker from outside
// the town (杨梅; 李强 has left, 马福 is local); the district none (all
// three are its own).
func TestEmploymentTransferredIn(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fixLaborDay(t)
		seedRegions(t, db)
		a := app.New(db)
		uscc := mustEmployer(t, db, 71, "宁夏良田农产品加工有限公司")
		fu := mustPerson(t, db, "马福", mustDate(t, "1985-04-01"), 71, true)
		li := mustPerson(t, db, "李强", mustDate(t, "1988-02-01"), 72, true)
		mei := demo.IDNumber("640106", mustDate(t, "1990-07-01"), 73, false)
		if err := db.CreatePerson(admin, person(mei, "杨梅", "640106001001")); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{fu, li, mei} {
			if _, err := a.Enroll.Hire(admin, id, uscc, "2026-03-01", nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Enroll.Leave(admin, li, uscc, "2026-06-30", "合同到期"); err != nil {
			t.Fatal(err)
		}
		rep, err := a.Report.Employment(admin, "640106000000", report.Span{From: "2026-01-01", To: "2026-12-06"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range rep.Rows {
			got[r.Region] = r.TransferredIn
		}
		if got["640106000000"] != 0 || got["640106100000"] != 1 || got["640106001000"] != 0 {
			t.Errorf("transferred in: district %d, 良田镇 %d, 满城北街街道 %d; want 0, 1, 0", got["640106000000"], got["640106100000"], got["640106001000"])
		}
	})
}
