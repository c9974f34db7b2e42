package bench

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Names are the benchmarks of the suite, in the order Suite runs them.
// "enrollments" (2.7 enrollments per person and the 重复参保 scan) is the
// slowest and runs only when named.
//
// "labor" (the labour register's derived statuses, issue #19) runs only
// when named too.
//
// "land" (importing 确权 parcels and the district's transfer statistics,
// issue #17) runs only when named too.
//
// "assistance" (the monthly 低保 payroll from the 社会救助资金, issue #18)
// runs only when named too.
//
// "pages" (the server time of every navigation page of every role, issue
// #15; bench/pages.go) runs only when named too.
var Names = []string{"import", "assessment", "interest", "payroll", "indicators", "http", "enrollments", "labor", "land", "assistance",
	"pages", // the navigation pages per role (issue #15, pages.go)
}

// DefaultSuite is what runs when no benchmark is named.
var DefaultSuite = []string{"import", "assessment", "interest", "payroll", "indicators", "http"}

// SuiteOptions configure Run.
type SuiteOptions struct {
	Rows     int           // persons, employees, accounts or benefits
	Server   string        // "" = SQLite; or a postgres:// server URL (a fresh database is created and dropped)
	Dir      string        // temporary files (default: a new temp dir)
	Duration time.Duration // http: how long the load runs; indicators: how long each query repeats
	Clients  int           // http: concurrent clients (default 50)
	// NoDashboard: http without the dashboard in its mix.
	NoDashboard bool
	Log         io.Writer
	Open        Opener    // the product's database (ImportOptions.Open)
	Create      PGCreator // a fresh database on the server (ImportOptions.Create)
	// Existing: indicators, pages and the http load timed on this
	// database (a SQLite file or a postgres:// URL) that `shebao gen`
	// filled, instead of a fresh one generated for the run
	// (StatsOptions.Existing, PagesOptions.Existing, HTTPOptions.Existing).
	Existing string
}

