package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// Data access of the settlement of a month assessed at the undeclared
// factor and declared late (collect/settle.go).

// PeriodAllocations returns what each payments row of the payer allocated,
// net, to the bill of the month, by scheme: keyed by the row's id (a
// payment, or a refund or correction of one).
func (db *DB) PeriodAllocations(ctx context.Context, payer *shebao.Payer, period shebao.Period) (map[string]map[string]shebao.Money, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT payment_id, scheme, CAST(SUM(amount) AS BIGINT) FROM allocation_schemes
		WHERE payer_kind = $1 AND payer = $2 AND period = $3 GROUP BY payment_id, scheme`, payer.Kind, payer.Key, string(period))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]shebao.Money{}
	for rows.Next() {
		var id, scheme string
		var amt int64
		if err := rows.Scan(&id, &scheme, &amt); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]shebao.Money{}
		}
		out[id][scheme] += shebao.Money(amt)
	}
	return out, rows.Err()
}

// SupersedeBill keeps the employer's bill of the month and its lines as
// they are (bill_reassessments, bill_line_history, under the next seq of
// the month), before the lines staged by the run replace them: the bill's
// basis, total and paid before the settlement, the new total (of the
// staged lines), what its payments got back and the late fees cancelled.
func (db *DB) SupersedeBill(ctx context.Context, payer *shebao.Payer, period shebao.Period, run string, released, cancelled shebao.Money) error {
	a, err := writeAuthorized(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var seq int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM bill_reassessments WHERE payer_kind = $1 AND payer = $2 AND period = $3`,
			payer.Kind, payer.Key, string(period)).Scan(&seq); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bill_reassessments (payer_kind, payer, period, seq, old_basis, old_total, old_paid, new_total,
				released, fees_cancelled, run, at, actor)
			SELECT b.payer_kind, b.payer, b.period, $4, b.basis, b.total, b.paid + $5,
				COALESCE((SELECT CAST(SUM(s.employer_amount + s.individual_amount) AS BIGINT) FROM assessment_stage s
					WHERE s.run = $6 AND s.employer_uscc = b.payer), 0),
				$5, $7, $6, $8, $9
			FROM bills b WHERE b.payer_kind = $1 AND b.payer = $2 AND b.period = $3`,
			payer.Kind, payer.Key, string(period), seq, int64(released), run, int64(cancelled), fmtTime(tx.now), a.Name); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO bill_line_history (employer_uscc, period, seq, id_no, scheme, declared, base, floor_base, ceiling_base,
				avg_wage, employer_rate, individual_rate, employer_amount, individual_amount, account_amount, basis,
				prev_employer_amount, prev_individual_amount, prev_account_amount)
			SELECT employer_uscc, period, $3, id_no, scheme, declared, base, floor_base, ceiling_base,
				avg_wage, employer_rate, individual_rate, employer_amount, individual_amount, account_amount, basis,
				prev_employer_amount, prev_individual_amount, prev_account_amount
			FROM bill_lines WHERE employer_uscc = $1 AND period = $2`, payer.Key, string(period), seq)
		return err
	})
}

// UndeclaredBills returns those of the employers, in the actor's
// jurisdiction, whose bill of the month was assessed at the undeclared
// factor (any basis but 申报).
func (db *DB) UndeclaredBills(ctx context.Context, period shebao.Period, employers []string) ([]string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	tx := &Tx{db: db}
	cond, args := tx.inKeys("payer", employers, []any{string(period)})
	conds, args := sc.where("region_code", []string{"payer_kind = 'employer'", "period = $1", "basis <> '" + shebao.BasisDeclared + "'", cond}, args)
	rows, err := db.query(ctx, `SELECT payer FROM bills`+whereClause(conds)+` ORDER BY payer`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
