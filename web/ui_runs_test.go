package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The payroll started in the browser runs in the background with its
// progress page (issue #15 item 1). With no wait, the form goes to the
// progress page (or, if the run beat it, to the payroll page with the
// result); the progress page reloads itself while the run goes and ends
// with the run's record — done, every benefit of the count scanned — and
// the result. Started again, nothing is paid twice. A month never run has
// no page; a leader may not watch the run; an unknown job is not found.
func TestUIRunProgress(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 60)
			month := shebao.Today().Format("2006-01")
			b := f.browser(t)
			csrf := b.login("clerk1")
			expect(t, "never run", b.get("/runs/payroll/"+month), http.StatusNotFound)

			wait := runWait
			runWait = 0
			t.Cleanup(func() { runWait = wait })
			r := b.post("/payroll/run", url.Values{"csrf": {csrf}, "month": {month}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("run: %d\n%.2000s", r.status, r.body)
			}
			page := b.get("/runs/payroll/" + month)
			for i := 0; strings.Contains(page.body, `id="run-running"`); i++ {
				if !strings.Contains(page.body, `<meta http-equiv="refresh" content="2">`) {
					t.Fatal("the progress page does not reload itself")
				}
				if i > 300 {
					t.Fatal("the run did not end in a minute")
				}
				time.Sleep(200 * time.Millisecond)
				page = b.get("/runs/payroll/" + month)
			}
			expect(t, "done", page, http.StatusOK, `<dd id="run-status">已完成</dd>`, "(100%)", `id="done"`, "本次发放", "已提交复核")
			if strings.Contains(page.body, `http-equiv="refresh"`) {
				t.Error("a finished run's page still reloads")
			}

			runWait = wait
			r = b.post("/payroll/run", url.Values{"csrf": {csrf}, "month": {month}})
			if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "本次发放0笔") {
				t.Errorf("run again: %d %s", r.status, loc)
			}
			expect(t, "bad month", b.post("/payroll/run", url.Values{"csrf": {csrf}, "month": {"2026-13"}}), http.StatusBadRequest, "月份“2026-13”无效")
			expect(t, "unknown job", b.get("/runs/interest/"+month), http.StatusNotFound)
			v := f.browser(t)
			v.login("viewer1")
			expect(t, "a leader", v.get("/runs/payroll/"+month), http.StatusForbidden)
		})
	}
}
