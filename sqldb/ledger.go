package sqldb

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The fund ledger (基金财务): journal entries posted into one fund each,
// individual accounts beside them, the check that both add up, and the
// status of every fund (balance, 抗风险支付能力).
//
// Posting is set-based and idempotent. An entry is identified by its fund,
// kind and source (the business event); entries are inserted with
// ON CONFLICT DO NOTHING on that key, and only the entries this call
// inserted (found by the call's batch id) get their lines. So a batch job
// that is run again posts nothing twice, and two transactions posting the
// same event at once post it once: on PostgreSQL the second waits on the
// unique key until the first commits and then does nothing; SQLite has one
// writer. A repeat whose lines differ from what was posted is refused
// (ECONFLICT): a corrected amount is a new entry, not a silent no-op.
//
// Who may post. Post, PostMany, CreditAccount, CreditAccounts and
// MoveAccounts need the right to write the fund's accounts (基金财务:
// clerk/finance, admin). Store code that posts as the consequence of a business write it has already
// authorized — a payment collected by a collection clerk, a payroll
// released by a benefits clerk — calls postFor, creditFor and
// moveAccountsFor with that business entity instead
// (shebao.EntityContribution, EntityBenefit …):
// 收支两条线 keeps those clerks from the fund's books, but not from the
// postings their own work causes. Either way every posting call writes one
// audit entry "fund.post" or "fund.account" (entity fund) in the same
// transaction.

var (
	journalEntryTable = bulkTable{
		name:     "journal_entries",
		cols:     []string{"id", "fund", "posted", "kind", "source", "description", "digest", "batch", "actor", "at"},
		pgTypes:  []string{"text", "text", "text", "text", "text", "text", "text", "text", "text", "text"},
		conflict: "ON CONFLICT (fund, kind, source) DO NOTHING",
	}
	journalLineTable = bulkTable{
		name:    "journal_lines",
		cols:    []string{"entry_id", "line_no", "fund", "account", "posted", "debit", "credit", "memo"},
		pgTypes: []string{"text", "bigint", "text", "text", "text", "bigint", "bigint", "text"},
	}
	individualAccountTable = bulkTable{
		name:     "individual_accounts",
		cols:     []string{"fund", "id_no", "balance", "opened", "updated_at"},
		pgTypes:  []string{"text", "text", "bigint", "text", "text"},
		conflict: "ON CONFLICT (fund, id_no) DO NOTHING",
	}
	// accountDeltaTable adds each row's balance to the account's.
	accountDeltaTable = bulkTable{
		name:     "individual_accounts",
		cols:     []string{"fund", "id_no", "balance", "opened", "updated_at"},
		pgTypes:  []string{"text", "text", "bigint", "text", "text"},
		conflict: "ON CONFLICT (fund, id_no) DO UPDATE SET balance = individual_accounts.balance + excluded.balance, updated_at = excluded.updated_at",
	}
	movementTable = bulkTable{
		name:     "account_movements",
		cols:     []string{"fund", "id_no", "kind", "source", "moved_on", "amount", "batch", "actor", "at"},
		pgTypes:  []string{"text", "text", "text", "text", "text", "bigint", "text", "text", "text"},
		conflict: "ON CONFLICT (fund, id_no, kind, source) DO NOTHING",
	}
)

// Post posts one journal entry in the transaction: it validates the entry
// (shebao.Entry.Validate: at least two lines, each with exactly one
// positive side, accounts of the entry's fund, debits equal to credits) and
// inserts it with its lines, audited. It returns posted = false, and
// changes nothing, when an entry with the same fund, kind and source was
// posted before; e.ID is then that entry's. A repeat with different lines
// is an ECONFLICT error. On success e.ID, e.Actor and e.At are set.
func (tx *Tx) Post(ctx context.Context, e *shebao.Entry) (posted bool, err error) {
	n, err := tx.postFor(ctx, shebao.EntityFund, []*shebao.Entry{e})
	return n == 1, err
}

// PostMany posts a batch of entries with set-based inserts (for batch jobs:
// an assessment, a payroll, a year's interest), with the rules of Post for
// each entry: entries posted before (and repeats within the batch) are
// skipped, and the number of entries posted is returned. One invalid entry
// fails the whole batch. One audit entry covers the batch.
func (tx *Tx) PostMany(ctx context.Context, es []*shebao.Entry) (posted int, err error) {
	return tx.postFor(ctx, shebao.EntityFund, es)
}

// Post posts one journal entry in a transaction of its own (see Tx.Post).
func (db *DB) Post(ctx context.Context, e *shebao.Entry) (posted bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		posted, err = tx.Post(ctx, e)
		return err
	})
	return posted, err
}

// PostMany posts a batch of entries in a transaction of its own (see
// Tx.PostMany).
func (db *DB) PostMany(ctx context.Context, es []*shebao.Entry) (posted int, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		posted, err = tx.PostMany(ctx, es)
		return err
	})
	return posted, err
}

// ledgerKey joins the parts of a natural key for maps.
func ledgerKey(parts ...string) string { return strings.Join(parts, "\x00") }

