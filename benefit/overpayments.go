package benefit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Overpayments (待遇追回). A benefit is paid through the month of the
// person's death; a payment for any later month — made before the death
// became known (死亡冒领) — is an overpayment to recover, and so is a month
// whose amount was lowered after it was paid (backpay.go). The store finds
// them set-based (every payroll run, every death-register match,
// DetectOverpayments).
//
// Recovering one posts the money back to the fund: Dr 1002 银行存款, Cr the
// expense account the payment was charged to (冲减支出,
// shebao.OverpaymentCredits; for an assistance kind paid by the 社会救助资金,
// Cr 5209 追回救助资金, shebao.RecoveryCredits), and after a death puts the account part back
// into the individual account (Dr 3101, Cr 2301), so the payment is undone
// in the books as it was made.
//
// Write-off (核销). An overpayment that cannot be recovered (the estate has
// nothing, the heirs cannot be found …) is written off on a clerk's request
// approved by another (经办 → 复核, shebao.ApproveWriteOff). The money is
// lost to the fund: the approval moves the payment out of the benefit
// expense it was charged to into 5199 其他支出 (Dr 5199, Cr the expense
// account, as a recovery credits it), so that the benefit expenditure
// shows what was due and the loss shows as such; the overpayment becomes
// 已核销. Nothing moves in the bank or the individual account.

// today is the business date in China.
func today() string { return shebao.Now().In(shebao.ChinaTime).Format(shebao.DateLayout) }

// RecoverOverpayment records an overpayment as recovered (已追回) by the
// voucher of the money that came back, on the day of the voucher, and
// posts it (see above). Only a payment released to the bank can be
// recovered; the amount must be the whole overpayment (recovery in
// instalments is not built: a partial amount is refused, so that nothing
// is posted that the overpayment does not say). The same voucher again
// answers the recovery made (Repeat) and posts nothing.
func (s *Service) RecoverOverpayment(ctx context.Context, benefitID, month string, rec shebao.OverpaymentRecovery) (*shebao.Overpayment, error) {
	if err := authorize(ctx, "overpayment.recover", benefitID); err != nil {
		return nil, err
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", month)
	}
	rec.Receipt = strings.TrimSpace(rec.Receipt)
	if rec.Receipt == "" {
		return nil, shebao.FieldErrorf("回单号", "须填写追回款的回单号或收据号")
	}
	day, err := shebao.ParseDate("追回日期", strings.TrimSpace(rec.Date))
	if err != nil {
		return nil, err
	}
	if d := day.Format(shebao.DateLayout); d > today() {
		return nil, shebao.FieldErrorf("追回日期", "追回日期%s晚于今天", d)
	}
	var out *shebao.Overpayment
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		prior, err := s.store.OverpaymentByReceipt(ctx, rec.Receipt)
		if err != nil {
			return err
		}
		if prior != nil {
			if prior.BenefitID != benefitID || prior.Month != string(m) {
				return &shebao.Error{Code: shebao.ECONFLICT, Field: "回单号", Message: fmt.Sprintf("回单号%s已用于%s月另一笔多发待遇的追回", rec.Receipt, prior.Month)}
			}
			prior.Repeat = true
			out = prior
			return nil
		}
		o, err := s.store.OpenOverpayment(ctx, benefitID, m)
		if err != nil {
			return err
		}
		if rec.Amount != o.Amount {
			return shebao.FieldErrorf("金额", "追回金额%s元与应追回的%s元不符(暂只能整笔追回)", rec.Amount, o.Amount)
		}
		o.Receipt = rec.Receipt
		pay, err := s.store.OverpaidPayment(ctx, benefitID, m)
		if err != nil {
			return err
		}
		if pay == nil {
			return shebao.Errorf(shebao.ECONFLICT, "%s的待遇发放记录不存在,不能追回", m)
		}
		if pay.Status != shebao.PaymentReleased {
			return shebao.Errorf(shebao.ECONFLICT, "%s的待遇尚未发放(%s),发放后方可追回", m, pay.Status)
		}
		day := day.Format(shebao.DateLayout)
		if err := s.store.SettleOverpayment(ctx, o, shebao.OverpaymentRecovered, day, ""); err != nil {
			return err
		}
		source := "overpayment:" + string(m) + ":" + benefitID
		k, _ := shebao.FindBenefitKind(pay.Kind)
		e := &shebao.Entry{Fund: o.Scheme, Date: day, Kind: shebao.PostAdjustment, Source: source,
			Description: fmt.Sprintf("追回%s %s月%s(%s)", idno.MaskID(o.IDNo), m, k.Name, o.Reason),
			Lines:       append([]shebao.Line{shebao.Debit(shebao.AcctBank, o.Amount)}, shebao.RecoveryCredits(o, pay.Kind, pay.BasicPart)...)}
		if _, err := s.store.PostBenefitEntries(ctx, []*shebao.Entry{e}); err != nil {
			return err
		}
		// The account part goes back for a payment made after a death; an
		// amount lowered after payment keeps its account part (backpay.go).
		if pay.AccountPart > 0 && strings.HasPrefix(o.Reason, shebao.ReasonDeathOverpayment) {
			if err := s.store.ReturnToAccount(ctx, day, source, fmt.Sprintf("追回多发待遇退回个人账户%s元", pay.AccountPart),
				shebao.AccountMovement{IDNo: o.IDNo, Fund: o.Scheme, Date: day, Kind: shebao.MoveCredit, Source: source, Amount: pay.AccountPart}); err != nil {
				return err
			}
		}
		o.Status, o.SettledOn = shebao.OverpaymentRecovered, day
		out = o
		return nil
	})
	return out, err
}

