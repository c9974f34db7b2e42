package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/ingest"
)

// AssistResult compares the monthly 低保 payroll (issue #18 item 10: the
// payroll run for kind dibao at one benefit per household, paid from the
// 社会救助资金) with the engine alone, in the same run on the same engine:
// the raw INSERT … SELECT of the same payment rows into a plain table with
// the payments' primary key, and the schema floor — the same statement into
// a table with the payments' primary key and their three secondary indexes
// (a 低保 payment has no individual-account part, so no movement or account
// is written). Then the release (the second clerk's approval: the payments
// 已发放 and the bank entry Dr 2101 / Cr 1002 of the fund), the bank file
// (.csv and .xlsx, ingest.WritePayrollFiles) next to the raw read of its
// rows, the re-run (which must pay nothing) and `ledger check`.
type AssistResult struct {
	Engine        string  `json:"engine"`
	Households    int     `json:"households"`
	Payments      int     `json:"payments"`
	Total         string  `json:"total"`
	RawSeconds    float64 `json:"raw_seconds"`
	FloorSeconds  float64 `json:"floor_seconds"`
	ShebaoSeconds float64 `json:"shebao_seconds"`
	Ratio         float64 `json:"ratio"`       // RawSeconds / ShebaoSeconds
	FloorRatio    float64 `json:"floor_ratio"` // FloorSeconds / ShebaoSeconds
	// ReleaseSeconds is the approval of the month's release; BankFile the
	// writing of the bank file, RawBankRead the engine's read of the same
	// rows (name, number, account, amount) alone.
	ReleaseSeconds  float64 `json:"release_seconds"`
	BankFileSeconds float64 `json:"bank_file_seconds"`
	RawBankRead     float64 `json:"raw_bank_read_seconds"`
	RerunSeconds    float64 `json:"rerun_seconds"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	// TotalsEqual: the payroll's count and total equal the raw rows'; the
	// fund's 5201 最低生活保障金支出 equals the total; the bank file's rows
	// equal the payments.
	TotalsEqual bool       `json:"totals_equal"`
	Phases      phaseTimes `json:"phases"`
}

// assistSeed inserts one 低保 benefit per living person of the roster (the
// household's applicant) with its amount, set-based (the benchmark
// measures the payroll, not the cases' decisions). The amounts are those
// of households of 1 to 4 members at the rural standard 520.00 by the
// 17th digit: 520.00 × 1 − 0 = 520.00; × 2 − 300.00 = 740.00; × 3 −
// 800.00 = 760.00 (the fixture's household); × 4 − 1200.00 = 880.00.
var assistSeed = []string{
	`INSERT INTO benefits (id, id_no, scheme, kind, region_code, status, start_month, end_month, monthly, bank_account, source, explanation,
		detail, created_at, created_by, approved_by, updated_at, updated_by)
	SELECT 'd' || id_no, id_no, '` + shebao.FundAssistance + `', '` + shebao.BenefitDibao + `', region_code, '正常发放', '2025-01', '',
		CASE WHEN SUBSTR(id_no, 17, 1) IN ('0', '1') THEN 52000 WHEN SUBSTR(id_no, 17, 1) IN ('2', '3', '4') THEN 74000
			WHEN SUBSTR(id_no, 17, 1) IN ('5', '6', '7') THEN 76000 ELSE 88000 END,
		'6228480000' || SUBSTR(id_no, 9, 9), 'assist:bench-' || id_no, '基准测试', '', '2026-01-01T00:00:00.000000Z', 'bench', 'bench',
		'2026-01-01T00:00:00.000000Z', 'bench'
	FROM persons WHERE status = '正常'`,
	`INSERT INTO benefit_amounts (benefit_id, id_no, from_month, to_month, monthly, account_part, basic_part, explanation, source, created_at, created_by)
	SELECT id, id_no, '2025-01', '', monthly, 0, 0, '基准测试', 'determination', '2026-01-01T00:00:00.000000Z', 'bench'
	FROM benefits WHERE kind = '` + shebao.BenefitDibao + `'`,
}

// assistRaw is payrollRaw for the 低保 benefits.
var assistRaw = strings.Replace(payrollRaw, "WHERE b.status", "WHERE b.kind = '"+shebao.BenefitDibao+"' AND b.status", 1)

// Assist seeds o.Rows 低保 households and measures the month's payroll of
// 2025-03 (see AssistResult).
func Assist(ctx context.Context, o ImportOptions) (*AssistResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	start := time.Now()
	if s, err := ingest.Persons(ctx, e.app, e.csvPath, ingest.Options{}); err != nil || s.Created != e.o.Rows {
		return nil, fmt.Errorf("bench: persons %+v: %v", s, err)
	}
	for _, q := range assistSeed {
		if err := e.execRaw(ctx, q); err != nil {
			return nil, fmt.Errorf("bench: seed: %w", err)
		}
	}
	// The month's budget, so that the fund pays from a balance.
	if _, _, err := e.app.Ledger.RecordAssistBudget(ctx, shebao.AssistBudget{Doc: "基准测试〔2025〕1号", Date: "2025-03-01",
		Amount: shebao.Money(int64(o.Rows) * 100000)}); err != nil {
		return nil, err
	}
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	e.logf("set up %d 低保 households in %.1fs", o.Rows, time.Since(start).Seconds())
	res := &AssistResult{Engine: e.engine, Households: o.Rows}
	for _, q := range []string{
		`CREATE TABLE bench_raw_payments (benefit_id TEXT NOT NULL, month TEXT NOT NULL, id_no TEXT NOT NULL,
		scheme TEXT NOT NULL, kind TEXT NOT NULL, region_code TEXT NOT NULL, amount BIGINT NOT NULL, account_part BIGINT NOT NULL,
		basic_part BIGINT NOT NULL, bank_account TEXT NOT NULL, status TEXT NOT NULL, batch TEXT NOT NULL, created_at TEXT NOT NULL,
		PRIMARY KEY (benefit_id, month, id_no))`,
		`CREATE TABLE bench_floor_payments AS SELECT * FROM bench_raw_payments WHERE 1 = 0`,
		`CREATE UNIQUE INDEX bench_floor_pk ON bench_floor_payments (benefit_id, month, id_no)`,
		`CREATE INDEX bench_floor_month ON bench_floor_payments (month, scheme, status)`,
		`CREATE INDEX bench_floor_batch ON bench_floor_payments (batch)`,
		`CREATE INDEX bench_floor_person ON bench_floor_payments (id_no, month)`,
	} {
		if err := e.execRaw(ctx, q); err != nil {
			return nil, err
		}
	}
	start = time.Now()
	if err := e.execRaw(ctx, assistRaw); err != nil {
		return nil, err
	}
	res.RawSeconds = time.Since(start).Seconds()
	start = time.Now()
	if err := e.execRaw(ctx, strings.Replace(assistRaw, "bench_raw_payments", "bench_floor_payments", 1)); err != nil {
		return nil, err
	}
	res.FloorSeconds = time.Since(start).Seconds()

	reset := resetPeakRSS()
	start = time.Now()
	pr, err := e.app.Benefit.RunPayroll(ctx, "2025-03", shebao.PayrollOptions{Phase: res.Phases.add})
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	res.Payments, res.Total = pr.Payments, pr.Total.String()
	if pr.Release == nil {
		return nil, fmt.Errorf("bench: the payroll submitted no release")
	}
	checker := shebao.WithActor(ctx, shebao.Actor{Name: "bench-checker", Role: shebao.SystemActor.Role, Remote: "bench"})
	start = time.Now()
	if _, err := e.app.Approve.DecideApproval(checker, pr.Release.ID, true, ""); err != nil {
		return nil, fmt.Errorf("bench: release: %w", err)
	}
	res.ReleaseSeconds = time.Since(start).Seconds()
	start = time.Now()
	_, rows, fileTotal, err := ingest.WritePayrollFiles(ctx, e.app, "2025-03", e.dir, shebao.PaymentReleased)
	if err != nil {
		return nil, err
	}
	res.BankFileSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	start = time.Now()
	var readN int
	var readSum int64
	if err := e.queryRaw(ctx, `SELECT COUNT(*), CAST(SUM(LENGTH(p.name) + LENGTH(b.id_no) + LENGTH(b.bank_account)) AS BIGINT)
		FROM benefit_payments b JOIN persons p ON p.id_no = b.id_no WHERE b.month = '2025-03' AND b.status = '`+shebao.PaymentReleased+`'`,
		&readN, &readSum); err != nil {
		return nil, err
	}
	res.RawBankRead = time.Since(start).Seconds()
	start = time.Now()
	if again, err := e.app.Benefit.RunPayroll(ctx, "2025-03", shebao.PayrollOptions{}); err != nil || again.Payments != 0 {
		return nil, fmt.Errorf("bench: second payroll run paid %v: %v", again, err)
	}
	res.RerunSeconds = time.Since(start).Seconds()
	var n int
	var total int64
	if err := e.queryRaw(ctx, `SELECT COUNT(*), CAST(SUM(amount) AS BIGINT) FROM bench_raw_payments`, &n, &total); err != nil {
		return nil, err
	}
	bs, err := e.app.Ledger.AccountBalances(ctx, shebao.FundAssistance, "2025-03-31")
	if err != nil {
		return nil, err
	}
	var expense shebao.Money
	for _, b := range bs {
		if b.Code == shebao.AcctDibaoExpense {
			expense = b.Balance
		}
	}
	res.TotalsEqual = n == pr.Payments && shebao.Money(total) == pr.Total && expense == pr.Total && rows == n && fileTotal == pr.Total && readN == n
	res.Ratio = res.RawSeconds / res.ShebaoSeconds
	res.FloorRatio = res.FloorSeconds / res.ShebaoSeconds
	check, err := e.app.Ledger.CheckLedger(ctx)
	if err != nil {
		return nil, err
	}
	if !check.Balanced {
		return nil, fmt.Errorf("bench: ledger not balanced after the 低保 payroll: %v", check.Problems)
	}
	e.logf("低保 payroll of %d households: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to floor %.2f), release %.2fs, bank file %.2fs (raw read %.2fs), re-run %.2fs, peak RSS %.0f MB, totals equal %v",
		o.Rows, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.ReleaseSeconds, res.BankFileSeconds,
		res.RawBankRead, res.RerunSeconds, res.PeakRSSMB, res.TotalsEqual)
	e.logf("低保 payroll phases: %s", res.Phases)
	return res, nil
}
