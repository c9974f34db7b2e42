package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shebao/shebao"
)

// 特困人员救助供养 (issue #18 item 3): the store of 特困 cases
// (assist/tekun.go; migration 0094). A person holds at most one open 特困
// case (unique index tekun_cases_open), and a person in an open 低保 case
// is refused a 特困 case and the reverse (社会救助暂行办法 第十四条 and
// 第二十条: 特困人员 are not also given 低保): each insert checks the other
// table in its transaction.

// InsertTekunCase stores a new case, refusing a person who holds another
// open 特困 case or is a member of an open 低保 case. The actor must write
// assistance in the case's region.
func (db *DB) InsertTekunCase(ctx context.Context, c *shebao.TekunCase) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "assistance.apply", shebao.EntityAssistance, c.ID); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "region", c.Region); err != nil {
			return err
		}
		if other, err := tx.openTekunCase(ctx, c.IDNo); err != nil {
			return err
		} else if other != "" {
			return shebao.FieldErrorf("id_no", "%s已有特困人员案件%s(办理中或供养中),不能重复申请", c.Name, other)
		}
		var dibao, status string
		err := tx.QueryRow(ctx, `SELECT c.id, c.status FROM assist_case_members m JOIN assist_cases c ON c.id = m.case_id
			WHERE m.id_no = $1 AND m.open = 1`, c.IDNo).Scan(&dibao, &status)
		if err == nil {
			return shebao.FieldErrorf("id_no", "%s是低保案件%s(%s)的家庭成员:特困人员不再同时享受低保(社会救助暂行办法第十四条),请先对该低保案件停保或办结后再申请特困供养", c.Name, dibao, status)
		} else if !isNoRows(err) {
			return err
		}
		now := fmtTime(tx.now)
		err = tx.recount(ctx, tekunFamily, createdBy("t.id = $1", c.ID), func() error {
			_, err := tx.Exec(ctx, `INSERT INTO tekun_cases (id, region_code, id_no, status, open, mode, applied_on, monthly, start_month, end_month,
			detail, version, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13)`,
				c.ID, c.Region, c.IDNo, c.Status, c.Mode, c.AppliedOn, int64(c.Monthly), c.StartMonth, c.EndMonth, jsonText(c), c.Version, now, sc.actor.Name)
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s已有另一特困人员案件", c.Name)
			}
			return err
		})
		if err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.apply", shebao.EntityAssistance, c.ID, c.Region, nil, c)
	})
}

// openTekunCase is the person's open 特困 case ("" for none).
func (tx *Tx) openTekunCase(ctx context.Context, idNo string) (string, error) {
	var id string
	err := tx.QueryRow(ctx, `SELECT id FROM tekun_cases WHERE id_no = $1 AND open = 1`, idNo).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	return id, err
}

// TekunCase reads a case in the actor's jurisdiction for a change (not
// audited: the change is), or ENOTFOUND.
func (db *DB) TekunCase(ctx context.Context, id string) (*shebao.TekunCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var c *shebao.TekunCase
	err = db.View(ctx, func(tx *Tx) error {
		c, err = tx.tekunCase(ctx, sc, id)
		return err
	})
	return c, err
}

func (tx *Tx) tekunCase(ctx context.Context, sc scope, id string) (*shebao.TekunCase, error) {
	var region, detail string
	err := tx.QueryRow(ctx, `SELECT region_code, detail FROM tekun_cases WHERE id = $1`, id).Scan(&region, &detail)
	if isNoRows(err) || (err == nil && !sc.contains(region)) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "特困人员案件%s不存在", id)
	}
	if err != nil {
		return nil, err
	}
	var c shebao.TekunCase
	if err := json.Unmarshal([]byte(detail), &c); err != nil {
		return nil, err
	}
	// A citizen reads their own case only, never a neighbour's within
	// the region their account is scoped to.
	if sc.ownOnly() && (sc.actor.IDNo == "" || c.IDNo != sc.actor.IDNo) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "特困人员案件%s不存在", id)
	}
	return &c, nil
}

// FindTekunCase reads a case with the person's data: an audited read
// (assistance.read) of a role that reads assistance, within the
// jurisdiction.
func (db *DB) FindTekunCase(ctx context.Context, id string) (*shebao.TekunCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.read", shebao.EntityAssistance, id); err != nil {
		return nil, err
	}
	var c *shebao.TekunCase
	err = db.View(ctx, func(tx *Tx) error {
		if c, err = tx.tekunCase(ctx, sc, id); err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.read", shebao.EntityAssistance, id, c.Region, nil, nil)
	})
	return c, err
}

