package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/ingest"
	"github.com/shebao/shebao/policy"
)

// LandResult compares `shebao import parcels` (ingest.Parcels: 确权 data,
// one row per parcel with its contract) with the engine loading the same
// file raw, and with the schema floor — the engine alone writing what the
// registry's schema needs: the 发包方, the contracts and the parcels with
// their keys, indexes and foreign keys (land_issuers, land_contracts,
// land_parcels of migration 0062) by INSERT … SELECT from the loaded file.
// It then measures the district's transfer statistics (`shebao report
// transfers`, transfer.TransferReportAt) against the raw statement giving
// the same totals on the same tables.
type LandResult struct {
	Engine  string `json:"engine"`
	Parcels int    `json:"parcels"`
	Heads   int    `json:"heads"` // households (contracts), persons imported first
	// The import.
	RawMethod        string  `json:"raw_method"`
	RawSeconds       float64 `json:"raw_seconds"`
	FloorSeconds     float64 `json:"floor_seconds"`
	ShebaoSeconds    float64 `json:"shebao_seconds"`
	RawRowsPerSec    float64 `json:"raw_rows_per_sec"`
	FloorRowsPerSec  float64 `json:"floor_rows_per_sec"`
	ShebaoRowsPerSec float64 `json:"rows_per_sec"`
	Ratio            float64 `json:"ratio"`       // shebao ÷ raw
	FloorRatio       float64 `json:"floor_ratio"` // shebao ÷ floor
	RerunSeconds     float64 `json:"rerun_seconds"`
	RerunUnchanged   int     `json:"rerun_unchanged"`
	PeakRSSMB        float64 `json:"peak_rss_mb"`
	// The statistics: verified transfers set up (untimed) on every fifth
	// household's 耕地, then the report for the district on StatsDate;
	// the median of StatsRuns runs of each.
	Transfers          int     `json:"transfers"`
	StatsDate          string  `json:"stats_date"`
	StatsRuns          int     `json:"stats_runs"`
	RawStatsSeconds    float64 `json:"raw_stats_seconds"`
	ShebaoStatsSeconds float64 `json:"shebao_stats_seconds"`
	StatsRatio         float64 `json:"stats_ratio"` // raw seconds ÷ shebao seconds
	ArableMu           string  `json:"arable_mu"`
	TransferredMu      string  `json:"transferred_mu"`
	SharePercent       string  `json:"share_percent"`
	TotalsEqual        bool    `json:"totals_equal"` // the report's arable and transferred area equal the raw statement's
	SetupSeconds       float64 `json:"setup_seconds"`
}

// ParcelsHeader is the header of the generated 确权 file.
var ParcelsHeader = []string{"地块编码", "承包方身份证号", "地块面积(亩)", "地类", "是否基本农田", "承包起始日期", "承包结束日期", "承包方编码", "承包合同编码"}

const parcelColumns = "code, id_no, area, land_class, basic, start_on, end_on, contractor, contract"

// landDistrict and landStatsDate: the statistics' region and day.
const (
	landDistrict  = "640106000000"
	landStatsDate = "2026-12-06"
)

// WriteParcelsCSV writes the 确权 data of the heads (身份证号 and village,
// in order) to path: each head contracts 2 or 3 parcels in turn (2.5 on
// average) until rows parcels are written, in a 村民小组 01–05 of the
// head's village; parcels of 1.00–4.50 亩, 80% 耕地 (a third of it 基本农田),
// 10% 园地, 5% 林地, 5% 其他, the second round 1998-01-01 to 2027-12-31.
// It returns the number of heads used.
func WriteParcelsCSV(path string, heads [][2]string, rows int, seed uint64) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(ParcelsHeader); err != nil {
		f.Close()
		return 0, err
	}
	r := rand.New(rand.NewPCG(seed, 0x1a4d))
	contractors, parcels := map[string]int{}, map[string]int{}
	written, used := 0, 0
	for h := 0; written < rows; h++ {
		if h >= len(heads) {
			f.Close()
			return 0, fmt.Errorf("bench: %d heads for %d parcels", len(heads), rows)
		}
		id, village := heads[h][0], heads[h][1]
		issuer := village + "0" + strconv.Itoa(1+h%5)
		contractors[issuer]++
		contractor := issuer + pad(contractors[issuer], 4)
		n := 2 + h%2
		for k := 0; k < n && written < rows; k++ {
			parcels[issuer]++
			class, basic := "耕地", "否"
			switch x := r.IntN(100); {
			case x < 27:
				basic = "是"
			case x < 80:
			case x < 90:
				class = "园地"
			case x < 95:
				class = "林地"
			default:
				class = "其他"
			}
			area := 100 + r.IntN(351)
			rec := []string{issuer + pad(parcels[issuer], 5), id, policy.Mu(area).String(), class, basic, "1998-01-01", "2027-12-31",
				contractor, contractor + "J"}
			if err := w.Write(rec); err != nil {
				f.Close()
				return 0, err
			}
			written++
		}
		used = h + 1
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return used, f.Close()
}