// ledgerInBatch prefixes a validation error with the position of the item in a
// batch of more than one.
func ledgerInBatch(err error, i, n int, what string) error {
	if n == 1 {
		return err
	}
	var e *shebao.Error
	if errors.As(err, &e) {
		c := *e
		c.Message = fmt.Sprintf("第%d条%s:%s", i+1, what, e.Message)
		return &c
	}
	return err
}

func repostConflict(e *shebao.Entry) error {
	return shebao.Errorf(shebao.ECONFLICT, "%s“%s”(%s)已记账,本次分录的科目或金额与已记账的不同:更正请另记调整分录(调账冲正)",
		shebao.PostingKinds[e.Kind], e.Source, e.Fund)
}

// postFor posts entries as Post and PostMany do, authorized by the actor's
// right to write entity: EntityFund for postings by the fund's own clerks,
// or the business entity whose write causes the postings (see the package
// comment of this file).
func (tx *Tx) postFor(ctx context.Context, entity string, es []*shebao.Entry) (int, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return 0, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if err := authorize(a, "fund.post", entity, ""); err != nil {
		return 0, err
	}
	type cand struct {
		e      *shebao.Entry
		digest string
		first  *cand // an earlier entry of the batch with the same key
	}
	cands := make([]*cand, len(es))
	byKey := map[string]*cand{}
	var fresh []*cand
	for i, e := range es {
		if err := e.Validate(); err != nil {
			return 0, ledgerInBatch(err, i, len(es), "分录")
		}
		c := &cand{e: e, digest: shebao.EntryDigest(e)}
		cands[i] = c
		k := ledgerKey(e.Fund, e.Kind, e.Source)
		if first, ok := byKey[k]; ok {
			if first.digest != c.digest {
				return 0, repostConflict(e)
			}
			c.first = first
			continue
		}
		byKey[k] = c
		e.ID = newID()
		fresh = append(fresh, c)
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	batch := newID()
	now := fmtTime(tx.now)
	rows := make([][]any, len(fresh))
	for i, c := range fresh {
		e := c.e
		rows[i] = []any{e.ID, e.Fund, e.Date, e.Kind, e.Source, e.Description, c.digest, batch, a.Name, now}
	}
	if err := tx.bulkInsert(ctx, journalEntryTable, rows); err != nil {
		return 0, err
	}
	inserted, err := tx.ledgerStrings(ctx, `SELECT id FROM journal_entries WHERE batch = $1`, batch)
	if err != nil {
		return 0, err
	}
	var lines [][]any
	var posted, skipped []*cand
	for _, c := range fresh {
		e := c.e
		if !inserted[e.ID] {
			skipped = append(skipped, c)
			continue
		}
		posted = append(posted, c)
		e.Actor, e.At = a.Name, tx.now
		for n, l := range e.Lines {
			lines = append(lines, []any{e.ID, int64(n + 1), e.Fund, l.Account, e.Date, int64(l.Debit), int64(l.Credit), l.Memo})
		}
	}
	if len(skipped) > 0 {
		es, digests := make([]*shebao.Entry, len(skipped)), make([]string, len(skipped))
		for i, c := range skipped {
			es[i], digests[i] = c.e, c.digest
		}
		if err := tx.matchPosted(ctx, es, digests); err != nil {
			return 0, err
		}
	}
	for _, c := range cands {
		if c.first != nil {
			c.e.ID, c.e.Actor, c.e.At = c.first.e.ID, c.first.e.Actor, c.first.e.At
		}
	}
	if err := tx.bulkInsert(ctx, journalLineTable, lines); err != nil {
		return 0, err
	}
	// The day sums the fund status reads (ledger_days.go), added at the commit.
	for _, c := range posted {
		tx.addLedgerEntry(c.e.Fund, c.e.Date)
		for _, l := range c.e.Lines {
			tx.addLedgerLine(c.e.Fund, l.Account, c.e.Date, int64(l.Debit), int64(l.Credit))
		}
	}
	switch len(posted) {
	case 0:
		return 0, nil
	case 1:
		return 1, tx.auditAs(ctx, a, "fund.post", shebao.EntityFund, posted[0].e.ID, "", nil, posted[0].e)
	}
	funds := map[string]shebao.Money{}
	kinds := map[string]int{}
	for _, c := range posted {
		funds[c.e.Fund] += c.e.Total()
		kinds[c.e.Kind]++
	}
	return len(posted), tx.auditAs(ctx, a, "fund.post", shebao.EntityFund, batch, "", nil,
		map[string]any{"entries": len(posted), "skipped": len(es) - len(posted), "kinds": kinds, "debit_by_fund": funds})
}

// matchPosted finds the entries posted earlier under the keys of skipped
// entries, gives each skipped entry the earlier one's id, actor and time,
// and refuses a skipped entry whose lines differ.
func (tx *Tx) matchPosted(ctx context.Context, skipped []*shebao.Entry, digests []string) error {
	sources := make([]string, len(skipped))
	for i, e := range skipped {
		sources[i] = e.Source
	}
	cond, args := tx.inKeys("source", nonEmpty(sources), nil)
	rows, err := tx.Query(ctx, `SELECT id, fund, kind, source, digest, actor, at FROM journal_entries WHERE `+cond, args...)
	if err != nil {
		return err
	}
	type prior struct{ id, digest, actor, at string }
	found := map[string]prior{}
	for rows.Next() {
		var p prior
		var fund, kind, source string
		if err := rows.Scan(&p.id, &fund, &kind, &source, &p.digest, &p.actor, &p.at); err != nil {
			rows.Close()
			return err
		}
		found[ledgerKey(fund, kind, source)] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, e := range skipped {
		p, ok := found[ledgerKey(e.Fund, e.Kind, e.Source)]
		if !ok {
			return fmt.Errorf("journal entry %s/%s/%s conflicted but is not found", e.Fund, e.Kind, e.Source)
		}
		if p.digest != digests[i] {
			return repostConflict(e)
		}
		e.ID, e.Actor, e.At = p.id, p.actor, parseTime(p.at)
	}
	return nil
}

// ledgerStrings returns the set of the first column of a query's rows.
func (tx *Tx) ledgerStrings(ctx context.Context, q string, args ...any) (map[string]bool, error) {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out[s] = true
	}
	return out, rows.Err()
}

// CreditAccount moves a person's individual account in the fund by one
// movement (kind shebao.MoveCredit 记账, MoveInterest 利息, MoveWithdraw
// 支取, MoveTransferIn 转入, MoveTransferOut 转出; amount positive, the kind
// gives the direction) and records the movement, audited. It returns
// applied = false, and changes nothing, when the same fund, person, kind
// and source was moved before; a repeat with another amount is ECONFLICT.
// A withdrawal beyond the balance is refused.
//
// The ledger is not touched: the caller posts, in the same transaction,
// the entry that moves the same sum between net assets and the liability
// (shebao.IndividualAccountLines), so that 2301 stays equal to the sum of
// the accounts — which shebao ledger check verifies.
func (tx *Tx) CreditAccount(ctx context.Context, idNo, fund, date, kind, source string, amount shebao.Money) (applied bool, err error) {
	n, _, err := tx.creditFor(ctx, shebao.EntityFund, []shebao.AccountMovement{
		{IDNo: idNo, Fund: fund, Date: date, Kind: kind, Source: source, Amount: amount}})
	return n == 1, err
}

// CreditAccounts applies a batch of individual-account movements with
// set-based inserts and updates, with the rules of CreditAccount for each
// (movements made before, and repeats within the batch, are skipped). It
// returns the number applied. One invalid movement fails the batch.
func (tx *Tx) CreditAccounts(ctx context.Context, ms []shebao.AccountMovement) (applied int, err error) {
	n, _, err := tx.creditFor(ctx, shebao.EntityFund, ms)
	return n, err
}

// CreditAccount moves one individual account in a transaction of its own
// (see Tx.CreditAccount). Outside a batch job this is for corrections: the
// matching ledger entry must then be posted too (Tx.CreditAccount).
func (db *DB) CreditAccount(ctx context.Context, idNo, fund, date, kind, source string, amount shebao.Money) (applied bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		applied, err = tx.CreditAccount(ctx, idNo, fund, date, kind, source, amount)
		return err
	})
	return applied, err
}

