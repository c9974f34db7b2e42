package shebao

import "strconv"

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