// SubmitWriteOff puts the write-off of an open overpayment (待追回) in the
// approval queue, with the reason it cannot be recovered, and reports
// whether it was submitted now: the same request while one is waiting
// returns that approval (false).
func (s *Service) SubmitWriteOff(ctx context.Context, req shebao.WriteOffRequest) (*shebao.Approval, bool, error) {
	if err := authorize(ctx, "overpayment.writeoff", req.BenefitID); err != nil {
		return nil, false, err
	}
	m, err := shebao.ParsePeriod(req.Month)
	if err != nil {
		return nil, false, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", req.Month)
	}
	req.Month, req.Reason = string(m), strings.TrimSpace(req.Reason)
	if req.Reason == "" {
		return nil, false, shebao.FieldErrorf("原因", "核销须说明无法追回的原因")
	}
	var out *shebao.Approval
	var created bool
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		created = false
		o, err := s.store.OpenOverpayment(ctx, req.BenefitID, m)
		if err != nil {
			return err
		}
		if out, err = s.store.PendingWriteOff(ctx, o.BenefitID, o.Month); err != nil || out != nil {
			return err
		}
		req.Amount = o.Amount
		summary := fmt.Sprintf("核销%s %s月多发待遇%s元(%s):%s", idno.MaskID(o.IDNo), o.Month, o.Amount, o.Reason, req.Reason)
		out, err = s.store.SubmitBenefitApproval(ctx, shebao.ApproveWriteOff, o.Region, summary, req)
		created = err == nil
		return err
	})
	return out, created && err == nil, err
}

// ExecuteWriteOff carries out an approved write-off of an overpayment
// (shebao.ApproveWriteOff; see above), in the approving unit of work. The
// overpayment must still be open, of the amount the maker saw.
func (s *Service) ExecuteWriteOff(ctx context.Context, payload []byte) (string, error) {
	var req shebao.WriteOffRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return "", err
	}
	m, err := shebao.ParsePeriod(req.Month)
	if err != nil {
		return "", shebao.Errorf(shebao.EINVALID, "核销申请内容无效")
	}
	var result string
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		o, err := s.store.OpenOverpayment(ctx, req.BenefitID, m)
		if err != nil {
			return err
		}
		if o.Amount != req.Amount {
			return shebao.Errorf(shebao.ECONFLICT, "多发金额已变化(申请时%s元,现%s元),请重新提交", req.Amount, o.Amount)
		}
		pay, err := s.store.OverpaidPayment(ctx, o.BenefitID, m)
		if err != nil {
			return err
		}
		if pay == nil {
			return shebao.Errorf(shebao.ECONFLICT, "%s的待遇发放记录不存在,不能核销", m)
		}
		k, _ := shebao.FindBenefitKind(pay.Kind)
		day := today()
		if err := s.store.SettleOverpayment(ctx, o, shebao.OverpaymentWrittenOff, day, req.Reason); err != nil {
			return err
		}
		e := &shebao.Entry{Fund: o.Scheme, Date: day, Kind: shebao.PostAdjustment, Source: "writeoff:" + string(m) + ":" + o.BenefitID,
			Description: fmt.Sprintf("核销%s %s月多发%s(%s)%s元,无法追回:%s", idno.MaskID(o.IDNo), m, k.Name, o.Reason, o.Amount, req.Reason),
			Lines:       append([]shebao.Line{shebao.Debit(shebao.AcctOtherExpense, o.Amount)}, shebao.OverpaymentCredits(o, pay.Kind, pay.BasicPart)...)}
		if _, err := s.store.PostBenefitEntries(ctx, []*shebao.Entry{e}); err != nil {
			return err
		}
		result = fmt.Sprintf("已核销%s月多发待遇%s元,记入其他支出", m, o.Amount)
		return nil
	})
	return result, err
}