// Summary is one benchmark's result in the suite's common shape: the
// ratio first (shebao's rate ÷ the raw engine's rate for the same rows in
// the same run, where there is a raw counterpart), then rates, latencies
// and memory. Detail is the benchmark's own result.
type Summary struct {
	Name   string  `json:"name"`
	Engine string  `json:"engine"`
	Size   int     `json:"size"`
	Unit   string  `json:"unit"` // what Size counts
	Ratio  float64 `json:"ratio,omitempty"`
	// RatioToFloor is shebao's rate ÷ the schema floor's (floor.go: the
	// engine writing exactly the product's rows on its real tables), for
	// the bulk benchmarks import, enrollments, assessment, interest and
	// payroll.
	RatioToFloor  float64 `json:"ratio_to_floor,omitempty"`
	RowsPerSec    float64 `json:"rows_per_sec,omitempty"`
	RawRowsPerSec float64 `json:"raw_rows_per_sec,omitempty"`
	P50           float64 `json:"p50_ms,omitempty"`
	P99           float64 `json:"p99_ms,omitempty"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	// PeakAnonMB is the sampled peak of anonymous memory of the timed
	// phase (bench.go, peakAnonMB): the bulk benchmarks' memory figure,
	// which the SQLite file's mapped pages do not inflate.
	PeakAnonMB float64 `json:"peak_anon_mb,omitempty"`
	Seconds    float64 `json:"seconds"` // the whole benchmark, set-up included
	Note       string  `json:"note,omitempty"`
	Detail     any     `json:"detail"`
}

// Run runs the benchmark called name.
func Run(ctx context.Context, name string, o SuiteOptions) (*Summary, error) {
	opts := ImportOptions{Rows: o.Rows, Server: o.Server, Dir: o.Dir, Log: o.Log, Open: o.Open, Create: o.Create}
	s := &Summary{Name: name, Engine: engineOf(o.Server), Size: o.Rows}
	start := time.Now()
	defer func() { s.Seconds = time.Since(start).Seconds() }()
	switch name {
	case "import":
		r, err := Import(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RowsPerSec, s.RawRowsPerSec, s.PeakRSSMB = "persons", r.Ratio, r.ShebaoRowsPerSec, r.RawRowsPerSec, r.PeakRSSMB
		s.RatioToFloor, s.PeakAnonMB = r.FloorRatio, r.PeakAnonMB
		s.Note = fmt.Sprintf("raw: %s; schema floor %.0f rows/s (%s)", r.RawMethod, r.FloorRowsPerSec, r.Floor.Durability)
		r.Summary = nil // its error list is not a result
		s.Detail = r
	case "assessment":
		r, err := Assessment(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RowsPerSec, s.RawRowsPerSec, s.PeakRSSMB = "employees", r.Ratio, r.RowsPerSec, r.RawRowsPerSec, r.PeakRSSMB
		s.RatioToFloor, s.PeakAnonMB = r.FloorRatio, r.PeakAnonMB
		s.Note = fmt.Sprintf("%d bill lines; raw: INSERT … SELECT; schema floor %.2fs (%s); totals equal: %v; re-run %.2fs",
			r.Lines, r.Floor.Seconds, r.Floor.Durability, r.RawTotalEquals, r.RerunSeconds)
		s.Detail = r
	case "interest":
		r, err := Interest(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RatioToFloor, s.PeakRSSMB, s.PeakAnonMB = "accounts", r.Ratio, r.FloorRatio, r.PeakRSSMB, r.PeakAnonMB
		s.RowsPerSec, s.RawRowsPerSec = float64(r.Accounts)/r.ShebaoSeconds, float64(r.Accounts)/r.RawSeconds
		s.Note = fmt.Sprintf("raw: INSERT … SELECT; schema floor %.2fs (%s); totals equal: %v; re-run %.2fs", r.FloorSeconds, r.Floor.Durability, r.TotalsEqual, r.RerunSeconds)
		s.Detail = r
	case "payroll":
		r, err := Payroll(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RatioToFloor, s.PeakRSSMB, s.PeakAnonMB = "benefits", r.Ratio, r.FloorRatio, r.PeakRSSMB, r.PeakAnonMB
		s.RowsPerSec, s.RawRowsPerSec = float64(r.Payments)/r.ShebaoSeconds, float64(r.Payments)/r.RawSeconds
		s.Note = fmt.Sprintf("%d payments; raw: INSERT … SELECT; schema floor %.2fs (%s); totals equal: %v; re-run %.2fs",
			r.Payments, r.FloorSeconds, r.Floor.Durability, r.TotalsEqual, r.RerunSeconds)
		s.Detail = r
	case "indicators":
		r, err := Indicators(ctx, StatsOptions{ImportOptions: opts, PerQuery: o.Duration, Existing: o.Existing})
		if err != nil {
			return nil, err
		}
		s.Unit, s.PeakRSSMB = "persons", r.PeakRSSMB
		s.Engine, s.Size = r.Engine, r.Persons // of --existing's database, not --db's
		s.P50, s.P99 = r.Queries[0].P50, r.Queries[0].P99
		s.Note = "p50/p99: " + r.Queries[0].Name + "; every query in detail"
		s.Detail = r
	case "http":
		r, err := HTTPLoad(ctx, HTTPOptions{ImportOptions: opts, Duration: o.Duration, Clients: o.Clients, NoDashboard: o.NoDashboard, Existing: o.Existing})
		if r != nil {
			s.Unit, s.RowsPerSec, s.P50, s.P99, s.PeakRSSMB = "persons", r.RequestsPerSec, r.Reads.P50, r.Reads.P99, r.PeakRSSMB
			s.Engine, s.Size = r.Engine, r.Persons // of --existing's database when given
			mix := "mix with the dashboard"
			if !r.Dashboard {
				mix = "mix without the dashboard"
			}
			s.Note = fmt.Sprintf("%d clients, %s, %d requests/s, errors %d; p50/p99: reads; writes p50 %.1f ms, p99 %.1f ms; every kind in detail",
				r.Clients, mix, int(r.RequestsPerSec), r.Errors, r.Writes.P50, r.Writes.P99)
			s.Detail = r
		}
		if err != nil {
			return s, err
		}
	case "enrollments":
		r, err := Enrollments(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.RowsPerSec, s.RawRowsPerSec, s.PeakRSSMB = "enrollments", r.EnrollRowsPerS, r.RawRowsPerSec, r.EnrollPeakRSSMB
		s.PeakAnonMB = r.EnrollPeakAnon
		s.Ratio, s.RatioToFloor = r.Ratio, r.FloorRatio
		s.Note = fmt.Sprintf("%d enrollments of %d persons; raw: %s; schema floor %.0f rows/s (%s); 重复参保 scan %.1fs",
			r.Enrollments, r.Persons, r.RawMethod, r.FloorRowsPerSec, r.Floor.Durability, r.ScanSeconds)
		s.Detail = r
	case "labor":
		r, err := Labor(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RowsPerSec, s.RawRowsPerSec, s.PeakRSSMB = "persons of working age", r.Ratio, r.RowsPerSec, r.RawRowsPerSec, r.PeakRSSMB
		s.Note = fmt.Sprintf("%d persons, %d employees; raw: INSERT … SELECT %.2fs; schema floor %.2fs (shebao ÷ floor %.2f); rows equal: %v; re-run %.2fs",
			r.Persons, r.Employees, r.RawSeconds, r.FloorSeconds, r.FloorRatio, r.RowsEqual, r.RerunSeconds)
		s.Detail = r
	case "land":
		r, err := Land(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.RowsPerSec, s.RawRowsPerSec, s.PeakRSSMB = "parcels", r.Ratio, r.ShebaoRowsPerSec, r.RawRowsPerSec, r.PeakRSSMB
		s.Note = fmt.Sprintf("%d households; raw: %s; to schema floor %.2f; re-run %.2fs; report transfers %.3fs, raw statement %.3fs, totals equal: %v",
			r.Heads, r.RawMethod, r.FloorRatio, r.RerunSeconds, r.ShebaoStatsSeconds, r.RawStatsSeconds, r.TotalsEqual)
		s.Detail = r
	case "assistance":
		r, err := Assist(ctx, opts)
		if err != nil {
			return nil, err
		}
		s.Unit, s.Ratio, s.PeakRSSMB = "低保 households", r.Ratio, r.PeakRSSMB
		s.RowsPerSec, s.RawRowsPerSec = float64(r.Payments)/r.ShebaoSeconds, float64(r.Payments)/r.RawSeconds
		s.Note = fmt.Sprintf("%d payments, %s元; raw: INSERT … SELECT; to schema floor %.2f; release %.2fs; bank file %.2fs (raw read %.2fs); totals equal: %v; re-run %.2fs",
			r.Payments, r.Total, r.FloorRatio, r.ReleaseSeconds, r.BankFileSeconds, r.RawBankRead, r.TotalsEqual, r.RerunSeconds)
		s.Detail = r
	case "pages":
		r, err := Pages(ctx, PagesOptions{ImportOptions: opts, Existing: o.Existing})
		if err != nil {
			return nil, err
		}
		s.Unit, s.P50, s.P99, s.PeakRSSMB = "persons", r.Slowest.P50, r.Slowest.P99, r.PeakRSSMB
		s.Engine, s.Size = r.Engine, r.Persons // of --existing's database when given, not --db's
		s.Note = fmt.Sprintf("%d pages × %d requests; p50/p99: the slowest page (%s %s); over 100 ms at p99: %d %v; every page in detail",
			len(r.Pages), r.Reps, r.Slowest.Role, r.Slowest.Page, len(r.Over100), r.Over100)
		s.Detail = r
	default:
		return nil, fmt.Errorf("bench: no benchmark %q (%v)", name, Names)
	}
	return s, nil
}

func engineOf(server string) string {
	if server == "" {
		return "sqlite"
	}
	return "postgres"
}
