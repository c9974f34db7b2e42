package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/sqldb"
)

// FuzzImportPersonsCSV feeds arbitrary files to the person importer: it
// must never panic, never fail as a whole for a bad row, and account for
// every row it read.
func FuzzImportPersonsCSV(f *testing.F) {
	header := "身份证号,姓名,户籍性质,所属区划\n"
	f.Add([]byte(header + idA + ",马德福,农业,640106100201\n"))
	f.Add([]byte(header + idA + ",马德福,农业,640106100201\n" + idA + ",马德福,农业,640106100201\n"))
	f.Add([]byte(header + "1.10105194912310E+17,x,农业,640106\n,,,\n\"unterminated"))
	f.Add([]byte("\xef\xbb\xbf" + header + legacy15 + ",周,农业户口,640106100202\n"))
	f.Add([]byte{0xb9, 0xfa, 0x2c, 0xff})
	dir := f.TempDir()
	db, err := sqldb.Open(admin, filepath.Join(dir, "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	for _, r := range demoRegions() {
		if _, err := db.SaveRegion(admin, r); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := ingest.Persons(admin, app.New(db), path, ingest.Options{ChunkSize: 7})
		if err != nil {
			// Only whole-file problems may fail the import: a header that
			// lacks required columns, an unreadable file.
			if s != nil && s.Read > 0 {
				t.Fatalf("import failed after reading %d rows: %v", s.Read, err)
			}
			return
		}
		if got := s.Created + s.Updated + s.Unchanged + s.Rejected; got != s.Read {
			t.Fatalf("read %d rows but accounted for %d: %+v", s.Read, got, s)
		}
		// Every rejected row has at least one error, and every error a
		// rejected row (a row may have several problems).
		rows := map[int]bool{}
		for _, e := range s.Errors {
			rows[e.Row] = true
		}
		if len(rows) != s.Rejected || len(s.Errors) < s.Rejected {
			t.Fatalf("%d rejected, %d errors on %d rows", s.Rejected, len(s.Errors), len(rows))
		}
		for _, e := range s.Errors {
			if e.Row < 2 || e.Reason == "" {
				t.Fatalf("bad error entry %+v", e)
			}
		}
	})
}
