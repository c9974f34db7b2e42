package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// interestChunk is how many accounts one transaction credits.
var interestChunk = 10000

// RunInterest credits a year's interest to every pension individual account
// (fund 110) at the year's 记账利率, by the annual formula of
// policy.AccountInterest, as movements of kind interest and source
// "interest:<year>" dated 31 December, with the matching ledger entries.
//
// It is set-based. The accounts are taken in ranges of ID numbers of
// interestChunk accounts (each bound the chunk-th account after the
// previous one), each range in one transaction: one INSERT … SELECT
// computes the range's opening balances, the year's credits and the
// interest in SQL (interestSQL, to the fen as policy.AccountInterest) into
// the movements, leaving out accounts credited before; the balances take
// the movements this transaction inserted (its batch) — on PostgreSQL in
// the same statement, on SQLite by one UPDATE … FROM; and one entry posts
// their sum (Dr 3101,
// Cr 2301) under the source "interest:<year>:<first account of the
// batch>". The entry covers exactly the movements of its batch, and an
// account's interest is in one batch only, so the source names no other
// entry however the ranges fall: a run after a crash, or after accounts
// were added, posts what it credits and nothing else. A second run credits
// and posts nothing; an account whose interest already credited differs
// from what the formula now gives (a credit of the year booked after the
// run) is refused (ECONFLICT): that is a correction, not a re-run.
func (db *DB) RunInterest(ctx context.Context, year int) (*shebao.InterestResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !sc.all {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "个人账户计息须由全库管理员或批处理执行")
	}
	if err := authorize(sc.actor, "fund.account", shebao.EntityFund, ""); err != nil {
		return nil, err
	}
	if year < 1997 || year > shebao.Today().Year() {
		return nil, shebao.FieldErrorf("year", "计息年度%d无效", year)
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	rate, param, err := set.Rate("interest.110", "", jan1)
	if err != nil {
		return nil, fmt.Errorf("%d年记账利率: %w", year, err)
	}
	if rate < 0 || rate > shebao.RatePPM {
		return nil, fmt.Errorf("%d年记账利率%s超出0%%~100%%", year, rate.Percent())
	}
	run := interestRun{
		start: jan1.Format(shebao.DateLayout), end: fmt.Sprintf("%d-12-31", year),
		source: "interest:" + strconv.Itoa(year), rate: int64(rate),
		description: fmt.Sprintf("%d年度个人账户记账利息(记账利率%s)", year, rate.Percent()),
	}
	res := &shebao.InterestResult{Year: year, Rate: rate.Percent(), Source: param.Cite(),
		Formula: "上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2(劳办发〔1997〕116号)"}
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM individual_accounts WHERE fund = '110' AND opened <= $1`, run.end).
		Scan(&res.Accounts); err != nil {
		return nil, err
	}
	lo := ""
	for {
		var hi string
		err := db.queryRow(ctx, `SELECT id_no FROM individual_accounts WHERE fund = '110' AND id_no > $1 ORDER BY id_no LIMIT 1 OFFSET $2`,
			lo, interestChunk-1).Scan(&hi)
		if err != nil && !isNoRows(err) {
			return nil, err
		}
		if err := db.Update(ctx, func(tx *Tx) error {
			n, total, err := tx.creditInterest(ctx, run, lo, hi)
			res.Credited += n
			res.Total += total
			return err
		}); err != nil {
			return nil, err
		}
		if hi == "" {
			return res, nil
		}
		lo = hi
	}
}

// interestRun is what every chunk of a year's interest run needs.
type interestRun struct {
	start, end  string // 1 January and 31 December of the year
	source      string // of the movements: interest:<year>
	rate        int64  // ppm
	description string // of the ledger entries
}

// interestSQL is a query of (id_no, interest, had) for the fund-110
// accounts with ID numbers in (lo, hi] (hi "" = no upper bound), one pass
// over their movements: interest is the year's interest by the formula
// (0 when it is not positive), had the interest of the year credited
// before (by another batch than $batch; NULL when none). Its arguments
// are numbered from $first.
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
func (r interestRun) interestSQL(first int, batch, lo, hi string) (string, []any) {
	p := func(i int) string { return "$" + strconv.Itoa(first+i) }
	args := []any{r.start, r.end, r.rate, r.source, batch, lo}
	bound := "id_no > " + p(5)
	if hi != "" {
		args = append(args, hi)
		bound += " AND id_no <= " + p(6)
	}
	this := `kind = '` + shebao.MoveInterest + `' AND source = ` + p(3) + ` AND batch <> ` + p(4)
	q := `SELECT id_no, CASE WHEN v > 0 THEN (v / 2000000000) * ` + p(2) + ` + ((v % 2000000000) * ` + p(2) + ` + 1000000000) / 2000000000
			ELSE 0 END AS interest, had
		FROM (SELECT id_no, CAST(SUM(CASE WHEN moved_on < ` + p(0) + ` THEN amount ELSE 0 END) AS BIGINT) * 2000
				+ CAST(SUM(CASE WHEN moved_on >= ` + p(0) + ` AND kind IN ('` + shebao.MoveCredit + `', '` + shebao.MoveTransferIn + `') THEN amount ELSE 0 END) AS BIGINT) * 1083 AS v,
				CAST(SUM(CASE WHEN ` + this + ` THEN amount END) AS BIGINT) AS had
			FROM account_movements WHERE fund = '110' AND ` + bound + ` AND moved_on <= ` + p(1) + `
			GROUP BY id_no) x`
	return q, args
}

// creditInterest credits the interest of the accounts with ID numbers in
// (lo, hi] (hi "" = no upper bound) not yet credited, and posts their
// entry. It returns the number it credited, and the interest of the year
// of every account of the range (credited now or before).
func (tx *Tx) creditInterest(ctx context.Context, r interestRun, lo, hi string) (int, shebao.Money, error) {
	a, _ := shebao.ActorFrom(ctx)
	batch := newID()
	now := fmtTime(tx.now)
	sel, args := r.interestSQL(5, batch, lo, hi)
	args = append([]any{r.source, batch, a.Name, now}, args...)
	// $1 source, $2 batch, $3 actor, $4 now, $5 … interestSQL's ($6 the
	// year's end, $10 the range's lower bound, $11 its upper bound).
	//
	// No ON CONFLICT: the query leaves out the accounts credited before
	// (had), and on PostgreSQL a speculative insert costs 2.5 times a plain
	// one. An interest run at the same time as this one that credits an
	// account of the range first makes this chunk fail here, as a whole;
	// run again, it credits the rest.
	insert := `INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
		SELECT '110', id_no, '` + shebao.MoveInterest + `', $1, $6, interest, $2, $3, $4 FROM (` + sel + `) z
		WHERE interest > 0 AND had IS NULL`
	updated := -1 // balances updated with the insert (PostgreSQL)
	var err error
	if tx.db.Dialect == Postgres {
		// One statement inserts the movements and adds them to the
		// balances, which need not read the movements back. The range
		// bounds the accounts too, or PostgreSQL hash-joins the batch with
		// every account, chunk after chunk.
		ubound := "individual_accounts.id_no > $10"
		if hi != "" {
			ubound += " AND individual_accounts.id_no <= $11"
		}
		err = tx.QueryRow(ctx, `WITH ins AS (`+insert+` RETURNING id_no, amount),
			upd AS (UPDATE individual_accounts SET balance = individual_accounts.balance + ins.amount, updated_at = $4
				FROM ins WHERE individual_accounts.fund = '110' AND `+ubound+` AND individual_accounts.id_no = ins.id_no
				RETURNING 1)
			SELECT COUNT(*) FROM upd`, args...).Scan(&updated)
	} else {
		_, err = tx.Exec(ctx, insert, args...)
	}
	if err != nil {
		if isUniqueViolation(err) {
			return 0, 0, shebao.Errorf(shebao.ECONFLICT, "利息“%s”:另一计息任务正在为同一批账户计息,请待其完成后重新运行(已入账的不会重复)", r.source)
		}
		return 0, 0, err
	}
	// The year's interest movements of the range: all, and this batch's.
	bound := "id_no > $3"
	sargs := []any{r.source, batch, lo}
	if hi != "" {
		bound += " AND id_no <= $4"
		sargs = append(sargs, hi)
	}
	var all, mine int
	var allSum, mineSum int64
	var first string
	if err := tx.QueryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT),
			COUNT(CASE WHEN batch = $2 THEN 1 END), CAST(COALESCE(SUM(CASE WHEN batch = $2 THEN amount ELSE 0 END), 0) AS BIGINT),
			COALESCE(MIN(CASE WHEN batch = $2 THEN id_no END), '')
		FROM account_movements WHERE fund = '110' AND `+bound+` AND kind = '`+shebao.MoveInterest+`' AND source = $1`, sargs...).
		Scan(&all, &allSum, &mine, &mineSum, &first); err != nil {
		return 0, 0, err
	}
	if all > mine {
		// Credited before: the same amounts, or a correction is due.
		sel, args := r.interestSQL(1, batch, lo, hi)
		var id string
		var had, want int64
		err := tx.QueryRow(ctx, `SELECT id_no, had, interest FROM (`+sel+`) z WHERE had IS NOT NULL AND had <> interest
			ORDER BY id_no LIMIT 1`, args...).Scan(&id, &had, &want)
		if err == nil {
			return 0, 0, shebao.Errorf(shebao.ECONFLICT, "%s的个人账户利息“%s”已入账%s元,按现有记账数据应为%s元:更正请另行记账",
				maskedID(id), r.source, shebao.Money(had), shebao.Money(want))
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
		uargs := []any{batch, now, r.source, lo}
		mbound, ubound := "id_no > $4", "individual_accounts.id_no > $4"
		if hi != "" {
			uargs = append(uargs, hi)
			mbound += " AND id_no <= $5"
			ubound += " AND individual_accounts.id_no <= $5"
		}
		res, err := tx.Exec(ctx, `UPDATE individual_accounts SET balance = individual_accounts.balance + x.amount, updated_at = $2
			FROM (SELECT id_no, amount FROM account_movements WHERE fund = '110' AND `+mbound+`
				AND kind = '`+shebao.MoveInterest+`' AND source = $3 AND batch = $1) x
			WHERE individual_accounts.fund = '110' AND `+ubound+` AND individual_accounts.id_no = x.id_no`, uargs...)
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
		return 0, 0, fmt.Errorf("利息“%s”:本批%d笔利息,更新了%d个账户余额", r.source, mine, updated)
	}
	e := &shebao.Entry{Fund: "110", Date: r.end, Kind: shebao.PostAccount, Source: r.source + ":" + first,
		Description: r.description, Lines: shebao.IndividualAccountLines(shebao.Money(mineSum))}
	posted, err := tx.postFor(ctx, shebao.EntityFund, []*shebao.Entry{e})
	if err != nil {
		return 0, 0, err
	}
	if posted != 1 {
		return 0, 0, shebao.Errorf(shebao.ECONFLICT, "个人账户变动“%s”已记账,本次又有未入账的变动", e.Source)
	}
	if err := tx.audit(ctx, "fund.account", shebao.EntityFund, batch, "", nil, map[string]any{
		"movements": mine, "net_by_fund": map[string]shebao.Money{"110": shebao.Money(mineSum)}, "source": r.source,
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
