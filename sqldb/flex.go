package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Flexible employment (灵活就业, 国发〔2005〕38号): an individual payer chooses
// a base within base.floor and base.ceiling of wage.avg_monthly for a range
// of months and pays flex.110.rate (20%) of it to the employee pension (110),
// of which flex.110.account_rate (8%) goes to the individual account when
// the month is paid in full. Personal bills (personal_bills) are assessed
// per month, paid by bank receipt oldest first, posted Dr 1002 / Cr 4001 in
// fund 110 (an overpayment Cr 2201 暂收款), and their late fee is computed
// like an employer's: assessed when money arrives late and paid from what
// is left of a later payment after its bills; a payment is corrected (冲正)
// after a second clerk's approval (flex_refunds.go).

// RegisterFlexBase records a chosen base. The base must lie within the
// floor and ceiling in force for the person's region in the first month;
// outside it is refused with the field and the limits. Ranges of one person
// may not overlap; the same registration again changes nothing.
func (db *DB) RegisterFlexBase(ctx context.Context, fb shebao.FlexBase) error {
	_, errs, err := db.ImportFlexBases(ctx, []shebao.FlexBase{fb})
	if err != nil {
		return err
	}
	return errs[0]
}

// ImportFlexBases registers a chunk of chosen bases in one transaction
// (the import and the API): a new registration is Created, the same one
// again Unchanged; a row that is invalid, of a person not registered, out
// of the limits or overlapping another range is rejected with its field
// and reason, and the other rows still land.
func (db *DB) ImportFlexBases(ctx context.Context, fbs []shebao.FlexBase) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := authorize(sc.actor, "flex.register", shebao.EntityContribution, ""); err != nil {
		return nil, nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(fbs)), make([]error, len(fbs))
		for i, fb := range fbs {
			created, err := tx.registerFlexBase(ctx, sc, set, fb)
			switch {
			case err != nil && shebao.ErrorCode(err) == shebao.EINTERNAL:
				return err
			case err != nil:
				errs[i] = err
			case created:
				out[i] = shebao.Created
			default:
				out[i] = shebao.Unchanged
			}
		}
		return nil
	})
	return out, errs, err
}

