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

// The monthly benefit payroll (待遇发放), as the store does it: the
// benefit service runs it (benefit/payroll.go) as a batch job over ranges
// of benefit ids, and these methods do the set-based work of each step.
// One run pays every benefit due in the month once: a payment row per
// benefit and month (benefit_payments, primary key (benefit_id, month)),
// written set-based by INSERT … SELECT … ON CONFLICT DO NOTHING over a
// range of benefit ids in one unit of work with its own batch id; in the
// same unit of work the account pensions are withdrawn from the individual
// accounts and the service posts exactly the rows of that batch (Dr the
// kind's expense account, Cr 2101 应付社会保险待遇; the 2301/3101 lines of
// the withdrawals). A run killed at any point leaves whole batches behind;
// running it again pays the rest, nobody twice. The run then puts the
// month's new payments into the approval queue (payroll.release, 经办 →
// 复核): the approval marks them 已发放 and posts the bank payment (Dr 2101,
// Cr 1002).
//
// Deaths: a benefit is paid through the month of the person's death
// (基本养老金发放至死亡当月,次月起停发) — so the run pays a person who died
// in or after the month, stops the benefits of deceased persons with
// end_month = the month of death, and records every payment already made
// for a later month as an overpayment to recover (overpayments.go).

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

// payrollScope returns the scope of a payroll run of the actor, who must
// be allowed to run it.
func payrollScope(ctx context.Context, month shebao.Period) (scope, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, err
	}
	return sc, authorize(sc.actor, "payroll.run", shebao.EntityBenefit, string(month))
}

// PayrollDeaths stops the benefits of deceased persons in the actor's
// jurisdiction and finds the payments made after a death, before a
// payroll run of the month: it returns the benefits stopped and the
// overpayments found (overpayments.go, settleDeaths).
func (db *DB) PayrollDeaths(ctx context.Context, month shebao.Period) (stopped, found int, err error) {
	if _, err := payrollScope(ctx, month); err != nil {
		return 0, 0, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		stopped, found, err = tx.settleDeaths(ctx, shebao.EntityBenefit, nil)
		return err
	})
	return stopped, found, err
}

// CountBenefits counts the benefits in the actor's jurisdiction (of every
// status): the items a payroll run scans.
func (db *DB) CountBenefits(ctx context.Context) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	conds, args := sc.where("region_code", nil, nil)
	var n int
	err = db.queryRow(ctx, `SELECT COUNT(*) FROM benefits`+whereClause(conds), args...).Scan(&n)
	return n, err
}

// BenefitBound returns the id of the n-th benefit (of the kind; "" any)
// after the id lo, or "" when there are fewer: the upper bound of a chunk
// of a batch job over benefits.
func (db *DB) BenefitBound(ctx context.Context, kind, lo string, n int) (string, error) {
	var hi string
	var err error
	if kind == "" {
		err = db.queryRow(ctx, `SELECT id FROM benefits WHERE id > $1 ORDER BY id LIMIT 1 OFFSET $2`, lo, n-1).Scan(&hi)
	} else {
		err = db.queryRow(ctx, `SELECT id FROM benefits WHERE id > $1 AND kind = $3 ORDER BY id LIMIT 1 OFFSET $2`, lo, n-1, kind).Scan(&hi)
	}
	if isNoRows(err) {
		return "", nil
	}
	return hi, err
}

// PayBenefits pays the due benefits of a chunk (see PayrollChunkRequest)
// in the unit of work of ctx, set-based, and withdraws their account
// parts; the caller posts the ledger entries of the groups returned. The
// unit of work must hold the lock of the month's run record (the batch
// runner takes it before each chunk), so that concurrent runs of the month
// take the chunk in turn.
func (db *DB) PayBenefits(ctx context.Context, req shebao.PayrollChunkRequest) (*shebao.PayrollChunkResult, error) {
	sc, err := payrollScope(ctx, req.Month)
	if err != nil {
		return nil, err
	}
	var out *shebao.PayrollChunkResult
	err = db.Update(ctx, func(tx *Tx) error {
		out, err = tx.payChunk(ctx, sc, req.Month, req.Lo, req.Hi, newPhaseClock(req.Phase))
		return err
	})
	return out, err
}

