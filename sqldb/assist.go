package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// 社会救助 (issue #18): the store of 低保 cases (assist/cases.go).

// InsertAssistCase stores a new case and its members, refusing a member who
// is in another open case. The actor must write assistance in the case's
// region.
func (db *DB) InsertAssistCase(ctx context.Context, c *shebao.AssistCase) error {
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
		for i, m := range c.Members {
			var other string
			err := tx.QueryRow(ctx, `SELECT case_id FROM assist_case_members WHERE id_no = $1 AND open = 1`, m.IDNo).Scan(&other)
			if err == nil {
				return shebao.FieldErrorf("members", "第%d位成员%s已在低保案件%s中,不能重复申请", i+1, m.Name, other)
			} else if !isNoRows(err) {
				return err
			}
			// 特困 (tekun): a person in support, or applying for it, is not
			// also given 低保.
			if tk, err := tx.openTekunCase(ctx, m.IDNo); err != nil {
				return err
			} else if tk != "" {
				return shebao.FieldErrorf("members", "第%d位成员%s已有特困人员案件%s:特困人员不再同时享受低保(社会救助暂行办法第十四条)", i+1, m.Name, tk)
			}
			// A case in its 渐退期 has released its members but is still
			// paid: a new case from the same months would pay twice.
			var end string
			err = tx.QueryRow(ctx, `SELECT c.id, c.end_month FROM assist_case_members x JOIN assist_cases c ON c.id = x.case_id
				WHERE x.id_no = $1 AND c.status = $2 AND c.end_month >= $3 ORDER BY c.end_month DESC LIMIT 1`,
				m.IDNo, shebao.CaseTapering, c.AppliedOn[:7]).Scan(&other, &end)
			if err == nil {
				return shebao.FieldErrorf("members", "第%d位成员%s所在低保案件%s处于渐退期(发放至%s),渐退期满后方可重新申请", i+1, m.Name, other, end)
			} else if !isNoRows(err) {
				return err
			}
		}
		now := fmtTime(tx.now)
		err := tx.recount(ctx, dibaoFamily, createdBy("c.id = $1", c.ID), func() error {
			if _, err := tx.Exec(ctx, `INSERT INTO assist_cases (id, kind, region_code, status, applied_on, monthly, start_month, detail, version,
			created_at, created_by, updated_at, updated_by, area, application_no) VALUES ($1, 'dibao', $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10, $11, $12)`,
				c.ID, c.Region, c.Status, c.AppliedOn, int64(c.Monthly), c.StartMonth, jsonText(c), c.Version, now, sc.actor.Name, c.Area, c.ApplicationNo); err != nil {
				if isUniqueViolation(err) && c.ApplicationNo != "" {
					return shebao.FieldErrorf("application_no", "申请编号%s在%s已导入", c.ApplicationNo, c.Region)
				}
				return err
			}
			for _, m := range c.Members {
				if _, err := tx.Exec(ctx, `INSERT INTO assist_case_members (case_id, id_no, open) VALUES ($1, $2, 1)`, c.ID, m.IDNo); err != nil {
					if isUniqueViolation(err) {
						return shebao.Errorf(shebao.ECONFLICT, "%s已在另一低保案件中", m.Name)
					}
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.apply", shebao.EntityAssistance, c.ID, c.Region, nil, c)
	})
}

// AssistCase reads a case in the actor's jurisdiction for a change (not
// audited: the change is), or ENOTFOUND.
func (db *DB) AssistCase(ctx context.Context, id string) (*shebao.AssistCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var c *shebao.AssistCase
	err = db.View(ctx, func(tx *Tx) error {
		c, err = tx.assistCase(ctx, sc, id)
		return err
	})
	return c, err
}

func (tx *Tx) assistCase(ctx context.Context, sc scope, id string) (*shebao.AssistCase, error) {
	var region, detail string
	err := tx.QueryRow(ctx, `SELECT region_code, detail FROM assist_cases WHERE id = $1`, id).Scan(&region, &detail)
	if isNoRows(err) || (err == nil && !sc.contains(region)) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "低保案件%s不存在", id)
	}
	if err != nil {
		return nil, err
	}
	// A citizen reads only the cases of their own household: they must be
	// a member (assistui, issue #18 item 9).
	if sc.ownOnly() {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM assist_case_members WHERE case_id = $1 AND id_no = $2`, id, sc.actor.IDNo).Scan(&one)
		if isNoRows(err) {
			return nil, shebao.Errorf(shebao.ENOTFOUND, "低保案件%s不存在", id)
		}
		if err != nil {
			return nil, err
		}
	}
	var c shebao.AssistCase
	if err := json.Unmarshal([]byte(detail), &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// FindAssistCase reads a case with its members' personal data: an audited
// read (assistance.read) of a role that reads assistance, within the
// jurisdiction.
func (db *DB) FindAssistCase(ctx context.Context, id string) (*shebao.AssistCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.read", shebao.EntityAssistance, id); err != nil {
		return nil, err
	}
	var c *shebao.AssistCase
	err = db.View(ctx, func(tx *Tx) error {
		if c, err = tx.assistCase(ctx, sc, id); err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.read", shebao.EntityAssistance, id, c.Region, nil, nil)
	})
	return c, err
}

// UpdateAssistCase writes the changed case if it is still the version old
// was read at (else ECONFLICT), closes its members when the case closes,
// and audits the change as the action. With an approval kind, the case is
// also submitted for approval in the same transaction and c.ApprovalID set.
func (db *DB) UpdateAssistCase(ctx context.Context, action string, old, c *shebao.AssistCase, approvalKind, summary string) error {
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
		err := tx.recount(ctx, dibaoFamily, byCond("c.id = $1", c.ID), func() error {
			res, err := tx.Exec(ctx, `UPDATE assist_cases SET status = $1, monthly = $2, start_month = $3, detail = $4, version = $5,
			updated_at = $6, updated_by = $7, next_review = $8, end_month = $9, area = $10 WHERE id = $11 AND version = $12`,
				c.Status, int64(c.Monthly), c.StartMonth, jsonText(c), c.Version, fmtTime(tx.now), sc.actor.Name, c.NextReview, c.EndMonth, c.Area, c.ID, old.Version)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "低保案件%s已被他人修改,请重新读取后再办理", c.ID)
			}
			if !shebao.CaseOpen(c.Status) {
				_, err := tx.Exec(ctx, `UPDATE assist_case_members SET open = 0 WHERE case_id = $1`, c.ID)
				return err
			}
			return tx.syncAssistMembers(ctx, old, c)
		})
		if err != nil {
			return err
		}
		return tx.audit(ctx, action, shebao.EntityAssistance, c.ID, c.Region, old, c)
	})
}

// AssistCaseOf returns the person's open 低保 case: its number, status and
// first month ("" for none). The caller has the person in scope.
func (db *DB) AssistCaseOf(ctx context.Context, idNo string) (id, status, startMonth string, err error) {
	if _, err := scopeOf(ctx); err != nil {
		return "", "", "", err
	}
	err = db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `SELECT c.id, c.status, c.start_month FROM assist_case_members m JOIN assist_cases c ON c.id = m.case_id
			WHERE m.id_no = $1 AND m.open = 1`, idNo).Scan(&id, &status, &startMonth)
		if isNoRows(err) {
			return nil
		}
		return err
	})
	return id, status, startMonth, err
}

// FindAssistCases lists the 低保 cases in the actor's jurisdiction, in the
// region and with the status when given, newest first: an audited list
// (assistance.list) of a role that reads assistance.
func (db *DB) FindAssistCases(ctx context.Context, f shebao.AssistCaseFilter) ([]*shebao.AssistCase, int, error) {
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
	if f.ReviewDue != "" {
		args = append(args, shebao.CaseApproved, f.ReviewDue)
		conds = append(conds, fmt.Sprintf("status = $%d AND next_review <= $%d", len(args)-1, len(args)))
	}
	conds, args = sc.where("region_code", conds, args)
	out, total, err := findPage(ctx, db, `assist_cases`, `SELECT detail FROM assist_cases`, whereClause(conds), args,
		"applied_on DESC, id", f.Limit, f.Offset, func(r rowScanner) (*shebao.AssistCase, error) {
			var detail string
			if err := r.Scan(&detail); err != nil {
				return nil, err
			}
			var c shebao.AssistCase
			return &c, json.Unmarshal([]byte(detail), &c)
		})
	if err != nil {
		return nil, 0, err
	}
	persons := 0
	for _, c := range out {
		persons += len(c.Members)
	}
	filter := map[string]any{"region": f.Region, "status": f.Status, "review_due": f.ReviewDue, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "assistance.list", shebao.EntityAssistance, "", filter, len(out), persons); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// assistCasesOfQuery is AssistCasesOf's statement: the cases the person
// is or was a member of, by assist_case_members_person (migration 0121).
func assistCasesOfQuery(sc scope, idNo string) (string, []any) {
	conds, args := []string{"m.id_no = $1"}, []any{idNo}
	conds, args = sc.where("c.region_code", conds, args)
	conds, args = sc.own("m.id_no", conds, args) // a citizen: their own household's cases only
	return `SELECT c.detail FROM assist_cases c JOIN assist_case_members m ON m.case_id = c.id` +
		whereClause(conds) + ` ORDER BY c.applied_on DESC, c.id`, args
}

// AssistCasesOf lists every 低保 case (open or closed) the person is a
// member of, newest first: an audited list under the person's number, so
// a citizen sees their own household's decisions and nobody else's.
func (db *DB) AssistCasesOf(ctx context.Context, idNo string) ([]*shebao.AssistCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.list", shebao.EntityAssistance, idNo); err != nil {
		return nil, err
	}
	q, args := assistCasesOfQuery(sc, idNo)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*shebao.AssistCase{}
	for rows.Next() {
		var detail string
		if err := rows.Scan(&detail); err != nil {
			return nil, err
		}
		var c shebao.AssistCase
		if err := json.Unmarshal([]byte(detail), &c); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	persons := 0
	for _, c := range out {
		persons += len(c.Members)
	}
	if err := db.auditList(ctx, sc, "assistance.list", shebao.EntityAssistance, idNo, map[string]any{"id_no": idNo}, len(out), persons); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateAssistBenefit creates the monthly 低保 of an approved case (kind
// dibao only) as a benefit paid by the payroll, audited as
// assistance.benefit: the right it needs is the civil-affairs decision's,
// not the benefits line's. The same case again (same person, kind and
// source) creates nothing. It returns the benefit's id.
func (db *DB) CreateAssistBenefit(ctx context.Context, b shebao.NewBenefit) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	if err := authorize(sc.actor, "assistance.benefit", shebao.EntityAssistDecision, b.Source); err != nil {
		return "", err
	}
	if !assistMonthlyKind(b.Kind) {
		return "", shebao.Errorf(shebao.EINVALID, "低保或特困供养决定不能核定%s", b.Kind)
	}
	var id string
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.createBenefitsAs(ctx, []shebao.NewBenefit{b}, "assistance.benefit", shebao.EntityAssistDecision); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT id FROM benefits WHERE id_no = $1 AND kind = $2 AND source = $3`, b.IDNo, b.Kind, b.Source).Scan(&id)
	})
	return id, err
}

