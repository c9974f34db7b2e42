package collect

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// Settlement of a month assessed at the undeclared factor when the
// employer declares it late (补办申报后结算, issue #14).
//
// 社会保险法 第六十二条: an employer that does not declare owes 110% (the
// policy's assess.undeclared_factor) of last month's amount, and "用人单位
// 补办申报手续后，由社会保险费征收机构按照规定结算". When the declarations of
// such a month arrive, the month is assessed again on them:
//
//   - a bill with no payments is replaced, as any unpaid bill is;
//   - a bill with payments is settled by the difference. What its payments
//     paid of it goes back to them as 暂收款 (new negative allocations under
//     each payment — Dr 4001 / Cr 2201 in fund 110, the other funds' shares
//     moving to 110's bank — never an edit), the late fees those payments'
//     late allocations assessed on it are cancelled (Dr 4099 / Cr 1101), and
//     the individual-account credits of its lines, if it was paid in full,
//     are withdrawn; its bill and lines are kept in bill_reassessments and
//     bill_line_history and replaced by the declared ones; then the
//     payments' 暂收款 is applied again, oldest bill and oldest payment
//     first, each allocation dated by its payment (its late days, and so
//     its late fee, counted to the day the money arrived).
//
// So the difference settles itself, and the outcome is what it would have
// been had the employer declared on time and paid the same money on the
// same days: when the declared bill is larger, the month stays owed for the
// difference (补缴差额), in arrears from its original due date with the late
// fee that accrues; when it is smaller, the surplus stays with the
// payments as 暂收款 (it pays the employer's next bills, or is refunded by
// a 退费). The individual accounts get the declared lines' account parts
// when the month is paid in full. Why not a separate supplementary bill:
// bills, allocations, late fees and account credits are kept per payer and
// month, and the difference is that month's contribution — its late fee
// runs from that month's due date (自欠缴之日起, 第八十六条) — so it belongs
// to the month's bill; a second bill of the same month would need a key of
// its own through the whole pipeline, for no figure that differs.
//
// Not settled here: the months after it assessed at the factor of its old
// amounts (a run of those months finds them changed and, once paid, lists
// them for a correction as any paid bill whose lines changed); late fees
// already paid beyond those assessed again stay recorded as paid.

// settlesLate reports whether a month's bill with payments is settled by
// the difference rather than left for a correction: it was assessed at the
// undeclared factor and the month is now declared.
func settlesLate(storedBasis, stagedBasis string) bool {
	_, undeclared := shebao.UndeclaredFactor(storedBasis)
	return undeclared && stagedBasis == shebao.BasisDeclared
}

// releaseForSettlement gives back to its payments what they paid of the
// employer's bill of the month (the first part of the settlement above),
// before the bill is replaced by the lines of the staging run. It returns
// the money released and the late fees cancelled.
func (s *Service) releaseForSettlement(ctx context.Context, uscc string, period shebao.Period, run string) (released, cancelled shebao.Money, err error) {
	payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, uscc, true)
	if err != nil {
		return 0, 0, err
	}
	bill, err := s.store.BillOf(ctx, payer, period)
	if err != nil || bill == nil {
		return 0, 0, err
	}
	states, order, err := s.paymentStates(ctx, payer)
	if err != nil {
		return 0, 0, err
	}
	byRow, err := s.store.PeriodAllocations(ctx, payer, period)
	if err != nil {
		return 0, 0, err
	}
	seqs, err := s.store.AllocationSeqs(ctx, payer)
	if err != nil {
		return 0, 0, err
	}
	date := utcDay()
	wasSettled := bill.Total > 0 && bill.Paid == bill.Total
	var rows []shebao.AllocationRow
	var es []*shebao.Entry
	var fees []shebao.LateFeeRow
	for _, rn := range order {
		st := states[rn]
		net := map[string]shebao.Money{}
		var total shebao.Money
		for _, id := range st.ids {
			for sc, m := range byRow[id] {
				net[sc] += m
				total += m
			}
		}
		if total <= 0 {
			continue
		}
		seq := seqs[st.ID+"|"+string(period)] + 1
		r := shebao.AllocationRow{PaymentID: st.ID, Period: period, Seq: seq, Amount: -total, ByScheme: map[string]shebao.Money{}}
		if wasSettled && len(rows) == 0 {
			r.Settled = shebao.AllocationUnsettled // counted once by BillReversals
		}
		for sc, m := range net {
			if m != 0 {
				r.ByScheme[sc] = -m
			}
		}
		rows = append(rows, r)
		released += total
		es = append(es, releaseEntries(payer, st, period, seq, net, date)...)
		// The late fees this payment's late allocations assessed on the
		// month are cancelled: the allocation applied again assesses them
		// anew on what it pays of the declared bill.
		assessed, err := s.store.LateFeesBy(ctx, payer, st.ID)
		if err != nil {
			return 0, 0, err
		}
		for _, f := range assessed {
			if f.Period != period || f.Amount <= 0 {
				continue
			}
			fees = append(fees, shebao.LateFeeRow{PaymentID: st.ID, Period: period, Seq: seq, Scheme: f.Scheme, Principal: -f.Principal,
				Days: f.Days, DailyRate: f.DailyRate, Amount: -f.Amount, AssessedOn: date,
				Explain: fmt.Sprintf("补办申报结算撤销:回单号%s的%s滞纳金%s元(按申报重新核定后重新计算)", st.ReceiptNo, period, f.Amount)})
			d, c := shebao.Debit(shebao.AcctOtherIncome, f.Amount), shebao.Credit(shebao.AcctContributionsReceivable, f.Amount)
			d.Memo, c.Memo = "撤销滞纳金", lineMemo(payer, period)
			es = append(es, &shebao.Entry{Fund: f.Scheme, Date: date, Kind: shebao.PostAdjustment,
				Source:      fmt.Sprintf("reassess-fee:%s:%s:%d", st.ID, period, seq),
				Description: fmt.Sprintf("补办申报结算:撤销%s回单号%s的%s滞纳金", label(payer), st.ReceiptNo, period), Lines: []shebao.Line{d, c}})
			cancelled += f.Amount
		}
	}
	if len(rows) == 0 {
		return 0, 0, nil
	}
	if err := s.store.Allocate(ctx, payer, rows); err != nil {
		return 0, 0, err
	}
	if err := s.store.InsertLateFees(ctx, payer, fees); err != nil {
		return 0, 0, err
	}
	if err := s.store.PostMoneyIn(ctx, es); err != nil {
		return 0, 0, err
	}
	// The credits of the old lines, if the bill was paid in full (read
	// before its lines are replaced).
	if wasSettled {
		if err := s.withdrawUnsettled(ctx, payer, []shebao.Period{period}, date); err != nil {
			return 0, 0, err
		}
	}
	if err := s.store.SupersedeBill(ctx, payer, period, run, released, cancelled); err != nil {
		return 0, 0, err
	}
	return released, cancelled, nil
}

