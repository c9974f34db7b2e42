package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// buildBinary builds the shebao command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "shebao")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// registryDigest summarises the persons table: what an import must leave
// the same whether or not it was interrupted.
func registryDigest(t *testing.T, dsn string) (int, string) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := sha256.New()
	n := 0
	for offset := 0; ; offset += 1000 {
		ps, total, err := db.FindPersons(ctx, shebao.PersonFilter{Limit: 1000, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s|%s|%d\n", p.IDNo, p.Name, p.Sex, p.Birth, p.Hukou, p.Region, p.Phone, p.Status, p.Version)
			n++
		}
		if offset+1000 >= total {
			break
		}
	}
	if ok, bad, err := db.VerifyAudit(ctx); err != nil || !ok {
		t.Fatalf("audit chain broken after the crash at seq %d: %v", bad, err)
	}
	return n, hex.EncodeToString(h.Sum(nil))
}

// TestImportSurvivesSIGKILL kills `shebao import persons` at random points
// and runs it again: the registry ends exactly as after an uninterrupted
// import, nobody is created twice, and the audit chain holds.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 40,000 rows")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	const rows = 40000
	csv := filepath.Join(dir, "persons.csv")
	if err := bench.WritePersonsCSV(csv, rows, 7); err != nil {
		t.Fatal(err)
	}
	run := func(dsn string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--db", dsn}, args...)...)
		cmd.Env = append(os.Environ(), "SHEBAO_DB=")
		return cmd
	}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			// The reference: an uninterrupted import into its own database.
			ref := eng.DSN
			if eng.Name == "sqlite" {
				ref = filepath.Join(t.TempDir(), "ref.db")
			} else {
				ref = sqldbtest.PostgresDSN(t)
			}
			if out, err := run(ref, "demo", "--no-serve", "--persons", "0").CombinedOutput(); err != nil {
				t.Fatalf("%v %s", err, out)
			}
			// The demo's own few persons (e.g. its land roster) come first.
			base, _ := registryDigest(t, ref)
			if out, err := run(ref, "import", "persons", csv).CombinedOutput(); err != nil {
				t.Fatalf("%v %s", err, out)
			}
			wantN, want := registryDigest(t, ref)
			if wantN != base+rows {
				t.Fatalf("reference has %d persons, want %d + %d", wantN, base, rows)
			}

			if out, err := run(eng.DSN, "demo", "--no-serve", "--persons", "0").CombinedOutput(); err != nil {
				t.Fatalf("%v %s", err, out)
			}
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
			kills := 0
			for attempt := 0; attempt < 3; attempt++ {
				cmd := run(eng.DSN, "import", "persons", csv)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				delay := time.Duration(200+r.IntN(1500)) * time.Millisecond
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-done:
				case <-time.After(delay):
					cmd.Process.Signal(syscall.SIGKILL)
					<-done
					kills++
				}
			}
			out, err := run(eng.DSN, "import", "persons", csv, "--json").CombinedOutput()
			if err != nil {
				t.Fatalf("final run: %v %s", err, out)
			}
			if !strings.Contains(string(out), `"rejected": 0`) || !strings.Contains(string(out), `"updated": 0`) {
				t.Errorf("final run after %d kills: %s", kills, out)
			}
			// Killed runs are marked interrupted by the run that completed them.
			if n := runningImports(t, eng.DSN); n != 0 {
				t.Errorf("%d import runs still marked running", n)
			}
			gotN, got := registryDigest(t, eng.DSN)
			if gotN != wantN || got != want {
				t.Fatalf("after %d kills: %d persons, digest %s; uninterrupted: %d, %s", kills, gotN, got, wantN, want)
			}
			t.Logf("%d kills, final state equals the uninterrupted import", kills)
		})
	}
}

// runningImports counts import runs left in status running.
func runningImports(t *testing.T, dsn string) int {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountImportRuns(ctx, "running")
	if err != nil {
		t.Fatal(err)
	}
	return n
}
