package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The print view of a person's record (issue #15 item 3): the page offers
// 打印(A4) by the record's sealed reference (never the ID number, even when
// the page was opened by it); with ?print=1 it is the record alone — no
// navigation, no buttons — with every explanation open and the way back.
func TestUIPrintView(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 60)
			bs, _, err := app.New(db).Benefit.FindBenefits(admin, shebao.BenefitFilter{Kind: shebao.BenefitPension, Limit: 1})
			if err != nil || len(bs) == 0 {
				t.Fatalf("no pensioner in the demo: %v", err)
			}
			b := f.browser(t)
			b.login("clerk1")
			page := b.get("/persons/" + bs[0].IDNo)
			expect(t, "record", page, http.StatusOK, `id="print-link"`, `nav class="main"`, `id="person-actions"`, "<details><summary>")
			i := strings.Index(page.body, `id="print-link"`)
			href := page.body[strings.LastIndex(page.body[:i], `href="`)+6 : i-2]
			if !strings.Contains(href, "print=1") || strings.Contains(href, bs[0].IDNo) {
				t.Fatalf("print link %q", href)
			}
			printed := b.get(strings.ReplaceAll(href, "&amp;", "&"))
			expect(t, "print view", printed, http.StatusOK, `<body class="print">`, `id="print-bar"`, "<details open><summary>", bs[0].Name)
			for _, absent := range []string{`nav class="main"`, `id="print-link"`} {
				if strings.Contains(printed.body, absent) {
					t.Errorf("the print view has %s", absent)
				}
			}
		})
	}
}