// readHeads reads the first n persons (身份证号, 所属区划) of the roster.
func readHeads(path string, n int) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	if _, err := cr.Read(); err != nil {
		return nil, err
	}
	out := make([][2]string, 0, n)
	for len(out) < n {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{rec[0], rec[4]})
	}
	return out, nil
}

// The raw load: the file into a plain table with the parcel's key.
const rawParcelsDDL = `CREATE TABLE bench_raw_parcels (code TEXT PRIMARY KEY, id_no TEXT, area TEXT, land_class TEXT, basic TEXT,
	start_on TEXT, end_on TEXT, contractor TEXT, contract TEXT)`

// The schema floor: the file into a plain staging table, then the rows the
// registry's schema holds into copies of its three tables (their columns,
// keys, indexes, checks and foreign keys), by INSERT … SELECT.
var floorParcelsDDL = []string{
	`CREATE TABLE bench_floor_parcels_stage (code TEXT, id_no TEXT, area TEXT, land_class TEXT, basic TEXT,
	start_on TEXT, end_on TEXT, contractor TEXT, contract TEXT)`,
	`CREATE TABLE bench_floor_issuers (code TEXT PRIMARY KEY, region_code TEXT NOT NULL REFERENCES regions (code),
	name TEXT NOT NULL, created_at TEXT NOT NULL)`,
	`CREATE TABLE bench_floor_contracts (code TEXT PRIMARY KEY, contractor_code TEXT NOT NULL,
	issuer_code TEXT NOT NULL REFERENCES bench_floor_issuers (code), region_code TEXT NOT NULL REFERENCES regions (code),
	head_id_no TEXT NOT NULL REFERENCES persons (id_no), household_id TEXT NOT NULL DEFAULT '', method TEXT NOT NULL,
	start_on TEXT NOT NULL, end_on TEXT NOT NULL, cert_no TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1,
	source TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	CHECK (start_on < end_on))`,
	`CREATE UNIQUE INDEX bench_floor_contracts_head ON bench_floor_contracts (issuer_code, head_id_no, method)`,
	`CREATE INDEX bench_floor_contracts_region ON bench_floor_contracts (region_code)`,
	`CREATE INDEX bench_floor_contracts_contractor ON bench_floor_contracts (contractor_code)`,
	`CREATE TABLE bench_floor_parcels (code TEXT PRIMARY KEY, contract_code TEXT NOT NULL REFERENCES bench_floor_contracts (code),
	region_code TEXT NOT NULL REFERENCES regions (code), area BIGINT NOT NULL CHECK (area > 0), land_class TEXT NOT NULL,
	basic_farmland INTEGER NOT NULL DEFAULT 0, bounds TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1,
	source TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)`,
	`CREATE INDEX bench_floor_parcels_contract ON bench_floor_parcels (contract_code)`,
	`CREATE INDEX bench_floor_parcels_region ON bench_floor_parcels (region_code)`,
}

const floorStamp = `'2026-01-01T00:00:00.000000Z'`

var floorParcelsAfter = []string{
	`INSERT INTO bench_floor_issuers (code, region_code, name, created_at)
	SELECT DISTINCT SUBSTR(code, 1, 14), SUBSTR(code, 1, 12), '村民小组', ` + floorStamp + ` FROM bench_floor_parcels_stage`,
	`INSERT INTO bench_floor_contracts (code, contractor_code, issuer_code, region_code, head_id_no, method, start_on, end_on,
	source, created_at, created_by, updated_at, updated_by)
	SELECT contract, MIN(contractor), MIN(SUBSTR(code, 1, 14)), MIN(SUBSTR(code, 1, 12)), MIN(id_no), '家庭承包', MIN(start_on), MIN(end_on),
		'import:0123456789abcdef0123456789abcdef#1000000', ` + floorStamp + `, 'system', ` + floorStamp + `, 'system'
	FROM bench_floor_parcels_stage GROUP BY contract`,
	`INSERT INTO bench_floor_parcels (code, contract_code, region_code, area, land_class, basic_farmland, source, created_at,
	created_by, updated_at, updated_by)
	SELECT code, contract, SUBSTR(code, 1, 12), CAST(ROUND(CAST(area AS NUMERIC) * 100) AS BIGINT), land_class,
		CASE WHEN basic = '是' THEN 1 ELSE 0 END, 'import:0123456789abcdef0123456789abcdef#1000000', ` + floorStamp + `, 'system', ` +
		floorStamp + `, 'system'
	FROM bench_floor_parcels_stage`,
}

