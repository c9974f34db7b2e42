package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// The monthly benefit payroll (待遇发放). One run pays every benefit due in
// the month once: a payment row per benefit and month (benefit_payments,
// primary key (benefit_id, month)), written set-based by INSERT … SELECT …
// ON CONFLICT DO NOTHING over ranges of benefit ids, each range one
// transaction with its own batch id. In the same transaction the fund
// ledger gets exactly the rows of that batch (Dr the kind's expense
// account, Cr 2101 应付社会保险待遇) and the account pensions are withdrawn
// from the individual accounts with their 2301/3101 lines. A run killed at
// any point leaves whole batches behind; running it again pays the rest,
// nobody twice. The run then puts the month's new payments into the
// approval queue (payroll.release, 经办 → 复核): the approval marks them
// 已发放 and posts the bank payment (Dr 2101, Cr 1002).
//
// Deaths: a benefit is paid through the month of the person's death
// (基本养老金发放至死亡当月,次月起停发) — so the run pays a person who died
// in or after the month, stops the benefits of deceased persons with
// end_month = the month of death, and records every payment already made
// for a later month as an overpayment to recover (overpayments.go).

// PayrollChunk is how many benefits (by id) one transaction of a run covers.
const PayrollChunk = 20000

// phaseClock reports the time since its previous lap to a Phase callback.
type phaseClock struct {
	fn func(string, time.Duration)
	t  time.Time
}

func newPhaseClock(fn func(string, time.Duration)) *phaseClock {
	return &phaseClock{fn: fn, t: time.Now()}
}

func (c *phaseClock) lap(phase string) {
	if c == nil || c.fn == nil {
		return
	}
	now := time.Now()
	c.fn(phase, now.Sub(c.t))
	c.t = now
}

// releasePayload is the payload of a payroll.release approval: the batches
// of payments it releases, with their count and total as the maker saw
// them.
type releasePayload struct {
	Month    string       `json:"month"`
	Batches  []string     `json:"batches"`
	Payments int          `json:"payments"`
	Total    shebao.Money `json:"total"`
}

// parseMonth checks a payroll month: YYYY-MM, not after next month.
func parseMonth(s string) (shebao.Period, error) {
	m, err := shebao.ParsePeriod(s)
	if err != nil {
		return "", shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", s)
	}
	next := shebao.Period(shebao.Today().AddDate(0, 1, 0).Format("2006-01"))
	if string(m) > string(next) {
		return "", shebao.FieldErrorf("月份", "发放月份%s晚于下月%s,不能预先发放", m, next)
	}
	return m, nil
}

// payableCond is the condition on benefits b and amounts a for a benefit
// to be paid in month $1: in force (正常发放, or stopped after the month),
// started, not ended, and an amount in force for the month; the person
// must also not be goneBefore. The status is compared as b.status || ”
// so that SQLite takes each chunk's id range as the access path instead
// of scanning the index on status (every active benefit) once a chunk.
const payableCond = `((b.status || '') = '` + shebao.BenefitActive + `' OR ((b.status || '') = '` + shebao.BenefitStopped + `' AND b.end_month <> ''))
	AND b.start_month <= $1 AND (b.end_month = '' OR b.end_month >= $1)
	AND a.from_month <= $1 AND (a.to_month = '' OR a.to_month >= $1)`

// goneBefore is the condition on persons p for a person not to be paid
// in month $1: not alive, and not died in or after the month. It names the
// condition of the index persons_deceased (0016_payroll.sql), so that it
// is looked up among the few deceased only.
const goneBefore = `p.status <> '` + shebao.StatusAlive + `' AND (p.death_date = '' OR SUBSTR(p.death_date, 1, 7) < $1)`

