package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/shebao/shebao"
)

// Refunds (退费), corrections (更正/冲正) and 暂收款 applied to later bills.
//
// A payment is never edited. A refund pays money back to the employer and
// is a new payments row of kind 'refund' with a negative amount and ref =
// the original payment's receipt number; a correction reverses a payment
// recorded against the wrong employer or with a wrong amount in full, as a
// row of kind 'correction', so that the clerk can record the right payment
// (under a receipt number of its own). Both wait for a second clerk's
// approval (经办 → 复核: approval kinds payment.refund and payment.correct);
// the approving transaction carries them out.
//
// What a payment still holds is computed from its rows and those referring
// to it: its 暂收款 (the part neither allocated to bills nor used for late
// fees) = Σ amounts − Σ allocations − Σ late fees paid, over the payment
// and its refunds and corrections. A refund takes the 暂收款 first; beyond
// it, and only with a reason (多征: a bill over-collected), it reverses the
// payment's allocations, newest period first. Reversed allocations are new
// negative rows; a bill paid in full that becomes unpaid again has the
// individual-account credits of its lines withdrawn (MoveAccounts, source
// "bill-reversal:<uscc>:<period>:<n>"), and when it is paid in full again
// they are credited anew (creditBillAccounts, source
// "bill:<uscc>:<period>:<n>").
//
// The ledger, per fund: a refund posts Dr 2201 暂收款 (fund 110, which
// holds the 暂收款) or Dr 4001 社会保险费收入 (the reversed allocations, by
// scheme) / Cr 1002 银行存款 (kind collection, source "refund:<id>"); a
// correction posts the same lines and, for the late fees, Dr 1101 / Cr 1002
// (fees the payment paid) and Dr 4099 / Cr 1101 (fees its late allocations
// had assessed), kind adjustment, source "correction:<id>".
//
// 暂收款 applied later: when a bill exists that is not paid in full and
// the employer holds 暂收款, the money is allocated to it oldest bill
// first, oldest payment first (new allocations rows under the payment that
// held it): after each assessment for every employer in scope that holds
// 暂收款, and by ApplyCredit (shebao payments apply). Ledger: fund 110
// Dr 2201 / Cr 4001 (its own share) and Cr 1002 (the other funds' shares,
// which leave 110's bank); each other fund Dr 1002 / Cr 4001 (kind
// collection, source "credit:<payment id>:<period>"). What is left after
// the bills then pays the late fees outstanding (latefees.go rule 3).
//
// Concurrency: every operation locks the employer's row first (PostgreSQL
// SELECT … FOR NO KEY UPDATE, as RecordPayment does) and reads the
// payment's state after the lock; SQLite has one writer. Two refunds of
// the same 暂收款 approved at once: the second finds it spent and fails,
// and its approval stays pending.

// paymentState is a payment of kind 'payment' with what its rows and the
// rows referring to it add up to.
type paymentState struct {
	shebao.Payment
	ids        []string // the payment and its refunds and corrections
	net        int64    // Σ amounts
	allocated  int64    // Σ allocations
	feesPaid   int64    // Σ late fees paid
	correction string   // receipt of the correction that reversed it
}

// credit is the payment's 暂收款.
func (s *paymentState) credit() int64 { return s.net - s.allocated - s.feesPaid }

