package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 临时救助 decisions (issue #18 item 5; assist/relief.go).

const reliefColumns = `r.no, r.id_no, COALESCE(p.name, ''), r.region_code, r.area, r.category, r.amount, r.cap, r.reason, r.decided_date,
	r.bank_account, r.status, r.approval_id, r.benefit_id, r.month, r.decided_on, r.explanation, r.created_by`

const reliefFrom = ` FROM assist_reliefs r LEFT JOIN persons p ON p.id_no = r.id_no`

func scanRelief(s rowScanner) (*shebao.Relief, error) {
	var r shebao.Relief
	var amount, limit int64
	if err := s.Scan(&r.No, &r.IDNo, &r.Name, &r.Region, &r.Area, &r.Category, &amount, &limit, &r.Reason, &r.Date,
		&r.BankAccount, &r.Status, &r.ApprovalID, &r.BenefitID, &r.Month, &r.DecidedOn, &r.Explanation, &r.SubmittedBy); err != nil {
		return nil, err
	}
	r.Amount, r.Cap = shebao.Money(amount), shebao.Money(limit)
	return &r, nil
}

// relief reads a decision in the scope, or ENOTFOUND.
func (tx *Tx) relief(ctx context.Context, sc scope, no string) (*shebao.Relief, error) {
	r, err := scanRelief(tx.QueryRow(ctx, `SELECT `+reliefColumns+reliefFrom+` WHERE r.no = $1`, no))
	if isNoRows(err) || (err == nil && !sc.contains(r.Region)) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "临时救助决定%s不存在", no)
	}
	return r, err
}

