package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestErrorsOutCSVNeutralised: `import --errors-out x.csv` echoes rejected
// rows back; a cell that a spreadsheet would run as a formula comes back
// as text (a quote in front), not as =1+2.
func TestErrorsOutCSVNeutralised(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		dir := t.TempDir()
		in := filepath.Join(dir, "persons.csv")
		writeCSV(t, in, [][]string{
			{"身份证号", "姓名", "户籍性质", "所属区划"},
			{"=1+2", "=HYPERLINK(\"http://evil\",\"点击\")", "农业", "640106100201"},
			{"11010519491231002X", "@SUM(A1)", "-1+1", "640106100201"},
		})
		out := filepath.Join(dir, "errors.csv")
		s, err := ingest.Persons(admin, app.New(db), in, ingest.Options{ErrorsOut: out})
		if err != nil {
			t.Fatal(err)
		}
		if s.Rejected != 2 {
			t.Fatalf("summary %+v", s)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, want := range []string{`'=1+2`, `"'=HYPERLINK(""http://evil"",""点击"")"`, `'@SUM(A1)`, `'-1+1`} {
			if !strings.Contains(text, want) {
				t.Errorf("errors file lacks %s:\n%s", want, text)
			}
		}
		for _, line := range strings.Split(text, "\r\n") {
			for _, cell := range strings.Split(line, ",") {
				if c := strings.TrimPrefix(strings.TrimPrefix(cell, "\uFEFF"), `"`); c != "" && strings.ContainsRune("=+@", rune(c[0])) {
					t.Errorf("a cell starts with a formula character: %q", cell)
				}
			}
		}
	})
}
