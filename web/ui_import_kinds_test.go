package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
	"github.com/xuri/excelize/v2"
)

// The import page offers every kind the role writes, each with a template
// to download (the header row, required columns marked *), and refuses a
// kind the role may not import.
func TestUIImportKinds(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 20)
			clerk := f.browser(t)
			clerk.login("clerk1")
			page := clerk.get("/import")
			// A 综合柜员 writes everything but the land bureau's batches and
			// the civil-affairs line's 低保 applications (assistui).
			for _, k := range importKinds {
				if k.Key == "land" || k.Key == "assist" {
					if strings.Contains(page.body, `value="`+k.Key+`"`) {
						t.Errorf("the clerk is offered %s", k.Key)
					}
					continue
				}
				if !strings.Contains(page.body, `value="`+k.Key+`"`) || !strings.Contains(page.body, `/import/template?kind=`+k.Key) {
					t.Errorf("the clerk's import page lacks %s", k.Key)
				}
			}
			r := clerk.get("/import/template?kind=persons")
			if r.status != 200 {
				t.Fatalf("template: %d", r.status)
			}
			x, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := x.GetRows(x.GetSheetList()[0])
			x.Close()
			if len(rows) == 0 || !strings.Contains(strings.Join(rows[0], ","), "公民身份号码*") || !strings.Contains(strings.Join(rows[0], ","), "姓名*") {
				t.Errorf("the persons template's header: %v", rows)
			}
			town := f.browser(t)
			csrf := town.login("town1")
			tp := town.get("/import")
			if strings.Contains(tp.body, `value="claims"`) || strings.Contains(tp.body, `value="land"`) || !strings.Contains(tp.body, `value="roster"`) {
				t.Error("the town's import page offers claims or land batches, or not the roster")
			}
			if r := town.get("/import/template?kind=claims"); r.status != http.StatusNotFound {
				t.Errorf("a town's claims template: %d", r.status)
			}
			r = town.upload(csrf, "claims", "claims.csv", []byte("结算单号,身份证号\nZY-1,640106195803120211\n"))
			expect(t, "a town imports claims", r, http.StatusBadRequest, "无权导入医疗费用结算单")
		})
	}
}
