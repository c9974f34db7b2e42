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
	PeakAnonMB    float64 `json:"peak_anon_mb"`
	TotalsEqual   bool    `json:"totals_equal"`
	// FloorSeconds is the schema floor (floor.go): the year's interest
	// movements and the accounts' new balances written by the engine
	// alone on the real tables; FloorRatio is FloorSeconds / ShebaoSeconds.
	Floor        *FloorResult `json:"floor"`
	FloorSeconds float64      `json:"floor_seconds"`
	FloorRatio   float64      `json:"ratio_to_floor"`
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
	if err := e.floorBefore(ctx, interestFloor); err != nil {
		return nil, err
	}
	restore, err := e.floorQuiet(ctx, interestFloor)
	if err != nil {
		return nil, err
	}
	reset := resetPeakRSS()
	start = time.Now()
	ir, err := e.app.Ledger.RunInterest(ctx, 2024)
	restore()
	if err != nil {
		return nil, err
	}
	res.ShebaoSeconds = time.Since(start).Seconds()
	if reset {
		res.PeakRSSMB, res.PeakAnonMB = peakRSSMB(), peakAnonMB()
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
	if res.Floor, err = e.floor(ctx, interestFloor); err != nil {
		return nil, err
	}
	if !res.Floor.Same || res.Floor.Rows["account_movements"] != ir.Credited || res.Floor.Rows["individual_accounts"] != ir.Credited {
		return nil, fmt.Errorf("bench: the schema floor wrote other rows than the interest run: %+v", res.Floor)
	}
	res.FloorSeconds = res.Floor.Seconds
	res.FloorRatio = res.FloorSeconds / res.ShebaoSeconds
	e.logf("interest for %d accounts: raw %.2fs, schema floor %.2fs, shebao %.2fs (ratio %.2f, to floor %.2f), re-run %.2fs, totals equal %v",
		o.Rows, res.RawSeconds, res.FloorSeconds, res.ShebaoSeconds, res.Ratio, res.FloorRatio, res.RerunSeconds, res.TotalsEqual)
	return res, nil
}