// Land measures the import of o.Rows parcels (heads = 2/5 of them,
// imported first as persons, untimed) and the district's transfer
// statistics.
func Land(ctx context.Context, o ImportOptions) (*LandResult, error) {
	parcels := o.Rows
	if parcels < 5 {
		return nil, fmt.Errorf("bench: land: %d parcels, at least 5", parcels)
	}
	heads := (parcels*2 + 4) / 5
	po := o
	po.Rows = heads
	start := time.Now()
	e, err := setup(ctx, po)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	if err := importPersons(ctx, e.app, e.csvPath, heads); err != nil {
		return nil, err
	}
	hs, err := readHeads(e.csvPath, heads)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(e.dir, fmt.Sprintf("parcels-%d.csv", parcels))
	used, err := WriteParcelsCSV(path, hs, parcels, e.o.Seed)
	if err != nil {
		return nil, err
	}
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	res := &LandResult{Engine: e.engine, Parcels: parcels, Heads: used, StatsDate: landStatsDate, StatsRuns: 3,
		SetupSeconds: time.Since(start).Seconds()}
	e.logf("set up %d persons and wrote %d parcels in %.1fs", heads, parcels, res.SetupSeconds)

	raw := load{table: "bench_raw_parcels", ddl: []string{rawParcelsDDL}, path: path, columns: parcelColumns, cols: 9, rows: parcels}
	if res.RawMethod, res.RawSeconds, err = e.bulkLoad(ctx, raw); err != nil {
		return nil, fmt.Errorf("bench: raw load (%s): %w", res.RawMethod, err)
	}
	floor := load{table: "bench_floor_parcels", ddl: floorParcelsDDL, path: path, columns: parcelColumns, cols: 9, rows: parcels,
		into: "bench_floor_parcels_stage", after: floorParcelsAfter}
	if _, res.FloorSeconds, err = e.bulkLoad(ctx, floor); err != nil {
		return nil, fmt.Errorf("bench: schema floor: %w", err)
	}
	e.logf("raw load (%s) %.2fs, schema floor %.2fs", res.RawMethod, res.RawSeconds, res.FloorSeconds)

	reset := resetPeakRSS()
	start = time.Now()
	sum, err := ingest.Parcels(ctx, e.app, path, ingest.Options{})
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	if sum.Created != parcels || sum.Rejected != 0 {
		first := ""
		if len(sum.Errors) > 0 {
			first = fmt.Sprintf(" (first error: row %d %s: %s)", sum.Errors[0].Row, sum.Errors[0].Field, sum.Errors[0].Reason)
		}
		return nil, fmt.Errorf("bench: import parcels created %d of %d, rejected %d%s", sum.Created, parcels, sum.Rejected, first)
	}
	start = time.Now()
	again, err := ingest.Parcels(ctx, e.app, path, ingest.Options{})
	if err != nil {
		return nil, err
	}
	res.RerunSeconds, res.RerunUnchanged = time.Since(start).Seconds(), again.Unchanged
	if again.Unchanged != parcels {
		return nil, fmt.Errorf("bench: import parcels again: %d unchanged of %d", again.Unchanged, parcels)
	}
	res.RawRowsPerSec = float64(parcels) / res.RawSeconds
	res.FloorRowsPerSec = float64(parcels) / res.FloorSeconds
	res.ShebaoRowsPerSec = float64(parcels) / res.ShebaoSeconds
	res.Ratio = res.ShebaoRowsPerSec / res.RawRowsPerSec
	res.FloorRatio = res.ShebaoRowsPerSec / res.FloorRowsPerSec
	e.logf("import parcels: %d in %.2fs (ratio %.2f to raw, %.2f to the schema floor), re-run %.2fs",
		parcels, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds)

	if err := e.setUpTransfers(ctx, res); err != nil {
		return nil, err
	}
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	// The raw statement: the same two totals on the same tables, by town
	// (the report's first level), in one statement.
	rawStats := `SELECT a.town, a.arable, COALESCE(t.transferred, 0) FROM
		(SELECT SUBSTR(code, 1, 9) AS town, SUM(area) AS arable FROM land_parcels WHERE land_class = '耕地' AND code LIKE '640106%'
			GROUP BY SUBSTR(code, 1, 9)) a
		LEFT JOIN (SELECT SUBSTR(p.code, 1, 9) AS town, SUM(l.area) AS transferred
			FROM land_transfer_parcels l JOIN land_transfers t ON t.no = l.transfer_no JOIN land_parcels p ON p.code = l.parcel_code
			WHERE p.land_class = '耕地' AND t.verified_on <> '' AND t.start_on <= '` + landStatsDate + `'
				AND (CASE WHEN t.status = '已终止' THEN t.ended_on ELSE t.end_on END) >= '` + landStatsDate + `'
			GROUP BY SUBSTR(p.code, 1, 9)) t ON t.town = a.town`
	var rawTimes, shebaoTimes []float64
	var arable, transferred int64
	db, err := e.rawDB()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	for i := 0; i < res.StatsRuns; i++ {
		start = time.Now()
		arable, transferred = 0, 0
		rows, err := db.QueryContext(ctx, rawStats)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var town string
			var a, t int64
			if err := rows.Scan(&town, &a, &t); err != nil {
				rows.Close()
				return nil, err
			}
			arable, transferred = arable+a, transferred+t
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		rawTimes = append(rawTimes, time.Since(start).Seconds())
	}
	var rep *shebao.TransferReport
	for i := 0; i < res.StatsRuns; i++ {
		start = time.Now()
		if rep, err = e.app.Transfer.TransferReportAt(ctx, landDistrict, landStatsDate); err != nil {
			return nil, err
		}
		shebaoTimes = append(shebaoTimes, time.Since(start).Seconds())
	}
	res.RawStatsSeconds, res.ShebaoStatsSeconds = median(rawTimes), median(shebaoTimes)
	res.StatsRatio = res.RawStatsSeconds / res.ShebaoStatsSeconds
	res.ArableMu, res.TransferredMu, res.SharePercent = rep.ArableMu, rep.TransferredMu, rep.SharePercent
	res.TotalsEqual = rep.ArableMu == policy.Mu(arable).String() && rep.TransferredMu == policy.Mu(transferred).String()
	e.logf("report transfers: raw %.3fs, shebao %.3fs (ratio %.2f); arable %s, transferred %s (%s%%), totals equal %v",
		res.RawStatsSeconds, res.ShebaoStatsSeconds, res.StatsRatio, res.ArableMu, res.TransferredMu, res.SharePercent, res.TotalsEqual)
	return res, nil
}