// paymentStates returns the employer's payments of kind 'payment' by
// receipt number, and their receipt numbers oldest first (by date).
func (tx *Tx) paymentStates(ctx context.Context, uscc string) (map[string]*paymentState, []string, error) {
	rows, err := tx.Query(ctx, `SELECT id, receipt_no, kind, ref, employer_uscc, amount, paid_on, created_by FROM payments
		WHERE employer_uscc = $1 ORDER BY paid_on, receipt_no`, uscc)
	if err != nil {
		return nil, nil, err
	}
	states := map[string]*paymentState{}
	byID := map[string]*paymentState{}
	var order []string
	var others []shebao.Payment
	for rows.Next() {
		var p shebao.Payment
		var amt int64
		if err := rows.Scan(&p.ID, &p.ReceiptNo, &p.Kind, &p.Ref, &p.Employer, &amt, &p.PaidOn, &p.CreatedBy); err != nil {
			rows.Close()
			return nil, nil, err
		}
		p.Amount = shebao.Money(amt)
		if p.Kind == shebao.PaymentKindPayment {
			s := &paymentState{Payment: p, ids: []string{p.ID}, net: amt}
			states[p.ReceiptNo], byID[p.ID] = s, s
			order = append(order, p.ReceiptNo)
		} else {
			others = append(others, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, p := range others {
		s, ok := states[p.Ref]
		if !ok {
			continue
		}
		s.ids = append(s.ids, p.ID)
		s.net += int64(p.Amount)
		byID[p.ID] = s
		if p.Kind == shebao.PaymentKindCorrection {
			s.correction = p.ReceiptNo
		}
	}
	for _, q := range []struct {
		sql string
		add func(*paymentState, int64)
	}{
		{`SELECT payment_id, CAST(SUM(amount) AS BIGINT) FROM allocations WHERE employer_uscc = $1 GROUP BY payment_id`,
			func(s *paymentState, v int64) { s.allocated += v }},
		{`SELECT payment_id, CAST(SUM(amount) AS BIGINT) FROM late_fee_collections WHERE employer_uscc = $1 GROUP BY payment_id`,
			func(s *paymentState, v int64) { s.feesPaid += v }},
	} {
		rows, err := tx.Query(ctx, q.sql, uscc)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id string
			var v int64
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if s, ok := byID[id]; ok {
				q.add(s, v)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return states, order, nil
}

// lockEmployer locks the employer's row (PostgreSQL) so that its payments,
// refunds, corrections and credit applications run one at a time.
func (tx *Tx) lockEmployer(ctx context.Context, uscc string) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	var u string
	err := tx.QueryRow(ctx, `SELECT uscc FROM employers WHERE uscc = $1 FOR NO KEY UPDATE`, uscc).Scan(&u)
	if err != nil && !isNoRows(err) {
		return err
	}
	return nil
}

// reversalTarget finds the original payment of a refund or correction,
// locks its employer and returns the employer and the payment's state.
func (tx *Tx) reversalTarget(ctx context.Context, ref string) (*shebao.Employer, *paymentState, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	orig, err := tx.paymentByReceipt(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	if orig == nil {
		return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的缴款", ref)
	}
	if orig.Kind != shebao.PaymentKindPayment {
		return nil, nil, shebao.FieldErrorf("ref", "回单号%s是一笔%s,只能对缴款到账办理退费或更正", ref, reversalKindName(orig.Kind))
	}
	if err := tx.lockEmployer(ctx, orig.Employer); err != nil {
		return nil, nil, err
	}
	e, err := tx.findEmployer(ctx, orig.Employer)
	if err != nil {
		return nil, nil, err
	}
	if e == nil || !sc.contains(e.Region) {
		return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的缴款", ref)
	}
	states, _, err := tx.paymentStates(ctx, e.USCC)
	if err != nil {
		return nil, nil, err
	}
	st := states[ref]
	if st == nil {
		return nil, nil, fmt.Errorf("payment %s not in its employer's payments", ref)
	}
	return e, st, nil
}

func reversalKindName(kind string) string {
	switch kind {
	case shebao.PaymentKindRefund:
		return "退费"
	case shebao.PaymentKindCorrection:
		return "更正"
	}
	return "缴款"
}

// priorReversal looks for a payment already recorded under the receipt
// number: the same refund or correction again is a repeat (done), anything
// else a conflict.
func (tx *Tx) priorReversal(ctx context.Context, receipt, kind, ref string, amount shebao.Money) (*shebao.Payment, error) {
	prior, err := tx.paymentByReceipt(ctx, receipt)
	if err != nil || prior == nil {
		return nil, err
	}
	if prior.Kind != kind || prior.Ref != ref || (amount != 0 && prior.Amount != -amount) {
		return nil, shebao.Errorf(shebao.ECONFLICT, "凭证号%s已登记为%s(原回单号%s,%s元),与本次不符", receipt, reversalKindName(prior.Kind),
			prior.Ref, prior.Amount)
	}
	return prior, nil
}

// pendingReversal returns a pending or approved approval of the kind for
// the receipt number, and whether its payload is the same request.
func (tx *Tx) pendingReversal(ctx context.Context, kind, receipt string, payload any) (*shebao.Approval, bool, error) {
	rows, err := tx.Query(ctx, `SELECT id, payload FROM approvals WHERE kind = $1 AND status <> $2 ORDER BY made_at DESC`, kind, shebao.ApprovalRejected)
	if err != nil {
		return nil, false, err
	}
	var found, body string
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return nil, false, err
		}
		var head struct {
			Receipt string `json:"receipt"`
		}
		if json.Unmarshal([]byte(p), &head) == nil && head.Receipt == receipt && found == "" {
			found, body = id, p
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || found == "" {
		return nil, false, err
	}
	ap, err := tx.findApproval(ctx, found)
	if err != nil {
		return nil, false, err
	}
	return ap, body == jsonText(payload), nil
}

// reversalRequest is the request of a refund or a correction, of an
// employer's payment or a personal one: the approval's payload.
type reversalRequest interface {
	Normalize() error
	Voucher() string // its own receipt (voucher) number, once normalized
}

// reversalKinds gives, for each approval kind of a refund or correction,
// the right the maker needs and the word its messages use.
var reversalKinds = map[string]struct{ right, label string }{
	shebao.ApprovePaymentRefund:  {"payment.refund", "退费"},
	shebao.ApprovePaymentCorrect: {"payment.correct", "更正"},
	shebao.ApproveFlexRefund:     {"payment.refund", "退费"},
	shebao.ApproveFlexCorrect:    {"payment.correct", "更正"},
}

// submitReversal is the submission (经办) of a refund or correction for
// approval, common to RecordRefund, RecordCorrection, RecordFlexRefund and
// RecordFlexCorrection: it authorizes the maker, normalizes the request,
// calls find (the original payment, locked, in scope), then returns the
// approval already made under the voucher number when it is the same
// request (ECONFLICT when it is another), and otherwise calls check (an
// earlier reversal under that number, what the payment allows now), which
// gives the region and summary of the approval it submits.
func (db *DB) submitReversal(ctx context.Context, kind string, r reversalRequest, find func(tx *Tx) error,
	check func(tx *Tx) (region, summary string, err error)) (*shebao.Approval, error) {
	k, ok := reversalKinds[kind]
	if !ok {
		return nil, fmt.Errorf("not a reversal approval kind %q", kind)
	}
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		sc, err := scopeOf(ctx)
		if err != nil {
			return err
		}
		if err := authorize(sc.actor, k.right, shebao.EntityContribution, ""); err != nil {
			return err
		}
		if err := r.Normalize(); err != nil {
			return err
		}
		if err := find(tx); err != nil {
			return err
		}
		if ap, same, err := tx.pendingReversal(ctx, kind, r.Voucher(), r); err != nil {
			return err
		} else if ap != nil {
			if !same {
				return shebao.Errorf(shebao.ECONFLICT, "凭证号%s已有%s申请%s(%s),与本次不符", r.Voucher(), k.label, ap.ID, ap.Status)
			}
			out = ap
			return nil
		}
		region, summary, err := check(tx)
		if err != nil {
			return err
		}
		out, err = tx.submitApproval(ctx, kind, region, summary, r)
		return err
	})
	return out, err
}

// RecordRefund submits a refund for approval (经办): it is checked against
// the payment as it is now (at most its 暂收款, or with a reason also what
// it allocated to bills) and carried out when another clerk approves it
// (复核), checked again then. The same request (same receipt number) again
// returns the approval already submitted or decided; another request under
// that receipt number is ECONFLICT.
func (db *DB) RecordRefund(ctx context.Context, r shebao.RefundRequest) (*shebao.Approval, error) {
	var e *shebao.Employer
	var st *paymentState
	return db.submitReversal(ctx, shebao.ApprovePaymentRefund, &r, func(tx *Tx) (err error) {
		e, st, err = tx.reversalTarget(ctx, r.Ref)
		return err
	}, func(tx *Tx) (string, string, error) {
		if prior, err := tx.priorReversal(ctx, r.Receipt, shebao.PaymentKindRefund, r.Ref, r.Amount); err != nil {
			return "", "", err
		} else if prior != nil {
			return "", "", shebao.Errorf(shebao.ECONFLICT, "凭证号%s的退费已办理", r.Receipt)
		}
		if _, _, err := refundSplit(st, r); err != nil {
			return "", "", err
		}
		summary := fmt.Sprintf("退费:%s(%s)回单号%s退还%s元,凭证号%s,退费日期%s", e.Name, e.USCC, r.Ref, r.Amount, r.Receipt, r.Date)
		if r.Reason != "" {
			summary += ",原因:" + r.Reason
		}
		return e.Region, summary, nil
	})
}

// refundSplit splits a refund into the part from the payment's 暂收款 and
// the part reversing its allocations, or says why it is refused.
func refundSplit(st *paymentState, r shebao.RefundRequest) (fromCredit, fromAlloc int64, err error) {
	if st.correction != "" {
		return 0, 0, shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已更正(冲正凭证%s),不能再退费", st.ReceiptNo, st.correction)
	}
	credit := max(st.credit(), 0)
	amt := int64(r.Amount)
	fromCredit = min(amt, credit)
	fromAlloc = amt - fromCredit
	if fromAlloc > 0 && r.Reason == "" {
		return 0, 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s的暂收款余额%s元:退还已冲抵应缴的部分(多征)须说明原因",
			r.Amount, st.ReceiptNo, shebao.Money(credit))
	}
	if fromAlloc > st.allocated {
		return 0, 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s尚可退还的%s元(暂收款%s元,已冲抵应缴%s元)",
			r.Amount, st.ReceiptNo, shebao.Money(credit+st.allocated), shebao.Money(credit), shebao.Money(st.allocated))
	}
	return fromCredit, fromAlloc, nil
}

// RecordCorrection submits the correction (冲正) of a payment for approval:
// once approved, the payment is reversed in full (what is left of it after
// refunds), and the employer's bills, arrears, late fees, individual
// accounts and ledger are as if it had never been recorded. The right
// payment is then recorded as a new payment with its own receipt number.
// The same request again returns the approval already made.
func (db *DB) RecordCorrection(ctx context.Context, r shebao.CorrectionRequest) (*shebao.Approval, error) {
	var e *shebao.Employer
	var st *paymentState
	return db.submitReversal(ctx, shebao.ApprovePaymentCorrect, &r, func(tx *Tx) (err error) {
		e, st, err = tx.reversalTarget(ctx, r.Ref)
		return err
	}, func(tx *Tx) (string, string, error) {
		if prior, err := tx.priorReversal(ctx, r.Receipt, shebao.PaymentKindCorrection, r.Ref, 0); err != nil {
			return "", "", err
		} else if prior != nil {
			return "", "", shebao.Errorf(shebao.ECONFLICT, "凭证号%s的更正已办理", r.Receipt)
		}
		if err := correctable(st); err != nil {
			return "", "", err
		}
		summary := fmt.Sprintf("更正(冲正):%s(%s)回单号%s的缴款%s元(到账%s)全额冲销,凭证号%s,原因:%s",
			e.Name, e.USCC, r.Ref, shebao.Money(st.net), st.PaidOn, r.Receipt, r.Reason)
		return e.Region, summary, nil
	})
}

func correctable(st *paymentState) error {
	if st.correction != "" {
		return shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已更正(冲正凭证%s)", st.ReceiptNo, st.correction)
	}
	if st.net <= 0 {
		return shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已全部退还,无须更正", st.ReceiptNo)
	}
	return nil
}

// makerOf is the maker of the approval being carried out, or the actor.
func makerOf(ctx context.Context, a shebao.Actor) string {
	if m, ok := ctx.Value(approvalMakerKey{}).(string); ok && m != "" {
		return m
	}
	return a.Name
}

// insertReversal inserts the refund or correction row.
func (tx *Tx) insertReversal(ctx context.Context, p *shebao.Payment) error {
	a, _ := shebao.ActorFrom(ctx)
	p.ID, p.CreatedAt, p.CreatedBy = newID(), tx.now, makerOf(ctx, a)
	_, err := tx.Exec(ctx, `INSERT INTO payments (id, receipt_no, kind, ref, employer_uscc, amount, paid_on, source, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.ReceiptNo, p.Kind, p.Ref, p.Employer, int64(p.Amount), p.PaidOn, p.Source, fmtTime(tx.now), p.CreatedBy)
	return err
}

// recordRefund carries out an approved refund.
func (tx *Tx) recordRefund(ctx context.Context, r shebao.RefundRequest) (*shebao.ReversalResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payment.refund", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	if err := r.Normalize(); err != nil {
		return nil, err
	}
	e, st, err := tx.reversalTarget(ctx, r.Ref)
	if err != nil {
		return nil, err
	}
	if prior, err := tx.priorReversal(ctx, r.Receipt, shebao.PaymentKindRefund, r.Ref, r.Amount); err != nil {
		return nil, err
	} else if prior != nil {
		return &shebao.ReversalResult{Payment: *prior, Original: st.Payment, Reversed: []shebao.Allocation{}, Unsettled: []shebao.Period{}, Repeat: true,
			Summary: fmt.Sprintf("凭证号%s的退费已办理,未重复退费", r.Receipt)}, nil
	}
	fromCredit, fromAlloc, err := refundSplit(st, r)
	if err != nil {
		return nil, err
	}
	p := shebao.Payment{ReceiptNo: r.Receipt, Kind: shebao.PaymentKindRefund, Ref: r.Ref, Employer: e.USCC, Amount: -r.Amount,
		PaidOn: r.Date, Source: "refund"}
	if err := tx.insertReversal(ctx, &p); err != nil {
		return nil, err
	}
	res := &shebao.ReversalResult{Payment: p, Original: st.Payment, Suspense: shebao.Money(fromCredit)}
	if err := tx.reverseAllocations(ctx, e, p, st, fromAlloc, res); err != nil {
		return nil, err
	}
	debits := map[string][]shebao.Line{}
	for _, al := range res.Reversed {
		for scheme, m := range al.ByScheme {
			l := shebao.Debit(shebao.AcctContributionIncome, -m)
			l.Memo = fmt.Sprintf("退费 %s %s", e.USCC, al.Period)
			debits[scheme] = append(debits[scheme], l)
		}
	}
	if fromCredit > 0 {
		l := shebao.Debit(shebao.AcctSuspense, shebao.Money(fromCredit))
		l.Memo = "退还暂收款 " + e.USCC
		debits[creditFund] = append(debits[creditFund], l)
	}
	if err := tx.postReversal(ctx, shebao.PostCollection, "refund:"+p.ID, p.PaidOn,
		fmt.Sprintf("退费:%s(%s)原回单号%s,凭证号%s", e.Name, e.USCC, r.Ref, r.Receipt), debits, nil); err != nil {
		return nil, err
	}
	if err := tx.withdrawUnsettled(ctx, e, res.Unsettled, p.PaidOn); err != nil {
		return nil, err
	}
	res.Summary = fmt.Sprintf("已向%s(%s)退费%s元(暂收款%s元,冲回已缴%s元),凭证号%s", e.Name, e.USCC, r.Amount,
		shebao.Money(fromCredit), shebao.Money(fromAlloc), r.Receipt)
	if len(res.Unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(res.Unsettled))
	}
	if err := tx.audit(ctx, "payment.refund", shebao.EntityContribution, p.ID, e.Region, nil, res); err != nil {
		return nil, err
	}
	return res, nil
}

// recordCorrection carries out an approved correction.
func (tx *Tx) recordCorrection(ctx context.Context, r shebao.CorrectionRequest) (*shebao.ReversalResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payment.correct", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	if err := r.Normalize(); err != nil {
		return nil, err
	}
	e, st, err := tx.reversalTarget(ctx, r.Ref)
	if err != nil {
		return nil, err
	}
	if prior, err := tx.priorReversal(ctx, r.Receipt, shebao.PaymentKindCorrection, r.Ref, 0); err != nil {
		return nil, err
	} else if prior != nil {
		return &shebao.ReversalResult{Payment: *prior, Original: st.Payment, Reversed: []shebao.Allocation{}, Unsettled: []shebao.Period{}, Repeat: true,
			Summary: fmt.Sprintf("凭证号%s的更正已办理,未重复冲正", r.Receipt)}, nil
	}
	if err := correctable(st); err != nil {
		return nil, err
	}
	p := shebao.Payment{ReceiptNo: r.Receipt, Kind: shebao.PaymentKindCorrection, Ref: r.Ref, Employer: e.USCC, Amount: -shebao.Money(st.net),
		PaidOn: r.Date, Source: "correction"}
	if err := tx.insertReversal(ctx, &p); err != nil {
		return nil, err
	}
	res := &shebao.ReversalResult{Payment: p, Original: st.Payment, Suspense: shebao.Money(st.credit())}
	if err := tx.reverseAllocations(ctx, e, p, st, st.allocated, res); err != nil {
		return nil, err
	}
	debits := map[string][]shebao.Line{}
	credits := map[string][]shebao.Line{}
	for _, al := range res.Reversed {
		for scheme, m := range al.ByScheme {
			l := shebao.Debit(shebao.AcctContributionIncome, -m)
			l.Memo = fmt.Sprintf("冲正 %s %s", e.USCC, al.Period)
			debits[scheme] = append(debits[scheme], l)
		}
	}
	if res.Suspense > 0 {
		l := shebao.Debit(shebao.AcctSuspense, res.Suspense)
		l.Memo = "冲正暂收款 " + e.USCC
		debits[creditFund] = append(debits[creditFund], l)
	} else if res.Suspense < 0 {
		return nil, fmt.Errorf("payment %s: negative 暂收款 %s", st.ReceiptNo, res.Suspense)
	}
	// Late fees: what the payment paid is owed again, what its late
	// allocations assessed is cancelled.
	paid, err := tx.reverseFeeCollections(ctx, e, p, st)
	if err != nil {
		return nil, err
	}
	for scheme, m := range paid {
		debits[scheme] = append(debits[scheme], shebao.Debit(shebao.AcctContributionsReceivable, m))
		res.LateFeesPaid += m
	}
	cancelled, err := tx.cancelLateFees(ctx, e, p, st.ID)
	if err != nil {
		return nil, err
	}
	for scheme, m := range cancelled {
		debits[scheme] = append(debits[scheme], shebao.Debit(shebao.AcctOtherIncome, m))
		credits[scheme] = append(credits[scheme], shebao.Credit(shebao.AcctContributionsReceivable, m))
		res.LateFeesCancelled += m
	}
	if err := tx.postReversal(ctx, shebao.PostAdjustment, "correction:"+p.ID, p.PaidOn,
		fmt.Sprintf("冲正:%s(%s)回单号%s的缴款,凭证号%s,原因:%s", e.Name, e.USCC, r.Ref, r.Receipt, r.Reason), debits, credits); err != nil {
		return nil, err
	}
	if err := tx.withdrawUnsettled(ctx, e, res.Unsettled, p.PaidOn); err != nil {
		return nil, err
	}
	res.Summary = fmt.Sprintf("已冲正%s(%s)回单号%s的缴款%s元(冲回已缴%s元、暂收款%s元),凭证号%s;请另行登记正确的缴款", e.Name, e.USCC,
		r.Ref, shebao.Money(st.net), shebao.Money(st.allocated), res.Suspense, r.Receipt)
	if len(res.Unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(res.Unsettled))
	}
	if err := tx.audit(ctx, "payment.correct", shebao.EntityContribution, p.ID, e.Region, nil, res); err != nil {
		return nil, err
	}
	return res, nil
}

// postReversal posts, per fund, the given debit and extra credit lines and
// a credit of 1002 银行存款 for the difference (the money leaving the bank).
func (tx *Tx) postReversal(ctx context.Context, kind, source, date, description string, debits, credits map[string][]shebao.Line) error {
	funds := map[string]bool{}
	for f := range debits {
		funds[f] = true
	}
	for f := range credits {
		funds[f] = true
	}
	names := make([]string, 0, len(funds))
	for f := range funds {
		names = append(names, f)
	}
	sort.Strings(names)
	var es []*shebao.Entry
	for _, f := range names {
		var lines []shebao.Line
		var net shebao.Money
		for _, l := range debits[f] {
			if l.Debit > 0 {
				lines = append(lines, l)
				net += l.Debit
			}
		}
		for _, l := range credits[f] {
			if l.Credit > 0 {
				lines = append(lines, l)
				net -= l.Credit
			}
		}
		if net > 0 {
			lines = append(lines, shebao.Credit(shebao.AcctBank, net))
		} else if net < 0 {
			return fmt.Errorf("reversal %s: fund %s credits exceed debits", source, f)
		}
		if len(lines) < 2 {
			continue
		}
		es = append(es, &shebao.Entry{Fund: f, Date: date, Kind: kind, Source: source, Description: description, Lines: lines})
	}
	if len(es) == 0 {
		return nil
	}
	_, err := tx.postFor(ctx, shebao.EntityContribution, es)
	return err
}

// reverseAllocations reverses amount of what the payment (with its refunds)
// allocated, newest period first, each period's part split by scheme in
// proportion to what the payment still has allocated in each: negative
// allocations rows under the reversal p, bills' paid lowered. The reversed
// allocations and the bills made unpaid again go into res.
func (tx *Tx) reverseAllocations(ctx context.Context, e *shebao.Employer, p shebao.Payment, st *paymentState, amount int64, res *shebao.ReversalResult) error {
	res.Reversed, res.Unsettled = []shebao.Allocation{}, []shebao.Period{}
	if amount <= 0 {
		return nil
	}
	cond, args := tx.inKeys("payment_id", st.ids, []any{e.USCC})
	rows, err := tx.Query(ctx, `SELECT period, scheme, CAST(SUM(amount) AS BIGINT) FROM allocation_schemes
		WHERE employer_uscc = $1 AND `+cond+` GROUP BY period, scheme`, args...)
	if err != nil {
		return err
	}
	net := map[string]map[string]int64{}
	for rows.Next() {
		var period, scheme string
		var v int64
		if err := rows.Scan(&period, &scheme, &v); err != nil {
			rows.Close()
			return err
		}
		if v == 0 {
			continue
		}
		if net[period] == nil {
			net[period] = map[string]int64{}
		}
		net[period][scheme] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	periods := make([]string, 0, len(net))
	for period := range net {
		periods = append(periods, period)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(periods)))
	left := amount
	var allocRows, schemeRows [][]any
	for _, period := range periods {
		if left == 0 {
			break
		}
		schemes := make([]string, 0, len(net[period]))
		var have int64
		for s, v := range net[period] {
			schemes = append(schemes, s)
			have += v
		}
		if have <= 0 {
			continue
		}
		sort.Strings(schemes)
		amt := min(left, have)
		weights := make([]int64, len(schemes))
		for i, s := range schemes {
			weights[i] = max(net[period][s], 0)
		}
		shares := splitProportional(amt, weights)
		var paid, total int64
		if err := tx.QueryRow(ctx, `SELECT paid, total FROM bills WHERE employer_uscc = $1 AND period = $2`, e.USCC, period).Scan(&paid, &total); err != nil {
			if isNoRows(err) {
				return fmt.Errorf("bill %s %s of an allocation is missing", e.USCC, period)
			}
			return err
		}
		r, err := tx.Exec(ctx, `UPDATE bills SET paid = paid - $1 WHERE employer_uscc = $2 AND period = $3 AND paid >= $1`, amt, e.USCC, period)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("bill %s %s: paid %d less than the reversal %d", e.USCC, period, paid, amt)
		}
		al := shebao.Allocation{Period: shebao.Period(period), Amount: -shebao.Money(amt), ByScheme: map[string]shebao.Money{}}
		settled := int64(0)
		if paid == total && total > 0 {
			settled = -1
			res.Unsettled = append(res.Unsettled, al.Period)
		}
		for i, s := range schemes {
			if shares[i] == 0 {
				continue
			}
			al.ByScheme[s] = -shebao.Money(shares[i])
			schemeRows = append(schemeRows, []any{p.ID, e.USCC, period, s, -shares[i]})
		}
		allocRows = append(allocRows, []any{p.ID, e.USCC, period, -amt, int64(0), settled})
		res.Reversed = append(res.Reversed, al)
		left -= amt
	}
	if left != 0 {
		return fmt.Errorf("payment %s: %d of the reversal not found in its allocations", st.ReceiptNo, left)
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: "allocations",
		cols:    []string{"payment_id", "employer_uscc", "period", "amount", "late_fee_days", "settled"},
		pgTypes: []string{"text", "text", "text", "bigint", "bigint", "bigint"}}, allocRows); err != nil {
		return err
	}
	return tx.bulkInsert(ctx, bulkTable{name: "allocation_schemes",
		cols:    []string{"payment_id", "employer_uscc", "period", "scheme", "amount"},
		pgTypes: []string{"text", "text", "text", "text", "bigint"}}, schemeRows)
}

// billReversals is how many times a bill paid in full was made unpaid
// again (allocations with settled = -1): its next crediting of the
// individual accounts is under a source of its own.
func (tx *Tx) billReversals(ctx context.Context, uscc string, period shebao.Period) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM allocations WHERE employer_uscc = $1 AND period = $2 AND settled = -1`, uscc, string(period)).Scan(&n)
	return n, err
}

// withdrawUnsettled withdraws the individual-account credits of bills that
// were paid in full and are not any more: each 110 and 310 line's account
// amount, as the crediting did (creditBillAccounts).
func (tx *Tx) withdrawUnsettled(ctx context.Context, e *shebao.Employer, periods []shebao.Period, date string) error {
	for _, period := range periods {
		n, err := tx.billReversals(ctx, e.USCC, period)
		if err != nil {
			return err
		}
		source := fmt.Sprintf("bill-reversal:%s:%s:%d", e.USCC, period, n)
		ms, err := tx.billAccountMovements(ctx, e.USCC, period, shebao.MoveWithdraw, source, date)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			continue
		}
		if _, err := tx.moveAccountsFor(ctx, shebao.EntityContribution, date, source,
			fmt.Sprintf("个人账户冲回:%s(%s)%s缴费退费或冲正后不再足额", e.Name, e.USCC, period), ms); err != nil {
			return err
		}
	}
	return nil
}

