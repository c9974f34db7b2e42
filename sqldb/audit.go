package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/shebao/shebao"
)

func itoa(i int) string { return strconv.Itoa(i) }

// newID returns a random 128-bit identifier in hex. Random keys spread
// inserts over a distributed engine's ranges instead of piling on one.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
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
func (tx *Tx) audit(ctx context.Context, action, entity, key, region string, before, after any) error {
	a, _ := shebao.ActorFrom(ctx)
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (id, at, actor, role, remote, action, entity, entity_key, region_code, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		newID(), fmtTime(tx.now), a.Name, a.Role, a.Remote, action, entity, key, region, jsonText(before), jsonText(after))
	return err
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity string
	Key    string
	Actor  string
	Limit  int
}

// FindAudit returns audit entries, newest first, within the actor's scope.
func (db *DB) FindAudit(ctx context.Context, f AuditFilter) ([]*shebao.AuditEntry, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
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
	q := `SELECT id, at, actor, role, remote, action, entity, entity_key, before_json, after_json FROM audit_log` +
		whereClause(conds) + ` ORDER BY at DESC, id LIMIT ` + itoa(limit)
	rows, err := db.query(ctx, q, args...)
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