// releaseEntries are the ledger entries of giving back what a payment paid
// of a month's bill as its 暂收款, the reverse of applying 暂收款
// (allocateCredit): fund 110 Dr 4001 for its own share and Dr 1002 for the
// other funds' shares / Cr 2201; each other fund Dr 4001 / Cr 1002.
func releaseEntries(payer *shebao.Payer, st *paymentState, period shebao.Period, seq int, net map[string]shebao.Money, date string) []*shebao.Entry {
	source := fmt.Sprintf("reassess:%s:%s:%d", st.ID, period, seq)
	desc := fmt.Sprintf("补办申报结算:%s回单号%s已缴%s的款项转为暂收款", label(payer), st.ReceiptNo, period)
	memo := lineMemo(payer, period)
	var es []*shebao.Entry
	var lines110 []shebao.Line
	var all, others shebao.Money
	for _, sc := range sortedKeys(net) {
		m := net[sc]
		if m == 0 {
			continue
		}
		all += m
		d := signed(shebao.AcctContributionIncome, m)
		d.Memo = memo
		if sc == suspenseFund {
			lines110 = append(lines110, d)
			continue
		}
		others += m
		c := signed(shebao.AcctBank, -m)
		c.Memo = "划入暂收款 " + st.ReceiptNo
		es = append(es, &shebao.Entry{Fund: sc, Date: date, Kind: shebao.PostAdjustment, Source: source, Description: desc, Lines: []shebao.Line{d, c}})
	}
	if others != 0 {
		d := signed(shebao.AcctBank, others)
		d.Memo = "其他险种基金划入"
		lines110 = append(lines110, d)
	}
	c := signed(shebao.AcctSuspense, -all)
	c.Memo = "暂收款 " + st.ReceiptNo
	return append(es, &shebao.Entry{Fund: suspenseFund, Date: date, Kind: shebao.PostAdjustment, Source: source, Description: desc,
		Lines: append(lines110, c)})
}

// signed is a debit of m to the account, or a credit of −m when m is
// negative.
func signed(acct string, m shebao.Money) shebao.Line {
	if m < 0 {
		return shebao.Credit(acct, -m)
	}
	return shebao.Debit(acct, m)
}

// ReassessDeclared assesses again the months an employer has now declared
// that were assessed at the undeclared factor: of the (employer, month)
// pairs of the declarations given — an import's, once its every chunk is
// in, so that a month declared over several chunks is assessed on all of
// them — those whose bill of the month has the undeclared basis. A bill
// without payments is replaced by the declared one; a bill with payments
// is settled by the difference (above); then the employer's 暂收款 is
// applied. One unit of work; a pair whose bill is declared already
// changes nothing, so running it again after an interrupted import
// finishes it. It returns what was done per month (none when nothing was
// to be done).
func (s *Service) ReassessDeclared(ctx context.Context, keys []shebao.DeclarationKey) ([]*shebao.AssessResult, error) {
	if err := authorize(ctx, "assessment.run"); err != nil {
		return nil, err
	}
	byPeriod := map[shebao.Period][]string{}
	seen := map[shebao.DeclarationKey]bool{}
	for _, k := range keys {
		k.IDNo = ""
		if !seen[k] {
			seen[k] = true
			byPeriod[k.Period] = append(byPeriod[k.Period], k.Employer)
		}
	}
	var out []*shebao.AssessResult
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		out = nil
		for _, period := range sortedPeriods(byPeriod) {
			due, err := s.store.UndeclaredBills(ctx, period, byPeriod[period])
			if err != nil {
				return err
			}
			if len(due) == 0 {
				continue
			}
			o, err := s.assessEmployers(ctx, period, due)
			if err != nil {
				return err
			}
			for _, u := range due {
				payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, u, true)
				if err != nil {
					return err
				}
				if _, err := s.applyCredit(ctx, payer, utcDay()); err != nil {
					return err
				}
			}
			res := &shebao.AssessResult{Period: period, Employers: len(due), Rewritten: len(o.rewritten), Unchanged: len(due) - len(o.rewritten),
				Undeclared: []string{}, Paid: []string{}, Settled: o.settled}
			if o.paid != nil {
				res.Paid = o.paid
			}
			if err := s.store.RecordAssessment(ctx, res); err != nil {
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
