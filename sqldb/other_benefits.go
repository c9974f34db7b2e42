package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// What the other benefits' determinations (unemployment, maternity, work
// injury; the benefit service's rules) read of a person's record, in the
// actor's jurisdiction; and the stop of an unemployment benefit when its
// person is employed again, which the enrollment's unit of work carries out.

// SchemeCoverage returns the person's enrollments in the scheme with their
// changes of status.
func (db *DB) SchemeCoverage(ctx context.Context, idNo, scheme string) ([]shebao.SchemeCoverage, error) {
	var out []shebao.SchemeCoverage
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		covers, err := tx.schemeCoverage(ctx, []string{p.IDNo}, scheme)
		if err != nil {
			return err
		}
		for _, c := range covers[p.IDNo] {
			sc := shebao.SchemeCoverage{Scheme: c.scheme, Year: c.year, Status: c.status, Start: c.start, End: c.end, EndReason: c.endReason}
			for _, e := range c.events {
				sc.Events = append(sc.Events, shebao.CoverageEvent{Seq: e.seq, To: e.to, Date: e.date})
			}
			out = append(out, sc)
		}
		return nil
	})
	return out, err
}

// MaternityEmployer returns, for a maternity allowance, the employer with
// the code (wherever registered), whether the person was employed there on
// the date, and the wages the employer declared in the year with the
// number of employee-months declared.
func (db *DB) MaternityEmployer(ctx context.Context, idNo, uscc, date string, year int) (*shebao.EmployerWages, error) {
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	out := &shebao.EmployerWages{}
	err = db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		emp, err := tx.findEmployer(ctx, code)
		if err != nil {
			return err
		}
		if emp == nil {
			return notFoundEmployer(code)
		}
		out.Employer = emp
		var employed int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM employments WHERE id_no = $1 AND employer_uscc = $2 AND start_date <= $3
			AND (end_date = '' OR end_date >= $3)`, p.IDNo, code, date).Scan(&employed); err != nil {
			return err
		}
		out.Employed = employed > 0
		var wages int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(wage) AS BIGINT), 0), COUNT(*) FROM declarations
			WHERE employer_uscc = $1 AND period >= $2 AND period <= $3`, code, fmt.Sprintf("%d-01", year), fmt.Sprintf("%d-12", year)).Scan(&wages, &out.Rows); err != nil {
			return err
		}
		out.Wages = shebao.Money(wages)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// InjuryBases returns the work-injury (410) contribution bases assessed
// for the person in the months from … to (YYYY-MM, inclusive) — each
// month's base once: in a month two employers assessed (one left, the
// other hired), the higher — and the number of months with a base.
func (db *DB) InjuryBases(ctx context.Context, idNo, from, to string) (shebao.Money, int64, error) {
	var bases, months int64
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		return tx.QueryRow(ctx, `SELECT COALESCE(CAST(SUM(base) AS BIGINT), 0), COUNT(*) FROM (SELECT period, MAX(base) AS base FROM bill_lines
			WHERE id_no = $1 AND scheme = '410' AND period >= $2 AND period <= $3 GROUP BY period) x`, p.IDNo, from, to).Scan(&bases, &months)
	})
	return shebao.Money(bases), months, err
}

