package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

func itoa(i int) string { return strconv.Itoa(i) }

// newID returns a 128-bit identifier in hex: 48 bits of milliseconds, then
// 80 random bits. The time prefix keeps rows written together close in every
// B-tree: with fully random keys a bulk insert touches pages all over the
// index, and the enrollment import ran half as fast (10.7k against 21.8k
// rows/s at 200,000 persons on SQLite); the random rest
// keeps keys unique across processes. On a range-distributed engine
// (CockroachDB) an index on such keys should be hash-sharded.
func newID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	rand.Read(b[6:])
	return hex.EncodeToString(b[:])
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// audit records one write or read in the transaction, attributed to the
// context's actor. It is part of the same transaction as the change itself,
// so a change is never without its audit entry nor the reverse.
//
// It is also the store's last word on the actor's role: every write and
// every read of personal data passes here, so a role that may not make it
// (shebao.Role) fails the whole transaction, whatever route or command led
// to it. The web layer refuses such requests earlier; this keeps a route
// mapped to the wrong entity, or a new store method, from leaking.
func (tx *Tx) audit(ctx context.Context, action, entity, key, region string, before, after any) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if err := authorize(a, action, entity, key); err != nil {
		return err
	}
	return tx.auditAs(ctx, a, action, entity, key, region, before, after)
}

// auditList records one list or search of personal data (issue 14, item
// 7): one entry per call, whatever it found — an empty answer to a look-up
// by number is a fact learnt too — naming the query and how many records
// and distinct persons it returned. The action is "<what>.list" for a page
// of records, "<what>.search" for a look-up by number or name, or
// "<what>.read" for one record with its lines; the entity is the one whose
// read right the role needs (the entry is refused, and with it the read,
// when the role lacks it); key is the person's ID number when the query
// names one, so that `audit show --person` finds it; the region is the
// scope searched. The entry goes through the one audit append (tx.audit),
// in the caller's unit of work when there is one.
func (db *DB) auditList(ctx context.Context, sc scope, action, entity, key string, filter map[string]any, rows, persons int) error {
	// A read takes no write transaction of its own: its entry goes to the
	// group-committing appender (audit_append.go), or into the caller's
	// transaction when there is one.
	return db.recordRead(ctx, action, entity, key, sc.region(), nil, listDetail(filter, rows, persons))
}

// listDetail is the "after" of a list read's audit entry: the filter
// without its empty fields, and the counts (persons < 0: records that are
// not one person's each, such as approvals of many kinds, count rows only).
func listDetail(filter map[string]any, rows, persons int) map[string]any {
	f := map[string]any{}
	for k, v := range filter {
		switch x := v.(type) {
		case string:
			if x == "" {
				continue
			}
		case int:
			if x == 0 {
				continue
			}
		case bool:
			if !x {
				continue
			}
		case nil:
			continue
		}
		f[k] = v
	}
	out := map[string]any{"filter": f, "rows": rows}
	if persons >= 0 {
		out["persons"] = persons
	}
	return out
}

// countPersons is the number of distinct ID numbers among the records.
func countPersons[T any](rows []T, idNo func(T) string) int {
	seen := make(map[string]struct{}, len(rows))
	for _, r := range rows {
		seen[idNo(r)] = struct{}{}
	}
	return len(seen)
}

// listKey is the key of a list read's audit entry: the ID number the query
// names (canonical), or the actor's own for a role limited to its own
// records, else "".
func listKey(sc scope, idNo string) string {
	if sc.ownOnly() {
		return sc.actor.IDNo
	}
	return idNo
}

// authorize checks the actor's role against an audited action, with the
// one rule of the root (shebao.Actor.Authorize): reads ("….read",
// "….read_full") need the entity among the role's reads, a full view the
// right to reveal numbers, anything else the entity among its writes.
func authorize(a shebao.Actor, action, entity, key string) error {
	return a.Authorize(shebao.AuditAction(action, entity), key)
}

// auditRow is one audit_log row as the chain hashes it.
type auditRow struct {
	Seq                                 int64
	ID, At, Actor, Role, Remote, Action string
	Entity, Key, Region, Before, After  string
	Hash                                string
}

// canonical is the row's fields in a fixed order, each as a netstring
// ("len:bytes,"), so that no two different rows encode alike.
func (r *auditRow) canonical() []byte {
	var b []byte
	for _, f := range []string{strconv.FormatInt(r.Seq, 10), r.ID, r.At, r.Actor, r.Role, r.Remote, r.Action,
		r.Entity, r.Key, r.Region, r.Before, r.After} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, ',')
	}
	return b
}