// Suspense returns the payments of an employer that hold 暂收款, oldest
// first, and their total.
func (db *DB) Suspense(ctx context.Context, uscc string) ([]shebao.CreditHeld, shebao.Money, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if err := authorize(sc.actor, "contribution.read", shebao.EntityContribution, ""); err != nil {
		return nil, 0, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, 0, err
	}
	out := []shebao.CreditHeld{}
	var total shebao.Money
	err = db.Update(ctx, func(tx *Tx) error {
		e, err := tx.findEmployer(ctx, code)
		if err != nil {
			return err
		}
		if e == nil || !sc.contains(e.Region) {
			return notFoundEmployer(code)
		}
		states, order, err := tx.paymentStates(ctx, code)
		if err != nil {
			return err
		}
		for _, rn := range order {
			s := states[rn]
			if c := s.credit(); c > 0 {
				out = append(out, shebao.CreditHeld{ReceiptNo: rn, PaidOn: s.PaidOn, Amount: s.Amount, Credit: shebao.Money(c)})
				total += shebao.Money(c)
			}
		}
		return nil
	})
	return out, total, err
}

// ApplyCredit applies the employer's 暂收款 to its bills not paid in full,
// oldest bill first, oldest payment first, and then what is left of it to
// the late fees outstanding (shebao payments apply). Nothing to apply is
// not an error; applying again changes nothing.
func (db *DB) ApplyCredit(ctx context.Context, uscc, date string) (*shebao.CreditResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "payment.apply", shebao.EntityContribution, ""); err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	if _, err := parseDate("date", date); err != nil {
		return nil, err
	}
	var res *shebao.CreditResult
	err = db.Update(ctx, func(tx *Tx) error {
		if err := tx.lockEmployer(ctx, code); err != nil {
			return err
		}
		e, err := tx.findEmployer(ctx, code)
		if err != nil {
			return err
		}
		if e == nil || !sc.contains(e.Region) {
			return notFoundEmployer(code)
		}
		res, err = tx.applyCredit(ctx, e, date)
		return err
	})
	return res, err
}

