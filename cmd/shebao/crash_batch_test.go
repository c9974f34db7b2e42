package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/bench"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The crash tests of the batch runs: `shebao run assessment` and `shebao
// run interest` are killed with SIGKILL at random points, then run again
// until one finishes; the books must end exactly as after one uninterrupted
// run on a copy of the same data, balanced, with the audit chain intact.

// crashDigestQueries are the state a batch run leaves behind, in a fixed
// order, without timestamps, run ids or other per-run values.
var crashDigestQueries = []digestQuery{
	{"bill_lines", `SELECT employer_uscc, period, id_no, scheme, declared, base, floor_base, ceiling_base, avg_wage,
		employer_rate, individual_rate, employer_amount, individual_amount, account_amount, basis
		FROM bill_lines ORDER BY employer_uscc, period, id_no, scheme`},
	{"bills", `SELECT payer_kind, payer, period, region_code, basis, due_date, employer_total, individual_total, total, paid, lines
		FROM bills ORDER BY payer_kind, payer, period`},
	{"batch_runs", `SELECT kind, period, status FROM batch_runs ORDER BY kind, period`},
	{"journal_entries", `SELECT fund, posted, kind, source, description, digest FROM journal_entries ORDER BY fund, kind, source`},
	{"journal_lines", `SELECT e.fund, e.kind, e.source, l.line_no, l.account, l.posted, l.debit, l.credit, l.memo
		FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id ORDER BY e.fund, e.kind, e.source, l.line_no`},
	{"account_movements", `SELECT fund, id_no, kind, source, moved_on, amount FROM account_movements ORDER BY fund, id_no, kind, source`},
	{"individual_accounts", `SELECT fund, id_no, balance, opened FROM individual_accounts ORDER BY fund, id_no`},
}

// crashTotals are sums shown when two states differ, and logged.
const crashTotals = `SELECT
	(SELECT COUNT(*) FROM bill_lines), (SELECT COALESCE(SUM(employer_amount + individual_amount), 0) FROM bill_lines),
	(SELECT COUNT(*) FROM bills), (SELECT COALESCE(SUM(total), 0) FROM bills),
	(SELECT COUNT(*) FROM journal_entries), (SELECT COALESCE(SUM(credit), 0) FROM journal_lines),
	(SELECT COUNT(*) FROM account_movements), (SELECT COALESCE(SUM(balance), 0) FROM individual_accounts)`