// CreditAccounts applies a batch of movements in a transaction of its own
// (see Tx.CreditAccounts).
func (db *DB) CreditAccounts(ctx context.Context, ms []shebao.AccountMovement) (applied int, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		applied, err = tx.CreditAccounts(ctx, ms)
		return err
	})
	return applied, err
}

// MoveAccounts applies a batch of movements that belong to one business
// event (a bill paid, a year's interest, a lump sum) and posts, for each
// fund they touch, the entry that moves the net sum of the movements it
// applied between the fund's net assets and its individual-account
// liability (kind account, the event's source, IndividualAccountLines):
// the one call that keeps 2301 equal to the sum of the accounts. Movements
// given again that were applied before (by this event or another) are
// skipped and are not in the entry: they were posted when they were
// applied. A re-run with the same movements changes nothing and posts
// nothing; one that applies movements under a source whose entry is
// already posted is refused (ECONFLICT) and rolls back with the
// transaction.
// It returns the number of movements applied.
func (tx *Tx) MoveAccounts(ctx context.Context, date, source, description string, ms []shebao.AccountMovement) (applied int, err error) {
	return tx.moveAccountsFor(ctx, shebao.EntityFund, date, source, description, ms)
}

// MoveAccounts applies the movements of one event and posts their entry in
// a transaction of its own (see Tx.MoveAccounts).
func (db *DB) MoveAccounts(ctx context.Context, date, source, description string, ms []shebao.AccountMovement) (applied int, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		applied, err = tx.MoveAccounts(ctx, date, source, description, ms)
		return err
	})
	return applied, err
}

