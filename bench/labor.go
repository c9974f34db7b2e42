package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// LaborResult compares the rebuild of the labour register's derived
// statuses (employ.Service.Rebuild, `shebao run labor-derive`) with one
// raw INSERT … SELECT deriving the same rows on the same engine in the
// same run.
type LaborResult struct {
	Engine     string         `json:"engine"`
	Persons    int            `json:"persons"`
	Employees  int            `json:"employees"`
	WorkingAge int            `json:"working_age"` // rows written
	ByStatus   map[string]int `json:"by_status"`
	RawSeconds float64        `json:"raw_seconds"`
	// FloorSeconds is the raw statement into a copy of labor_derived's
	// schema (key, foreign key to persons, the region index): the engine
	// alone doing only the writes the schema needs.
	FloorSeconds  float64 `json:"floor_seconds"`
	FloorRatio    float64 `json:"floor_ratio"` // shebao's rate ÷ the floor's
	ShebaoSeconds float64 `json:"shebao_seconds"`
	RawRowsPerSec float64 `json:"raw_rows_per_sec"`
	RowsPerSec    float64 `json:"rows_per_sec"`
	Ratio         float64 `json:"ratio"`
	RerunSeconds  float64 `json:"rerun_seconds"` // the same day again: the same rows
	RowsEqual     bool    `json:"rows_equal"`    // raw and shebao derived the same statuses
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	SetupSeconds  float64 `json:"setup_seconds"`
}

// laborDay is the day of the benchmark's rebuild.
const laborDay = "2026-12-06"

// rawLaborDDL is a plain table with labor_derived's columns and key.
const rawLaborDDL = `CREATE TABLE bench_raw_labor (id_no TEXT PRIMARY KEY, region_code TEXT NOT NULL, status TEXT NOT NULL,
	employer_uscc TEXT NOT NULL, source TEXT NOT NULL, as_of TEXT NOT NULL)`

// floorLaborDDL is a copy of labor_derived's schema (migration 0074).
var floorLaborDDL = []string{`CREATE TABLE bench_floor_labor (id_no TEXT PRIMARY KEY REFERENCES persons (id_no), region_code TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT '', employer_uscc TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', as_of TEXT NOT NULL)`,
	`CREATE INDEX bench_floor_labor_region ON bench_floor_labor (region_code, status)`}

