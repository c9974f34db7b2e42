package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
)

// 社会救助资金 (issue #18 item 7; shebao.FundAssistance): the reads the
// reclassification of the 910 stopgap needs (ledger.Service.
// ReclassifyAssistance). They are sums by kind over the whole district — no
// person is read — for the fund's clerks.

// AssistCharged returns, per assistance kind, what was charged to 其他支出
// of the fund `from` for it: the payments made from that fund (cancelled
// ones are no longer in benefit_payments; their entries were reversed),
// plus the back payments (补发) paid from it, minus the overpayments
// recovered into it (a write-off leaves the charge in 5199). Only kinds
// with something charged are in the map.
func (db *DB) AssistCharged(ctx context.Context, from string) (map[string]shebao.Money, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	var kinds []string
	for _, k := range shebao.AssistanceKinds {
		kinds = append(kinds, "'"+k.Kind+"'")
	}
	in := "(" + strings.Join(kinds, ", ") + ")"
	rows, err := db.query(ctx, `SELECT kind, CAST(SUM(amount) AS BIGINT) FROM (
			SELECT kind, amount FROM benefit_payments WHERE scheme = $1 AND kind IN `+in+`
			UNION ALL
			SELECT kind, amount FROM benefit_backpays WHERE scheme = $1 AND amount > 0 AND kind IN `+in+`
			UNION ALL
			SELECT b.kind, -o.amount FROM overpayments o JOIN benefits b ON b.id = o.benefit_id
				WHERE o.scheme = $1 AND o.status = $2 AND b.kind IN `+in+`
		) x GROUP BY kind`, from, shebao.OverpaymentRecovered)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]shebao.Money{}
	for rows.Next() {
		var kind string
		var sum int64
		if err := rows.Scan(&kind, &sum); err != nil {
			return nil, err
		}
		if sum != 0 {
			out[kind] = shebao.Money(sum)
		}
	}
	return out, rows.Err()
}

// AssistReclassified returns what the reclassifications of the kind have
// moved out of the fund `from` so far (the net debit of 1201 暂付款 on
// their entries) and how many there were.
func (db *DB) AssistReclassified(ctx context.Context, from, kind string) (shebao.Money, int, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return 0, 0, err
	}
	prefix := shebao.ReclassifySource(kind, 0)
	prefix = prefix[:len(prefix)-1] // "reclass:<kind>:"
	var moved, n int64
	err := db.queryRow(ctx, `SELECT CAST(COALESCE(SUM(l.debit - l.credit), 0) AS BIGINT), COUNT(DISTINCT e.id)
		FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id AND l.account = $3
		WHERE e.fund = $1 AND e.kind = $2 AND e.source LIKE $4`,
		from, shebao.PostAdjustment, shebao.AcctAdvances, prefix+"%").Scan(&moved, &n)
	return shebao.Money(moved), int(n), err
}

// LedgerAccountBalances returns every account of the fund's chart with its
// sums of the entries dated on or before asOf (YYYY-MM-DD), in code order
// (the 社会救助资金's budget received, paid by kind and recovered, shown by
// `shebao ledger status`).
func (db *DB) LedgerAccountBalances(ctx context.Context, fund, asOf string) ([]shebao.AccountBalance, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	if _, err := parseDate("日期", asOf); err != nil {
		return nil, err
	}
	chart, err := db.LedgerChart(ctx, fund)
	if err != nil {
		return nil, err
	}
	if err := db.flushLedgerDaysIn(ctx); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT account, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT)
		FROM `+db.ledgerDaysFrom()+` WHERE fund = $1 AND posted <= $2 GROUP BY account`, fund, asOf)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[string][2]int64{}
	for rows.Next() {
		var account string
		var d, c int64
		if err := rows.Scan(&account, &d, &c); err != nil {
			return nil, err
		}
		sums[account] = [2]int64{d, c}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]shebao.AccountBalance, 0, len(chart))
	for _, a := range chart {
		s := sums[a.Code]
		b := shebao.AccountBalance{Code: a.Code, Name: a.Name, Type: a.Type, Debit: shebao.Money(s[0]), Credit: shebao.Money(s[1])}
		if a.Type.DebitNormal() {
			b.Balance = b.Debit - b.Credit
		} else {
			b.Balance = b.Credit - b.Debit
		}
		out = append(out, b)
	}
	return out, nil
}
