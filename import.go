package shebao

import (
	"strconv"
	"strings"
)

// Outcome is what an import did with one record.
type Outcome int

const (
	Created Outcome = iota + 1
	Updated
	Unchanged
)

// ImportSource is the Source of a record written by row `row` of import run
// `run`. It lets a record say where it came from, and lets an import notice a
// number that occurs twice in one file without keeping every number of the
// file in memory.
func ImportSource(run string, row int) string {
	return "import:" + run + "#" + strconv.Itoa(row)
}

// RowInRun reports whether a record's Source (ImportSource) is a row of
// import run `run`, and which: a number met again in the same file is a
// repeat within the file, not a correction of an earlier import.
func RowInRun(source, run string) (int, bool) {
	rest, ok := strings.CutPrefix(source, "import:"+run+"#")
	if !ok {
		return 0, false
	}
	row, err := strconv.Atoi(rest)
	return row, err == nil
}

// ImportRun is the record of one import of a file.
type ImportRun struct {
	ID        string
	Kind      string
	FileName  string
	SHA256    string
	Read      int
	Created   int
	Updated   int
	Unchanged int
	Rejected  int
	Status    string
}
