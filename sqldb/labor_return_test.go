package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLaborReturn: the return (返乡) of an exported person ends the export
// (issue #19, labour export), on 2026-12-06, both engines. Through 宁夏劳务
// 王军 (魏家桥村, registered 务农, skill 电工) goes to 浙江省宁波市 from
// 2026-03-01 and 李娟 (the same village) to 江苏省苏州市 from 2026-05-01. By
// hand, the district's 劳务输出在外 on 2026-09-30 is 2. 王军 returns on
// 2026-10-15 (合同期满): his line reads 务农 again (the default), skill kept;
// the district has 2 away on 2026-10-14, 1 on 2026-10-15 and on
// 2026-12-06, 1 return in 2026-01-01..2026-12-06 and none in
// 2026-01-01..2026-10-14; the figure of 2026-09-30 is still 2. 李娟's line
// is changed by the village to 就业 before she returns (2026-11-20, 失业
// status asked): her line is left as the village set it. Refused: a second
// return (409), a return before the start, after today, without a reason,
// or to 在校.
func TestLaborReturn(t *testing.T) {
	fixLaborDay(t)
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		e := a.Employ
		clerk := sqldbtest.As(shebao.Actor{Name: "jy1", Role: "clerk/" + shebao.LineEmployment, Region: "640106000000"})
		jun := placePerson(t, db, "王军", "1988-08-08", "640106100201", 44, true)
		juan := placePerson(t, db, "李娟", "1991-02-03", "640106100201", 45, false)
		company := mustEmployer(t, db, 9, "宁夏劳务")
		if _, _, err := e.Register(clerk, shebao.LaborEntry{IDNo: jun, Status: "务农", Skills: "电工"}); err != nil {
			t.Fatal(err)
		}
		xj, err := e.ExportLabor(clerk, shebao.LaborExport{IDNo: jun, Company: company, Destination: "浙江省宁波市", DestEmployer: "宁波电子厂", Start: "2026-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		xl, err := e.ExportLabor(clerk, shebao.LaborExport{IDNo: juan, Company: company, Destination: "江苏省苏州市", DestEmployer: "苏州纺织厂", Start: "2026-05-01"})
		if err != nil {
			t.Fatal(err)
		}
		figures := func(from, to string) (int64, int64) {
			t.Helper()
			rep, err := a.Report.Employment(admin, "640106000000", report.Span{From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			return rep.Rows[0].Exported, rep.Rows[0].Returned
		}
		if away, back := figures("2026-01-01", "2026-09-30"); away != 2 || back != 0 {
			t.Errorf("before the return, on 2026-09-30: %d away, %d returned; want 2, 0", away, back)
		}
		for _, c := range []struct {
			req   shebao.LaborReturnRequest
			field string
		}{
			{shebao.LaborReturnRequest{Date: "2026-02-28", Reason: "合同期满"}, "返乡日期"},
			{shebao.LaborReturnRequest{Date: "2026-12-07", Reason: "合同期满"}, "返乡日期"},
			{shebao.LaborReturnRequest{Date: "2026-10-15"}, "返乡原因"},
			{shebao.LaborReturnRequest{Date: "2026-10-15", Reason: "合同期满", Status: "在校"}, "返乡后状态"},
		} {
			if _, err := e.ReturnLabor(clerk, xj.ID, c.req); errField(err) != c.field {
				t.Errorf("return %+v: %v, want a refusal of %s", c.req, err, c.field)
			}
		}
		got, err := e.ReturnLabor(clerk, xj.ID, shebao.LaborReturnRequest{Date: "2026-10-15", Reason: "合同期满"})
		if err != nil {
			t.Fatal(err)
		}
		if got.ReturnedOn != "2026-10-15" || got.ReturnReason != "合同期满" || got.ReturnStatus != "务农" {
			t.Errorf("the return: %+v", got)
		}
		if _, err := e.ReturnLabor(clerk, xj.ID, shebao.LaborReturnRequest{Date: "2026-10-16", Reason: "再次"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("a second return: %v", err)
		}
		r, err := e.Show(clerk, jun, "")
		if err != nil || r.Status != "务农" || r.Destination != "" || r.Registered == nil || r.Registered.Skills != "电工" {
			t.Errorf("王军's line after the return: %+v %v", r, err)
		}
		for _, c := range []struct {
			from, to   string
			away, back int64
		}{
			{"2026-01-01", "2026-09-30", 2, 0}, // a past day: as it was
			{"2026-01-01", "2026-10-14", 2, 0},
			{"2026-01-01", "2026-10-15", 1, 1},
			{"2026-01-01", "2026-12-06", 1, 1},
			{"2026-11-01", "2026-12-06", 1, 0},
		} {
			if away, back := figures(c.from, c.to); away != c.away || back != c.back {
				t.Errorf("%s..%s: %d away, %d returned; want %d, %d", c.from, c.to, away, back, c.away, c.back)
			}
		}

		// 李娟: the village registered her 就业 meanwhile; the return leaves it.
		if _, _, err := e.Register(clerk, shebao.LaborEntry{IDNo: juan, Status: "就业"}); err != nil {
			t.Fatal(err)
		}
		got, err = e.ReturnLabor(clerk, xl.ID, shebao.LaborReturnRequest{Date: "2026-11-20", Reason: "家中有事", Status: "失业"})
		if err != nil || got.ReturnStatus != "" {
			t.Errorf("李娟's return: %+v %v", got, err)
		}
		if r, err := e.Show(clerk, juan, ""); err != nil || r.Status != "就业" {
			t.Errorf("李娟's line after the return: %+v %v", r, err)
		}
		if away, back := figures("2026-01-01", "2026-12-06"); away != 0 || back != 2 {
			t.Errorf("on 2026-12-06 after both returns: %d away, %d returned; want 0, 2", away, back)
		}
		xs, err := e.FindLaborExports(clerk, "")
		if err != nil || len(xs) != 2 || xs[0].ReturnedOn != "2026-11-20" || xs[1].ReturnReason != "合同期满" {
			t.Errorf("the exports: %+v %v", xs, err)
		}
	})
}
