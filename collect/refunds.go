package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Refunds (退费) and corrections (更正/冲正) of every payer.
//
// A payment is never edited. A refund pays money back to the payer and is
// a new payments row of kind refund with a negative amount and ref = the
// original payment's receipt number; a correction reverses a payment
// recorded against the wrong payer or with a wrong amount in full (what is
// left of it after refunds), as a row of kind correction, so that the clerk
// can record the right payment under a receipt number of its own. Both
// wait for a second clerk's approval (经办 → 复核: approval kinds
// payment.refund and payment.correct for an employer's payment, flex.refund
// and flex.correct for a flexible payer's); the approving unit of work
// carries them out, checked again then.
//
// A refund takes the payment's 暂收款 first. Beyond it an employer's
// refund, and only with a reason (多征: a bill over-collected), reverses the
// payment's allocations, newest period first; a flexible payer's refund
// never does (a personal payment recorded with a wrong amount is corrected
// in full and recorded again), and may not be dated before the money
// arrived. Reversed allocations are new negative rows; a bill paid in full
// that becomes unpaid again has the individual-account credits of its
// lines withdrawn, and when it is paid in full again they are credited
// anew (payments.go).
//
// The ledger, per fund: a refund posts Dr 2201 暂收款 (fund 110, which holds
// the 暂收款) or Dr 4001 社会保险费收入 (the reversed allocations, by
// scheme) / Cr 1002 银行存款 (kind collection, source "refund:<id>"); a
// correction posts the same lines and, for the late fees, Dr 1101 / Cr 1002
// (fees the payment paid) and Dr 4099 / Cr 1101 (fees its late allocations
// had assessed), kind adjustment, source "correction:<id>".
//
// Concurrency: every operation locks the payer first and reads the
// payment's state after the lock. Two refunds of the same 暂收款 approved at
// once: the second finds it spent and fails, and its approval stays
// pending.

// reversalKind is what an approval kind of a refund or correction means.
type reversalKind struct {
	payerKind string
	kind      string // shebao.PaymentKindRefund or PaymentKindCorrection
	right     string // the right the maker and the checker's execution need
	label     string // the word its messages use
}

var reversalKinds = map[string]reversalKind{
	shebao.ApprovePaymentRefund:  {shebao.PayerEmployer, shebao.PaymentKindRefund, "payment.refund", "退费"},
	shebao.ApprovePaymentCorrect: {shebao.PayerEmployer, shebao.PaymentKindCorrection, "payment.correct", "更正"},
	shebao.ApproveFlexRefund:     {shebao.PayerPerson, shebao.PaymentKindRefund, "payment.refund", "退费"},
	shebao.ApproveFlexCorrect:    {shebao.PayerPerson, shebao.PaymentKindCorrection, "payment.correct", "更正"},
	// The other payers (others.go).
	shebao.ApproveResidentRefund:  {shebao.PayerResident, shebao.PaymentKindRefund, "payment.refund", "退费"},
	shebao.ApproveResidentCorrect: {shebao.PayerResident, shebao.PaymentKindCorrection, "payment.correct", "更正"},
	shebao.ApproveLumpSumRefund:   {shebao.PayerLumpSum, shebao.PaymentKindRefund, "payment.refund", "退费"},
	shebao.ApproveLumpSumCorrect:  {shebao.PayerLumpSum, shebao.PaymentKindCorrection, "payment.correct", "更正"},
}

// reversal is one request of a refund or a correction, of any payer.
type reversal struct {
	approval string // the approval kind
	reversalKind
	receipt, ref, date, reason string
	amount                     shebao.Money // a refund's; 0 for a correction
	payload                    any          // the request as the approval carries it
}

func refundReversal(r *shebao.RefundRequest) *reversal {
	return &reversal{approval: shebao.ApprovePaymentRefund, reversalKind: reversalKinds[shebao.ApprovePaymentRefund],
		receipt: r.Receipt, ref: r.Ref, date: r.Date, reason: r.Reason, amount: r.Amount, payload: r}
}