// RunPayroll pays the month's benefits in the actor's jurisdiction (see
// the comment at the top of this file) and submits the release of the new
// payments for approval. Running it again creates no payment, posts
// nothing and submits nothing, unless benefits were added or resumed in
// between: then it pays those and submits their release.
func (db *DB) RunPayroll(ctx context.Context, month string, opts shebao.PayrollOptions) (*shebao.PayrollResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payroll.run", shebao.EntityBenefit, month); err != nil {
		return nil, err
	}
	m, err := parseMonth(month)
	if err != nil {
		return nil, err
	}
	chunk := opts.Chunk
	if chunk <= 0 {
		chunk = PayrollChunk
	}
	res := &shebao.PayrollResult{Month: string(m), Skipped: map[string]int{}}
	clock := newPhaseClock(opts.Phase)

	// Record the run, stop the benefits of deceased persons and find the
	// payments made after a death, in one transaction.
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO batch_runs (kind, period, status, started_at, actor) VALUES ('payroll', $1, 'running', $2, $3)
			ON CONFLICT (kind, period) DO UPDATE SET status = 'running', started_at = excluded.started_at, finished_at = '', actor = excluded.actor`,
			string(m), fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		stopped, found, err := tx.settleDeaths(ctx, shebao.EntityBenefit, nil)
		res.Stopped, res.Overpayments = stopped, found
		return err
	})
	if err != nil {
		return nil, err
	}
	clock.lap("deaths")
	if err := db.payrollSkipped(ctx, sc, m, res); err != nil {
		return nil, err
	}
	clock.lap("skipped")
	// Back payments (补发) of amounts changed for months already paid
	// (backpay.go), before the month's own payments: the month is paid at
	// the amount now in force, so it owes no back pay of its own, and the
	// look-up for payments made before an amount is cheaper without them.
	if res.BackPay, err = db.payBackPays(ctx, sc, m); err != nil {
		return nil, err
	}
	clock.lap("back pay")

	// The benefits in chunks of ids: each chunk's upper bound is the
	// chunk-th id after the previous bound (the last chunk is open).
	conds, args := sc.where("region_code", nil, nil)
	var all int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM benefits`+whereClause(conds), args...).Scan(&all); err != nil {
		return nil, err
	}
	clock.lap("count")
	lo, done := "", 0
	var own []monthGroup // this run's payments by batch, scheme and kind
	noAmount := 0        // active benefits without an amount in force
	for {
		var hi string
		err := db.queryRow(ctx, `SELECT id FROM benefits WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2`, lo, chunk-1).Scan(&hi)
		if err != nil && !isNoRows(err) {
			return nil, err
		}
		clock.lap("chunk bounds")
		// Summed once the chunk is committed: Update may run it again.
		var c chunkResult
		if err := db.Update(ctx, func(tx *Tx) error {
			var err error
			c, err = tx.payChunk(ctx, sc, m, lo, hi, clock)
			return err
		}); err != nil {
			return nil, err
		}
		noAmount += c.noAmount
		if c.n > 0 {
			own = append(own, c.groups...)
			res.Payments += c.n
			res.Total += c.total
			res.AccountPart += c.acct
			res.Batches++
		}
		clock.lap("chunk commit")
		if hi == "" {
			break
		}
		lo = hi
		done = min(done+chunk, all)
		if opts.Progress != nil {
			opts.Progress(done, all)
		}
	}
	if opts.Progress != nil {
		opts.Progress(all, all)
	}
	res.AddSkipped("无当月待遇标准", noAmount)

	// Submit the release of whatever is not yet released nor waiting, and
	// close the run.
	err = db.Update(ctx, func(tx *Tx) error {
		// The run's row serialises submissions: a concurrent run waits here
		// and then sees this one's approval.
		if _, err := tx.Exec(ctx, `UPDATE batch_runs SET status = 'releasing' WHERE kind = 'payroll' AND period = $1`, string(m)); err != nil {
			return err
		}
		groups, err := tx.monthGroups(ctx, sc, m, own, res.Payments)
		if err != nil {
			return err
		}
		clock.lap("totals")
		backPays, err := tx.backPayGroups(ctx, sc, m) // released with the payments (backpay.go)
		if err != nil {
			return err
		}
		ap, err := tx.submitRelease(ctx, sc, m, append(groups[:len(groups):len(groups)], backPays...))
		if err != nil {
			return err
		}
		res.Release = ap
		clock.lap("release")
		backPayLines, err := tx.backPayTotals(ctx, sc, m) // the month's totals with its 补发 (backpay.go)
		if err != nil {
			return err
		}
		sum := summarize(m, append(groups[:len(groups):len(groups)], backPayLines...))
		res.Totals, res.MonthPayments, res.MonthTotal = sum.Totals, sum.Payments, sum.Total
		detail := map[string]any{"payments": res.Payments, "total": res.Total, "batches": res.Batches, "skipped": res.Skipped,
			"stopped": res.Stopped, "overpayments": res.Overpayments, "month_payments": res.MonthPayments, "month_total": res.MonthTotal}
		if ap != nil {
			detail["release"] = ap.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE batch_runs SET status = 'done', finished_at = $1, detail = $2 WHERE kind = 'payroll' AND period = $3`,
			fmtTime(tx.now), jsonText(detail), string(m)); err != nil {
			return err
		}
		return tx.audit(ctx, "payroll.run", shebao.EntityBenefit, string(m), sc.actor.Region, nil, detail)
	})
	if err != nil {
		return nil, err
	}
	clock.lap("finish")
	return res, nil
}

// payChunk pays the due benefits with lo < id ≤ hi (hi "" = no upper
// bound) in the scope, posts their ledger entries and withdraws their
// account parts. It returns the number of payments it created, their
// total and their account part.
func (tx *Tx) payChunk(ctx context.Context, sc scope, m shebao.Period, lo, hi string, clock *phaseClock) (chunkResult, error) {
	var out chunkResult
	batch := newID()
	now := fmtTime(tx.now)
	// Every statement of the chunk is limited to its range of benefit ids
	// (each table read by its key range or by key), so that a chunk costs
	// its own size and not the size of the tables.
	in := func(col string, first int) string {
		c := col + " > $" + itoa(first)
		if hi != "" {
			c += " AND " + col + " <= $" + itoa(first+1)
		}
		return c
	}
	bounds := []any{lo}
	if hi != "" {
		bounds = append(bounds, hi)
	}

	// Runs of the same month at the same time take the range in turn: the
	// run's row is locked until this chunk commits, and the counts below,
	// read after the lock, see what the other run committed. (The insert
	// on PostgreSQL has no ON CONFLICT to fall back on.)
	if _, err := tx.Exec(ctx, `UPDATE batch_runs SET status = 'running' WHERE kind = 'payroll' AND period = $1`, string(m)); err != nil {
		return out, err
	}
	// A range whose every benefit has its payment for the month (a re-run)
	// is skipped with two counts over primary keys (month || '' keeps
	// SQLite on the key range rather than on the month's index).
	var nb, np int
	if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM benefits WHERE `+in("id", 2)+`),
			(SELECT COUNT(*) FROM benefit_payments WHERE `+in("benefit_id", 2)+` AND (month || '') = $1)`,
		append([]any{string(m)}, bounds...)...).Scan(&nb, &np); err != nil {
		return out, err
	}
	clock.lap("chunk check")
	if np >= nb {
		return out, nil
	}

	args := append([]any{string(m), batch, now}, bounds...)
	conds := []string{in("b.id", 4), in("a.benefit_id", 4)}
	conds, args = sc.where("b.region_code", conds, args)
	// The account part is what the individual account still holds, at
	// most: once it is spent the pooled fund pays the whole amount. The
	// account is looked up only for an amount with an account part. The
	// rows inserted come back (RETURNING) to be summed by scheme and kind,
	// rather than read again.
	insert := `INSERT INTO benefit_payments (benefit_id, month, id_no, scheme, kind, region_code, amount, account_part,
			basic_part, bank_account, status, batch, created_at)
		SELECT b.id, $1, b.id_no, b.scheme, b.kind, b.region_code, a.monthly,
			CASE WHEN a.account_part <= 0 THEN 0 ELSE COALESCE((SELECT CASE WHEN ia.balance <= 0 THEN 0
					WHEN a.account_part < ia.balance THEN a.account_part ELSE ia.balance END
				FROM individual_accounts ia WHERE ia.fund = b.scheme AND ia.id_no = b.id_no), 0) END,
			a.basic_part, b.bank_account, '` + shebao.PaymentPending + `', $2, $3
		FROM benefits b
		JOIN benefit_amounts a ON a.benefit_id = b.id
		WHERE ` + strings.Join(conds, " AND ") + ` AND ` + payableCond + `
			AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_no = b.id_no AND ` + goneBefore + `)`
	const returning = ` RETURNING benefit_id, scheme, kind, region_code, amount, account_part, basic_part`
	var q string
	accounted := false // the account parts withdrawn by the same statement
	if tx.db.Dialect == Postgres {
		// PostgreSQL: the benefits paid before are left out by the query
		// rather than by ON CONFLICT, whose speculative insert costs 2.5
		// times a plain one (a run at the same time that pays a benefit of
		// the range first makes this chunk fail as a whole, with
		// ECONFLICT); and the same statement withdraws the account parts —
		// movements and balances — from the rows it inserted, without
		// reading them back. The balances after the withdrawal are checked
		// below (overdrawn), as on SQLite.
		accounted = true
		if np > 0 {
			// Some of the range was paid (a run interrupted, or benefits
			// added since). When none was, the probe is left out: besides
			// its cost, on a table still empty PostgreSQL plans it as a
			// sequential scan, repeated for every row.
			insert += `
				AND NOT EXISTS (SELECT 1 FROM benefit_payments bp WHERE bp.benefit_id = b.id AND bp.month = $1)`
		}
		q = `WITH pay AS (` + insert + returning + `, id_no, month),
			mv AS (INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
				SELECT scheme, id_no, '` + shebao.MoveWithdraw + `', 'payroll:' || month || ':' || benefit_id, $` + itoa(len(args)+1) + `, -account_part,
					$2, $` + itoa(len(args)+2) + `, $3
				FROM pay WHERE account_part > 0),
			upd AS (UPDATE individual_accounts SET balance = individual_accounts.balance - x.amount, updated_at = $3
				FROM (SELECT scheme, id_no, CAST(SUM(account_part) AS BIGINT) AS amount FROM pay WHERE account_part > 0 GROUP BY scheme, id_no) x
				WHERE individual_accounts.fund = x.scheme AND individual_accounts.id_no = x.id_no
				RETURNING individual_accounts.balance)
			SELECT benefit_id, scheme, kind, region_code, amount, account_part, basic_part,
				(SELECT COUNT(*) FROM upd WHERE balance < 0) FROM pay`
		args = append(args, m.First().Format(shebao.DateLayout), sc.actor.Name)
	} else {
		// The last column is the overdrawn accounts' count of the
		// PostgreSQL statement; here the withdrawal below counts them.
		q = insert + `
		ON CONFLICT (benefit_id, month) DO NOTHING` + returning + `, 0`
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		if isUniqueViolation(err) {
			return out, shebao.Errorf(shebao.ECONFLICT, "%s发放:另一发放任务正在处理同一批待遇,请待其完成后重新运行(已发放的不会重复)", m)
		}
		return out, err
	}
	type sk struct{ scheme, kind string }
	byKind := map[sk]*payrollAgg{}
	first := ""
	overdrawn := 0
	for rows.Next() {
		var id, scheme, kind, region string
		var amount, acct, basic int64
		if err := rows.Scan(&id, &scheme, &kind, &region, &amount, &acct, &basic, &overdrawn); err != nil {
			rows.Close()
			return out, err
		}
		g := byKind[sk{scheme, kind}]
		if g == nil {
			g = &payrollAgg{scheme: scheme, kind: kind, lo: region, hi: region}
			byKind[sk{scheme, kind}] = g
		}
		g.n++
		g.amount += amount
		g.acct += acct
		g.basic += basic
		g.lo, g.hi = min(g.lo, region), max(g.hi, region)
		if first == "" || id < first {
			first = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	aggs := make([]payrollAgg, 0, len(byKind))
	for _, g := range byKind {
		aggs = append(aggs, *g)
	}
	sort.Slice(aggs, func(i, j int) bool {
		if aggs[i].scheme != aggs[j].scheme {
			return aggs[i].scheme < aggs[j].scheme
		}
		return aggs[i].kind < aggs[j].kind
	})
	clock.lap("chunk insert")

	// The range's active benefits without an amount in force for the
	// month (skipped: 无当月待遇标准), counted while the range is at hand —
	// unless every benefit of the range now has its payment for the month
	// (those paid before and those paid now make up the range), when there
	// is none to count.
	inserted := 0
	for _, g := range aggs {
		inserted += g.n
	}
	nconds, nargs := sc.where("b.region_code", []string{in("b.id", 2)}, append([]any{string(m)}, bounds...))
	if np+inserted >= nb {
		out.noAmount = 0
	} else if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM benefits b WHERE `+strings.Join(nconds, " AND ")+`
			AND (b.status || '') = '`+shebao.BenefitActive+`' AND b.start_month <= $1 AND (b.end_month = '' OR b.end_month >= $1)
			AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_no = b.id_no AND `+goneBefore+`)
			AND NOT EXISTS (SELECT 1 FROM benefit_amounts a WHERE a.benefit_id = b.id AND a.from_month <= $1 AND (a.to_month = '' OR a.to_month >= $1))`,
		nargs...).Scan(&out.noAmount); err != nil {
		return out, err
	}
	clock.lap("chunk no amount")
	if len(aggs) == 0 {
		return out, nil
	}

	// The account parts: movements, balances, and the 2301/3101 lines.
	var acctTotal int64
	for _, g := range aggs {
		acctTotal += g.acct
	}
	if acctTotal > 0 && !accounted {
		if _, err := tx.Exec(ctx, `INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
			SELECT scheme, id_no, '`+shebao.MoveWithdraw+`', 'payroll:' || month || ':' || benefit_id, $2, -account_part, batch, $3, $4
			FROM benefit_payments WHERE batch = $1 AND account_part > 0`,
			batch, m.First().Format(shebao.DateLayout), sc.actor.Name, now); err != nil {
			return out, err
		}
		clock.lap("chunk movements")
		// The balances after the withdrawal come back from the update: one
		// below zero means a person had two account parts from one fund in
		// the batch (or the account changed meanwhile).
		rows, err := tx.Query(ctx, `UPDATE individual_accounts SET balance = individual_accounts.balance - x.amount, updated_at = $2
			FROM (SELECT scheme, id_no, CAST(SUM(account_part) AS BIGINT) AS amount FROM benefit_payments
				WHERE batch = $1 AND account_part > 0 GROUP BY scheme, id_no) x
			WHERE individual_accounts.fund = x.scheme AND individual_accounts.id_no = x.id_no
			RETURNING individual_accounts.balance`, batch, now)
		if err != nil {
			return out, err
		}
		for rows.Next() {
			var bal int64
			if err := rows.Scan(&bal); err != nil {
				rows.Close()
				return out, err
			}
			if bal < 0 {
				overdrawn++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return out, err
		}
		clock.lap("chunk balances")
	}
	if overdrawn > 0 {
		return out, shebao.Errorf(shebao.ECONFLICT, "%s发放:有%d个个人账户支取后余额为负(同一人同一基金有多项待遇)", m, overdrawn)
	}

	// The ledger: per fund, the expenditure by kind against 应付待遇, and
	// the account part moved back from the liability.
	// The source names the batch by its first benefit: unique, since a
	// benefit's payment for the month is in one batch only, and the same
	// whether or not an earlier run was interrupted.
	entries := payrollEntries(m, "payroll:"+string(m)+":"+first, aggs)
	if _, err := tx.postFor(ctx, shebao.EntityBenefit, entries); err != nil {
		return out, err
	}
	clock.lap("chunk ledger")
	var n int
	var total int64
	for _, g := range aggs {
		n += g.n
		total += g.amount
	}
	if err := tx.audit(ctx, "payroll.pay", shebao.EntityBenefit, batch, "", nil, map[string]any{
		"month": string(m), "payments": n, "total": shebao.Money(total), "account_part": shebao.Money(acctTotal),
		"from_benefit": lo, "to_benefit": hi}); err != nil {
		return out, err
	}
	clock.lap("chunk audit")
	out.groups = make([]monthGroup, len(aggs))
	for i, g := range aggs {
		out.groups[i] = monthGroup{batch: batch, scheme: g.scheme, kind: g.kind, status: shebao.PaymentPending, n: g.n,
			amount: g.amount, acct: g.acct, basic: g.basic, lo: g.lo, hi: g.hi}
	}
	out.n, out.total, out.acct = n, shebao.Money(total), shebao.Money(acctTotal)
	return out, nil
}

// chunkResult is what payChunk did: the payments it created (n, their
// total and account part, by scheme and kind in groups) and the range's
// active benefits without an amount in force.
type chunkResult struct {
	n           int
	total, acct shebao.Money
	groups      []monthGroup
	noAmount    int
}

// payrollAgg is the sum of one batch's payments of one scheme and kind.
type payrollAgg struct {
	scheme, kind        string
	n                   int
	amount, acct, basic int64
	lo, hi              string // lowest and highest region code
}

// payrollEntries builds the entries of one batch: per fund an entry of
// kind benefit (Dr the expense account of each kind — for the residents'
// pension the basic part to 5011 and the rest to 5012 — Cr 2101) and,
// when individual accounts paid part, an entry of kind account moving it
// from the liability 2301 back to 3101.
func payrollEntries(m shebao.Period, source string, aggs []payrollAgg) []*shebao.Entry {
	byFund := map[string][]payrollAgg{}
	var funds []string
	for _, g := range aggs {
		if _, ok := byFund[g.scheme]; !ok {
			funds = append(funds, g.scheme)
		}
		byFund[g.scheme] = append(byFund[g.scheme], g)
	}
	sort.Strings(funds)
	date := m.First().Format(shebao.DateLayout)
	var es []*shebao.Entry
	for _, f := range funds {
		var lines []shebao.Line
		var total, acct int64
		var n int
		debits := map[string]int64{}
		var accounts []string
		add := func(account string, v int64) {
			if v <= 0 {
				return
			}
			if _, ok := debits[account]; !ok {
				accounts = append(accounts, account)
			}
			debits[account] += v
		}
		for _, g := range byFund[f] {
			k, _ := shebao.FindBenefitKind(g.kind)
			if g.kind == shebao.BenefitResidentPension {
				add(shebao.AcctResidentBasicPension, g.basic)
				add(shebao.AcctResidentAccountPension, g.amount-g.basic)
			} else {
				add(k.Expense, g.amount)
			}
			total += g.amount
			acct += g.acct
			n += g.n
		}
		sort.Strings(accounts)
		for _, a := range accounts {
			lines = append(lines, shebao.Debit(a, shebao.Money(debits[a])))
		}
		if total <= 0 {
			continue
		}
		lines = append(lines, shebao.Credit(shebao.AcctBenefitsPayable, shebao.Money(total)))
		fund, _ := shebao.FindFund(f)
		es = append(es, &shebao.Entry{Fund: f, Date: date, Kind: shebao.PostBenefit, Source: source,
			Description: fmt.Sprintf("%s月%s待遇核发%d人次,合计%s元", m, fund.Name, n, shebao.Money(total)), Lines: lines})
		if acct > 0 {
			es = append(es, &shebao.Entry{Fund: f, Date: date, Kind: shebao.PostAccount, Source: source,
				Description: fmt.Sprintf("%s月个人账户养老金支取%s元", m, shebao.Money(acct)), Lines: shebao.IndividualAccountLines(-shebao.Money(acct))})
		}
	}
	return es
}

// payrollSkipped counts the benefits of the month that are not paid
// because the person died before the month (死亡) or the benefit is
// suspended (暂停发放); those without an amount in force for the month
// (无当月待遇标准) are counted by each chunk (payChunk).
func (db *DB) payrollSkipped(ctx context.Context, sc scope, m shebao.Period, res *shebao.PayrollResult) error {
	conds, args := sc.where("b.region_code", []string{"b.start_month <= $1"}, []any{string(m)})
	where := strings.Join(conds, " AND ")
	// One statement, each count by an index: the deceased among the few
	// persons of persons_deceased (CROSS JOIN: SQLite starts from them),
	// the suspended by benefits_payroll. Deceased: benefits that would run
	// into the month but for the death (stopped for it or not yet).
	var deceased, suspended int
	if err := db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM persons p CROSS JOIN benefits b
			WHERE b.id_no = p.id_no AND `+where+` AND p.status <> '`+shebao.StatusAlive+`' AND p.death_date <> '' AND SUBSTR(p.death_date, 1, 7) < $1
			AND (b.end_month = '' OR b.end_month >= SUBSTR(p.death_date, 1, 7)) AND b.status <> '`+shebao.BenefitSuspended+`'),
		(SELECT COUNT(*) FROM benefits b WHERE `+where+` AND b.status = '`+shebao.BenefitSuspended+`' AND (b.end_month = '' OR b.end_month >= $1))`,
		args...).Scan(&deceased, &suspended); err != nil {
		return err
	}
	res.AddSkipped("死亡", deceased)
	res.AddSkipped("暂停发放", suspended)
	return nil
}

// monthGroup is the sum of a month's payments of one batch, scheme, kind
// and status, with their lowest and highest region code.
type monthGroup struct {
	batch, scheme, kind, status string
	n                           int
	amount, acct, basic         int64
	lo, hi                      string
}

// monthGroups returns the month's payments in the scope by batch, scheme,
// kind and status. When the run created payments (ownN, own) and the month
// holds no other payment in the scope and none released — two counts over
// the month's index — they are the run's own groups; otherwise one pass
// over the month's payments sums them.
func (tx *Tx) monthGroups(ctx context.Context, sc scope, m shebao.Period, own []monthGroup, ownN int) ([]monthGroup, error) {
	conds, args := sc.where("region_code", []string{"month = $1"}, []any{string(m)})
	if ownN > 0 {
		var all, pending int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = '`+shebao.PaymentPending+`' THEN 1 ELSE 0 END), 0)
			FROM benefit_payments`+whereClause(conds), args...).Scan(&all, &pending); err != nil {
			return nil, err
		}
		if all == ownN && pending == ownN {
			return own, nil
		}
	}
	rows, err := tx.Query(ctx, `SELECT batch, scheme, kind, status, COUNT(*), CAST(SUM(amount) AS BIGINT), CAST(SUM(account_part) AS BIGINT),
			CAST(SUM(basic_part) AS BIGINT), MIN(region_code), MAX(region_code)
		FROM benefit_payments`+whereClause(conds)+` GROUP BY batch, scheme, kind, status`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monthGroup
	for rows.Next() {
		var g monthGroup
		if err := rows.Scan(&g.batch, &g.scheme, &g.kind, &g.status, &g.n, &g.amount, &g.acct, &g.basic, &g.lo, &g.hi); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// summarize totals a month's groups by scheme, kind and status; the back
// payments' groups (kind BackPayKind) make lines of kind 补发.
func summarize(m shebao.Period, groups []monthGroup) *shebao.PayrollSummary {
	type key struct{ scheme, kind, status string }
	sums := map[key]*shebao.PayrollTotal{}
	var keys []key
	for _, g := range groups {
		k := key{g.scheme, g.kind, g.status}
		t := sums[k]
		if t == nil {
			t = &shebao.PayrollTotal{Scheme: g.scheme, Kind: g.kind, Status: g.status}
			if s, ok := shebao.FindScheme(g.scheme); ok {
				t.SchemeName = s.Name
			}
			if bk, ok := shebao.FindBenefitKind(g.kind); ok {
				t.KindName = bk.Name
			} else if g.kind == shebao.BackPayKind {
				t.KindName = "补发"
			}
			sums[k] = t
			keys = append(keys, k)
		}
		t.Count += g.n
		t.Amount += shebao.Money(g.amount)
		t.AccountPart += shebao.Money(g.acct)
		t.BasicPart += shebao.Money(g.basic)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.scheme != b.scheme {
			return a.scheme < b.scheme
		}
		if a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.status < b.status
	})
	out := &shebao.PayrollSummary{Month: string(m), Totals: []shebao.PayrollTotal{}}
	for _, k := range keys {
		t := *sums[k]
		out.Totals = append(out.Totals, t)
		out.Payments += t.Count
		out.Total += t.Amount
		if t.Status == shebao.PaymentPending {
			out.Pending += t.Count
		} else {
			out.Released += t.Count
		}
	}
	return out
}

// submitRelease submits the release of the month's pending payments (of
// groups, the month's payments in the scope) that no pending release
// covers yet, or returns nil when there are none.
func (tx *Tx) submitRelease(ctx context.Context, sc scope, m shebao.Period, groups []monthGroup) (*shebao.Approval, error) {
	type pending struct {
		batch  string
		n      int
		total  int64
		lo, hi string
	}
	byBatch := map[string]*pending{}
	var ps []*pending
	for _, g := range groups {
		if g.status != shebao.PaymentPending {
			continue
		}
		p := byBatch[g.batch]
		if p == nil {
			p = &pending{batch: g.batch, lo: g.lo, hi: g.hi}
			byBatch[g.batch] = p
			ps = append(ps, p)
		}
		p.n += g.n
		p.total += g.amount
		p.lo, p.hi = min(p.lo, g.lo), max(p.hi, g.hi)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].batch < ps[j].batch })
	if len(ps) == 0 {
		return nil, nil
	}
	covered, err := tx.pendingReleaseBatches(ctx, m)
	if err != nil {
		return nil, err
	}
	p := releasePayload{Month: string(m)}
	lo, hi := "", ""
	for _, x := range ps {
		if covered[x.batch] {
			continue
		}
		p.Batches = append(p.Batches, x.batch)
		p.Payments += x.n
		p.Total += shebao.Money(x.total)
		if lo == "" || x.lo < lo {
			lo = x.lo
		}
		if x.hi > hi {
			hi = x.hi
		}
	}
	if len(p.Batches) == 0 {
		return nil, nil
	}
	// The approval lies in the run's jurisdiction, or for a run over all
	// regions in the smallest region holding every payment, so that the
	// clerks of that region see it.
	region := sc.actor.Region
	if sc.all {
		region = commonRegion(lo, hi)
	}
	summary := fmt.Sprintf("%s月待遇发放:%d人次,合计%s元", m, p.Payments, p.Total)
	return tx.submitApproval(ctx, shebao.ApprovePayrollRelease, region, summary, p)
}

// commonRegion returns the smallest region (a code of level 1–5, padded)
// containing the codes lo and hi.
func commonRegion(lo, hi string) string {
	n := 0
	for n < len(lo) && n < len(hi) && lo[n] == hi[n] {
		n++
	}
	level := 0
	for _, l := range []int{2, 4, 6, 9, 12} {
		if l <= n {
			level = l
		}
	}
	if level == 0 {
		return ""
	}
	return lo[:level] + strings.Repeat("0", 12-level)
}

// pendingReleaseBatches returns the batches of the month covered by
// releases still waiting for approval.
func (tx *Tx) pendingReleaseBatches(ctx context.Context, m shebao.Period) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2`, shebao.ApprovePayrollRelease, shebao.ApprovalPending)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var payload string
		if err := rows.Scan(&payload); err != nil {
			return nil, err
		}
		var p releasePayload
		if json.Unmarshal([]byte(payload), &p) == nil && p.Month == string(m) {
			for _, b := range p.Batches {
				out[b] = true
			}
		}
	}
	return out, rows.Err()
}

