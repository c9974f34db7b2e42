package sqldb

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Collection (征收): payments received are allocated to the employer's
// unpaid bills oldest period first, each bill's share split by scheme in
// proportion to what is still unpaid of each scheme, and posted into each
// scheme's fund (Dr 1002 银行存款 / Cr 4001 社会保险费收入, kind collection,
// source "payment:<id>"); what is left over stays as 暂收款 (Cr 2201, in the
// pension fund 110's entry). When a bill is paid in full the individual
// accounts of its 110 and 310 lines are credited (money credited when
// received, not when billed; source "bill:<uscc>:<period>").
//
// Concurrency: the employer's row is locked (PostgreSQL SELECT … FOR NO KEY
// UPDATE) before its bills are read, so two payments of one employer
// allocate one after the other; SQLite has one writer.

// creditFund is the fund whose entry carries an overpayment (暂收款).
const creditFund = shebao.SchemeEmployeePension

// RecordPayment records one payment and allocates it, in one transaction
// (see the comment at the top of this file). The same receipt number again
// changes nothing and returns the earlier result; the same receipt with
// another employer, amount or date is ECONFLICT.
func (db *DB) RecordPayment(ctx context.Context, p shebao.Payment) (*shebao.PaymentResult, error) {
	var res *shebao.PaymentResult
	err := db.Update(ctx, func(tx *Tx) error {
		r, _, err := tx.recordPayment(ctx, p)
		res = r
		return err
	})
	if isUniqueViolation(err) {
		return nil, shebao.Errorf(shebao.ECONFLICT, "回单号%s正在或已经被另一笔缴款登记", strings.TrimSpace(p.ReceiptNo))
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ImportPayments records a chunk of payments (bank receipts) in one
// transaction: a new receipt is Created, a receipt recorded before
// Unchanged; a row that is invalid, of an unknown employer or contradicts
// an earlier receipt is rejected with its reason.
func (db *DB) ImportPayments(ctx context.Context, run string, ps []shebao.Payment) (out []shebao.Outcome, errs []error, err error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if err := authorize(a, "payment.record", shebao.EntityContribution, ""); err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		for i, p := range ps {
			if p.Source == "" {
				p.Source = run
			}
			r, wrote, err := tx.recordPayment(ctx, p)
			switch {
			case err != nil && !wrote && shebao.ErrorCode(err) != shebao.EINTERNAL && isShebaoError(err):
				errs[i] = err
			case err != nil:
				return err
			case r.Repeat:
				out[i] = shebao.Unchanged
			default:
				out[i] = shebao.Created
			}
		}
		return nil
	})
	return out, errs, err
}

func isShebaoError(err error) bool {
	var e *shebao.Error
	return errors.As(err, &e)
}

// unpaidBill is a bill not yet paid in full.
type unpaidBill struct {
	period      string
	due         string
	total, paid int64
}