// applyCreditAfterAssessment applies 暂收款 for every employer in scope
// that holds some and has a bill not paid in full or late fees
// outstanding (the hook at the end of an assessment).
func (tx *Tx) applyCreditAfterAssessment(ctx context.Context, sc scope) error {
	conds, args := sc.where("e.region_code", nil, nil)
	scopeCond := ""
	if len(conds) > 0 {
		scopeCond = " AND " + strings.Join(conds, " AND ")
	}
	rows, err := tx.Query(ctx, `SELECT p.employer_uscc FROM payments p JOIN employers e ON e.uscc = p.employer_uscc
		WHERE (EXISTS (SELECT 1 FROM bills b WHERE b.employer_uscc = p.employer_uscc AND b.paid < b.total)
			OR COALESCE((SELECT SUM(f.amount) FROM late_fees f WHERE f.employer_uscc = p.employer_uscc), 0)
				> COALESCE((SELECT SUM(c.amount) FROM late_fee_collections c WHERE c.employer_uscc = p.employer_uscc), 0))`+scopeCond+`
		GROUP BY p.employer_uscc
		HAVING SUM(p.amount) > COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.employer_uscc = p.employer_uscc), 0)
			+ COALESCE((SELECT SUM(c.amount) FROM late_fee_collections c WHERE c.employer_uscc = p.employer_uscc), 0)
		ORDER BY p.employer_uscc`, args...)
	if err != nil {
		return err
	}
	var codes []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			rows.Close()
			return err
		}
		codes = append(codes, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	date := tx.now.Format(shebao.DateLayout)
	for _, u := range codes {
		if err := tx.lockEmployer(ctx, u); err != nil {
			return err
		}
		e, err := tx.findEmployer(ctx, u)
		if err != nil {
			return err
		}
		if e == nil {
			continue
		}
		if _, err := tx.applyCredit(ctx, e, date); err != nil {
			return err
		}
	}
	return nil
}

