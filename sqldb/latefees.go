package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// Late fees (滞纳金) of every payer: data access for collect.Service
// (collect/latefees.go has the rule). late_fees holds the fees assessed
// (positive) and cancelled by corrections (negative), late_fee_collections
// what payments paid of them (negative: reversed by a correction).

var (
	lateFeeTable = bulkTable{name: "late_fees",
		cols: []string{"payment_id", "payer_kind", "payer", "period", "seq", "scheme", "principal", "days", "daily_rate", "amount",
			"assessed_on", "explain"},
		pgTypes: []string{"text", "text", "text", "text", "bigint", "text", "bigint", "bigint", "bigint", "bigint", "text", "text"}}
	feeCollectionTable = bulkTable{name: "late_fee_collections",
		cols:    []string{"payment_id", "payer_kind", "payer", "seq", "scheme", "amount", "paid_on"},
		pgTypes: []string{"text", "text", "text", "bigint", "text", "bigint", "text"}}
)

// InsertLateFees writes late fees assessed or cancelled.
func (db *DB) InsertLateFees(ctx context.Context, payer *shebao.Payer, rows []shebao.LateFeeRow) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	ins := make([][]any, len(rows))
	for i, r := range rows {
		ins[i] = []any{r.PaymentID, payer.Kind, payer.Key, string(r.Period), int64(r.Seq), r.Scheme, int64(r.Principal), int64(r.Days),
			int64(r.DailyRate), int64(r.Amount), r.AssessedOn, r.Explain}
	}
	return db.Update(ctx, func(tx *Tx) error { return tx.bulkInsert(ctx, lateFeeTable, ins) })
}

// InsertFeeCollections writes late fees paid or reversed.
func (db *DB) InsertFeeCollections(ctx context.Context, payer *shebao.Payer, rows []shebao.FeeCollection) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	ins := make([][]any, len(rows))
	for i, r := range rows {
		ins[i] = []any{r.PaymentID, payer.Kind, payer.Key, int64(r.Seq), r.Scheme, int64(r.Amount), r.PaidOn}
	}
	return db.Update(ctx, func(tx *Tx) error { return tx.bulkInsert(ctx, feeCollectionTable, ins) })
}

// sumsByScheme reads (scheme, amount) rows into a map.
func (db *DB) sumsByScheme(ctx context.Context, q string, args ...any) (map[string]shebao.Money, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]shebao.Money{}
	for rows.Next() {
		var s string
		var v int64
		if err := rows.Scan(&s, &v); err != nil {
			return nil, err
		}
		out[s] += shebao.Money(v)
	}
	return out, rows.Err()
}

// FeeTotals returns the payer's late fees assessed (net of cancellations)
// and collected (net of reversals), by scheme.
func (db *DB) FeeTotals(ctx context.Context, payer *shebao.Payer) (assessed, collected map[string]shebao.Money, err error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, nil, err
	}
	if assessed, err = db.sumsByScheme(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM late_fees WHERE payer_kind = $1 AND payer = $2
		GROUP BY scheme`, payer.Kind, payer.Key); err != nil {
		return nil, nil, err
	}
	collected, err = db.sumsByScheme(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM late_fee_collections WHERE payer_kind = $1 AND payer = $2
		GROUP BY scheme`, payer.Kind, payer.Key)
	return assessed, collected, err
}

// FeeTotalsAsOf is FeeTotals counting only what happened by asOf
// (YYYY-MM-DD): fees assessed or cancelled on or before it, and fees paid
// or reversed on or before it, leaving out those of corrected payments
// (as BillsAsOf does).
func (db *DB) FeeTotalsAsOf(ctx context.Context, payer *shebao.Payer, asOf string) (assessed, collected map[string]shebao.Money, err error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, nil, err
	}
	if assessed, err = db.sumsByScheme(ctx, `SELECT f.scheme, CAST(SUM(f.amount) AS BIGINT) FROM late_fees f JOIN payments p ON p.id = f.payment_id
		WHERE f.payer_kind = $1 AND f.payer = $2 AND f.assessed_on <= $3 AND `+notCorrected+` GROUP BY f.scheme`, payer.Kind, payer.Key, asOf); err != nil {
		return nil, nil, err
	}
	collected, err = db.sumsByScheme(ctx, `SELECT f.scheme, CAST(SUM(f.amount) AS BIGINT) FROM late_fee_collections f JOIN payments p ON p.id = f.payment_id
		WHERE f.payer_kind = $1 AND f.payer = $2 AND f.paid_on <= $3 AND `+notCorrected+` GROUP BY f.scheme`, payer.Kind, payer.Key, asOf)
	return assessed, collected, err
}