func correctionReversal(r *shebao.CorrectionRequest) *reversal {
	return &reversal{approval: shebao.ApprovePaymentCorrect, reversalKind: reversalKinds[shebao.ApprovePaymentCorrect],
		receipt: r.Receipt, ref: r.Ref, date: r.Date, reason: r.Reason, payload: r}
}

func flexRefundReversal(r *shebao.FlexRefundRequest) *reversal {
	return &reversal{approval: shebao.ApproveFlexRefund, reversalKind: reversalKinds[shebao.ApproveFlexRefund],
		receipt: r.Receipt, ref: r.Ref, date: r.Date, reason: r.Reason, amount: r.Amount, payload: r}
}

func flexCorrectionReversal(r *shebao.FlexCorrectionRequest) *reversal {
	return &reversal{approval: shebao.ApproveFlexCorrect, reversalKind: reversalKinds[shebao.ApproveFlexCorrect],
		receipt: r.Receipt, ref: r.Ref, date: r.Date, reason: r.Reason, payload: r}
}

// notFound is the answer for an original payment that is not there (or
// not in the jurisdiction).
func (v *reversal) notFound() error {
	if v.payerKind == shebao.PayerResident || v.payerKind == shebao.PayerLumpSum {
		return shebao.Errorf(shebao.ENOTFOUND, "未找到票据号为%s的%s", v.ref, whose(v.payerKind))
	}
	if v.payerKind == shebao.PayerPerson {
		return shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的灵活就业缴款", v.ref)
	}
	return shebao.Errorf(shebao.ENOTFOUND, "未找到回单号为%s的缴款", v.ref)
}

func kindName(kind string) string {
	switch kind {
	case shebao.PaymentKindRefund:
		return "退费"
	case shebao.PaymentKindCorrection:
		return "更正"
	}
	return "缴款"
}

// target finds the original payment of a refund or correction, locks its
// payer and returns the payer and the payment's state.
func (s *Service) target(ctx context.Context, v *reversal) (*shebao.Payer, *paymentState, error) {
	found, err := s.store.PaymentsByReceipt(ctx, v.payerKind, v.ref)
	if err != nil {
		return nil, nil, err
	}
	var orig *shebao.Payment
	for i := range found {
		if found[i].Kind == shebao.PaymentKindPayment {
			orig = &found[i]
		}
	}
	if orig == nil {
		if len(found) > 0 && v.payerKind == shebao.PayerEmployer {
			return nil, nil, shebao.FieldErrorf("ref", "回单号%s是一笔%s,只能对缴款到账办理退费或更正", v.ref, kindName(found[0].Kind))
		}
		return nil, nil, v.notFound()
	}
	payer, err := s.store.FindPayer(ctx, v.payerKind, orig.Payer, true)
	if shebao.ErrorCode(err) == shebao.ENOTFOUND {
		return nil, nil, v.notFound()
	}
	if err != nil {
		return nil, nil, err
	}
	states, _, err := s.paymentStates(ctx, payer)
	if err != nil {
		return nil, nil, err
	}
	st := states[v.ref]
	if st == nil {
		return nil, nil, fmt.Errorf("payment %s not in its payer's payments", v.ref)
	}
	return payer, st, nil
}

// prior looks for a row recorded under the voucher number: the same
// refund or correction again is a repeat (done), anything else under that
// number a conflict.
func (s *Service) prior(ctx context.Context, v *reversal) (*shebao.Payment, error) {
	found, err := s.store.PaymentsByReceipt(ctx, v.payerKind, v.receipt)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	for i := range found {
		p := &found[i]
		if p.Kind == v.kind && p.Ref == v.ref && (v.amount == 0 || p.Amount == -v.amount) {
			return p, nil
		}
	}
	p := found[0]
	if v.payerKind == shebao.PayerPerson {
		return nil, shebao.Errorf(shebao.ECONFLICT, "凭证号%s已用于另一笔%s", v.receipt, kindName(p.Kind))
	}
	return nil, shebao.Errorf(shebao.ECONFLICT, "凭证号%s已登记为%s(原回单号%s,%s元),与本次不符", v.receipt, kindName(p.Kind), p.Ref, p.Amount)
}

