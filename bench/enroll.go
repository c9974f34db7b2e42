package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/ingest"
)

// EnrollResult is the outcome of the enrollment and 重复参保 benchmark.
type EnrollResult struct {
	Engine          string  `json:"engine"`
	Persons         int     `json:"persons"`
	Enrollments     int     `json:"enrollments"`
	EnrollSeconds   float64 `json:"enroll_seconds"`
	EnrollRowsPerS  float64 `json:"enroll_rows_per_sec"`
	EnrollPeakRSSMB float64 `json:"enroll_peak_rss_mb"`
	EnrollPeakAnon  float64 `json:"enroll_peak_anon_mb"`
	Duplicates      int     `json:"duplicates_planted"`
	ScanSeconds     float64 `json:"scan_seconds"`
	ScanPairs       int     `json:"scan_pairs"`
	ScanPeakRSSMB   float64 `json:"scan_peak_rss_mb"`
	// The raw load of the same file by the engine's native method into a
	// bare table keyed by (身份证号, 险种), and the schema floor
	// (floor.go): Ratio and FloorRatio are the import's rate ÷ theirs.
	RawMethod       string       `json:"raw_method"`
	RawRowsPerSec   float64      `json:"raw_rows_per_sec"`
	Ratio           float64      `json:"ratio"`
	Floor           *FloorResult `json:"floor"`
	FloorRowsPerSec float64      `json:"floor_rows_per_sec"`
	FloorRatio      float64      `json:"ratio_to_floor"`
}

// rawEnrollmentsDDL is the bare table of the enrollments' raw load.
const rawEnrollmentsDDL = `CREATE TABLE bench_raw_enrollments (id_no TEXT, scheme TEXT, employer TEXT, start TEXT, household TEXT,
    PRIMARY KEY (id_no, scheme))`

// employersForBench is how many employers the employees are spread over.
const employersForBench = 500