// PostBenefitEntries posts entries of the benefit capability (payroll,
// back payments, releases, recoveries …) in the unit of work of ctx, under
// the actor's right to write benefits, and returns how many were new.
func (db *DB) PostBenefitEntries(ctx context.Context, es []*shebao.Entry) (int, error) {
	var n int
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.postFor(ctx, shebao.EntityBenefit, es)
		return err
	})
	return n, err
}

// payChunk pays the due benefits with lo < id ≤ hi (hi "" = no upper
// bound) in the scope and withdraws their account parts. It returns the
// payments it created by scheme and kind.
func (tx *Tx) payChunk(ctx context.Context, sc scope, m shebao.Period, lo, hi string, clock *phaseClock) (*shebao.PayrollChunkResult, error) {
	out := &shebao.PayrollChunkResult{}
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
	// batch runner locks the run's record in this unit of work before the
	// chunk, so that the counts below, read after the lock, see what the
	// other run committed. (The insert on PostgreSQL has no ON CONFLICT to
	// fall back on.)
	//
	// A range whose every benefit has its payment for the month (a re-run)
	// is skipped with two counts over primary keys (month || '' keeps
	// SQLite on the key range rather than on the month's index).
	var nb, np int
	if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM benefits WHERE `+in("id", 2)+`),
			(SELECT COUNT(*) FROM benefit_payments WHERE `+in("benefit_id", 2)+` AND (month || '') = $1)`,
		append([]any{string(m)}, bounds...)...).Scan(&nb, &np); err != nil {
		return out, err
	}
	out.Scanned = nb
	clock.lap("chunk check")
	if np >= nb {
		return out, nil
	}

	args := append([]any{string(m), batch, now}, bounds...)
	// The benefits' amounts are read by the benefit's key, with the
	// chunk's range on both tables so that neither engine joins the whole
	// of benefit_amounts. One PostgreSQL (engine switch) reads them by a
	// LATERAL subquery kept apart by OFFSET 0 instead: the payable
	// benefits' estimate is always tiny (the status test is an
	// expression, 0.5% by default), and where the range's histogram also
	// put the range at one row it joined each benefit with every amount of
	// the range, checked one by one — 20,000 × 20,000 comparisons, a minute
	// a chunk, with benefits stored in the order of their ids as a
	// district's are (docs/BENCHMARKS.md, "The payroll at 10,000,000").
	// The subquery can only be a look-up by key, whatever the estimates.
	// SQLite has no LATERAL, and Citus pushes no subquery with OFFSET down
	// to the shards: both keep the join.
	amounts := `JOIN benefit_amounts a ON a.benefit_id = b.id AND a.id_no = b.id_no`
	conds := []string{in("b.id", 4), in("a.benefit_id", 4)}
	if tx.db.Dialect == Postgres && !tx.db.citus.Load() {
		amounts = `CROSS JOIN LATERAL (SELECT a.monthly, a.account_part, a.basic_part, a.from_month, a.to_month
			FROM benefit_amounts a WHERE a.benefit_id = b.id AND a.id_no = b.id_no OFFSET 0) a`
		conds = conds[:1]
	}
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
		` + amounts + `
		WHERE ` + strings.Join(conds, " AND ") + ` AND ` + payableCond + `
			AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_no = b.id_no AND ` + goneBefore + `)`
	const returning = ` RETURNING benefit_id, scheme, kind, region_code, amount, account_part, basic_part`
	var q string
	accounted := false // the account parts withdrawn by the same statement
	switch {
	case tx.db.Dialect != Postgres:
		// The last column is the overdrawn accounts' count of the
		// PostgreSQL statement; here the withdrawal below counts them.
		q = insert + `
		ON CONFLICT (benefit_id, month, id_no) DO NOTHING` + returning + `, 0`
	default:
		// PostgreSQL: the benefits paid before are left out by the query
		// rather than by ON CONFLICT, whose speculative insert costs 2.5
		// times a plain one (a run at the same time that pays a benefit of
		// the range first makes this chunk fail as a whole, with
		// ECONFLICT).
		if np > 0 {
			// Some of the range was paid (a run interrupted, or benefits
			// added since). When none was, the probe is left out: besides
			// its cost, on a table still empty PostgreSQL plans it as a
			// sequential scan, repeated for every row.
			insert += `
				AND NOT EXISTS (SELECT 1 FROM benefit_payments bp WHERE bp.benefit_id = b.id AND bp.id_no = b.id_no AND bp.month = $1)`
		}
		if tx.db.citus.Load() {
			// Citus (engine switch): the account parts are withdrawn from
			// the chunk's payments after the insert, as on SQLite. Each of
			// the three statements then runs on the persons' shards
			// (benefits, payments, accounts and movements are co-located
			// by id_no), where the rows of a modifying CTE would come back
			// to the coordinator to be written from there.
			q = insert + returning + `, 0`
			break
		}
		// One PostgreSQL: the same statement withdraws the account parts —
		// movements and balances — from the rows it inserted, without
		// reading them back. The balances after the withdrawal are checked
		// below (overdrawn), as on SQLite.
		accounted = true
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
	}
	type sk struct{ scheme, kind string }
	byKind := map[sk]*payrollAgg{}
	first := ""
	overdrawn := 0
	// The chunk's payments count in the statistics: they are new (its
	// batch), so their counts come from the rows the insert returns,
	// summed by region, scheme and kind, with nothing read before or
	// after.
	type rsk struct{ region, scheme, kind string }
	counted := map[rsk]*[2]int64{}
	if err := tx.recountCreated(ctx, benefitPaymentsFamily, func(emit func(shebao.CounterDelta)) error {
		defer func() {
			for k, c := range counted {
				benefitPaymentDeltas(k.region, k.scheme, k.kind, string(m), c[0], c[1], emit)
			}
		}()
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s发放:另一发放任务正在处理同一批待遇,请待其完成后重新运行(已发放的不会重复)", m)
			}
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, scheme, kind, region string
			var amount, acct, basic int64
			if err := rows.Scan(&id, &scheme, &kind, &region, &amount, &acct, &basic, &overdrawn); err != nil {
				return err
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
			c := counted[rsk{region, scheme, kind}]
			if c == nil {
				c = &[2]int64{}
				counted[rsk{region, scheme, kind}] = c
			}
			c[0] += amount
			c[1]++
			if first == "" || id < first {
				first = id
			}
		}
		return rows.Err()
	}); err != nil {
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
	alive := `NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_no = b.id_no AND ` + goneBefore + `)`
	if np+inserted >= nb {
		out.NoAmount = 0
	} else if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM benefits b WHERE `+strings.Join(nconds, " AND ")+`
			AND (b.status || '') = '`+shebao.BenefitActive+`' AND b.start_month <= $1 AND (b.end_month = '' OR b.end_month >= $1)
			AND `+alive+`
			AND NOT EXISTS (SELECT 1 FROM benefit_amounts a WHERE a.benefit_id = b.id AND a.id_no = b.id_no AND a.from_month <= $1 AND (a.to_month = '' OR a.to_month >= $1))`,
		nargs...).Scan(&out.NoAmount); err != nil {
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
		// The chunk's payments are read by the key's range and then the
		// batch (benefit_payments has no index on batch: 0113); month || ''
		// keeps SQLite on the key range rather than the month's index.
		mine := in("benefit_id", 6) + ` AND (month || '') = $5 AND batch = $1 AND account_part > 0`
		margs := append([]any{batch, m.First().Format(shebao.DateLayout), sc.actor.Name, now, string(m)}, bounds...)
		if _, err := tx.Exec(ctx, `INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
			SELECT scheme, id_no, '`+shebao.MoveWithdraw+`', 'payroll:' || month || ':' || benefit_id, $2, -account_part, batch, $3, $4
			FROM benefit_payments WHERE `+mine, margs...); err != nil {
			return out, err
		}
		clock.lap("chunk movements")
		// The balances after the withdrawal come back from the update: one
		// below zero means a person had two account parts from one fund in
		// the batch (or the account changed meanwhile).
		rows, err := tx.Query(ctx, `UPDATE individual_accounts SET balance = individual_accounts.balance - x.amount, updated_at = $2
			FROM (SELECT scheme, id_no, CAST(SUM(account_part) AS BIGINT) AS amount FROM benefit_payments
				WHERE `+in("benefit_id", 4)+` AND (month || '') = $3 AND batch = $1 AND account_part > 0 GROUP BY scheme, id_no) x
			WHERE individual_accounts.fund = x.scheme AND individual_accounts.id_no = x.id_no
			RETURNING individual_accounts.balance`, append([]any{batch, now, string(m)}, bounds...)...)
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
	// The ledger names the batch by its first benefit: unique, since a
	// benefit's payment for the month is in one batch only, and the same
	// whether or not an earlier run was interrupted.
	out.First = first
	out.Groups = make([]shebao.PayrollGroup, len(aggs))
	for i, g := range aggs {
		out.Groups[i] = shebao.PayrollGroup{Batch: batch, Scheme: g.scheme, Kind: g.kind, Status: shebao.PaymentPending, N: g.n,
			Amount: shebao.Money(g.amount), Account: shebao.Money(g.acct), Basic: shebao.Money(g.basic), Lo: g.lo, Hi: g.hi}
	}
	return out, nil
}

// payrollAgg is the sum of one batch's payments of one scheme and kind.
type payrollAgg struct {
	scheme, kind        string
	n                   int
	amount, acct, basic int64
	lo, hi              string // lowest and highest region code
}

// PayrollSkipped counts the benefits of the month in the actor's
// jurisdiction that are not paid because the person died before the month
// (死亡) or the benefit is suspended (暂停发放); those without an amount in
// force for the month (无当月待遇标准) are counted by each chunk
// (PayBenefits).
func (db *DB) PayrollSkipped(ctx context.Context, m shebao.Period) (deceased, suspended int, err error) {
	sc, err := payrollScope(ctx, m)
	if err != nil {
		return 0, 0, err
	}
	conds, args := sc.where("b.region_code", []string{"b.start_month <= $1"}, []any{string(m)})
	where := strings.Join(conds, " AND ")
	// One statement, each count by an index: the deceased among the few
	// persons of persons_deceased (CROSS JOIN: SQLite starts from them),
	// the suspended by benefits_payroll. Deceased: benefits that would run
	// into the month but for the death (stopped for it or not yet).
	err = db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM persons p CROSS JOIN benefits b
			WHERE b.id_no = p.id_no AND `+where+` AND p.status <> '`+shebao.StatusAlive+`' AND p.death_date <> '' AND SUBSTR(p.death_date, 1, 7) < $1
			AND (b.end_month = '' OR b.end_month >= SUBSTR(p.death_date, 1, 7)) AND b.status <> '`+shebao.BenefitSuspended+`'),
		(SELECT COUNT(*) FROM benefits b WHERE `+where+` AND b.status = '`+shebao.BenefitSuspended+`' AND (b.end_month = '' OR b.end_month >= $1))`,
		args...).Scan(&deceased, &suspended)
	return deceased, suspended, err
}