// pendingReversal returns a pending or approved approval of the kind for
// the voucher number, and whether its payload is the same request.
func (s *Service) pendingReversal(ctx context.Context, v *reversal) (*shebao.Approval, bool, error) {
	aps, err := s.store.ReversalApprovals(ctx, v.approval)
	if err != nil {
		return nil, false, err
	}
	body, err := json.Marshal(v.payload)
	if err != nil {
		return nil, false, err
	}
	for _, ap := range aps {
		var head struct {
			Receipt string `json:"receipt"`
		}
		if json.Unmarshal(ap.Payload, &head) == nil && head.Receipt == v.receipt {
			return ap, string(ap.Payload) == string(body), nil
		}
	}
	return nil, false, nil
}

// submit is the submission (经办) of a refund or correction for approval,
// the same for every kind: it authorizes the maker, normalizes the
// request, finds the original payment (its payer locked, in the
// jurisdiction), returns the approval already made under the voucher
// number when it is the same request (ECONFLICT when it is another), and
// otherwise checks the request against the payment as it is now and
// submits it.
func (s *Service) submit(ctx context.Context, normalize func() error, mk func() *reversal) (*shebao.Approval, error) {
	v := mk()
	if err := authorize(ctx, v.right); err != nil {
		return nil, err
	}
	if err := normalize(); err != nil {
		return nil, err
	}
	v = mk()
	var out *shebao.Approval
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		payer, st, err := s.target(ctx, v)
		if err != nil {
			return err
		}
		if ap, same, err := s.pendingReversal(ctx, v); err != nil {
			return err
		} else if ap != nil {
			if !same {
				return shebao.Errorf(shebao.ECONFLICT, "凭证号%s已有%s申请%s(%s),与本次不符", v.receipt, v.label, ap.ID, ap.Status)
			}
			out = ap
			return nil
		}
		if prior, err := s.prior(ctx, v); err != nil {
			return err
		} else if prior != nil {
			return shebao.Errorf(shebao.ECONFLICT, "凭证号%s的%s已办理", v.receipt, v.label)
		}
		summary, err := s.check(v, payer, st)
		if err != nil {
			return err
		}
		out, err = s.store.SubmitReversal(ctx, v.approval, payer.Region, summary, v.payload)
		return err
	})
	return out, err
}

// check checks a refund or correction against the payment as it is now
// and returns the summary of its approval.
func (s *Service) check(v *reversal, payer *shebao.Payer, st *paymentState) (string, error) {
	switch v.approval {
	case shebao.ApprovePaymentRefund:
		if _, _, err := refundSplit(v, st); err != nil {
			return "", err
		}
		summary := fmt.Sprintf("退费:%s(%s)回单号%s退还%s元,凭证号%s,退费日期%s", payer.Name, payer.Key, v.ref, v.amount, v.receipt, v.date)
		if v.reason != "" {
			summary += ",原因:" + v.reason
		}
		return summary, nil
	case shebao.ApproveFlexRefund:
		if _, _, err := refundSplit(v, st); err != nil {
			return "", err
		}
		summary := fmt.Sprintf("灵活就业缴费退费:%s回单号%s(到账%s)的暂收款%s元中退还%s元,凭证号%s,退费日期%s",
			payer.Name, v.ref, st.PaidOn, held(st), v.amount, v.receipt, v.date)
		if v.reason != "" {
			summary += ",原因:" + v.reason
		}
		return summary, nil
	case shebao.ApprovePaymentCorrect:
		if err := correctable(v, st); err != nil {
			return "", err
		}
		return fmt.Sprintf("更正(冲正):%s(%s)回单号%s的缴款%s元(到账%s)全额冲销,凭证号%s,原因:%s",
			payer.Name, payer.Key, v.ref, st.net, st.PaidOn, v.receipt, v.reason), nil
	case shebao.ApproveResidentRefund, shebao.ApproveResidentCorrect, shebao.ApproveLumpSumRefund, shebao.ApproveLumpSumCorrect:
		return checkOther(v, payer, st)
	case shebao.ApproveFlexCorrect:
		if err := correctable(v, st); err != nil {
			return "", err
		}
		return fmt.Sprintf("灵活就业缴费更正(冲正):%s回单号%s的缴款%s元(到账%s)全额冲销,凭证号%s,原因:%s",
			payer.Name, v.ref, st.Amount, st.PaidOn, v.receipt, v.reason), nil
	}
	return "", fmt.Errorf("not a reversal approval kind %q", v.approval)
}

