package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// AccountStatement returns a person's statement for a year. Clerks of the
// person's jurisdiction may read it; an insured citizen only their own.
// The read is audited (statement.read on the person).
func (db *DB) AccountStatement(ctx context.Context, idNo string, year int) (*shebao.Statement, error) {
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
	err = db.Update(ctx, func(tx *Tx) error {
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
			name := f
			if fd, ok := shebao.FindFund(f); ok {
				name = fd.Name
			}
			byFund[f] = &shebao.FundStatement{Fund: f, FundName: name, Items: []shebao.StatementItem{}}
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
			it.Amount, it.Month, it.KindName = shebao.Money(amt), it.Date[:7], shebao.MovementKinds[it.Kind]
			it.Explanation = explainMovementSource(it.Kind, it.Source)
			fs := fundOf(f)
			switch it.Kind {
			case shebao.MoveInterest:
				fs.Interest += it.Amount
			case shebao.MoveCredit, shebao.MoveTransferIn:
				fs.Credits += it.Amount
			default:
				fs.Debits += it.Amount
			}
			fs.Items = append(fs.Items, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range order {
			fs := byFund[f]
			bal := fs.Opening
			for i := range fs.Items {
				bal += fs.Items[i].Amount
				fs.Items[i].Balance = bal
			}
			fs.Closing = bal
			fs.Summary = fmt.Sprintf("%s个人账户%d年度:年初余额%s元,本年记账%s元,记账利息%s元,支取/转出%s元,年末余额%s元(年初 + 记账 + 利息 − 支取 = 年末)。",
				fs.FundName, year, fs.Opening, fs.Credits, fs.Interest, -fs.Debits, fs.Closing)
			st.Funds = append(st.Funds, *fs)
		}
		return tx.audit(ctx, "statement.read", shebao.EntityPerson, id, p.Region, nil, map[string]any{"year": year, "funds": len(st.Funds)})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// explainMovementSource says in Chinese what business event a movement's
// source names.
func explainMovementSource(kind, source string) string {
	prefix, rest, _ := strings.Cut(source, ":")
	switch prefix {
	case "bill":
		uscc, period, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("单位(%s)%s月缴费足额到账,按缴费基数的记账比例记入", uscc, period)
	case "interest":
		y, _, _ := strings.Cut(rest, ":")
		return fmt.Sprintf("%s年度记账利息(上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2)", y)
	case "resident":
		return fmt.Sprintf("城乡居民养老保险年度缴费(票据号%s):个人缴费、政府补贴和集体补助全额记入", rest)
	case "lumpsum":
		return "村改居一次性补缴足额到账,按补缴基数的8%逐月记入"
	case "flex":
		return fmt.Sprintf("灵活就业人员缴费到账(%s),按缴费基数的8%%记入", rest)
	}
	return shebao.MovementKinds[kind] + ":" + source
}