// chainHash is the hex SHA-256 of the previous row's hash and the row.
func chainHash(prev string, r *auditRow) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s,", len(prev), prev)
	h.Write(r.canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// auditAs records an entry for the actor, without a role check: for
// sign-in events, whose actor is only claimed. The entry joins the chain
// when the transaction ends (appendAudit): a write transaction appends its
// entries just before it commits, atomically with its writes; a read-only
// one (View) hands them to the appender, which commits them before View
// returns.
func (tx *Tx) auditAs(ctx context.Context, a shebao.Actor, action, entity, key, region string, before, after any) error {
	tx.entries = append(tx.entries, &auditRow{ID: newID(), At: fmtTime(tx.now), Actor: a.Name, Role: a.Role, Remote: a.Remote,
		Action: action, Entity: entity, Key: key, Region: region, Before: jsonText(before), After: jsonText(after)})
	return nil
}

// recordRead audits a read of personal data that the caller made outside
// any transaction (or, when ctx carries a unit of work, inside it): like
// tx.audit, with the role check, and committed before it returns.
func (db *DB) recordRead(ctx context.Context, action, entity, key, region string, before, after any) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if err := authorize(a, action, entity, key); err != nil {
		return err
	}
	return db.recordReadAs(ctx, a, action, entity, key, region, before, after)
}

// recordReadAs is recordRead for a read whose right the caller checked
// otherwise (an approval queue lists only the kinds the role may see).
func (db *DB) recordReadAs(ctx context.Context, a shebao.Actor, action, entity, key, region string, before, after any) error {
	tx := db.txFrom(ctx)
	if tx == nil {
		tx = &Tx{db: db, now: shebao.Now().UTC(), view: true}
		if err := tx.auditAs(ctx, a, action, entity, key, region, before, after); err != nil {
			return err
		}
		return db.reads.append(ctx, tx.entries)
	}
	return tx.auditAs(ctx, a, action, entity, key, region, before, after)
}

// auditInsertSizes are the row counts of the multi-row INSERTs that append
// entries: a few fixed statement texts (prepared once per connection by
// the drivers' caches) cover any number of entries.
var auditInsertSizes = []int{128, 16, 4, 1}

// auditInsert returns the INSERT of n audit rows.
var auditInsert = func() map[int]string {
	m := map[int]string{}
	for _, n := range auditInsertSizes {
		var b strings.Builder
		b.WriteString(`INSERT INTO audit_log (id, at, actor, role, remote, action, entity, entity_key, region_code, before_json, after_json, seq, hash) VALUES `)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(i*13+1, 13) + ")")
		}
		m[n] = b.String()
	}
	return m
}()

