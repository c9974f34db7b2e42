package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The yearly interest run is the ledger service's (ledger.Service.RunInterest,
// a batch job over ranges of ID numbers); these are its set-based SQL.

// InterestAccounts returns the number of individual accounts of the fund
// (110, 170) opened by end, after checking that the actor may run the
// interest: an operator of the whole database with the right to write the
// individual accounts.
func (db *DB) InterestAccounts(ctx context.Context, fund, end string) (int, error) {
	if err := mayRunInterest(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM individual_accounts WHERE fund = $1 AND opened <= $2`, fund, end).Scan(&n)
	return n, err
}

// fundLiteral is the fund of an interest run as an SQL literal: a fund
// code of digits only (the run's funds are policy.InterestFunds), checked
// so that nothing else is ever spliced into the statement.
func fundLiteral(fund string) (string, error) {
	if len(fund) != 3 || strings.Trim(fund, "0123456789") != "" {
		return "", fmt.Errorf("interest: fund %q", fund)
	}
	return "'" + fund + "'", nil
}

// mayRunInterest checks that the context's actor may credit interest.
func mayRunInterest(ctx context.Context) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.all {
		return shebao.Errorf(shebao.EFORBIDDEN, "个人账户计息须由全库管理员或批处理执行")
	}
	return authorize(sc.actor, "fund.account", shebao.EntityFund, "")
}

// InterestBound returns the ID number of the n-th account of the fund after
// lo ("" = from the first), or "" when fewer than n follow: the upper bound
// of a chunk of n accounts.
func (db *DB) InterestBound(ctx context.Context, fund, lo string, n int) (string, error) {
	var hi string
	err := db.queryRow(ctx, `SELECT id_no FROM individual_accounts WHERE fund = $3 AND id_no > $1 ORDER BY id_no LIMIT 1 OFFSET $2`,
		lo, n-1, fund).Scan(&hi)
	if isNoRows(err) {
		return "", nil
	}
	return hi, err
}

// CreditInterest credits the year's interest of r to the pension accounts
// with ID numbers in (lo, hi] (hi "" = no upper bound) not credited before,
// as movements of kind interest and source r.Source dated r.End, and posts
// their sum in one entry (Dr 3101, Cr 2301) under the source
// "<r.Source>:<first account credited>". One INSERT … SELECT computes the
// range's opening balances, the year's credits and the interest in SQL
// (interestSQL, to the fen as policy.AccountInterest), leaving out accounts
// credited before; the balances take the movements this call inserted (its
// batch) — on PostgreSQL in the same statement, on SQLite by one
// UPDATE … FROM. The entry covers exactly the movements of its batch, and
// an account's interest is in one batch only, so the source names no other
// entry however the ranges fall: a run after a crash, or after accounts
// were added, posts what it credits and nothing else. An account whose
// interest already credited differs from what the formula now gives (a
// credit of the year booked after the run) is refused (ECONFLICT): that is
// a correction, not a re-run.
//
// It returns the number of accounts in the range, the number it credited,
// and the interest of the year of every account of the range (credited
// now or before).
func (db *DB) CreditInterest(ctx context.Context, r shebao.InterestRun, lo, hi string) (accounts, credited int, total shebao.Money, err error) {
	if err := mayRunInterest(ctx); err != nil {
		return 0, 0, 0, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		bound, args := "id_no > $1", []any{lo}
		if hi != "" {
			bound, args = bound+" AND id_no <= $2", append(args, hi)
		}
		f, err := fundLiteral(r.Fund)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM individual_accounts WHERE fund = `+f+` AND `+bound, args...).Scan(&accounts); err != nil {
			return err
		}
		credited, total, err = tx.creditInterest(ctx, r, lo, hi, accounts)
		return err
	})
	return accounts, credited, total, err
}