// releasePayroll carries out an approved release: the payments of its
// batches become 已发放 and each fund posts the bank payment (Dr 2101, Cr
// 1002). The payments must be those the maker submitted.
func (tx *Tx) releasePayroll(ctx context.Context, p releasePayload) (string, error) {
	m, err := shebao.ParsePeriod(p.Month)
	if err != nil || len(p.Batches) == 0 {
		return "", shebao.Errorf(shebao.EINVALID, "发放申请内容无效")
	}
	cond, args := tx.inKeys("batch", p.Batches, []any{string(m)})
	rows, err := tx.Query(ctx, `SELECT scheme, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM benefit_payments
		WHERE month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond+` GROUP BY scheme ORDER BY scheme`, args...)
	if err != nil {
		return "", err
	}
	type fundSum struct {
		fund  string
		n     int
		total int64
	}
	var sums []fundSum
	var n int
	var total shebao.Money
	for rows.Next() {
		var s fundSum
		if err := rows.Scan(&s.fund, &s.n, &s.total); err != nil {
			rows.Close()
			return "", err
		}
		sums = append(sums, s)
		n += s.n
		total += shebao.Money(s.total)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	// Back payments of the batches and payments cancelled since (backpay.go).
	xn, xtotal, err := tx.releaseExtras(ctx, m, p.Batches)
	if err != nil {
		return "", err
	}
	if n+xn != p.Payments || total+xtotal != p.Total {
		return "", shebao.Errorf(shebao.ECONFLICT, "%s月待遇发放名单已变化(申请时%d人次%s元,现待发放%d人次%s元),请重新提交",
			m, p.Payments, p.Total, n, total)
	}
	if _, err := tx.Exec(ctx, `UPDATE benefit_payments SET status = '`+shebao.PaymentReleased+`'
		WHERE month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond, args...); err != nil {
		return "", err
	}
	batches := slices.Clone(p.Batches)
	slices.Sort(batches)
	date := tx.now.In(shebao.ChinaTime).Format(shebao.DateLayout)
	var es []*shebao.Entry
	for _, s := range sums {
		f, _ := shebao.FindFund(s.fund)
		es = append(es, &shebao.Entry{Fund: s.fund, Date: date, Kind: shebao.PostPayment, Source: "release:" + string(m) + ":" + batches[0],
			Description: fmt.Sprintf("%s月%s待遇发放(银行代发)%d人次", m, f.Name, s.n),
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBenefitsPayable, shebao.Money(s.total)), shebao.Credit(shebao.AcctBank, shebao.Money(s.total))}})
	}
	if _, err := tx.postFor(ctx, shebao.EntityBenefit, es); err != nil {
		return "", err
	}
	return fmt.Sprintf("已发放%s月待遇%d人次,合计%s元", m, n, total), nil
}

