package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Flexible employment (灵活就业): late fees of personal bills and the
// correction (冲正) of a personal payment, following the employer path
// (latefees.go, refunds.go).
//
// Late fees. 社会保险法 第八十六条 names the employer (用人单位); DOMAIN.md
// §5 gives the late fee (0.05% a day from the due date) without limiting it
// to employers, and shebao already computed the late fee of a flexible
// payer's overdue months (FlexArrears, "computed like an employer's"). So a
// personal payment's allocation that arrives after the bill's due date
// assesses its late fee at the same daily rate (late_fee.daily, in force in
// the person's region on the payment's date): allocated × rate × days late,
// rounded half up (personal_late_fees, source_id = the payment); ledger of
// the bill's fund Dr 1101 应收社会保险费 / Cr 4099 其他收入 (kind late_fee,
// source "flex-latefee:<payment id>"). Principal first: what is left of a
// personal payment after its bills pays the person's outstanding late fees
// (personal_late_fee_collections) before the rest becomes 暂收款: Cr 1101 in
// the payment's collection entry. The rate is the employers' one: a
// district whose rule exempts flexible payers has no separate switch yet
// (README).
//
// Corrections. A personal payment recorded for the wrong person or amount
// is reversed in full, once, by a correction with its own voucher number,
// submitted by one clerk and carried out when another approves it
// (approval kind flex.correct; the same right as payment.correct). Nothing
// is edited but the bills' paid counters: the correction is a
// personal_corrections row, the allocations it reversed its lines; a bill
// paid in full that becomes unpaid again has its account credit withdrawn
// (MoveAccounts, source "flex-reversal:<id_no>:<period>:<n>") and, when
// paid in full again, is credited under "flex:<id_no>:<period>:<n>". The
// late fees the payment's late allocations assessed are cancelled (Dr 4099
// / Cr 1101), those it paid are owed again (Dr 1101), its 暂收款 released
// (Dr 2201), its allocations reversed (Dr 4001), all against Cr 1002 银行存款
// (kind adjustment, source "flex-correction:<correction id>").
//
// Refunds (退费). What a personal payment holds as 暂收款 — its amount less
// what it allocated to bills, the late fees it paid and its earlier
// refunds — is paid back to the person, in part or in full, by a refund
// with its own voucher number, submitted by one clerk and carried out when
// another approves it (approval kind flex.refund; the same right as
// payment.refund), checked again then: a personal_refunds row and, in fund
// 110, Dr 2201 暂收款 / Cr 1002 银行存款 (kind collection, source
// "flex-refund:<refund id>"), as the employer refund's 暂收款 part
// (refunds.go). Unlike the employer refund it never reverses money
// allocated to bills (多征): a personal payment recorded with a wrong amount
// is corrected in full and recorded again. A corrected payment holds no
// 暂收款; a correction after refunds reverses only the 暂收款 still held.

