package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/shebao/shebao"
)

// InterestResult compares the annual interest run with a raw INSERT … SELECT
// computing the same interest rows.
type InterestResult struct {
	Engine        string  `json:"engine"`
	Accounts      int     `json:"accounts"`
	RawSeconds    float64 `json:"raw_seconds"`
	ShebaoSeconds float64 `json:"shebao_seconds"`
	Ratio         float64 `json:"ratio"`
	RerunSeconds  float64 `json:"rerun_seconds"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	TotalsEqual   bool    `json:"totals_equal"`
	// FloorSeconds is the work any interest run must do on this schema,
	// done by the engine alone: the same INSERT … SELECT of the movements
	// (all their columns) into a copy of account_movements with its rows
	// and key, then one UPDATE … FROM of a copy of individual_accounts
	// (rows, key and index) adding them to the balances. FloorRatio is
	// FloorSeconds / ShebaoSeconds.
	FloorSeconds float64 `json:"floor_seconds"`
	FloorRatio   float64 `json:"floor_ratio"`
}

// Interest measures `shebao run interest` for o.Rows pension accounts, each
// with an opening balance (2023) and a credit in 2024, against one raw
// INSERT … SELECT of the same interest amounts into a plain table.
func Interest(ctx context.Context, o ImportOptions) (*InterestResult, error) {
	e, err := setup(ctx, o)
	if err != nil {
		return nil, err
	}
	defer e.close()
	ctx = admin(ctx)
	if err := importPersons(ctx, e.app, e.csvPath, o.Rows); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := PrepareInterest(ctx, e.app, o.Rows); err != nil {
		return nil, err
	}
	e.logf("set up %d accounts in %.1fs", o.Rows, time.Since(start).Seconds())
	if err := e.analyze(ctx); err != nil {
		return nil, err
	}
	res := &InterestResult{Engine: e.engine, Accounts: o.Rows}
	// Raw: the same amounts (2.62%, integer arithmetic rounded half up) by
	// one INSERT … SELECT into a plain table with the movements' key. The
	// sums are cast back to BIGINT: PostgreSQL's SUM(bigint) is numeric,
	// whose division does not truncate.
	if err := e.execRaw(ctx, `CREATE TABLE bench_raw_interest (fund TEXT NOT NULL, id_no TEXT NOT NULL, kind TEXT NOT NULL,
		source TEXT NOT NULL, moved_on TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (fund, id_no, kind, source))`); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := e.execRaw(ctx, `INSERT INTO bench_raw_interest (fund, id_no, kind, source, moved_on, amount)
		SELECT '110', id_no, 'interest', 'interest:2024', '2024-12-31', (opening * 26200 * 2000 + credits * 26200 * 1083 + 1000000000) / 2000000000
		FROM (SELECT id_no, CAST(SUM(CASE WHEN moved_on < '2024-01-01' THEN amount ELSE 0 END) AS BIGINT) AS opening,
				CAST(SUM(CASE WHEN moved_on >= '2024-01-01' AND kind IN ('credit', 'transfer_in') THEN amount ELSE 0 END) AS BIGINT) AS credits
			FROM account_movements WHERE fund = '110' AND moved_on <= '2024-12-31' GROUP BY id_no) x`); err != nil {
		return nil, err
	}
	res.RawSeconds = time.Since(start).Seconds()
	for _, q := range []string{
		`CREATE TABLE bench_floor_movements AS SELECT * FROM account_movements`,
		`CREATE UNIQUE INDEX bench_floor_movements_key ON bench_floor_movements (fund, id_no, kind, source)`,
		`CREATE TABLE bench_floor_accounts AS SELECT * FROM individual_accounts`,
		`CREATE UNIQUE INDEX bench_floor_accounts_key ON bench_floor_accounts (fund, id_no)`,
		`CREATE INDEX bench_floor_accounts_person ON bench_floor_accounts (id_no)`,
	} {
		if err := e.execRaw(ctx, q); err != nil {
			return nil, err
		}
	}
	if e.engine == "postgres" {
		if err := e.execRaw(ctx, `ANALYZE`); err != nil {
			return nil, err
		}
	}
	start = time.Now()
	for _, q := range []string{
		`INSERT INTO bench_floor_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
		SELECT '110', id_no, 'interest', 'interest:2024', '2024-12-31', (opening * 26200 * 2000 + credits * 26200 * 1083 + 1000000000) / 2000000000,
			'floor', 'bench', '2026-01-01T00:00:00.000000Z'
		FROM (SELECT id_no, CAST(SUM(CASE WHEN moved_on < '2024-01-01' THEN amount ELSE 0 END) AS BIGINT) AS opening,
				CAST(SUM(CASE WHEN moved_on >= '2024-01-01' AND kind IN ('credit', 'transfer_in') THEN amount ELSE 0 END) AS BIGINT) AS credits
			FROM account_movements WHERE fund = '110' AND moved_on <= '2024-12-31' GROUP BY id_no) x`,
		`UPDATE bench_floor_accounts SET balance = bench_floor_accounts.balance + x.amount, updated_at = '2026-01-01T00:00:00.000000Z'
		FROM (SELECT id_no, amount FROM bench_floor_movements WHERE fund = '110' AND kind = 'interest' AND source = 'interest:2024') x
		WHERE bench_floor_accounts.fund = '110' AND bench_floor_accounts.id_no = x.id_no`,
	} {
		if err := e.execRaw(ctx, q); err != nil {
			return nil, err
		}
	}
	res.FloorSeconds = time.Since(start).Seconds()
	reset := resetPeakRSS()
	start = time.Now()
	ir, err := e.app.Ledger.RunInterest(ctx, 2024)
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB = peakRSSMB()
	}
	start = time.Now()
	if again, err := e.app.Ledger.RunInterest(ctx, 2024); err != nil || again.Credited != 0 {
		return nil, fmt.Errorf("bench: second interest run credited %v: %v", again, err)
	}
	res.RerunSeconds = time.Since(start).Seconds()
	var n int
	var total int64
	if err := e.queryRaw(ctx, `SELECT COUNT(*), SUM(amount) FROM bench_raw_interest`, &n, &total); err != nil {
		return nil, err
	}
	res.TotalsEqual = n == ir.Credited && shebao.Money(total) == ir.Total
	res.Ratio = res.RawSeconds / res.ShebaoSeconds
	res.FloorRatio = res.FloorSeconds / res.ShebaoSeconds
	e.logf("interest for %d accounts: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to floor %.2f), re-run %.2fs, totals equal %v",
		o.Rows, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds, res.TotalsEqual)
	return res, nil
}