// StopAssistBenefit ends a case's 低保 benefit with the month before
// ch.Month (终止发放), audited as assistance.stop, for a civil-affairs clerk
// who decides assistance. A stop found late — months from ch.Month on
// already in a payroll — settles them as the payroll does after a death or
// a re-employment: a payment released (paid by the bank) becomes an
// overpayment to recover (待遇追回, recovered or written off like any other),
// a payment still waiting for its release is cancelled (its ledger lines
// reversed). It returns what it settled.
func (db *DB) StopAssistBenefit(ctx context.Context, benefitID string, ch shebao.BenefitChange) (shebao.StopSettlement, error) {
	var st shebao.StopSettlement
	sc, err := scopeOf(ctx)
	if err != nil {
		return st, err
	}
	if err := authorize(sc.actor, "assistance.stop", shebao.EntityAssistDecision, benefitID); err != nil {
		return st, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		st = shebao.StopSettlement{}
		b, err := tx.changeAuthorizedBenefit(ctx, benefitID, ch, "assistance.stop", shebao.EntityAssistDecision)
		if err != nil {
			return err
		}
		if !assistMonthlyKind(b.Kind) {
			return shebao.Errorf(shebao.EINVALID, "低保或特困供养停保不能终止%s", b.Kind)
		}
		name := assistKindName(b.Kind)
		reason := fmt.Sprintf("%s:%s,", shebao.ReasonStopOverpayment, ch.Reason)
		if _, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
				SELECT benefit_id, month, id_no, scheme, region_code, amount, $3 || month || $7, $4, $5
				FROM benefit_payments WHERE benefit_id = $1 AND month >= $2 AND status = $6
				ON CONFLICT (benefit_id, month) DO NOTHING`,
			benefitID, ch.Month, reason, shebao.OverpaymentOpen, fmtTime(tx.now), shebao.PaymentReleased, name+"在停保后发放"); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT month, amount FROM overpayments WHERE benefit_id = $1 AND month >= $2 ORDER BY month`, benefitID, ch.Month)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m string
			var amount int64
			if err := rows.Scan(&m, &amount); err != nil {
				rows.Close()
				return err
			}
			st.Overpaid, st.Amount = append(st.Overpaid, m), st.Amount+shebao.Money(amount)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part, batch
			FROM benefit_payments WHERE benefit_id = $1 AND month >= $2 AND status = $3 ORDER BY month`, benefitID, ch.Month, shebao.PaymentPending)
		if err != nil {
			return err
		}
		var cs []pendingPayment
		for rows.Next() {
			var c pendingPayment
			if err := rows.Scan(&c.benefit, &c.month, &c.idNo, &c.scheme, &c.kind, &c.region, &c.amount, &c.acct, &c.basic, &c.batch); err != nil {
				rows.Close()
				return err
			}
			c.reason = fmt.Sprintf("%s:%s,%s%s尚未发放,取消发放", shebao.ReasonStopCancel, ch.Reason, c.month, name)
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		st.Cancelled, err = tx.cancelPending(ctx, paymentCancellation{actor: sc.actor, entity: shebao.EntityAssistDecision,
			auditAction: "assistance.cancel_payments", auditEntity: shebao.EntityAssistDecision, auditRegion: b.Region,
			reason: shebao.ReasonStopCancel, cause: strings.TrimSuffix(name, "金") + "停保", accountCause: strings.TrimSuffix(name, "金") + "停保",
			changed: "取消停保后待发放的低保金时名单已变化,请重试"}, cs)
		return err
	})
	return st, err
}

// ChangeAssistBenefitAmount pays a case's 低保 benefit at a new amount from
// am.FromMonth on (增发 or 减发 after a periodic review), audited as
// assistance.change for a civil-affairs clerk who decides assistance. A
// month already in a payroll is refused: the difference of a month paid
// is not recomputed.
func (db *DB) ChangeAssistBenefitAmount(ctx context.Context, benefitID string, am shebao.BenefitAmount) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := authorize(sc.actor, "assistance.change", shebao.EntityAssistDecision, benefitID); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		var last, kind, region string
		if err := tx.QueryRow(ctx, `SELECT kind, region_code, (SELECT COALESCE(MAX(month), '') FROM benefit_payments WHERE benefit_id = $1)
			FROM benefits WHERE id = $1`, benefitID).Scan(&kind, &region, &last); err != nil {
			if isNoRows(err) {
				return shebao.Errorf(shebao.ENOTFOUND, "待遇%s不存在", benefitID)
			}
			return err
		}
		if !assistMonthlyKind(kind) {
			return shebao.Errorf(shebao.EINVALID, "低保或特困供养决定不能变更%s", kind)
		}
		if last >= am.FromMonth {
			return shebao.FieldErrorf("month", "%s已按月发放至%s(已进入月度发放),变更应自%s之后的月份起", assistKindName(kind), last, last)
		}
		if _, err := tx.addBenefitAmount(ctx, benefitID, am); err != nil {
			return err
		}
		return tx.audit(ctx, "assistance.change", shebao.EntityAssistDecision, benefitID, region, nil, am)
	})
}

// syncAssistMembers keeps the member rows of an open case with its
// members when they change at a review (assistui, assist/members.go): a
// member who left is released, a member who joined is held by the case —
// refused when another open case holds them (or one in its 渐退期 still
// pays them).
func (tx *Tx) syncAssistMembers(ctx context.Context, old, c *shebao.AssistCase) error {
	was := map[string]bool{}
	for _, m := range old.Members {
		was[m.IDNo] = true
	}
	now := map[string]bool{}
	for _, m := range c.Members {
		now[m.IDNo] = true
	}
	for _, m := range old.Members {
		if !now[m.IDNo] {
			if _, err := tx.Exec(ctx, `UPDATE assist_case_members SET open = 0 WHERE case_id = $1 AND id_no = $2`, c.ID, m.IDNo); err != nil {
				return err
			}
		}
	}
	for _, m := range c.Members {
		if was[m.IDNo] {
			continue
		}
		var other string
		err := tx.QueryRow(ctx, `SELECT case_id FROM assist_case_members WHERE id_no = $1 AND open = 1 AND case_id <> $2`, m.IDNo, c.ID).Scan(&other)
		if err == nil {
			return shebao.FieldErrorf("join", "%s已在低保案件%s中,不能加入本案件", m.Name, other)
		} else if !isNoRows(err) {
			return err
		}
		err = tx.QueryRow(ctx, `SELECT c.id FROM assist_case_members x JOIN assist_cases c ON c.id = x.case_id
			WHERE x.id_no = $1 AND c.id <> $2 AND c.status = $3 AND c.end_month >= $4 LIMIT 1`,
			m.IDNo, c.ID, shebao.CaseTapering, tx.now.In(shebao.ChinaTime).Format("2006-01")).Scan(&other)
		if err == nil {
			return shebao.FieldErrorf("join", "%s所在低保案件%s处于渐退期,期满后方可加入本案件", m.Name, other)
		} else if !isNoRows(err) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO assist_case_members (case_id, id_no, open) VALUES ($1, $2, 1)
			ON CONFLICT (case_id, id_no) DO UPDATE SET open = 1`, c.ID, m.IDNo); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s已在另一低保案件中", m.Name)
			}
			return err
		}
	}
	return nil
}

// AssistCaseByApplication reads the case imported with the application
// number in the region (assistui, ingest/assist.go), or nil: the lookup
// of an import, within the actor's jurisdiction (not audited: the import
// run is recorded, and a case found is not shown).
func (db *DB) AssistCaseByApplication(ctx context.Context, region, no string) (*shebao.AssistCase, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "assistance.apply", shebao.EntityAssistance, no); err != nil {
		return nil, err
	}
	var c *shebao.AssistCase
	err = db.View(ctx, func(tx *Tx) error {
		var detail string
		err := tx.QueryRow(ctx, `SELECT detail FROM assist_cases WHERE region_code = $1 AND application_no = $2`, region, no).Scan(&detail)
		if isNoRows(err) || (err == nil && !sc.contains(region)) {
			return nil
		}
		if err != nil {
			return err
		}
		c = &shebao.AssistCase{}
		return json.Unmarshal([]byte(detail), c)
	})
	return c, err
}