// held is the 暂收款 a payment holds (none once corrected).
func held(st *paymentState) shebao.Money {
	if st.correction != "" {
		return 0
	}
	return st.credit()
}

// refundSplit splits a refund into the part from the payment's 暂收款 and
// the part reversing its allocations, or says why it is refused: an
// employer's refund beyond the 暂收款 needs a reason and at most reverses
// what the payment allocated; a flexible payer's takes only the 暂收款,
// not before the money arrived.
func refundSplit(v *reversal, st *paymentState) (fromCredit, fromAlloc shebao.Money, err error) {
	if v.payerKind == shebao.PayerPerson {
		if st.correction != "" {
			return 0, 0, shebao.Errorf(shebao.ECONFLICT, "回单号%s的灵活就业缴款已更正(冲正凭证%s),不能再退费", v.ref, st.correction)
		}
		if v.date < st.PaidOn {
			return 0, 0, shebao.FieldErrorf("date", "退费日期%s早于回单号%s的到账日期%s", v.date, v.ref, st.PaidOn)
		}
		if h := held(st); v.amount > h {
			return 0, 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s的暂收款余额%s元(灵活就业缴费只退还未冲抵应缴的暂收款;金额有误的缴款请办理更正)",
				v.amount, v.ref, h)
		}
		return v.amount, 0, nil
	}
	if st.correction != "" {
		return 0, 0, shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已更正(冲正凭证%s),不能再退费", st.ReceiptNo, st.correction)
	}
	credit := max(st.credit(), 0)
	fromCredit = min(v.amount, credit)
	fromAlloc = v.amount - fromCredit
	if fromAlloc > 0 && v.reason == "" {
		return 0, 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s的暂收款余额%s元:退还已冲抵应缴的部分(多征)须说明原因",
			v.amount, st.ReceiptNo, credit)
	}
	if fromAlloc > st.allocated {
		return 0, 0, shebao.FieldErrorf("amount", "退费%s元超过回单号%s尚可退还的%s元(暂收款%s元,已冲抵应缴%s元)",
			v.amount, st.ReceiptNo, credit+st.allocated, credit, st.allocated)
	}
	return fromCredit, fromAlloc, nil
}

// correctable says why a payment cannot be corrected, if it cannot.
func correctable(v *reversal, st *paymentState) error {
	if v.payerKind == shebao.PayerPerson {
		if st.correction != "" {
			return shebao.Errorf(shebao.ECONFLICT, "回单号%s的灵活就业缴款已更正(冲正凭证%s)", v.ref, st.correction)
		}
		return nil
	}
	if st.correction != "" {
		return shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已更正(冲正凭证%s)", st.ReceiptNo, st.correction)
	}
	if st.net <= 0 {
		return shebao.Errorf(shebao.ECONFLICT, "回单号%s的缴款已全部退还,无须更正", st.ReceiptNo)
	}
	return nil
}

// RecordRefund submits the refund of an employer's payment for approval
// (经办): it is checked against the payment as it is now (at most its
// 暂收款, or with a reason also what it allocated to bills) and carried out
// when another clerk approves it (复核), checked again then. The same
// request (same voucher number) again returns the approval already
// submitted or decided; another request under that number is ECONFLICT.
func (s *Service) RecordRefund(ctx context.Context, r shebao.RefundRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return refundReversal(&r) })
}

