package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// The yearly pension adjustment (养老金调整) as the store does it: the
// benefit service decides each pension's increase (benefit/adjustment.go,
// policy.AdjustPension) over ranges of benefit ids; these methods read the
// pensions to adjust and write their new amounts. Only an actor who sees
// the whole database (the administrator, or a batch) may adjust.

// adjustScope checks that the actor may run the adjustment.
func adjustScope(ctx context.Context) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.all {
		return shebao.Errorf(shebao.EFORBIDDEN, "养老金调整须由全库管理员或批处理执行")
	}
	return authorize(sc.actor, "benefit.adjust", shebao.EntityBenefit, "")
}

// AdjustmentCounts returns, for the adjustment with the source ("adjust:
// YYYY") from the month from: the pensions already adjusted under it, and
// those started before the year that have an amount from a month after
// from, which an adjustment cannot be put under.
func (db *DB) AdjustmentCounts(ctx context.Context, yearStart, from, source string) (already, later int, err error) {
	if err := adjustScope(ctx); err != nil {
		return 0, 0, err
	}
	if err := db.queryRow(ctx, `SELECT COUNT(DISTINCT benefit_id) FROM benefit_amounts a JOIN benefits b ON b.id = a.benefit_id AND b.id_no = a.id_no
		WHERE b.kind = $1 AND a.source = $2`, shebao.BenefitPension, source).Scan(&already); err != nil {
		return 0, 0, err
	}
	err = db.queryRow(ctx, `SELECT COUNT(*) FROM benefits b WHERE b.kind = $1 AND b.start_month < $2 AND (b.end_month = '' OR b.end_month >= $3)
		AND EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND x.id_no = b.id_no AND x.from_month >= $3 AND x.source <> $4)
		AND NOT EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND x.id_no = b.id_no AND x.source = $4)`,
		shebao.BenefitPension, yearStart, from, source).Scan(&later)
	return already, later, err
}

// AdjustmentCandidates returns the employee pensions with ids lo < id ≤ hi
// (hi "" = no upper bound) to adjust from the month from under the source:
// started before the year (yearStart, YYYY-01), not ended before from, not
// adjusted under the source nor with an amount from from on; each with the
// amount in force the month before (prev), the person's birth date, the
// determination's detail and the months of the person's 110 history.
func (db *DB) AdjustmentCandidates(ctx context.Context, yearStart, prev, from, source, lo, hi string) ([]shebao.PensionToAdjust, error) {
	if err := adjustScope(ctx); err != nil {
		return nil, err
	}
	args := []any{shebao.BenefitPension, yearStart, prev, from, source, lo}
	upper := ""
	if hi != "" {
		args = append(args, hi)
		upper = ` AND b.id <= $7`
	}
	rows, err := db.query(ctx, `SELECT b.id, p.birth, b.detail, a.monthly, a.account_part, a.basic_part,
			(SELECT COALESCE(SUM(c.months), 0) FROM contribution_years c WHERE c.id_no = b.id_no AND c.scheme = '110')
		FROM benefits b JOIN persons p ON p.id_no = b.id_no
		JOIN benefit_amounts a ON a.benefit_id = b.id AND a.id_no = b.id_no AND a.from_month <= $3 AND (a.to_month = '' OR a.to_month >= $3)
		WHERE b.kind = $1 AND b.start_month < $2 AND (b.end_month = '' OR b.end_month >= $4) AND b.id > $6`+upper+`
		AND NOT EXISTS (SELECT 1 FROM benefit_amounts x WHERE x.benefit_id = b.id AND x.id_no = b.id_no AND (x.source = $5 OR x.from_month >= $4))
		ORDER BY b.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.PensionToAdjust
	for rows.Next() {
		var c shebao.PensionToAdjust
		var monthly, account, basic int64
		if err := rows.Scan(&c.BenefitID, &c.Birth, &c.Detail, &monthly, &account, &basic, &c.HistoryMonths); err != nil {
			return nil, err
		}
		c.Monthly, c.AccountPart, c.BasicPart = shebao.Money(monthly), shebao.Money(account), shebao.Money(basic)
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddBenefitAmounts gives pensions their adjusted amounts in the unit of
// work of ctx (the amount in force until then ends the month before; a
// pension that has an amount from the same month already is left as it
// is), audits them as the adjustment of the year from the month, and
// returns how many were added and the sum of their increases.
func (db *DB) AddBenefitAmounts(ctx context.Context, year int, from string, as []shebao.AdjustedAmount) (added int, increase shebao.Money, err error) {
	if err := adjustScope(ctx); err != nil {
		return 0, 0, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		added, increase = 0, 0
		var ids []string
		for _, a := range as {
			ok, err := tx.addBenefitAmount(ctx, a.BenefitID, a.Amount)
			if err != nil {
				return err
			}
			if ok {
				added++
				increase += a.Increase
				ids = append(ids, a.BenefitID)
			}
		}
		if added == 0 {
			return nil
		}
		after := map[string]any{"year": year, "from_month": from, "adjusted": added, "increase": increase}
		if len(ids) <= 20 {
			after["ids"] = ids
		}
		return tx.audit(ctx, "benefit.adjust", shebao.EntityBenefit, ids[0], "", nil, after)
	})
	return added, increase, err
}

// LastPaidMonth returns the last month from the month from on for which a
// benefit of the kind has a payment, or "".
func (db *DB) LastPaidMonth(ctx context.Context, kind, from string) (string, error) {
	var paid string
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(month), '') FROM benefit_payments WHERE kind = $1 AND month >= $2`, kind, from).Scan(&paid)
	return paid, err
}

// AuthorizeAdjustment checks that the actor may run the yearly adjustment:
// one who sees the whole database, allowed to adjust benefits.
func (db *DB) AuthorizeAdjustment(ctx context.Context) error { return adjustScope(ctx) }