// recordPayment records and allocates one payment. wrote reports whether
// anything was written before an error (then the transaction must be
// abandoned); errors before any write are about the payment itself.
func (tx *Tx) recordPayment(ctx context.Context, p shebao.Payment) (res *shebao.PaymentResult, wrote bool, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	a := sc.actor
	if err := authorize(a, "payment.record", shebao.EntityContribution, ""); err != nil {
		return nil, false, err
	}
	p.ReceiptNo = strings.TrimSpace(p.ReceiptNo)
	if p.Kind == "" {
		p.Kind = shebao.PaymentKindPayment
	}
	if err := p.Validate(); err != nil {
		return nil, false, err
	}
	code, err := canonicalUSCC(p.Employer)
	if err != nil {
		return nil, false, err
	}
	p.Employer = code
	// Lock the employer: its payments allocate one at a time.
	if tx.db.Dialect == Postgres {
		var u string
		err := tx.QueryRow(ctx, `SELECT uscc FROM employers WHERE uscc = $1 FOR NO KEY UPDATE`, code).Scan(&u)
		if err != nil && !isNoRows(err) {
			return nil, false, err
		}
	}
	e, err := tx.findEmployer(ctx, code)
	if err != nil {
		return nil, false, err
	}
	if e == nil || !sc.contains(e.Region) {
		return nil, false, notFoundEmployer(code)
	}
	prior, err := tx.paymentByReceipt(ctx, p.ReceiptNo)
	if err != nil {
		return nil, false, err
	}
	if prior != nil {
		if prior.Employer != p.Employer || prior.Amount != p.Amount || prior.PaidOn != p.PaidOn {
			return nil, false, shebao.Errorf(shebao.ECONFLICT, "回单号%s已于%s登记为%s(%s)%s元、到账日期%s,与本次(%s %s元、%s)不符:更正请另行办理",
				p.ReceiptNo, prior.CreatedAt.Format(shebao.DateLayout), prior.Employer, prior.Kind, prior.Amount, prior.PaidOn, p.Employer, p.Amount, p.PaidOn)
		}
		r, err := tx.paymentResult(ctx, prior)
		if err != nil {
			return nil, false, err
		}
		r.Repeat = true
		return r, false, nil
	}

	// From here on the transaction has written.
	p.ID, p.CreatedAt, p.CreatedBy = newID(), tx.now, a.Name
	if _, err := tx.Exec(ctx, `INSERT INTO payments (id, receipt_no, kind, ref, employer_uscc, amount, paid_on, source, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.ReceiptNo, p.Kind, p.Ref, p.Employer, int64(p.Amount), p.PaidOn, p.Source, fmtTime(tx.now), a.Name); err != nil {
		return nil, true, err
	}
	res = &shebao.PaymentResult{Payment: p, Allocations: []shebao.Allocation{}}

	rows, err := tx.Query(ctx, `SELECT period, due_date, total, paid FROM bills WHERE employer_uscc = $1 AND paid < total ORDER BY period`, code)
	if err != nil {
		return nil, true, err
	}
	var bills []unpaidBill
	for rows.Next() {
		var b unpaidBill
		if err := rows.Scan(&b.period, &b.due, &b.total, &b.paid); err != nil {
			rows.Close()
			return nil, true, err
		}
		bills = append(bills, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, true, err
	}
	// Oldest first.
	left := int64(p.Amount)
	var used []unpaidBill
	var amounts []int64
	for _, b := range bills {
		if left == 0 {
			break
		}
		amt := min(left, b.total-b.paid)
		used, amounts = append(used, b), append(amounts, amt)
		left -= amt
	}
	if len(used) > 0 {
		periods := make([]string, len(used))
		for i, b := range used {
			periods[i] = b.period
		}
		remaining, err := tx.schemeRemaining(ctx, code, periods)
		if err != nil {
			return nil, true, err
		}
		var allocRows, schemeRows [][]any
		for i, b := range used {
			amt := amounts[i]
			res2, err := tx.Exec(ctx, `UPDATE bills SET paid = paid + $1 WHERE employer_uscc = $2 AND period = $3 AND paid + $1 <= total`,
				amt, code, b.period)
			if err != nil {
				return nil, true, err
			}
			if n, _ := res2.RowsAffected(); n != 1 {
				return nil, true, fmt.Errorf("bill %s %s: paid changed while allocating", code, b.period)
			}
			al := shebao.Allocation{Period: shebao.Period(b.period), Amount: shebao.Money(amt),
				LateDays: lateDays(b.due, p.PaidOn), Settled: b.paid+amt == b.total, ByScheme: map[string]shebao.Money{}}
			schemes := remaining[b.period]
			weights := make([]int64, len(schemes))
			for j, s := range schemes {
				weights[j] = s.remaining
			}
			shares := splitProportional(amt, weights)
			for j, s := range schemes {
				if shares[j] == 0 {
					continue
				}
				al.ByScheme[s.scheme] = shebao.Money(shares[j])
				schemeRows = append(schemeRows, []any{p.ID, code, b.period, s.scheme, shares[j]})
			}
			settled := int64(0)
			if al.Settled {
				settled = 1
			}
			allocRows = append(allocRows, []any{p.ID, code, b.period, amt, int64(al.LateDays), settled})
			res.Allocations = append(res.Allocations, al)
			res.Allocated += al.Amount
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "allocations",
			cols:    []string{"payment_id", "employer_uscc", "period", "amount", "late_fee_days", "settled"},
			pgTypes: []string{"text", "text", "text", "bigint", "bigint", "bigint"}}, allocRows); err != nil {
			return nil, true, err
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "allocation_schemes",
			cols:    []string{"payment_id", "employer_uscc", "period", "scheme", "amount"},
			pgTypes: []string{"text", "text", "text", "text", "bigint"}}, schemeRows); err != nil {
			return nil, true, err
		}
	}
	// Late fees (latefees.go): the allocations that came after the due
	// date assess theirs; what is left after the bills pays the late fees
	// outstanding before it becomes 暂收款.
	if err := tx.assessLateFees(ctx, e, p.ID, p.PaidOn, 0, res.Allocations); err != nil {
		return nil, true, err
	}
	feePaid, err := tx.collectLateFees(ctx, e, p, int64(p.Amount-res.Allocated))
	if err != nil {
		return nil, true, err
	}
	res.LateFeePaid = shebao.Money(feePaid)
	res.Credit = p.Amount - res.Allocated - res.LateFeePaid

	// The ledger: one collection entry per fund.
	if err := tx.postPayment(ctx, e, res); err != nil {
		return nil, true, err
	}
	// Individual accounts of the bills now paid in full.
	for _, al := range res.Allocations {
		if !al.Settled {
			continue
		}
		if err := tx.creditBillAccounts(ctx, e, al.Period, p.PaidOn); err != nil {
			return nil, true, err
		}
	}
	if err := tx.audit(ctx, "payment.record", shebao.EntityContribution, p.ID, e.Region, nil, res); err != nil {
		return nil, true, err
	}
	return res, true, nil
}

// lateDays is the days from the due date to the payment date (0 if on time).
func lateDays(due, paidOn string) int { return shebao.DaysBetween(due, paidOn) }

// schemeShare is what is still unpaid of one scheme of a bill.
type schemeShare struct {
	scheme    string
	remaining int64
}

// schemeRemaining returns, per period, the schemes of the employer's bills
// with what is still unpaid of each (its lines' amounts less what earlier
// payments allocated to it), in scheme order.
func (tx *Tx) schemeRemaining(ctx context.Context, uscc string, periods []string) (map[string][]schemeShare, error) {
	cond, args := tx.inKeys("period", periods, []any{uscc})
	rows, err := tx.Query(ctx, `SELECT period, scheme, CAST(SUM(employer_amount + individual_amount) AS BIGINT) FROM bill_lines
		WHERE employer_uscc = $1 AND `+cond+` GROUP BY period, scheme`, args...)
	if err != nil {
		return nil, err
	}
	due := map[string]map[string]int64{}
	for rows.Next() {
		var period, scheme string
		var amt int64
		if err := rows.Scan(&period, &scheme, &amt); err != nil {
			rows.Close()
			return nil, err
		}
		if due[period] == nil {
			due[period] = map[string]int64{}
		}
		due[period][scheme] += amt
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT period, scheme, CAST(SUM(amount) AS BIGINT) FROM allocation_schemes
		WHERE employer_uscc = $1 AND `+cond+` GROUP BY period, scheme`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var period, scheme string
		var amt int64
		if err := rows.Scan(&period, &scheme, &amt); err != nil {
			rows.Close()
			return nil, err
		}
		if due[period] != nil {
			due[period][scheme] -= amt
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string][]schemeShare{}
	for period, m := range due {
		for scheme, r := range m {
			out[period] = append(out[period], schemeShare{scheme, max(r, 0)})
		}
		sort.Slice(out[period], func(i, j int) bool { return out[period][i].scheme < out[period][j].scheme })
	}
	return out, nil
}

// splitProportional splits amount over weights in proportion, by the
// largest remainder (ties to the earlier weight), so that the shares sum to
// amount exactly. With amount ≤ the sum of weights no share exceeds its
// weight. All zero weights give all zero shares.
func splitProportional(amount int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	var total int64
	for _, w := range weights {
		total += w
	}
	if total <= 0 || amount <= 0 {
		return out
	}
	rems := make([]uint64, len(weights))
	var given int64
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		hi, lo := bits.Mul64(uint64(amount), uint64(w))
		q, r := bits.Div64(hi%uint64(total), lo, uint64(total))
		if hi >= uint64(total) {
			// Not reached for amount ≤ total; keep the arithmetic safe.
			q, r = uint64(shebao.MulDivRound(amount, w, total)), 0
		}
		out[i], rems[i] = int64(q), r
		given += int64(q)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for k := 0; given < amount && k < len(order); k++ {
		if weights[order[k]] > 0 {
			out[order[k]]++
			given++
		}
	}
	if given < amount { // only with amount > total: the rest to the first weight
		for i, w := range weights {
			if w > 0 {
				out[i] += amount - given
				break
			}
		}
	}
	return out
}

// postPayment posts the collection entries of a payment: per fund Dr 1002
// 银行存款 / Cr 4001 社会保险费收入 (one credit line per bill), and the
// overpayment as Cr 2201 暂收款 in fund 110's entry.
func (tx *Tx) postPayment(ctx context.Context, e *shebao.Employer, res *shebao.PaymentResult) error {
	p := res.Payment
	credits := map[string][]shebao.Line{}
	debit := map[string]shebao.Money{}
	for _, al := range res.Allocations {
		for scheme, m := range al.ByScheme {
			l := shebao.Credit(shebao.AcctContributionIncome, m)
			l.Memo = fmt.Sprintf("%s %s", p.Employer, al.Period)
			credits[scheme] = append(credits[scheme], l)
			debit[scheme] += m
		}
	}
	if res.Credit > 0 {
		l := shebao.Credit(shebao.AcctSuspense, res.Credit)
		l.Memo = "暂收款 " + p.Employer
		credits[creditFund] = append(credits[creditFund], l)
		debit[creditFund] += res.Credit
	}
	funds := make([]string, 0, len(credits))
	for f := range credits {
		funds = append(funds, f)
	}
	sort.Strings(funds)
	var es []*shebao.Entry
	for _, f := range funds {
		d := shebao.Debit(shebao.AcctBank, debit[f])
		d.Memo = "回单号 " + p.ReceiptNo
		es = append(es, &shebao.Entry{Fund: f, Date: p.PaidOn, Kind: shebao.PostCollection, Source: "payment:" + p.ID,
			Description: fmt.Sprintf("征收到账:%s(%s)回单号%s", e.Name, p.Employer, p.ReceiptNo),
			Lines:       append([]shebao.Line{d}, credits[f]...)})
	}
	_, err := tx.postFor(ctx, shebao.EntityContribution, es)
	return err
}

// creditBillAccounts credits the individual accounts of a bill paid in
// full: each 110 and 310 line's account amount.
func (tx *Tx) creditBillAccounts(ctx context.Context, e *shebao.Employer, period shebao.Period, date string) error {
	// A bill paid in full again after a refund or correction made it
	// unpaid (refunds.go) credits under a source of its own.
	reversals, err := tx.billReversals(ctx, e.USCC, period)
	if err != nil {
		return err
	}
	source := "bill:" + e.USCC + ":" + string(period)
	if reversals > 0 {
		source += fmt.Sprintf(":%d", reversals)
	}
	ms, err := tx.billAccountMovements(ctx, e.USCC, period, shebao.MoveCredit, source, date)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return nil
	}
	_, err = tx.moveAccountsFor(ctx, shebao.EntityContribution, date, source,
		fmt.Sprintf("个人账户记账:%s(%s)%s缴费足额到账", e.Name, e.USCC, period), ms)
	return err
}