// RecordCorrection submits the correction (冲正) of an employer's payment
// for approval: once approved, the payment is reversed in full (what is
// left of it after refunds), and the employer's bills, arrears, late fees,
// individual accounts and ledger are as if it had never been recorded. The
// right payment is then recorded as a new payment with its own receipt
// number. The same request again returns the approval already made.
func (s *Service) RecordCorrection(ctx context.Context, r shebao.CorrectionRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return correctionReversal(&r) })
}

// RecordFlexRefund submits the refund of a flexible payer's 暂收款 for a
// second clerk's approval (kind flex.refund), checked against the payment
// as it is now (at most the 暂收款 it holds) and carried out when approved,
// checked again then. The same request again returns the approval already
// made; another under that voucher number is ECONFLICT.
func (s *Service) RecordFlexRefund(ctx context.Context, r shebao.FlexRefundRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return flexRefundReversal(&r) })
}

// RecordFlexCorrection submits the correction (冲正) of a flexible payer's
// payment for a second clerk's approval (kind flex.correct). Once
// approved, the payment is reversed in full: the person's bills, late
// fees, account and the ledger are as if it had never been recorded (by
// new rows and entries). The same request again returns the approval
// already made.
func (s *Service) RecordFlexCorrection(ctx context.Context, r shebao.FlexCorrectionRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return flexCorrectionReversal(&r) })
}

// executed is what carrying out a refund or correction did.
type executed struct {
	payer     *shebao.Payer
	row       shebao.Payment // the refund's or correction's row
	st        *paymentState  // the original payment before it
	repeat    bool
	suspense  shebao.Money // 暂收款 paid back or reversed
	fromAlloc shebao.Money
	reversed  []shebao.Allocation
	unsettled []shebao.Period
	feesPaid  shebao.Money // late fees the payment had paid, owed again
	cancelled shebao.Money // late fees its late allocations had assessed
}