// MonthGroups returns the month's payments in the actor's jurisdiction by
// batch, scheme, kind and status. When the run created payments (ownN,
// own) and the month holds no other payment in the jurisdiction and none
// released — two counts over the month's index — they are the run's own
// groups; otherwise one pass over the month's payments sums them.
func (db *DB) MonthGroups(ctx context.Context, m shebao.Period, own []shebao.PayrollGroup, ownN int) ([]shebao.PayrollGroup, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []shebao.PayrollGroup
	err = db.Update(ctx, func(tx *Tx) error {
		out, err = tx.monthGroups(ctx, sc, m, own, ownN)
		return err
	})
	return out, err
}

func (tx *Tx) monthGroups(ctx context.Context, sc scope, m shebao.Period, own []shebao.PayrollGroup, ownN int) ([]shebao.PayrollGroup, error) {
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
	var out []shebao.PayrollGroup
	for rows.Next() {
		var g shebao.PayrollGroup
		var amount, acct, basic int64
		if err := rows.Scan(&g.Batch, &g.Scheme, &g.Kind, &g.Status, &g.N, &amount, &acct, &basic, &g.Lo, &g.Hi); err != nil {
			return nil, err
		}
		g.Amount, g.Account, g.Basic = shebao.Money(amount), shebao.Money(acct), shebao.Money(basic)
		out = append(out, g)
	}
	return out, rows.Err()
}

