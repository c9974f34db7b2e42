package land

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// RecordLandFund records money received for a batch from one payer
// ("直接划入社保部门") and posts it to the 910 fund's ledger: Dr 1002 银行存款,
// Cr the payer's income account (shebao.LandFundIncome). Idempotent by
// receipt number: the same receipt again changes nothing (created =
// false); the same number with another batch, payer, amount or date is a
// conflict.
func (s *Service) RecordLandFund(ctx context.Context, f shebao.LandFund) (out *shebao.LandFund, created bool, err error) {
	if _, err := s.begin(ctx, "fund.post", shebao.EntityFund, f.ReceiptNo); err != nil {
		return nil, false, err
	}
	f.ReceiptNo = strings.TrimSpace(f.ReceiptNo)
	f.ApprovalNo = shebao.NormalizeApprovalNo(f.ApprovalNo)
	f.Payer = strings.TrimSpace(f.Payer)
	if err := f.Validate(); err != nil {
		return nil, false, err
	}
	if d, _ := time.Parse(shebao.DateLayout, f.Date); d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("到账日期", "到账日期%s晚于今天", f.Date)
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		created = false
		b, err := s.store.LandBatchInScope(ctx, f.ApprovalNo)
		if err != nil {
			return err
		}
		old, err := s.store.FindLandFund(ctx, f.ReceiptNo)
		if err != nil {
			return err
		}
		if old != nil {
			if old.ApprovalNo != b.ApprovalNo || old.Payer != f.Payer || old.Amount != f.Amount || old.Date != f.Date {
				return &shebao.Error{Code: shebao.ECONFLICT, Field: "回单号", Message: fmt.Sprintf("回单号%s已登记为%s %s %s元(%s),与本次不符",
					f.ReceiptNo, old.ApprovalNo, old.Payer, old.Amount, old.Date)}
			}
			out = old
			return nil
		}
		account, kind := shebao.LandFundIncome(f.Payer)
		e := &shebao.Entry{Fund: shebao.SchemeLandExpropriated, Date: f.Date, Kind: kind, Source: "land-fund:" + f.ReceiptNo,
			Description: fmt.Sprintf("征地批次%s%s资金到账(回单%s)", b.ApprovalNo, f.Payer, f.ReceiptNo),
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBank, f.Amount), shebao.Credit(account, f.Amount)}}
		if err := s.store.InsertLandFund(ctx, f, b, e); err != nil {
			return err
		}
		created = true
		out, err = s.store.FindLandFund(ctx, f.ReceiptNo)
		return err
	})
	return out, created, err
}