// appendAudit appends the entries to the audit chain, in order, in the
// write transaction: it takes the chain's head (the one audit_head row,
// locked until the transaction ends: on PostgreSQL a row lock that makes a
// concurrent appender wait and then read the committed head, on SQLite
// the database's write lock that every write transaction holds), numbers
// and hashes the entries on from it, inserts them and moves the head. One
// head update serves any number of entries: a write transaction appends
// all of its own at once, the appender those of many reads (audit_append.go).
func (tx *Tx) appendAudit(ctx context.Context, rows []*auditRow) error {
	if len(rows) == 0 {
		return nil
	}
	var seq int64
	var prev string
	err := tx.QueryRow(ctx, `UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		return errors.New("审计链头(audit_head)缺失:审计日志已被篡改,请运行 shebao audit verify")
	}
	if err != nil {
		return err
	}
	tx.db.headTakes.Add(1)
	if seq == 0 {
		next, p, err := tx.sealLegacyAudit(ctx)
		if err != nil {
			return err
		}
		seq, prev = next-1, p
	}
	for _, r := range rows {
		seq++
		r.Seq = seq
		r.Hash = chainHash(prev, r)
		prev = r.Hash
	}
	for rest := rows; len(rest) > 0; {
		n := auditInsertSizes[len(auditInsertSizes)-1]
		for _, size := range auditInsertSizes {
			if size <= len(rest) {
				n = size
				break
			}
		}
		args := make([]any, 0, 13*n)
		for _, r := range rest[:n] {
			args = append(args, r.ID, r.At, r.Actor, r.Role, r.Remote, r.Action, r.Entity, r.Key, r.Region, r.Before, r.After, r.Seq, r.Hash)
		}
		if _, err := tx.Exec(ctx, auditInsert[n], args...); err != nil {
			return err
		}
		rest = rest[n:]
	}
	_, err = tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, seq, prev)
	return err
}

const auditRowColumns = `seq, id, at, actor, role, remote, action, entity, entity_key, region_code, before_json, after_json, hash`

func scanAuditRow(s rowScanner) (*auditRow, error) {
	var r auditRow
	var seq sql.NullInt64
	if err := s.Scan(&seq, &r.ID, &r.At, &r.Actor, &r.Role, &r.Remote, &r.Action, &r.Entity, &r.Key, &r.Region,
		&r.Before, &r.After, &r.Hash); err != nil {
		return nil, err
	}
	r.Seq = seq.Int64
	return &r, nil
}

// sealLegacyAudit chains the rows written before the chain existed, oldest
// first, as seq 1…n. It runs once, in the first audited transaction after
// migration 0003, and returns the seq and previous hash of the entry that
// transaction is writing.
func (tx *Tx) sealLegacyAudit(ctx context.Context) (next int64, prev string, err error) {
	rows, err := tx.Query(ctx, `SELECT `+auditRowColumns+` FROM audit_log WHERE seq IS NULL ORDER BY at, id`)
	if err != nil {
		return 0, "", err
	}
	var legacy []*auditRow
	for rows.Next() {
		r, err := scanAuditRow(rows)
		if err != nil {
			rows.Close()
			return 0, "", err
		}
		legacy = append(legacy, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	for i, r := range legacy {
		r.Seq = int64(i + 1)
		r.Hash = chainHash(prev, r)
		if _, err := tx.Exec(ctx, `UPDATE audit_log SET seq = $1, hash = $2 WHERE id = $3`, r.Seq, r.Hash, r.ID); err != nil {
			return 0, "", err
		}
		prev = r.Hash
	}
	return int64(len(legacy) + 1), prev, nil
}

// VerifyAudit checks the audit chain: ok, or the seq of the first bad entry.
func (db *DB) VerifyAudit(ctx context.Context) (ok bool, firstBad int64, err error) {
	c, err := db.CheckAudit(ctx)
	if err != nil {
		return false, 0, err
	}
	return c.OK, c.FirstBad, nil
}

// CheckAudit recomputes the audit chain from the first entry to the head
// and reports the first entry that does not fit: a changed field (its hash
// differs), a removed entry (a gap in seq, or a head beyond the last
// entry), entries swapped (hashes over seq and the previous hash differ),
// or a row inserted beside the chain (no seq). Only an administrator of
// the whole database may run it: it reads every entry.
func (db *DB) CheckAudit(ctx context.Context) (*shebao.AuditCheck, error) {
	if err := auditChecker(ctx); err != nil {
		return nil, err
	}
	c := &shebao.AuditCheck{}
	// The head first: entries committed after it are not checked (a
	// concurrent writer), entries up to it all are.
	err := db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&c.HeadSeq, &c.HeadHash)
	if errors.Is(err, sql.ErrNoRows) {
		c.Reason = "审计链头(audit_head)缺失"
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT `+auditRowColumns+` FROM audit_log WHERE seq IS NOT NULL AND seq <= $1 ORDER BY seq`, c.HeadSeq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		r, err := scanAuditRow(rows)
		if err != nil {
			return nil, err
		}
		want := c.Entries + 1
		switch {
		case r.Seq != want:
			c.FirstBad, c.Reason = want, fmt.Sprintf("第%d条审计记录缺失", want)
		case chainHash(prev, r) != r.Hash:
			c.FirstBad, c.Reason = want, fmt.Sprintf("第%d条审计记录被修改或顺序被调换", want)
		}
		if c.FirstBad != 0 {
			return c, nil
		}
		prev = r.Hash
		c.Entries++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c.Entries != c.HeadSeq {
		c.FirstBad, c.Reason = c.Entries+1, fmt.Sprintf("第%d条及以后的审计记录缺失(链头为第%d条)", c.Entries+1, c.HeadSeq)
		return c, nil
	}
	if c.HeadSeq > 0 && prev != c.HeadHash {
		c.FirstBad, c.Reason = c.HeadSeq, fmt.Sprintf("第%d条审计记录与链头不符", c.HeadSeq)
		return c, nil
	}
	if c.HeadSeq > 0 {
		// Before the chain starts, rows without seq are legacy rows that the
		// next audited write will chain; after, they were put beside it.
		var loose int64
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE seq IS NULL`).Scan(&loose); err != nil {
			return nil, err
		}
		if loose > 0 {
			c.Reason = fmt.Sprintf("有%d条审计记录不在审计链中(被直接插入)", loose)
			return c, nil
		}
	}
	c.OK = true
	return c, nil
}

// auditChecker returns an error unless the context's actor may check the
// whole chain: an administrator of the whole database.
func auditChecker(ctx context.Context) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.all || !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityAudit)) {
		return shebao.Errorf(shebao.EFORBIDDEN, "只有全库管理员可以校验审计链")
	}
	return nil
}

// AuditHead returns the head of the audit chain: the newest entry's seq,
// hash and time (zero before the first entry). Only an administrator of
// the whole database may read it.
func (db *DB) AuditHead(ctx context.Context) (*shebao.AuditAnchor, error) {
	if err := auditChecker(ctx); err != nil {
		return nil, err
	}
	var a shebao.AuditAnchor
	err := db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&a.Seq, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errors.New("审计链头(audit_head)缺失:审计日志已被篡改,请运行 shebao audit verify")
	}
	if err != nil {
		return nil, err
	}
	if a.Seq > 0 {
		var at string
		if err := db.queryRow(ctx, `SELECT at FROM audit_log WHERE seq = $1`, a.Seq).Scan(&at); err != nil && !isNoRows(err) {
			return nil, err
		}
		a.At = parseTime(at)
	}
	return &a, nil
}

// AuditLink returns the stored hash of the chain's entry seq, and false
// when there is no such entry. Only an administrator of the whole
// database may read it.
func (db *DB) AuditLink(ctx context.Context, seq int64) (string, bool, error) {
	if err := auditChecker(ctx); err != nil {
		return "", false, err
	}
	var hash string
	err := db.queryRow(ctx, `SELECT hash FROM audit_log WHERE seq = $1`, seq).Scan(&hash)
	if isNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return hash, true, nil
}

// RecordFullView audits that the actor was shown the full ID and phone
// numbers of a person (person.read_full), after checking that the person is
// in the actor's jurisdiction and that the role may see full numbers. The
// web layer calls it before it answers ?full=1.
func (db *DB) RecordFullView(ctx context.Context, idNo string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	n, err := canonicalIDNo(idNo)
	if err != nil {
		return err
	}
	return db.View(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, n)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			return notFoundPerson(n)
		}
		return tx.audit(ctx, "person.read_full", shebao.EntityPerson, p.IDNo, p.Region, nil, nil)
	})
}

// FindAudit returns audit entries, newest first, within the actor's scope.
// Only roles that read the audit log (administrators, auditors) may.
// Newest is the order in which the entries were recorded: the chain's seq
// (auditQuery).
func (db *DB) FindAudit(ctx context.Context, f shebao.AuditFilter) ([]*shebao.AuditEntry, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityAudit)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看审计日志", sc.actor.RoleName())
	}
	var conds []string
	var args []any
	if f.Entity != "" {
		args = append(args, f.Entity)
		conds = append(conds, "entity = $"+itoa(len(args)))
	}
	if f.Key != "" {
		args = append(args, f.Key)
		conds = append(conds, "entity_key = $"+itoa(len(args)))
	}
	if f.Actor != "" {
		args = append(args, f.Actor)
		conds = append(conds, "actor = $"+itoa(len(args)))
	}
	conds, args = sc.where("region_code", conds, args)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := db.query(ctx, auditQuery(conds, limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.AuditEntry
	for rows.Next() {
		var e shebao.AuditEntry
		var at, before, after string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Remote, &e.Action, &e.Entity, &e.Key, &before, &after); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// auditQuery is FindAudit's statement: the newest entries by the chain's
// seq, read backwards from its unique index audit_log_seq, which stops
// after limit matching rows. Ordered by at (the transaction's time) with
// seq after it, SQLite (modernc) read the whole log and sorted it: 0.5–1.6
// s for the 65,000 entries of a district of 100,000 persons, the audit
// page's whole time (issue #15, docs/BENCHMARKS.md). The chain's order is
// the order of recording, which is also the truer "newest first" on
// PostgreSQL, where a transaction that began earlier may record later.
// Entries recorded before the chain existed (seq NULL) are numbered by the
// first audited transaction after migration 0003, so none is left.
func auditQuery(conds []string, limit int) string {
	return `SELECT id, at, actor, role, remote, action, entity, entity_key, before_json, after_json FROM audit_log` +
		whereClause(conds) + ` ORDER BY seq DESC LIMIT ` + itoa(limit)
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	s := " WHERE " + conds[0]
	for _, c := range conds[1:] {
		s += " AND " + c
	}
	return s
}