// PendingReleaseBatches returns the batches of the month covered by
// releases still waiting for approval.
func (db *DB) PendingReleaseBatches(ctx context.Context, m shebao.Period) (map[string]bool, error) {
	out := map[string]bool{}
	err := db.Update(ctx, func(tx *Tx) error {
		ps, err := tx.pendingReleases(ctx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Month == string(m) {
				for _, b := range p.Batches {
					out[b] = true
				}
			}
		}
		return nil
	})
	return out, err
}

// pendingRelease is a payroll.release approval waiting for its decision.
type pendingRelease struct {
	id string
	shebao.ReleasePayload
}

// pendingReleases returns the releases waiting for approval.
func (tx *Tx) pendingReleases(ctx context.Context) ([]pendingRelease, error) {
	rows, err := tx.Query(ctx, `SELECT id, payload FROM approvals WHERE kind = $1 AND status = $2`, shebao.ApprovePayrollRelease, shebao.ApprovalPending)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pendingRelease
	for rows.Next() {
		var r pendingRelease
		var payload string
		if err := rows.Scan(&r.id, &payload); err != nil {
			return nil, err
		}
		if json.Unmarshal([]byte(payload), &r.ReleasePayload) == nil {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// SubmitBenefitApproval puts an operation of the benefit capability
// (determination, payroll release, write-off) into the approval queue of
// the region, in the unit of work of ctx; the submitter must be allowed to
// submit the kind.
func (db *DB) SubmitBenefitApproval(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error) {
	switch kind {
	case shebao.ApproveDetermination, shebao.ApprovePayrollRelease, shebao.ApproveWriteOff:
	default:
		return nil, fmt.Errorf("approval kind %q is not the benefit capability's", kind)
	}
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, kind, region, summary, payload)
		return err
	})
	return out, err
}

