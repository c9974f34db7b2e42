package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Back payments (补发). When a benefit's amount changes for months the
// payroll has already paid — the yearly pension adjustment (养老金调整) is
// typically decided in mid-year with effect from January — every paid month
// (待发放 or 已发放) whose amount differs from the amount now in force for
// it is owed the difference: one back payment per benefit and month
// (benefit_backpays, 0021_backpay.sql), explained in Chinese (旧额、新额、
// 差额、月份).
//
// The payroll run pays them: after its chunks (payroll.go, RunPayroll) it
// calls payBackPays, which finds the differences set-based over ranges of
// benefit ids, each range one transaction with its own batch, and posts
// them like the payroll's own lines (Dr the kind's expense account — for
// the residents' pension the basic part to 5011 and the rest to 5012 — Cr
// 2101 应付社会保险待遇). The batches go into the month's release with the
// payments (payroll.release, 经办 → 复核), which marks them 已发放 and
// posts the bank payment (Dr 2101, Cr 1002). The increase is paid by the
// pooled fund: the account part of a pension does not change with an
// adjustment, so no individual account moves.
//
// A negative difference (an amount lowered for months already paid) is not
// a negative payment: it is recorded as an overpayment to recover
// (overpayments.go, reason ReasonReducedOverpayment) and the back payment
// row keeps it with status 转追回.
//
// Computing them again adds nothing: the key is (benefit, month, amount in
// force), and the amount already had by a month counts the earlier back
// payments, so a second change of the same month adds only its own
// difference.

// backPayChunk is how many benefits one transaction of back payments covers.
var backPayChunk = 5000