// Labor measures the rebuild of the derived statuses for o.Rows persons
// (births 1940–2004), a quarter of them employees (PrepareAssessment), on
// 2026-12-06: shebao's batch job (chunks of 10,000 persons, scope, run
// record, audit) against one raw statement with the same rule and the
// day's birth ranges written in.
func Labor(ctx context.Context, o ImportOptions) (*LaborResult, error) {
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
	employees := max(1, o.Rows/4)
	if err := PrepareAssessment(ctx, e.app, employees, "2026-11"); err != nil {
		return nil, err
	}
	res := &LaborResult{Engine: e.engine, Persons: o.Rows, Employees: employees, SetupSeconds: time.Since(start).Seconds()}
	e.logf("set up %d persons, %d employees in %.1fs", o.Rows, employees, res.SetupSeconds)
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	day, _ := time.Parse(shebao.DateLayout, laborDay)
	w, err := policy.WorkingAgeFor(policy.NewSet(policy.Default()), "640106000000", day)
	if err != nil {
		return nil, err
	}
	a, err := w.Ages()
	if err != nil {
		return nil, err
	}
	raw := fmt.Sprintf(`INSERT INTO bench_raw_labor (id_no, region_code, status, employer_uscc, source, as_of)
		SELECT x.id_no, x.region_code,
			CASE WHEN x.emp <> '' THEN '就业' WHEN x.unemp = 1 THEN '失业' WHEN x.flex = 1 THEN '灵活就业' WHEN x.school = 1 THEN '在校' ELSE '' END,
			x.emp,
			CASE WHEN x.emp <> '' THEN '职工参保' WHEN x.unemp = 1 THEN '失业保险金' WHEN x.flex = 1 THEN '灵活就业参保' WHEN x.school = 1 THEN '年龄' ELSE '' END,
			'%[1]s'
		FROM (SELECT p.id_no, p.region_code,
			COALESCE((SELECT MIN(e.employer_uscc) FROM enrollments e WHERE e.id_no = p.id_no AND e.scheme IN ('110', '120', '210', '310', '410', '510')
				AND e.status = '参保缴费' AND e.employer_uscc <> ''), '') AS emp,
			CASE WHEN EXISTS (SELECT 1 FROM benefits b WHERE b.id_no = p.id_no AND b.kind = 'unemployment' AND b.status = '正常发放'
				AND b.start_month <= '%[2]s' AND (b.end_month = '' OR b.end_month >= '%[2]s')) THEN 1 ELSE 0 END AS unemp,
			CASE WHEN EXISTS (SELECT 1 FROM flex_bases f WHERE f.id_no = p.id_no AND f.from_period <= '%[2]s'
				AND (f.to_period = '' OR f.to_period >= '%[2]s')) THEN 1 ELSE 0 END AS flex,
			CASE WHEN p.birth > (CASE WHEN p.sex = '女' THEN '%[3]s' ELSE '%[4]s' END) THEN 1 ELSE 0 END AS school
			FROM persons p WHERE p.status = '正常'
				AND ((p.sex = '男' AND p.birth BETWEEN '%[5]s' AND '%[6]s') OR (p.sex = '女' AND p.birth BETWEEN '%[7]s' AND '%[8]s'))) x`,
		a.Date, a.Month, a.Female.SchoolAfter, a.Male.SchoolAfter, a.Male.From, a.Male.To, a.Female.From, a.Female.To)
	if err := e.execRaw(ctx, rawLaborDDL); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := e.execRaw(ctx, raw); err != nil {
		return nil, err
	}
	res.RawSeconds = time.Since(start).Seconds()
	for _, ddl := range floorLaborDDL {
		if err := e.execRaw(ctx, ddl); err != nil {
			return nil, err
		}
	}
	start = time.Now()
	if err := e.execRaw(ctx, strings.Replace(raw, "INSERT INTO bench_raw_labor", "INSERT INTO bench_floor_labor", 1)); err != nil {
		return nil, err
	}
	res.FloorSeconds = time.Since(start).Seconds()

	reset := resetPeakRSS()
	start = time.Now()
	r, err := e.app.Employ.Rebuild(ctx, laborDay, nil)
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	res.WorkingAge, res.ByStatus = r.Persons, r.ByStatus
	start = time.Now()
	if again, err := e.app.Employ.Rebuild(ctx, laborDay, nil); err != nil || again.Persons != r.Persons {
		return nil, fmt.Errorf("bench: the rebuild again gave %v: %v", again, err)
	}
	res.RerunSeconds = time.Since(start).Seconds()
	var rawRows, differ int
	if err := e.queryRaw(ctx, `SELECT COUNT(*), (SELECT COUNT(*) FROM bench_raw_labor x LEFT JOIN labor_derived d ON d.id_no = x.id_no
		WHERE d.id_no IS NULL OR d.status <> x.status OR d.employer_uscc <> x.employer_uscc OR d.source <> x.source) FROM bench_raw_labor`, &rawRows, &differ); err != nil {
		return nil, err
	}
	res.RowsEqual = rawRows == r.Persons && differ == 0
	res.RawRowsPerSec = float64(rawRows) / res.RawSeconds
	res.RowsPerSec = float64(r.Persons) / res.ShebaoSeconds
	res.Ratio = res.RowsPerSec / res.RawRowsPerSec
	res.FloorRatio = res.FloorSeconds / res.ShebaoSeconds
	e.logf("labour register of %d persons of working age: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to the floor %.2f), re-run %.2fs, rows equal %v",
		r.Persons, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds, res.RowsEqual)
	return res, nil
}
