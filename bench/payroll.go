package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/ingest"
)

// PayrollResult compares the monthly payroll (`RunPayroll`) for one
// benefit per person of the roster (three in ten employee pensions with an
// account part, two in ten residents' pensions, the rest land allowances)
// with one raw INSERT … SELECT of the same payment rows into a plain table
// with the payments' primary key, on the same engine in the same run. Like
// the product, the raw statement does not read the persons: a benefit's
// status is kept by the benefit (a death stops it).
type PayrollResult struct {
	Engine        string  `json:"engine"`
	Benefits      int     `json:"benefits"`
	Payments      int     `json:"payments"`
	RawSeconds    float64 `json:"raw_seconds"`
	ShebaoSeconds float64 `json:"shebao_seconds"`
	Ratio         float64 `json:"ratio"` // RawSeconds / ShebaoSeconds
	// FloorSeconds is the schema floor (floor.go): the payments, the
	// account parts' withdrawals, the new balances and the payments'
	// counters written by the engine alone on the real tables;
	// FloorRatio = FloorSeconds / ShebaoSeconds.
	Floor        *FloorResult `json:"floor"`
	FloorSeconds float64      `json:"floor_seconds"`
	FloorRatio   float64      `json:"ratio_to_floor"`
	RerunSeconds float64      `json:"rerun_seconds"`
	PeakRSSMB    float64      `json:"peak_rss_mb"`
	PeakAnonMB   float64      `json:"peak_anon_mb"`
	TotalsEqual  bool         `json:"totals_equal"`
	// Phases and RerunPhases are the seconds spent in each phase of the
	// run and of the re-run (PayrollOptions.Phase), summed over chunks.
	Phases      phaseTimes `json:"phases"`
	RerunPhases phaseTimes `json:"rerun_phases"`
}

// phaseTimes sums the time of a run's phases, in the order first seen.
type phaseTimes struct {
	order []string
	secs  map[string]float64
}

func (p *phaseTimes) add(phase string, d time.Duration) {
	if p.secs == nil {
		p.secs = map[string]float64{}
	}
	if _, ok := p.secs[phase]; !ok {
		p.order = append(p.order, phase)
	}
	p.secs[phase] += d.Seconds()
}

// MarshalJSON writes the phases in the order first seen.
func (p phaseTimes) MarshalJSON() ([]byte, error) {
	type phase struct {
		Phase   string  `json:"phase"`
		Seconds float64 `json:"seconds"`
	}
	out := make([]phase, 0, len(p.order))
	for _, k := range p.order {
		out = append(out, phase{k, p.secs[k]})
	}
	return json.Marshal(out)
}

func (p phaseTimes) String() string {
	var b strings.Builder
	for i, k := range p.order {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %.2fs", k, p.secs[k])
	}
	return b.String()
}