// setUpTransfers writes, untimed and by plain SQL, one verified transfer
// (2024-01-01 to 2027-12-31, 600.00 元/亩/年) of every 耕地 parcel of every
// fifth household (contractor sequence divisible by 5) to one of three
// cooperatives: the data the statistics read.
func (e *env) setUpTransfers(ctx context.Context, res *LandResult) error {
	coop := func(i int) string { return demo.USCC("640106", 300000+i) }
	stmts := []string{
		`INSERT INTO land_transfers (no, form, region_code, transferee_kind, transferee_id, transferee_name, start_on, end_on, rent,
			purpose, status, verified_on, verified_by, source, created_at, created_by, updated_at, updated_by)
		SELECT 'LZ' || c.code, '入股', c.region_code, '合作社',
			CASE MOD(CAST(SUBSTR(c.contractor_code, 15, 4) AS INTEGER), 3) WHEN 0 THEN '` + coop(0) + `' WHEN 1 THEN '` + coop(1) + `' ELSE '` + coop(2) + `' END,
			'土地股份专业合作社', '2024-01-01', '2027-12-31', 60000, '种植粮食', '已鉴证', '2023-12-20', 'bench', 'bench',
			` + floorStamp + `, 'bench', ` + floorStamp + `, 'bench'
		FROM land_contracts c WHERE MOD(CAST(SUBSTR(c.contractor_code, 15, 4) AS INTEGER), 5) = 0
			AND EXISTS (SELECT 1 FROM land_parcels p WHERE p.contract_code = c.code AND p.land_class = '耕地')`,
		`INSERT INTO land_transfer_parcels (transfer_no, parcel_code, transferor_id_no, area, source)
		SELECT 'LZ' || c.code, p.code, c.head_id_no, p.area, 'bench'
		FROM land_contracts c JOIN land_parcels p ON p.contract_code = c.code
		WHERE MOD(CAST(SUBSTR(c.contractor_code, 15, 4) AS INTEGER), 5) = 0 AND p.land_class = '耕地'`,
	}
	for _, q := range stmts {
		if err := e.execRaw(ctx, q); err != nil {
			return fmt.Errorf("bench: transfers set-up: %w", err)
		}
	}
	return e.queryRaw(ctx, `SELECT COUNT(*) FROM land_transfers`, &res.Transfers)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
