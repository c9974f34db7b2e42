// Package bench measures shebao's bulk paths against two references in the
// same run on the same engine. The raw reference is the engine's native bulk
// method into a bare table with the same primary key and no validation,
// history or audit: the sqlite3 shell's .import (or, without the shell,
// plain multi-row INSERTs in one transaction) on SQLite, COPY FROM STDIN on
// PostgreSQL. The schema floor (floor.go) is the engine writing exactly the
// rows the product wrote, counters included, into the product's real tables
// through the product's driver: the ratio to it is what the product's own
// code costs on top of what the schema needs.
//
// Run it with `go test ./bench -run '^$' -bench ImportPersons -benchtime 1x`
// (SHEBAO_BENCH_ROWS sets the roster size, SHEBAO_TEST_PG adds PostgreSQL);
// docs/BENCHMARKS.md has the measured figures.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the raw loads' driver
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/ingest"
	_ "modernc.org/sqlite" // the raw loads' driver
)

// ImportOptions configure Import.
type ImportOptions struct {
	// Open opens the product's database at a DSN (a SQLite file or a
	// postgres:// URL), migrated: the services over it and what closes it.
	// The bench knows no storage of its own; cmd/shebao and the tests give
	// sqldb's.
	Open Opener
	// Create makes a fresh database on a PostgreSQL server (Server): on a
	// Citus coordinator, on every node of the cluster. cmd/shebao and the
	// tests give sqldb's (sqldb.CreatePostgresDatabase).
	Create PGCreator
	Rows   int       // persons in the generated file (e.g. 1_000_000)
	Server string    // "" = SQLite in a temp dir; or a postgres:// server URL: a fresh database is created and dropped
	Dir    string    // where to put the CSV and SQLite files (default os.MkdirTemp, removed afterwards)
	Log    io.Writer // progress lines; nil for none
	// GoRaw makes the SQLite raw load use the Go multi-row INSERT path even
	// when the sqlite3 shell is on PATH: it loads through the same driver
	// (modernc.org/sqlite) as shebao, where the shell is native C.
	GoRaw bool
	// Seed of the generated roster (0 = a fixed default).
	Seed uint64
}

// ImportResult is one measurement.
type ImportResult struct {
	Engine                    string // "sqlite" or "postgres"
	Rows                      int
	RawSeconds, ShebaoSeconds float64
	RawRowsPerSec             float64
	ShebaoRowsPerSec          float64
	Ratio                     float64 // ShebaoRowsPerSec / RawRowsPerSec
	RawMethod                 string  // "sqlite3 .import", "Go multi-row INSERT (sqlite3 shell not found)", "COPY FROM STDIN"
	// PeakRSSMB is VmHWM of the process after the shebao import, from
	// /proc/self/status. The peak is reset (/proc/self/clear_refs) just
	// before the import where the kernel allows it, so that it is the
	// import's own peak rather than an earlier phase's; PeakReset says
	// whether that worked.
	PeakRSSMB float64
	// PeakAnonMB is the sampled peak of anonymous memory (peakAnonMB).
	PeakAnonMB float64
	PeakReset  bool
	Summary    *ingest.Summary
	// The schema floor (floor.go): the engine writing exactly the rows
	// the import wrote, with the statistics counters, on the real tables;
	// FloorRatio = ShebaoRowsPerSec / FloorRowsPerSec.
	Floor                         *FloorResult
	FloorMethod                   string
	FloorSeconds, FloorRowsPerSec float64
	FloorRatio                    float64
	// CSVBytes is the size of the generated file.
	CSVBytes int64
}

// RawTable is the plain table of the raw load: the roster's columns as text,
// with the registry's primary key.
const RawTable = "bench_raw_persons"

const rawDDL = `CREATE TABLE ` + RawTable + ` (id_no TEXT PRIMARY KEY, name TEXT, sex TEXT, hukou TEXT, region_code TEXT, phone TEXT)`

// Raw methods.
const (
	RawSQLiteShell = "sqlite3 .import"
	RawGoNoShell   = "Go multi-row INSERT (sqlite3 shell not found)"
	RawGoForced    = "Go multi-row INSERT (modernc driver)"
	RawCopy        = "COPY FROM STDIN"
)

// sqlitePragmas are the connection settings of the raw loads, the same as
// sqldb gives its own connections (sqldb/db.go), so that the raw load does
// not win or lose by a different cache or sync level.
var sqlitePragmas = []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)", "cache_size(-32000)"}

// Import generates a roster of o.Rows persons, loads it raw into a fresh
// database and then imports it with ingest.Persons into the same database,
// and reports both rates.
func Import(ctx context.Context, o ImportOptions) (*ImportResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	return e.measure(ctx)
}

