package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// What a benefit determination (待遇核定) reads of a person's record: the
// person, the months of contribution assessed and paid, the yearly history
// and the individual account. The rules that turn them into a pension or
// another benefit are the benefit service's; these methods only read, in the
// actor's jurisdiction, in the unit of work of ctx.

// DeterminationPerson returns the person with the ID number in the actor's
// jurisdiction, for a determination: the actor must read benefits.
func (db *DB) DeterminationPerson(ctx context.Context, idNo string) (*shebao.Person, error) {
	var p *shebao.Person
	err := db.personRecord(ctx, idNo, func(tx *Tx, q *shebao.Person) error {
		p = q
		return nil
	})
	return p, err
}

// personRecord runs fn in the unit of work of ctx on the person with the ID
// number, once the actor is found allowed to read benefits and the person
// in the actor's jurisdiction: every read of a determination goes through
// it.
func (db *DB) personRecord(ctx context.Context, idNo string, fn func(tx *Tx, p *shebao.Person) error) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "benefit.read", shebao.EntityBenefit, idNo); err != nil {
		return err
	}
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return err
	}
	return db.View(ctx, func(tx *Tx) error {
		p, err := tx.personInScope(ctx, id)
		if err != nil {
			return err
		}
		return fn(tx, p)
	})
}

// PaidBillMonths returns the months of the scheme up to the month upto in
// which the person was assessed on an employer's bill that is paid in full
// (bill_lines of bills with paid ≥ total): per month the sum of the
// person's bases and the 社平工资 the assessment used.
func (db *DB) PaidBillMonths(ctx context.Context, idNo, scheme, upto string) ([]shebao.ContributionMonth, error) {
	var out []shebao.ContributionMonth
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		rows, err := tx.Query(ctx, `SELECT l.period, SUM(l.base), MAX(l.avg_wage) FROM bill_lines l
			JOIN bills b ON b.payer_kind = 'employer' AND b.payer = l.employer_uscc AND b.period = l.period
			WHERE l.id_no = $1 AND l.scheme = $2 AND b.paid >= b.total AND l.period <= $3
			GROUP BY l.period ORDER BY l.period`, p.IDNo, scheme, upto)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m shebao.ContributionMonth
			var base, wage int64
			if err := rows.Scan(&m.Period, &base, &wage); err != nil {
				return err
			}
			m.Base, m.AvgWage = shebao.Money(base), shebao.Money(wage)
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// FlexPensionMonths returns the months of flexible employment (灵活就业) up
// to the month upto for which the person's own employee-pension (110) bill
// is paid in full, with the base chosen; these months count toward the
// pension as an employee's do: the lines of flexible payers' bills
// (flex_bill_lines) whose bill, in the one payer model, is paid in full.
func (db *DB) FlexPensionMonths(ctx context.Context, idNo, upto string) ([]shebao.ContributionMonth, error) {
	var out []shebao.ContributionMonth
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		rows, err := tx.Query(ctx, `SELECT l.period, l.base FROM flex_bill_lines l
			JOIN bills b ON b.payer_kind = 'person' AND b.payer = l.id_no AND b.period = l.period
			WHERE l.id_no = $1 AND l.scheme = '110' AND b.paid >= b.total AND l.period <= $2
			ORDER BY l.period`, p.IDNo, upto)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m shebao.ContributionMonth
			var base int64
			if err := rows.Scan(&m.Period, &base); err != nil {
				return err
			}
			m.Base = shebao.Money(base)
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// ContributionHistory returns the person's yearly history (历年缴费记录,
// contribution_years) of the scheme up to the year, in year order.
func (db *DB) ContributionHistory(ctx context.Context, idNo, scheme string, uptoYear int) ([]shebao.ContributionYear, error) {
	var out []shebao.ContributionYear
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		rows, err := tx.Query(ctx, `SELECT year, months, base_total, avg_wage, source FROM contribution_years
			WHERE id_no = $1 AND scheme = $2 AND year <= $3 ORDER BY year`, p.IDNo, scheme, uptoYear)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := shebao.ContributionYear{IDNo: p.IDNo, Scheme: scheme}
			var base, wage int64
			if err := rows.Scan(&c.Year, &c.Months, &base, &wage, &c.Source); err != nil {
				return err
			}
			c.BaseTotal, c.AvgWage = shebao.Money(base), shebao.Money(wage)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// AccountBalance returns the balance of the person's individual account in
// the fund (0 when there is none).
func (db *DB) AccountBalance(ctx context.Context, fund, idNo string) (shebao.Money, error) {
	var balance int64
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		return tx.QueryRow(ctx, `SELECT COALESCE(SUM(balance), 0) FROM individual_accounts WHERE fund = $1 AND id_no = $2`, fund, p.IDNo).Scan(&balance)
	})
	return shebao.Money(balance), err
}

// AccountYear returns the person's account of the fund for the year's
// interest: the movements dated before 1 January (the opening balance),
// the credits and transfers in of the year dated up to through (the last
// day of a retirement month: later credits earn nothing before it), and the interest movements of
// the year (source "interest:<year>" of the year-end run, or
// "interest:<year>:partial" of a determination).
func (db *DB) AccountYear(ctx context.Context, fund, idNo string, year int, through string) (*shebao.AccountYear, error) {
	out := &shebao.AccountYear{}
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		first := fmt.Sprintf("%04d-01-01", year)
		src := fmt.Sprintf("interest:%04d", year)
		var opening, credits, interest int64
		var n int
		if err := tx.QueryRow(ctx, `SELECT
				CAST(COALESCE(SUM(CASE WHEN moved_on < $3 THEN amount ELSE 0 END), 0) AS BIGINT),
				CAST(COALESCE(SUM(CASE WHEN moved_on >= $3 AND moved_on <= $4 AND kind IN ('`+shebao.MoveCredit+`', '`+shebao.MoveTransferIn+`') THEN amount ELSE 0 END), 0) AS BIGINT),
				CAST(COALESCE(SUM(CASE WHEN kind = '`+shebao.MoveInterest+`' AND (source = $5 OR source = $6) THEN amount ELSE 0 END), 0) AS BIGINT),
				COUNT(CASE WHEN kind = '`+shebao.MoveInterest+`' AND (source = $5 OR source = $6) THEN 1 END)
			FROM account_movements WHERE fund = $1 AND id_no = $2`,
			fund, p.IDNo, first, through, src, src+":partial").Scan(&opening, &credits, &interest, &n); err != nil {
			return err
		}
		*out = shebao.AccountYear{Opening: shebao.Money(opening), Credits: shebao.Money(credits), Interest: shebao.Money(interest), HasInterest: n > 0}
		return nil
	})
	return out, err
}

// AuditBenefitPreview records that a determination was computed without
// being submitted (a preview): computing read the person's contributions
// and account.
func (db *DB) AuditBenefitPreview(ctx context.Context, idNo, region, source string) error {
	return db.recordRead(ctx, "benefit.read", shebao.EntityBenefit, idNo, region, nil, map[string]any{"preview": source})
}