var backPayTable = bulkTable{
	name: "benefit_backpays",
	cols: []string{"benefit_id", "month", "target", "id_no", "scheme", "kind", "region_code", "old_amount", "amount", "basic_part",
		"explanation", "status", "pay_month", "batch", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "bigint", "text", "text", "text", "text", "bigint", "bigint", "bigint",
		"text", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (benefit_id, month, target) DO NOTHING",
}

// payBackPays computes and pays the back payments owed in the scope with
// the payroll of month m (see the comment at the top of this file).
func (db *DB) payBackPays(ctx context.Context, sc scope, m shebao.Period) (*shebao.BackPayResult, error) {
	// The candidates: benefits with an amount created no earlier than a
	// payment of a month it covers (an amount set after the month was
	// paid). Every difference is then computed per range of these ids.
	//
	// Only amounts created since the last computation in the same scope
	// can owe anything new (the others were computed then, and
	// benefit_backpays keeps what was owed), so the probe into each
	// benefit's payments — its whole history — is limited to those. The
	// mark is the start of that computation less a day, for an amount
	// written by a transaction that began before it and committed after;
	// a computation killed midway leaves the mark where it was.
	mark := shebao.Now().UTC()
	key := "*"
	if !sc.all {
		key = sc.actor.Region
	}
	var since string
	if err := db.queryRow(ctx, `SELECT finished_at FROM batch_runs WHERE kind = 'backpay' AND period = $1`, key).Scan(&since); err != nil && !isNoRows(err) {
		return nil, err
	}
	conds, args := sc.where("b.region_code", nil, nil)
	if since != "" {
		if t, err := time.Parse(timeLayout, since); err == nil {
			args = append(args, fmtTime(t.Add(-24*time.Hour)))
			conds = append(conds, "a.created_at >= $"+strconv.Itoa(len(args)))
		}
	}
	rows, err := db.query(ctx, `SELECT DISTINCT a.benefit_id FROM benefit_amounts a JOIN benefits b ON b.id = a.benefit_id
		WHERE EXISTS (SELECT 1 FROM benefit_payments x WHERE x.benefit_id = a.benefit_id AND x.month >= a.from_month
			AND (a.to_month = '' OR x.month <= a.to_month) AND x.created_at <= a.created_at)`+andConds(conds)+`
		ORDER BY a.benefit_id`, args...)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res := &shebao.BackPayResult{}
	for start := 0; start < len(ids); start += backPayChunk {
		lo, hi := ids[start], ids[min(start+backPayChunk, len(ids))-1]
		var c shebao.BackPayResult
		if err := db.Update(ctx, func(tx *Tx) error {
			var err error
			c, err = tx.computeBackPay(ctx, sc, m, lo, hi)
			return err
		}); err != nil {
			return nil, err
		}
		res.Payments += c.Payments
		res.Total += c.Total
		res.Batches += c.Batches
		res.Recover += c.Recover
		res.RecoverTotal += c.RecoverTotal
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO batch_runs (kind, period, status, started_at, finished_at, actor) VALUES ('backpay', $1, 'done', $2, $2, $3)
			ON CONFLICT (kind, period) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at, actor = excluded.actor`,
			key, fmtTime(mark), sc.actor.Name)
		return err
	}); err != nil {
		return nil, err
	}
	return res, nil
}

// andConds returns " AND c1 AND c2 …" (or "").
func andConds(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// computeBackPay writes the back payments of the benefits lo ≤ id ≤ hi in
// the scope, to be paid with month m, posts them and records the negative
// ones as overpayments, in one batch.
func (tx *Tx) computeBackPay(ctx context.Context, sc scope, m shebao.Period, lo, hi string) (shebao.BackPayResult, error) {
	var out shebao.BackPayResult
	conds, args := sc.where("x.region_code", []string{"x.benefit_id >= $1", "x.benefit_id <= $2",
		"x.status IN ('" + shebao.PaymentPending + "', '" + shebao.PaymentReleased + "')"}, []any{lo, hi})
	rows, err := tx.Query(ctx, `SELECT x.benefit_id, x.month, x.id_no, x.scheme, x.kind, x.region_code, x.amount, x.basic_part,
			COALESCE((SELECT CAST(SUM(k.amount) AS BIGINT) FROM benefit_backpays k WHERE k.benefit_id = x.benefit_id AND k.month = x.month), 0),
			COALESCE((SELECT CAST(SUM(k.basic_part) AS BIGINT) FROM benefit_backpays k WHERE k.benefit_id = x.benefit_id AND k.month = x.month), 0),
			a.monthly, a.basic_part, a.from_month, a.source
		FROM benefit_payments x JOIN benefit_amounts a ON a.benefit_id = x.benefit_id AND a.from_month <= x.month AND (a.to_month = '' OR a.to_month >= x.month)
		`+whereClause(conds)+` ORDER BY x.benefit_id, x.month`, args...)
	if err != nil {
		return out, err
	}
	batch := newID()
	now := fmtTime(tx.now)
	a, _ := shebao.ActorFrom(ctx)
	var ins [][]any
	for rows.Next() {
		var id, month, idNo, scheme, kind, region, from, source string
		var paid, paidBasic, earlier, earlierBasic, target, targetBasic int64
		if err := rows.Scan(&id, &month, &idNo, &scheme, &kind, &region, &paid, &paidBasic, &earlier, &earlierBasic,
			&target, &targetBasic, &from, &source); err != nil {
			rows.Close()
			return out, err
		}
		old := paid + earlier
		diff := target - old
		if diff == 0 {
			continue
		}
		basic := targetBasic - paidBasic - earlierBasic
		status := shebao.PaymentPending
		var explanation string
		if diff > 0 {
			explanation = fmt.Sprintf("%s月待遇补发(%s,自%s起):该月已发%s元,现核定%s元/月,补发差额%s − %s = %s元,随%s月待遇发放",
				month, amountSourceName(source), from, shebao.Money(old), shebao.Money(target), shebao.Money(target), shebao.Money(old), shebao.Money(diff), m)
		} else {
			status = shebao.BackPayToRecover
			explanation = fmt.Sprintf("%s月待遇调减(%s,自%s起):该月已发%s元,现核定%s元/月,多发%s − %s = %s元,转待遇追回",
				month, amountSourceName(source), from, shebao.Money(old), shebao.Money(target), shebao.Money(old), shebao.Money(target), shebao.Money(-diff))
		}
		ins = append(ins, []any{id, month, target, idNo, scheme, kind, region, old, diff, basic, explanation, status, string(m), batch, now, a.Name})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	if len(ins) == 0 {
		return out, nil
	}
	if err := tx.bulkInsert(ctx, backPayTable, ins); err != nil {
		return out, err
	}
	// What this batch holds (a concurrent run may have written some rows
	// first), summed by scheme and kind for the ledger.
	rows, err = tx.Query(ctx, `SELECT scheme, kind, status, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT)
		FROM benefit_backpays WHERE batch = $1 GROUP BY scheme, kind, status ORDER BY scheme, kind, status`, batch)
	if err != nil {
		return out, err
	}
	var aggs []payrollAgg
	for rows.Next() {
		var g payrollAgg
		var status string
		if err := rows.Scan(&g.scheme, &g.kind, &status, &g.n, &g.amount, &g.basic); err != nil {
			rows.Close()
			return out, err
		}
		if status == shebao.BackPayToRecover {
			out.Recover += g.n
			out.RecoverTotal += shebao.Money(-g.amount)
			continue
		}
		out.Payments += g.n
		out.Total += shebao.Money(g.amount)
		aggs = append(aggs, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	if out.Payments == 0 && out.Recover == 0 {
		return out, nil
	}
	out.Batches = 1
	if len(aggs) > 0 {
		if _, err := tx.postFor(ctx, shebao.EntityBenefit, backPayEntries(m, "backpay:"+string(m)+":"+batch, aggs)); err != nil {
			return out, err
		}
	}
	if out.Recover > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
			SELECT benefit_id, month, id_no, scheme, region_code, -amount, '`+shebao.ReasonReducedOverpayment+`:' || explanation, '`+shebao.OverpaymentOpen+`', $2
			FROM benefit_backpays WHERE batch = $1 AND status = '`+shebao.BackPayToRecover+`'
			ON CONFLICT (benefit_id, month) DO NOTHING`, batch, now); err != nil {
			return out, err
		}
	}
	return out, tx.audit(ctx, "payroll.backpay", shebao.EntityBenefit, batch, "", nil, map[string]any{
		"month": string(m), "backpays": out.Payments, "total": out.Total, "recover": out.Recover, "recover_total": out.RecoverTotal,
		"from_benefit": lo, "to_benefit": hi})
}