// rawOpen opens a plain database/sql handle on a shebao database.
func rawOpen(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if sqldb.IsPostgresDSN(dsn) {
		db, err = sql.Open("pgx", dsn)
	} else {
		db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// digestQuery is one table of a crash test's state: a query in a fixed
// order, without timestamps, run ids or other per-run values.
type digestQuery struct{ name, q string }

// digestTables runs the queries and returns, per query, its row count and
// a hash of its rows: two databases in the same state digest the same.
func digestTables(t *testing.T, db *sql.DB, queries []digestQuery) map[string]string {
	t.Helper()
	state := map[string]string{}
	for _, dq := range queries {
		rows, err := db.Query(dq.q)
		if err != nil {
			t.Fatalf("%s: %v", dq.name, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		h := sha256.New()
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v\x1f", v)
			}
			h.Write([]byte{'\n'})
			n++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		state[dq.name] = fmt.Sprintf("%d rows %s", n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	return state
}

// copyDatabase returns a copy of the engine's database as it is now: the
// SQLite file (and its WAL) copied, or a PostgreSQL database made from it
// as a template (dropped when the test ends). suffix names the copy.
func copyDatabase(t *testing.T, eng sqldbtest.Engine, suffix string) string {
	t.Helper()
	if eng.Name == "sqlite" {
		cp := filepath.Join(t.TempDir(), suffix+".db")
		for _, ext := range []string{"", "-wal"} {
			b, err := os.ReadFile(eng.DSN + ext)
			if os.IsNotExist(err) && ext != "" {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cp+ext, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return cp
	}
	u, err := url.Parse(eng.DSN)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.TrimPrefix(u.Path, "/")
	name := src + "_" + suffix
	admin, err := sql.Open("pgx", os.Getenv(sqldbtest.EnvPG))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + src); err != nil {
		t.Fatalf("copy database: %v", err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", os.Getenv(sqldbtest.EnvPG)); err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	u.Path = "/" + name
	return u.String()
}

// killDelay is when to kill attempt number attempt of a run that took
// took uninterrupted: lead after the start plus a random part of took. The
// first attempt dies early (within a fifth), whatever the machine's speed:
// once an attempt has finished, the later ones find nothing left to do and
// end before any kill.
func killDelay(r *rand.Rand, took, lead time.Duration, attempt int) time.Duration {
	if attempt == 0 {
		return lead + time.Duration(r.Int64N(int64(took/5)))
	}
	return lead + time.Duration(r.Int64N(int64(took)))
}

// batchState digests the tables of crashDigestQueries, one hash each, and
// returns the totals for messages.
func batchState(t *testing.T, dsn string) (map[string]string, string) {
	t.Helper()
	db := rawOpen(t, dsn)
	defer db.Close()
	state := digestTables(t, db, crashDigestQueries)
	var tot [8]int64
	if err := db.QueryRow(crashTotals).Scan(&tot[0], &tot[1], &tot[2], &tot[3], &tot[4], &tot[5], &tot[6], &tot[7]); err != nil {
		t.Fatal(err)
	}
	totals := fmt.Sprintf("bill_lines %d (%s), bills %d (%s), entries %d (credits %s), movements %d, account balances %s",
		tot[0], shebao.Money(tot[1]), tot[2], shebao.Money(tot[3]), tot[4], shebao.Money(tot[5]), tot[6], shebao.Money(tot[7]))
	return state, totals
}

// checkBooks runs `shebao ledger check --json` and verifies the audit chain.
func checkBooks(t *testing.T, run func(dsn string, args ...string) *exec.Cmd, dsn string) {
	t.Helper()
	out, err := run(dsn, "ledger", "check", "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("ledger check: %v\n%s", err, out)
	}
	var res shebao.LedgerCheck
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("ledger check --json: %v\n%s", err, out)
	}
	if !res.Balanced || len(res.Problems) != 0 {
		t.Fatalf("ledger not balanced: %s", out)
	}
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ok, bad, err := db.VerifyAudit(ctx); err != nil || !ok {
		t.Fatalf("audit chain broken at seq %d: %v", bad, err)
	}
}

// crashPrepare builds a database on eng with prepare and returns it and an
// identical copy: a second SQLite file, or a PostgreSQL database created
// from the first as its template.
func crashPrepare(t *testing.T, eng sqldbtest.Engine, prepare func(ctx context.Context, db *sqldb.DB, dir string) error) (string, string) {
	t.Helper()
	ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
	start := time.Now()
	db, err := sqldb.Open(ctx, eng.DSN)
	if err != nil {
		t.Fatal(err)
	}
	if err := bench.SaveRegions(ctx, app.New(db)); err != nil {
		t.Fatal(err)
	}
	if err := prepare(ctx, db, t.TempDir()); err != nil {
		db.Close()
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if eng.Name == "postgres" {
		// Statistics, as autovacuum gathers them within a minute of a bulk
		// load: without them the planner takes the assessment's joins for
		// one row each and nests loops (6 s instead of 0.4 s for 12,000
		// lines).
		raw := rawOpen(t, eng.DSN)
		_, err := raw.Exec(`ANALYZE`)
		raw.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("prepared in %.1fs", time.Since(start).Seconds())
	return eng.DSN, copyDatabase(t, eng, "copy")
}

// crashStep is one batch command of a crash test.
type crashStep struct {
	args []string
	// before, when set, changes the data before the step (on both
	// databases, in the same way).
	before func(ctx context.Context, db *sqldb.DB) error
	// check, when set, inspects the --json output of the run that finished.
	check func(t *testing.T, out []byte)
	// firstOnly: check only the uninterrupted run's output; a killed attempt
	// may have committed the step's work just before the kill, leaving the
	// final run nothing to report.
	firstOnly bool
}

// crashRun runs the steps uninterrupted on ref, then on dsn kills each
// step `kills` times at random points (within the time the uninterrupted
// run took) before letting it finish, and compares the final states.
func crashRun(t *testing.T, bin, ref, dsn string, kills int, steps []crashStep) {
	t.Helper()
	run := func(dsn string, args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--db", dsn}, args...)...)
		cmd.Env = append(os.Environ(), "SHEBAO_DB=")
		return cmd
	}
	before := func(s crashStep, dsn string) {
		if s.before == nil {
			return
		}
		ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := s.before(ctx, db); err != nil {
			t.Fatalf("before %v: %v", s.args, err)
		}
	}
	var took []time.Duration
	for _, s := range steps {
		before(s, ref)
		start := time.Now()
		out, err := run(ref, append(s.args, "--json")...).Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", s.args, err, out)
		}
		if s.check != nil {
			s.check(t, out)
		}
		took = append(took, time.Since(start))
		t.Logf("uninterrupted %v: %.2fs", s.args, took[len(took)-1].Seconds())
	}
	want, wantTotals := batchState(t, ref)
	checkBooks(t, run, ref)

	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	for i, s := range steps {
		before(s, dsn)
		killed := 0
		for attempt := 0; attempt < kills; attempt++ {
			// A point in the run: from just after the start (opening the
			// database, the first statements) to near its end.
			delay := killDelay(r, took[i], took[i]/20, attempt)
			cmd := run(dsn, append(s.args, "--json")...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%v (not killed): %v", s.args, err)
				}
			case <-time.After(delay):
				cmd.Process.Signal(syscall.SIGKILL)
				if err := <-done; err != nil {
					killed++
				}
			}
		}
		_, partial := batchState(t, dsn)
		out, err := run(dsn, append(s.args, "--json")...).Output()
		if err != nil {
			t.Fatalf("%v after %d kills: %v\n%s", s.args, killed, err, out)
		}
		// What the final run reports depends on whether an attempt ran to
		// its end before it (then that attempt did the work): its output
		// is checked only after kills alone; the state is compared always.
		if s.check != nil && killed == kills && !s.firstOnly {
			s.check(t, out)
		}
		t.Logf("%v: %d of %d runs killed; before the final run: %s", s.args, killed, kills, partial)
		if killed == 0 {
			t.Errorf("%v: no run was killed (the uninterrupted run took %v)", s.args, took[i])
		}
	}
	got, gotTotals := batchState(t, dsn)
	for _, dq := range crashDigestQueries {
		if got[dq.name] != want[dq.name] {
			t.Errorf("%s: %s after the kills, %s uninterrupted", dq.name, got[dq.name], want[dq.name])
		}
	}
	if t.Failed() {
		t.Fatalf("after the kills: %s\nuninterrupted:   %s", gotTotals, wantTotals)
	}
	checkBooks(t, run, dsn)
	t.Logf("final state equals the uninterrupted run: %s", gotTotals)
}

// TestAssessmentSurvivesSIGKILL kills `shebao run assessment` for two
// months (the second with undeclared employers billed from the first's
// lines), then a re-assessment after changed declarations.
func TestAssessmentSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and assesses 3,000 employees")
	}
	bin := buildBinary(t)
	const employees = 3000
	months := []shebao.Period{"2025-03", "2025-04"}
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ref, dsn := crashPrepare(t, eng, func(ctx context.Context, db *sqldb.DB, dir string) error {
				if err := bench.PreparePersons(ctx, app.New(db), dir, employees, 7); err != nil {
					return err
				}
				return bench.PrepareAssessment(ctx, app.New(db), employees, months...)
			})
			var steps []crashStep
			for _, m := range months {
				steps = append(steps, crashStep{args: []string{"run", "assessment", "--month", string(m)}, check: func(t *testing.T, out []byte) {
					var res shebao.AssessResult
					if err := json.Unmarshal(out, &res); err != nil {
						t.Fatalf("%v: %s", err, out)
					}
					if res.Employers != employees/50 || res.Lines == 0 {
						t.Errorf("%s: %d employers, %d lines", m, res.Employers, res.Lines)
					}
					if m == months[1] && len(res.Undeclared) != employees/50/10 {
						t.Errorf("%s: %d undeclared employers, want %d", m, len(res.Undeclared), employees/50/10)
					}
				}})
			}
			// Corrected declarations of March for the first five employers:
			// the re-assessment compares, and rewrites their five bills.
			steps = append(steps, crashStep{args: []string{"run", "assessment", "--month", string(months[0])}, firstOnly: true,
				before: func(ctx context.Context, db *sqldb.DB) error {
					var ds []shebao.Declaration
					for i := range 5 {
						ns, _, err := db.FindEnrollments(ctx, shebao.EnrollmentFilter{Scheme: "110", Employer: bench.AssessmentEmployer(i), Limit: 1000})
						if err != nil {
							return err
						}
						for _, n := range ns {
							ds = append(ds, shebao.Declaration{Employer: n.Employer, Period: months[0], IDNo: n.IDNo, Wage: 1234567})
						}
					}
					_, errs, err := app.New(db).Collect.ImportDeclarations(ctx, "correction", ds)
					for _, e := range errs {
						if e != nil {
							return e
						}
					}
					return err
				},
				check: func(t *testing.T, out []byte) {
					var res shebao.AssessResult
					if err := json.Unmarshal(out, &res); err != nil {
						t.Fatalf("%v: %s", err, out)
					}
					if res.Rewritten != 5 {
						t.Errorf("re-assessment rewrote %d bills, want 5 (%s)", res.Rewritten, out)
					}
				}})
			crashRun(t, bin, ref, dsn, 3, steps)
		})
	}
}

// TestInterestSurvivesSIGKILL kills `shebao run interest` while it credits
// 30,000 accounts in chunks of 10,000, each its own transaction.
func TestInterestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and credits 30,000 accounts")
	}
	bin := buildBinary(t)
	const accounts = 30000
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			ref, dsn := crashPrepare(t, eng, func(ctx context.Context, db *sqldb.DB, dir string) error {
				if err := bench.PreparePersons(ctx, app.New(db), dir, accounts, 7); err != nil {
					return err
				}
				return bench.PrepareInterest(ctx, app.New(db), accounts)
			})
			crashRun(t, bin, ref, dsn, 4, []crashStep{{args: []string{"run", "interest", "--year", "2024"}, check: func(t *testing.T, out []byte) {
				var res shebao.InterestResult
				if err := json.Unmarshal(out, &res); err != nil {
					t.Fatalf("%v: %s", err, out)
				}
				if res.Accounts != accounts || res.Total <= 0 {
					t.Errorf("final run: %d accounts, total %s", res.Accounts, res.Total)
				}
				t.Logf("the final run credited %d of %d accounts", res.Credited, res.Accounts)
			}}})
		})
	}
}