// execute carries out an approved refund or correction in the approving
// unit of work: checked again, then one row, the reversed allocations, the
// late fees, the ledger and the individual accounts.
func (s *Service) execute(ctx context.Context, v *reversal, normalize func() error) (*executed, error) {
	if err := authorize(ctx, v.right); err != nil {
		return nil, err
	}
	if err := normalize(); err != nil {
		return nil, err
	}
	var x *executed
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		payer, st, err := s.target(ctx, v)
		if err != nil {
			return err
		}
		x = &executed{payer: payer, st: st, reversed: []shebao.Allocation{}, unsettled: []shebao.Period{}}
		if prior, err := s.prior(ctx, v); err != nil {
			return err
		} else if prior != nil {
			x.row, x.repeat = *prior, true
			return nil
		}
		row := shebao.Payment{ReceiptNo: v.receipt, Kind: v.kind, Ref: v.ref, PayerKind: payer.Kind, Payer: payer.Key, PaidOn: v.date,
			Source: v.kind, Reason: v.reason}
		if payer.Kind == shebao.PayerEmployer {
			row.Employer = payer.Key
		}
		var fromCredit shebao.Money
		if v.kind == shebao.PaymentKindRefund {
			if fromCredit, x.fromAlloc, err = refundSplit(v, st); err != nil {
				return err
			}
			row.Amount = -v.amount
		} else {
			if err := correctable(v, st); err != nil {
				return err
			}
			fromCredit, x.fromAlloc = st.credit(), st.allocated
			if fromCredit < 0 {
				return fmt.Errorf("payment %s: negative 暂收款 %s", st.ReceiptNo, fromCredit)
			}
			row.Amount = -st.net
		}
		x.suspense = fromCredit
		if err := s.store.InsertPayment(ctx, &row); err != nil {
			return err
		}
		x.row = row
		if err := s.reverseAllocations(ctx, x, x.fromAlloc); err != nil {
			return err
		}
		debits := map[string][]shebao.Line{}
		credits := map[string][]shebao.Line{}
		word := "退费"
		if v.kind == shebao.PaymentKindCorrection {
			word = "冲正"
		}
		for _, al := range x.reversed {
			for _, sc := range sortedKeys(al.ByScheme) {
				l := shebao.Debit(shebao.AcctContributionIncome, -al.ByScheme[sc])
				l.Memo = word + " " + lineMemo(payer, al.Period)
				debits[sc] = append(debits[sc], l)
			}
		}
		if x.suspense > 0 {
			l := shebao.Debit(shebao.AcctSuspense, x.suspense)
			l.Memo = "退还暂收款 " + payerMemo(payer)
			if v.kind == shebao.PaymentKindCorrection {
				l.Memo = "冲正暂收款 " + payerMemo(payer)
			}
			debits[suspenseFund] = append(debits[suspenseFund], l)
		}
		kind, source := shebao.PostCollection, "refund:"+row.ID
		desc := fmt.Sprintf("退费:%s原回单号%s,凭证号%s", label(payer), v.ref, v.receipt)
		if v.kind == shebao.PaymentKindCorrection {
			// Late fees: what the payment paid is owed again, what its
			// late allocations assessed is cancelled.
			paid, err := s.reverseFeeCollections(ctx, payer, row, st)
			if err != nil {
				return err
			}
			for _, sc := range sortedKeys(paid) {
				debits[sc] = append(debits[sc], shebao.Debit(shebao.AcctContributionsReceivable, paid[sc]))
				x.feesPaid += paid[sc]
			}
			cancelled, err := s.cancelLateFees(ctx, payer, row, st.ID)
			if err != nil {
				return err
			}
			for _, sc := range sortedKeys(cancelled) {
				debits[sc] = append(debits[sc], shebao.Debit(shebao.AcctOtherIncome, cancelled[sc]))
				credits[sc] = append(credits[sc], shebao.Credit(shebao.AcctContributionsReceivable, cancelled[sc]))
				x.cancelled += cancelled[sc]
			}
			kind, source = shebao.PostAdjustment, "correction:"+row.ID
			desc = fmt.Sprintf("冲正:%s回单号%s的缴款,凭证号%s,原因:%s", label(payer), v.ref, v.receipt, v.reason)
		}
		if err := s.postReversal(ctx, kind, source, row.PaidOn, desc, debits, credits); err != nil {
			return err
		}
		return s.withdrawUnsettled(ctx, payer, x.unsettled, row.PaidOn)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// postReversal posts, per fund, the given debit and extra credit lines and
// a credit of 1002 银行存款 for the difference (the money leaving the bank).
func (s *Service) postReversal(ctx context.Context, kind, source, date, description string, debits, credits map[string][]shebao.Line) error {
	funds := sortedKeys(debits)
	for _, f := range sortedKeys(credits) {
		if !slices.Contains(funds, f) {
			funds = append(funds, f)
		}
	}
	slices.Sort(funds)
	var es []*shebao.Entry
	for _, f := range funds {
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
	return s.store.PostMoneyIn(ctx, es)
}

// reverseAllocations reverses amount of what the payment (with its refunds)
// allocated, newest period first, each period's part split by scheme in
// proportion to what the payment still has allocated in each: negative
// allocation rows under the reversal, the bills' paid lowered. The
// reversed allocations and the bills made unpaid again go into x.
func (s *Service) reverseAllocations(ctx context.Context, x *executed, amount shebao.Money) error {
	if amount <= 0 {
		return nil
	}
	net, err := s.store.AllocatedByScheme(ctx, x.payer, x.st.ids)
	if err != nil {
		return err
	}
	periods := sortedPeriods(net)
	slices.Reverse(periods)
	left := amount
	var rows []shebao.AllocationRow
	for _, period := range periods {
		if left == 0 {
			break
		}
		byScheme := net[period]
		var have shebao.Money
		for _, v := range byScheme {
			have += v
		}
		if have <= 0 {
			continue
		}
		schemes := sortedKeys(byScheme)
		weights := make([]int64, len(schemes))
		for i, sc := range schemes {
			weights[i] = int64(max(byScheme[sc], 0))
		}
		amt := min(left, have)
		b, err := s.store.BillOf(ctx, x.payer, period)
		if err != nil {
			return err
		}
		if b == nil {
			return fmt.Errorf("bill %s %s of an allocation is missing", x.payer.Key, period)
		}
		r := shebao.AllocationRow{PaymentID: x.row.ID, Period: period, Amount: -amt, ByScheme: map[string]shebao.Money{}}
		if b.Paid == b.Total && b.Total > 0 {
			r.Settled = shebao.AllocationUnsettled
			x.unsettled = append(x.unsettled, period)
		}
		for i, share := range policy.SplitProportional(int64(amt), weights) {
			if share != 0 {
				r.ByScheme[schemes[i]] = -shebao.Money(share)
			}
		}
		rows = append(rows, r)
		x.reversed = append(x.reversed, shebao.Allocation{Period: period, Amount: r.Amount, ByScheme: r.ByScheme})
		left -= amt
	}
	if left != 0 {
		return fmt.Errorf("payment %s: %s of the reversal not found in its allocations", x.st.ReceiptNo, left)
	}
	return s.store.Allocate(ctx, x.payer, rows)
}

// ExecuteRefund carries out an approved refund of an employer's payment
// (shebao.ApprovePaymentRefund), in the approving unit of work: the
// approval service calls it inside DecideApproval.
func (s *Service) ExecuteRefund(ctx context.Context, payload []byte) (string, error) {
	var r shebao.RefundRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	x, err := s.execute(ctx, refundReversal(&r), r.Normalize)
	if err != nil {
		return "", err
	}
	res := &shebao.ReversalResult{Payment: x.row, Original: x.st.Payment, Reversed: x.reversed, Unsettled: x.unsettled, Suspense: x.suspense,
		Repeat: x.repeat}
	if x.repeat {
		res.Summary = fmt.Sprintf("凭证号%s的退费已办理,未重复退费", r.Receipt)
		return res.Summary, nil
	}
	res.Summary = fmt.Sprintf("已向%s(%s)退费%s元(暂收款%s元,冲回已缴%s元),凭证号%s", x.payer.Name, x.payer.Key, r.Amount, x.suspense, x.fromAlloc, r.Receipt)
	if len(x.unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(x.unsettled))
	}
	return res.Summary, s.store.AuditMoneyIn(ctx, kinds[x.payer.Kind].refund, x.row.ID, x.payer.Region, res)
}

// ExecuteCorrection carries out an approved correction of an employer's
// payment (shebao.ApprovePaymentCorrect), in the approving unit of work.
func (s *Service) ExecuteCorrection(ctx context.Context, payload []byte) (string, error) {
	var r shebao.CorrectionRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	x, err := s.execute(ctx, correctionReversal(&r), r.Normalize)
	if err != nil {
		return "", err
	}
	res := &shebao.ReversalResult{Payment: x.row, Original: x.st.Payment, Reversed: x.reversed, Unsettled: x.unsettled, Suspense: x.suspense,
		LateFeesPaid: x.feesPaid, LateFeesCancelled: x.cancelled, Repeat: x.repeat}
	if x.repeat {
		res.Summary = fmt.Sprintf("凭证号%s的更正已办理,未重复冲正", r.Receipt)
		return res.Summary, nil
	}
	res.Summary = fmt.Sprintf("已冲正%s(%s)回单号%s的缴款%s元(冲回已缴%s元、暂收款%s元),凭证号%s;请另行登记正确的缴款", x.payer.Name, x.payer.Key,
		r.Ref, x.st.net, x.st.allocated, x.suspense, r.Receipt)
	if len(x.unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(x.unsettled))
	}
	return res.Summary, s.store.AuditMoneyIn(ctx, kinds[x.payer.Kind].correct, x.row.ID, x.payer.Region, res)
}

