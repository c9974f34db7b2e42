package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// Payments cancelled before their release. A payment still waiting for
// its release (待发放) has not left the fund, so a payment that should not
// be made — for a month after the person's death (overpayments.go), after
// an unemployment benefit stopped on re-employment (other_benefits.go) —
// is cancelled rather than recovered.

// pendingPayment is a payment waiting for its release, to be cancelled
// for reason (written on its cancellation).
type pendingPayment struct {
	benefit, month, idNo, scheme, kind, region, batch string
	amount, acct, basic                               int64
	reason                                            string
}

// paymentCancellation is why and under whose right payments are
// cancelled.
type paymentCancellation struct {
	actor        shebao.Actor
	entity       string // the right the entries and account movements are posted under
	auditAction  string
	auditEntity  string
	auditRegion  string
	reason       string // the reason code: ReasonDeathCancel, ReasonReemployedCancel
	cause        string // in the entries' descriptions, e.g. "死亡", "重新就业停发"
	accountCause string // in the account movements', e.g. "死亡", "重新就业"
	changed      string // the error when the payments changed meanwhile
	authorize    bool   // the actor's right to the audit action is checked (as tx.audit does)
}

// cancelPending cancels the payments cs: each moves to
// benefit_payment_cancellations (已取消) with the release then pending for
// its batch (which, when approved, counts it as taken out:
// cancelledInRelease), its ledger lines are reversed by a new entry per
// fund (Dr 2101, Cr the expense account it was charged to; the residents'
// pension's basic part to 5011, the rest to 5012) and its account part
// goes back into the individual account (Dr 3101, Cr 2301). It returns how
// many it cancelled.
func (tx *Tx) cancelPending(ctx context.Context, c paymentCancellation, cs []pendingPayment) (int, error) {
	if len(cs) == 0 {
		return 0, nil
	}
	// The releases waiting for approval, by month and batch.
	releases := map[string]string{}
	pending, err := tx.pendingReleases(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range pending {
		for _, b := range p.Batches {
			releases[p.Month+"\x00"+b] = p.id
		}
	}
	now := fmtTime(tx.now)
	today := tx.now.In(shebao.ChinaTime).Format(shebao.DateLayout)
	ins := make([][]any, len(cs))
	bids, months := make([]string, len(cs)), make([]string, len(cs))
	var groups []shebao.PayrollGroup
	var moves []shebao.AccountMovement
	for i, p := range cs {
		ins[i] = []any{p.benefit, p.month, p.idNo, p.scheme, p.kind, p.region, p.amount, p.acct, p.basic, p.batch,
			releases[p.month+"\x00"+p.batch], p.reason, now, c.actor.Name}
		bids[i], months[i] = p.benefit, p.month
		groups = append(groups, shebao.PayrollGroup{Scheme: p.scheme, Kind: p.kind, N: 1, Amount: shebao.Money(p.amount),
			Account: shebao.Money(p.acct), Basic: shebao.Money(p.basic)})
		if p.acct > 0 {
			moves = append(moves, shebao.AccountMovement{IDNo: p.idNo, Fund: p.scheme, Date: today, Kind: shebao.MoveCredit,
				Source: "cancel:" + p.month + ":" + p.benefit, Amount: shebao.Money(p.acct)})
		}
	}
	if err := tx.bulkInsert(ctx, cancellationTable, ins); err != nil {
		return 0, err
	}
	// The payments taken out of the payroll no longer count as paid.
	cond, dargs := tx.inPairs("bp.benefit_id", "bp.month", bids, months, nil)
	if err := tx.recount(ctx, benefitPaymentsFamily, byCond(cond, dargs...), func() error {
		cond, dargs := tx.inPairs("benefit_id", "month", bids, months, nil)
		res, err := tx.Exec(ctx, `DELETE FROM benefit_payments WHERE status = '`+shebao.PaymentPending+`' AND `+cond, dargs...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); int(n) != len(cs) {
			return shebao.Errorf(shebao.ECONFLICT, "%s", c.changed)
		}
		return nil
	}); err != nil {
		return 0, err
	}
	source := "payment-cancel:" + newID()
	es := shebao.CancellationEntries(today, source, c.cause, groups)
	if _, err := tx.postFor(ctx, c.entity, es); err != nil {
		return 0, err
	}
	if len(moves) > 0 {
		if _, err := tx.moveAccountsFor(ctx, c.entity, today, source, c.accountCause+"后取消发放的待遇退回个人账户", moves); err != nil {
			return 0, err
		}
	}
	after := map[string]any{"cancelled": len(cs), "reason": c.reason}
	if len(cs) <= 50 {
		after["payments"] = ins
	}
	key := cs[0].benefit + ":" + cs[0].month
	if c.authorize {
		if err := authorize(c.actor, c.auditAction, c.auditEntity, key); err != nil {
			return 0, err
		}
	}
	return len(cs), tx.auditAs(ctx, c.actor, c.auditAction, c.auditEntity, key, c.auditRegion, nil, after)
}