// env is one prepared benchmark: a roster file and a fresh shebao database
// with the demo regions.
type env struct {
	o       ImportOptions
	engine  string
	dir     string
	ownDir  bool
	csvPath string
	csvSize int64
	dsn     string      // SQLite file or PostgreSQL database URL
	created *PGDatabase // the PostgreSQL database to drop
	app     *app.App
	closer  io.Closer // of app's store
}

func (e *env) logf(format string, args ...any) {
	if e.o.Log != nil {
		fmt.Fprintf(e.o.Log, "bench %s: "+format+"\n", append([]any{e.engine}, args...)...)
	}
}

// Opener opens the product's database at a DSN.
type Opener func(ctx context.Context, dsn string) (*app.App, io.Closer, error)

// PGDatabase is a fresh database that a PGCreator made for one benchmark.
type PGDatabase struct {
	URL   string // the database's URL (on a cluster, on its coordinator)
	Citus bool   // made on every node of a Citus cluster: Migrate lays the schema out over it
	Drop  func(context.Context) error
}

// PGCreator makes a fresh database called name on the PostgreSQL server
// whose maintenance database serverURL names.
type PGCreator func(ctx context.Context, serverURL, name string) (*PGDatabase, error)

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// admin is the context of the benchmark's writes: the operator's.
func admin(ctx context.Context) context.Context { return shebao.WithActor(ctx, shebao.SystemActor) }

func setup(ctx context.Context, o ImportOptions) (e *env, err error) {
	if o.Rows <= 0 {
		return nil, errors.New("bench: Rows must be positive")
	}
	if o.Seed == 0 {
		o.Seed = defaultSeed
	}
	e = &env{o: o, engine: "sqlite", dir: o.Dir}
	if o.Server != "" {
		if !isPostgres(o.Server) {
			return nil, fmt.Errorf("bench: server %q is not a postgres:// URL", o.Server)
		}
		e.engine = "postgres"
	}
	defer func() {
		if err != nil {
			e.close()
		}
	}()
	if e.dir == "" {
		if e.dir, err = os.MkdirTemp("", "shebao-bench-"); err != nil {
			return e, err
		}
		e.ownDir = true
	} else if err = os.MkdirAll(e.dir, 0o755); err != nil {
		return e, err
	}

	e.csvPath = filepath.Join(e.dir, fmt.Sprintf("persons-%d.csv", o.Rows))
	start := time.Now()
	if err = WritePersonsCSV(e.csvPath, o.Rows, o.Seed); err != nil {
		return e, err
	}
	if st, err := os.Stat(e.csvPath); err == nil {
		e.csvSize = st.Size()
	}
	e.logf("wrote %d rows (%.1f MB) to %s in %.1fs", o.Rows, float64(e.csvSize)/1e6, e.csvPath, time.Since(start).Seconds())

	if e.engine == "postgres" {
		if e.dsn, err = e.createPG(ctx); err != nil {
			return e, err
		}
	} else {
		e.dsn = filepath.Join(e.dir, "shebao.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err = os.Remove(e.dsn + suffix); err != nil && !os.IsNotExist(err) {
				return e, err
			}
		}
		err = nil
	}
	if o.Open == nil {
		return e, errors.New("bench: ImportOptions.Open is not set")
	}
	if e.app, e.closer, err = o.Open(ctx, e.dsn); err != nil {
		return e, err
	}
	if err = SaveRegions(admin(ctx), e.app); err != nil {
		return e, err
	}
	return e, nil
}

// createPG creates a fresh database on the server and returns its URL. On
// a Citus coordinator it is created on every node of the cluster
// (ImportOptions.Create), so that the product's Migrate lays the
// schema out over the cluster and every figure below is the cluster's.
func (e *env) createPG(ctx context.Context) (string, error) {
	if e.o.Create == nil {
		return "", errors.New("bench: ImportOptions.Create is not set")
	}
	var b [6]byte
	rand.Read(b[:])
	created, err := e.o.Create(ctx, e.o.Server, "shebao_bench_"+hex.EncodeToString(b[:]))
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	e.created = created
	if created.Citus {
		e.logf("the server is a Citus coordinator: the database is on every node of the cluster")
	}
	return created.URL, nil
}

func (e *env) close() {
	if e.closer != nil {
		e.closer.Close()
		e.app, e.closer = nil, nil
	}
	if e.created != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := e.created.Drop(ctx); err != nil {
			e.logf("%v", err)
		}
		e.created = nil
	}
	if e.ownDir && e.dir != "" {
		os.RemoveAll(e.dir)
		e.dir = ""
	}
}