// AuditPayrollRun records a payroll run of the month with its totals.
func (db *DB) AuditPayrollRun(ctx context.Context, m shebao.Period, detail map[string]any) error {
	sc, err := payrollScope(ctx, m)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		return tx.audit(ctx, "payroll.run", shebao.EntityBenefit, string(m), sc.actor.Region, nil, detail)
	})
}

// PendingPaymentSums returns the payments of the month's batches still
// waiting for their release (待发放), by fund.
func (db *DB) PendingPaymentSums(ctx context.Context, m shebao.Period, batches []string) ([]shebao.FundSum, error) {
	return db.fundSums(ctx, `SELECT scheme, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM benefit_payments
		WHERE month = $1 AND status = '`+shebao.PaymentPending+`' AND `, m, batches)
}

// fundSums runs a query of (fund, count, sum) rows over the month and
// batches (the query ends with the condition on the batch to add).
func (db *DB) fundSums(ctx context.Context, query string, m shebao.Period, batches []string) ([]shebao.FundSum, error) {
	var out []shebao.FundSum
	err := db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("batch", batches, []any{string(m)})
		rows, err := tx.Query(ctx, query+cond+` GROUP BY scheme ORDER BY scheme`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s shebao.FundSum
			var total int64
			if err := rows.Scan(&s.Fund, &s.N, &total); err != nil {
				return err
			}
			s.Total = shebao.Money(total)
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// MarkReleased marks the payments and back payments of the month's
// batches waiting for their release as released (已发放), in the unit of
// work of an approved release.
func (db *DB) MarkReleased(ctx context.Context, m shebao.Period, batches []string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "payroll.release", shebao.EntityBenefit, string(m)); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("batch", batches, []any{string(m)})
		if _, err := tx.Exec(ctx, `UPDATE benefit_payments SET status = '`+shebao.PaymentReleased+`'
			WHERE month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond, args...); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE benefit_backpays SET status = '`+shebao.PaymentReleased+`'
			WHERE pay_month = $1 AND status = '`+shebao.PaymentPending+`' AND `+cond, args...)
		return err
	})
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
	return shebao.SummarizePayroll(m, append(groups, backPays...)), nil
}