// UpdateTekunCase writes the changed case if it is still the version old
// was read at (else ECONFLICT), releases the person when the case closes,
// and audits the change as the action. With an approval kind, the case is
// also submitted for approval in the same transaction and c.ApprovalID set.
func (db *DB) UpdateTekunCase(ctx context.Context, action string, old, c *shebao.TekunCase, approvalKind, summary string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	entity := shebao.EntityAssistance
	if approvalKind != "" {
		entity = shebao.ApprovalKinds[approvalKind].Entity
	}
	if err := authorize(sc.actor, action, entity, c.ID); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if approvalKind != "" {
			ap, err := tx.submitApproval(ctx, approvalKind, c.Region, summary, shebao.AssistDecision{CaseID: c.ID, Version: old.Version + 1})
			if err != nil {
				return err
			}
			c.ApprovalID = ap.ID
		}
		c.Version = old.Version + 1
		open := 0
		if shebao.TekunOpen(c.Status) {
			open = 1
		}
		err := tx.recount(ctx, tekunFamily, byCond("t.id = $1", c.ID), func() error {
			res, err := tx.Exec(ctx, `UPDATE tekun_cases SET status = $1, open = $2, mode = $3, monthly = $4, start_month = $5, end_month = $6,
			detail = $7, version = $8, updated_at = $9, updated_by = $10 WHERE id = $11 AND version = $12`,
				c.Status, open, c.Mode, int64(c.Monthly), c.StartMonth, c.EndMonth, jsonText(c), c.Version, fmtTime(tx.now), sc.actor.Name, c.ID, old.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "特困人员案件%s已被他人修改,请重新读取后再办理", c.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.audit(ctx, action, shebao.EntityAssistance, c.ID, c.Region, old, c)
	})
}

// FindTekunCases lists the 特困 cases in the actor's jurisdiction, in the
// region, with the status and the mode when given, newest first: an
// audited list (assistance.list) of a role that reads assistance; a
// citizen is refused.
func (db *DB) FindTekunCases(ctx context.Context, f shebao.TekunCaseFilter) ([]*shebao.TekunCase, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "assistance.list", shebao.EntityAssistance, listKey(sc, "")); err != nil {
		return nil, 0, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly {
		return nil, 0, shebao.Errorf(shebao.EFORBIDDEN, "参保人只能查看本人的记录")
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	if f.Status != "" {
		args = append(args, f.Status)
		conds = append(conds, fmt.Sprintf("status = $%d", len(args)))
	}
	if f.Mode != "" {
		args = append(args, f.Mode)
		conds = append(conds, fmt.Sprintf("mode = $%d", len(args)))
	}
	conds, args = sc.where("region_code", conds, args)
	conds, args = sc.own("id_no", conds, args) // a citizen: their own case only
	out, total, err := findPage(ctx, db, `tekun_cases`, `SELECT detail FROM tekun_cases`, whereClause(conds), args,
		"applied_on DESC, id", f.Limit, f.Offset, func(r rowScanner) (*shebao.TekunCase, error) {
			var detail string
			if err := r.Scan(&detail); err != nil {
				return nil, err
			}
			var c shebao.TekunCase
			return &c, json.Unmarshal([]byte(detail), &c)
		})
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"kind": "tekun", "region": f.Region, "status": f.Status, "mode": f.Mode, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "assistance.list", shebao.EntityAssistance, "", filter, len(out), len(out)); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// TekunCasesOf lists every 特困 case of the person, newest first: an
// audited list under the person's number (a citizen sees their own).
func (db *DB) TekunCasesOf(ctx context.Context, idNo string) ([]*shebao.TekunCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.list", shebao.EntityAssistance, idNo); err != nil {
		return nil, err
	}
	conds, args := []string{"id_no = $1"}, []any{idNo}
	conds, args = sc.where("region_code", conds, args)
	conds, args = sc.own("id_no", conds, args) // a citizen: their own cases only
	rows, err := db.query(ctx, `SELECT detail FROM tekun_cases`+whereClause(conds)+` ORDER BY applied_on DESC, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*shebao.TekunCase{}
	for rows.Next() {
		var detail string
		if err := rows.Scan(&detail); err != nil {
			return nil, err
		}
		var c shebao.TekunCase
		if err := json.Unmarshal([]byte(detail), &c); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := db.auditList(ctx, sc, "assistance.list", shebao.EntityAssistance, idNo, map[string]any{"kind": "tekun", "id_no": idNo}, len(out), len(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// assistMonthlyKind reports whether a benefit kind is the monthly payment
// of an assistance case (低保 or 特困供养), which the case's decisions
// create, change and stop (sqldb/assist.go).
func assistMonthlyKind(kind string) bool {
	return kind == shebao.BenefitDibao || kind == shebao.BenefitTekun
}

// assistKindName is the kind's short name in messages: 低保金 or 特困供养金.
func assistKindName(kind string) string {
	if kind == shebao.BenefitTekun {
		return "特困供养金"
	}
	return "低保金"
}