// ExecuteFlexRefund carries out an approved refund of a flexible payer's
// 暂收款 (shebao.ApproveFlexRefund), in the approving unit of work.
func (s *Service) ExecuteFlexRefund(ctx context.Context, payload []byte) (string, error) {
	var r shebao.FlexRefundRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	x, err := s.execute(ctx, flexRefundReversal(&r), r.Normalize)
	if err != nil {
		return "", err
	}
	res := &shebao.FlexRefundResult{Receipt: r.Receipt, Ref: r.Ref, Name: x.payer.Name, Amount: r.Amount, Date: r.Date, Repeat: x.repeat}
	if x.repeat {
		res.Summary = fmt.Sprintf("凭证号%s的退费已办理,未重复退费", r.Receipt)
		return res.Summary, nil
	}
	res.Held = held(x.st)
	res.Left = res.Held - r.Amount
	res.Summary = fmt.Sprintf("已向%s退还回单号%s的暂收款%s元(退费前暂收款%s元,余%s元),凭证号%s", x.payer.Name, r.Ref, r.Amount,
		res.Held, res.Left, r.Receipt)
	return res.Summary, s.store.AuditMoneyIn(ctx, kinds[x.payer.Kind].refund, x.row.ID, x.payer.Region, res)
}

// ExecuteFlexCorrection carries out an approved correction of a flexible
// payer's payment (shebao.ApproveFlexCorrect), in the approving unit of
// work.
func (s *Service) ExecuteFlexCorrection(ctx context.Context, payload []byte) (string, error) {
	var r shebao.FlexCorrectionRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	x, err := s.execute(ctx, flexCorrectionReversal(&r), r.Normalize)
	if err != nil {
		return "", err
	}
	res := &shebao.FlexCorrectionResult{Receipt: r.Receipt, Ref: r.Ref, Amount: x.st.Amount, PaidOn: x.st.PaidOn, Reversed: x.reversed,
		Unsettled: x.unsettled, Repeat: x.repeat}
	if x.repeat {
		res.Summary = fmt.Sprintf("凭证号%s的更正已办理,未重复冲正", r.Receipt)
		return res.Summary, nil
	}
	res.Suspense, res.LateFeesPaid, res.LateFeesCancelled, res.Refunded = x.suspense, x.feesPaid, x.cancelled, x.st.refunded
	res.Summary = fmt.Sprintf("已冲正灵活就业%s回单号%s的缴款%s元(冲回已缴%s元、暂收款%s元、已缴滞纳金%s元,撤销滞纳金%s元),凭证号%s;请另行登记正确的缴款",
		x.payer.Name, r.Ref, x.st.Amount, x.st.allocated, res.Suspense, res.LateFeesPaid, res.LateFeesCancelled, r.Receipt)
	if res.Refunded > 0 {
		res.Summary += fmt.Sprintf(";此前已退费%s元,不再冲回", res.Refunded)
	}
	if len(x.unsettled) > 0 {
		res.Summary += fmt.Sprintf(";%d个月的应缴恢复为未足额,个人账户记账已冲回", len(x.unsettled))
	}
	return res.Summary, s.store.AuditMoneyIn(ctx, kinds[x.payer.Kind].correct, x.row.ID, x.payer.Region, res)
}

// PaymentEmployer returns the employer (its USCC) whose payment received
// the receipt records: the refund and correction forms on an employer's
// page (web/ui_money_forms.go) refuse a receipt of another employer rather
// than submit it from the wrong page. A receipt that is no payment
// received is ENOTFOUND, named by the original receipt's field.
func (s *Service) PaymentEmployer(ctx context.Context, receipt string) (string, error) {
	if err := authorize(ctx, "payment.refund"); err != nil {
		return "", err
	}
	receipt = strings.TrimSpace(receipt)
	found, err := s.store.PaymentsByReceipt(ctx, shebao.PayerEmployer, receipt)
	if err != nil {
		return "", err
	}
	for _, p := range found {
		if p.Kind == shebao.PaymentKindPayment {
			return p.Payer, nil
		}
	}
	return "", &shebao.Error{Code: shebao.ENOTFOUND, Field: "原回单号", Message: fmt.Sprintf("回单号%s没有登记的缴款到账", receipt)}
}
