package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// StatementMovements returns what a person's statement for a year is made
// of (ledger.Service.AccountStatement computes the rest): per fund of the
// person's individual accounts, in fund order, the balance at the start
// of the year, and the movements of the year in order with their date,
// kind, source and amount. Clerks of the person's jurisdiction may read it;
// an insured citizen only their own. The read is audited (statement.read on
// the person).
func (db *DB) StatementMovements(ctx context.Context, idNo string, year int) (*shebao.Statement, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	if year < 1990 || year > 2100 {
		return nil, shebao.FieldErrorf("year", "年度%d无效", year)
	}
	role := shebao.RoleOf(sc.actor)
	if role.OwnOnly && id != sc.actor.IDNo {
		return nil, notFoundPerson(id)
	}
	if !role.May(shebao.Read(shebao.EntityContribution)) && !role.May(shebao.Read(shebao.EntityFund)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看个人账户", sc.actor.RoleName())
	}
	first, last := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	st := &shebao.Statement{IDNo: id, Year: year, Funds: []shebao.FundStatement{}}
	err = db.View(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(id)
		}
		st.Name = p.Name
		// The movements are reached from the person's accounts, by the
		// prefix (fund, id_no) of their primary key, their only index.
		rows, err := tx.Query(ctx, `SELECT m.fund, CAST(SUM(m.amount) AS BIGINT)
			FROM individual_accounts ia JOIN account_movements m ON m.fund = ia.fund AND m.id_no = ia.id_no
			WHERE ia.id_no = $1 AND m.moved_on < $2 GROUP BY m.fund ORDER BY m.fund`, id, first)
		if err != nil {
			return err
		}
		byFund := map[string]*shebao.FundStatement{}
		var order []string
		fundOf := func(f string) *shebao.FundStatement {
			if fs, ok := byFund[f]; ok {
				return fs
			}
			byFund[f] = &shebao.FundStatement{Fund: f, Items: []shebao.StatementItem{}}
			order = append(order, f)
			return byFund[f]
		}
		for rows.Next() {
			var f string
			var sum int64
			if err := rows.Scan(&f, &sum); err != nil {
				rows.Close()
				return err
			}
			fundOf(f).Opening = shebao.Money(sum)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT m.fund, m.moved_on, m.kind, m.source, m.amount
			FROM individual_accounts ia JOIN account_movements m ON m.fund = ia.fund AND m.id_no = ia.id_no
			WHERE ia.id_no = $1 AND m.moved_on >= $2 AND m.moved_on <= $3 ORDER BY m.fund, m.moved_on, m.kind, m.source`, id, first, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var it shebao.StatementItem
			var f string
			var amt int64
			if err := rows.Scan(&f, &it.Date, &it.Kind, &it.Source, &amt); err != nil {
				rows.Close()
				return err
			}
			it.Amount = shebao.Money(amt)
			fs := fundOf(f)
			fs.Items = append(fs.Items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range order {
			st.Funds = append(st.Funds, *byFund[f])
		}
		return tx.audit(ctx, "statement.read", shebao.EntityPerson, id, p.Region, nil, map[string]any{"year": year, "funds": len(st.Funds)})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}