// EndedEmployment returns the person's employment that ended last on or
// before the date (nil when none) with its employer's name and the months
// of it whose employer bill, with a 210 line of the person, is paid in
// full.
func (db *DB) EndedEmployment(ctx context.Context, idNo, date string) (*shebao.EndedEmployment, error) {
	var out *shebao.EndedEmployment
	err := db.personRecord(ctx, idNo, func(tx *Tx, p *shebao.Person) error {
		out = nil
		e := &shebao.EndedEmployment{}
		var rural int
		err := tx.QueryRow(ctx, `SELECT m.id_no, m.employer_uscc, m.start_date, m.end_date, m.end_reason, m.rural_contract, COALESCE(r.name, '')
			FROM employments m LEFT JOIN employers r ON r.uscc = m.employer_uscc
			WHERE m.id_no = $1 AND m.end_date <> '' AND m.end_date <= $2 ORDER BY m.end_date DESC, m.start_date DESC LIMIT 1`, p.IDNo, date).
			Scan(&e.IDNo, &e.Employer, &e.Start, &e.End, &e.EndReason, &rural, &e.EmployerName)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		e.RuralContract = rural == 1
		if err := tx.QueryRow(ctx, `SELECT COUNT(DISTINCT l.period) FROM bill_lines l
			JOIN bills b ON b.payer_kind = 'employer' AND b.payer = l.employer_uscc AND b.period = l.period
			WHERE l.id_no = $1 AND l.employer_uscc = $2 AND l.scheme = '210' AND b.paid >= b.total AND l.period >= $3 AND l.period <= $4`,
			p.IDNo, e.Employer, e.Start[:7], e.End[:7]).Scan(&e.Paid210); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}

// reemployment is a person taken on again by an employer on a date.
type reemployment struct{ idNo, date string }

// reemployedOf returns the re-employments among new enrollments
// (shebao.Reemploys).
func reemployedOf(ns []*shebao.Enrollment) []reemployment {
	var out []reemployment
	for _, n := range ns {
		if n.Reemploys() {
			out = append(out, reemployment{n.IDNo, n.StartDate})
		}
	}
	return out
}

// stopUnemploymentOnReemployment stops the unemployment benefits (失业保险金,
// 210) of persons employed again: 失业保险条例 第十五条 — 失业人员在领取失业
// 保险金期间重新就业的,停止领取失业保险金. The benefit is paid through the
// month of re-employment and stopped from the month after (终止发放,
// end_month = that month, as ChangeBenefit's stop from the month after),
// with the reason and an audit entry; payments already made for later
// months are overpayments to recover. It is a consequence of the enrollment
// the actor is allowed to write (增员), not a benefit change of theirs, so
// it asks for no right to write benefits.
func (tx *Tx) stopUnemploymentOnReemployment(ctx context.Context, rs []reemployment) error {
	if len(rs) == 0 {
		return nil
	}
	// The unemployment benefits not stopped of these persons, in one look-up
	// (an import brings thousands of employees, a few of them unemployed).
	month := map[string]string{} // ID number → the earliest month of re-employment
	day := map[string]string{}
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(r.date))
		if err != nil || d.After(shebao.Today()) {
			continue // the enrollment validated its date; nothing to stop by
		}
		m := d.Format("2006-01")
		if old, ok := month[r.idNo]; !ok || m < old {
			if !ok {
				ids = append(ids, r.idNo)
			}
			month[r.idNo], day[r.idNo] = m, r.date
		}
	}
	if len(ids) == 0 {
		return nil
	}
	cond, args := tx.inKeys("id_no", ids, []any{shebao.BenefitUnemployment, shebao.BenefitStopped})
	rows, err := tx.Query(ctx, `SELECT id, id_no, region_code, status, start_month, end_month FROM benefits
		WHERE kind = $1 AND status <> $2 AND `+cond+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	type ben struct{ id, idNo, region, status, start, end string }
	var bs []ben
	for rows.Next() {
		var b ben
		if err := rows.Scan(&b.id, &b.idNo, &b.region, &b.status, &b.start, &b.end); err != nil {
			rows.Close()
			return err
		}
		// Running in the month of re-employment (not started after it,
		// not ended before the month after).
		if m := month[b.idNo]; b.start <= m && (b.end == "" || b.end > m) {
			bs = append(bs, b)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	a, _ := shebao.ActorFrom(ctx)
	stops := map[string]stopAt{} // benefit id → its last month and the date of re-employment
	for _, b := range bs {
		month, date := month[b.idNo], day[b.idNo]
		stops[b.id] = stopAt{month, date}
		reason := fmt.Sprintf("%s(%s增员参保),依《失业保险条例》第十五条自%s起停止领取失业保险金", shebao.ReasonReemployed, date, policy.AddMonths(month, 1))
		if _, err := tx.Exec(ctx, `UPDATE benefits SET status = $1, end_month = $2, status_reason = $3, version = version + 1,
				updated_at = $4, updated_by = $5 WHERE id = $6 AND status <> $1`,
			shebao.BenefitStopped, month, reason, fmtTime(tx.now), a.Name, b.id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE benefit_amounts SET to_month = $1 WHERE benefit_id = $2 AND (to_month = '' OR to_month > $1)`, month, b.id); err != nil {
			return err
		}
		// Payments of later months already released (paid by the bank) are
		// to be recovered; those still waiting for their release are
		// cancelled below (cancelPendingAfterStop).
		if _, err := tx.Exec(ctx, `INSERT INTO overpayments (benefit_id, month, id_no, scheme, region_code, amount, reason, status, found_at)
				SELECT benefit_id, month, id_no, scheme, region_code, amount, $3 || month || '失业保险金在重新就业后发放', $4, $5
				FROM benefit_payments WHERE benefit_id = $1 AND month > $2 AND status = $6
				ON CONFLICT (benefit_id, month) DO NOTHING`,
			b.id, month, shebao.ReasonReemployed+"停发追回:"+date+"重新就业,", shebao.OverpaymentOpen, fmtTime(tx.now), shebao.PaymentReleased); err != nil {
			return err
		}
		// Recorded as the benefit's stop by the actor of the enrollment (auditAs:
		// the right exercised is the enrollment's, not a benefit write).
		if err := tx.auditAs(ctx, a, "benefit.stop", shebao.EntityBenefit, b.id, b.region,
			map[string]string{"status": b.status, "end_month": b.end},
			map[string]string{"status": shebao.BenefitStopped, "end_month": month, "month": policy.AddMonths(month, 1), "reason": reason}); err != nil {
			return err
		}
	}
	_, err = tx.cancelPendingAfterStop(ctx, a, stops)
	return err
}

// stopAt is where a benefit stopped on re-employment ends: its last month
// paid and the date of re-employment.
type stopAt struct{ month, date string }

// cancelPendingAfterStop cancels the payments still waiting for their
// release (待发放) of the unemployment benefits stopped on re-employment
// (stops: benefit id → {the last month paid, the date of re-employment}),
// for the months after the stop, as the payroll does for a death
// (cancelPendingAfterDeath, overpayments.go): the money has not left the
// fund, so there is nothing to recover. Each payment moves to
// benefit_payment_cancellations (已取消) with the release then pending for
// its batch (which, when approved, counts it as taken out), its ledger
// lines are reversed by a new entry (Dr 2101, Cr the expense account it was
// charged to) and an account part, if any, goes back into the individual
// account. The entries are posted for the enrollment the actor writes (增
// 员); the cancellation is audited as a benefit change by that actor.
func (tx *Tx) cancelPendingAfterStop(ctx context.Context, a shebao.Actor, stops map[string]stopAt) (int, error) {
	if len(stops) == 0 {
		return 0, nil
	}
	ids := make([]string, 0, len(stops))
	for id := range stops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cond, args := tx.inKeys("benefit_id", ids, []any{shebao.PaymentPending})
	rows, err := tx.Query(ctx, `SELECT benefit_id, month, id_no, scheme, kind, region_code, amount, account_part, basic_part, batch
		FROM benefit_payments WHERE status = $1 AND `+cond+` ORDER BY benefit_id, month`, args...)
	if err != nil {
		return 0, err
	}
	var cs []pendingPayment
	for rows.Next() {
		var c pendingPayment
		if err := rows.Scan(&c.benefit, &c.month, &c.idNo, &c.scheme, &c.kind, &c.region, &c.amount, &c.acct, &c.basic, &c.batch); err != nil {
			rows.Close()
			return 0, err
		}
		st := stops[c.benefit]
		if c.month > st.month { // a month after the stop
			c.reason = fmt.Sprintf("%s:%s重新就业,自%s起停止领取失业保险金,%s待遇尚未发放,取消发放", shebao.ReasonReemployedCancel, st.date, policy.AddMonths(st.month, 1), c.month)
			cs = append(cs, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cs) == 0 {
		return 0, err
	}
	return tx.cancelPending(ctx, paymentCancellation{actor: a, entity: shebao.EntityEnrollment, auditAction: "benefit.cancel_payments",
		auditEntity: shebao.EntityBenefit, auditRegion: cs[0].region, reason: shebao.ReasonReemployedCancel, cause: "重新就业停发", accountCause: "重新就业",
		changed: "取消重新就业后待发放的失业保险金时名单已变化,请重试"}, cs)
}
