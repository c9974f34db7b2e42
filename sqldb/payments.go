package sqldb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shebao/shebao"
)

// Money in from every payer (the one payer model, migration 0025): data
// access for collect.Service, which holds the rules (allocation, late
// fees, 暂收款, refunds and corrections). A payer is (payer_kind, payer):
// an employer by its USCC, a person by the 身份证号. Every method keeps the
// jurisdiction (a payer outside it is not found) and requires a signed-in
// actor; the writes authorize a write of contributions and the audit
// append authorizes its action.

// writeAuthorized checks that the actor may write contributions (every
// right of collection is that: payment.record, flex.pay, payment.refund,
// payment.correct, payment.apply).
func writeAuthorized(ctx context.Context) (shebao.Actor, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return shebao.Actor{}, err
	}
	return sc.actor, authorize(sc.actor, "payment.write", shebao.EntityContribution, "")
}

// FindPayer returns the payer of the kind with the (canonical) key, with
// its name and region, if the actor's jurisdiction covers it; lock locks
// its row (PostgreSQL SELECT … FOR NO KEY UPDATE), so that its payments,
// refunds, corrections and credit applications run one at a time (SQLite
// has one writer). A citizen finds only themself.
func (db *DB) FindPayer(ctx context.Context, kind, key string, lock bool) (*shebao.Payer, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var q string
	var notFound func(string) error
	switch kind {
	case shebao.PayerEmployer:
		q, notFound = `SELECT name, region_code FROM employers WHERE uscc = $1`, notFoundEmployer
	case shebao.PayerPerson, shebao.PayerResident, shebao.PayerLumpSum:
		q, notFound = `SELECT name, region_code FROM persons WHERE id_no = $1`, notFoundPerson
		if shebao.RoleOf(sc.actor).OwnOnly && key != sc.actor.IDNo {
			return nil, notFound(key)
		}
	default:
		return nil, fmt.Errorf("unknown payer kind %q", kind)
	}
	if lock && db.Dialect == Postgres {
		q += ` FOR NO KEY UPDATE`
	}
	p := &shebao.Payer{Kind: kind, Key: key}
	err = db.queryRow(ctx, q, key).Scan(&p.Name, &p.Region)
	if isNoRows(err) || err == nil && !sc.contains(p.Region) {
		return nil, notFound(key)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

const moneyInColumns = `id, payer_kind, payer, receipt_no, kind, ref, amount, paid_on, source, reason, party, created_at, created_by`

func scanMoneyIn(s rowScanner, extra ...any) (shebao.Payment, error) {
	var p shebao.Payment
	var amount int64
	var created string
	err := s.Scan(append([]any{&p.ID, &p.PayerKind, &p.Payer, &p.ReceiptNo, &p.Kind, &p.Ref, &amount, &p.PaidOn, &p.Source, &p.Reason,
		&p.Party, &created, &p.CreatedBy}, extra...)...)
	if err != nil {
		return p, err
	}
	p.Amount, p.CreatedAt = shebao.Money(amount), parseTime(created)
	if p.PayerKind == shebao.PayerEmployer {
		p.Employer = p.Payer
	}
	return p, nil
}

// PaymentsByReceipt returns the rows of payers of the kind recorded under
// the receipt (voucher) number: at most one for employers; a person's
// payment, refund and correction numbers were kept apart before 0025, so
// one number may name one row of each.
func (db *DB) PaymentsByReceipt(ctx context.Context, payerKind, receipt string) ([]shebao.Payment, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT `+moneyInColumns+` FROM payments WHERE payer_kind = $1 AND receipt_no = $2 ORDER BY kind`, payerKind, receipt)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.Payment
	for rows.Next() {
		p, err := scanMoneyIn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// InsertPayment writes a payment, refund or correction row, giving it its
// id, time and creator (the maker, when an approval carries it out). A
// receipt number taken meanwhile by another unit of work is ECONFLICT.
func (db *DB) InsertPayment(ctx context.Context, p *shebao.Payment) error {
	a, err := writeAuthorized(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		p.ID, p.CreatedAt, p.CreatedBy = newID(), tx.now, makerOf(ctx, a)
		_, err := tx.Exec(ctx, `INSERT INTO payments (`+moneyInColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			p.ID, p.PayerKind, p.Payer, p.ReceiptNo, p.Kind, p.Ref, int64(p.Amount), p.PaidOn, p.Source, p.Reason, p.Party, fmtTime(tx.now), p.CreatedBy)
		if isUniqueViolation(err) {
			return shebao.Errorf(shebao.ECONFLICT, "回单号%s正在或已经被另一笔缴款登记", strings.TrimSpace(p.ReceiptNo))
		}
		return err
	})
}

// makerOf is the maker of the approval being carried out, or the actor.
func makerOf(ctx context.Context, a shebao.Actor) string {
	if m, ok := ctx.Value(approvalMakerKey{}).(string); ok && m != "" {
		return m
	}
	return a.Name
}

// PayerPayments returns every payments row of the payer (payments, refunds
// and corrections), oldest first by date and receipt number, each with the
// sums of its allocations and of the late fees it paid.
func (db *DB) PayerPayments(ctx context.Context, payer *shebao.Payer) ([]shebao.PaymentTotals, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT `+moneyInColumns+`,
			COALESCE((SELECT CAST(SUM(a.amount) AS BIGINT) FROM allocations a WHERE a.payment_id = p.id), 0),
			COALESCE((SELECT CAST(SUM(c.amount) AS BIGINT) FROM late_fee_collections c WHERE c.payment_id = p.id), 0)
		FROM payments p WHERE payer_kind = $1 AND payer = $2 ORDER BY paid_on, receipt_no, kind`, payer.Kind, payer.Key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.PaymentTotals
	for rows.Next() {
		var alloc, fees int64
		p, err := scanMoneyIn(rows, &alloc, &fees)
		if err != nil {
			return nil, err
		}
		out = append(out, shebao.PaymentTotals{Payment: p, Allocated: shebao.Money(alloc), FeesPaid: shebao.Money(fees)})
	}
	return out, rows.Err()
}

// RecordedAllocations returns what a payment allocated when it was
// recorded (seq 0), oldest period first with the split by scheme, and the
// late fees it paid then.
func (db *DB) RecordedAllocations(ctx context.Context, paymentID string) ([]shebao.Allocation, shebao.Money, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, 0, err
	}
	out := []shebao.Allocation{}
	rows, err := db.query(ctx, `SELECT period, amount, late_fee_days, settled FROM allocations WHERE payment_id = $1 AND seq = 0 ORDER BY period`, paymentID)
	if err != nil {
		return nil, 0, err
	}
	idx := map[shebao.Period]int{}
	for rows.Next() {
		var al shebao.Allocation
		var amt int64
		var settled int
		if err := rows.Scan(&al.Period, &amt, &al.LateDays, &settled); err != nil {
			rows.Close()
			return nil, 0, err
		}
		al.Amount, al.Settled, al.ByScheme = shebao.Money(amt), settled == shebao.AllocationSettled, map[string]shebao.Money{}
		idx[al.Period] = len(out)
		out = append(out, al)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows, err = db.query(ctx, `SELECT period, scheme, amount FROM allocation_schemes WHERE payment_id = $1 AND seq = 0`, paymentID)
	if err != nil {
		return nil, 0, err
	}
	for rows.Next() {
		var period shebao.Period
		var scheme string
		var amt int64
		if err := rows.Scan(&period, &scheme, &amt); err != nil {
			rows.Close()
			return nil, 0, err
		}
		if i, ok := idx[period]; ok {
			out[i].ByScheme[scheme] = shebao.Money(amt)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var fees int64
	if err := db.queryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM late_fee_collections WHERE payment_id = $1 AND seq = 0`,
		paymentID).Scan(&fees); err != nil {
		return nil, 0, err
	}
	return out, shebao.Money(fees), nil
}

// PayersHoldingCredit returns the payers of the kind in the actor's
// jurisdiction whose payments hold 暂收款 (their amounts exceed what they
// allocated and paid of late fees) and who have a bill not paid in full or
// late fees outstanding: one set-based query.
func (db *DB) PayersHoldingCredit(ctx context.Context, payerKind string) ([]string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	join := ` JOIN employers r ON r.uscc = p.payer`
	if payerKind == shebao.PayerPerson {
		join = ` JOIN persons r ON r.id_no = p.payer`
	}
	conds, args := sc.where("r.region_code", []string{
		"(o.payer IS NOT NULL OR COALESCE(f.amount, 0) > COALESCE(c.amount, 0))",
		"p.amount > COALESCE(a.amount, 0) + COALESCE(c.amount, 0)"}, []any{payerKind})
	// Each payer's sums first, then joined: no subquery refers to the outer
	// query, which Citus cannot plan when the tables are on different nodes
	// (bills are on the payer's shard, payments a reference table — see
	// citus.go); the meaning is that of the correlated form on every engine.
	rows, err := db.query(ctx, `WITH paid AS (SELECT payer, SUM(amount) AS amount FROM payments WHERE payer_kind = $1 GROUP BY payer),
			alloc AS (SELECT payer, SUM(amount) AS amount FROM allocations WHERE payer_kind = $1 GROUP BY payer),
			fees AS (SELECT payer, SUM(amount) AS amount FROM late_fees WHERE payer_kind = $1 GROUP BY payer),
			coll AS (SELECT payer, SUM(amount) AS amount FROM late_fee_collections WHERE payer_kind = $1 GROUP BY payer),
			owing AS (SELECT DISTINCT payer FROM bills WHERE payer_kind = $1 AND paid < total)
		SELECT p.payer FROM paid p`+join+`
			LEFT JOIN alloc a ON a.payer = p.payer LEFT JOIN fees f ON f.payer = p.payer
			LEFT JOIN coll c ON c.payer = p.payer LEFT JOIN owing o ON o.payer = p.payer`+whereClause(conds)+`
		ORDER BY p.payer`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// OpenBills returns the payer's bills not paid in full, oldest first.
func (db *DB) OpenBills(ctx context.Context, payer *shebao.Payer) ([]shebao.OpenBill, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT period, due_date, total, paid FROM bills WHERE payer_kind = $1 AND payer = $2 AND paid < total
		ORDER BY period`, payer.Kind, payer.Key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.OpenBill
	for rows.Next() {
		var b shebao.OpenBill
		var total, paid int64
		if err := rows.Scan(&b.Period, &b.DueDate, &total, &paid); err != nil {
			return nil, err
		}
		b.Total, b.Paid = shebao.Money(total), shebao.Money(paid)
		out = append(out, b)
	}
	return out, rows.Err()
}

// notCorrected is the condition that the payments row p (a payment, or a
// refund or correction of one) does not belong to a payment that was
// corrected: a correction (冲正) says the money was never this payer's, so
// a figure as of any date leaves out the payment, its refunds and its
// correction, with everything recorded under them.
const notCorrected = `NOT EXISTS (SELECT 1 FROM payments c WHERE c.payer_kind = p.payer_kind AND c.payer = p.payer AND c.kind = 'correction'
	AND c.ref = CASE WHEN p.kind = 'payment' THEN p.receipt_no ELSE p.ref END)`

// BillsAsOf returns the payer's bills due before asOf (YYYY-MM-DD) and not
// paid in full with the money received by that date, oldest first: each
// bill's paid is the sum of its allocations under payments rows dated on
// or before asOf (a payment, or a refund that reversed some of it; 暂收款
// applied later is dated by the payment that brought it, as its late days
// are), leaving out corrected payments (notCorrected).
func (db *DB) BillsAsOf(ctx context.Context, payer *shebao.Payer, asOf string) ([]shebao.OpenBill, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT b.period, b.due_date, b.total,
			COALESCE((SELECT CAST(SUM(a.amount) AS BIGINT) FROM allocations a JOIN payments p ON p.id = a.payment_id
				WHERE a.payer_kind = b.payer_kind AND a.payer = b.payer AND a.period = b.period AND p.paid_on <= $3
					AND `+notCorrected+`), 0)
		FROM bills b WHERE b.payer_kind = $1 AND b.payer = $2 AND b.due_date < $3 ORDER BY b.period`, payer.Kind, payer.Key, asOf)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.OpenBill
	for rows.Next() {
		var b shebao.OpenBill
		var total, paid int64
		if err := rows.Scan(&b.Period, &b.DueDate, &total, &paid); err != nil {
			return nil, err
		}
		if paid < total {
			b.Total, b.Paid = shebao.Money(total), shebao.Money(paid)
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// BillOf returns the payer's bill for the month (nil when there is none).
func (db *DB) BillOf(ctx context.Context, payer *shebao.Payer, period shebao.Period) (*shebao.OpenBill, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	b := &shebao.OpenBill{Period: period}
	var total, paid int64
	err := db.queryRow(ctx, `SELECT due_date, total, paid FROM bills WHERE payer_kind = $1 AND payer = $2 AND period = $3`,
		payer.Kind, payer.Key, string(period)).Scan(&b.DueDate, &total, &paid)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b.Total, b.Paid = shebao.Money(total), shebao.Money(paid)
	return b, nil
}

// sumsByPeriodScheme reads (period, scheme, amount) rows into a map.
func (db *DB) sumsByPeriodScheme(ctx context.Context, q string, args ...any) (map[shebao.Period]map[string]shebao.Money, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[shebao.Period]map[string]shebao.Money{}
	for rows.Next() {
		var period shebao.Period
		var scheme string
		var amt int64
		if err := rows.Scan(&period, &scheme, &amt); err != nil {
			return nil, err
		}
		if out[period] == nil {
			out[period] = map[string]shebao.Money{}
		}
		out[period][scheme] += shebao.Money(amt)
	}
	return out, rows.Err()
}

// lineDues is the query of what each scheme of a payer's bills owes, by
// period: an employer's from its bill lines, a person's from the lines of
// their flexible-employment bills. $1 is the payer's key.
func lineDues(kind string) string {
	if kind == shebao.PayerPerson {
		return `SELECT period, scheme, CAST(SUM(amount) AS BIGINT) FROM flex_bill_lines WHERE id_no = $1`
	}
	return `SELECT period, scheme, CAST(SUM(employer_amount + individual_amount) AS BIGINT) FROM bill_lines WHERE employer_uscc = $1`
}

// BillSchemes returns, for the payer's bills of the months, what each
// scheme owes (its lines) and what payments allocated to it so far.
func (db *DB) BillSchemes(ctx context.Context, payer *shebao.Payer, periods []shebao.Period) (due, allocated map[shebao.Period]map[string]shebao.Money, err error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, nil, err
	}
	keys := make([]string, len(periods))
	for i, p := range periods {
		keys[i] = string(p)
	}
	tx := &Tx{db: db}
	cond, args := tx.inKeys("period", keys, []any{payer.Key})
	if due, err = db.sumsByPeriodScheme(ctx, lineDues(payer.Kind)+` AND `+cond+` GROUP BY period, scheme`, args...); err != nil {
		return nil, nil, err
	}
	cond, args = tx.inKeys("period", keys, []any{payer.Key, payer.Kind})
	allocated, err = db.sumsByPeriodScheme(ctx, `SELECT period, scheme, CAST(SUM(amount) AS BIGINT) FROM allocation_schemes
		WHERE payer = $1 AND payer_kind = $2 AND `+cond+` GROUP BY period, scheme`, args...)
	return due, allocated, err
}

// AllocatedByScheme returns what the payments (a payment with its refunds
// and corrections) allocated net, by period and scheme.
func (db *DB) AllocatedByScheme(ctx context.Context, payer *shebao.Payer, paymentIDs []string) (map[shebao.Period]map[string]shebao.Money, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	cond, args := (&Tx{db: db}).inKeys("payment_id", paymentIDs, []any{payer.Kind, payer.Key})
	out, err := db.sumsByPeriodScheme(ctx, `SELECT period, scheme, CAST(SUM(amount) AS BIGINT) FROM allocation_schemes
		WHERE payer_kind = $1 AND payer = $2 AND `+cond+` GROUP BY period, scheme`, args...)
	if err != nil {
		return nil, err
	}
	for period, m := range out {
		for s, v := range m {
			if v == 0 {
				delete(m, s)
			}
		}
		if len(m) == 0 {
			delete(out, period)
		}
	}
	return out, nil
}

// AllocationSeqs returns the highest seq of each (payment, month) the
// payer's payments allocated to, keyed "<payment id>|<period>".
func (db *DB) AllocationSeqs(ctx context.Context, payer *shebao.Payer) (map[string]int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT payment_id, period, MAX(seq) FROM allocations WHERE payer_kind = $1 AND payer = $2
		GROUP BY payment_id, period`, payer.Kind, payer.Key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id, period string
		var seq int
		if err := rows.Scan(&id, &period, &seq); err != nil {
			return nil, err
		}
		out[id+"|"+period] = seq
	}
	return out, rows.Err()
}

var (
	allocationTable = bulkTable{name: "allocations",
		cols:    []string{"payment_id", "payer_kind", "payer", "period", "seq", "amount", "late_fee_days", "settled"},
		pgTypes: []string{"text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint"}}
	allocationSchemeTable = bulkTable{name: "allocation_schemes",
		cols:    []string{"payment_id", "payer_kind", "payer", "period", "seq", "scheme", "amount"},
		pgTypes: []string{"text", "text", "text", "text", "bigint", "text", "bigint"}}
)

// Allocate writes allocations (negative ones reverse): each bill's paid
// moves by the amount, never above its total nor below zero (a bill that
// changed meanwhile fails the unit of work), and the rows with their split
// by scheme are inserted.
func (db *DB) Allocate(ctx context.Context, payer *shebao.Payer, rows []shebao.AllocationRow) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := writeAuthorized(ctx); err != nil {
		return err
	}
	periods := make([]string, len(rows))
	for i, r := range rows {
		periods[i] = string(r.Period)
	}
	return db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("b.period", nonEmpty(periods), []any{payer.Kind, payer.Key})
		sel := byCond("b.payer_kind = $1 AND b.payer = $2 AND "+cond, args...)
		return tx.recount(ctx, contributionsFamily, sel, func() error {
			if payer.Kind == shebao.PayerResident {
				// A resident's counters count the allocations of the
				// receipts (counters_families.go).
				return tx.recount(ctx, residentFamily, sel, func() error { return tx.allocate(ctx, payer, rows) })
			}
			return tx.allocate(ctx, payer, rows)
		})
	})
}

// allocate is Allocate in a transaction.
func (tx *Tx) allocate(ctx context.Context, payer *shebao.Payer, rows []shebao.AllocationRow) error {
	var allocRows, schemeRows [][]any
	for _, r := range rows {
		res, err := tx.Exec(ctx, `UPDATE bills SET paid = paid + $1 WHERE payer_kind = $2 AND payer = $3 AND period = $4
			AND paid + $1 <= total AND paid + $1 >= 0`, int64(r.Amount), payer.Kind, payer.Key, string(r.Period))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("bill %s %s: paid changed while allocating %s", payer.Key, r.Period, r.Amount)
		}
		allocRows = append(allocRows, []any{r.PaymentID, payer.Kind, payer.Key, string(r.Period), int64(r.Seq), int64(r.Amount),
			int64(r.LateDays), int64(r.Settled)})
		for _, s := range sortedSchemes(r.ByScheme) {
			schemeRows = append(schemeRows, []any{r.PaymentID, payer.Kind, payer.Key, string(r.Period), int64(r.Seq), s, int64(r.ByScheme[s])})
		}
	}
	if err := tx.bulkInsert(ctx, allocationTable, allocRows); err != nil {
		return err
	}
	return tx.bulkInsert(ctx, allocationSchemeTable, schemeRows)
}