// payrollSeed inserts one benefit per person, its amount and the pension
// accounts, set-based, straight into the tables (the benchmark measures the
// payroll, not the determinations).
//
// The rows are laid out as a district's are. A benefit's id begins with the
// time it was made (sqldb newID), so benefits and their amounts are stored
// in the order of their ids, the order the payroll's chunks read them in:
// the seed inserts them ordered by id. A pension account is opened when the
// person first enrols, decades before the benefit, so the accounts are
// stored in an order unrelated to the benefits': the seed orders them by
// the sequence code of the 身份证号 (positions 15–17) first. Seeded in the
// roster's order instead (as before 2026-12-08), the benefits' heap was
// uncorrelated with their ids (pg_stats correlation 0.15), each chunk read
// pages spread over the whole table, and at 10,000,000 benefits the payroll
// measured the machine's page cache rather than the product
// (docs/BENCHMARKS.md, "The payroll at 10,000,000").
var payrollSeed = []string{
	`INSERT INTO benefits (id, id_no, scheme, kind, region_code, status, start_month, end_month, monthly, bank_account, source, explanation,
		detail, created_at, created_by, approved_by, updated_at, updated_by)
	SELECT 'b' || id_no, id_no,
		CASE WHEN SUBSTR(id_no, 17, 1) IN ('0', '1', '2') THEN '110' WHEN SUBSTR(id_no, 17, 1) IN ('3', '4') THEN '170' ELSE '910' END,
		CASE WHEN SUBSTR(id_no, 17, 1) IN ('0', '1', '2') THEN 'pension' WHEN SUBSTR(id_no, 17, 1) IN ('3', '4') THEN 'resident_pension' ELSE 'land_allowance' END,
		region_code, '正常发放', '2025-01', '',
		CASE WHEN SUBSTR(id_no, 17, 1) IN ('0', '1', '2') THEN 371914 WHEN SUBSTR(id_no, 17, 1) IN ('3', '4') THEN 48271 ELSE 16000 END,
		'6228480000' || SUBSTR(id_no, 9, 9), 'bench', '基准测试', '', '2026-01-01T00:00:00.000000Z', 'bench', '', '2026-01-01T00:00:00.000000Z', 'bench'
	FROM persons WHERE status = '正常' ORDER BY id_no`,
	`INSERT INTO benefit_amounts (benefit_id, id_no, from_month, to_month, monthly, account_part, basic_part, explanation, source, created_at, created_by)
	SELECT id, id_no, '2025-01', '', monthly,
		CASE kind WHEN 'pension' THEN 107914 WHEN 'resident_pension' THEN 35971 ELSE 0 END,
		CASE kind WHEN 'resident_pension' THEN 12300 ELSE 0 END, '基准测试', 'determination', '2026-01-01T00:00:00.000000Z', 'bench'
	FROM benefits ORDER BY id`,
	`INSERT INTO individual_accounts (fund, id_no, balance, opened, updated_at)
	SELECT scheme, id_no, CASE WHEN SUBSTR(id_no, 16, 1) = '0' THEN 50000 ELSE 10000000 END, '2024-12-31', '2026-01-01T00:00:00.000000Z'
	FROM benefits WHERE scheme IN ('110', '170') ORDER BY SUBSTR(id_no, 15, 3), id_no`,
	`INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
	SELECT fund, id_no, 'credit', 'opening', '2024-12-31', balance, 'bench', 'bench', '2026-01-01T00:00:00.000000Z' FROM individual_accounts`,
}

const payrollRaw = `INSERT INTO bench_raw_payments (benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part,
		bank_account, status, batch, created_at)
	SELECT b.id, '2025-03', b.id_no, b.scheme, b.kind, b.region_code, a.monthly,
		CASE WHEN a.account_part <= 0 OR ia.balance IS NULL OR ia.balance <= 0 THEN 0 WHEN a.account_part < ia.balance THEN a.account_part ELSE ia.balance END,
		a.basic_part, b.bank_account, '待发放', 'raw', '2026-01-01T00:00:00.000000Z'
	FROM benefits b
	JOIN benefit_amounts a ON a.benefit_id = b.id AND a.id_no = b.id_no
	LEFT JOIN individual_accounts ia ON ia.fund = b.scheme AND ia.id_no = b.id_no
	WHERE b.status = '正常发放' AND b.start_month <= '2025-03' AND (b.end_month = '' OR b.end_month >= '2025-03')
		AND a.from_month <= '2025-03' AND (a.to_month = '' OR a.to_month >= '2025-03')`

// seedPayroll imports the roster and seeds the benefits, their amounts and
// the pension accounts with their opening ledger entry.
func seedPayroll(ctx context.Context, e *env) error {
	if s, err := ingest.Persons(ctx, e.app, e.csvPath, ingest.Options{}); err != nil || s.Created != e.o.Rows {
		return fmt.Errorf("bench: persons %+v: %v", s, err)
	}
	for _, q := range payrollSeed {
		if err := e.execRaw(ctx, q); err != nil {
			return fmt.Errorf("bench: seed: %w", err)
		}
	}
	// The accounts' opening balance in the ledger, so that the liability
	// 2301 equals the accounts as ledger check requires.
	for _, fund := range []string{"110", "170"} {
		var sum int64
		if err := e.queryRaw(ctx, `SELECT COALESCE(CAST(SUM(balance) AS BIGINT), 0) FROM individual_accounts WHERE fund = '`+fund+`'`, &sum); err != nil {
			return err
		}
		if lines := shebao.IndividualAccountLines(shebao.Money(sum)); lines != nil {
			if _, err := e.app.Ledger.Post(ctx, &shebao.Entry{Fund: fund, Date: "2024-12-31", Kind: shebao.PostOpening, Source: "bench",
				Description: "个人账户期初余额", Lines: lines}); err != nil {
				return err
			}
		}
	}
	if e.engine == "postgres" {
		if err := e.execRaw(ctx, `ANALYZE`); err != nil {
			return err
		}
	}
	return nil
}

