package sqldb

import (
	"context"
	"fmt"
	"sort"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Late fees (滞纳金) on contributions paid late.
//
// The law: 社会保险法 第八十六条 — an employer that does not pay in full and
// on time is ordered to pay, "并自欠缴之日起,按日加收万分之五的滞纳金";
// 社会保险费征缴暂行条例 第十三条 — besides the contributions owed the late
// fee is added by the day (its rate of 2‰ superseded by the law's 0.05%),
// and "滞纳金并入社会保险基金": the fee is income of the fund. The rate is
// policy data (late_fee.daily, in force in the employer's region on the day
// the money arrived).
//
// The rule shebao follows, where the law leaves the order open:
//  1. A payment settles principal first: its money goes to bills oldest
//     first (RecordPayment), so that the employees' individual accounts are
//     credited as soon as their contributions are paid.
//  2. Every allocation that arrives after the bill's due date assesses its
//     late fee at once: the allocated principal × the daily rate × the days
//     from the due date to the payment's date, split over the schemes like
//     the allocation (largest remainder), rounded half up to the 分. It is
//     a receivable of each fund: Dr 1101 应收社会保险费 / Cr 4099 其他收入
//     (kind late_fee, source "latefee:<payment id>:<period>").
//  3. Late fees are paid by later money, after principal: what is left of a
//     payment once its bills are paid (this payment's own late fees just
//     assessed included) pays the outstanding late fees before anything
//     becomes 暂收款: Dr 1002 银行存款 / Cr 1101 per fund (kind late_fee,
//     source "latefee-paid:<payment id>"). Principal first keeps the
//     insured's individual accounts credited as soon as their
//     contributions are paid; a fee is never taken from money that an
//     unpaid bill still needs. 暂收款 already held pays outstanding fees
//     too, after the bills: whenever 暂收款 is applied (ApplyCredit,
//     `shebao payments apply`, and after each assessment), what is left of
//     it once the bills not paid in full are paid pays the fees, oldest
//     payment first: fund 110 Dr 2201 暂收款 / Cr 1101 (its own share) and
//     Cr 1002 (the other funds' shares, which leave 110's bank); each
//     other fund Dr 1002 / Cr 1101 (kind late_fee, source
//     "latefee-credit:<payment id>:<seq>"; late_fee_collections rows under
//     the payment that held the money, seq 1, 2 …).
//  4. The unpaid part of an overdue bill keeps accruing as Arrears shows it
//     (not yet a receivable until the money for it arrives).
// A correction of a payment cancels the fees its late allocations assessed
// (Dr 4099 / Cr 1101) and makes what it paid of fees owed again. A refund
// leaves the fees as they are.

// lateFeeRate returns the daily late-fee rate in force in the region on
// the date.
func (tx *Tx) lateFeeRate(ctx context.Context, region, date string) (shebao.Rate, error) {
	set, err := tx.db.PolicySet(ctx)
	if err != nil {
		return 0, err
	}
	day, err := parseDate("date", date)
	if err != nil {
		return 0, err
	}
	rate, _, err := set.Rate("late_fee.daily", region, day)
	return rate, err
}

// assessLateFees assesses the late fee of each late allocation of a
// payment (rule 2 above).
func (tx *Tx) assessLateFees(ctx context.Context, e *shebao.Employer, paymentID, paidOn string, seq int64, als []shebao.Allocation) error {
	var rate shebao.Rate
	var rows [][]any
	source, suffix := "latefee:"+paymentID+":", ""
	if seq > 0 {
		suffix = fmt.Sprintf(":%d", seq)
	}
	var es []*shebao.Entry
	for _, al := range als {
		if al.LateDays <= 0 || al.Amount <= 0 {
			continue
		}
		if rate == 0 {
			var err error
			if rate, err = tx.lateFeeRate(ctx, e.Region, paidOn); err != nil {
				return err
			}
		}
		fee, why := policy.LateFeeExplain(al.Amount, al.LateDays, rate)
		if fee <= 0 {
			continue
		}
		explain := fmt.Sprintf("%s应缴%s元于%s到账,缴费期限后逾期%d天;%s(社会保险法第八十六条)", al.Period, al.Amount, paidOn, al.LateDays, why)
		schemes := make([]string, 0, len(al.ByScheme))
		for s := range al.ByScheme {
			schemes = append(schemes, s)
		}
		sort.Strings(schemes)
		weights := make([]int64, len(schemes))
		for i, s := range schemes {
			weights[i] = int64(al.ByScheme[s])
		}
		shares := splitProportional(int64(fee), weights)
		for i, s := range schemes {
			if shares[i] == 0 {
				continue
			}
			rows = append(rows, []any{paymentID, e.USCC, string(al.Period), seq, s, int64(al.ByScheme[s]), int64(al.LateDays), int64(rate),
				shares[i], paidOn, explain})
			d := shebao.Debit(shebao.AcctContributionsReceivable, shebao.Money(shares[i]))
			c := shebao.Credit(shebao.AcctOtherIncome, shebao.Money(shares[i]))
			d.Memo, c.Memo = e.USCC+" "+string(al.Period), "滞纳金"
			es = append(es, &shebao.Entry{Fund: s, Date: paidOn, Kind: shebao.PostLateFee, Source: source + string(al.Period) + suffix,
				Description: fmt.Sprintf("滞纳金核定:%s(%s)%s", e.Name, e.USCC, explain), Lines: []shebao.Line{d, c}})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.bulkInsert(ctx, lateFeeTable, rows); err != nil {
		return err
	}
	_, err := tx.postFor(ctx, shebao.EntityContribution, es)
	return err
}

var lateFeeTable = bulkTable{name: "late_fees",
	cols:    []string{"payment_id", "employer_uscc", "period", "seq", "scheme", "principal", "days", "daily_rate", "amount", "assessed_on", "explain"},
	pgTypes: []string{"text", "text", "text", "bigint", "text", "bigint", "bigint", "bigint", "bigint", "text", "text"}}

var lateFeeCollectionTable = bulkTable{name: "late_fee_collections",
	cols:    []string{"payment_id", "employer_uscc", "scheme", "amount", "paid_on"},
	pgTypes: []string{"text", "text", "text", "bigint", "text"}}

// outstandingLateFees returns the employer's late fees assessed and not yet
// paid, by scheme (never below zero).
func (tx *Tx) outstandingLateFees(ctx context.Context, uscc string) (map[string]int64, error) {
	return tx.feesOutstanding(ctx, "late_fees", "late_fee_collections", "employer_uscc", uscc)
}

// feesOutstanding returns the late fees of one payer (keyCol = key) in
// the table of fees assessed less those in the table of fees collected, by
// scheme (never below zero): the employers' and the flexible payers'
// tables have the same shape.
func (tx *Tx) feesOutstanding(ctx context.Context, assessed, collected, keyCol, key string) (map[string]int64, error) {
	out := map[string]int64{}
	for i, table := range []string{assessed, collected} {
		rows, err := tx.Query(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM `+table+` WHERE `+keyCol+` = $1 GROUP BY scheme`, key)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s string
			var v int64
			if err := rows.Scan(&s, &v); err != nil {
				rows.Close()
				return nil, err
			}
			if i == 0 {
				out[s] += v
			} else {
				out[s] -= v
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for s, v := range out {
		if v <= 0 {
			delete(out, s)
		}
	}
	return out, nil
}

// collectLateFees pays the employer's outstanding late fees from what is
// left of a new payment after its bills (rule 3 above), and returns what it
// paid.
func (tx *Tx) collectLateFees(ctx context.Context, e *shebao.Employer, p shebao.Payment, avail int64) (int64, error) {
	if avail <= 0 {
		return 0, nil
	}
	owed, err := tx.outstandingLateFees(ctx, e.USCC)
	if err != nil || len(owed) == 0 {
		return 0, err
	}
	schemes := make([]string, 0, len(owed))
	var total int64
	for s, v := range owed {
		schemes = append(schemes, s)
		total += v
	}
	sort.Strings(schemes)
	pay := min(total, avail)
	weights := make([]int64, len(schemes))
	for i, s := range schemes {
		weights[i] = owed[s]
	}
	shares := splitProportional(pay, weights)
	var rows [][]any
	var es []*shebao.Entry
	for i, s := range schemes {
		if shares[i] == 0 {
			continue
		}
		rows = append(rows, []any{p.ID, e.USCC, s, shares[i], p.PaidOn})
		d := shebao.Debit(shebao.AcctBank, shebao.Money(shares[i]))
		d.Memo = "回单号 " + p.ReceiptNo
		c := shebao.Credit(shebao.AcctContributionsReceivable, shebao.Money(shares[i]))
		c.Memo = "滞纳金 " + e.USCC
		es = append(es, &shebao.Entry{Fund: s, Date: p.PaidOn, Kind: shebao.PostLateFee, Source: "latefee-paid:" + p.ID,
			Description: fmt.Sprintf("滞纳金到账:%s(%s)回单号%s", e.Name, e.USCC, p.ReceiptNo), Lines: []shebao.Line{d, c}})
	}
	if err := tx.bulkInsert(ctx, lateFeeCollectionTable, rows); err != nil {
		return 0, err
	}
	if _, err := tx.postFor(ctx, shebao.EntityContribution, es); err != nil {
		return 0, err
	}
	return pay, nil
}

// collectLateFeesFromCredit pays the employer's outstanding late fees
// from avail of the 暂收款 held by one payment (rule 3 above), dated date,
// and returns what it paid by scheme.
func (tx *Tx) collectLateFeesFromCredit(ctx context.Context, e *shebao.Employer, st *paymentState, avail int64, date string) (map[string]shebao.Money, error) {
	if avail <= 0 {
		return nil, nil
	}
	owed, err := tx.outstandingLateFees(ctx, e.USCC)
	if err != nil || len(owed) == 0 {
		return nil, err
	}
	schemes := make([]string, 0, len(owed))
	var total int64
	for s, v := range owed {
		schemes = append(schemes, s)
		total += v
	}
	sort.Strings(schemes)
	weights := make([]int64, len(schemes))
	for i, s := range schemes {
		weights[i] = owed[s]
	}
	shares := splitProportional(min(total, avail), weights)
	var seq int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM late_fee_collections WHERE payment_id = $1`, st.ID).Scan(&seq); err != nil {
		return nil, err
	}
	source := fmt.Sprintf("latefee-credit:%s:%d", st.ID, seq)
	desc := fmt.Sprintf("暂收款缴纳滞纳金:%s(%s)回单号%s的暂收款", e.Name, e.USCC, st.ReceiptNo)
	out := map[string]shebao.Money{}
	var rows [][]any
	var es []*shebao.Entry
	lines110 := []shebao.Line{}
	var all, others shebao.Money
	for i, s := range schemes {
		m := shebao.Money(shares[i])
		if m == 0 {
			continue
		}
		out[s] = m
		all += m
		rows = append(rows, []any{st.ID, e.USCC, seq, s, shares[i], date})
		c := shebao.Credit(shebao.AcctContributionsReceivable, m)
		c.Memo = "滞纳金 " + e.USCC
		if s == creditFund {
			lines110 = append(lines110, c)
			continue
		}
		others += m
		d := shebao.Debit(shebao.AcctBank, m)
		d.Memo = "暂收款划入 " + st.ReceiptNo
		es = append(es, &shebao.Entry{Fund: s, Date: date, Kind: shebao.PostLateFee, Source: source, Description: desc, Lines: []shebao.Line{d, c}})
	}
	if all == 0 {
		return nil, nil
	}
	if others > 0 {
		l := shebao.Credit(shebao.AcctBank, others)
		l.Memo = "划入其他险种基金"
		lines110 = append(lines110, l)
	}
	d := shebao.Debit(shebao.AcctSuspense, all)
	d.Memo = "暂收款 " + st.ReceiptNo
	es = append(es, &shebao.Entry{Fund: creditFund, Date: date, Kind: shebao.PostLateFee, Source: source, Description: desc,
		Lines: append([]shebao.Line{d}, lines110...)})
	if err := tx.bulkInsert(ctx, lateFeeCreditTable, rows); err != nil {
		return nil, err
	}
	if _, err := tx.postFor(ctx, shebao.EntityContribution, es); err != nil {
		return nil, err
	}
	return out, nil
}

var lateFeeCreditTable = bulkTable{name: "late_fee_collections",
	cols:    []string{"payment_id", "employer_uscc", "seq", "scheme", "amount", "paid_on"},
	pgTypes: []string{"text", "text", "bigint", "text", "bigint", "text"}}

// reverseFeeCollections reverses what a corrected payment (with its
// refunds) paid of late fees: negative rows under the correction. It
// returns the amounts by scheme (positive).
func (tx *Tx) reverseFeeCollections(ctx context.Context, e *shebao.Employer, p shebao.Payment, st *paymentState) (map[string]shebao.Money, error) {
	cond, args := tx.inKeys("payment_id", st.ids, []any{e.USCC})
	rows, err := tx.Query(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM late_fee_collections WHERE employer_uscc = $1 AND `+cond+`
		GROUP BY scheme ORDER BY scheme`, args...)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	var ins [][]any
	for rows.Next() {
		var s string
		var v int64
		if err := rows.Scan(&s, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if v > 0 {
			out[s] = shebao.Money(v)
			ins = append(ins, []any{p.ID, e.USCC, s, -v, p.PaidOn})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.bulkInsert(ctx, lateFeeCollectionTable, ins)
}

// cancelLateFees cancels the late fees a corrected payment's allocations
// assessed: negative rows under the correction. It returns the amounts by
// scheme (positive).
func (tx *Tx) cancelLateFees(ctx context.Context, e *shebao.Employer, p shebao.Payment, origID string) (map[string]shebao.Money, error) {
	rows, err := tx.Query(ctx, `SELECT period, scheme, CAST(SUM(principal) AS BIGINT), MAX(days), MAX(daily_rate), CAST(SUM(amount) AS BIGINT)
		FROM late_fees WHERE payment_id = $1 GROUP BY period, scheme ORDER BY period, scheme`, origID)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	var ins [][]any
	for rows.Next() {
		var period, s string
		var principal, days, rate, v int64
		if err := rows.Scan(&period, &s, &principal, &days, &rate, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if v > 0 {
			out[s] += shebao.Money(v)
			ins = append(ins, []any{p.ID, e.USCC, period, int64(0), s, -principal, days, rate, -v, p.PaidOn,
				fmt.Sprintf("冲正撤销:原回单号%s的%s滞纳金%s元", p.Ref, period, shebao.Money(v))})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.bulkInsert(ctx, lateFeeTable, ins)
}

// LateFees returns the employer's late fees (滞纳金) assessed when money
// for its bills arrived late, oldest first, with what was paid of them and
// what is outstanding (collected by its next payment before any bill).
// period "" is every period.
func (db *DB) LateFees(ctx context.Context, uscc string, period shebao.Period) (*shebao.LateFeeStatus, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	var region string
	if err := db.queryRow(ctx, `SELECT region_code FROM employers WHERE uscc = $1`, code).Scan(&region); isNoRows(err) || err == nil && !sc.contains(region) {
		return nil, notFoundEmployer(code)
	} else if err != nil {
		return nil, err
	}
	out := &shebao.LateFeeStatus{Employer: code, Fees: []shebao.LateFee{}}
	q := `SELECT f.period, p.receipt_no, CAST(SUM(f.principal) AS BIGINT), MAX(f.days), MAX(f.daily_rate), CAST(SUM(f.amount) AS BIGINT),
		MAX(f.assessed_on), MAX(f.explain)
		FROM late_fees f JOIN payments p ON p.id = f.payment_id WHERE f.employer_uscc = $1`
	args := []any{code}
	if period != "" {
		q += ` AND f.period = $2`
		args = append(args, string(period))
	}
	rows, err := db.query(ctx, q+` GROUP BY f.period, p.receipt_no ORDER BY MAX(f.assessed_on), f.period, p.receipt_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f shebao.LateFee
		if err := rows.Scan(&f.Period, &f.ReceiptNo, &f.Principal, &f.Days, &f.DailyRate, &f.Amount, &f.Date, &f.Explain); err != nil {
			return nil, err
		}
		out.Assessed += f.Amount
		out.Fees = append(out.Fees, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var paid, assessed int64
	if err := db.queryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM late_fee_collections WHERE employer_uscc = $1`, code).Scan(&paid); err != nil {
		return nil, err
	}
	if err := db.queryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM late_fees WHERE employer_uscc = $1`, code).Scan(&assessed); err != nil {
		return nil, err
	}
	out.Paid = shebao.Money(paid)
	out.Outstanding = max(shebao.Money(assessed-paid), 0)
	return out, nil
}

// BillWithLateFee returns an employer's bill for a month (without its
// lines: they carry persons' numbers, `shebao bill` shows them) with its
// late fee. Late fees are paid per employer and fund, not per bill
// (collectLateFees); the employer's late fees paid are attributed to its
// bills oldest period first, so a bill's fee is paid once the fees of
// the months before it are.
func (db *DB) BillWithLateFee(ctx context.Context, uscc string, period shebao.Period) (*shebao.BillLateFee, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	p, err := shebao.ParsePeriod(string(period))
	if err != nil {
		return nil, err
	}
	b, err := db.FindBill(ctx, uscc, p)
	if err != nil {
		return nil, err
	}
	b.Items = nil
	out := &shebao.BillLateFee{Bill: b}
	var paid int64
	if err := db.queryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM late_fee_collections WHERE employer_uscc = $1`, b.Employer).Scan(&paid); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT period, CAST(SUM(amount) AS BIGINT) FROM late_fees WHERE employer_uscc = $1 AND period <= $2
		GROUP BY period ORDER BY period`, b.Employer, string(b.Period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var per string
		var fee int64
		if err := rows.Scan(&per, &fee); err != nil {
			return nil, err
		}
		fee = max(fee, 0)
		got := min(fee, max(paid, 0))
		paid -= got
		if per == string(b.Period) {
			out.LateFee, out.LateFeePaid, out.LateFeeOutstanding = shebao.Money(fee), shebao.Money(got), shebao.Money(fee-got)
		}
	}
	return out, rows.Err()
}