// moveAccountsFor is MoveAccounts authorized by the right to write entity
// (see postFor).
func (tx *Tx) moveAccountsFor(ctx context.Context, entity, date, source, description string, ms []shebao.AccountMovement) (int, error) {
	n, net, err := tx.creditFor(ctx, entity, ms)
	if err != nil {
		return 0, err
	}
	funds := make([]string, 0, len(net))
	for f := range net {
		funds = append(funds, f)
	}
	sort.Strings(funds)
	var es []*shebao.Entry
	for _, f := range funds {
		if lines := shebao.IndividualAccountLines(net[f]); lines != nil {
			es = append(es, &shebao.Entry{Fund: f, Date: date, Kind: shebao.PostAccount, Source: source, Description: description, Lines: lines})
		}
	}
	posted, err := tx.postFor(ctx, entity, es)
	if err != nil {
		return 0, err
	}
	// Movements applied now under a source whose entry was already posted
	// (refused by postFor when the lines differ, skipped when they are by
	// chance the same, e.g. a second chunk of equal sum under one source)
	// would leave the liability short of the accounts.
	if n > 0 && posted != len(es) {
		return 0, shebao.Errorf(shebao.ECONFLICT, "个人账户变动“%s”已记账,本次又有未入账的变动:同一来源的变动须一次记账,分批请用不同的来源", source)
	}
	return n, nil
}