// applyCredit applies the employer's 暂收款 (the employer locked). An
// allocation made from a payment's 暂收款 is dated by that payment: the
// money was with the fund since it arrived, so its late days are counted to
// the payment's date (0 when it came before the due date), never to the
// day the clerk applied it.
func (tx *Tx) applyCredit(ctx context.Context, e *shebao.Employer, date string) (*shebao.CreditResult, error) {
	res := &shebao.CreditResult{Employer: e.USCC, Applied: []shebao.AppliedCredit{}, LateFees: []shebao.AppliedLateFee{}}
	states, order, err := tx.paymentStates(ctx, e.USCC)
	if err != nil {
		return nil, err
	}
	type holder struct {
		st   *paymentState
		left int64
	}
	var holders []*holder
	for _, rn := range order {
		s := states[rn]
		if c := s.credit(); c > 0 && s.correction == "" {
			holders = append(holders, &holder{s, c})
		}
	}
	if len(holders) == 0 {
		return res, nil
	}
	rows, err := tx.Query(ctx, `SELECT period, due_date, total, paid FROM bills WHERE employer_uscc = $1 AND paid < total ORDER BY period`, e.USCC)
	if err != nil {
		return nil, err
	}
	var bills []unpaidBill
	for rows.Next() {
		var b unpaidBill
		if err := rows.Scan(&b.period, &b.due, &b.total, &b.paid); err != nil {
			rows.Close()
			return nil, err
		}
		bills = append(bills, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The next seq of each (payment, bill): a payment that allocated to
	// a bill before (the bill was made unpaid again since) allocates again
	// under a seq of its own.
	nextSeq := map[string]int64{}
	if len(bills) > 0 {
		rows, err := tx.Query(ctx, `SELECT payment_id, period, MAX(seq) FROM allocations WHERE employer_uscc = $1 GROUP BY payment_id, period`, e.USCC)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, period string
			var seq int64
			if err := rows.Scan(&id, &period, &seq); err != nil {
				rows.Close()
				return nil, err
			}
			nextSeq[id+"|"+period] = seq + 1
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, b := range bills {
		for _, h := range holders {
			if b.paid == b.total {
				break
			}
			if h.left == 0 {
				continue
			}
			amt := min(h.left, b.total-b.paid)
			al, err := tx.allocateCredit(ctx, e, h.st, b, amt, nextSeq[h.st.ID+"|"+b.period])
			if err != nil {
				return nil, err
			}
			h.left -= amt
			b.paid += amt
			res.Applied = append(res.Applied, shebao.AppliedCredit{ReceiptNo: h.st.ReceiptNo, Allocation: *al})
			res.Total += al.Amount
		}
	}
	// Then the late fees outstanding (those just assessed by late
	// allocations above included), from what each payment still holds,
	// oldest payment first.
	for _, h := range holders {
		if h.left == 0 {
			continue
		}
		paid, err := tx.collectLateFeesFromCredit(ctx, e, h.st, h.left, date)
		if err != nil {
			return nil, err
		}
		if len(paid) == 0 {
			break // nothing outstanding any more
		}
		fee := shebao.AppliedLateFee{ReceiptNo: h.st.ReceiptNo, ByScheme: paid}
		for _, m := range paid {
			fee.Amount += m
		}
		h.left -= int64(fee.Amount)
		res.LateFees = append(res.LateFees, fee)
		res.LateFeeTotal += fee.Amount
	}
	for _, h := range holders {
		res.Left += shebao.Money(h.left)
	}
	if len(res.Applied) > 0 || len(res.LateFees) > 0 {
		if err := tx.audit(ctx, "payment.apply", shebao.EntityContribution, e.USCC, e.Region, nil, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// allocateCredit allocates amt of a payment's 暂收款 to one bill, with its
// scheme split, ledger entries, individual-account credits when the bill
// is now paid in full, and the late fee when it is late.
func (tx *Tx) allocateCredit(ctx context.Context, e *shebao.Employer, st *paymentState, b unpaidBill, amt, seq int64) (*shebao.Allocation, error) {
	remaining, err := tx.schemeRemaining(ctx, e.USCC, []string{b.period})
	if err != nil {
		return nil, err
	}
	r, err := tx.Exec(ctx, `UPDATE bills SET paid = paid + $1 WHERE employer_uscc = $2 AND period = $3 AND paid + $1 <= total`, amt, e.USCC, b.period)
	if err != nil {
		return nil, err
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return nil, fmt.Errorf("bill %s %s: paid changed while applying 暂收款", e.USCC, b.period)
	}
	al := &shebao.Allocation{Period: shebao.Period(b.period), Amount: shebao.Money(amt), LateDays: lateDays(b.due, st.PaidOn),
		Settled: b.paid+amt == b.total, ByScheme: map[string]shebao.Money{}}
	schemes := remaining[b.period]
	weights := make([]int64, len(schemes))
	for j, s := range schemes {
		weights[j] = s.remaining
	}
	shares := splitProportional(amt, weights)
	var schemeRows [][]any
	for j, s := range schemes {
		if shares[j] == 0 {
			continue
		}
		al.ByScheme[s.scheme] = shebao.Money(shares[j])
		schemeRows = append(schemeRows, []any{st.ID, e.USCC, b.period, seq, s.scheme, shares[j]})
	}
	settled := int64(0)
	if al.Settled {
		settled = 1
	}
	if _, err := tx.Exec(ctx, `INSERT INTO allocations (payment_id, employer_uscc, period, seq, amount, late_fee_days, settled) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		st.ID, e.USCC, b.period, seq, amt, int64(al.LateDays), settled); err != nil {
		return nil, err
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: "allocation_schemes",
		cols:    []string{"payment_id", "employer_uscc", "period", "seq", "scheme", "amount"},
		pgTypes: []string{"text", "text", "text", "bigint", "text", "bigint"}}, schemeRows); err != nil {
		return nil, err
	}
	// The ledger: fund 110 releases the 暂收款; the other funds' shares
	// move from 110's bank to theirs.
	date := tx.now.Format(shebao.DateLayout)
	source := "credit:" + st.ID + ":" + b.period
	if seq > 0 {
		source += fmt.Sprintf(":%d", seq)
	}
	desc := fmt.Sprintf("暂收款冲抵应缴:%s(%s)回单号%s冲抵%s", e.Name, e.USCC, st.ReceiptNo, b.period)
	memo := fmt.Sprintf("%s %s", e.USCC, b.period)
	lines110 := []shebao.Line{shebao.Debit(shebao.AcctSuspense, shebao.Money(amt))}
	var others shebao.Money
	var es []*shebao.Entry
	funds := make([]string, 0, len(al.ByScheme))
	for f := range al.ByScheme {
		funds = append(funds, f)
	}
	sort.Strings(funds)
	for _, f := range funds {
		m := al.ByScheme[f]
		l := shebao.Credit(shebao.AcctContributionIncome, m)
		l.Memo = memo
		if f == creditFund {
			lines110 = append(lines110, l)
			continue
		}
		others += m
		d := shebao.Debit(shebao.AcctBank, m)
		d.Memo = "暂收款划入 " + st.ReceiptNo
		es = append(es, &shebao.Entry{Fund: f, Date: date, Kind: shebao.PostCollection, Source: source, Description: desc, Lines: []shebao.Line{d, l}})
	}
	if others > 0 {
		l := shebao.Credit(shebao.AcctBank, others)
		l.Memo = "划入其他险种基金"
		lines110 = append(lines110, l)
	}
	es = append(es, &shebao.Entry{Fund: creditFund, Date: date, Kind: shebao.PostCollection, Source: source, Description: desc, Lines: lines110})
	if _, err := tx.postFor(ctx, shebao.EntityContribution, es); err != nil {
		return nil, err
	}
	if al.Settled {
		if err := tx.creditBillAccounts(ctx, e, al.Period, date); err != nil {
			return nil, err
		}
	}
	if err := tx.assessLateFees(ctx, e, st.ID, st.PaidOn, seq, []shebao.Allocation{*al}); err != nil {
		return nil, err
	}
	return al, nil
}

// ExecuteRefund carries out an approved a refund of contributions (shebao.ApprovePaymentRefund), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecuteRefund(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executeRefund(ctx, payload) })
}

func (tx *Tx) executeRefund(ctx context.Context, payload []byte) (string, error) {
	var r shebao.RefundRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	res, err := tx.recordRefund(ctx, r)
	if err != nil {
		return "", err
	}
	return res.Summary, nil
}

// ExecuteCorrection carries out an approved a correction of a contribution payment (shebao.ApprovePaymentCorrect), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (db *DB) ExecuteCorrection(ctx context.Context, payload []byte) (string, error) {
	return db.execute(ctx, func(tx *Tx) (string, error) { return tx.executeCorrection(ctx, payload) })
}

func (tx *Tx) executeCorrection(ctx context.Context, payload []byte) (string, error) {
	var r shebao.CorrectionRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	res, err := tx.recordCorrection(ctx, r)
	if err != nil {
		return "", err
	}
	return res.Summary, nil
}