// InsertRelief stores a submitted 临时救助 decision and submits it for
// approval (assist.temporary) in the same transaction, audited as
// assistance.relief. The same number again with the same content returns
// the stored decision; with another content it is refused.
func (db *DB) InsertRelief(ctx context.Context, r *shebao.Relief) (*shebao.Relief, bool, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := authorize(sc.actor, "assistance.relief", shebao.EntityAssistDecision, r.No); err != nil {
		return nil, false, err
	}
	var out *shebao.Relief
	created := false
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "id_no", r.Region); err != nil {
			return err
		}
		old, err := scanRelief(tx.QueryRow(ctx, `SELECT `+reliefColumns+reliefFrom+` WHERE r.no = $1`, r.No))
		switch {
		case err == nil:
			if old.IDNo != r.IDNo || old.Category != r.Category || old.Amount != r.Amount || old.Reason != r.Reason ||
				old.Date != r.Date || old.BankAccount != r.BankAccount {
				return shebao.FieldErrorf("no", "临时救助决定编号%s已用于%s(%s元,%s),内容不同,不能重复使用", r.No, old.Name, old.Amount, old.Date)
			}
			out = old
			return nil
		case !isNoRows(err):
			return err
		}
		summary := fmt.Sprintf("临时救助%s:%s,%s,%s元(上限%s元),%s", r.No, r.Name, r.Category, r.Amount, r.Cap, r.Reason)
		ap, err := tx.submitApproval(ctx, shebao.ApproveTemporaryRelief, r.Region, summary, map[string]string{"no": r.No})
		if err != nil {
			return err
		}
		r.ApprovalID = ap.ID
		if err := tx.recount(ctx, reliefFamily, createdBy("r.no = $1", r.No), func() error {
			_, err := tx.Exec(ctx, `INSERT INTO assist_reliefs (no, id_no, region_code, area, category, amount, cap, reason, decided_date,
			bank_account, status, approval_id, explanation, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				r.No, r.IDNo, r.Region, r.Area, r.Category, int64(r.Amount), int64(r.Cap), r.Reason, r.Date,
				r.BankAccount, r.Status, r.ApprovalID, r.Explanation, fmtTime(tx.now), sc.actor.Name)
			return err
		}); err != nil {
			return err
		}
		created, out = true, r
		return tx.audit(ctx, "assistance.relief", shebao.EntityAssistDecision, r.No, r.Region, nil, r)
	})
	return out, created, err
}

// Relief reads a decision in the actor's jurisdiction (not audited: the
// approval that reads it is), or ENOTFOUND.
func (db *DB) Relief(ctx context.Context, no string) (*shebao.Relief, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var r *shebao.Relief
	err = db.View(ctx, func(tx *Tx) error {
		r, err = tx.relief(ctx, sc, no)
		return err
	})
	return r, err
}

// ApproveRelief creates an approved decision's one-off benefit (kind
// temporary_relief) for the payroll and marks the decision approved, for a
// civil-affairs clerk who decides assistance; a decision no longer waiting
// is refused.
func (db *DB) ApproveRelief(ctx context.Context, no string, b shebao.NewBenefit) (*shebao.Relief, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.relief_approve", shebao.EntityAssistDecision, no); err != nil {
		return nil, err
	}
	if b.Kind != shebao.BenefitTemporaryRelief {
		return nil, shebao.Errorf(shebao.EINVALID, "临时救助决定不能核定%s", b.Kind)
	}
	var out *shebao.Relief
	err = db.Update(ctx, func(tx *Tx) error {
		r, err := tx.relief(ctx, sc, no)
		if err != nil {
			return err
		}
		if r.Status != shebao.ReliefSubmitted {
			return shebao.Errorf(shebao.ECONFLICT, "临时救助决定%s当前为%s,不能再次批准", no, r.Status)
		}
		if _, err := tx.createBenefitsAs(ctx, []shebao.NewBenefit{b}, "assistance.relief_approve", shebao.EntityAssistDecision); err != nil {
			return err
		}
		var benefitID string
		if err := tx.QueryRow(ctx, `SELECT id FROM benefits WHERE id_no = $1 AND kind = $2 AND source = $3`, b.IDNo, b.Kind, b.Source).Scan(&benefitID); err != nil {
			return err
		}
		today := tx.now.In(shebao.ChinaTime).Format(shebao.DateLayout)
		if err := tx.recount(ctx, reliefFamily, byCond("r.no = $1", no), func() error {
			res, err := tx.Exec(ctx, `UPDATE assist_reliefs SET status = $1, benefit_id = $2, month = $3, decided_on = $4 WHERE no = $5 AND status = $6`,
				shebao.ReliefApproved, benefitID, b.StartMonth, today, no, shebao.ReliefSubmitted)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "临时救助决定%s已被他人处理", no)
			}
			return nil
		}); err != nil {
			return err
		}
		if out, err = tx.relief(ctx, sc, no); err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.relief_approve", shebao.EntityAssistDecision, no, r.Region, r, out)
	})
	return out, err
}

// FindReliefs lists the 临时救助 decisions in the actor's jurisdiction (the
// region and dates when given), newest first: an audited list
// (relief.list) of a role that reads assistance, not a citizen.
func (db *DB) FindReliefs(ctx context.Context, f shebao.ReliefFilter) ([]*shebao.Relief, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "relief.list", shebao.EntityAssistance, listKey(sc, "")); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	if shebao.RoleOf(sc.actor).OwnOnly {
		return nil, 0, shebao.Errorf(shebao.EFORBIDDEN, "参保人只能查看本人的记录")
	}
	var conds []string
	var args []any
	if f.From != "" {
		args = append(args, f.From)
		conds = append(conds, fmt.Sprintf("r.decided_date >= $%d", len(args)))
	}
	if f.To != "" {
		args = append(args, f.To)
		conds = append(conds, fmt.Sprintf("r.decided_date <= $%d", len(args)))
	}
	conds, args = sc.where("r.region_code", conds, args)
	out, total, err := findPage(ctx, db, `assist_reliefs r`, `SELECT `+reliefColumns+reliefFrom, whereClause(conds), args,
		"r.decided_date DESC, r.no", f.Limit, f.Offset, scanRelief)
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"region": f.Region, "from": f.From, "to": f.To, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "relief.list", shebao.EntityAssistance, "", filter, len(out), len(out)); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
