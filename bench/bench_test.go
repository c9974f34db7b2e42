package bench

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/ingest"
)

// envPG names the PostgreSQL server (as for sqldbtest); envRows overrides
// the benchmark's roster size.
const (
	envPG   = "SHEBAO_TEST_PG"
	envRows = "SHEBAO_BENCH_ROWS"
)

func benchRows(b *testing.B) int {
	n := 20_000
	if s := os.Getenv(envRows); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("%s=%q: want a positive number", envRows, s)
		}
		n = v
	}
	return n
}

// BenchmarkImportPersons imports a generated roster of SHEBAO_BENCH_ROWS
// persons (default 20,000) on SQLite, and on PostgreSQL when SHEBAO_TEST_PG
// names a server, and reports shebao's rate, its ratio to the raw load's and
// the peak RSS. Every iteration is a whole fresh run, so use -benchtime 1x:
//
//	SHEBAO_BENCH_ROWS=1000000 go test ./bench -run '^$' -bench ImportPersons -benchtime 1x -timeout 2h
func BenchmarkImportPersons(b *testing.B) {
	rows := benchRows(b)
	b.Run("sqlite", func(b *testing.B) { benchImport(b, "", rows) })
	b.Run("postgres", func(b *testing.B) {
		srv := os.Getenv(envPG)
		if srv == "" {
			b.Skipf("%s is not set", envPG)
		}
		benchImport(b, srv, rows)
	})
}

func benchImport(b *testing.B, server string, rows int) {
	var n int
	var rate, raw, ratio, floorRatio, peak float64
	for b.Loop() {
		res, err := Import(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Dir: b.TempDir(), Log: benchLog(b)})
		if err != nil {
			b.Fatal(err)
		}
		n++
		rate += res.ShebaoRowsPerSec
		raw += res.RawRowsPerSec
		ratio += res.Ratio
		floorRatio += res.FloorRatio
		peak = max(peak, res.PeakRSSMB)
		b.Logf("%s %d rows: raw (%s) %.0f rows/s, schema floor %.0f rows/s, shebao %.0f rows/s, ratio %.3f (to floor %.3f), peak RSS %.0f MB",
			res.Engine, res.Rows, res.RawMethod, res.RawRowsPerSec, res.FloorRowsPerSec, res.ShebaoRowsPerSec, res.Ratio, res.FloorRatio, res.PeakRSSMB)
	}
	b.ReportMetric(rate/float64(n), "rows/s")
	b.ReportMetric(raw/float64(n), "raw-rows/s")
	b.ReportMetric(ratio/float64(n), "raw-ratio")
	b.ReportMetric(floorRatio/float64(n), "floor-ratio")
	b.ReportMetric(peak, "peakRSS-MB")
}

// benchLog sends progress lines to stderr under -v.
func benchLog(b *testing.B) io.Writer {
	if testing.Verbose() {
		return os.Stderr
	}
	return nil
}