// assessFlexLateFees assesses the late fee of each late allocation of a
// personal payment and returns the total.
func (tx *Tx) assessFlexLateFees(ctx context.Context, p *shebao.Person, payID, paidOn string, als []shebao.Allocation) (shebao.Money, error) {
	var rate shebao.Rate
	var rows [][]any
	var es []*shebao.Entry
	var total shebao.Money
	for _, al := range als {
		if al.LateDays <= 0 || al.Amount <= 0 {
			continue
		}
		if rate == 0 {
			var err error
			if rate, err = tx.lateFeeRate(ctx, p.Region, paidOn); err != nil {
				return 0, err
			}
		}
		fee, why := policy.LateFeeExplain(al.Amount, al.LateDays, rate)
		if fee <= 0 {
			continue
		}
		explain := fmt.Sprintf("灵活就业%s应缴%s元于%s到账,缴费期限后逾期%d天;%s(社会保险法第八十六条,按单位滞纳金的日费率)",
			al.Period, al.Amount, paidOn, al.LateDays, why)
		for scheme := range al.ByScheme { // one scheme per personal bill
			rows = append(rows, []any{payID, p.IDNo, string(al.Period), scheme, int64(al.Amount), int64(al.LateDays), int64(rate),
				int64(fee), paidOn, explain})
			d := shebao.Debit(shebao.AcctContributionsReceivable, fee)
			c := shebao.Credit(shebao.AcctOtherIncome, fee)
			d.Memo, c.Memo = "灵活就业 "+string(al.Period), "滞纳金"
			es = append(es, &shebao.Entry{Fund: scheme, Date: paidOn, Kind: shebao.PostLateFee,
				Source:      "flex-latefee:" + payID + ":" + string(al.Period) + ":" + scheme,
				Description: "灵活就业滞纳金核定:" + explain, Lines: []shebao.Line{d, c}})
			total += fee
		}
	}
	if len(rows) == 0 {
		return 0, nil
	}
	if err := tx.bulkInsert(ctx, personalLateFeeTable, rows); err != nil {
		return 0, err
	}
	_, err := tx.postFor(ctx, shebao.EntityContribution, es)
	return total, err
}