// PayrollTotals returns the month's payroll in the actor's jurisdiction
// (narrowed to region if given): totals by scheme, kind and status.
func (db *DB) PayrollTotals(ctx context.Context, month, region string) (*shebao.PayrollSummary, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payroll.read", shebao.EntityBenefit, month); err != nil {
		return nil, err
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", month)
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	var out *shebao.PayrollSummary
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.payrollTotals(ctx, sc, m)
		return err
	})
	if err != nil {
		return nil, err
	}
	var r shebao.PayrollRun
	err = db.queryRow(ctx, `SELECT status, started_at, finished_at, actor FROM batch_runs WHERE kind = 'payroll' AND period = $1`, string(m)).
		Scan(&r.Status, &r.StartedAt, &r.FinishedAt, &r.Actor)
	if err == nil {
		out.Run = &r
	} else if !isNoRows(err) {
		return nil, err
	}
	return out, nil
}

func (tx *Tx) payrollTotals(ctx context.Context, sc scope, m shebao.Period) (*shebao.PayrollSummary, error) {
	groups, err := tx.monthGroups(ctx, sc, m, nil, 0)
	if err != nil {
		return nil, err
	}
	backPays, err := tx.backPayTotals(ctx, sc, m) // lines of kind 补发 (backpay.go)
	if err != nil {
		return nil, err
	}
	return summarize(m, append(groups, backPays...)), nil
}

