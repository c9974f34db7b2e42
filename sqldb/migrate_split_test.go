package sqldb

import (
	"reflect"
	"testing"
)

func TestSplitStatementsPostgresOnly(t *testing.T) {
	src := "-- a comment\nDROP INDEX a;\n--postgres: ALTER TABLE t SET (fillfactor = 80);\nCREATE TABLE x (\n    y TEXT\n);\n"
	for _, c := range []struct {
		dialect Dialect
		want    []string
	}{
		{SQLite, []string{"DROP INDEX a", "CREATE TABLE x (\n    y TEXT\n)"}},
		{Postgres, []string{"DROP INDEX a", "ALTER TABLE t SET (fillfactor = 80)", "CREATE TABLE x (\n    y TEXT\n)"}},
	} {
		if got := splitStatements(src, c.dialect); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, want %q", c.dialect, got, c.want)
		}
	}
}
