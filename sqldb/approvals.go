package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/shebao/shebao"
)

// submitApproval puts an operation in the approval queue (经办), attributed
// to the context's actor, who must be allowed to do it.
func (tx *Tx) submitApproval(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error) {
	a, _ := shebao.ActorFrom(ctx)
	if err := a.MaySubmit(kind); err != nil {
		return nil, err
	}
	k := shebao.ApprovalKinds[kind]
	id := newID()
	body := jsonText(payload)
	if _, err := tx.Exec(ctx, `INSERT INTO approvals (id, kind, summary, payload, region_code, status, maker, maker_role, made_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		id, kind, summary, body, region, shebao.ApprovalPending, a.Name, a.Role, fmtTime(tx.now)); err != nil {
		return nil, err
	}
	if err := tx.audit(ctx, "approval.submit", k.Entity, id, region, nil, map[string]any{"kind": kind, "summary": summary, "payload": json.RawMessage(body)}); err != nil {
		return nil, err
	}
	return tx.findApproval(ctx, id)
}

const approvalColumns = `id, kind, summary, payload, region_code, status, maker, maker_role, made_at, checker, checked_at, note, result`

func scanApproval(s rowScanner) (*shebao.Approval, error) {
	var ap shebao.Approval
	var payload, made, checked string
	if err := s.Scan(&ap.ID, &ap.Kind, &ap.Summary, &payload, &ap.Region, &ap.Status, &ap.Maker, &ap.MakerRole, &made,
		&ap.Checker, &checked, &ap.Note, &ap.Result); err != nil {
		return nil, err
	}
	ap.Payload = json.RawMessage(payload)
	ap.KindName = shebao.ApprovalKinds[ap.Kind].Name
	ap.MadeAt = parseTime(made)
	if checked != "" {
		t := parseTime(checked)
		ap.CheckedAt = &t
	}
	return &ap, nil
}

func (tx *Tx) findApproval(ctx context.Context, id string) (*shebao.Approval, error) {
	ap, err := scanApproval(tx.QueryRow(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return ap, err
}

// FindApprovals lists approvals in the actor's jurisdiction with the status
// (default: pending), oldest first: only those of kinds whose subject the
// actor may read (shebao.Actor.MaySee), so that the queue shows nobody a
// record their role could not open. A role that may see no kind at all (a
// citizen, the land bureau) is refused. An approval's summary and payload
// name persons and amounts: the list is an audited read (approval.list,
// one entry with the status and how many approvals it returned).
func (db *DB) FindApprovals(ctx context.Context, status string, limit int) ([]*shebao.Approval, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if status == "" {
		status = shebao.ApprovalPending
	}
	kinds := sc.actor.VisibleApprovalKinds()
	if len(kinds) == 0 {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看复核队列", sc.actor.RoleName())
	}
	kindArgs := make([]any, len(kinds))
	for i, k := range kinds {
		kindArgs[i] = k
	}
	conds, args := sc.where("region_code", []string{"status = $1", "kind IN (" + placeholders(2, len(kinds)) + ")"},
		append([]any{status}, kindArgs...))
	limit, _ = page(limit, 0)
	out := []*shebao.Approval{}
	err = func() error {
		rows, err := db.query(ctx, `SELECT `+approvalColumns+` FROM approvals`+whereClause(conds)+` ORDER BY made_at, id LIMIT `+itoa(limit), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			ap, err := scanApproval(rows)
			if err != nil {
				return err
			}
			out = append(out, ap)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, err
	}
	// The kinds listed are those the role reads (MaySee), so the entry
	// needs no further role check than the one above.
	// A read: its entry goes to the group-committing appender, not a write
	// transaction of its own (every home page lists the queue).
	err = db.recordReadAs(ctx, sc.actor, "approval.list", "approval", status, sc.region(), nil,
		listDetail(map[string]any{"status": status, "limit": limit}, len(out), -1))
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DecideApproval approves or rejects a pending operation (复核). The checker
// must be another user than the maker, allowed to do the operation, and
// have it in their jurisdiction. An approved operation is carried out by
// execute in the same transaction (the context it gets carries it, and the
// maker): if it fails, nothing is recorded and it stays pending.
func (db *DB) DecideApproval(ctx context.Context, id string, approve bool, note string,
	execute func(ctx context.Context, ap *shebao.Approval) (string, error)) (*shebao.Approval, error) {
	return db.DecideApprovalWith(ctx, id, approve, note, execute, nil)
}

// DecideApprovalWith is DecideApproval with what a rejection does: reject,
// when not nil, runs in the rejecting transaction (the context it gets
// carries it) with the approval and the checker's note in ap.Note; if it
// fails, nothing is recorded and the approval stays pending.
func (db *DB) DecideApprovalWith(ctx context.Context, id string, approve bool, note string,
	execute func(ctx context.Context, ap *shebao.Approval) (string, error),
	reject func(ctx context.Context, ap *shebao.Approval) error) (*shebao.Approval, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.Approval
	err = db.Update(ctx, func(tx *Tx) error {
		ap, err := tx.findApproval(ctx, id)
		if err != nil {
			return err
		}
		if ap == nil || !sc.contains(ap.Region) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到待复核业务%s", id)
		}
		if ap.Status != shebao.ApprovalPending {
			return shebao.Errorf(shebao.ECONFLICT, "该业务已复核(%s,复核人%s)", ap.Status, ap.Checker)
		}
		a, _ := shebao.ActorFrom(ctx)
		if !a.MaySee(ap.Kind) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到待复核业务%s", id)
		}
		if err := a.MayDecide(ap); err != nil {
			return err
		}
		k := shebao.ApprovalKinds[ap.Kind]
		status, result := shebao.ApprovalRejected, ""
		if approve {
			ectx := context.WithValue(context.WithValue(ctx, txKey{}, tx), approvalMakerKey{}, ap.Maker)
			if result, err = execute(ectx, ap); err != nil {
				return err
			}
			status = shebao.ApprovalApproved
		} else if note == "" {
			return shebao.FieldErrorf("note", "退回须说明原因")
		} else if reject != nil {
			rap := *ap
			rap.Note = note
			if err := reject(context.WithValue(context.WithValue(ctx, txKey{}, tx), approvalMakerKey{}, ap.Maker), &rap); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE approvals SET status = $1, checker = $2, checked_at = $3, note = $4, result = $5
			WHERE id = $6 AND status = $7`, status, a.Name, fmtTime(tx.now), note, result, id, shebao.ApprovalPending); err != nil {
			return err
		}
		action := "approval.approve"
		if !approve {
			action = "approval.reject"
		}
		if err := tx.audit(ctx, action, k.Entity, id, ap.Region, map[string]string{"status": ap.Status},
			map[string]string{"status": status, "note": note, "result": result, "maker": ap.Maker}); err != nil {
			return err
		}
		out, err = tx.findApproval(ctx, id)
		return err
	})
	return out, err
}

// execute runs an approval's executor in the unit of work of ctx (the
// approving transaction of DecideApproval), or in one of its own.
func (db *DB) execute(ctx context.Context, fn func(tx *Tx) (string, error)) (result string, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		result, err = fn(tx)
		return err
	})
	return result, err
}