func (db *DB) paymentQuery(ctx context.Context, f shebao.PaymentFilter) (scope, string, []any, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, "", nil, err
	}
	if err := authorize(sc.actor, "payroll.read", shebao.EntityBenefit, f.Month); err != nil {
		return sc, "", nil, err
	}
	m, err := shebao.ParsePeriod(f.Month)
	if err != nil {
		return sc, "", nil, shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", f.Month)
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return sc, "", nil, err
	}
	conds, args := []string{"x.month = $1"}, []any{string(m)}
	switch f.Status {
	case "":
	case shebao.PaymentPending, shebao.PaymentReleased:
		args = append(args, f.Status)
		conds = append(conds, "x.status = $"+itoa(len(args)))
	default:
		return sc, "", nil, shebao.FieldErrorf("状态", "发放状态“%s”无效(待发放、已发放)", f.Status)
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return sc, "", nil, shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		args = append(args, s.Code)
		conds = append(conds, "x.scheme = $"+itoa(len(args)))
	}
	if f.Kind != "" {
		if _, ok := shebao.FindBenefitKind(f.Kind); !ok {
			return sc, "", nil, shebao.FieldErrorf("待遇项目", "待遇项目“%s”无效", f.Kind)
		}
		args = append(args, f.Kind)
		conds = append(conds, "x.kind = $"+itoa(len(args)))
	}
	conds, args = sc.where("x.region_code", conds, args)
	return sc, whereClause(conds), args, nil
}