func (db *DB) paymentQuery(ctx context.Context, f shebao.PaymentFilter) (scope, string, []any, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, "", nil, err
	}
	if err := authorize(sc.actor, "payroll.read", shebao.EntityBenefit, f.Month); err != nil {
		return sc, "", nil, err
	}
	var conds []string
	var args []any
	if f.IDNo != "" {
		// One person's payments, every month unless one is asked for.
		id, err := canonicalIDNo(f.IDNo)
		if err != nil {
			return sc, "", nil, err
		}
		args = append(args, id)
		conds = append(conds, "x.id_no = $1")
	}
	if f.Month != "" || f.IDNo == "" {
		m, err := shebao.ParsePeriod(f.Month)
		if err != nil {
			return sc, "", nil, shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", f.Month)
		}
		args = append(args, string(m))
		conds = append(conds, "x.month = $"+itoa(len(args)))
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return sc, "", nil, err
	}
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
	// A citizen's payments are their own only.
	conds, args = sc.own("x.id_no", conds, args)
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
// data (names, bank accounts) is audited: payment.list, one entry per
// page with the filter and how many payments and persons it returned.
func (db *DB) FindPayments(ctx context.Context, f shebao.PaymentFilter) ([]*shebao.BenefitPayment, int, error) {
	sc, where, args, err := db.paymentQuery(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	order := "x.region_code, x.id_no, x.benefit_id"
	if f.IDNo != "" {
		order = "x.month DESC, x.benefit_id"
	}
	out, total, err := findPage(ctx, db, `benefit_payments x`, `SELECT `+paymentColumns+` FROM benefit_payments x JOIN persons p ON p.id_no = x.id_no`,
		where, args, order, f.Limit, f.Offset, scanPayment)
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []*shebao.BenefitPayment{}
	}
	filter := map[string]any{"month": f.Month, "id_no": f.IDNo, "status": f.Status, "scheme": f.Scheme, "kind": f.Kind, "region": f.Region,
		"offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "payment.list", shebao.EntityBenefit, listKey(sc, ""), filter, len(out),
		countPersons(out, func(p *shebao.BenefitPayment) string { return p.IDNo })); err != nil {
		return nil, 0, err
	}
	return out, total, nil
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
	if err := db.recordRead(ctx, "payroll.read_full", shebao.EntityBenefit, f.Month, sc.actor.Region, nil,
		map[string]any{"month": f.Month, "region": f.Region, "status": f.Status, "export": "代发文件"}); err != nil {
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

// CreditRetirees credits the retirees' 310 individual accounts for the
// month (see RetireeCreditRequest): among the employee pensions of the
// chunk in the actor's jurisdiction paid for the month (a payment exists),
// those whose person is enrolled in 310 on any day of the month (not as a
// duplicate) get one movement of kind credit with the source
// "retiree310:YYYY-MM" and the amount of their region — set-based, each
// person once however often it runs; a person without a 310 account gets
// one. The caller posts the chunk's 3101/2301 lines for the total
// returned.
func (db *DB) CreditRetirees(ctx context.Context, req shebao.RetireeCreditRequest) (*shebao.RetireeCreditResult, error) {
	sc, err := payrollScope(ctx, req.Month)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "fund.account", shebao.EntityBenefit, string(req.Month)); err != nil {
		return nil, err
	}
	out := &shebao.RetireeCreditResult{}
	err = db.Update(ctx, func(tx *Tx) error {
		*out = shebao.RetireeCreditResult{}
		// The pensions of the chunk (every statement names each of its
		// parameters: PostgreSQL types them by their use).
		cargs := []any{shebao.BenefitPension, req.Lo}
		upper := ""
		if req.Hi != "" {
			cargs = append(cargs, req.Hi)
			upper = " AND b.id <= $3"
		}
		conds, cargs := sc.where("b.region_code", []string{"b.kind = $1", "b.id > $2" + upper}, cargs)
		where := strings.Join(conds, " AND ")
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM benefits b WHERE `+where, cargs...).Scan(&out.Scanned); err != nil {
			return err
		}
		first, last := req.Month.First().Format(shebao.DateLayout), req.Month.Last().Format(shebao.DateLayout)
		args := append(slices.Clone(cargs), string(req.Month), first, last, shebao.SchemeEmployeeMedical, shebao.EndDuplicate)
		n := len(cargs)
		pMonth, pFirst, pLast, pFund, pDup := "$"+itoa(n+1), "$"+itoa(n+2), "$"+itoa(n+3), "$"+itoa(n+4), "$"+itoa(n+5)
		// The amount of each region: the most specific range first.
		amount := "CASE"
		for _, a := range req.Amounts {
			args = append(args, int64(a.Amount))
			v := "CAST($" + itoa(len(args)) + " AS BIGINT)"
			if a.Region == "" {
				amount += " WHEN 1 = 1 THEN " + v
				continue
			}
			lo, hi, err := prefixRange(a.Region)
			if err != nil {
				return err
			}
			args = append(args, lo, hi)
			amount += " WHEN b.region_code >= $" + itoa(len(args)-1) + " AND b.region_code <= $" + itoa(len(args)) + " THEN " + v
		}
		amount += " ELSE 0 END"
		// The retirees of the chunk with their amount (a person with two
		// pensions once).
		retirees := `SELECT y.id_no, y.amount FROM (SELECT b.id_no, MAX(` + amount + `) AS amount FROM benefits b
			WHERE ` + where + `
				AND EXISTS (SELECT 1 FROM benefit_payments x WHERE x.benefit_id = b.id AND x.id_no = b.id_no AND x.month = ` + pMonth + `)
				AND EXISTS (SELECT 1 FROM enrollments n WHERE n.id_no = b.id_no AND n.scheme = ` + pFund + ` AND n.start_date <= ` + pLast + `
					AND (n.end_date = '' OR n.end_date >= ` + pFirst + `) AND n.end_reason <> ` + pDup + `)
			GROUP BY b.id_no) y WHERE y.amount > 0`
		now := fmtTime(tx.now)
		aargs := append(slices.Clone(args), now)
		if _, err := tx.Exec(ctx, `INSERT INTO individual_accounts (fund, id_no, balance, opened, updated_at)
			SELECT `+pFund+`, r.id_no, 0, `+pFirst+`, $`+itoa(len(aargs))+` FROM (`+retirees+`) r WHERE 1 = 1
			ON CONFLICT (fund, id_no) DO NOTHING`, aargs...); err != nil {
			return err
		}
		batch := newID()
		margs := append(slices.Clone(args), batch, sc.actor.Name, now)
		k := len(args)
		rows, err := tx.Query(ctx, `INSERT INTO account_movements (fund, id_no, kind, source, moved_on, amount, batch, actor, at)
			SELECT `+pFund+`, r.id_no, '`+shebao.MoveCredit+`', 'retiree310:' || `+pMonth+`, `+pFirst+`, r.amount, $`+itoa(k+1)+`, $`+itoa(k+2)+`, $`+itoa(k+3)+`
			FROM (`+retirees+`) r WHERE 1 = 1
			ON CONFLICT (fund, id_no, kind, source) DO NOTHING
			RETURNING id_no, amount`, margs...)
		if err != nil {
			return err
		}
		byAmount := map[int64][]string{}
		var amounts []int64
		for rows.Next() {
			var id string
			var v int64
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			if _, ok := byAmount[v]; !ok {
				amounts = append(amounts, v)
			}
			byAmount[v] = append(byAmount[v], id)
			out.Persons++
			out.Total += shebao.Money(v)
			if out.First == "" || id < out.First {
				out.First = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if out.Persons == 0 {
			return nil
		}
		// The balances, one statement per amount (one in most districts).
		for _, v := range amounts {
			ids := byAmount[v]
			for start := 0; start < len(ids); start += 5000 {
				cond, uargs := tx.inKeys("id_no", ids[start:min(start+5000, len(ids))], []any{v, now, shebao.SchemeEmployeeMedical})
				if _, err := tx.Exec(ctx, `UPDATE individual_accounts SET balance = balance + $1, updated_at = $2
					WHERE fund = $3 AND `+cond, uargs...); err != nil {
					return err
				}
			}
		}
		return tx.audit(ctx, "payroll.retiree310", shebao.EntityBenefit, batch, "", nil, map[string]any{
			"month": string(req.Month), "persons": out.Persons, "total": out.Total, "from_benefit": req.Lo, "to_benefit": req.Hi})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