// paymentByReceipt returns the payment with the receipt number, or nil.
func (tx *Tx) paymentByReceipt(ctx context.Context, receipt string) (*shebao.Payment, error) {
	var p shebao.Payment
	var amount int64
	var created string
	err := tx.QueryRow(ctx, `SELECT id, receipt_no, kind, ref, employer_uscc, amount, paid_on, source, created_at, created_by
		FROM payments WHERE receipt_no = $1`, receipt).Scan(&p.ID, &p.ReceiptNo, &p.Kind, &p.Ref, &p.Employer, &amount, &p.PaidOn,
		&p.Source, &created, &p.CreatedBy)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.Amount, p.CreatedAt = shebao.Money(amount), parseTime(created)
	return &p, nil
}

// paymentResult rebuilds the result of a recorded payment.
func (tx *Tx) paymentResult(ctx context.Context, p *shebao.Payment) (*shebao.PaymentResult, error) {
	res := &shebao.PaymentResult{Payment: *p, Allocations: []shebao.Allocation{}}
	rows, err := tx.Query(ctx, `SELECT period, amount, late_fee_days, settled FROM allocations WHERE payment_id = $1 AND seq = 0 ORDER BY period`, p.ID)
	if err != nil {
		return nil, err
	}
	idx := map[shebao.Period]int{}
	for rows.Next() {
		var al shebao.Allocation
		var amt int64
		var settled int
		if err := rows.Scan(&al.Period, &amt, &al.LateDays, &settled); err != nil {
			rows.Close()
			return nil, err
		}
		al.Amount, al.Settled, al.ByScheme = shebao.Money(amt), settled == 1, map[string]shebao.Money{}
		idx[al.Period] = len(res.Allocations)
		res.Allocations = append(res.Allocations, al)
		res.Allocated += al.Amount
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT period, scheme, amount FROM allocation_schemes WHERE payment_id = $1 AND seq = 0`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var period shebao.Period
		var scheme string
		var amt int64
		if err := rows.Scan(&period, &scheme, &amt); err != nil {
			return nil, err
		}
		if i, ok := idx[period]; ok {
			res.Allocations[i].ByScheme[scheme] = shebao.Money(amt)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var fees int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM late_fee_collections WHERE payment_id = $1 AND seq = 0`, p.ID).Scan(&fees); err != nil {
		return nil, err
	}
	res.LateFeePaid = shebao.Money(fees)
	res.Credit = p.Amount - res.Allocated - res.LateFeePaid
	return res, nil
}

