package collect

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 暂收款 (suspense): what a payment holds that is neither allocated to
// bills nor used for late fees. It is computed from the payment's row and
// the rows that name it: its 暂收款 = Σ amounts (the payment and its
// refunds and corrections) − Σ allocations − Σ late fees paid. A refund
// takes it first (refunds.go); a correction reverses it.
//
// 暂收款 applied later: when a bill exists that is not paid in full and
// the payer holds 暂收款, the money is allocated to it oldest bill first,
// oldest payment first (new allocations under the payment that held it,
// seq 1, 2 …): after each assessment for every employer in the
// jurisdiction that holds some, and by ApplyCredit (shebao payments
// apply). Ledger: fund 110 Dr 2201 / Cr 4001 (its own share) and Cr 1002
// (the other funds' shares, which leave 110's bank); each other fund
// Dr 1002 / Cr 4001 (kind collection, source "credit:<payment id>:<period>").
// What is left after the bills then pays the late fees outstanding
// (latefees.go rule 3). A flexible payer's 暂收款 is paid back by a refund;
// the flexible-employment assessment does not apply it (it never has).

// paymentState is a payment of kind payment with what its rows and the
// rows referring to it add up to.
type paymentState struct {
	shebao.Payment
	ids        []string // the payment and its refunds and corrections
	net        shebao.Money
	allocated  shebao.Money
	feesPaid   shebao.Money
	refunded   shebao.Money // Σ its refunds (positive)
	correction string       // receipt of the correction that reversed it
}

// credit is the payment's 暂收款.
func (s *paymentState) credit() shebao.Money { return s.net - s.allocated - s.feesPaid }

// paymentStates returns the payer's payments of kind payment by receipt
// number, and their receipt numbers oldest first (by date).
func (s *Service) paymentStates(ctx context.Context, payer *shebao.Payer) (map[string]*paymentState, []string, error) {
	rows, err := s.store.PayerPayments(ctx, payer)
	if err != nil {
		return nil, nil, err
	}
	states := map[string]*paymentState{}
	var order []string
	var others []shebao.PaymentTotals
	for _, r := range rows {
		if r.Kind != shebao.PaymentKindPayment {
			others = append(others, r)
			continue
		}
		states[r.ReceiptNo] = &paymentState{Payment: r.Payment, ids: []string{r.ID}, net: r.Amount, allocated: r.Allocated, feesPaid: r.FeesPaid}
		order = append(order, r.ReceiptNo)
	}
	for _, r := range others {
		st, ok := states[r.Ref]
		if !ok {
			continue
		}
		st.ids = append(st.ids, r.ID)
		st.net += r.Amount
		st.allocated += r.Allocated
		st.feesPaid += r.FeesPaid
		switch r.Kind {
		case shebao.PaymentKindCorrection:
			st.correction = r.ReceiptNo
		case shebao.PaymentKindRefund:
			st.refunded -= r.Amount
		}
	}
	return states, order, nil
}

// Suspense returns the payments of an employer that hold 暂收款, oldest
// first, and their total.
func (s *Service) Suspense(ctx context.Context, uscc string) ([]shebao.CreditHeld, shebao.Money, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return nil, 0, err
	}
	code, err := canonicalKey(shebao.PayerEmployer, uscc)
	if err != nil {
		return nil, 0, err
	}
	out := []shebao.CreditHeld{}
	var total shebao.Money
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, total = []shebao.CreditHeld{}, 0
		payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, code, false)
		if err != nil {
			return err
		}
		states, order, err := s.paymentStates(ctx, payer)
		if err != nil {
			return err
		}
		for _, rn := range order {
			st := states[rn]
			if c := st.credit(); c > 0 {
				out = append(out, shebao.CreditHeld{ReceiptNo: rn, PaidOn: st.PaidOn, Amount: st.Amount, Credit: c})
				total += c
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
func (s *Service) ApplyCredit(ctx context.Context, uscc, date string) (*shebao.CreditResult, error) {
	if err := authorize(ctx, "payment.apply"); err != nil {
		return nil, err
	}
	code, err := canonicalKey(shebao.PayerEmployer, uscc)
	if err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	if _, err := shebao.ParseDate("date", date); err != nil {
		return nil, err
	}
	var res *shebao.CreditResult
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, code, true)
		if err != nil {
			return err
		}
		res, err = s.applyCredit(ctx, payer, date)
		return err
	})
	return res, err
}

// applyCreditAfterAssessment applies 暂收款 for every employer in the
// jurisdiction that holds some and has a bill not paid in full or late
// fees outstanding (at the end of an assessment, in its unit of work),
// dated today.
func (s *Service) applyCreditAfterAssessment(ctx context.Context) error {
	codes, err := s.store.PayersHoldingCredit(ctx, shebao.PayerEmployer)
	if err != nil {
		return err
	}
	date := utcDay()
	for _, code := range codes {
		payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, code, true)
		if shebao.ErrorCode(err) == shebao.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := s.applyCredit(ctx, payer, date); err != nil {
			return err
		}
	}
	return nil
}

