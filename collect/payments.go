package collect

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Collection (征收): money received from a payer is allocated to its bills
// not paid in full, oldest month first, each bill's share split by scheme
// in proportion to what is still unpaid of each scheme (so that a bill
// paid in full has paid each scheme exactly its amount), and posted into
// each scheme's fund (Dr 1002 银行存款 / Cr 4001 社会保险费收入, kind
// collection, source "payment:<id>"). Allocations that arrive after a
// bill's due date assess their late fee (latefees.go); what is left after
// the bills pays the payer's outstanding late fees, and the rest is
// 暂收款 (Cr 2201, in fund 110's entry). When a bill is paid in full the
// individual accounts of its lines are credited (money credited when
// received, not when billed).
//
// The payer is locked first (its row, on PostgreSQL), so two payments of
// one payer allocate one after the other; SQLite has one writer.

// RecordPayment records one payment of an employer and allocates it, in
// one unit of work. The same receipt number again changes nothing and
// returns the earlier result; the same receipt with another employer,
// amount or date is ECONFLICT.
func (s *Service) RecordPayment(ctx context.Context, p shebao.Payment) (*shebao.PaymentResult, error) {
	var res *shebao.PaymentResult
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		r, _, err := s.record(ctx, shebao.PayerEmployer, p.Employer, p)
		if err != nil {
			return err
		}
		res = r.employerResult()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ImportPayments records a chunk of employers' payments (bank receipts) in
// one unit of work: a new receipt is Created, a receipt recorded before
// Unchanged; a row that is invalid, of an unknown employer or contradicts
// an earlier receipt is rejected with its reason.
func (s *Service) ImportPayments(ctx context.Context, run string, ps []shebao.Payment) (out []shebao.Outcome, errs []error, err error) {
	if err := authorize(ctx, kinds[shebao.PayerEmployer].record); err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		for i, p := range ps {
			if p.Source == "" {
				p.Source = run
			}
			r, wrote, err := s.record(ctx, shebao.PayerEmployer, p.Employer, p)
			switch {
			case err != nil && !wrote && isRowError(err):
				errs[i] = err
			case err != nil:
				return err
			case r.repeat:
				out[i] = shebao.Unchanged
			default:
				out[i] = shebao.Created
			}
		}
		return nil
	})
	return out, errs, err
}

// isRowError reports whether err is about a row (a Chinese message for
// the user) rather than the system.
func isRowError(err error) bool {
	var e *shebao.Error
	return errors.As(err, &e) && e.Code != shebao.EINTERNAL
}

