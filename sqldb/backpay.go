package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Back payments (补发), as the store keeps them. When a benefit's amount
// changes for months the payroll has already paid — the yearly pension
// adjustment (养老金调整) is typically decided in mid-year with effect from
// January — every paid month whose amount differs from the amount now in
// force for it is owed the difference: one back payment per benefit and
// month (benefit_backpays, 0021_backpay.sql). The benefit service computes
// them with each payroll run (benefit/backpay.go) over ranges of the
// candidate benefits; these methods find the candidates, read what each
// paid month was paid and is owed, and record the outcome. Computing them
// again adds nothing: the key is (benefit, month, amount in force).

var backPayTable = bulkTable{
	name: "benefit_backpays",
	cols: []string{"benefit_id", "month", "target", "id_no", "scheme", "kind", "region_code", "old_amount", "amount", "basic_part",
		"explanation", "status", "pay_month", "batch", "created_at", "created_by"},
	pgTypes: []string{"text", "text", "bigint", "text", "text", "text", "text", "bigint", "bigint", "bigint",
		"text", "text", "text", "text", "text", "text"},
	conflict: "ON CONFLICT (benefit_id, month, target) DO NOTHING",
}

// BackPayCandidates returns, in id order, the benefits in the actor's
// jurisdiction with an amount created no earlier than a payment of a month
// it covers (an amount set after the month was paid), considering only the
// amounts created at or after since (a timestamp; "" all).
func (db *DB) BackPayCandidates(ctx context.Context, since time.Time) ([]string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("b.region_code", nil, nil)
	if !since.IsZero() {
		args = append(args, fmtTime(since))
		conds = append(conds, "a.created_at >= $"+strconv.Itoa(len(args)))
	}
	rows, err := db.query(ctx, `SELECT DISTINCT a.benefit_id FROM benefit_amounts a JOIN benefits b ON b.id = a.benefit_id AND b.id_no = a.id_no
		WHERE EXISTS (SELECT 1 FROM benefit_payments x WHERE x.benefit_id = a.benefit_id AND x.id_no = a.id_no AND x.month >= a.from_month
			AND (a.to_month = '' OR x.month <= a.to_month) AND x.created_at <= a.created_at)`+andConds(conds)+`
		ORDER BY a.benefit_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// andConds returns " AND c1 AND c2 …" (or "").
func andConds(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// BackPayDue returns the months paid (待发放 or 已发放) of the benefits lo ≤
// id ≤ hi in the actor's jurisdiction, each with what it was paid (the
// payment and the back payments made for it) and the amount in force for
// it now, in benefit and month order.
func (db *DB) BackPayDue(ctx context.Context, lo, hi string) ([]shebao.BackPayDue, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("x.region_code", []string{"x.benefit_id >= $1", "x.benefit_id <= $2",
		"x.status IN ('" + shebao.PaymentPending + "', '" + shebao.PaymentReleased + "')"}, []any{lo, hi})
	rows, err := db.query(ctx, `SELECT x.benefit_id, x.month, x.id_no, x.scheme, x.kind, x.region_code, x.amount, x.basic_part,
			COALESCE((SELECT CAST(SUM(k.amount) AS BIGINT) FROM benefit_backpays k WHERE k.benefit_id = x.benefit_id AND k.month = x.month), 0),
			COALESCE((SELECT CAST(SUM(k.basic_part) AS BIGINT) FROM benefit_backpays k WHERE k.benefit_id = x.benefit_id AND k.month = x.month), 0),
			a.monthly, a.basic_part, a.from_month, a.source
		FROM benefit_payments x JOIN benefit_amounts a ON a.benefit_id = x.benefit_id AND a.id_no = x.id_no AND a.from_month <= x.month AND (a.to_month = '' OR a.to_month >= x.month)
		`+whereClause(conds)+` ORDER BY x.benefit_id, x.month`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.BackPayDue
	for rows.Next() {
		var d shebao.BackPayDue
		var paid, paidBasic, earlier, earlierBasic, target, targetBasic int64
		if err := rows.Scan(&d.BenefitID, &d.Month, &d.IDNo, &d.Scheme, &d.Kind, &d.Region, &paid, &paidBasic, &earlier, &earlierBasic,
			&target, &targetBasic, &d.From, &d.Source); err != nil {
			return nil, err
		}
		d.Paid, d.PaidBasic, d.Earlier, d.EarlierBasic = shebao.Money(paid), shebao.Money(paidBasic), shebao.Money(earlier), shebao.Money(earlierBasic)
		d.Target, d.TargetBasic = shebao.Money(target), shebao.Money(targetBasic)
		out = append(out, d)
	}
	return out, rows.Err()
}

// RecordBackPays records back payments (of the benefits lo … hi) as one
// new batch in the unit of work of ctx: the positive ones 待发放 with the
// payroll of their pay month, the lowered months (status 转追回) also as
// overpayments to recover (reason ReasonReducedOverpayment). It returns
// what the batch holds (a concurrent run may have recorded some rows
// first); the caller posts the positive ones.
func (db *DB) RecordBackPays(ctx context.Context, lo, hi string, bs []shebao.NewBackPay) (*shebao.BackPayBatch, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payroll.backpay", shebao.EntityBenefit, ""); err != nil {
		return nil, err
	}
	out := &shebao.BackPayBatch{Batch: newID()}
	if len(bs) == 0 {
		return out, nil
	}
	err = db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		ins := make([][]any, len(bs))
		for i, b := range bs {
			ins[i] = []any{b.BenefitID, b.Month, int64(b.Target), b.IDNo, b.Scheme, b.Kind, b.Region, int64(b.Old), int64(b.Amount),
				int64(b.Basic), b.Explanation, b.Status, b.PayMonth, out.Batch, now, sc.actor.Name}
		}
		if err := tx.recount(ctx, backPaysFamily, createdBy("bb.batch = $1", out.Batch), func() error {
			return tx.bulkInsert(ctx, backPayTable, ins)
		}); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT scheme, kind, status, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT)
			FROM benefit_backpays WHERE batch = $1 GROUP BY scheme, kind, status ORDER BY scheme, kind, status`, out.Batch)
		if err != nil {
			return err
		}
		for rows.Next() {
			g := shebao.PayrollGroup{Batch: out.Batch, Status: shebao.PaymentPending}
			var status string
			var amount, basic int64
			if err := rows.Scan(&g.Scheme, &g.Kind, &status, &g.N, &amount, &basic); err != nil {
				rows.Close()
				return err
			}
			g.Amount, g.Basic = shebao.Money(amount), shebao.Money(basic)
			if status == shebao.BackPayToRecover {
				out.Recover += g.N
				out.RecoverTotal += -g.Amount
				continue
			}
			out.Payments += g.N
			out.Total += g.Amount
			out.Groups = append(out.Groups, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if out.Payments == 0 && out.Recover == 0 {
			return nil
		}
		if out.Recover > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
				SELECT benefit_id, month, id_no, scheme, region_code, -amount, '`+shebao.ReasonReducedOverpayment+`:' || explanation, '`+shebao.OverpaymentOpen+`', $2
				FROM benefit_backpays WHERE batch = $1 AND status = '`+shebao.BackPayToRecover+`'
				ON CONFLICT (benefit_id, month) DO NOTHING`, out.Batch, now); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "payroll.backpay", shebao.EntityBenefit, out.Batch, "", nil, map[string]any{
			"month": bs[0].PayMonth, "backpays": out.Payments, "total": out.Total, "recover": out.Recover, "recover_total": out.RecoverTotal,
			"from_benefit": lo, "to_benefit": hi})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BackPayGroups returns the back payments in the actor's jurisdiction
// waiting to be paid with month m (待发放), by batch, scheme and kind, for
// the release.
func (db *DB) BackPayGroups(ctx context.Context, m shebao.Period) ([]shebao.PayrollGroup, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("region_code", []string{"pay_month = $1", "status = '" + shebao.PaymentPending + "'"}, []any{string(m)})
	rows, err := db.query(ctx, `SELECT batch, scheme, kind, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT),
			MIN(region_code), MAX(region_code)
		FROM benefit_backpays`+whereClause(conds)+` GROUP BY batch, scheme, kind`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.PayrollGroup
	for rows.Next() {
		g := shebao.PayrollGroup{Status: shebao.PaymentPending}
		var amount, basic int64
		if err := rows.Scan(&g.Batch, &g.Scheme, &g.Kind, &g.N, &amount, &basic, &g.Lo, &g.Hi); err != nil {
			return nil, err
		}
		g.Amount, g.Basic = shebao.Money(amount), shebao.Money(basic)
		out = append(out, g)
	}
	return out, rows.Err()
}

// PendingBackPaySums returns the back payments of the month's batches
// still waiting for their release (待发放), by fund.
func (db *DB) PendingBackPaySums(ctx context.Context, m shebao.Period, batches []string) ([]shebao.FundSum, error) {
	return db.fundSums(ctx, `SELECT scheme, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM benefit_backpays
		WHERE pay_month = $1 AND status = '`+shebao.PaymentPending+`' AND `, m, batches)
}

// BackPayTotals returns the back payments paid with month m in the actor's
// jurisdiction (待发放 and 已发放; not the lowered months, 转追回) by scheme
// and status, as groups of kind BackPayKind, for the month's totals: with
// them the totals equal what the month's releases pay.
func (db *DB) BackPayTotals(ctx context.Context, m shebao.Period) ([]shebao.PayrollGroup, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []shebao.PayrollGroup
	err = db.Update(ctx, func(tx *Tx) error {
		out, err = tx.backPayTotals(ctx, sc, m)
		return err
	})
	return out, err
}

// FindBackPays lists back payments in the actor's jurisdiction, one page,
// with ID numbers masked unless the role may see them (a citizen: their
// own only). The read is audited: backpay.list, one entry per page with
// the filter and how many back payments and persons it returned.
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
	var id string
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return nil, 0, err
		}
		args = append(args, id)
		conds = append(conds, "k.id_no = $"+itoa(len(args)))
	}
	conds, args = sc.own("k.id_no", conds, args)
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
	filter := map[string]any{"pay_month": f.PayMonth, "id_no": id, "region": f.Region, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "backpay.list", shebao.EntityBenefit, listKey(sc, id), filter, len(out),
		countPersons(out, func(b *shebao.BackPay) string { return b.IDNo })); err != nil {
		return nil, 0, err
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
	if err := db.recordRead(ctx, "backpay.read_full", shebao.EntityBenefit, string(m), sc.actor.Region, nil,
		map[string]any{"pay_month": string(m), "region": f.Region, "status": f.Status, "export": "代发文件"}); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT k.benefit_id, k.month, k.pay_month, k.id_no, p.name, k.scheme, k.kind, k.region_code, k.amount,
			b.bank_account, k.status
		FROM benefit_backpays k JOIN benefits b ON b.id = k.benefit_id AND b.id_no = k.id_no JOIN persons p ON p.id_no = k.id_no`+whereClause(conds)+`
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

func (tx *Tx) backPayTotals(ctx context.Context, sc scope, m shebao.Period) ([]shebao.PayrollGroup, error) {
	conds, args := sc.where("region_code", []string{"pay_month = $1",
		"status IN ('" + shebao.PaymentPending + "', '" + shebao.PaymentReleased + "')"}, []any{string(m)})
	rows, err := tx.Query(ctx, `SELECT scheme, status, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(basic_part) AS BIGINT),
			MIN(region_code), MAX(region_code)
		FROM benefit_backpays`+whereClause(conds)+` GROUP BY scheme, status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.PayrollGroup
	for rows.Next() {
		g := shebao.PayrollGroup{Kind: shebao.BackPayKind}
		var amount, basic int64
		if err := rows.Scan(&g.Scheme, &g.Status, &g.N, &amount, &basic, &g.Lo, &g.Hi); err != nil {
			return nil, err
		}
		g.Amount, g.Basic = shebao.Money(amount), shebao.Money(basic)
		out = append(out, g)
	}
	return out, rows.Err()
}
