package sqldb

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSQLiteMmap: both of an SQLite database's pools read the file through
// a memory map of 1 GiB (issue #15: the page cache a write invalidates is
// not re-read by system calls on every page view). SQLite only: the
// PostgreSQL server keeps its own shared buffers.
func TestSQLiteMmap(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "mmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		q    func() (int64, error)
	}{
		{"read", func() (n int64, err error) { err = db.read.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&n); return }},
		{"write", func() (n int64, err error) { err = db.write.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&n); return }},
	} {
		n, err := c.q()
		if err != nil || n != 1<<30 {
			t.Errorf("%s pool: mmap_size %d, %v; want %d", c.name, n, err, 1<<30)
		}
	}
}