// amountSourceName names the source of an amount in Chinese.
func amountSourceName(source string) string {
	if y, ok := strings.CutPrefix(source, "adjust:"); ok {
		return y + "年基本养老金调整"
	}
	return "待遇标准变更"
}

// backPayEntries builds the entries of one batch of back payments: per
// fund, Dr the expense account of each kind (residents' pension: the basic
// part to 5011, the rest to 5012), Cr 2101.
func backPayEntries(m shebao.Period, source string, aggs []payrollAgg) []*shebao.Entry {
	type acc struct {
		debits   map[string]int64
		accounts []string
		total    int64
		n        int
	}
	byFund := map[string]*acc{}
	var funds []string
	for _, g := range aggs {
		f := byFund[g.scheme]
		if f == nil {
			f = &acc{debits: map[string]int64{}}
			byFund[g.scheme] = f
			funds = append(funds, g.scheme)
		}
		add := func(account string, v int64) {
			if v == 0 {
				return
			}
			if _, ok := f.debits[account]; !ok {
				f.accounts = append(f.accounts, account)
			}
			f.debits[account] += v
		}
		if g.kind == shebao.BenefitResidentPension {
			basic := min(max(g.basic, 0), g.amount)
			add(shebao.AcctResidentBasicPension, basic)
			add(shebao.AcctResidentAccountPension, g.amount-basic)
		} else {
			k, _ := shebao.FindBenefitKind(g.kind)
			add(k.Expense, g.amount)
		}
		f.total += g.amount
		f.n += g.n
	}
	sort.Strings(funds)
	date := m.First().Format(shebao.DateLayout)
	var es []*shebao.Entry
	for _, fc := range funds {
		f := byFund[fc]
		if f.total <= 0 {
			continue
		}
		sort.Strings(f.accounts)
		var lines []shebao.Line
		for _, a := range f.accounts {
			lines = append(lines, shebao.Debit(a, shebao.Money(f.debits[a])))
		}
		lines = append(lines, shebao.Credit(shebao.AcctBenefitsPayable, shebao.Money(f.total)))
		fund, _ := shebao.FindFund(fc)
		es = append(es, &shebao.Entry{Fund: fc, Date: date, Kind: shebao.PostBenefit, Source: source,
			Description: fmt.Sprintf("%s月%s待遇补发%d人次,合计%s元", m, fund.Name, f.n, shebao.Money(f.total)), Lines: lines})
	}
	return es
}