// Payroll seeds o.Rows benefits and measures the payroll of 2025-03 against
// the raw INSERT … SELECT of the same payments; then the re-run (which must
// pay nothing), the totals against the raw rows and `ledger check`.
func Payroll(ctx context.Context, o ImportOptions) (*PayrollResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	start := time.Now()
	if err := seedPayroll(ctx, e); err != nil {
		return nil, err
	}
	e.logf("set up %d persons and benefits in %.1fs", o.Rows, time.Since(start).Seconds())
	res := &PayrollResult{Engine: e.engine, Benefits: o.Rows}
	if err := e.execRaw(ctx, `CREATE TABLE bench_raw_payments (benefit_id TEXT NOT NULL, month TEXT NOT NULL, id_no TEXT NOT NULL,
		scheme TEXT NOT NULL, kind TEXT NOT NULL, region_code TEXT NOT NULL, amount BIGINT NOT NULL, account_part BIGINT NOT NULL,
		basic_part BIGINT NOT NULL, bank_account TEXT NOT NULL, status TEXT NOT NULL, batch TEXT NOT NULL, created_at TEXT NOT NULL,
		PRIMARY KEY (benefit_id, month, id_no))`); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := e.execRaw(ctx, payrollRaw); err != nil {
		return nil, err
	}
	res.RawSeconds = time.Since(start).Seconds()
	if err := e.floorBefore(ctx, payrollFloor); err != nil {
		return nil, err
	}
	restore, err := e.floorQuiet(ctx, payrollFloor)
	if err != nil {
		return nil, err
	}
	reset := resetPeakRSS()
	start = time.Now()
	pr, err := e.app.Benefit.RunPayroll(ctx, "2025-03", shebao.PayrollOptions{Phase: res.Phases.add})
	restore()
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB, res.PeakAnonMB = peakRSSMB(), peakAnonMB()
	}
	res.Payments = pr.Payments
	start = time.Now()
	if again, err := e.app.Benefit.RunPayroll(ctx, "2025-03", shebao.PayrollOptions{Phase: res.RerunPhases.add}); err != nil || again.Payments != 0 {
		return nil, fmt.Errorf("bench: second payroll run paid %v: %v", again, err)
	}
	res.RerunSeconds = time.Since(start).Seconds()
	var n int
	var total, acct int64
	if err := e.queryRaw(ctx, `SELECT COUNT(*), SUM(amount), SUM(account_part) FROM bench_raw_payments`, &n, &total, &acct); err != nil {
		return nil, err
	}
	res.TotalsEqual = n == pr.Payments && shebao.Money(total) == pr.Total && shebao.Money(acct) == pr.AccountPart
	res.Ratio = res.RawSeconds / res.ShebaoSeconds
	if res.Floor, err = e.floor(ctx, payrollFloor); err != nil {
		return nil, err
	}
	if !res.Floor.Same || res.Floor.Rows["benefit_payments"] != pr.Payments {
		return nil, fmt.Errorf("bench: the schema floor wrote other rows than the payroll: %+v", res.Floor)
	}
	res.FloorSeconds = res.Floor.Seconds
	res.FloorRatio = res.FloorSeconds / res.ShebaoSeconds
	check, err := e.app.Ledger.CheckLedger(ctx)
	if err != nil {
		return nil, err
	}
	if !check.Balanced {
		return nil, fmt.Errorf("bench: ledger not balanced after the payroll: %v", check.Problems)
	}
	e.logf("payroll of %d benefits: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to floor %.2f), re-run %.2fs, peak RSS %.0f MB, totals equal %v",
		o.Rows, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds, res.PeakRSSMB, res.TotalsEqual)
	e.logf("payroll phases: %s", res.Phases)
	e.logf("re-run phases: %s", res.RerunPhases)
	return res, nil
}
