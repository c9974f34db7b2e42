package bench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shebao/shebao"
)

// AssessResult compares the monthly assessment with a raw INSERT … SELECT
// producing the same rows on the same engine in the same run.
type AssessResult struct {
	Engine         string  `json:"engine"`
	Employees      int     `json:"employees"`
	Lines          int     `json:"lines"`
	RawSeconds     float64 `json:"raw_seconds"`
	ShebaoSeconds  float64 `json:"shebao_seconds"`
	RawRowsPerSec  float64 `json:"raw_rows_per_sec"`
	RowsPerSec     float64 `json:"rows_per_sec"`
	Ratio          float64 `json:"ratio"`
	RerunSeconds   float64 `json:"rerun_seconds"` // the same month again: nothing changes
	PeakRSSMB      float64 `json:"peak_rss_mb"`
	PeakAnonMB     float64 `json:"peak_anon_mb"`
	SetupSeconds   float64 `json:"setup_seconds"`
	TotalAssessed  string  `json:"total"`
	RawTotalEquals bool    `json:"raw_total_equals"`
	// The schema floor (floor.go): the bills and lines of the month and
	// their counters written by the engine alone; FloorRatio = its
	// seconds ÷ the assessment's.
	Floor      *FloorResult `json:"floor"`
	FloorRatio float64      `json:"ratio_to_floor"`
}

// rawLinesDDL is a plain table with bill_lines' columns and primary key.
const rawLinesDDL = `CREATE TABLE bench_raw_lines (
    employer_uscc TEXT NOT NULL, period TEXT NOT NULL, id_no TEXT NOT NULL, scheme TEXT NOT NULL,
    declared BIGINT NOT NULL, base BIGINT NOT NULL, employer_amount BIGINT NOT NULL, individual_amount BIGINT NOT NULL,
    PRIMARY KEY (employer_uscc, period, id_no, scheme))`

// Assessment measures `shebao run assessment` for o.Rows employees in the
// five employee schemes (four levied: 510 is merged into 310 since 2020),
// one employer per fifty employees, every wage declared.
func Assessment(ctx context.Context, o ImportOptions) (*AssessResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	start := time.Now()
	if err := importPersons(ctx, e.app, e.csvPath, o.Rows); err != nil {
		return nil, err
	}
	period := shebao.Period("2025-03")
	if err := PrepareAssessment(ctx, e.app, o.Rows, period); err != nil {
		return nil, err
	}
	res := &AssessResult{Engine: e.engine, Employees: o.Rows, SetupSeconds: time.Since(start).Seconds()}
	e.logf("set up %d employees in %.1fs", o.Rows, res.SetupSeconds)

	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	// Raw: the same rows by one INSERT … SELECT with the 2025 rates written
	// in (社平工资 8000.00, base 4800.00–24000.00), into a plain table.
	raw := `INSERT INTO bench_raw_lines (employer_uscc, period, id_no, scheme, declared, base, employer_amount, individual_amount)
		SELECT x.employer_uscc, '2025-03', x.id_no, x.scheme, x.wage, x.base,
			(x.base * CASE x.scheme WHEN '110' THEN 160000 WHEN '210' THEN 7000 WHEN '310' THEN 65000 ELSE x.r410 END + 500000) / 1000000,
			(x.base * CASE x.scheme WHEN '110' THEN 80000 WHEN '210' THEN 3000 WHEN '310' THEN 20000 ELSE 0 END + 500000) / 1000000
		FROM (SELECT d.employer_uscc, d.id_no, n.scheme, d.wage,
				CASE WHEN d.wage < 480000 THEN 480000 WHEN d.wage > 2400000 THEN 2400000 ELSE d.wage END AS base,
				CASE e.risk_class WHEN 1 THEN 2000 WHEN 2 THEN 4000 WHEN 3 THEN 7000 WHEN 4 THEN 9000 WHEN 5 THEN 11000
					WHEN 6 THEN 13000 WHEN 7 THEN 16000 ELSE 19000 END AS r410
			FROM declarations d JOIN employers e ON e.uscc = d.employer_uscc
			JOIN enrollments n ON n.id_no = d.id_no AND n.employer_uscc = d.employer_uscc AND n.scheme IN ('110', '210', '310', '410')
			WHERE d.period = '2025-03') x`
	if err := e.execRaw(ctx, rawLinesDDL); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := e.execRaw(ctx, raw); err != nil {
		return nil, err
	}
	res.RawSeconds = time.Since(start).Seconds()

	if err := e.floorBefore(ctx, assessFloor); err != nil {
		return nil, err
	}
	restore, err := e.floorQuiet(ctx, assessFloor)
	if err != nil {
		return nil, err
	}
	reset := resetPeakRSS()
	start = time.Now()
	ar, err := e.app.Collect.Assess(ctx, period)
	restore()
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB, res.PeakAnonMB = peakRSSMB(), peakAnonMB()
	}
	res.Lines = ar.Lines
	res.TotalAssessed = ar.Total.String()
	start = time.Now()
	if again, err := e.app.Collect.Assess(ctx, period); err != nil || again.Rewritten != 0 {
		return nil, fmt.Errorf("bench: re-run rewrote %v: %v", again, err)
	}
	res.RerunSeconds = time.Since(start).Seconds()
	var rawLines int
	var rawTotal int64
	if err := e.queryRaw(ctx, `SELECT COUNT(*), SUM(employer_amount + individual_amount) FROM bench_raw_lines`, &rawLines, &rawTotal); err != nil {
		return nil, err
	}
	if rawLines != ar.Lines {
		return nil, fmt.Errorf("bench: raw produced %d lines, shebao %d", rawLines, ar.Lines)
	}
	res.RawTotalEquals = shebao.Money(rawTotal) == ar.Total
	res.RawRowsPerSec = float64(rawLines) / res.RawSeconds
	res.RowsPerSec = float64(ar.Lines) / res.ShebaoSeconds
	res.Ratio = res.RowsPerSec / res.RawRowsPerSec
	if res.Floor, err = e.floor(ctx, assessFloor); err != nil {
		return nil, err
	}
	if !res.Floor.Same || res.Floor.Rows["bill_lines"] != ar.Lines {
		return nil, fmt.Errorf("bench: the schema floor wrote other rows than the assessment: %+v", res.Floor)
	}
	res.FloorRatio = res.Floor.Seconds / res.ShebaoSeconds
	e.logf("assessment of %d lines: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to floor %.2f), re-run %.2fs",
		ar.Lines, res.RawSeconds, res.Floor.Seconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds)
	return res, nil
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// rawDB opens a plain database/sql handle on the benchmark's database, for
// statements that go around shebao.
func (e *env) rawDB() (*sql.DB, error) {
	if e.engine == "postgres" {
		return sql.Open("pgx", e.dsn)
	}
	// sqldb's connection settings (sqldb/db.go): the same durability,
	// cache and foreign-key checks as the product's statements.
	return sql.Open("sqlite", "file:"+e.dsn+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"+
		"&_pragma=foreign_keys(ON)&_pragma=cache_size(-32000)&_pragma=temp_store(MEMORY)")
}

func (e *env) execRaw(ctx context.Context, q string) error {
	db, err := e.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}

func (e *env) queryRaw(ctx context.Context, q string, dest ...any) error {
	db, err := e.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRowContext(ctx, q).Scan(dest...)
}