// backPayGroups returns the back payments of the scope waiting to be paid
// with month m (待发放), by batch, scheme and kind, for the release.
func (tx *Tx) backPayGroups(ctx context.Context, sc scope, m shebao.Period) ([]monthGroup, error) {
	conds, args := sc.where("region_code", []string{"pay_month = $1", "status = '" + shebao.PaymentPending + "'"}, []any{string(m)})
	rows, err := tx.Query(ctx, `SELECT batch, scheme, kind, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT),
			MIN(region_code), MAX(region_code)
		FROM benefit_backpays`+whereClause(conds)+` GROUP BY batch, scheme, kind`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monthGroup
	for rows.Next() {
		g := monthGroup{status: shebao.PaymentPending}
		if err := rows.Scan(&g.batch, &g.scheme, &g.kind, &g.n, &g.amount, &g.basic, &g.lo, &g.hi); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// releaseExtras is the part of a payroll release (releasePayroll) beyond
// the payments of its batches: the back payments of the batches become
// 已发放 and each fund posts their bank payment (Dr 2101, Cr 1002); and the
// payments of the batches cancelled while this release was waiting (a
// death, overpayments.go) are counted as taken out. It returns the count
// and total of both, which the release adds to its payments to compare
// with what the maker submitted.
func (tx *Tx) releaseExtras(ctx context.Context, m shebao.Period, batches []string) (int, shebao.Money, error) {
	cond, args := tx.inKeys("batch", batches, []any{string(m)})
	rows, err := tx.Query(ctx, `SELECT scheme, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM benefit_backpays
		WHERE pay_month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond+` GROUP BY scheme ORDER BY scheme`, args...)
	if err != nil {
		return 0, 0, err
	}
	var n int
	var total shebao.Money
	date := tx.now.In(shebao.ChinaTime).Format(shebao.DateLayout)
	sorted := append([]string(nil), batches...)
	sort.Strings(sorted)
	var es []*shebao.Entry
	for rows.Next() {
		var fund string
		var k int
		var sum int64
		if err := rows.Scan(&fund, &k, &sum); err != nil {
			rows.Close()
			return 0, 0, err
		}
		n += k
		total += shebao.Money(sum)
		f, _ := shebao.FindFund(fund)
		es = append(es, &shebao.Entry{Fund: fund, Date: date, Kind: shebao.PostPayment, Source: "release-backpay:" + string(m) + ":" + sorted[0],
			Description: fmt.Sprintf("%s月%s待遇补发(银行代发)%d人次", m, f.Name, k),
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBenefitsPayable, shebao.Money(sum)), shebao.Credit(shebao.AcctBank, shebao.Money(sum))}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	if n > 0 {
		if _, err := tx.Exec(ctx, `UPDATE benefit_backpays SET status = '`+shebao.PaymentReleased+`'
			WHERE pay_month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond, args...); err != nil {
			return 0, 0, err
		}
		if _, err := tx.postFor(ctx, shebao.EntityBenefit, es); err != nil {
			return 0, 0, err
		}
	}
	cn, ctotal, err := tx.cancelledInRelease(ctx, m, batches)
	if err != nil {
		return 0, 0, err
	}
	return n + cn, total + ctotal, nil
}

// FindBackPays lists back payments in the actor's jurisdiction, one page,
// with ID numbers masked unless the role may see them. The read is audited.
func (db *DB) FindBackPays(ctx context.Context, f shebao.BackPayFilter) ([]*shebao.BackPay, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "payroll.read", shebao.EntityBenefit, f.PayMonth); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	if f.PayMonth != "" {
		m, err := shebao.ParsePeriod(f.PayMonth)
		if err != nil {
			return nil, 0, shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", f.PayMonth)
		}
		args = append(args, string(m))
		conds = append(conds, "k.pay_month = $"+itoa(len(args)))
	}
	if f.IDNo != "" {
		id, err := canonicalIDNo(f.IDNo)
		if err != nil {
			return nil, 0, err
		}
		args = append(args, id)
		conds = append(conds, "k.id_no = $"+itoa(len(args)))
	}
	conds, args = sc.where("k.region_code", conds, args)
	out, total, err := findPage(ctx, db, `benefit_backpays k`, `SELECT k.benefit_id, k.month, k.id_no, k.scheme, k.kind, k.region_code,
			k.old_amount, k.target, k.amount, k.explanation, k.status, k.pay_month FROM benefit_backpays k`, whereClause(conds), args,
		"k.region_code, k.id_no, k.benefit_id, k.month, k.target", f.Limit, f.Offset, func(s rowScanner) (*shebao.BackPay, error) {
			var b shebao.BackPay
			var old, target, amount int64
			if err := s.Scan(&b.BenefitID, &b.Month, &b.IDNo, &b.Scheme, &b.Kind, &b.Region, &old, &target, &amount, &b.Explanation,
				&b.Status, &b.PayMonth); err != nil {
				return nil, err
			}
			b.OldAmount, b.NewAmount, b.Amount = shebao.Money(old), shebao.Money(target), shebao.Money(amount)
			return &b, nil
		})
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []*shebao.BackPay{}
	}
	if len(out) > 0 {
		if err := db.Update(ctx, func(tx *Tx) error {
			return tx.audit(ctx, "backpay.read", shebao.EntityBenefit, f.PayMonth, sc.actor.Region, nil,
				map[string]any{"pay_month": f.PayMonth, "region": f.Region, "offset": f.Offset, "rows": len(out)})
		}); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// EachBackPay streams the back payments paid with the payroll of month
// (f.Month, the pay month) in the actor's jurisdiction to fn — those with
// the status f.Status (待发放 or 已发放; "" both; never the lowered months
// turned into overpayments, 转追回) — ordered by region, ID number, benefit
// and month: for the bank disbursement file (代发文件), which carries full ID
// numbers and accounts, so only for roles that may see full numbers and
// audited as a read_full. The account is the benefit's 收款账号 now.
// Scheme and Kind filter as for EachPayment; Limit and Offset are ignored.
func (db *DB) EachBackPay(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BackPayLine) error) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "payroll.read", shebao.EntityBenefit, f.Month); err != nil {
		return err
	}
	m, err := shebao.ParsePeriod(f.Month)
	if err != nil {
		return shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", f.Month)
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.ReadFull(shebao.EntityPerson)) {
		return shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权导出含完整身份证号的代发文件", sc.actor.RoleName())
	}
	conds, args := []string{"k.pay_month = $1"}, []any{string(m)}
	switch f.Status {
	case "":
		conds = append(conds, "k.status IN ('"+shebao.PaymentPending+"', '"+shebao.PaymentReleased+"')")
	case shebao.PaymentPending, shebao.PaymentReleased:
		args = append(args, f.Status)
		conds = append(conds, "k.status = $"+itoa(len(args)))
	default:
		return shebao.FieldErrorf("状态", "发放状态“%s”无效(待发放、已发放)", f.Status)
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		args = append(args, s.Code)
		conds = append(conds, "k.scheme = $"+itoa(len(args)))
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		conds = append(conds, "k.kind = $"+itoa(len(args)))
	}
	conds, args = sc.where("k.region_code", conds, args)
	if err := db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "backpay.read_full", shebao.EntityBenefit, string(m), sc.actor.Region, nil,
			map[string]any{"pay_month": string(m), "region": f.Region, "status": f.Status, "export": "代发文件"})
	}); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT k.benefit_id, k.month, k.pay_month, k.id_no, p.name, k.scheme, k.kind, k.region_code, k.amount,
			b.bank_account, k.status
		FROM benefit_backpays k JOIN benefits b ON b.id = k.benefit_id JOIN persons p ON p.id_no = k.id_no`+whereClause(conds)+`
		ORDER BY k.region_code, k.id_no, k.benefit_id, k.month, k.target`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l shebao.BackPayLine
		var amount int64
		if err := rows.Scan(&l.BenefitID, &l.Month, &l.PayMonth, &l.IDNo, &l.Name, &l.Scheme, &l.Kind, &l.Region, &amount,
			&l.BankAccount, &l.Status); err != nil {
			return err
		}
		l.Amount = shebao.Money(amount)
		if err := fn(&l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// backPayTotals returns the back payments paid with month m in the scope
// (待发放 and 已发放; not the lowered months, 转追回) by scheme and status,
// as groups of kind BackPayKind, for the month's totals (summarize): with
// them the totals equal what the month's releases pay.
func (tx *Tx) backPayTotals(ctx context.Context, sc scope, m shebao.Period) ([]monthGroup, error) {
	conds, args := sc.where("region_code", []string{"pay_month = $1",
		"status IN ('" + shebao.PaymentPending + "', '" + shebao.PaymentReleased + "')"}, []any{string(m)})
	rows, err := tx.Query(ctx, `SELECT scheme, status, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT),
			MIN(region_code), MAX(region_code)
		FROM benefit_backpays`+whereClause(conds)+` GROUP BY scheme, status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monthGroup
	for rows.Next() {
		g := monthGroup{kind: shebao.BackPayKind}
		if err := rows.Scan(&g.scheme, &g.status, &g.n, &g.amount, &g.basic, &g.lo, &g.hi); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