// measure runs the raw load and then the shebao import.
func (e *env) measure(ctx context.Context) (*ImportResult, error) {
	res := &ImportResult{Engine: e.engine, Rows: e.o.Rows, CSVBytes: e.csvSize}
	var err error
	e.logf("raw load…")
	res.RawMethod, res.RawSeconds, err = e.bulkLoad(ctx, rawLoad)
	if err != nil {
		return nil, fmt.Errorf("bench: raw load (%s): %w", res.RawMethod, err)
	}
	res.RawRowsPerSec = float64(e.o.Rows) / res.RawSeconds
	e.logf("raw load (%s): %d rows in %.2fs = %.0f rows/s", res.RawMethod, e.o.Rows, res.RawSeconds, res.RawRowsPerSec)
	written := importFloor
	if err := e.floorBefore(ctx, written); err != nil {
		return nil, err
	}
	restore, err := e.floorQuiet(ctx, written)
	if err != nil {
		return nil, err
	}

	res.PeakReset = resetPeakRSS()
	opt := ingest.Options{}
	if e.o.Log != nil {
		step := max(e.o.Rows/10, 1)
		next := step
		start := time.Now()
		opt.Progress = func(read int, _, _ int64) {
			if read >= next {
				e.logf("import: %d rows, %.0f rows/s", read, float64(read)/time.Since(start).Seconds())
				next += step
			}
		}
	}
	start := time.Now()
	sum, err := ingest.Persons(admin(ctx), e.app, e.csvPath, opt)
	res.ShebaoSeconds = time.Since(start).Seconds()
	restore()
	res.Summary = sum
	if err != nil {
		return res, fmt.Errorf("bench: import: %w", err)
	}
	res.PeakRSSMB, res.PeakAnonMB = peakRSSMB(), peakAnonMB()
	if sum.Created != e.o.Rows || sum.Rejected != 0 {
		first := ""
		if len(sum.Errors) > 0 {
			first = fmt.Sprintf(" (first error: row %d %s: %s)", sum.Errors[0].Row, sum.Errors[0].Field, sum.Errors[0].Reason)
		}
		return res, fmt.Errorf("bench: import created %d of %d rows, rejected %d%s", sum.Created, e.o.Rows, sum.Rejected, first)
	}
	res.ShebaoRowsPerSec = float64(e.o.Rows) / res.ShebaoSeconds
	res.Ratio = res.ShebaoRowsPerSec / res.RawRowsPerSec
	e.logf("shebao import: %d rows in %.2fs = %.0f rows/s; ratio %.2f; peak RSS %.0f MB",
		e.o.Rows, res.ShebaoSeconds, res.ShebaoRowsPerSec, res.Ratio, res.PeakRSSMB)
	if res.Floor, err = e.floor(ctx, written); err != nil {
		return res, err
	}
	if !res.Floor.Same || res.Floor.Rows["persons"] != e.o.Rows {
		return res, fmt.Errorf("bench: the schema floor wrote other rows than the import: %+v", res.Floor)
	}
	res.FloorMethod, res.FloorSeconds = res.Floor.Method, res.Floor.Seconds
	res.FloorRowsPerSec = float64(e.o.Rows) / res.FloorSeconds
	res.FloorRatio = res.ShebaoRowsPerSec / res.FloorRowsPerSec
	e.logf("schema floor: %d rows in %.2fs = %.0f rows/s; import ÷ floor %.2f", e.o.Rows, res.FloorSeconds, res.FloorRowsPerSec, res.FloorRatio)
	return res, nil
}

// load is one bulk load of the roster: the target table, its untimed DDL,
// and for the sqlite3 shell (whose .import cannot name columns) a plain
// staging table to import into before an INSERT … SELECT into the target.
type load struct {
	table string
	ddl   []string
	stage string
	// The file and its shape; empty: the roster (e.csvPath, its six
	// columns, ImportOptions.Rows rows) loaded into table.
	path    string
	columns string // target columns of the file's fields
	cols    int
	rows    int
	into    string   // the table the file is loaded into by every method (default table)
	after   []string // statements run after the file is in, timed with it (into → table)
}

func (l load) file(e *env) string {
	if l.path != "" {
		return l.path
	}
	return e.csvPath
}

func (l load) fields() (string, int) {
	if l.columns != "" {
		return l.columns, l.cols
	}
	return csvColumns, 6
}

func (l load) count(e *env) int {
	if l.rows > 0 {
		return l.rows
	}
	return e.o.Rows
}