// Arrears returns an employer's bills overdue and not paid in full on asOf
// (YYYY-MM-DD; "" is today), oldest first, with each one's late fee:
// unpaid × the daily rate in force in the employer's region on asOf
// (late_fee.daily, 0.05%) × the days since the due date (社会保险法
// 第八十六条), explained in Chinese; and the totals of the unpaid amounts
// and of the late fees.
func (db *DB) Arrears(ctx context.Context, uscc, asOf string) ([]shebao.Arrear, shebao.Money, shebao.Money, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, 0, 0, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, 0, 0, err
	}
	day := shebao.Today()
	if asOf != "" {
		if day, err = parseDate("日期", asOf); err != nil {
			return nil, 0, 0, err
		}
	}
	asOf = day.Format(shebao.DateLayout)
	var region string
	if err := db.queryRow(ctx, `SELECT region_code FROM employers WHERE uscc = $1`, code).Scan(&region); isNoRows(err) || err == nil && !sc.contains(region) {
		return nil, 0, 0, notFoundEmployer(code)
	} else if err != nil {
		return nil, 0, 0, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	rate, _, err := set.Rate("late_fee.daily", region, day)
	if err != nil {
		return nil, 0, 0, err
	}
	rows, err := db.query(ctx, `SELECT period, due_date, total, paid FROM bills
		WHERE employer_uscc = $1 AND paid < total AND due_date < $2 ORDER BY period`, code, asOf)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	out := []shebao.Arrear{}
	var total, fees shebao.Money
	for rows.Next() {
		a := shebao.Arrear{Employer: code, DailyRate: rate}
		if err := rows.Scan(&a.Period, &a.DueDate, &a.Total, &a.Paid); err != nil {
			return nil, 0, 0, err
		}
		a.Unpaid = a.Total - a.Paid
		a.Days = shebao.DaysBetween(a.DueDate, asOf)
		fee, why := policy.LateFeeExplain(a.Unpaid, a.Days, rate)
		a.LateFee = fee
		a.Explain = fmt.Sprintf("%s应缴%s元,已缴%s元,欠缴%s元;缴费期限%s,至%s逾期%d天;%s(社会保险法第八十六条,自欠缴之日起按日加收)",
			a.Period, a.Total, a.Paid, a.Unpaid, a.DueDate, asOf, a.Days, why)
		total += a.Unpaid
		fees += fee
		out = append(out, a)
	}
	return out, total, fees, rows.Err()
}

// billAccountMovements returns the movements of kind (credit, or withdraw
// to undo a credit) of the individual-account part of each line of the
// employer's bill for period, under source and dated date.
func (tx *Tx) billAccountMovements(ctx context.Context, uscc string, period shebao.Period, kind, source, date string) ([]shebao.AccountMovement, error) {
	rows, err := tx.Query(ctx, `SELECT id_no, scheme, account_amount FROM bill_lines
		WHERE employer_uscc = $1 AND period = $2 AND account_amount > 0 ORDER BY id_no, scheme`, uscc, string(period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ms []shebao.AccountMovement
	for rows.Next() {
		var id, scheme string
		var amt int64
		if err := rows.Scan(&id, &scheme, &amt); err != nil {
			return nil, err
		}
		if f, ok := shebao.FindFund(scheme); !ok || !f.IndividualAccounts {
			continue
		}
		ms = append(ms, shebao.AccountMovement{IDNo: id, Fund: scheme, Date: date, Kind: kind, Source: source, Amount: shebao.Money(amt)})
	}
	return ms, rows.Err()
}
