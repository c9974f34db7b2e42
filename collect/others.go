package collect

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shebao/shebao"
)

// Refunds (退费) and corrections (冲正) of the receipts of the other payers
// of the one pipeline: residents' annual contributions (payer kind
// resident) and lump sums of converted villages (payer kind lumpsum).
//
// They go through the flow of every payer (refunds.go): the maker submits
// (经办, approval kinds resident.refund, resident.correct, lumpsum.refund,
// lumpsum.correct; rights payment.refund and payment.correct), another
// clerk approves (复核) and the approving unit of work carries it out,
// checked again then; the same voucher number again does nothing twice.
// What differs: such a receipt pays fixed dues and holds no 暂收款, so a
// refund or a correction reverses the whole receipt (a row of its kind
// with minus the receipt's amount and the receipt's party, and a negative
// allocation making the bill unpaid). The ledger entry reverses the
// receipt's own entry party by party:
//
//	resident (fund 170 or 390): Dr 4001 the person's part, Dr 4002 the
//	  government's (subsidy + 代缴), Dr 4003 the collective's; Cr 1002 the
//	  person's and the collective's money, Cr 1102 the government's
//	  receivable; the year's account credit (170) is withdrawn (source
//	  "resident-reversal:<receipt>") and the year removed from
//	  contribution_years. The year may be paid again under a new receipt.
//	lumpsum (fund 110): Dr 4001 (4002 for the government's receipt) /
//	  Cr 1002; a lump sum paid in full that becomes unpaid has its account
//	  credit withdrawn ("lumpsum-reversal:<身份证号>:<n>") and its years
//	  removed; paid in full again it is credited anew.
//
// A refund posts kind collection (source "refund:<id>"), a correction
// kind adjustment ("correction:<id>"), as for every payer.

func residentRefundReversal(r *shebao.ReceiptReversalRequest) *reversal {
	return otherReversal(shebao.ApproveResidentRefund, r)
}

func residentCorrectionReversal(r *shebao.ReceiptReversalRequest) *reversal {
	return otherReversal(shebao.ApproveResidentCorrect, r)
}

func lumpSumRefundReversal(r *shebao.ReceiptReversalRequest) *reversal {
	return otherReversal(shebao.ApproveLumpSumRefund, r)
}

func lumpSumCorrectionReversal(r *shebao.ReceiptReversalRequest) *reversal {
	return otherReversal(shebao.ApproveLumpSumCorrect, r)
}

func otherReversal(kind string, r *shebao.ReceiptReversalRequest) *reversal {
	return &reversal{approval: kind, reversalKind: reversalKinds[kind], receipt: r.Receipt, ref: r.Ref, date: r.Date, reason: r.Reason, payload: r}
}

// RecordResidentRefund submits the refund of a resident's contribution
// receipt for approval (kind resident.refund).
func (s *Service) RecordResidentRefund(ctx context.Context, r shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return residentRefundReversal(&r) })
}

// RecordResidentCorrection submits the correction of a resident's
// contribution receipt for approval (kind resident.correct).
func (s *Service) RecordResidentCorrection(ctx context.Context, r shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return residentCorrectionReversal(&r) })
}

// RecordLumpSumRefund submits the refund of a lump-sum receipt for
// approval (kind lumpsum.refund).
func (s *Service) RecordLumpSumRefund(ctx context.Context, r shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return lumpSumRefundReversal(&r) })
}

// RecordLumpSumCorrection submits the correction of a lump-sum receipt
// for approval (kind lumpsum.correct).
func (s *Service) RecordLumpSumCorrection(ctx context.Context, r shebao.ReceiptReversalRequest) (*shebao.Approval, error) {
	return s.submit(ctx, r.Normalize, func() *reversal { return lumpSumCorrectionReversal(&r) })
}

// whose names the payer kind in messages.
func whose(payerKind string) string {
	if payerKind == shebao.PayerResident {
		return "城乡居民缴费"
	}
	return "村改居补缴"
}

// reversible says why a receipt of a resident or a lump sum cannot be
// refunded or corrected on the date, if it cannot.
func reversible(v *reversal, st *paymentState) error {
	if st.correction != "" || st.refunded != 0 || st.net <= 0 {
		return shebao.Errorf(shebao.ECONFLICT, "票据号%s的%s已退费或冲正,不能再办理%s", v.ref, whose(v.payerKind), v.label)
	}
	if v.date < st.PaidOn {
		return shebao.FieldErrorf("date", "%s日期%s早于票据号%s的缴费日期%s", v.label, v.date, v.ref, st.PaidOn)
	}
	return nil
}