func TestWritePersonsCSV(t *testing.T) {
	if g := gcd(birthStride, birthDays); g != 1 {
		t.Fatalf("birthStride %d and birthDays %d share the factor %d: birth dates would repeat", birthStride, birthDays, g)
	}
	dir := t.TempDir()
	const rows = 5_000 // five birth days' worth of numbers
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, p := range []string{a, b} {
		if err := WritePersonsCSV(p, rows, 7); err != nil {
			t.Fatal(err)
		}
	}
	if fileHash(t, a) != fileHash(t, b) {
		t.Fatal("two files of the same seed differ")
	}
	f, err := os.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != rows+1 {
		t.Fatalf("%d records, want %d", len(recs), rows+1)
	}
	for i, h := range PersonsHeader {
		if recs[0][i] != h {
			t.Fatalf("header %q, want %q", recs[0], PersonsHeader)
		}
	}
	seen := map[string]int{}
	today := shebao.Today()
	phones := 0
	for i, r := range recs[1:] {
		id, err := idno.ParseID(r[0], today)
		if err != nil {
			t.Fatalf("row %d: %s: %v", i+2, r[0], err)
		}
		if first, dup := seen[id.Number]; dup {
			t.Fatalf("row %d repeats the number of row %d", i+2, first)
		}
		seen[id.Number] = i + 2
		if r[2] != "" && r[2] != id.SexName() {
			t.Fatalf("row %d: sex %s, number says %s", i+2, r[2], id.SexName())
		}
		if r[5] != "" {
			phones++
		}
	}
	if phones < rows/5 || phones > rows/2 {
		t.Errorf("%d of %d rows have a phone", phones, rows)
	}
	// The last possible row is still a valid, distinct number.
	last, _ := personID(MaxRows - 1)
	if _, err := idno.ParseID(last, today); err != nil {
		t.Errorf("row %d: %s: %v", MaxRows-1, last, err)
	}
	if err := WritePersonsCSV(filepath.Join(dir, "c.csv"), MaxRows+1, 1); err == nil {
		t.Error("more rows than numbers: no error")
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestImportSmall runs the whole measurement on 2,000 rows on every engine
// (SQLite with the shell and with the Go raw load; PostgreSQL when
// SHEBAO_TEST_PG is set, and under CI=true it must be), then imports the
// file a second time: every row must be unchanged.
func TestImportSmall(t *testing.T) {
	const rows = 2_000
	type engine struct {
		name   string
		server string
		goRaw  bool
	}
	engines := []engine{{name: "sqlite-go", goRaw: true}}
	if _, err := exec.LookPath("sqlite3"); err == nil {
		engines = append(engines, engine{name: "sqlite-shell"})
	}
	if srv := os.Getenv(envPG); srv != "" {
		engines = append(engines, engine{name: "postgres", server: srv})
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: under CI the benchmark must also run on PostgreSQL", envPG)
	}
	for _, eng := range engines {
		t.Run(eng.name, func(t *testing.T) {
			ctx := context.Background()
			e, err := setup(ctx, ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: eng.server, Dir: t.TempDir(), GoRaw: eng.goRaw, Log: testLog{t}})
			if err != nil {
				t.Fatal(err)
			}
			defer e.close()
			res, err := e.measure(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res.Summary.Created != rows || res.Summary.Rejected != 0 {
				t.Fatalf("created %d, rejected %d, want %d and 0", res.Summary.Created, res.Summary.Rejected, rows)
			}
			if res.RawRowsPerSec <= 0 || res.ShebaoRowsPerSec <= 0 || res.Ratio <= 0 || res.FloorRatio <= 0 || res.Floor == nil || !res.Floor.Same {
				t.Errorf("rates not measured: %+v", res)
			}
			if res.PeakRSSMB <= 0 {
				t.Errorf("no peak RSS: %+v", res)
			}
			switch {
			case eng.server != "" && res.RawMethod != RawCopy,
				eng.goRaw && res.RawMethod != RawGoForced,
				eng.name == "sqlite-shell" && res.RawMethod != RawSQLiteShell:
				t.Errorf("raw method %q", res.RawMethod)
			}

			start := time.Now()
			again, err := ingest.Persons(admin(ctx), e.app, e.csvPath, ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if again.Unchanged != rows || again.Created != 0 || again.Updated != 0 || again.Rejected != 0 {
				t.Fatalf("re-import: %+v, want %d unchanged", again, rows)
			}
			t.Logf("re-import of %d unchanged rows: %.0f rows/s", rows, rows/time.Since(start).Seconds())
		})
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// BenchmarkEnrollments imports about 2.7 enrollments per person for
// SHEBAO_BENCH_ROWS persons and scans them for double registrations.
func BenchmarkEnrollments(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Enrollments(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.EnrollRowsPerS, "enroll-rows/s")
			b.ReportMetric(res.ScanSeconds, "scan-s")
			b.ReportMetric(res.EnrollPeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d persons, %d enrollments at %.0f rows/s (peak %.0f MB); scan %.2fs, %d pairs (%d planted)",
				engineName(server), res.Persons, res.Enrollments, res.EnrollRowsPerS, res.EnrollPeakRSSMB, res.ScanSeconds, res.ScanPairs, res.Duplicates)
		}
	})
}

func TestEnrollmentsSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	if len(servers) == 1 && os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: CI must test both engines", envPG)
	}
	for _, server := range servers {
		res, err := Enrollments(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 3000, Server: server, Log: testLog{t}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Enrollments < 2*3000 || res.Duplicates < 2 || res.ScanPairs < res.Duplicates {
			t.Errorf("%+v", res)
		}
		// The floor writes what the import wrote (writeEnrollmentsCSV, by
		// hand for 3,000 persons): 600 employees (i%5 == 0) in five schemes
		// = 3,000 rows and 600 employments; 2,400 residents in 170 and 390
		// = 4,800 rows and 2,400 households of one; 60 of them (i%50 == 7)
		// also in 910: 7,860 enrollments, each with its opening event.
		want := map[string]int{"enrollments": 7860, "enrollment_events": 7860, "employments": 600, "households": 2400, "household_members": 2400}
		for table, n := range want {
			if res.Floor.Rows[table] != n {
				t.Errorf("%s: floor wrote %d rows of %s, want %d", engineName(server), res.Floor.Rows[table], table, n)
			}
		}
		if !res.Floor.Same || res.Floor.Rows["stats_months"] == 0 || res.Ratio <= 0 || res.FloorRatio <= 0 {
			t.Errorf("%s: floor %+v, ratios %.3f %.3f", engineName(server), res.Floor, res.Ratio, res.FloorRatio)
		}
	}
}

// BenchmarkAssessment runs the monthly assessment for SHEBAO_BENCH_ROWS
// employees next to a raw INSERT … SELECT of the same lines.
func BenchmarkAssessment(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Assessment(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.RowsPerSec, "lines/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.RerunSeconds, "rerun-s")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d employees, %d lines: raw %.0f lines/s, shebao %.0f lines/s, ratio %.2f; re-run %.2fs; totals equal: %v",
				engineName(server), res.Employees, res.Lines, res.RawRowsPerSec, res.RowsPerSec, res.Ratio, res.RerunSeconds, res.RawTotalEquals)
		}
	})
}

func TestAssessmentSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Assessment(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 500, Server: server})
		if err != nil {
			t.Fatal(err)
		}
		if res.Lines != 2000 || !res.RawTotalEquals {
			t.Errorf("%+v", res)
		}
		// The floor writes what the assessment wrote: 500 employees in four
		// levied schemes (510 merged into 310) = 2,000 lines; one employer
		// per 50 employees = 10 bills; every row again, column for column.
		if f := res.Floor; f == nil || !f.Same || f.Rows["bill_lines"] != 2000 || f.Rows["bills"] != 10 || f.Rows["stats_months"] == 0 || res.FloorRatio <= 0 {
			t.Errorf("%s: floor %+v", engineName(server), f)
		}
	}
}

// BenchmarkInterest runs the annual interest for SHEBAO_BENCH_ROWS accounts
// next to a raw INSERT … SELECT of the same interest rows.
func BenchmarkInterest(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Interest(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Accounts)/res.ShebaoSeconds, "accounts/s")
			b.ReportMetric(res.Ratio, "raw-ratio")
			b.ReportMetric(res.FloorRatio, "floor-ratio")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d accounts: raw %.2fs, shebao %.2fs, ratio %.2f, re-run %.2fs, totals equal %v",
				engineName(server), res.Accounts, res.RawSeconds, res.ShebaoSeconds, res.Ratio, res.RerunSeconds, res.TotalsEqual)
		}
	})
}

func TestInterestSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Interest(context.Background(), ImportOptions{Open: openStore, Create: createDatabase, Rows: 500, Server: server})
		if err != nil {
			t.Fatal(err)
		}
		if !res.TotalsEqual {
			t.Errorf("interest totals differ from the raw computation: %+v", res)
		}
		// The floor writes what the run wrote: one interest movement and one
		// new balance for each of the 500 accounts.
		if f := res.Floor; f == nil || !f.Same || f.Rows["account_movements"] != 500 || f.Rows["individual_accounts"] != 500 || res.FloorRatio <= 0 {
			t.Errorf("%s: floor %+v", engineName(server), f)
		}
	}
}

// eachServer runs fn as a sub-benchmark on SQLite and, when SHEBAO_TEST_PG
// is set, on PostgreSQL (server is "" for SQLite).
func eachServer(b *testing.B, fn func(b *testing.B, server string)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, "") })
	if pg := os.Getenv(envPG); pg != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, pg) })
	}
}

func engineName(server string) string {
	if server == "" {
		return "sqlite"
	}
	return "postgres"
}

// BenchmarkHTTP runs 50 clients for SHEBAO_BENCH_SECONDS (default 10)
// against a real web.Server over a district of SHEBAO_BENCH_ROWS persons
// (gen), with the mix of httpMix; SHEBAO_BENCH_NO_DASHBOARD=1 leaves the
// dashboard out.
func BenchmarkHTTP(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := HTTPLoad(context.Background(), HTTPOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)},
				Duration: benchSeconds(b), NoDashboard: os.Getenv("SHEBAO_BENCH_NO_DASHBOARD") == "1"})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.RequestsPerSec, "req/s")
			b.ReportMetric(res.Reads.P50, "read-p50-ms")
			b.ReportMetric(res.Reads.P99, "read-p99-ms")
			b.ReportMetric(res.Writes.P50, "write-p50-ms")
			b.ReportMetric(res.Writes.P99, "write-p99-ms")
			b.ReportMetric(float64(res.Errors), "errors")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
			b.Logf("%s: %d clients, %d persons, dashboard %v: %d requests, %.0f req/s; reads %d p50 %.1f p99 %.1f ms, writes %d p50 %.1f p99 %.1f ms, errors %d",
				engineName(server), res.Clients, res.Persons, res.Dashboard, res.Requests, res.RequestsPerSec,
				res.Reads.N, res.Reads.P50, res.Reads.P99, res.Writes.N, res.Writes.P50, res.Writes.P99, res.Errors)
		}
	})
}