func sortedSchemes(m map[string]shebao.Money) []string { return slices.Sorted(maps.Keys(m)) }

// BillReversals is how many times the payer's bill, paid in full, was
// made unpaid again (allocation rows with settled = -1).
func (db *DB) BillReversals(ctx context.Context, payer *shebao.Payer, period shebao.Period) (int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM allocations WHERE payer_kind = $1 AND payer = $2 AND period = $3 AND settled = $4`,
		payer.Kind, payer.Key, string(period), shebao.AllocationUnsettled).Scan(&n)
	return n, err
}

// BillAccountLines returns the individual-account part of each line of
// the payer's bill: person, fund (the line's scheme) and amount.
func (db *DB) BillAccountLines(ctx context.Context, payer *shebao.Payer, period shebao.Period) ([]shebao.AccountMovement, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	q := `SELECT id_no, scheme, account_amount FROM bill_lines WHERE employer_uscc = $1 AND period = $2 AND account_amount > 0 ORDER BY id_no, scheme`
	if payer.Kind == shebao.PayerPerson {
		q = `SELECT id_no, scheme, account_amount FROM flex_bill_lines WHERE id_no = $1 AND period = $2 AND account_amount > 0 ORDER BY scheme`
	}
	rows, err := db.query(ctx, q, payer.Key, string(period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.AccountMovement
	for rows.Next() {
		var m shebao.AccountMovement
		var amt int64
		if err := rows.Scan(&m.IDNo, &m.Fund, &amt); err != nil {
			return nil, err
		}
		m.Amount = shebao.Money(amt)
		out = append(out, m)
	}
	return out, rows.Err()
}

// PostMoneyIn posts ledger entries of collection (the actor's right to
// write contributions covers the postings they cause); an entry posted
// before under its key is not posted again.
func (db *DB) PostMoneyIn(ctx context.Context, es []*shebao.Entry) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.postFor(ctx, shebao.EntityContribution, es)
		return err
	})
}

// MoveAccountsMoneyIn applies individual-account movements of collection
// under one source with their ledger entry (Dr 3101 / Cr 2301 or back).
func (db *DB) MoveAccountsMoneyIn(ctx context.Context, date, source, description string, ms []shebao.AccountMovement) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.moveAccountsFor(ctx, shebao.EntityContribution, date, source, description, ms)
		return err
	})
}

// AuditMoneyRead records a read of a payer's contributions that the
// service composed (flex_arrears.read): like every read of personal data,
// through the group-committing appender (audit_append.go), or in the
// caller's unit of work when there is one — never a write transaction of
// its own, which on SQLite would queue behind every writer.
func (db *DB) AuditMoneyRead(ctx context.Context, action, key, region string, after any) error {
	return db.recordRead(ctx, action, shebao.EntityContribution, key, region, nil, after)
}

// AuditMoneyIn appends the audit entry of a collection operation
// (payment.record, flex.pay, payment.refund, flex.refund, payment.correct,
// flex.correct, payment.apply, resident.record, lumpsum.pay) on
// contributions; an empty key is given an id of its own.
func (db *DB) AuditMoneyIn(ctx context.Context, action, key, region string, after any) error {
	if key == "" {
		key = newID()
	}
	return db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, action, shebao.EntityContribution, key, region, nil, after)
	})
}
