package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shebao/shebao"
)

// Overpayments (待遇追回). A benefit is paid through the month of the
// person's death; a payment for any later month — made before the death
// became known (死亡冒领) — is an overpayment to recover. They are found
// set-based from the payments and the deaths recorded in the registry,
// by every payroll run, by a death-register match (matching.go) and by
// DetectOverpayments; finding them again changes nothing (primary key
// (benefit_id, month)).
//
// Recovering one posts the money back to the fund: Dr 1002 银行存款, Cr the
// expense account the payment was charged to (冲减支出; for the residents'
// pension the basic part to 5011 and the rest to 5012), and puts the
// account part back into the individual account (Dr 3101, Cr 2301), so
// the payment is undone in the books as it was made.

// settleDeaths stops the benefits of deceased persons (of ids, or of
// everyone when ids is nil) in the actor's jurisdiction — 终止发放 with
// end_month the month of death (or an earlier end) — and records the
// payments made for months after the death as overpayments. entity is the
// business entity the actor writes (benefit for the payroll, list for a
// death-register match). It returns the benefits stopped and the
// overpayments found.
func (tx *Tx) settleDeaths(ctx context.Context, entity string, ids []string) (stopped, found int, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, 0, err
	}
	// p.status <> '正常' is the condition of the index persons_deceased
	// (0016_payroll.sql): the deceased are found without a scan of persons.
	conds := []string{"p.status <> '" + shebao.StatusAlive + "'", "p.status = '" + shebao.StatusDeceased + "'", "p.death_date <> ''",
		"b.status <> '" + shebao.BenefitStopped + "'"}
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return 0, 0, nil
		}
		var cond string
		cond, args = tx.inKeys("p.id_no", ids, args)
		conds = append(conds, cond)
	}
	conds, args = sc.where("b.region_code", conds, args)
	rows, err := tx.Query(ctx, `SELECT b.id FROM persons p JOIN benefits b ON b.id_no = p.id_no`+whereClause(conds)+` ORDER BY b.id`, args...)
	if err != nil {
		return 0, 0, err
	}
	var stop []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		stop = append(stop, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	a, _ := shebao.ActorFrom(ctx)
	const deathMonth = `(SELECT SUBSTR(p.death_date, 1, 7) FROM persons p WHERE p.id_no = benefits.id_no)`
	for start := 0; start < len(stop); start += 1000 {
		part := stop[start:min(start+1000, len(stop))]
		cond, args := tx.inKeys("id", part, []any{fmtTime(tx.now), a.Name})
		res, err := tx.Exec(ctx, `UPDATE benefits SET status = '`+shebao.BenefitStopped+`',
			end_month = CASE WHEN end_month <> '' AND end_month < `+deathMonth+` THEN end_month ELSE `+deathMonth+` END,
			status_reason = '死亡(' || (SELECT p.death_date FROM persons p WHERE p.id_no = benefits.id_no) || '),次月起停发',
			version = version + 1, updated_at = $1, updated_by = $2
		WHERE status <> '`+shebao.BenefitStopped+`' AND `+cond, args...)
		if err != nil {
			return 0, 0, err
		}
		n, _ := res.RowsAffected()
		stopped += int(n)
		cond, args = tx.inKeys("benefit_id", part, nil)
		const end = `(SELECT b.end_month FROM benefits b WHERE b.id = benefit_amounts.benefit_id AND b.id_no = benefit_amounts.id_no)`
		if _, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = `+end+`
			WHERE (to_month = '' OR to_month > `+end+`) AND `+cond, args...); err != nil {
			return 0, 0, err
		}
	}
	if stopped > 0 {
		after := map[string]any{"stopped": stopped, "reason": "死亡"}
		if len(stop) <= 50 {
			after["ids"] = stop
		}
		if err := tx.audit(ctx, entity+".stop_benefits", entity, stop[0], "", nil, after); err != nil {
			return 0, 0, err
		}
	}
	if _, err := tx.cancelPendingAfterDeath(ctx, sc, entity, ids); err != nil {
		return 0, 0, err
	}
	found, err = tx.detectOverpayments(ctx, sc, entity, ids)
	return stopped, found, err
}

var cancellationTable = bulkTable{
	name: "benefit_payment_cancellations",
	cols: []string{"benefit_id", "month", "id_no", "scheme", "kind", "region_code", "amount", "account_part", "basic_part", "batch",
		"release_id", "reason", "cancelled_at", "cancelled_by"},
	pgTypes: []string{"text", "text", "text", "text", "text", "text", "bigint", "bigint", "bigint", "text",
		"text", "text", "text", "text"},
	conflict: "ON CONFLICT (benefit_id, month) DO NOTHING",
}

// cancelPendingAfterDeath cancels the payments still waiting for their
// release (待发放) of months after the person's death (of ids, or everyone
// when nil) in the scope, so that the release pays only the living: each
// moves to benefit_payment_cancellations (已取消) with the release then
// pending for its batch, its ledger lines are reversed by a new entry (Dr
// 2101, Cr the expense account it was charged to; the residents' pension's
// basic part to 5011, the rest to 5012) and its account part goes back into
// the individual account (Dr 3101, Cr 2301). It returns how many it
// cancelled.
func (tx *Tx) cancelPendingAfterDeath(ctx context.Context, sc scope, entity string, ids []string) (int, error) {
	conds := []string{"p.status <> '" + shebao.StatusAlive + "'", "p.status = '" + shebao.StatusDeceased + "'", "p.death_date <> ''",
		"x.month > SUBSTR(p.death_date, 1, 7)", "x.status = '" + shebao.PaymentPending + "'"}
	var args []any
	if ids != nil {
		var cond string
		cond, args = tx.inKeys("p.id_no", ids, args)
		conds = append(conds, cond)
	}
	conds, args = sc.where("x.region_code", conds, args)
	rows, err := tx.Query(ctx, `SELECT x.benefit_id, x.month, x.id_no, x.scheme, x.kind, x.region_code, x.amount, x.account_part, x.basic_part,
			x.batch, p.death_date
		FROM persons p JOIN benefit_payments x ON x.id_no = p.id_no`+whereClause(conds)+` ORDER BY x.benefit_id, x.month`, args...)
	if err != nil {
		return 0, err
	}
	var cs []pendingPayment
	for rows.Next() {
		var c pendingPayment
		var death string
		if err := rows.Scan(&c.benefit, &c.month, &c.idNo, &c.scheme, &c.kind, &c.region, &c.amount, &c.acct, &c.basic, &c.batch, &death); err != nil {
			rows.Close()
			return 0, err
		}
		c.reason = fmt.Sprintf("%s:%s死亡,%s待遇尚未发放,取消发放", shebao.ReasonDeathCancel, death, c.month)
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	a, _ := shebao.ActorFrom(ctx)
	return tx.cancelPending(ctx, paymentCancellation{actor: a, entity: entity, auditAction: entity + ".cancel_payments", auditEntity: entity,
		reason: shebao.ReasonDeathCancel, cause: "死亡", accountCause: "死亡", changed: "取消死亡后待发放待遇时名单已变化,请重试", authorize: true}, cs)
}

// CancelledInRelease returns the count and total of the payments of
// month m in the batches cancelled while the release now being approved
// was pending (the only pending release of a batch: a release never covers
// a batch twice).
func (db *DB) CancelledInRelease(ctx context.Context, m shebao.Period, batches []string) (int, shebao.Money, error) {
	var n int
	var total int64
	err := db.Update(ctx, func(tx *Tx) error {
		cond, args := tx.inKeys("c.batch", batches, []any{string(m), shebao.ApprovePayrollRelease, shebao.ApprovalPending})
		return tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(CAST(SUM(c.amount) AS BIGINT), 0) FROM benefit_payment_cancellations c
			WHERE c.month = $1 AND `+cond+` AND c.release_id IN (SELECT id FROM approvals WHERE kind = $2 AND status = $3)`, args...).Scan(&n, &total)
	})
	return n, shebao.Money(total), err
}