// FeesCollectedBy returns what the payments paid of late fees, net, by
// scheme.
func (db *DB) FeesCollectedBy(ctx context.Context, payer *shebao.Payer, paymentIDs []string) (map[string]shebao.Money, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	cond, args := (&Tx{db: db}).inKeys("payment_id", paymentIDs, []any{payer.Kind, payer.Key})
	return db.sumsByScheme(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM late_fee_collections WHERE payer_kind = $1 AND payer = $2 AND `+
		cond+` GROUP BY scheme`, args...)
}

// LateFeesBy returns the late fees a payment's allocations assessed, by
// month and scheme (principal and amount summed over its seqs).
func (db *DB) LateFeesBy(ctx context.Context, payer *shebao.Payer, paymentID string) ([]shebao.LateFeeRow, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT period, scheme, CAST(SUM(principal) AS BIGINT), MAX(days), MAX(daily_rate), CAST(SUM(amount) AS BIGINT)
		FROM late_fees WHERE payment_id = $1 AND payer_kind = $2 AND payer = $3 GROUP BY period, scheme ORDER BY period, scheme`,
		paymentID, payer.Kind, payer.Key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.LateFeeRow
	for rows.Next() {
		r := shebao.LateFeeRow{PaymentID: paymentID}
		var principal, rate, amount int64
		if err := rows.Scan(&r.Period, &r.Scheme, &principal, &r.Days, &rate, &amount); err != nil {
			return nil, err
		}
		r.Principal, r.DailyRate, r.Amount = shebao.Money(principal), shebao.Rate(rate), shebao.Money(amount)
		out = append(out, r)
	}
	return out, rows.Err()
}

// NextFeeSeq is the seq of a payment's next collection of late fees from
// its 暂收款.
func (db *DB) NextFeeSeq(ctx context.Context, paymentID string) (int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, err
	}
	var seq int
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM late_fee_collections WHERE payment_id = $1`, paymentID).Scan(&seq)
	return seq, err
}

// LateFeeList returns the payer's late fees as assessed or cancelled, per
// month and payment (or correction) receipt, oldest first; period "" is
// every month.
func (db *DB) LateFeeList(ctx context.Context, payer *shebao.Payer, period shebao.Period) ([]shebao.LateFee, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	q := `SELECT f.period, p.receipt_no, CAST(SUM(f.principal) AS BIGINT), MAX(f.days), MAX(f.daily_rate), CAST(SUM(f.amount) AS BIGINT),
		MAX(f.assessed_on), MAX(f.explain)
		FROM late_fees f JOIN payments p ON p.id = f.payment_id WHERE f.payer_kind = $1 AND f.payer = $2`
	args := []any{payer.Kind, payer.Key}
	if period != "" {
		q += ` AND f.period = $3`
		args = append(args, string(period))
	}
	rows, err := db.query(ctx, q+` GROUP BY f.period, p.receipt_no ORDER BY MAX(f.assessed_on), f.period, p.receipt_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []shebao.LateFee{}
	for rows.Next() {
		var f shebao.LateFee
		if err := rows.Scan(&f.Period, &f.ReceiptNo, &f.Principal, &f.Days, &f.DailyRate, &f.Amount, &f.Date, &f.Explain); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LateFeesByPeriod returns the payer's late fees (net) of each month up to
// and including upto.
func (db *DB) LateFeesByPeriod(ctx context.Context, payer *shebao.Payer, upto shebao.Period) (map[shebao.Period]shebao.Money, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT period, CAST(SUM(amount) AS BIGINT) FROM late_fees WHERE payer_kind = $1 AND payer = $2 AND period <= $3
		GROUP BY period`, payer.Kind, payer.Key, string(upto))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[shebao.Period]shebao.Money{}
	for rows.Next() {
		var p shebao.Period
		var v int64
		if err := rows.Scan(&p, &v); err != nil {
			return nil, err
		}
		out[p] = shebao.Money(v)
	}
	return out, rows.Err()
}