func benchSeconds(b *testing.B) time.Duration {
	if s := os.Getenv("SHEBAO_BENCH_SECONDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("SHEBAO_BENCH_SECONDS=%q: want a positive number", s)
		}
		return time.Duration(v) * time.Second
	}
	return 10 * time.Second
}

// TestHTTPSmall runs the HTTP load for two seconds with 50 clients over a
// district of 1,000 persons on every engine: no request may fail, and every
// kind of request of the mix is made.
func TestHTTPSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := HTTPLoad(context.Background(), HTTPOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 1000, Server: server}, Duration: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Reads.N == 0 || res.Writes.N == 0 || res.All.P99 <= 0 || res.PeakRSSMB <= 0 || res.Bills == 0 {
			t.Errorf("%+v", res)
		}
		for _, k := range res.Kinds {
			if k.N == 0 {
				t.Errorf("no %s request in %d", k.Kind, res.Requests)
			}
		}
		t.Logf("%s: %.0f req/s, p99 %.1f ms, %d writes", engineName(server), res.RequestsPerSec, res.All.P99, res.Writes.N)
	}
}

// BenchmarkIndicators times the statistics queries on a district of
// SHEBAO_BENCH_ROWS persons generated by gen (p50 and p99 of each).
func BenchmarkIndicators(b *testing.B) {
	rows := benchRows(b)
	eachServer(b, func(b *testing.B, server string) {
		for i := 0; i < b.N; i++ {
			res, err := Indicators(context.Background(), StatsOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: rows, Server: server, Log: benchLog(b)}})
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range res.Queries {
				b.Logf("%s %d persons: %s: %d runs, p50 %.2f ms, p99 %.2f ms", res.Engine, res.Persons, q.Name, q.N, q.P50, q.P99)
			}
			b.ReportMetric(res.Queries[0].P50, "district-p50-ms")
			b.ReportMetric(res.Queries[0].P99, "district-p99-ms")
			b.ReportMetric(res.PeakRSSMB, "peakRSS-MB")
		}
	})
}

func TestIndicatorsSmall(t *testing.T) {
	servers := []string{""}
	if pg := os.Getenv(envPG); pg != "" {
		servers = append(servers, pg)
	}
	for _, server := range servers {
		res, err := Indicators(context.Background(), StatsOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 2000, Server: server}, PerQuery: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons != 2000 || len(res.Queries) != 33 {
			t.Fatalf("%+v", res)
		}
		// The city holds the generated district and nine copies of its
		// counters: its insured are ten times the district's.
		if res.DistrictInsured <= 0 || res.CityInsured != Districts*res.DistrictInsured {
			t.Errorf("insured: district %d, city %d (want 10 × district)", res.DistrictInsured, res.CityInsured)
		}
		for _, q := range res.Queries {
			if q.N < 5 || q.P50 <= 0 || q.P99 < q.P50 {
				t.Errorf("%s: %+v", q.Name, q.Latency)
			}
		}
	}
}

// TestIndicatorsExisting times the indicators on a database gen filled
// before (StatsOptions.Existing), twice: the second run finds the nine
// copied districts and copies nothing again (the city stays ten times the
// district).
func TestIndicatorsExisting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gen.db")
	a, c, err := openStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(admin(ctx), a, gen.Options{Persons: 800, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	for run := 0; run < 2; run++ {
		res, err := Indicators(ctx, StatsOptions{ImportOptions: ImportOptions{Open: openStore, Create: createDatabase, Rows: 1}, PerQuery: 50 * time.Millisecond, Existing: path})
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons != 800 || len(res.Queries) != 33 {
			t.Fatalf("run %d: %d persons, %d queries", run, res.Persons, len(res.Queries))
		}
		if res.DistrictInsured <= 0 || res.CityInsured != Districts*res.DistrictInsured {
			t.Errorf("run %d: insured: district %d, city %d (want 10 × district)", run, res.DistrictInsured, res.CityInsured)
		}
	}
}