// detectOverpayments records the payments made for months after the
// person's death (of ids, or everyone when nil) in the scope as
// overpayments, and returns how many are new. Those recorded before are
// left out by the query, not only by ON CONFLICT (which stays for a run at
// the same time): on a Citus cluster an INSERT … SELECT from the person's
// shards into a reference table goes through the coordinator, which
// reports every row it sent as affected, the conflicting ones too.
func (tx *Tx) detectOverpayments(ctx context.Context, sc scope, entity string, ids []string) (int, error) {
	conds := []string{"p.status <> '" + shebao.StatusAlive + "'", "p.status = '" + shebao.StatusDeceased + "'", "p.death_date <> ''",
		"x.month > SUBSTR(p.death_date, 1, 7)"}
	args := []any{fmtTime(tx.now)}
	if ids != nil {
		var cond string
		cond, args = tx.inKeys("p.id_no", ids, args)
		conds = append(conds, cond)
	}
	conds, args = sc.where("x.region_code", conds, args)
	res, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
		SELECT x.benefit_id, x.month, x.id_no, x.scheme, x.region_code, x.amount,
			'`+shebao.ReasonDeathOverpayment+`:' || p.death_date || '死亡,' || x.month || '待遇在死亡后发放', '`+shebao.OverpaymentOpen+`', $1
		FROM persons p JOIN benefit_payments x ON x.id_no = p.id_no`+whereClause(conds)+`
			AND NOT EXISTS (SELECT 1 FROM overpayments o WHERE o.benefit_id = x.benefit_id AND o.month = x.month)
		ON CONFLICT (benefit_id, month) DO NOTHING`, args...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		if err := tx.audit(ctx, entity+".find_overpayments", entity, fmtTime(tx.now), "", nil, map[string]any{"found": n, "reason": shebao.ReasonDeathOverpayment}); err != nil {
			return 0, err
		}
	}
	return int(n), nil
}

// DetectOverpayments finds the payments made after a person's death in the
// actor's jurisdiction (a death recorded after the payroll), stops the
// deceased persons' benefits, and returns how many overpayments are new.
func (db *DB) DetectOverpayments(ctx context.Context) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "overpayment.detect", shebao.EntityBenefit, ""); err != nil {
		return 0, err
	}
	var found int
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		_, found, err = tx.settleDeaths(ctx, shebao.EntityBenefit, nil)
		return err
	})
	return found, err
}

const overpaymentColumns = `o.benefit_id, o.month, o.id_no, o.scheme, o.region_code, o.amount, o.reason, o.status, o.found_at, o.settled_on, o.receipt_no`

func scanOverpayment(s rowScanner) (*shebao.Overpayment, error) {
	var o shebao.Overpayment
	var amount int64
	var found string
	if err := s.Scan(&o.BenefitID, &o.Month, &o.IDNo, &o.Scheme, &o.Region, &amount, &o.Reason, &o.Status, &found, &o.SettledOn, &o.Receipt); err != nil {
		return nil, err
	}
	o.Amount, o.FoundAt = shebao.Money(amount), parseTime(found)
	return &o, nil
}

// FindOverpayments lists overpayments in the actor's jurisdiction (a
// citizen: their own), one page, with the total count and amount of the
// selection: an audited read (overpayment.list, one entry per page with
// the filter and how many overpayments and persons it returned).
func (db *DB) FindOverpayments(ctx context.Context, f shebao.OverpaymentFilter) ([]*shebao.Overpayment, int, shebao.Money, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	if err := authorize(sc.actor, "overpayment.list", shebao.EntityBenefit, ""); err != nil {
		return nil, 0, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, 0, err
	}
	var conds []string
	var args []any
	if f.Status != "" {
		args = append(args, f.Status)
		conds = append(conds, "o.status = $"+itoa(len(args)))
	}
	var id string
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return nil, 0, 0, err
		}
		args = append(args, id)
		conds = append(conds, "o.id_no = $"+itoa(len(args)))
	}
	conds, args = sc.own("o.id_no", conds, args)
	conds, args = sc.where("o.region_code", conds, args)
	out, total, err := findPage(ctx, db, `overpayments o`, `SELECT `+overpaymentColumns+` FROM overpayments o`, whereClause(conds), args,
		"o.region_code, o.id_no, o.benefit_id, o.month", f.Limit, f.Offset, scanOverpayment)
	if err != nil {
		return nil, 0, 0, err
	}
	var sum sql.NullInt64
	if err := db.queryRow(ctx, `SELECT CAST(SUM(o.amount) AS BIGINT) FROM overpayments o`+whereClause(conds), args...).Scan(&sum); err != nil {
		return nil, 0, 0, err
	}
	if out == nil {
		out = []*shebao.Overpayment{}
	}
	filter := map[string]any{"status": f.Status, "id_no": id, "region": f.Region, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "overpayment.list", shebao.EntityBenefit, listKey(sc, id), filter, len(out),
		countPersons(out, func(o *shebao.Overpayment) string { return o.IDNo })); err != nil {
		return nil, 0, 0, err
	}
	return out, total, shebao.Money(sum.Int64), nil
}

// OpenOverpayment returns the overpayment of the benefit and month in the
// actor's jurisdiction that is still to recover (待追回).
func (db *DB) OpenOverpayment(ctx context.Context, benefitID string, m shebao.Period) (*shebao.Overpayment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var o *shebao.Overpayment
	err = db.Update(ctx, func(tx *Tx) error {
		o, err = scanOverpayment(tx.QueryRow(ctx, `SELECT `+overpaymentColumns+` FROM overpayments o WHERE o.benefit_id = $1 AND o.month = $2`,
			benefitID, string(m)))
		if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.contains(o.Region) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到待遇%s在%s的多发记录", benefitID, m)
		}
		if err != nil {
			return err
		}
		if o.Status != shebao.OverpaymentOpen {
			return shebao.Errorf(shebao.ECONFLICT, "该笔多发待遇已处理(%s,%s)", o.Status, o.SettledOn)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OverpaymentByReceipt returns the overpayment recovered under the
// voucher number, in the actor's jurisdiction, or nil when there is none.
func (db *DB) OverpaymentByReceipt(ctx context.Context, receipt string) (*shebao.Overpayment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	o, err := scanOverpayment(db.queryRow(ctx, `SELECT `+overpaymentColumns+` FROM overpayments o WHERE o.receipt_no = $1`, receipt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !sc.contains(o.Region) {
		return nil, &shebao.Error{Code: shebao.ECONFLICT, Field: "回单号", Message: fmt.Sprintf("回单号%s已用于辖区外的一笔追回", receipt)}
	}
	return o, nil
}

// OverpaidPayment returns the payment of an overpayment (its kind, status,
// account and basic parts), or nil when there is none.
func (db *DB) OverpaidPayment(ctx context.Context, benefitID string, m shebao.Period) (*shebao.BenefitPayment, error) {
	b := &shebao.BenefitPayment{BenefitID: benefitID, Month: string(m)}
	var acct, basic int64
	err := db.queryRow(ctx, `SELECT kind, status, account_part, basic_part FROM benefit_payments WHERE benefit_id = $1 AND month = $2`,
		benefitID, string(m)).Scan(&b.Kind, &b.Status, &acct, &basic)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b.AccountPart, b.BasicPart = shebao.Money(acct), shebao.Money(basic)
	return b, nil
}

// SettleOverpayment records an open overpayment as recovered (已追回) or
// written off (已核销) on the date, in the unit of work of ctx, and audits
// it (overpayment.recover or overpayment.writeoff, with the reason of a
// write-off and the maker of its approval).
func (db *DB) SettleOverpayment(ctx context.Context, o *shebao.Overpayment, status, date, reason string) error {
	action := "overpayment.recover"
	if status == shebao.OverpaymentWrittenOff {
		action = "overpayment.writeoff"
	}
	return db.Update(ctx, func(tx *Tx) error {
		a, _ := shebao.ActorFrom(ctx)
		if _, err := tx.Exec(ctx, `UPDATE overpayments SET status = $1, settled_on = $2, settled_by = $3, receipt_no = $4
			WHERE benefit_id = $5 AND month = $6 AND status = $7`,
			status, date, a.Name, o.Receipt, o.BenefitID, o.Month, shebao.OverpaymentOpen); err != nil {
			if isUniqueViolation(err) {
				return &shebao.Error{Code: shebao.ECONFLICT, Field: "回单号", Message: fmt.Sprintf("回单号%s已用于另一笔追回", o.Receipt)}
			}
			return err
		}
		after := map[string]any{"status": status, "settled_on": date, "amount": o.Amount}
		if o.Receipt != "" {
			after["receipt_no"] = o.Receipt
		}
		if status == shebao.OverpaymentWrittenOff {
			after["reason"], after["maker"] = reason, ctx.Value(approvalMakerKey{})
		}
		return tx.audit(ctx, action, shebao.EntityBenefit, o.BenefitID+":"+o.Month, o.Region, map[string]string{"status": o.Status}, after)
	})
}

// ReturnToAccount puts money back into an individual account for the
// benefit capability (an account pension recovered), with its 3101/2301
// lines, in the unit of work of ctx.
func (db *DB) ReturnToAccount(ctx context.Context, date, source, description string, m shebao.AccountMovement) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.moveAccountsFor(ctx, shebao.EntityBenefit, date, source, description, []shebao.AccountMovement{m})
		return err
	})
}

// PendingWriteOff returns the write-off waiting for approval of the
// overpayment of the benefit and month, or nil.
func (db *DB) PendingWriteOff(ctx context.Context, benefitID, month string) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, payload FROM approvals WHERE kind = $1 AND status = $2`, shebao.ApproveWriteOff, shebao.ApprovalPending)
		if err != nil {
			return err
		}
		var waiting string
		for rows.Next() {
			var id, payload string
			if err := rows.Scan(&id, &payload); err != nil {
				rows.Close()
				return err
			}
			var p shebao.WriteOffRequest
			if json.Unmarshal([]byte(payload), &p) == nil && p.BenefitID == benefitID && p.Month == month {
				waiting = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil || waiting == "" {
			return err
		}
		out, err = tx.findApproval(ctx, waiting)
		return err
	})
	return out, err
}