var personalLateFeeTable = bulkTable{name: "personal_late_fees",
	cols:    []string{"source_id", "id_no", "period", "scheme", "principal", "days", "daily_rate", "amount", "assessed_on", "explain"},
	pgTypes: []string{"text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "text", "text"}}

var personalFeeCollectionTable = bulkTable{name: "personal_late_fee_collections",
	cols:    []string{"source_id", "id_no", "scheme", "amount", "paid_on"},
	pgTypes: []string{"text", "text", "text", "bigint", "text"}}

// flexFeesOutstanding returns the person's late fees assessed and not yet
// paid, by scheme (never below zero).
func (tx *Tx) flexFeesOutstanding(ctx context.Context, id string) (map[string]int64, error) {
	return tx.feesOutstanding(ctx, "personal_late_fees", "personal_late_fee_collections", "id_no", id)
}

// collectFlexLateFees pays the person's outstanding late fees from avail
// (what is left of a personal payment after its bills) and returns the
// credit lines (Cr 1101, for the payment's collection entry of fund 110)
// and the total paid.
func (tx *Tx) collectFlexLateFees(ctx context.Context, id, payID, paidOn string, avail int64) ([]shebao.Line, int64, error) {
	if avail <= 0 {
		return nil, 0, nil
	}
	owed, err := tx.flexFeesOutstanding(ctx, id)
	if err != nil || len(owed) == 0 {
		return nil, 0, err
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
	pay := min(total, avail)
	shares := splitProportional(pay, weights)
	var rows [][]any
	var lines []shebao.Line
	for i, s := range schemes {
		if shares[i] == 0 {
			continue
		}
		if s != shebao.SchemeEmployeePension {
			return nil, 0, fmt.Errorf("flex late fee of scheme %s: personal payments post to fund 110 only", s)
		}
		rows = append(rows, []any{payID, id, s, shares[i], paidOn})
		l := shebao.Credit(shebao.AcctContributionsReceivable, shebao.Money(shares[i]))
		l.Memo = "灵活就业滞纳金"
		lines = append(lines, l)
	}
	return lines, pay, tx.bulkInsert(ctx, personalFeeCollectionTable, rows)
}

// flexReversals is how many times corrections made the person's bill,
// once paid in full, unpaid again: it names the next crediting.
func (tx *Tx) flexReversals(ctx context.Context, id, period, scheme string) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM personal_correction_lines WHERE id_no = $1 AND period = $2 AND scheme = $3 AND unsettled = 1`,
		id, period, scheme).Scan(&n)
	return n, err
}

// personalPayment is a personal payment and the person it belongs to,
// the person's row locked (PostgreSQL).
type personalPayment struct {
	id, receipt, idNo, paidOn string
	amount                    int64
	person                    *shebao.Person
	correction                string // receipt of the correction that reversed it
}

func (tx *Tx) flexCorrectionTarget(ctx context.Context, ref string) (*personalPayment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	pp := &personalPayment{receipt: ref}
	err = tx.QueryRow(ctx, `SELECT id, id_no, amount, paid_on FROM personal_payments WHERE receipt_no = $1`, ref).Scan(&pp.id, &pp.idNo, &pp.amount, &pp.paidOn)
	if isNoRows(err) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的灵活就业缴款", ref)
	}
	if err != nil {
		return nil, err
	}
	if tx.db.Dialect == Postgres {
		var x string
		if err := tx.QueryRow(ctx, `SELECT id_no FROM persons WHERE id_no = $1 FOR NO KEY UPDATE`, pp.idNo).Scan(&x); err != nil {
			return nil, err
		}
	}
	if pp.person, err = tx.findPerson(ctx, pp.idNo); err != nil {
		return nil, err
	}
	if pp.person == nil || !sc.contains(pp.person.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的灵活就业缴款", ref)
	}
	err = tx.QueryRow(ctx, `SELECT receipt_no FROM personal_corrections WHERE payment_id = $1`, pp.id).Scan(&pp.correction)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	return pp, nil
}

// RecordFlexCorrection submits the correction (冲正) of a personal payment
// for a second clerk's approval (kind flex.correct). Once approved, the
// payment is reversed in full: the person's bills, late fees, account and
// the ledger are as if it had never been recorded (by new rows and
// entries). The same request again returns the approval already made.
func (db *DB) RecordFlexCorrection(ctx context.Context, r shebao.FlexCorrectionRequest) (*shebao.Approval, error) {
	var pp *personalPayment
	return db.submitReversal(ctx, shebao.ApproveFlexCorrect, &r, func(tx *Tx) (err error) {
		pp, err = tx.flexCorrectionTarget(ctx, r.Ref)
		return err
	}, func(tx *Tx) (string, string, error) {
		if pp.correction != "" {
			return "", "", shebao.Errorf(shebao.ECONFLICT, "回单号%s的灵活就业缴款已更正(冲正凭证%s)", r.Ref, pp.correction)
		}
		summary := fmt.Sprintf("灵活就业缴费更正(冲正):%s回单号%s的缴款%s元(到账%s)全额冲销,凭证号%s,原因:%s",
			pp.person.Name, r.Ref, shebao.Money(pp.amount), pp.paidOn, r.Receipt, r.Reason)
		return pp.person.Region, summary, nil
	})
}

// recordFlexCorrection carries out an approved correction.
func (tx *Tx) recordFlexCorrection(ctx context.Context, r shebao.FlexCorrectionRequest) (*shebao.FlexCorrectionResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payment.correct", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	if err := r.Normalize(); err != nil {
		return nil, err
	}
	pp, err := tx.flexCorrectionTarget(ctx, r.Ref)
	if err != nil {
		return nil, err
	}
	res := &shebao.FlexCorrectionResult{Receipt: r.Receipt, Ref: r.Ref, Amount: shebao.Money(pp.amount), PaidOn: pp.paidOn,
		Reversed: []shebao.Allocation{}, Unsettled: []shebao.Period{}}
	var priorPay string
	err = tx.QueryRow(ctx, `SELECT payment_id FROM personal_corrections WHERE receipt_no = $1`, r.Receipt).Scan(&priorPay)
	switch {
	case err == nil && priorPay == pp.id:
		res.Repeat, res.Summary = true, fmt.Sprintf("凭证号%s的更正已办理,未重复冲正", r.Receipt)
		return res, nil
	case err == nil:
		return nil, shebao.Errorf(shebao.ECONFLICT, "凭证号%s已用于另一笔更正", r.Receipt)
	case !isNoRows(err):
		return nil, err
	}
	if pp.correction != "" {
		return nil, shebao.Errorf(shebao.ECONFLICT, "回单号%s的灵活就业缴款已更正(冲正凭证%s)", r.Ref, pp.correction)
	}
	a, _ := shebao.ActorFrom(ctx)
	cid := newID()
	if _, err := tx.Exec(ctx, `INSERT INTO personal_corrections (id, receipt_no, payment_id, id_no, amount, corrected_on, reason, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, cid, r.Receipt, pp.id, pp.idNo, pp.amount, r.Date, r.Reason, fmtTime(tx.now), makerOf(ctx, a)); err != nil {
		return nil, err
	}
	// The allocations, newest month first.
	rows, err := tx.Query(ctx, `SELECT a.period, a.scheme, a.amount, b.amount, b.paid, b.account_amount FROM personal_allocations a
		JOIN personal_bills b ON b.id_no = a.id_no AND b.period = a.period AND b.scheme = a.scheme
		WHERE a.payment_id = $1 ORDER BY a.period DESC, a.scheme`, pp.id)
	if err != nil {
		return nil, err
	}
	type alloc struct {
		period, scheme          string
		amt, due, paid, account int64
	}
	var als []alloc
	for rows.Next() {
		var x alloc
		if err := rows.Scan(&x.period, &x.scheme, &x.amt, &x.due, &x.paid, &x.account); err != nil {
			rows.Close()
			return nil, err
		}
		als = append(als, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	debits := map[string][]shebao.Line{}
	credits := map[string][]shebao.Line{}
	var lineRows [][]any
	var allocated int64
	for _, x := range als {
		if x.amt <= 0 {
			continue
		}
		allocated += x.amt
		r2, err := tx.Exec(ctx, `UPDATE personal_bills SET paid = paid - $1 WHERE id_no = $2 AND period = $3 AND scheme = $4 AND paid >= $1`,
			x.amt, pp.idNo, x.period, x.scheme)
		if err != nil {
			return nil, err
		}
		if n, _ := r2.RowsAffected(); n != 1 {
			return nil, fmt.Errorf("personal bill %s %s: paid below the allocation to reverse", x.period, x.scheme)
		}
		unsettled := int64(0)
		if x.paid == x.due {
			unsettled = 1
			res.Unsettled = append(res.Unsettled, shebao.Period(x.period))
			if x.account > 0 {
				n, err := tx.flexReversals(ctx, pp.idNo, x.period, x.scheme)
				if err != nil {
					return nil, err
				}
				source := fmt.Sprintf("flex-reversal:%s:%s:%d", pp.idNo, x.period, n)
				if _, err := tx.moveAccountsFor(ctx, shebao.EntityContribution, r.Date, source,
					fmt.Sprintf("个人账户冲回:灵活就业%s缴费冲正后不再足额", x.period),
					[]shebao.AccountMovement{{IDNo: pp.idNo, Fund: x.scheme, Date: r.Date, Kind: shebao.MoveWithdraw, Source: source, Amount: shebao.Money(x.account)}}); err != nil {
					return nil, err
				}
			}
		}
		lineRows = append(lineRows, []any{cid, pp.idNo, x.period, x.scheme, x.amt, unsettled})
		res.Reversed = append(res.Reversed, shebao.Allocation{Period: shebao.Period(x.period), Amount: -shebao.Money(x.amt),
			ByScheme: map[string]shebao.Money{x.scheme: -shebao.Money(x.amt)}})
		l := shebao.Debit(shebao.AcctContributionIncome, shebao.Money(x.amt))
		l.Memo = "冲正 灵活就业 " + x.period
		debits[x.scheme] = append(debits[x.scheme], l)
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: "personal_correction_lines",
		cols:    []string{"correction_id", "id_no", "period", "scheme", "amount", "unsettled"},
		pgTypes: []string{"text", "text", "text", "text", "bigint", "bigint"}}, lineRows); err != nil {
		return nil, err
	}
	// Late fees it paid are owed again; those it assessed are cancelled.
	var feeRows [][]any
	frows, err := tx.Query(ctx, `SELECT scheme, CAST(SUM(amount) AS BIGINT) FROM personal_late_fee_collections WHERE source_id = $1 GROUP BY scheme ORDER BY scheme`, pp.id)
	if err != nil {
		return nil, err
	}
	for frows.Next() {
		var s string
		var v int64
		if err := frows.Scan(&s, &v); err != nil {
			frows.Close()
			return nil, err
		}
		if v > 0 {
			feeRows = append(feeRows, []any{cid, pp.idNo, s, -v, r.Date})
			debits[s] = append(debits[s], shebao.Debit(shebao.AcctContributionsReceivable, shebao.Money(v)))
			res.LateFeesPaid += shebao.Money(v)
		}
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, err
	}
	if err := tx.bulkInsert(ctx, personalFeeCollectionTable, feeRows); err != nil {
		return nil, err
	}
	var cancelRows [][]any
	crows, err := tx.Query(ctx, `SELECT period, scheme, principal, days, daily_rate, amount FROM personal_late_fees WHERE source_id = $1 ORDER BY period, scheme`, pp.id)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var period, s string
		var principal, days, rate, v int64
		if err := crows.Scan(&period, &s, &principal, &days, &rate, &v); err != nil {
			crows.Close()
			return nil, err
		}
		if v > 0 {
			cancelRows = append(cancelRows, []any{cid, pp.idNo, period, s, -principal, days, rate, -v, r.Date,
				fmt.Sprintf("冲正撤销:原回单号%s的%s滞纳金%s元", r.Ref, period, shebao.Money(v))})
			debits[s] = append(debits[s], shebao.Debit(shebao.AcctOtherIncome, shebao.Money(v)))
			credits[s] = append(credits[s], shebao.Credit(shebao.AcctContributionsReceivable, shebao.Money(v)))
			res.LateFeesCancelled += shebao.Money(v)
		}
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}
	if err := tx.bulkInsert(ctx, personalLateFeeTable, cancelRows); err != nil {
		return nil, err
	}
	refunded, err := tx.flexRefunded(ctx, pp.id)
	if err != nil {
		return nil, err
	}
	res.Refunded = shebao.Money(refunded)
	res.Suspense = shebao.Money(pp.amount-allocated-refunded) - res.LateFeesPaid
	if res.Suspense < 0 {
		return nil, fmt.Errorf("personal payment %s: negative 暂收款 %s", r.Ref, res.Suspense)
	}
	if res.Suspense > 0 {
		l := shebao.Debit(shebao.AcctSuspense, res.Suspense)
		l.Memo = "冲正暂收款 灵活就业"
		debits[shebao.SchemeEmployeePension] = append(debits[shebao.SchemeEmployeePension], l)
	}
	if err := tx.postReversal(ctx, shebao.PostAdjustment, "flex-correction:"+cid, r.Date,
		fmt.Sprintf("冲正:灵活就业%s回单号%s的缴款,凭证号%s,原因:%s", pp.person.Name, r.Ref, r.Receipt, r.Reason), debits, credits); err != nil {
		return nil, err
	}
	res.Summary = fmt.Sprintf("已冲正灵活就业%s回单号%s的缴款%s元(冲回已缴%s元、暂收款%s元、已缴滞纳金%s元,撤销滞纳金%s元),凭证号%s;请另行登记正确的缴款",
		pp.person.Name, r.Ref, shebao.Money(pp.amount), shebao.Money(allocated), res.Suspense, res.LateFeesPaid, res.LateFeesCancelled, r.Receipt)
	if res.Refunded > 0 {
		res.Summary += fmt.Sprintf(";此前已退费%s元,不再冲回", res.Refunded)
	}
	if len(res.Unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(res.Unsettled))
	}
	if err := tx.audit(ctx, "flex.correct", shebao.EntityContribution, cid, pp.person.Region, nil, res); err != nil {
		return nil, err
	}
	return res, nil
}

// flexRefunded returns what refunds have paid back of a personal payment.
func (tx *Tx) flexRefunded(ctx context.Context, paymentID string) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM personal_refunds WHERE payment_id = $1`, paymentID).Scan(&v)
	return v, err
}

// flexHeld returns the 暂收款 a personal payment holds: its amount less
// its allocations, the late fees it paid and its refunds (0 once
// corrected).
func (tx *Tx) flexHeld(ctx context.Context, pp *personalPayment) (int64, error) {
	if pp.correction != "" {
		return 0, nil
	}
	var allocated, fees int64
	if err := tx.QueryRow(ctx, `SELECT
			COALESCE((SELECT CAST(SUM(amount) AS BIGINT) FROM personal_allocations WHERE payment_id = $1), 0),
			COALESCE((SELECT CAST(SUM(amount) AS BIGINT) FROM personal_late_fee_collections WHERE source_id = $1), 0)`, pp.id).
		Scan(&allocated, &fees); err != nil {
		return 0, err
	}
	refunded, err := tx.flexRefunded(ctx, pp.id)
	if err != nil {
		return 0, err
	}
	return pp.amount - allocated - fees - refunded, nil
}

// flexRefundable checks a refund against the payment as it is now and
// returns the 暂收款 it holds.
func (tx *Tx) flexRefundable(ctx context.Context, pp *personalPayment, r shebao.FlexRefundRequest) (int64, error) {
	if pp.correction != "" {
		return 0, shebao.Errorf(shebao.ECONFLICT, "回单号%s的灵活就业缴款已更正(冲正凭证%s),不能再退费", r.Ref, pp.correction)
	}
	if r.Date < pp.paidOn {
		return 0, shebao.FieldErrorf("date", "退费日期%s早于回单号%s的到账日期%s", r.Date, r.Ref, pp.paidOn)
	}
	held, err := tx.flexHeld(ctx, pp)
	if err != nil {
		return 0, err
	}
	if int64(r.Amount) > held {
		return 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s的暂收款余额%s元(灵活就业缴费只退还未冲抵应缴的暂收款;金额有误的缴款请办理更正)",
			r.Amount, r.Ref, shebao.Money(held))
	}
	return held, nil
}

// RecordFlexRefund submits the refund of a personal payment's 暂收款 for a
// second clerk's approval (kind flex.refund), checked against the payment
// as it is now (at most the 暂收款 it holds) and carried out when approved,
// checked again then. The same request (same voucher number) again returns
// the approval already made; another under that number is ECONFLICT.
func (db *DB) RecordFlexRefund(ctx context.Context, r shebao.FlexRefundRequest) (*shebao.Approval, error) {
	var pp *personalPayment
	return db.submitReversal(ctx, shebao.ApproveFlexRefund, &r, func(tx *Tx) (err error) {
		pp, err = tx.flexCorrectionTarget(ctx, r.Ref)
		return err
	}, func(tx *Tx) (string, string, error) {
		var prior string
		if err := tx.QueryRow(ctx, `SELECT receipt_no FROM personal_refunds WHERE receipt_no = $1`, r.Receipt).Scan(&prior); err == nil {
			return "", "", shebao.Errorf(shebao.ECONFLICT, "凭证号%s的退费已办理", r.Receipt)
		} else if !isNoRows(err) {
			return "", "", err
		}
		held, err := tx.flexRefundable(ctx, pp, r)
		if err != nil {
			return "", "", err
		}
		summary := fmt.Sprintf("灵活就业缴费退费:%s回单号%s(到账%s)的暂收款%s元中退还%s元,凭证号%s,退费日期%s",
			pp.person.Name, r.Ref, pp.paidOn, shebao.Money(held), r.Amount, r.Receipt, r.Date)
		if r.Reason != "" {
			summary += ",原因:" + r.Reason
		}
		return pp.person.Region, summary, nil
	})
}

// recordFlexRefund carries out an approved refund.
func (tx *Tx) recordFlexRefund(ctx context.Context, r shebao.FlexRefundRequest) (*shebao.FlexRefundResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payment.refund", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	if err := r.Normalize(); err != nil {
		return nil, err
	}
	pp, err := tx.flexCorrectionTarget(ctx, r.Ref)
	if err != nil {
		return nil, err
	}
	res := &shebao.FlexRefundResult{Receipt: r.Receipt, Ref: r.Ref, Name: pp.person.Name, Amount: r.Amount, Date: r.Date}
	var priorPay string
	var priorAmount int64
	err = tx.QueryRow(ctx, `SELECT payment_id, amount FROM personal_refunds WHERE receipt_no = $1`, r.Receipt).Scan(&priorPay, &priorAmount)
	switch {
	case err == nil && priorPay == pp.id && priorAmount == int64(r.Amount):
		res.Repeat, res.Summary = true, fmt.Sprintf("凭证号%s的退费已办理,未重复退费", r.Receipt)
		return res, nil
	case err == nil:
		return nil, shebao.Errorf(shebao.ECONFLICT, "凭证号%s已用于另一笔退费", r.Receipt)
	case !isNoRows(err):
		return nil, err
	}
	held, err := tx.flexRefundable(ctx, pp, r)
	if err != nil {
		return nil, err
	}
	res.Held, res.Left = shebao.Money(held), shebao.Money(held)-r.Amount
	a, _ := shebao.ActorFrom(ctx)
	id := newID()
	if _, err := tx.Exec(ctx, `INSERT INTO personal_refunds (id, receipt_no, payment_id, id_no, amount, refunded_on, reason, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, r.Receipt, pp.id, pp.idNo, int64(r.Amount), r.Date, r.Reason, fmtTime(tx.now), makerOf(ctx, a)); err != nil {
		return nil, err
	}
	l := shebao.Debit(shebao.AcctSuspense, r.Amount)
	l.Memo = "退还暂收款 灵活就业 " + r.Ref
	if err := tx.postReversal(ctx, shebao.PostCollection, "flex-refund:"+id, r.Date,
		fmt.Sprintf("灵活就业缴费退费:%s原回单号%s,凭证号%s", pp.person.Name, r.Ref, r.Receipt),
		map[string][]shebao.Line{shebao.SchemeEmployeePension: {l}}, nil); err != nil {
		return nil, err
	}
	res.Summary = fmt.Sprintf("已向%s退还回单号%s的暂收款%s元(退费前暂收款%s元,余%s元),凭证号%s", pp.person.Name, r.Ref, r.Amount,
		res.Held, res.Left, r.Receipt)
	if err := tx.audit(ctx, "flex.refund", shebao.EntityContribution, id, pp.person.Region, nil, res); err != nil {
		return nil, err
	}
	return res, nil
}

// ExecuteFlexCorrection carries out an approved the correction of a flexible-employment payment (shebao.ApproveFlexCorrect), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecuteFlexCorrection(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executeFlexCorrection(ctx, payload) })
}

func (tx *Tx) executeFlexCorrection(ctx context.Context, payload []byte) (string, error) {
	var r shebao.FlexCorrectionRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	res, err := tx.recordFlexCorrection(ctx, r)
	if err != nil {
		return "", err
	}
	return res.Summary, nil
}

// ExecuteFlexRefund carries out an approved the refund of a flexible-employment payment (shebao.ApproveFlexRefund), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecuteFlexRefund(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executeFlexRefund(ctx, payload) })
}

func (tx *Tx) executeFlexRefund(ctx context.Context, payload []byte) (string, error) {
	var r shebao.FlexRefundRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	res, err := tx.recordFlexRefund(ctx, r)
	if err != nil {
		return "", err
	}
	return res.Summary, nil
}