// applyCredit applies the payer's 暂收款 (the payer locked). An allocation
// made from a payment's 暂收款 is dated by that payment: the money was with
// the fund since it arrived, so its late days are counted to the payment's
// date (0 when it came before the due date), never to the day the clerk
// applied it.
func (s *Service) applyCredit(ctx context.Context, payer *shebao.Payer, date string) (*shebao.CreditResult, error) {
	res := &shebao.CreditResult{Employer: payer.Key, Applied: []shebao.AppliedCredit{}, LateFees: []shebao.AppliedLateFee{}}
	states, order, err := s.paymentStates(ctx, payer)
	if err != nil {
		return nil, err
	}
	type holder struct {
		st   *paymentState
		left shebao.Money
	}
	var holders []*holder
	for _, rn := range order {
		st := states[rn]
		if c := st.credit(); c > 0 && st.correction == "" {
			holders = append(holders, &holder{st, c})
		}
	}
	if len(holders) == 0 {
		return res, nil
	}
	bills, err := s.store.OpenBills(ctx, payer)
	if err != nil {
		return nil, err
	}
	// The next seq of each (payment, bill): a payment that allocated to
	// a bill before (the bill was made unpaid again since) allocates again
	// under a seq of its own.
	var seqs map[string]int
	if len(bills) > 0 {
		if seqs, err = s.store.AllocationSeqs(ctx, payer); err != nil {
			return nil, err
		}
	}
	for _, b := range bills {
		for _, h := range holders {
			if b.Paid == b.Total {
				break
			}
			if h.left == 0 {
				continue
			}
			amt := min(h.left, b.Total-b.Paid)
			seq := 0
			if n, ok := seqs[h.st.ID+"|"+string(b.Period)]; ok {
				seq = n + 1
			}
			al, err := s.allocateCredit(ctx, payer, h.st, b, amt, seq)
			if err != nil {
				return nil, err
			}
			seqs = setSeq(seqs, h.st.ID+"|"+string(b.Period), seq)
			h.left -= amt
			b.Paid += amt
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
		paid, err := s.collectLateFeesFromCredit(ctx, payer, h.st, h.left, date)
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
		h.left -= fee.Amount
		res.LateFees = append(res.LateFees, fee)
		res.LateFeeTotal += fee.Amount
	}
	for _, h := range holders {
		res.Left += h.left
	}
	if len(res.Applied) > 0 || len(res.LateFees) > 0 {
		if err := s.store.AuditMoneyIn(ctx, "payment.apply", payer.Key, payer.Region, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func setSeq(m map[string]int, k string, v int) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[k] = v
	return m
}

// allocateCredit allocates amt of a payment's 暂收款 to one bill, with its
// scheme split, ledger entries and individual-account credits when the
// bill is now paid in full (both dated the day the work is done, UTC, as
// they always were, whatever date `payments apply` was given), and the
// late fee when the payment came after the due date.
func (s *Service) allocateCredit(ctx context.Context, payer *shebao.Payer, st *paymentState, b shebao.OpenBill, amt shebao.Money, seq int) (*shebao.Allocation, error) {
	date := utcDay()
	rows, err := s.allocate(ctx, payer, st.ID, st.PaidOn, func(shebao.Period) int { return seq }, []planned{{b, amt}})
	if err != nil {
		return nil, err
	}
	al := rowAllocation(rows[0])
	// The ledger: fund 110 releases the 暂收款; the other funds' shares
	// move from 110's bank to theirs.
	source := "credit:" + st.ID + ":" + string(b.Period)
	if seq > 0 {
		source += fmt.Sprintf(":%d", seq)
	}
	desc := fmt.Sprintf("暂收款冲抵应缴:%s回单号%s冲抵%s", label(payer), st.ReceiptNo, b.Period)
	memo := lineMemo(payer, b.Period)
	lines110 := []shebao.Line{shebao.Debit(shebao.AcctSuspense, amt)}
	var others shebao.Money
	var es []*shebao.Entry
	for _, f := range sortedKeys(al.ByScheme) {
		m := al.ByScheme[f]
		l := shebao.Credit(shebao.AcctContributionIncome, m)
		l.Memo = memo
		if f == suspenseFund {
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
	es = append(es, &shebao.Entry{Fund: suspenseFund, Date: date, Kind: shebao.PostCollection, Source: source, Description: desc, Lines: lines110})
	if err := s.store.PostMoneyIn(ctx, es); err != nil {
		return nil, err
	}
	if al.Settled {
		if err := s.creditBill(ctx, payer, al.Period, date); err != nil {
			return nil, err
		}
	}
	if _, err := s.assessLateFees(ctx, payer, st.ID, st.PaidOn, seq, []shebao.Allocation{al}); err != nil {
		return nil, err
	}
	return &al, nil
}

// utcDay is the day of the clock in UTC, the date of the entries of 暂收款
// applied to bills.
func utcDay() string { return shebao.Now().UTC().Format(shebao.DateLayout) }