// interestSQL is a query of (id_no, interest, had, partial) for the
// fund's accounts with ID numbers in (lo, hi] (hi "" = no upper bound), one
// pass over their movements: interest is the year's interest by the
// formula (0 when it is not positive), had the interest of the year
// credited before (by another batch than $batch; NULL when none), partial
// the number of credits of the year's interest by a pension determination
// (source "<r.Source>:partial", benefit/determine.go yearInterest): such an
// account has the year's interest up to the retirement month already, and
// the run credits it nothing for that year. Its arguments are numbered
// from $first.
//
// policy.AccountInterest rounds half up, once, opening × r × 2000 +
// credits × r × 1083 over 2×10⁹ (r in ppm). With v = opening × 2000 +
// credits × 1083 = q × 2×10⁹ + l (0 ≤ l < 2×10⁹), v × r ÷ 2×10⁹ =
// q × r + l × r ÷ 2×10⁹, and as q × r is a whole number the rounding is
// that of l × r ÷ 2×10⁹ alone: (l × r + 10⁹) ÷ 2×10⁹ in integer division,
// exact for v ≥ 0. No product exceeds 64 bits (l × r < 2×10¹⁵ for rates up
// to 100%; v up to 9.2×10¹⁸, i.e. balances up to 4.6×10¹⁵ 分), where v × r
// would overflow above 1.7×10⁹ 元 at 2.62% — and SQLite would turn the
// overflow into a float. Sums are cast to BIGINT: PostgreSQL's SUM(bigint)
// is numeric, whose division does not truncate.
func interestSQL(r shebao.InterestRun, first int, batch, lo, hi string) (string, []any) {
	p := func(i int) string { return "$" + strconv.Itoa(first+i) }
	args := []any{r.Start, r.End, int64(r.Rate), r.Source, batch, lo}
	bound := "id_no > " + p(5)
	if hi != "" {
		args = append(args, hi)
		bound += " AND id_no <= " + p(6)
	}
	f := "'" + r.Fund + "'" // checked by fundLiteral in CreditInterest
	this := `kind = '` + shebao.MoveInterest + `' AND source = ` + p(3) + ` AND batch <> ` + p(4)
	q := `SELECT id_no, CASE WHEN v > 0 THEN (v / 2000000000) * ` + p(2) + ` + ((v % 2000000000) * ` + p(2) + ` + 1000000000) / 2000000000
			ELSE 0 END AS interest, had, partial
		FROM (SELECT id_no, CAST(SUM(CASE WHEN moved_on < ` + p(0) + ` THEN amount ELSE 0 END) AS BIGINT) * 2000
				+ CAST(SUM(CASE WHEN moved_on >= ` + p(0) + ` AND kind IN ('` + shebao.MoveCredit + `', '` + shebao.MoveTransferIn + `') THEN amount ELSE 0 END) AS BIGINT) * 1083 AS v,
				CAST(SUM(CASE WHEN ` + this + ` THEN amount END) AS BIGINT) AS had,
				COUNT(CASE WHEN kind = '` + shebao.MoveInterest + `' AND source = CAST(` + p(3) + ` AS TEXT) || ':partial' THEN 1 END) AS partial
			FROM account_movements WHERE fund = ` + f + ` AND ` + bound + ` AND moved_on <= ` + p(1) + `
			GROUP BY id_no) x`
	return q, args
}