// registerFlexBase records one chosen base; created is false when the same
// registration was there before. It writes nothing when it fails.
func (tx *Tx) registerFlexBase(ctx context.Context, sc scope, set *policy.Set, fb shebao.FlexBase) (created bool, err error) {
	id, err := canonicalIDNo(fb.IDNo)
	if err != nil {
		return false, err
	}
	from, err := shebao.ParsePeriod(string(fb.From))
	if err != nil {
		return false, shebao.FieldErrorf("起始年月", "%s", shebao.ErrorMessage(err))
	}
	to := shebao.Period("")
	if fb.To != "" {
		if to, err = shebao.ParsePeriod(string(fb.To)); err != nil || to < from {
			return false, shebao.FieldErrorf("终止年月", "终止年月“%s”无效或早于起始年月", fb.To)
		}
	}
	p, err := tx.findPerson(ctx, id)
	if err != nil {
		return false, err
	}
	if p == nil || !sc.contains(p.Region) {
		return false, notFoundPerson(id)
	}
	fp, err := flexParams(set, p.Region, from)
	if err != nil {
		return false, err
	}
	if fb.Base < fp.floor || fb.Base > fp.ceiling {
		return false, shebao.FieldErrorf("缴费基数", "缴费基数%s元不在%s年度允许的范围内:应在%s元(社平工资%s元的%s)至%s元(%s)之间",
			fb.Base, from[:4], fp.floor, fp.avg, fp.floorRate.Percent(), fp.ceiling, fp.ceilRate.Percent())
	}
	rows, err := tx.Query(ctx, `SELECT from_period, to_period, base FROM flex_bases WHERE id_no = $1`, id)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var f, t string
		var b int64
		if err := rows.Scan(&f, &t, &b); err != nil {
			rows.Close()
			return false, err
		}
		if f == string(from) && t == string(to) && shebao.Money(b) == fb.Base {
			rows.Close()
			return false, nil // registered before
		}
		if (t == "" || string(from) <= t) && (to == "" || f <= string(to)) {
			rows.Close()
			return false, shebao.FieldErrorf("起始年月", "与已登记的缴费基数期间%s至%s重叠", f, orOpen(t))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO flex_bases (id_no, from_period, to_period, base, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, string(from), string(to), int64(fb.Base), fmtTime(tx.now), sc.actor.Name); err != nil {
		return false, err
	}
	return true, tx.audit(ctx, "flex.register", shebao.EntityContribution, id, p.Region, nil, shebao.FlexBase{IDNo: id, From: from, To: to, Base: fb.Base})
}

func orOpen(t string) string {
	if t == "" {
		return "今"
	}
	return t
}

type flexParam struct {
	avg, floor, ceiling shebao.Money
	floorRate, ceilRate shebao.Rate
	rate, accountRate   shebao.Rate
}

func flexParams(set *policy.Set, region string, period shebao.Period) (flexParam, error) {
	var fp flexParam
	on := period.First()
	var err error
	if fp.avg, _, err = set.Money("wage.avg_monthly", region, on); err != nil {
		return fp, err
	}
	if fp.floorRate, _, err = set.Rate("base.floor", region, on); err != nil {
		return fp, err
	}
	if fp.ceilRate, _, err = set.Rate("base.ceiling", region, on); err != nil {
		return fp, err
	}
	if fp.rate, _, err = set.Rate("flex.110.rate", region, on); err != nil {
		return fp, err
	}
	if fp.accountRate, _, err = set.Rate("flex.110.account_rate", region, on); err != nil {
		return fp, err
	}
	fp.floor, fp.ceiling = fp.floorRate.Apply(fp.avg), fp.ceilRate.Apply(fp.avg)
	return fp, nil
}

// AssessFlex writes the personal bills of a month for every registered
// base covering it (in the actor's jurisdiction): amount = base × rate,
// account part = base × account rate, each explained; a base that the
// month's floor or ceiling no longer admits is clamped, and says so. A bill
// assessed before is kept as it is. It returns the bills written.
func (db *DB) AssessFlex(ctx context.Context, period shebao.Period) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "flex.assess", shebao.EntityContribution, ""); err != nil {
		return 0, err
	}
	if _, err := shebao.ParsePeriod(string(period)); err != nil {
		return 0, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.Update(ctx, func(tx *Tx) error {
		conds, args := sc.where("p.region_code", []string{"f.from_period <= $1", "(f.to_period = '' OR f.to_period >= $1)"}, []any{string(period)})
		rows, err := tx.Query(ctx, `SELECT f.id_no, p.region_code, f.base FROM flex_bases f JOIN persons p ON p.id_no = f.id_no`+
			whereClause(conds)+` ORDER BY f.id_no`, args...)
		if err != nil {
			return err
		}
		type row struct {
			id, region string
			base       shebao.Money
		}
		var rs []row
		for rows.Next() {
			var r row
			var b int64
			if err := rows.Scan(&r.id, &r.region, &b); err != nil {
				rows.Close()
				return err
			}
			r.base = shebao.Money(b)
			rs = append(rs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		params := map[string]flexParam{}
		now := fmtTime(tx.now)
		var ins [][]any
		for _, r := range rs {
			fp, ok := params[r.region]
			if !ok {
				if fp, err = flexParams(set, r.region, period); err != nil {
					return err
				}
				params[r.region] = fp
			}
			base, clamp := r.base, ""
			switch {
			case base < fp.floor:
				base, clamp = fp.floor, fmt.Sprintf("登记基数%s元低于本月下限,按下限%s元核定;", r.base, fp.floor)
			case base > fp.ceiling:
				base, clamp = fp.ceiling, fmt.Sprintf("登记基数%s元高于本月上限,按上限%s元核定;", r.base, fp.ceiling)
			}
			amount, acc := fp.rate.Apply(base), fp.accountRate.Apply(base)
			explain := fmt.Sprintf("企业职工基本养老保险(灵活就业)%s:%s缴费基数%s元(社平工资%s元的%s–%s之间自选);应缴 %s × %s = %s元;到账后记入个人账户 %s × %s = %s元;金额四舍五入到分。",
				period, clamp, base, fp.avg, fp.floorRate.Percent(), fp.ceilRate.Percent(), base, fp.rate.Percent(), amount, base, fp.accountRate.Percent(), acc)
			ins = append(ins, []any{r.id, string(period), shebao.SchemeEmployeePension, r.region, int64(base), int64(fp.rate), int64(amount),
				int64(acc), int64(0), period.Last().Format(shebao.DateLayout), explain, now})
		}
		before, err := tx.countPersonalBills(ctx, period)
		if err != nil {
			return err
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "personal_bills",
			cols: []string{"id_no", "period", "scheme", "region_code", "base", "rate", "amount", "account_amount", "paid", "due_date",
				"explanation", "assessed_at"},
			pgTypes:  []string{"text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "text", "text"},
			conflict: "ON CONFLICT (id_no, period, scheme) DO NOTHING"}, ins); err != nil {
			return err
		}
		after, err := tx.countPersonalBills(ctx, period)
		if err != nil {
			return err
		}
		n = after - before
		return tx.audit(ctx, "flex.assess", shebao.EntityContribution, string(period), "", nil, map[string]any{"bills": n})
	})
	return n, err
}

func (tx *Tx) countPersonalBills(ctx context.Context, period shebao.Period) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM personal_bills WHERE period = $1`, string(period)).Scan(&n)
	return n, err
}

// RecordFlexPayment records a person's bank receipt and allocates it to
// their unpaid personal bills oldest first; a bill paid in full credits
// its account part. The same receipt again changes nothing; with another
// person, amount or date it is ECONFLICT.
func (db *DB) RecordFlexPayment(ctx context.Context, receipt, idNo string, amount shebao.Money, paidOn string) (*shebao.FlexPaymentResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	a := sc.actor
	if err := authorize(a, "flex.pay", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	pm := shebao.Payment{ReceiptNo: receipt, Amount: amount, PaidOn: paidOn}
	if err := pm.Validate(); err != nil {
		return nil, err
	}
	receipt = strings.TrimSpace(receipt)
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	res := &shebao.FlexPaymentResult{ReceiptNo: receipt, IDNo: id, Amount: amount, PaidOn: paidOn, Allocations: []shebao.Allocation{}}
	err = db.Update(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(id)
		}
		if tx.db.Dialect == Postgres {
			var x string
			if err := tx.QueryRow(ctx, `SELECT id_no FROM persons WHERE id_no = $1 FOR NO KEY UPDATE`, id).Scan(&x); err != nil {
				return err
			}
		}
		var pid, pidNo, pOn string
		var pAmt int64
		err = tx.QueryRow(ctx, `SELECT id, id_no, amount, paid_on FROM personal_payments WHERE receipt_no = $1`, receipt).Scan(&pid, &pidNo, &pAmt, &pOn)
		if err == nil {
			if pidNo != id || shebao.Money(pAmt) != amount || pOn != paidOn {
				return shebao.Errorf(shebao.ECONFLICT, "回单号%s已登记为另一笔缴款(%s元,%s),与本次不符:更正请另行办理", receipt, shebao.Money(pAmt), pOn)
			}
			res.Repeat = true
			return nil
		} else if !isNoRows(err) {
			return err
		}
		payID := newID()
		if _, err := tx.Exec(ctx, `INSERT INTO personal_payments (id, receipt_no, id_no, amount, paid_on, source, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, '', $6, $7)`, payID, receipt, id, int64(amount), paidOn, fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT period, scheme, amount, paid, account_amount, due_date FROM personal_bills
			WHERE id_no = $1 AND paid < amount ORDER BY period, scheme`, id)
		if err != nil {
			return err
		}
		type ub struct {
			period, scheme, due string
			amount, paid, acc   int64
		}
		var bills []ub
		for rows.Next() {
			var b ub
			if err := rows.Scan(&b.period, &b.scheme, &b.amount, &b.paid, &b.acc, &b.due); err != nil {
				rows.Close()
				return err
			}
			bills = append(bills, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		left := int64(amount)
		var moves []shebao.AccountMovement
		var lines []shebao.Line
		for _, b := range bills {
			if left == 0 {
				break
			}
			amt := min(left, b.amount-b.paid)
			left -= amt
			if _, err := tx.Exec(ctx, `UPDATE personal_bills SET paid = paid + $1 WHERE id_no = $2 AND period = $3 AND scheme = $4`,
				amt, id, b.period, b.scheme); err != nil {
				return err
			}
			al := shebao.Allocation{Period: shebao.Period(b.period), Amount: shebao.Money(amt), LateDays: lateDays(b.due, paidOn),
				Settled: b.paid+amt == b.amount, ByScheme: map[string]shebao.Money{b.scheme: shebao.Money(amt)}}
			settled := int64(0)
			if al.Settled {
				settled = 1
				if b.acc > 0 {
					// Paid in full again after a correction made it
					// unpaid: a crediting of its own (flex_refunds.go).
					source := "flex:" + id + ":" + b.period
					if n, err := tx.flexReversals(ctx, id, b.period, b.scheme); err != nil {
						return err
					} else if n > 0 {
						source += fmt.Sprintf(":%d", n)
					}
					moves = append(moves, shebao.AccountMovement{IDNo: id, Fund: b.scheme, Date: paidOn, Kind: shebao.MoveCredit,
						Source: source, Amount: shebao.Money(b.acc)})
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO personal_allocations (payment_id, id_no, period, scheme, amount, late_fee_days, settled)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, payID, id, b.period, b.scheme, amt, int64(al.LateDays), settled); err != nil {
				return err
			}
			l := shebao.Credit(shebao.AcctContributionIncome, shebao.Money(amt))
			l.Memo = "灵活就业 " + b.period
			lines = append(lines, l)
			res.Allocations = append(res.Allocations, al)
		}
		// Late fees (flex_refunds.go): the late allocations assess theirs;
		// what is left after the bills pays the outstanding ones.
		if res.LateFee, err = tx.assessFlexLateFees(ctx, p, payID, paidOn, res.Allocations); err != nil {
			return err
		}
		feeLines, feePaid, err := tx.collectFlexLateFees(ctx, id, payID, paidOn, left)
		if err != nil {
			return err
		}
		lines = append(lines, feeLines...)
		left -= feePaid
		res.LateFeePaid = shebao.Money(feePaid)
		res.Credit = shebao.Money(left)
		if left > 0 {
			l := shebao.Credit(shebao.AcctSuspense, shebao.Money(left))
			l.Memo = "暂收款 灵活就业"
			lines = append(lines, l)
		}
		d := shebao.Debit(shebao.AcctBank, amount)
		d.Memo = "回单号 " + receipt
		for _, m := range moves {
			lines = append(lines, shebao.IndividualAccountLines(m.Amount)...)
		}
		if _, err := tx.postFor(ctx, shebao.EntityContribution, []*shebao.Entry{{Fund: shebao.SchemeEmployeePension, Date: paidOn,
			Kind: shebao.PostCollection, Source: "flexpay:" + payID,
			Description: fmt.Sprintf("灵活就业人员缴费到账:回单号%s", receipt), Lines: append([]shebao.Line{d}, lines...)}}); err != nil {
			return err
		}
		if _, _, err := tx.creditFor(ctx, shebao.EntityContribution, moves); err != nil {
			return err
		}
		return tx.audit(ctx, "flex.pay", shebao.EntityContribution, payID, p.Region, nil, res)
	})
	if isUniqueViolation(err) {
		return nil, shebao.Errorf(shebao.ECONFLICT, "回单号%s正在或已经被另一笔缴款登记", receipt)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// FlexArrears returns a person's personal bills overdue and unpaid on asOf
// with the late fee (late_fee.daily × days since the due date, 社会保险法
// 第八十六条), explained.
func (db *DB) FlexArrears(ctx context.Context, idNo, asOf string) ([]shebao.Arrear, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly && id != sc.actor.IDNo {
		return nil, notFoundPerson(id)
	}
	day, err := parseDate("日期", asOf)
	if err != nil {
		return nil, err
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var region string
	if err := db.queryRow(ctx, `SELECT region_code FROM persons WHERE id_no = $1`, id).Scan(&region); isNoRows(err) || err == nil && !sc.contains(region) {
		return nil, notFoundPerson(id)
	} else if err != nil {
		return nil, err
	}
	rate, _, err := set.Rate("late_fee.daily", region, day)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT period, due_date, amount, paid FROM personal_bills
		WHERE id_no = $1 AND paid < amount AND due_date < $2 ORDER BY period, scheme`, id, asOf)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []shebao.Arrear{}
	for rows.Next() {
		a := shebao.Arrear{Employer: "", DailyRate: rate}
		if err := rows.Scan(&a.Period, &a.DueDate, &a.Total, &a.Paid); err != nil {
			return nil, err
		}
		a.Unpaid = a.Total - a.Paid
		a.Days = shebao.DaysBetween(a.DueDate, asOf)
		fee, why := policy.LateFeeExplain(a.Unpaid, a.Days, rate)
		a.LateFee = fee
		a.Explain = fmt.Sprintf("灵活就业%s应缴%s元,已缴%s元,欠缴%s元;缴费期限%s,至%s逾期%d天;%s(社会保险法第八十六条)",
			a.Period, a.Total, a.Paid, a.Unpaid, a.DueDate, asOf, a.Days, why)
		out = append(out, a)
	}
	return out, rows.Err()
}