// checkOther checks a refund or correction of a resident's or lump-sum
// receipt and returns the summary of its approval.
func checkOther(v *reversal, payer *shebao.Payer, st *paymentState) (string, error) {
	if err := reversible(v, st); err != nil {
		return "", err
	}
	who := ""
	if st.Party != "" {
		who = shebao.LumpPayerNames[st.Party] + "缴纳的"
	}
	return fmt.Sprintf("%s%s:%s票据号%s(%s)%s%s元全额%s,凭证号%s,日期%s,原因:%s", whose(v.payerKind), v.label, payer.Name, v.ref, st.PaidOn,
		who, st.net, map[string]string{shebao.PaymentKindRefund: "退还", shebao.PaymentKindCorrection: "冲销"}[v.kind], v.receipt, v.date, v.reason), nil
}

// ExecuteResidentRefund carries out an approved refund of a resident's
// receipt (shebao.ApproveResidentRefund) in the approving unit of work.
func (s *Service) ExecuteResidentRefund(ctx context.Context, payload []byte) (string, error) {
	return s.executeOtherPayload(ctx, payload, residentRefundReversal)
}

// ExecuteResidentCorrection carries out an approved correction of a
// resident's receipt (shebao.ApproveResidentCorrect).
func (s *Service) ExecuteResidentCorrection(ctx context.Context, payload []byte) (string, error) {
	return s.executeOtherPayload(ctx, payload, residentCorrectionReversal)
}

// ExecuteLumpSumRefund carries out an approved refund of a lump-sum
// receipt (shebao.ApproveLumpSumRefund).
func (s *Service) ExecuteLumpSumRefund(ctx context.Context, payload []byte) (string, error) {
	return s.executeOtherPayload(ctx, payload, lumpSumRefundReversal)
}

// ExecuteLumpSumCorrection carries out an approved correction of a
// lump-sum receipt (shebao.ApproveLumpSumCorrect).
func (s *Service) ExecuteLumpSumCorrection(ctx context.Context, payload []byte) (string, error) {
	return s.executeOtherPayload(ctx, payload, lumpSumCorrectionReversal)
}

func (s *Service) executeOtherPayload(ctx context.Context, payload []byte, mk func(*shebao.ReceiptReversalRequest) *reversal) (string, error) {
	var r shebao.ReceiptReversalRequest
	if err := json.Unmarshal(payload, &r); err != nil {
		return "", err
	}
	if err := r.Normalize(); err != nil {
		return "", err
	}
	return s.executeOther(ctx, mk(&r))
}

// executeOther carries out a refund or correction of a resident's or
// lump-sum receipt (see the top of this file).
func (s *Service) executeOther(ctx context.Context, v *reversal) (string, error) {
	if err := authorize(ctx, v.right); err != nil {
		return "", err
	}
	var summary string
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		payer, st, err := s.target(ctx, v)
		if err != nil {
			return err
		}
		if prior, err := s.prior(ctx, v); err != nil {
			return err
		} else if prior != nil {
			summary = fmt.Sprintf("凭证号%s的%s已办理,未重复办理", v.receipt, v.label)
			return nil
		}
		if err := reversible(v, st); err != nil {
			return err
		}
		row := shebao.Payment{ReceiptNo: v.receipt, Kind: v.kind, Ref: v.ref, PayerKind: payer.Kind, Payer: payer.Key, PaidOn: v.date,
			Source: v.kind, Reason: v.reason, Party: st.Party, Amount: -st.net}
		if err := s.store.InsertPayment(ctx, &row); err != nil {
			return err
		}
		x := &executed{payer: payer, st: st, row: row, reversed: []shebao.Allocation{}, unsettled: []shebao.Period{}}
		if err := s.reverseAllocations(ctx, x, st.allocated); err != nil {
			return err
		}
		kind, source, word := shebao.PostCollection, "refund:"+row.ID, "退费"
		if v.kind == shebao.PaymentKindCorrection {
			kind, source, word = shebao.PostAdjustment, "correction:"+row.ID, "冲正"
		}
		desc := fmt.Sprintf("%s%s:%s票据号%s,凭证号%s,原因:%s", whose(payer.Kind), word, payer.Name, v.ref, v.receipt, v.reason)
		if payer.Kind == shebao.PayerResident {
			err = s.reverseResident(ctx, payer, v, kind, source, desc)
		} else {
			err = s.reverseLumpSum(ctx, payer, x, kind, source, desc)
		}
		if err != nil {
			return err
		}
		summary = fmt.Sprintf("已%s%s票据号%s的%s%s元,凭证号%s", word, payer.Name, v.ref, whose(payer.Kind), st.net, v.receipt)
		if len(x.unsettled) > 0 && payer.Kind == shebao.PayerLumpSum {
			summary += ";一次性补缴恢复为未足额,个人账户记账已冲回,补缴年限已撤销"
		}
		if payer.Kind == shebao.PayerResident {
			summary += ";该年度恢复为未缴费,可另行登记正确的缴费"
		}
		action := kinds[payer.Kind].refund
		if v.kind == shebao.PaymentKindCorrection {
			action = kinds[payer.Kind].correct
		}
		return s.store.AuditMoneyIn(ctx, action, row.ID, payer.Region, map[string]any{"payment": row, "original": st.Payment,
			"reversed": x.reversed, "summary": summary})
	})
	return summary, err
}