// Enrollments measures the enrollment import and the district-wide 重复参保
// scan: it loads o.Rows persons (not timed), then imports about 2.7
// enrollments per person — residents in 170 and 390 (by household), one in
// five an employee in the five employee schemes, one in fifty in 910;
// each resident forms a household — and
// times it; then plants one double registration per thousand persons (same
// name and village, two digits of the birth date swapped) and times the
// scan, which must find every planted pair.
func Enrollments(ctx context.Context, o ImportOptions) (*EnrollResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	start := time.Now()
	s, err := ingest.Persons(ctx, e.app, e.csvPath, ingest.Options{})
	if err != nil {
		return nil, err
	}
	if s.Created != o.Rows {
		return nil, fmt.Errorf("bench: loaded %d of %d persons: %+v", s.Created, o.Rows, s.Errors)
	}
	e.logf("loaded %d persons in %.1fs", o.Rows, time.Since(start).Seconds())
	emps := demo.Employers(7, employersForBench)
	for i, x := range emps {
		x.USCC = demo.USCC("640106", 50000+i)
		if err := shebao.NormalizeEmployer(x); err != nil {
			return nil, err
		}
		if err := e.app.Registry.CreateEmployer(ctx, x); err != nil {
			return nil, err
		}
	}
	path := filepath.Join(e.dir, "enrollments.csv")
	n, err := writeEnrollmentsCSV(path, o.Rows, emps)
	if err != nil {
		return nil, err
	}
	res := &EnrollResult{Engine: e.engine, Persons: o.Rows, Enrollments: n}
	method, rawSecs, err := e.bulkLoad(ctx, load{table: "bench_raw_enrollments", ddl: []string{rawEnrollmentsDDL}, path: path,
		columns: "id_no, scheme, employer, start, household", cols: 5, rows: n})
	if err != nil {
		return nil, fmt.Errorf("bench: raw load of the enrollments (%s): %w", method, err)
	}
	res.RawMethod, res.RawRowsPerSec = method, float64(n)/rawSecs
	e.logf("raw load of %d enrollments (%s): %.2fs = %.0f rows/s", n, method, rawSecs, res.RawRowsPerSec)
	if err := e.floorBefore(ctx, enrollmentsFloor); err != nil {
		return nil, err
	}
	restore, err := e.floorQuiet(ctx, enrollmentsFloor)
	if err != nil {
		return nil, err
	}
	reset := resetPeakRSS()
	start = time.Now()
	es, err := ingest.Enrollments(ctx, e.app, path, ingest.Options{})
	restore()
	if err != nil {
		return nil, err
	}
	res.EnrollSeconds = time.Since(start).Seconds()
	res.EnrollRowsPerS = float64(n) / res.EnrollSeconds
	if reset {
		res.EnrollPeakRSSMB, res.EnrollPeakAnon = peakRSSMB(), peakAnonMB()
	}
	if es.Created != n {
		return nil, fmt.Errorf("bench: enrolled %d of %d: first errors %+v", es.Created, n, es.Errors[:min(5, len(es.Errors))])
	}
	e.logf("enrolled %d rows in %.1fs (%.0f rows/s)", n, res.EnrollSeconds, res.EnrollRowsPerS)
	res.Ratio = res.EnrollRowsPerS / res.RawRowsPerSec
	if res.Floor, err = e.floor(ctx, enrollmentsFloor); err != nil {
		return nil, err
	}
	if !res.Floor.Same || res.Floor.Rows["enrollments"] != n {
		return nil, fmt.Errorf("bench: the schema floor wrote other rows than the enrollment import: %+v", res.Floor)
	}
	res.FloorRowsPerSec = float64(n) / res.Floor.Seconds
	res.FloorRatio = res.EnrollRowsPerS / res.FloorRowsPerSec
	e.logf("enrollments: ratio to raw %.3f, to the schema floor %.3f (floor %.0f rows/s)", res.Ratio, res.FloorRatio, res.FloorRowsPerSec)

	// Plant double registrations: the person of row i registered again
	// with the day digits of the birth date swapped (a typing error).
	planted := 0
	for i := 0; i < o.Rows && planted < o.Rows/1000; i += 997 {
		id, _ := personID(i)
		p, err := e.app.Registry.FindPerson(ctx, id)
		if err != nil {
			return nil, err
		}
		day := id[12:14]
		if day[0] == day[1] || day[1] == '0' || day[1] > '2' && day[0] > '0' {
			continue // swapping would not give a valid date or a different number
		}
		swapped := id[:12] + string([]byte{day[1], day[0]}) + id[14:17]
		c, err := idno.CheckCharID(swapped)
		if err != nil {
			continue
		}
		dup := &shebao.Person{IDNo: swapped + string(c), Name: p.Name, Hukou: p.Hukou, Region: p.Region}
		if err := e.app.Registry.CreatePerson(ctx, dup); err != nil {
			continue // not a valid date after all, or taken
		}
		planted++
	}
	res.Duplicates = planted
	reset = resetPeakRSS()
	start = time.Now()
	scan, err := e.app.Registry.ScanDuplicates(ctx)
	if err != nil {
		return nil, err
	}
	res.ScanSeconds = time.Since(start).Seconds()
	res.ScanPairs = scan.Pairs
	if reset {
		res.ScanPeakRSSMB = peakRSSMB()
	}
	if scan.Pairs < planted {
		return nil, fmt.Errorf("bench: scan found %d pairs, %d planted", scan.Pairs, planted)
	}
	e.logf("scan of %d persons: %d pairs (%d planted) in %.1fs", o.Rows+planted, scan.Pairs, planted, res.ScanSeconds)
	return res, nil
}

// writeEnrollmentsCSV writes the enrollment roster for the persons of
// WritePersonsCSV, streaming, and returns its number of rows.
func writeEnrollmentsCSV(path string, persons int, emps []*shebao.Employer) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write([]string{"身份证号", "险种", "单位", "参保日期", "户号"})
	n := 0
	for i := 0; i < persons; i++ {
		id, _ := personID(i)
		birthYear := id[6:10]
		start := "2015-01-01"
		if birthYear > "1999" {
			start = "2022-01-01"
		}
		switch {
		case i%5 == 0: // an employee: 五险 through an employer
			uscc := emps[i%len(emps)].USCC
			for _, s := range shebao.EmployeeBundle {
				w.Write([]string{id, s, uscc, start, ""})
				n++
			}
		default: // a resident, forming a household of their own
			w.Write([]string{id, "170", "", start, ""})
			w.Write([]string{id, "390", "", "2025-01-01", ""})
			n += 2
		}
		if i%50 == 7 && i%5 != 0 {
			w.Write([]string{id, "910", "", "2020-06-01", ""})
			n++
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	return n, f.Close()
}