// creditFor applies movements as CreditAccounts does, authorized by the
// actor's right to write entity (see postFor). The persons must exist in
// the actor's jurisdiction. It returns the number applied and the net
// effect by fund of the movements it applied (not of those skipped as
// applied before: their entry was posted with them).
func (tx *Tx) creditFor(ctx context.Context, entity string, ms []shebao.AccountMovement) (int, map[string]shebao.Money, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, nil, err
	}
	a := sc.actor
	if err := authorize(a, "fund.account", entity, ""); err != nil {
		return 0, nil, err
	}
	var list []shebao.AccountMovement
	index := map[string]int{}
	for i, m := range ms {
		if err := m.Validate(); err != nil {
			return 0, nil, ledgerInBatch(err, i, len(ms), "个人账户变动")
		}
		id, err := canonicalIDNo(m.IDNo)
		if err != nil {
			return 0, nil, ledgerInBatch(err, i, len(ms), "个人账户变动")
		}
		m.IDNo = id
		k := ledgerKey(m.Fund, m.IDNo, m.Kind, m.Source)
		if j, ok := index[k]; ok {
			if list[j].Amount != m.Amount {
				return 0, nil, movementConflict(m)
			}
			continue
		}
		index[k] = len(list)
		list = append(list, m)
	}
	if len(list) == 0 {
		return 0, nil, nil
	}
	// The persons, in one query.
	var ids []string
	for _, m := range list {
		ids = append(ids, m.IDNo)
	}
	ids = nonEmpty(ids)
	cond, args := tx.inKeys("id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT id_no, region_code FROM persons WHERE `+cond, args...)
	if err != nil {
		return 0, nil, err
	}
	regions := map[string]string{}
	for rows.Next() {
		var id, region string
		if err := rows.Scan(&id, &region); err != nil {
			rows.Close()
			return 0, nil, err
		}
		regions[id] = region
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	for _, id := range ids {
		if r, ok := regions[id]; !ok || !sc.contains(r) {
			return 0, nil, notFoundPerson(id)
		}
	}
	// Accounts first (the movements refer to them), then the movements;
	// only those this call inserted (its batch) move balances.
	now := fmtTime(tx.now)
	opened := map[string]string{}
	var order []string
	for _, m := range list {
		k := ledgerKey(m.Fund, m.IDNo)
		if d, ok := opened[k]; !ok {
			order = append(order, k)
			opened[k] = m.Date
		} else if m.Date < d {
			opened[k] = m.Date
		}
	}
	accRows := make([][]any, len(order))
	for i, k := range order {
		fund, id, _ := strings.Cut(k, "\x00")
		accRows[i] = []any{fund, id, int64(0), opened[k], now}
	}
	if err := tx.bulkInsert(ctx, individualAccountTable, accRows); err != nil {
		return 0, nil, err
	}
	batch := newID()
	mvRows := make([][]any, len(list))
	for i, m := range list {
		mvRows[i] = []any{m.Fund, m.IDNo, m.Kind, m.Source, m.Date, int64(m.Delta()), batch, a.Name, now}
	}
	if err := tx.bulkInsert(ctx, movementTable, mvRows); err != nil {
		return 0, nil, err
	}
	// The movements this batch inserted, found by their key's prefix (fund,
	// id_no): account_movements has no index but its primary key, which
	// keeps the interest run's and the payroll's inserts cheap.
	var funds []string
	for _, m := range list {
		funds = append(funds, m.Fund)
	}
	fcond, margs := tx.inKeys("fund", nonEmpty(funds), []any{batch})
	icond, margs := tx.inKeys("id_no", ids, margs)
	rows, err = tx.Query(ctx, `SELECT fund, id_no, kind, source FROM account_movements WHERE `+fcond+` AND `+icond+` AND batch = $1`, margs...)
	if err != nil {
		return 0, nil, err
	}
	inserted := map[string]bool{}
	for rows.Next() {
		var fund, id, kind, source string
		if err := rows.Scan(&fund, &id, &kind, &source); err != nil {
			rows.Close()
			return 0, nil, err
		}
		inserted[ledgerKey(fund, id, kind, source)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	deltas := map[string]shebao.Money{}
	var applied, skipped []shebao.AccountMovement
	for _, m := range list {
		if inserted[ledgerKey(m.Fund, m.IDNo, m.Kind, m.Source)] {
			applied = append(applied, m)
			deltas[ledgerKey(m.Fund, m.IDNo)] += m.Delta()
		} else {
			skipped = append(skipped, m)
		}
	}
	if len(skipped) > 0 {
		if err := tx.matchMoved(ctx, skipped); err != nil {
			return 0, nil, err
		}
	}
	if len(applied) == 0 {
		return 0, nil, nil
	}
	net := map[string]shebao.Money{}
	for _, m := range applied {
		net[m.Fund] += m.Delta()
	}
	var deltaRows [][]any
	var overdrawn []string
	for _, k := range order {
		d := deltas[k]
		if d == 0 {
			continue
		}
		fund, id, _ := strings.Cut(k, "\x00")
		deltaRows = append(deltaRows, []any{fund, id, int64(d), opened[k], now})
		if d < 0 {
			overdrawn = append(overdrawn, id)
		}
	}
	if err := tx.bulkInsert(ctx, accountDeltaTable, deltaRows); err != nil {
		return 0, nil, err
	}
	if len(overdrawn) > 0 {
		cond, args := tx.inKeys("id_no", nonEmpty(overdrawn), nil)
		var fund, id string
		var balance int64
		err := tx.QueryRow(ctx, `SELECT fund, id_no, balance FROM individual_accounts WHERE `+cond+` AND balance < 0 ORDER BY fund, id_no`, args...).
			Scan(&fund, &id, &balance)
		if err == nil && deltas[ledgerKey(fund, id)] < 0 {
			f, _ := shebao.FindFund(fund)
			return 0, nil, shebao.Errorf(shebao.EINVALID, "个人账户余额不足:%s在%s的个人账户支取后余额为%s元", idno.MaskID(id), f.Name, shebao.Money(balance))
		}
		if err != nil && !isNoRows(err) {
			return 0, nil, err
		}
	}
	if len(applied) == 1 {
		m := applied[0]
		return 1, net, tx.auditAs(ctx, a, "fund.account", shebao.EntityFund, m.IDNo, regions[m.IDNo], nil, m)
	}
	return len(applied), net, tx.auditAs(ctx, a, "fund.account", shebao.EntityFund, batch, "", nil,
		map[string]any{"movements": len(applied), "skipped": len(ms) - len(applied), "accounts": len(deltas), "net_by_fund": net})
}

func movementConflict(m shebao.AccountMovement) error {
	return shebao.Errorf(shebao.ECONFLICT, "%s的个人账户%s“%s”已入账,本次金额%s元与已入账的不同:更正请另行记账",
		idno.MaskID(m.IDNo), shebao.MovementKinds[m.Kind], m.Source, m.Amount)
}

// matchMoved refuses skipped movements whose amount differs from the one
// recorded earlier under the same key.
func (tx *Tx) matchMoved(ctx context.Context, skipped []shebao.AccountMovement) error {
	var funds, ids, sources []string
	for _, m := range skipped {
		funds, ids, sources = append(funds, m.Fund), append(ids, m.IDNo), append(sources, m.Source)
	}
	cond0, args := tx.inKeys("fund", nonEmpty(funds), nil)
	cond1, args := tx.inKeys("id_no", nonEmpty(ids), args)
	cond2, args := tx.inKeys("source", nonEmpty(sources), args)
	rows, err := tx.Query(ctx, `SELECT fund, id_no, kind, source, amount FROM account_movements WHERE `+cond0+` AND `+cond1+` AND `+cond2, args...)
	if err != nil {
		return err
	}
	prior := map[string]shebao.Money{}
	for rows.Next() {
		var fund, id, kind, source string
		var amount int64
		if err := rows.Scan(&fund, &id, &kind, &source, &amount); err != nil {
			rows.Close()
			return err
		}
		prior[ledgerKey(fund, id, kind, source)] = shebao.Money(amount)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range skipped {
		if p, ok := prior[ledgerKey(m.Fund, m.IDNo, m.Kind, m.Source)]; !ok || p != m.Delta() {
			return movementConflict(m)
		}
	}
	return nil
}

// ledgerReader returns the actor of a read of the fund's books, who must
// be allowed to read them.
func ledgerReader(ctx context.Context) (shebao.Actor, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return shebao.Actor{}, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityFund)) {
		return shebao.Actor{}, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", sc.actor.RoleName(), shebao.EntityName(shebao.EntityFund))
	}
	return sc.actor, nil
}

// LedgerFunds returns the funds as stored (ledger_funds), in code order.
func (db *DB) LedgerFunds(ctx context.Context) ([]shebao.Fund, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	return db.ledgerFunds(ctx)
}

func (db *DB) ledgerFunds(ctx context.Context) ([]shebao.Fund, error) {
	rows, err := db.query(ctx, `SELECT fund, name, individual_accounts FROM ledger_funds ORDER BY fund`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.Fund
	for rows.Next() {
		var f shebao.Fund
		var ia int
		if err := rows.Scan(&f.Code, &f.Name, &ia); err != nil {
			return nil, err
		}
		f.IndividualAccounts = ia == 1
		out = append(out, f)
	}
	return out, rows.Err()
}

// LedgerChart returns the stored chart of accounts of a fund, in code
// order; of every fund when fund is "".
func (db *DB) LedgerChart(ctx context.Context, fund string) ([]shebao.Account, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	q := `SELECT fund, code, name, type FROM ledger_accounts`
	var args []any
	if fund != "" {
		q += ` WHERE fund = $1`
		args = append(args, fund)
	}
	rows, err := db.query(ctx, q+` ORDER BY fund, code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.Account
	for rows.Next() {
		var a shebao.Account
		if err := rows.Scan(&a.Fund, &a.Code, &a.Name, &a.Type); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindEntry returns a posted journal entry with its lines.
func (db *DB) FindEntry(ctx context.Context, id string) (*shebao.Entry, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	var e shebao.Entry
	var at string
	err := db.queryRow(ctx, `SELECT id, fund, posted, kind, source, description, actor, at FROM journal_entries WHERE id = $1`, id).
		Scan(&e.ID, &e.Fund, &e.Date, &e.Kind, &e.Source, &e.Description, &e.Actor, &at)
	if isNoRows(err) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到记账凭证%s", id)
	}
	if err != nil {
		return nil, err
	}
	e.At = parseTime(at)
	rows, err := db.query(ctx, `SELECT account, debit, credit, memo FROM journal_lines WHERE entry_id = $1 ORDER BY line_no`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l shebao.Line
		var d, c int64
		if err := rows.Scan(&l.Account, &d, &c, &l.Memo); err != nil {
			return nil, err
		}
		l.Debit, l.Credit = shebao.Money(d), shebao.Money(c)
		e.Lines = append(e.Lines, l)
	}
	return &e, rows.Err()
}

// IndividualAccount returns the balance of a person's individual account
// in the fund, and whether the account exists: for the fund's clerks, and
// for an insured citizen their own (the benefit work divides it by the
// 计发月数). A person outside the actor's jurisdiction is not found.
func (db *DB) IndividualAccount(ctx context.Context, idNo, fund string) (shebao.Money, bool, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, false, err
	}
	id, err := canonicalIDNo(idNo)
	if err != nil {
		return 0, false, err
	}
	if role := shebao.RoleOf(sc.actor); !role.May(shebao.Read(shebao.EntityFund)) && !(role.OwnOnly && sc.actor.IDNo == id) {
		return 0, false, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看个人账户", sc.actor.RoleName())
	}
	var balance int64
	var region string
	err = db.queryRow(ctx, `SELECT a.balance, p.region_code FROM individual_accounts a JOIN persons p ON p.id_no = a.id_no
		WHERE a.fund = $1 AND a.id_no = $2`, fund, id).Scan(&balance, &region)
	if isNoRows(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if !sc.contains(region) {
		return 0, false, notFoundPerson(id)
	}
	// A person's balance is personal data: the read is audited.
	if err := db.recordRead(ctx, "account.read", shebao.EntityPerson, id, region, nil, map[string]any{"fund": fund}); err != nil {
		return 0, false, err
	}
	return shebao.Money(balance), true, nil
}

// ledgerSums runs a query whose rows are a fund and n integers, and returns
// them by fund.
func (db *DB) ledgerSums(ctx context.Context, n int, q string, args ...any) (map[string][]int64, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var fund string
		vals := make([]int64, n)
		dest := []any{&fund}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out[fund] = vals
	}
	return out, rows.Err()
}

// ledgerSumAt returns the i-th value of a fund's sums, 0 when the fund has none.
func ledgerSumAt(m map[string][]int64, fund string, i int) int64 {
	if v, ok := m[fund]; ok {
		return v[i]
	}
	return 0
}

// CheckLedger checks the double entry of every fund with set-based
// queries: the sums of debits and credits per fund; every entry balanced
// with at least two lines; every line of its entry's fund and date; and,
// for funds with individual accounts, the liability 2301 against the sum
// of the accounts' balances, the sum of their movements against the sum of
// balances, and each account against its own movements. It changes
// nothing; anyone who may read the fund's books may run it.
func (db *DB) CheckLedger(ctx context.Context) (*shebao.LedgerCheck, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	funds, err := db.ledgerFunds(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := db.ledgerSums(ctx, 1, `SELECT fund, COUNT(*) FROM journal_entries GROUP BY fund`)
	if err != nil {
		return nil, err
	}
	totals, err := db.ledgerSums(ctx, 2, `SELECT fund, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT)
		FROM journal_lines GROUP BY fund`)
	if err != nil {
		return nil, err
	}
	stray, err := db.ledgerSums(ctx, 1, `SELECT e.fund, COUNT(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
		WHERE l.fund <> e.fund OR l.posted <> e.posted GROUP BY e.fund`)
	if err != nil {
		return nil, err
	}
	liability, err := db.ledgerSums(ctx, 1, `SELECT fund, CAST(SUM(credit) - SUM(debit) AS BIGINT) FROM journal_lines
		WHERE account = $1 GROUP BY fund`, shebao.AcctIndividual)
	if err != nil {
		return nil, err
	}
	balances, err := db.ledgerSums(ctx, 2, `SELECT fund, COUNT(*), CAST(SUM(balance) AS BIGINT) FROM individual_accounts GROUP BY fund`)
	if err != nil {
		return nil, err
	}
	movements, err := db.ledgerSums(ctx, 1, `SELECT fund, CAST(SUM(amount) AS BIGINT) FROM account_movements GROUP BY fund`)
	if err != nil {
		return nil, err
	}
	mismatched, err := db.ledgerSums(ctx, 1, `SELECT a.fund, COUNT(*) FROM individual_accounts a
		LEFT JOIN (SELECT fund, id_no, SUM(amount) AS total FROM account_movements GROUP BY fund, id_no) m
			ON m.fund = a.fund AND m.id_no = a.id_no
		WHERE a.balance <> COALESCE(m.total, 0) GROUP BY a.fund`)
	if err != nil {
		return nil, err
	}
	// The day sums the fund status reads (ledger_days.go) against the lines
	// and entries: a day missing on either side, or summed otherwise.
	daysOff := map[string][]int64{}
	if db.ledgerDays.Load() {
		daysOff, err = db.ledgerSums(ctx, 1, `SELECT fund, COUNT(*) FROM (
		SELECT l.fund FROM (SELECT fund, account, posted, SUM(debit) AS d, SUM(credit) AS c, COUNT(*) AS n
				FROM journal_lines GROUP BY fund, account, posted) l
			LEFT JOIN ledger_days s ON s.fund = l.fund AND s.account = l.account AND s.posted = l.posted
			WHERE s.fund IS NULL OR s.debit <> l.d OR s.credit <> l.c OR s.lines <> l.n
		UNION ALL
		SELECT s.fund FROM ledger_days s
			WHERE NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.fund = s.fund AND l.account = s.account AND l.posted = s.posted)
		UNION ALL
		SELECT e.fund FROM (SELECT fund, posted, COUNT(*) AS n FROM journal_entries GROUP BY fund, posted) e
			LEFT JOIN ledger_entry_days s ON s.fund = e.fund AND s.posted = e.posted
			WHERE s.fund IS NULL OR s.entries <> e.n
		UNION ALL
		SELECT s.fund FROM ledger_entry_days s
			WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.fund = s.fund AND e.posted = s.posted)
		) off GROUP BY fund`)
		if err != nil {
			return nil, err
		}
	}
	// Unbalanced entries: few or none, so read them one by one.
	unbalanced := map[string]int64{}
	examples := map[string][]string{}
	rows, err := db.query(ctx, `SELECT e.fund, e.id, e.kind, e.source, CAST(COALESCE(SUM(l.debit), 0) AS BIGINT),
			CAST(COALESCE(SUM(l.credit), 0) AS BIGINT), COUNT(l.entry_id)
		FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id
		GROUP BY e.fund, e.id, e.kind, e.source
		HAVING COALESCE(SUM(l.debit), 0) <> COALESCE(SUM(l.credit), 0) OR COUNT(l.entry_id) < 2
		ORDER BY e.fund, e.id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var fund, id, kind, source string
		var d, c, n int64
		if err := rows.Scan(&fund, &id, &kind, &source, &d, &c, &n); err != nil {
			rows.Close()
			return nil, err
		}
		unbalanced[fund]++
		if len(examples[fund]) < 5 {
			examples[fund] = append(examples[fund], fmt.Sprintf("凭证%s(%s,来源%s):借方%s元,贷方%s元,%d行",
				id, shebao.PostingKinds[kind], source, shebao.Money(d), shebao.Money(c), n))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	res := &shebao.LedgerCheck{Balanced: true, Problems: []string{}}
	for _, f := range funds {
		fc := shebao.FundCheck{Fund: f.Code, Name: f.Name, Entries: ledgerSumAt(entries, f.Code, 0),
			Debit: shebao.Money(ledgerSumAt(totals, f.Code, 0)), Credit: shebao.Money(ledgerSumAt(totals, f.Code, 1)),
			UnbalancedEntries: unbalanced[f.Code], Examples: examples[f.Code], StrayLines: ledgerSumAt(stray, f.Code, 0),
			DaySumsOff: ledgerSumAt(daysOff, f.Code, 0)}
		name := f.Code + " " + f.Name
		if fc.Debit != fc.Credit {
			fc.Problems = append(fc.Problems, fmt.Sprintf("%s:借贷不平衡,借方合计%s元,贷方合计%s元,相差%s元",
				name, fc.Debit, fc.Credit, fc.Debit-fc.Credit))
		}
		if fc.UnbalancedEntries > 0 {
			fc.Problems = append(fc.Problems, fmt.Sprintf("%s:有%d张凭证借贷不平衡或不足两行,如%s",
				name, fc.UnbalancedEntries, strings.Join(fc.Examples, ";")))
		}
		if fc.StrayLines > 0 {
			fc.Problems = append(fc.Problems, fmt.Sprintf("%s:有%d行分录的基金或记账日期与其凭证不符", name, fc.StrayLines))
		}
		if fc.DaySumsOff > 0 {
			fc.Problems = append(fc.Problems, fmt.Sprintf("%s:有%d个记账日的日汇总(基金状况据以计算)与分录明细不符", name, fc.DaySumsOff))
		}
		fc.Balanced = len(fc.Problems) == 0
		if f.IndividualAccounts {
			ac := &shebao.AccountsCheck{Liability: shebao.Money(ledgerSumAt(liability, f.Code, 0)),
				Persons: ledgerSumAt(balances, f.Code, 0), Balances: shebao.Money(ledgerSumAt(balances, f.Code, 1)),
				Movements: shebao.Money(ledgerSumAt(movements, f.Code, 0)), Mismatched: ledgerSumAt(mismatched, f.Code, 0)}
			if ac.Liability != ac.Balances {
				fc.Problems = append(fc.Problems, fmt.Sprintf("%s:个人账户科目(2301)余额%s元,与%d个个人账户余额合计%s元不符,相差%s元",
					name, ac.Liability, ac.Persons, ac.Balances, ac.Liability-ac.Balances))
			}
			if ac.Movements != ac.Balances {
				fc.Problems = append(fc.Problems, fmt.Sprintf("%s:个人账户明细合计%s元,与余额合计%s元不符", name, ac.Movements, ac.Balances))
			}
			if ac.Mismatched > 0 {
				fc.Problems = append(fc.Problems, fmt.Sprintf("%s:有%d个个人账户的余额与其明细合计不符", name, ac.Mismatched))
			}
			ac.OK = ac.Liability == ac.Balances && ac.Movements == ac.Balances && ac.Mismatched == 0
			fc.Accounts = ac
		}
		if len(fc.Problems) > 0 {
			res.Balanced = false
			res.Problems = append(res.Problems, fc.Problems...)
		}
		res.Funds = append(res.Funds, fc)
	}
	return res, nil
}

// FundStatus returns the status of every fund on asOf (YYYY-MM-DD; ""
// is today): balance = assets − liabilities (net assets, individual
// accounts counted as a liability; Accumulated adds them back), income and
// expenditure of the twelve months ending on asOf, and 抗风险支付能力 =
// balance ÷ (expenditure of those months ÷ 12), with the formula and its
// inputs in Explanation (shebao.FundStatus). Only entries dated on or
// before asOf count. One GROUP BY over the lines' sums per day
// (ledger_days.go), by fund and account.
func (db *DB) FundStatus(ctx context.Context, asOf string) ([]shebao.FundStatus, error) {
	if _, err := ledgerReader(ctx); err != nil {
		return nil, err
	}
	day := shebao.Today()
	if asOf != "" {
		d, err := parseDate("日期", asOf)
		if err != nil {
			return nil, err
		}
		day = d
	}
	end := day.Format(shebao.DateLayout)
	from := shebao.TwelveMonthsFrom(day).Format(shebao.DateLayout)
	funds, err := db.ledgerFunds(ctx)
	if err != nil {
		return nil, err
	}
	chart, err := db.LedgerChart(ctx, "")
	if err != nil {
		return nil, err
	}
	types := map[string]shebao.AccountType{}
	for _, a := range chart {
		types[ledgerKey(a.Fund, a.Code)] = a.Type
	}
	if err := db.flushLedgerDaysIn(ctx); err != nil {
		return nil, err
	}
	entries, err := db.ledgerSums(ctx, 1, `SELECT fund, CAST(SUM(entries) AS BIGINT) FROM `+db.ledgerEntryDaysFrom()+` WHERE posted <= $1 GROUP BY fund`, end)
	if err != nil {
		return nil, err
	}
	status := map[string]*shebao.FundStatus{}
	var out []shebao.FundStatus
	for _, f := range funds {
		status[f.Code] = &shebao.FundStatus{Fund: f.Code, Name: f.Name, AsOf: end, From: from, Entries: ledgerSumAt(entries, f.Code, 0)}
	}
	rows, err := db.query(ctx, `SELECT fund, account, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT),
			CAST(SUM(CASE WHEN posted >= $1 THEN debit ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN posted >= $1 THEN credit ELSE 0 END) AS BIGINT)
		FROM `+db.ledgerDaysFrom()+` WHERE posted <= $2 GROUP BY fund, account`, from, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var fund, account string
		var d, c, wd, wc int64
		if err := rows.Scan(&fund, &account, &d, &c, &wd, &wc); err != nil {
			return nil, err
		}
		s := status[fund]
		if s == nil {
			continue
		}
		s.Add(types[ledgerKey(fund, account)], account, shebao.Money(d), shebao.Money(c), shebao.Money(wd), shebao.Money(wc))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range funds {
		s := status[f.Code]
		s.Compute()
		out = append(out, *s)
	}
	return out, nil
}
