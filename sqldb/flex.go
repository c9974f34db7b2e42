package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// Flexible employment (灵活就业): the bases persons chose (flex_bases) and
// their monthly bills, for collect.Service (collect/flex.go has the rules).
// A flexible payer's bill is a bills row of payer kind person with one line
// per scheme in flex_bill_lines (migration 0025); it is paid, charged late
// fees, refunded and corrected like every payer's (payments.go).

// FlexBasesOf returns the bases a person registered.
func (db *DB) FlexBasesOf(ctx context.Context, idNo string) ([]shebao.FlexBase, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT from_period, to_period, base FROM flex_bases WHERE id_no = $1 ORDER BY from_period`, idNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.FlexBase
	for rows.Next() {
		fb := shebao.FlexBase{IDNo: idNo}
		var b int64
		if err := rows.Scan(&fb.From, &fb.To, &b); err != nil {
			return nil, err
		}
		fb.Base = shebao.Money(b)
		out = append(out, fb)
	}
	return out, rows.Err()
}

// InsertFlexBase records a chosen base of a person of the region, with
// its audit entry (flex.register).
func (db *DB) InsertFlexBase(ctx context.Context, fb shebao.FlexBase, region string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "flex.register", shebao.EntityContribution, ""); err != nil {
		return err
	}
	if !sc.contains(region) {
		return notFoundPerson(fb.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO flex_bases (id_no, from_period, to_period, base, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, fb.IDNo, string(fb.From), string(fb.To), int64(fb.Base), fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "flex.register", shebao.EntityContribution, fb.IDNo, region, nil, fb)
	})
}

// FlexBasesInForce returns the bases covering the month of the persons in
// the actor's jurisdiction, by 身份证号, with each person's region.
func (db *DB) FlexBasesInForce(ctx context.Context, period shebao.Period) ([]shebao.FlexBaseInForce, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("p.region_code", []string{"f.from_period <= $1", "(f.to_period = '' OR f.to_period >= $1)"}, []any{string(period)})
	rows, err := db.query(ctx, `SELECT f.id_no, p.region_code, f.base FROM flex_bases f JOIN persons p ON p.id_no = f.id_no`+
		whereClause(conds)+` ORDER BY f.id_no`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.FlexBaseInForce
	for rows.Next() {
		var b shebao.FlexBaseInForce
		var base int64
		if err := rows.Scan(&b.IDNo, &b.Region, &base); err != nil {
			return nil, err
		}
		b.Base = shebao.Money(base)
		out = append(out, b)
	}
	return out, rows.Err()
}

var (
	flexBillTable = bulkTable{name: "bills",
		cols: []string{"payer_kind", "payer", "period", "region_code", "basis", "due_date", "employer_total", "individual_total", "total",
			"paid", "lines", "assessed_at"},
		pgTypes: []string{"text", "text", "text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "text"},
		// A bill assessed before is kept as it is (it may be paid).
		conflict: "ON CONFLICT (payer_kind, payer, period) DO NOTHING"}
	flexBillLineTable = bulkTable{name: "flex_bill_lines",
		cols:     []string{"id_no", "period", "scheme", "base", "rate", "amount", "account_amount", "explanation"},
		pgTypes:  []string{"text", "text", "text", "bigint", "bigint", "bigint", "bigint", "text"},
		conflict: "ON CONFLICT (id_no, period, scheme) DO NOTHING"}
)

// InsertFlexBills writes the flexible payers' bills of a month, each with
// its line, leaving a bill assessed before as it is, and returns how many
// it wrote (with the audit entry flex.assess).
func (db *DB) InsertFlexBills(ctx context.Context, period shebao.Period, bills []shebao.FlexBillRow) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "flex.assess", shebao.EntityContribution, ""); err != nil {
		return 0, err
	}
	n := 0
	err = db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		var heads, lines [][]any
		for _, b := range bills {
			if !sc.contains(b.Region) {
				return notFoundPerson(b.IDNo)
			}
			heads = append(heads, []any{shebao.PayerPerson, b.IDNo, string(b.Period), b.Region, shebao.BasisFlex, b.DueDate, int64(0),
				int64(b.Amount), int64(b.Amount), int64(0), int64(1), now})
			lines = append(lines, []any{b.IDNo, string(b.Period), b.Scheme, int64(b.Base), int64(b.Rate), int64(b.Amount), int64(b.Account),
				b.Explanation})
		}
		count := func() (int, error) {
			var c int
			err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM bills WHERE payer_kind = $1 AND period = $2`, shebao.PayerPerson, string(period)).Scan(&c)
			return c, err
		}
		before, err := count()
		if err != nil {
			return err
		}
		if err := tx.recount(ctx, contributionsFamily, byCond("b.payer_kind = $1 AND b.period = $2", shebao.PayerPerson, string(period)),
			func() error {
				if err := tx.bulkInsert(ctx, flexBillTable, heads); err != nil {
					return err
				}
				return tx.bulkInsert(ctx, flexBillLineTable, lines)
			}); err != nil {
			return err
		}
		after, err := count()
		if err != nil {
			return err
		}
		n = after - before
		return tx.audit(ctx, "flex.assess", shebao.EntityContribution, string(period), "", nil, map[string]any{"bills": n})
	})
	return n, err
}