func (l load) target() string {
	if l.into != "" {
		return l.into
	}
	return l.table
}

var rawLoad = load{table: RawTable, ddl: []string{rawDDL}}

// importFloor are the tables the person import writes: the persons
// (the table is empty before) and the statistics counters. Its audit
// entries (one per chunk of 10,000) and its import run row are not
// replayed.
var importFloor = append([]floorTable{{table: "persons"}}, countersFloor...)

// csvColumns are the target columns of the roster's six fields.
const csvColumns = "id_no, name, sex, hukou, region_code, phone"

// bulkLoad runs one load on the engine and returns its method and timing.
// Shebao's connections are closed meanwhile, so that the sqlite3 shell has
// the file to itself.
func (e *env) bulkLoad(ctx context.Context, l load) (method string, secs float64, err error) {
	if e.engine == "postgres" {
		return e.loadPG(ctx, l)
	}
	if err := e.closer.Close(); err != nil {
		return "", 0, err
	}
	e.app, e.closer = nil, nil
	defer func() {
		a, c, oerr := e.o.Open(ctx, e.dsn)
		if oerr != nil && err == nil {
			err = oerr
		}
		e.app, e.closer = a, c
	}()
	shell, lookErr := exec.LookPath("sqlite3")
	switch {
	case e.o.GoRaw:
		method = RawGoForced
	case lookErr != nil:
		method = RawGoNoShell
	default:
		method = RawSQLiteShell
	}
	if method == RawSQLiteShell {
		secs, err = e.loadSQLiteShell(ctx, shell, l)
	} else {
		secs, err = e.loadSQLiteGo(ctx, l)
	}
	if err != nil {
		return method, 0, err
	}
	// Count outside the timing: every row must be there.
	conn, err := sql.Open("sqlite", "file:"+e.dsn+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return method, 0, err
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM `+l.table).Scan(&n); err != nil {
		return method, 0, err
	}
	if n != l.count(e) {
		return method, 0, fmt.Errorf("%s holds %d rows, want %d", l.table, n, l.count(e))
	}
	if l.stage != "" && method == RawSQLiteShell {
		if _, err := conn.ExecContext(ctx, `DROP TABLE `+l.stage); err != nil {
			return method, 0, err
		}
	}
	return method, secs, nil
}

// loadPG creates the table and COPYs the file into it.
func (e *env) loadPG(ctx context.Context, l load) (string, float64, error) {
	conn, err := pgx.Connect(ctx, e.dsn)
	if err != nil {
		return RawCopy, 0, err
	}
	defer conn.Close(context.Background())
	for _, q := range l.ddl {
		if _, err := conn.Exec(ctx, q); err != nil {
			return RawCopy, 0, err
		}
	}
	f, err := os.Open(l.file(e))
	if err != nil {
		return RawCopy, 0, err
	}
	defer f.Close()
	columns, _ := l.fields()
	start := time.Now()
	tag, err := conn.PgConn().CopyFrom(ctx, f, `COPY `+l.target()+` (`+columns+`) FROM STDIN WITH (FORMAT csv, HEADER true)`)
	if err != nil {
		return RawCopy, 0, err
	}
	for _, q := range l.after {
		if _, err := conn.Exec(ctx, q); err != nil {
			return RawCopy, 0, err
		}
	}
	secs := time.Since(start).Seconds()
	if n := tag.RowsAffected(); n != int64(l.count(e)) {
		return RawCopy, 0, fmt.Errorf("COPY loaded %d rows, want %d", n, l.count(e))
	}
	return RawCopy, secs, nil
}

func (e *env) loadSQLiteShell(ctx context.Context, shell string, l load) (float64, error) {
	path := l.file(e)
	if strings.ContainsAny(path, "\"\\\n") {
		return 0, fmt.Errorf("path %q cannot be quoted for the sqlite3 shell", path)
	}
	// The tables first, untimed.
	ddl := strings.Join(l.ddl, ";\n") + ";"
	if l.stage != "" {
		ddl += strings.Replace(rawDDL, RawTable, l.stage, 1) + ";"
	}
	if out, err := exec.CommandContext(ctx, shell, "-bail", e.dsn, ddl).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("%s: %v: %s", shell, err, out)
	}
	var script strings.Builder
	for _, p := range sqlitePragmas {
		name, arg, _ := strings.Cut(strings.TrimSuffix(p, ")"), "(")
		fmt.Fprintf(&script, "PRAGMA %s=%s;\n", name, arg)
	}
	script.WriteString(".mode csv\n")
	if l.stage == "" {
		fmt.Fprintf(&script, ".import --skip 1 \"%s\" %s\n", path, l.target())
	} else {
		fmt.Fprintf(&script, ".import --skip 1 \"%s\" %s\n", path, l.stage)
		fmt.Fprintf(&script, "INSERT INTO %s (%s) SELECT * FROM %s;\n", l.table, csvColumns, l.stage)
	}
	for _, q := range l.after {
		script.WriteString(q + ";\n")
	}
	cmd := exec.CommandContext(ctx, shell, "-bail", e.dsn)
	cmd.Stdin = strings.NewReader(script.String())
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	if err != nil || stderr.Len() > 0 {
		return 0, fmt.Errorf("%s .import: %v: %s", shell, err, strings.TrimSpace(stderr.String()))
	}
	return secs, nil
}

// loadSQLiteGo is the shell's .import done in Go: one transaction, prepared
// multi-row INSERTs of 500 rows, no validation.
func (e *env) loadSQLiteGo(ctx context.Context, l load) (float64, error) {
	var params []string
	for _, p := range sqlitePragmas {
		params = append(params, "_pragma="+p)
	}
	db, err := sql.Open("sqlite", "file:"+e.dsn+"?"+strings.Join(params, "&")+"&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range l.ddl {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	const batch = 500
	columns, cols := l.fields()
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	insert := func(n int) string {
		return "INSERT INTO " + l.target() + " (" + columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
	}

	f, err := os.Open(l.file(e))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	start := time.Now()
	cr := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
	cr.FieldsPerRecord = cols
	if _, err := cr.Read(); err != nil { // header
		return 0, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	full, err := tx.PrepareContext(ctx, insert(batch))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	args := make([]any, 0, batch*cols)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var err error
		if len(args) == batch*cols {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insert(len(args)/cols), args...)
		}
		args = args[:0]
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		for _, c := range rec {
			args = append(args, c)
		}
		if len(args) == batch*cols {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	for _, q := range l.after {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return time.Since(start).Seconds(), nil
}

// resetPeakRSS resets the kernel's peak-RSS mark of the process (Linux ≥ 4.0)
// and reports whether it could; it also restarts the sampled peak of
// anonymous memory (peakAnonMB). First it returns the heap the set-up
// left behind to the system: the Go runtime keeps freed memory resident
// for minutes, and a peak measured from there counted the set-up's
// garbage as the timed phase's (VmHWM of 2.3 GB for the assessment of
// 1,000,000 employees on SQLite, after a set-up that generated them).
func resetPeakRSS() bool {
	debug.FreeOSMemory()
	anonOnce.Do(func() { go sampleAnon() })
	anonPeakKB.Store(statusKB("RssAnon:"))
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// The peak of the process's anonymous memory (RssAnon), sampled every
// 10 ms from the first resetPeakRSS on. VmHWM counts every resident page,
// the pages of the SQLite file mapped by sqldb's mmap_size (up to 1 GiB)
// among them: those are the file's page cache, which the kernel reclaims,
// not memory the process holds. The "< 512 MB at 1M rows" of issue #20 is
// read on this figure; VmHWM is reported next to it.
var (
	anonOnce   sync.Once
	anonPeakKB atomic.Int64
)

func sampleAnon() {
	for {
		v := statusKB("RssAnon:")
		for {
			old := anonPeakKB.Load()
			if v <= old || anonPeakKB.CompareAndSwap(old, v) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// peakAnonMB is the sampled peak of anonymous memory since the last
// resetPeakRSS, in MB (10^6 bytes), or 0 where /proc/self/status is not.
func peakAnonMB() float64 {
	return float64(max(anonPeakKB.Load(), statusKB("RssAnon:"))) * 1024 / 1e6
}

// statusKB is the field of /proc/self/status starting with key, in kB.
func statusKB(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb
			}
		}
	}
	return 0
}

// peakRSSMB returns VmHWM from /proc/self/status in MB (10^6 bytes), or 0
// where there is no such file.
func peakRSSMB() float64 {
	return float64(statusKB("VmHWM:")) * 1024 / 1e6
}

// analyze gathers PostgreSQL's planner statistics after a set-up, untimed,
// as autovacuum does within a minute of a bulk load: without them the
// planner takes freshly loaded tables for nearly empty and nests loops
// (the assessment ran at 842 lines/s at 2,000 employees instead of
// 30,000). SQLite has no such statistics unless ANALYZE is run, and sqldb
// does not run it; nothing to do there.
func (e *env) analyze(ctx context.Context) error {
	if e.engine != "postgres" {
		return nil
	}
	return e.execRaw(ctx, `ANALYZE`)
}