// reverseResident posts the reversal of a resident's receipt and undoes
// its account credit and contribution year.
func (s *Service) reverseResident(ctx context.Context, payer *shebao.Payer, v *reversal, kind, source, desc string) error {
	c, err := s.store.ResidentReceipt(ctx, v.ref)
	if err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("resident receipt %s: no line", v.ref)
	}
	memo := c.IDNo + " " + fmt.Sprint(c.Year)
	var lines []shebao.Line
	add := func(l shebao.Line) {
		if l.Debit > 0 || l.Credit > 0 {
			l.Memo = memo
			lines = append(lines, l)
		}
	}
	own, gov := c.PersonPaid(), c.Subsidy+c.FinancePaid
	add(shebao.Debit(shebao.AcctContributionIncome, own))
	add(shebao.Debit(shebao.AcctSubsidyIncome, gov))
	add(shebao.Debit(shebao.AcctCollectiveIncome, c.Collective))
	add(shebao.Credit(shebao.AcctBank, own+c.Collective))
	add(shebao.Credit(shebao.AcctSubsidyReceivable, gov))
	if len(lines) >= 2 {
		if err := s.store.PostMoneyIn(ctx, []*shebao.Entry{{Fund: c.Scheme, Date: v.date, Kind: kind, Source: source, Description: desc, Lines: lines}}); err != nil {
			return err
		}
	}
	if c.Scheme != shebao.SchemeResidentPension {
		return nil
	}
	if amt := c.Credited(); amt > 0 {
		src := "resident-reversal:" + c.ReceiptNo
		if err := s.store.MoveAccountsMoneyIn(ctx, v.date, src, fmt.Sprintf("个人账户冲回:城乡居民养老保险%d年度缴费(票据号%s)%s", c.Year, c.ReceiptNo, v.label),
			[]shebao.AccountMovement{{IDNo: c.IDNo, Fund: c.Scheme, Date: v.date, Kind: shebao.MoveWithdraw, Source: src, Amount: amt}}); err != nil {
			return err
		}
	}
	return s.store.DeleteContributionYears(ctx, c.IDNo, "resident:"+c.ReceiptNo)
}

// reverseLumpSum posts the reversal of a lump-sum receipt and, when it
// made a lump sum paid in full unpaid, withdraws its account credit and
// removes its years.
func (s *Service) reverseLumpSum(ctx context.Context, payer *shebao.Payer, x *executed, kind, source, desc string) error {
	amt := x.st.net
	debit := shebao.Debit(shebao.AcctContributionIncome, amt)
	if x.st.Party == shebao.LumpPayerGovernment {
		debit = shebao.Debit(shebao.AcctSubsidyIncome, amt)
	}
	debit.Memo = "村改居补缴 " + shebao.LumpPayerNames[x.st.Party] + " " + payer.Key
	credit := shebao.Credit(shebao.AcctBank, amt)
	credit.Memo = "凭证号 " + x.row.ReceiptNo
	if err := s.store.PostMoneyIn(ctx, []*shebao.Entry{{Fund: shebao.SchemeEmployeePension, Date: x.row.PaidOn, Kind: kind, Source: source,
		Description: desc, Lines: []shebao.Line{debit, credit}}}); err != nil {
		return err
	}
	if len(x.unsettled) == 0 {
		return nil
	}
	lp, err := s.store.LumpSumPerson(ctx, payer.Key)
	if err != nil {
		return err
	}
	v, err := s.store.Conversion(ctx, lp.Region)
	if err != nil {
		return err
	}
	if v == nil {
		return fmt.Errorf("lump sum of %s: conversion %s missing", payer.Key, lp.Region)
	}
	// This reversal is the n-th to make the lump sum unpaid: the credit
	// it undoes was made under the source of n-1 reversals.
	n, err := s.store.BillReversals(ctx, payer, x.unsettled[0])
	if err != nil {
		return err
	}
	credited := lumpSumSource(payer.Key, n-1)
	src := fmt.Sprintf("lumpsum-reversal:%s:%d", payer.Key, n)
	if err := s.store.MoveAccountsMoneyIn(ctx, x.row.PaidOn, src, "个人账户冲回:村改居一次性补缴退费或冲正后不再足额",
		[]shebao.AccountMovement{{IDNo: payer.Key, Fund: shebao.SchemeEmployeePension, Date: x.row.PaidOn, Kind: shebao.MoveWithdraw, Source: src,
			Amount: v.Account}}); err != nil {
		return err
	}
	return s.store.DeleteContributionYears(ctx, payer.Key, credited)
}