// creditInterest credits the interest of the accounts with ID numbers in
// (lo, hi] (hi "" = no upper bound) not yet credited, and posts their
// entry. It returns the number it credited, and the interest of the year
// of every account of the range (credited now or before).
func (tx *Tx) creditInterest(ctx context.Context, r shebao.InterestRun, lo, hi string, accounts int) (int, shebao.Money, error) {
	a, _ := shebao.ActorFrom(ctx)
	f, err := fundLiteral(r.Fund)
	if err != nil {
		return 0, 0, err
	}
	batch := newID()
	now := fmtTime(tx.now)
	sel, args := interestSQL(r, 5, batch, lo, hi)
	args = append([]any{r.Source, batch, a.Name, now}, args...)
	// $1 source, $2 batch, $3 actor, $4 now, $5 … interestSQL's ($6 the
	// year's end, $10 the range's lower bound, $11 its upper bound).
	//
	// No ON CONFLICT: the query leaves out the accounts credited before
	// (had), and on PostgreSQL a speculative insert costs 2.5 times a plain
	// one. An interest run at the same time as this one that credits an
	// account of the range first makes this chunk fail here, as a whole;
	// run again, it credits the rest.
	insert := `INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
		SELECT ` + f + `, id_no, '` + shebao.MoveInterest + `', $1, $6, interest, $2, $3, $4 FROM (` + sel + `) z
		WHERE interest > 0 AND had IS NULL AND partial = 0`
	// The movements inserted come back (RETURNING): their number, sum and
	// first account, without reading the range again; on PostgreSQL also
	// their accounts and amounts, for the balances below.
	updated := -1 // balances updated by key (PostgreSQL)
	var mine int
	var mineSum int64
	var first string
	var ids []string
	var amounts []int64
	err = tx.scanRows(ctx, insert+` RETURNING id_no, amount`, args, func(s rowScanner) error {
		var id string
		var amount int64
		if err := s.Scan(&id, &amount); err != nil {
			return err
		}
		mine++
		mineSum += amount
		if first == "" || id < first {
			first = id
		}
		if tx.db.Dialect == Postgres {
			ids, amounts = append(ids, id), append(amounts, amount)
		}
		return nil
	})
	if err == nil && tx.db.Dialect == Postgres {
		// The balances take the batch's amounts by key, from the list of
		// the movements just inserted, which PostgreSQL sizes at 100 rows
		// whatever its statistics: one look-up of the primary key per
		// account. Joined with the movements in the statement that
		// inserted them (a CTE, until 2026-12-08), the batch was estimated
		// at one row from the filter on its sums, and for one row
		// PostgreSQL read the chunk's accounts by their range and compared
		// each with every movement: 10,000 × 10,000 comparisons, 11–16 s a
		// chunk of some runs at 10,000,000 accounts (docs/BENCHMARKS.md),
		// 3 hours for a province.
		var res sql.Result
		if res, err = tx.Exec(ctx, `UPDATE individual_accounts SET balance = individual_accounts.balance + u.amount, updated_at = $3
			FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[])) AS u(id_no, amount)
			WHERE individual_accounts.fund = `+f+` AND individual_accounts.id_no = u.id_no`, ids, amounts, now); err == nil {
			var n int64
			n, err = res.RowsAffected()
			updated = int(n)
		}
	}
	if err != nil {
		if isUniqueViolation(err) {
			return 0, 0, shebao.Errorf(shebao.ECONFLICT, "利息“%s”:另一计息任务正在为同一批账户计息,请待其完成后重新运行(已入账的不会重复)", r.Source)
		}
		return 0, 0, err
	}
	// The year's interest movements of the range credited before this
	// batch. When every account of the range was credited now there is
	// none (an account has one interest movement of a source: the key),
	// and the range is not read again — the first run of a year, chunk
	// after chunk. Otherwise they are summed, and compared below.
	all, allSum := mine, mineSum
	if mine < accounts {
		bound := "id_no > $3"
		sargs := []any{r.Source, batch, lo}
		if hi != "" {
			bound += " AND id_no <= $4"
			sargs = append(sargs, hi)
		}
		var before int
		var beforeSum int64
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT)
			FROM account_movements WHERE fund = `+f+` AND `+bound+` AND kind = '`+shebao.MoveInterest+`' AND source = $1 AND batch <> $2`, sargs...).
			Scan(&before, &beforeSum); err != nil {
			return 0, 0, err
		}
		all, allSum = mine+before, mineSum+beforeSum
	}
	if all > mine {
		// Credited before: the same amounts, or a correction is due.
		sel, args := interestSQL(r, 1, batch, lo, hi)
		var id string
		var had, want int64
		err := tx.QueryRow(ctx, `SELECT id_no, had, interest FROM (`+sel+`) z WHERE had IS NOT NULL AND had <> interest AND partial = 0
			ORDER BY id_no LIMIT 1`, args...).Scan(&id, &had, &want)
		if err == nil {
			return 0, 0, shebao.Errorf(shebao.ECONFLICT, "%s的个人账户利息“%s”已入账%s元,按现有记账数据应为%s元:更正请另行记账",
				maskedID(id), r.Source, shebao.Money(had), shebao.Money(want))
		}
		if !isNoRows(err) {
			return 0, 0, err
		}
	}
	if mine == 0 {
		return 0, shebao.Money(allSum), nil
	}
	if updated < 0 {
		// The balances take this batch's movements, read by the range of
		// the primary key (the table's only index).
		uargs := []any{batch, now, r.Source, lo}
		mbound, ubound := "id_no > $4", "individual_accounts.id_no > $4"
		if hi != "" {
			uargs = append(uargs, hi)
			mbound += " AND id_no <= $5"
			ubound += " AND individual_accounts.id_no <= $5"
		}
		res, err := tx.Exec(ctx, `UPDATE individual_accounts SET balance = individual_accounts.balance + x.amount, updated_at = $2
			FROM (SELECT id_no, amount FROM account_movements WHERE fund = `+f+` AND `+mbound+`
				AND kind = '`+shebao.MoveInterest+`' AND source = $3 AND batch = $1) x
			WHERE individual_accounts.fund = `+f+` AND `+ubound+` AND individual_accounts.id_no = x.id_no`, uargs...)
		if err != nil {
			return 0, 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, 0, err
		}
		updated = int(n)
	}
	if updated != mine {
		return 0, 0, fmt.Errorf("利息“%s”:本批%d笔利息,更新了%d个账户余额", r.Source, mine, updated)
	}
	e := &shebao.Entry{Fund: r.Fund, Date: r.End, Kind: shebao.PostAccount, Source: r.Source + ":" + first,
		Description: r.Description, Lines: shebao.IndividualAccountLines(shebao.Money(mineSum))}
	posted, err := tx.postFor(ctx, shebao.EntityFund, []*shebao.Entry{e})
	if err != nil {
		return 0, 0, err
	}
	if posted != 1 {
		return 0, 0, shebao.Errorf(shebao.ECONFLICT, "个人账户变动“%s”已记账,本次又有未入账的变动", e.Source)
	}
	if err := tx.audit(ctx, "fund.account", shebao.EntityFund, batch, "", nil, map[string]any{
		"movements": mine, "net_by_fund": map[string]shebao.Money{r.Fund: shebao.Money(mineSum)}, "source": r.Source,
		"entry": e.ID, "from_id_no": maskedID(lo), "to_id_no": maskedID(hi)}); err != nil {
		return 0, 0, err
	}
	return mine, shebao.Money(allSum), nil
}

// maskedID masks an ID number for messages and audit details ("" stays "").
func maskedID(id string) string {
	if id == "" {
		return ""
	}
	return idno.MaskID(id)
}