const paymentColumns = `x.benefit_id, x.month, x.id_no, p.name, x.scheme, x.kind, x.region_code, x.amount, x.account_part, x.basic_part,
	x.bank_account, x.status`

func scanPayment(s rowScanner) (*shebao.BenefitPayment, error) {
	var b shebao.BenefitPayment
	var amount, acct, basic int64
	if err := s.Scan(&b.BenefitID, &b.Month, &b.IDNo, &b.Name, &b.Scheme, &b.Kind, &b.Region, &amount, &acct, &basic, &b.BankAccount, &b.Status); err != nil {
		return nil, err
	}
	b.Amount, b.AccountPart, b.BasicPart = shebao.Money(amount), shebao.Money(acct), shebao.Money(basic)
	return &b, nil
}

// FindPayments lists a month's payments in the actor's jurisdiction, one
// page, ordered by region, ID number and benefit. The read of personal
// data is audited (one entry per page).
func (db *DB) FindPayments(ctx context.Context, f shebao.PaymentFilter) ([]*shebao.BenefitPayment, int, error) {
	sc, where, args, err := db.paymentQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out, total, err := findPage(ctx, db, `benefit_payments x`, `SELECT `+paymentColumns+` FROM benefit_payments x JOIN persons p ON p.id_no = x.id_no`,
		where, args, "x.region_code, x.id_no, x.benefit_id", f.Limit, f.Offset, scanPayment)
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []*shebao.BenefitPayment{}
	}
	if len(out) == 0 {
		return out, total, nil
	}
	return out, total, db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "payroll.read", shebao.EntityBenefit, f.Month, sc.actor.Region, nil,
			map[string]any{"month": f.Month, "region": f.Region, "offset": f.Offset, "rows": len(out)})
	})
}

