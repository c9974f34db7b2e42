package web

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A person's page shows where the record came from and who changed it in
// Chinese: the import row by file and row, the CLI's operator by name —
// never "import:01a24a…#1488" or "system" (issue #15 item 8).
func TestUIPersonSourceAndActorLabels(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 30)
			p := f.weijiaqiao
			if !strings.HasPrefix(p.Source, "import:") {
				t.Fatalf("demo person's source %q, want an import row", p.Source)
			}
			run, row, _ := strings.Cut(strings.TrimPrefix(p.Source, "import:"), "#")
			b := f.browser(t)
			b.login("clerk1")
			r := b.get("/persons/" + p.IDNo)
			expect(t, "imported person", r, 200, "<dd>导入文件(批次"+run[:6]+"…)第"+row+"行</dd>")
			// The operator on the machine corrects the phone number.
			phone := "13900001111"
			op := shebao.WithActor(admin, shebao.CLIActor("wangli"))
			if _, err := app.New(db).Registry.UpdatePerson(op, p.IDNo, shebao.PersonUpdate{Phone: &phone, Reason: "电话更正"}); err != nil {
				t.Fatal(err)
			}
			r = b.get("/persons/" + p.IDNo)
			expect(t, "person page after a change", r, 200, "<td>wangli(命令行)</td><td>经办录入</td><td>电话更正</td>")
			for _, raw := range []string{"import:", ">cli:wangli<", ">system<", ">api<"} {
				if strings.Contains(r.body, raw) {
					t.Errorf("person page shows the raw %q", raw)
				}
			}
		})
	}
}