// RecordFlexPayment records a flexible payer's bank receipt and allocates
// it to their bills not paid in full, oldest first, exactly as an
// employer's; a bill paid in full credits its account part. The same
// receipt again changes nothing; with another person, amount or date it is
// ECONFLICT.
func (s *Service) RecordFlexPayment(ctx context.Context, receipt, idNo string, amount shebao.Money, paidOn string) (*shebao.FlexPaymentResult, error) {
	var res *shebao.FlexPaymentResult
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		r, _, err := s.record(ctx, shebao.PayerPerson, idNo, shebao.Payment{ReceiptNo: receipt, Amount: amount, PaidOn: paidOn})
		if err != nil {
			return err
		}
		res = r.flexResult()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// recorded is what recording a payment did.
type recorded struct {
	payer       *shebao.Payer
	payment     shebao.Payment
	allocations []shebao.Allocation
	allocated   shebao.Money
	feeAssessed shebao.Money // late fees this payment's late allocations assessed
	feePaid     shebao.Money // outstanding late fees it paid after the bills
	credit      shebao.Money // 暂收款
	repeat      bool
}

func (r *recorded) employerResult() *shebao.PaymentResult {
	return &shebao.PaymentResult{Payment: r.payment, Allocations: r.allocations, Allocated: r.allocated, Credit: r.credit,
		LateFeePaid: r.feePaid, Repeat: r.repeat}
}

// flexResult is the flexible payer's answer. A repeat answers with the
// receipt only, as it always has: the payment's allocations are those of
// the first answer.
func (r *recorded) flexResult() *shebao.FlexPaymentResult {
	out := &shebao.FlexPaymentResult{ReceiptNo: r.payment.ReceiptNo, IDNo: r.payer.Key, Amount: r.payment.Amount, PaidOn: r.payment.PaidOn,
		Allocations: []shebao.Allocation{}, Repeat: r.repeat}
	if r.repeat {
		return out
	}
	out.Allocations, out.LateFee, out.LateFeePaid, out.Credit = r.allocations, r.feeAssessed, r.feePaid, r.credit
	return out
}

// record records and allocates one payment of a payer of the kind. wrote
// reports whether anything was written before an error (then the unit of
// work must be abandoned); errors before any write are about the payment.
func (s *Service) record(ctx context.Context, payerKind, key string, p shebao.Payment) (res *recorded, wrote bool, err error) {
	k := kinds[payerKind]
	if err := authorize(ctx, k.record); err != nil {
		return nil, false, err
	}
	p.ReceiptNo = strings.TrimSpace(p.ReceiptNo)
	if p.Kind == "" {
		p.Kind = shebao.PaymentKindPayment
	}
	if err := p.Validate(); err != nil {
		return nil, false, err
	}
	if key, err = canonicalKey(payerKind, key); err != nil {
		return nil, false, err
	}
	payer, err := s.store.FindPayer(ctx, payerKind, key, true)
	if err != nil {
		return nil, false, err
	}
	if prior, err := s.priorPayment(ctx, payer, p); err != nil || prior != nil {
		return prior, false, err
	}

	// From here on the unit of work has written.
	p.PayerKind, p.Payer, p.Reason = payer.Kind, payer.Key, ""
	if payer.Kind == shebao.PayerEmployer {
		p.Employer = payer.Key
	}
	if err := s.store.InsertPayment(ctx, &p); err != nil {
		return nil, true, err
	}
	res = &recorded{payer: payer, payment: p, allocations: []shebao.Allocation{}}
	bills, err := s.store.OpenBills(ctx, payer)
	if err != nil {
		return nil, true, err
	}
	var rows []shebao.AllocationRow
	if rows, err = s.allocate(ctx, payer, p.ID, p.PaidOn, nil, oldestFirst(bills, p.Amount)); err != nil {
		return nil, true, err
	}
	for _, r := range rows {
		al := rowAllocation(r)
		res.allocations = append(res.allocations, al)
		res.allocated += al.Amount
	}
	// Late fees (latefees.go): the allocations that came after the due
	// date assess theirs; what is left after the bills pays the late fees
	// outstanding before it becomes 暂收款.
	if res.feeAssessed, err = s.assessLateFees(ctx, payer, p.ID, p.PaidOn, 0, res.allocations); err != nil {
		return nil, true, err
	}
	if res.feePaid, err = s.collectLateFees(ctx, payer, p, p.Amount-res.allocated); err != nil {
		return nil, true, err
	}
	res.credit = p.Amount - res.allocated - res.feePaid
	if err := s.postPayment(ctx, res); err != nil {
		return nil, true, err
	}
	// Individual accounts of the bills now paid in full.
	for _, al := range res.allocations {
		if al.Settled {
			if err := s.creditBill(ctx, payer, al.Period, p.PaidOn); err != nil {
				return nil, true, err
			}
		}
	}
	var after any = res.employerResult()
	if payer.Kind == shebao.PayerPerson {
		after = res.flexResult()
	}
	if err := s.store.AuditMoneyIn(ctx, k.record, p.ID, payer.Region, after); err != nil {
		return nil, true, err
	}
	return res, true, nil
}

// priorPayment looks for the receipt recorded before: the same payment
// again is a repeat (its earlier result), anything else under the receipt
// number a conflict.
func (s *Service) priorPayment(ctx context.Context, payer *shebao.Payer, p shebao.Payment) (*recorded, error) {
	found, err := s.store.PaymentsByReceipt(ctx, payer.Kind, p.ReceiptNo)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	prior := found[0]
	for _, f := range found {
		if f.Kind == shebao.PaymentKindPayment {
			prior = f
		}
	}
	if prior.Kind != shebao.PaymentKindPayment || prior.Payer != payer.Key || prior.Amount != p.Amount || prior.PaidOn != p.PaidOn {
		if payer.Kind == shebao.PayerPerson {
			return nil, shebao.Errorf(shebao.ECONFLICT, "回单号%s已登记为另一笔缴款(%s元,%s),与本次不符:更正请另行办理", p.ReceiptNo, prior.Amount, prior.PaidOn)
		}
		return nil, shebao.Errorf(shebao.ECONFLICT, "回单号%s已于%s登记为%s(%s)%s元、到账日期%s,与本次(%s %s元、%s)不符:更正请另行办理",
			p.ReceiptNo, prior.CreatedAt.Format(shebao.DateLayout), prior.Payer, prior.Kind, prior.Amount, prior.PaidOn, payer.Key, p.Amount, p.PaidOn)
	}
	res := &recorded{payer: payer, payment: prior, repeat: true}
	als, feePaid, err := s.store.RecordedAllocations(ctx, prior.ID)
	if err != nil {
		return nil, err
	}
	res.allocations = als
	for _, al := range als {
		res.allocated += al.Amount
	}
	res.feePaid = feePaid
	res.credit = prior.Amount - res.allocated - feePaid
	return res, nil
}

// planned is one bill and what to allocate to it.
type planned struct {
	bill   shebao.OpenBill
	amount shebao.Money
}

// oldestFirst plans the allocation of an amount to bills not paid in full
// (oldest first, as the store gives them): each bill takes what it still
// lacks until the money is spent.
func oldestFirst(bills []shebao.OpenBill, amount shebao.Money) []planned {
	var out []planned
	left := amount
	for _, b := range bills {
		if left <= 0 {
			break
		}
		amt := min(left, b.Total-b.Paid)
		if amt <= 0 {
			continue
		}
		out = append(out, planned{b, amt})
		left -= amt
	}
	return out
}

// allocate writes the planned allocations of a payment (seq 0 when it is
// recorded, 1, 2 … when its 暂收款 is applied later): each bill's share
// split over its schemes in proportion to what is still unpaid of each,
// the late days counted from the bill's due date to paidOn (the day the
// money arrived). It returns the rows written.
func (s *Service) allocate(ctx context.Context, payer *shebao.Payer, paymentID, paidOn string, seq func(shebao.Period) int, plan []planned) ([]shebao.AllocationRow, error) {
	if len(plan) == 0 {
		return nil, nil
	}
	periods := make([]shebao.Period, len(plan))
	for i, pl := range plan {
		periods[i] = pl.bill.Period
	}
	due, allocated, err := s.store.BillSchemes(ctx, payer, periods)
	if err != nil {
		return nil, err
	}
	rows := make([]shebao.AllocationRow, 0, len(plan))
	for _, pl := range plan {
		r := shebao.AllocationRow{PaymentID: paymentID, Period: pl.bill.Period, Amount: pl.amount,
			LateDays: shebao.DaysBetween(pl.bill.DueDate, paidOn), ByScheme: map[string]shebao.Money{}}
		if seq != nil {
			r.Seq = seq(pl.bill.Period)
		}
		if pl.bill.Paid+pl.amount == pl.bill.Total {
			r.Settled = shebao.AllocationSettled
		}
		// What is still unpaid of each scheme of the bill (never below
		// zero), in scheme order.
		schemes := sortedKeys(due[pl.bill.Period])
		weights := make([]int64, len(schemes))
		for j, sc := range schemes {
			weights[j] = int64(max(due[pl.bill.Period][sc]-allocated[pl.bill.Period][sc], 0))
		}
		for j, share := range policy.SplitProportional(int64(pl.amount), weights) {
			if share != 0 {
				r.ByScheme[schemes[j]] = shebao.Money(share)
			}
		}
		rows = append(rows, r)
	}
	if err := s.store.Allocate(ctx, payer, rows); err != nil {
		return nil, err
	}
	return rows, nil
}

func rowAllocation(r shebao.AllocationRow) shebao.Allocation {
	return shebao.Allocation{Period: r.Period, Amount: r.Amount, LateDays: r.LateDays, ByScheme: r.ByScheme,
		Settled: r.Settled == shebao.AllocationSettled}
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// postPayment posts the collection entries of a payment: per fund Dr 1002
// 银行存款 / Cr 4001 社会保险费收入 (one credit line per bill), and the
// 暂收款 as Cr 2201 in fund 110's entry.
func (s *Service) postPayment(ctx context.Context, r *recorded) error {
	p, payer := r.payment, r.payer
	credits := map[string][]shebao.Line{}
	debit := map[string]shebao.Money{}
	for _, al := range r.allocations {
		for scheme, m := range al.ByScheme {
			l := shebao.Credit(shebao.AcctContributionIncome, m)
			l.Memo = lineMemo(payer, al.Period)
			credits[scheme] = append(credits[scheme], l)
			debit[scheme] += m
		}
	}
	if r.credit > 0 {
		l := shebao.Credit(shebao.AcctSuspense, r.credit)
		l.Memo = "暂收款 " + payerMemo(payer)
		credits[suspenseFund] = append(credits[suspenseFund], l)
		debit[suspenseFund] += r.credit
	}
	var es []*shebao.Entry
	for _, f := range sortedKeys(credits) {
		d := shebao.Debit(shebao.AcctBank, debit[f])
		d.Memo = "回单号 " + p.ReceiptNo
		es = append(es, &shebao.Entry{Fund: f, Date: p.PaidOn, Kind: shebao.PostCollection, Source: "payment:" + p.ID,
			Description: "征收到账:" + label(payer) + "回单号" + p.ReceiptNo, Lines: append([]shebao.Line{d}, credits[f]...)})
	}
	if len(es) == 0 {
		return nil
	}
	return s.store.PostMoneyIn(ctx, es)
}

// creditBill credits the individual accounts of a bill paid in full: each
// line's account part in a fund that keeps individual accounts (110, 310).
// A bill paid in full again after reversals made it unpaid credits under a
// source of its own.
func (s *Service) creditBill(ctx context.Context, payer *shebao.Payer, period shebao.Period, date string) error {
	n, err := s.store.BillReversals(ctx, payer, period)
	if err != nil {
		return err
	}
	ms, err := s.accountMovements(ctx, payer, period, shebao.MoveCredit, creditSource(payer, period, n), date)
	if err != nil || len(ms) == 0 {
		return err
	}
	return s.store.MoveAccountsMoneyIn(ctx, date, ms[0].Source, creditDescription(payer, period), ms)
}

// withdrawUnsettled withdraws the individual-account credits of bills that
// were paid in full and are not any more, as creditBill credited them.
func (s *Service) withdrawUnsettled(ctx context.Context, payer *shebao.Payer, periods []shebao.Period, date string) error {
	for _, period := range periods {
		n, err := s.store.BillReversals(ctx, payer, period)
		if err != nil {
			return err
		}
		ms, err := s.accountMovements(ctx, payer, period, shebao.MoveWithdraw, withdrawSource(payer, period, n), date)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			continue
		}
		if err := s.store.MoveAccountsMoneyIn(ctx, date, ms[0].Source, withdrawDescription(payer, period), ms); err != nil {
			return err
		}
	}
	return nil
}

// accountMovements are the movements of kind (credit, or withdraw to undo
// a credit) of the individual-account part of each line of a bill, in the
// funds that keep individual accounts.
func (s *Service) accountMovements(ctx context.Context, payer *shebao.Payer, period shebao.Period, kind, source, date string) ([]shebao.AccountMovement, error) {
	lines, err := s.store.BillAccountLines(ctx, payer, period)
	if err != nil {
		return nil, err
	}
	var ms []shebao.AccountMovement
	for _, l := range lines {
		if f, ok := shebao.FindFund(l.Fund); !ok || !f.IndividualAccounts || l.Amount <= 0 {
			continue
		}
		l.Kind, l.Source, l.Date = kind, source, date
		ms = append(ms, l)
	}
	return ms, nil
}