// EachPayment streams a month's payments in the actor's jurisdiction, in
// the order of FindPayments, to fn: for the bank disbursement file (代发
// 文件), which carries full ID numbers and accounts: for roles that may
// see full numbers (FullID or Reveal), and audited as a read_full. Limit and Offset are ignored.
func (db *DB) EachPayment(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BenefitPayment) error) error {
	sc, where, args, err := db.paymentQuery(ctx, f)
	if err != nil {
		return err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.ReadFull(shebao.EntityPerson)) {
		return shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权导出含完整身份证号的代发文件", sc.actor.RoleName())
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "payroll.read_full", shebao.EntityBenefit, f.Month, sc.actor.Region, nil,
			map[string]any{"month": f.Month, "region": f.Region, "status": f.Status, "export": "代发文件"})
	}); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT `+paymentColumns+` FROM benefit_payments x JOIN persons p ON p.id_no = x.id_no`+where+
		` ORDER BY x.region_code, x.id_no, x.benefit_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		b, err := scanPayment(rows)
		if err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExecutePayrollRelease carries out an approved the release of a month's payroll (shebao.ApprovePayrollRelease), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecutePayrollRelease(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executePayrollRelease(ctx, payload) })
}

func (tx *Tx) executePayrollRelease(ctx context.Context, payload []byte) (string, error) {
	var p releasePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", err
	}
	return tx.releasePayroll(ctx, p)
}
