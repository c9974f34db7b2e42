package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestImportProjectPlotsMessy imports the 拆旧 households of project GG-1
// (良田镇) from a town's messy sheet: a title row, "*" and full-width
// brackets in the headers, a BOM, units typed into the cells ("3.5亩",
// "100,000.00元"), a lower-case x, a blank line. Of 8 rows 2 land (H1 of
// 魏大山 5.00 亩 with 100,000.00 元, H2 of 魏二水 3.50 亩 without
// compensation); rejected with the row and the field: a head not in the
// registry (户主身份证号), a head of another town (户主身份证号), more
// demolished than the homestead (6.00 > 5.00, 拆旧面积), a bad ID number, an
// area that is no number (宅基地面积), H1 again (宅基地编号). The same file
// again changes nothing. A corrected file raises H1's compensation to
// 120,000.00 (updated, with history: total 120,000.00) and is refused for
// H2's demolished area of 3.00 after 3.50 was reclaimed.
func TestImportProjectPlotsMessy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		sqldbtest.SeedRegions(t, a)
		born := func(y int, seq int) string {
			return demo.IDNumber("640106", time.Date(y, 2, 3, 0, 0, 0, 0, time.UTC), seq, true)
		}
		h1, h2, other, stranger := born(1960, 51), born(1962, 53), born(1964, 55), born(1966, 57)
		for _, p := range []*shebao.Person{{IDNo: h1, Name: "魏大山", Hukou: "农业", Region: "640106100201"},
			{IDNo: h2, Name: "魏二水", Hukou: "农业", Region: "640106100201"},
			{IDNo: other, Name: "外镇人", Hukou: "农业", Region: "640106101201"}} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := a.Transfer.CreateLandProject(admin, shebao.LandProject{Code: "GG-1", Name: "良田镇增减挂钩项目区", Region: "640106100000"}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		write := func(name string, rows ...string) string {
			path := filepath.Join(dir, name)
			content := "\uFEFF良田镇增减挂钩项目拆旧户花名册,,,,\n*宅基地编号, 户主身份证号 ,宅基地面积（亩）,*拆除面积（亩）,补偿金额（元）\n" + strings.Join(rows, "\n") + "\n"
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			return path
		}
		lower := strings.ToLower(h2) // a check character X, when there is one, typed in lower case
		path := write("拆旧户.csv",
			"H1,"+h1+",5,5.00亩,\"100,000.00元\"",
			"H2,"+lower+",3.5亩,3.5,",
			"H3,"+stranger+",2,2,0",
			"H4,"+other+",2,2,0",
			",,,,",
			"H5,"+h1+",5,6,0",
			"H6,640106196002030000,2,2,0",
			"H7,"+h1+",两亩,1,0",
			"H1,"+h1+",5,5,100000")
		errsOut := filepath.Join(dir, "errors.xlsx")
		s, err := ingest.ProjectPlots(admin, a, path, ingest.Options{Project: "GG-1", ErrorsOut: errsOut})
		if err != nil {
			t.Fatal(err)
		}
		if s.Read != 8 || s.Created != 2 || s.Rejected != 6 {
			t.Fatalf("summary: %+v", s)
		}
		// Rows count from the file's first line: the title is 1, the header 2.
		want := map[int]string{5: "户主身份证号", 6: "户主身份证号", 8: "拆旧面积", 9: "户主身份证号", 10: "宅基地面积", 11: "宅基地编号"}
		for _, e := range s.Errors {
			if want[e.Row] != e.Field {
				t.Errorf("row %d: %s %s (want %q)", e.Row, e.Field, e.Reason, want[e.Row])
			}
		}
		if _, err := os.Stat(errsOut); err != nil {
			t.Errorf("errors-out: %v", err)
		}
		pr, err := a.Transfer.LandProjectProgress(admin, "GG-1", "")
		if err != nil {
			t.Fatal(err)
		}
		// 5.00 + 3.50 = 8.50 亩 demolished; 100,000.00 元.
		if pr.Households != 2 || pr.Demolished != 850 || pr.Compensation != 10000000 {
			t.Fatalf("progress: %d households, %s demolished, %s", pr.Households, pr.Demolished, pr.Compensation)
		}

		again, err := ingest.ProjectPlots(admin, a, path, ingest.Options{Project: "GG-1"})
		if err != nil || again.Unchanged != 2 || again.Created+again.Updated != 0 || again.Rejected != 6 {
			t.Fatalf("again: %+v %v", again, err)
		}

		if _, _, err := a.Transfer.AddProjectEntry(admin, "GG-1", shebao.NewProjectEntry{DocNo: "FK-2", Kind: shebao.EntryReclaim, PlotNo: "H2",
			Area: "3.5", On: "2025-06-01"}); err != nil {
			t.Fatal(err)
		}
		fixed := write("更正.csv", "H1,"+h1+",5,5,120000", "H2,"+h2+",3.5,3,0")
		c, err := ingest.ProjectPlots(admin, a, fixed, ingest.Options{Project: "GG-1"})
		if err != nil || c.Updated != 1 || c.Rejected != 1 || c.Errors[0].Field != "拆旧面积" || !strings.Contains(c.Errors[0].Reason, "已复垦3.50亩") {
			t.Fatalf("corrected: %+v %v", c, err)
		}
		pr, err = a.Transfer.LandProjectProgress(admin, "GG-1", "")
		if err != nil || pr.Compensation != 12000000 {
			t.Fatalf("after the correction: %+v %v", pr, err)
		}
		if _, err := ingest.ProjectPlots(admin, a, path, ingest.Options{Project: "GG-9"}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("an unknown project: %v", err)
		}
	})
}
