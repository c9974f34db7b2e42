package collect

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Late fees (滞纳金) on contributions paid late, for every payer.
//
// The law: 社会保险法 第八十六条 — an employer that does not pay in full and
// on time is ordered to pay, "并自欠缴之日起,按日加收万分之五的滞纳金";
// 社会保险费征缴暂行条例 第十三条 — besides the contributions owed the late
// fee is added by the day (its rate of 2‰ superseded by the law's 0.05%),
// and "滞纳金并入社会保险基金": the fee is income of the fund. The rate is
// policy data (late_fee.daily, in force in the payer's region on the day
// the money arrived). The law names the employer; a flexible payer's
// overdue months are charged at the same daily rate (a district whose rule
// exempts them has no separate switch yet).
//
// The rule shebao follows, where the law leaves the order open:
//  1. A payment settles principal first: its money goes to bills oldest
//     first (payments.go), so that individual accounts are credited as
//     soon as the contributions are paid.
//  2. Every allocation that arrives after the bill's due date assesses its
//     late fee at once: the allocated principal × the daily rate × the days
//     from the due date to the payment's date, split over the schemes like
//     the allocation (largest remainder), rounded half up to the 分. It is
//     a receivable of each fund: Dr 1101 应收社会保险费 / Cr 4099 其他收入
//     (kind late_fee, source "latefee:<payment id>:<period>").
//  3. Late fees are paid by later money, after principal: what is left of a
//     payment once its bills are paid (this payment's own late fees just
//     assessed included) pays the outstanding late fees before anything
//     becomes 暂收款: Dr 1002 银行存款 / Cr 1101 per fund (kind late_fee,
//     source "latefee-paid:<payment id>"). 暂收款 already held pays
//     outstanding fees too, after the bills, whenever it is applied
//     (suspense.go): fund 110 Dr 2201 暂收款 / Cr 1101 (its own share) and
//     Cr 1002 (the other funds' shares, which leave 110's bank); each other
//     fund Dr 1002 / Cr 1101 (source "latefee-credit:<payment id>:<seq>").
//  4. The unpaid part of an overdue bill keeps accruing as Arrears shows it
//     (not yet a receivable until the money for it arrives).
// A correction of a payment cancels the fees its late allocations assessed
// (Dr 4099 / Cr 1101) and makes what it paid of fees owed again. A refund
// leaves the fees as they are.

// lateFeeRate returns the daily late-fee rate in force in the region on
// the date.
func (s *Service) lateFeeRate(ctx context.Context, region, date string) (shebao.Rate, error) {
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return 0, err
	}
	day, err := shebao.ParseDate("date", date)
	if err != nil {
		return 0, err
	}
	rate, _, err := set.Rate("late_fee.daily", region, day)
	return rate, err
}

// lateFeeExplain explains the late fee of one late allocation.
func lateFeeExplain(payer *shebao.Payer, al shebao.Allocation, paidOn, why string) string {
	if payer.Kind == shebao.PayerPerson {
		return fmt.Sprintf("灵活就业%s应缴%s元于%s到账,缴费期限后逾期%d天;%s(社会保险法第八十六条,按单位滞纳金的日费率)",
			al.Period, al.Amount, paidOn, al.LateDays, why)
	}
	return fmt.Sprintf("%s应缴%s元于%s到账,缴费期限后逾期%d天;%s(社会保险法第八十六条)", al.Period, al.Amount, paidOn, al.LateDays, why)
}

// assessLateFees assesses the late fee of each late allocation of a
// payment (rule 2 above) and returns their total.
func (s *Service) assessLateFees(ctx context.Context, payer *shebao.Payer, paymentID, paidOn string, seq int, als []shebao.Allocation) (shebao.Money, error) {
	var rate shebao.Rate
	var rows []shebao.LateFeeRow
	var es []*shebao.Entry
	var total shebao.Money
	suffix := ""
	if seq > 0 {
		suffix = fmt.Sprintf(":%d", seq)
	}
	for _, al := range als {
		if al.LateDays <= 0 || al.Amount <= 0 {
			continue
		}
		if rate == 0 {
			var err error
			if rate, err = s.lateFeeRate(ctx, payer.Region, paidOn); err != nil {
				return 0, err
			}
		}
		fee, why := policy.LateFeeExplain(al.Amount, al.LateDays, rate)
		if fee <= 0 {
			continue
		}
		explain := lateFeeExplain(payer, al, paidOn, why)
		schemes := sortedKeys(al.ByScheme)
		weights := make([]int64, len(schemes))
		for i, sc := range schemes {
			weights[i] = int64(al.ByScheme[sc])
		}
		for i, share := range policy.SplitProportional(int64(fee), weights) {
			if share == 0 {
				continue
			}
			sc, m := schemes[i], shebao.Money(share)
			rows = append(rows, shebao.LateFeeRow{PaymentID: paymentID, Period: al.Period, Seq: seq, Scheme: sc, Principal: al.ByScheme[sc],
				Days: al.LateDays, DailyRate: rate, Amount: m, AssessedOn: paidOn, Explain: explain})
			d, c := shebao.Debit(shebao.AcctContributionsReceivable, m), shebao.Credit(shebao.AcctOtherIncome, m)
			d.Memo, c.Memo = lineMemo(payer, al.Period), "滞纳金"
			es = append(es, &shebao.Entry{Fund: sc, Date: paidOn, Kind: shebao.PostLateFee,
				Source:      "latefee:" + paymentID + ":" + string(al.Period) + suffix,
				Description: "滞纳金核定:" + label(payer) + explain, Lines: []shebao.Line{d, c}})
			total += m
		}
	}
	if len(rows) == 0 {
		return 0, nil
	}
	if err := s.store.InsertLateFees(ctx, payer, rows); err != nil {
		return 0, err
	}
	return total, s.store.PostMoneyIn(ctx, es)
}

// outstandingFees returns the payer's late fees assessed and not yet paid,
// by scheme (schemes with nothing outstanding left out).
func (s *Service) outstandingFees(ctx context.Context, payer *shebao.Payer) (map[string]shebao.Money, error) {
	assessed, collected, err := s.store.FeeTotals(ctx, payer)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	for sc, v := range assessed {
		if o := v - collected[sc]; o > 0 {
			out[sc] = o
		}
	}
	return out, nil
}

// feeShares splits what pays outstanding fees over their schemes in
// proportion to what is owed of each: at most the total owed.
func feeShares(owed map[string]shebao.Money, avail shebao.Money) ([]string, []int64) {
	schemes := sortedKeys(owed)
	weights := make([]int64, len(schemes))
	var total shebao.Money
	for i, sc := range schemes {
		weights[i] = int64(owed[sc])
		total += owed[sc]
	}
	return schemes, policy.SplitProportional(int64(min(total, avail)), weights)
}

// collectLateFees pays the payer's outstanding late fees from what is left
// of a new payment after its bills (rule 3 above), and returns what it
// paid.
func (s *Service) collectLateFees(ctx context.Context, payer *shebao.Payer, p shebao.Payment, avail shebao.Money) (shebao.Money, error) {
	if avail <= 0 {
		return 0, nil
	}
	owed, err := s.outstandingFees(ctx, payer)
	if err != nil || len(owed) == 0 {
		return 0, err
	}
	schemes, shares := feeShares(owed, avail)
	var rows []shebao.FeeCollection
	var es []*shebao.Entry
	var paid shebao.Money
	for i, share := range shares {
		if share == 0 {
			continue
		}
		m := shebao.Money(share)
		paid += m
		rows = append(rows, shebao.FeeCollection{PaymentID: p.ID, Scheme: schemes[i], Amount: m, PaidOn: p.PaidOn})
		d := shebao.Debit(shebao.AcctBank, m)
		d.Memo = "回单号 " + p.ReceiptNo
		c := shebao.Credit(shebao.AcctContributionsReceivable, m)
		c.Memo = "滞纳金 " + payerMemo(payer)
		es = append(es, &shebao.Entry{Fund: schemes[i], Date: p.PaidOn, Kind: shebao.PostLateFee, Source: "latefee-paid:" + p.ID,
			Description: "滞纳金到账:" + label(payer) + "回单号" + p.ReceiptNo, Lines: []shebao.Line{d, c}})
	}
	if err := s.store.InsertFeeCollections(ctx, payer, rows); err != nil {
		return 0, err
	}
	if err := s.store.PostMoneyIn(ctx, es); err != nil {
		return 0, err
	}
	return paid, nil
}

// collectLateFeesFromCredit pays the payer's outstanding late fees from
// avail of the 暂收款 held by one payment (rule 3 above), dated date, and
// returns what it paid by scheme.
func (s *Service) collectLateFeesFromCredit(ctx context.Context, payer *shebao.Payer, st *paymentState, avail shebao.Money, date string) (map[string]shebao.Money, error) {
	if avail <= 0 {
		return nil, nil
	}
	owed, err := s.outstandingFees(ctx, payer)
	if err != nil || len(owed) == 0 {
		return nil, err
	}
	schemes, shares := feeShares(owed, avail)
	seq, err := s.store.NextFeeSeq(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	source := fmt.Sprintf("latefee-credit:%s:%d", st.ID, seq)
	desc := fmt.Sprintf("暂收款缴纳滞纳金:%s回单号%s的暂收款", label(payer), st.ReceiptNo)
	out := map[string]shebao.Money{}
	var rows []shebao.FeeCollection
	var es []*shebao.Entry
	lines110 := []shebao.Line{}
	var all, others shebao.Money
	for i, share := range shares {
		m := shebao.Money(share)
		if m == 0 {
			continue
		}
		sc := schemes[i]
		out[sc] = m
		all += m
		rows = append(rows, shebao.FeeCollection{PaymentID: st.ID, Seq: seq, Scheme: sc, Amount: m, PaidOn: date})
		c := shebao.Credit(shebao.AcctContributionsReceivable, m)
		c.Memo = "滞纳金 " + payerMemo(payer)
		if sc == suspenseFund {
			lines110 = append(lines110, c)
			continue
		}
		others += m
		d := shebao.Debit(shebao.AcctBank, m)
		d.Memo = "暂收款划入 " + st.ReceiptNo
		es = append(es, &shebao.Entry{Fund: sc, Date: date, Kind: shebao.PostLateFee, Source: source, Description: desc, Lines: []shebao.Line{d, c}})
	}
	if all == 0 {
		return nil, nil
	}
	if others > 0 {
		l := shebao.Credit(shebao.AcctBank, others)
		l.Memo = "划入其他险种基金"
		lines110 = append(lines110, l)
	}
	d := shebao.Debit(shebao.AcctSuspense, all)
	d.Memo = "暂收款 " + st.ReceiptNo
	es = append(es, &shebao.Entry{Fund: suspenseFund, Date: date, Kind: shebao.PostLateFee, Source: source, Description: desc,
		Lines: append([]shebao.Line{d}, lines110...)})
	if err := s.store.InsertFeeCollections(ctx, payer, rows); err != nil {
		return nil, err
	}
	if err := s.store.PostMoneyIn(ctx, es); err != nil {
		return nil, err
	}
	return out, nil
}

// reverseFeeCollections reverses what a corrected payment (with its
// refunds) paid of late fees: negative rows under the correction c. It
// returns the amounts by scheme (positive).
func (s *Service) reverseFeeCollections(ctx context.Context, payer *shebao.Payer, c shebao.Payment, st *paymentState) (map[string]shebao.Money, error) {
	paid, err := s.store.FeesCollectedBy(ctx, payer, st.ids)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	var rows []shebao.FeeCollection
	for _, sc := range sortedKeys(paid) {
		if v := paid[sc]; v > 0 {
			out[sc] = v
			rows = append(rows, shebao.FeeCollection{PaymentID: c.ID, Scheme: sc, Amount: -v, PaidOn: c.PaidOn})
		}
	}
	return out, s.store.InsertFeeCollections(ctx, payer, rows)
}

// cancelLateFees cancels the late fees a corrected payment's allocations
// assessed: negative rows under the correction c. It returns the amounts
// by scheme (positive).
func (s *Service) cancelLateFees(ctx context.Context, payer *shebao.Payer, c shebao.Payment, origID string) (map[string]shebao.Money, error) {
	fees, err := s.store.LateFeesBy(ctx, payer, origID)
	if err != nil {
		return nil, err
	}
	out := map[string]shebao.Money{}
	var rows []shebao.LateFeeRow
	for _, f := range fees {
		if f.Amount <= 0 {
			continue
		}
		out[f.Scheme] += f.Amount
		rows = append(rows, shebao.LateFeeRow{PaymentID: c.ID, Period: f.Period, Scheme: f.Scheme, Principal: -f.Principal, Days: f.Days,
			DailyRate: f.DailyRate, Amount: -f.Amount, AssessedOn: c.PaidOn,
			Explain: fmt.Sprintf("冲正撤销:原回单号%s的%s滞纳金%s元", c.Ref, f.Period, f.Amount)})
	}
	return out, s.store.InsertLateFees(ctx, payer, rows)
}

// LateFees returns the employer's late fees (滞纳金) assessed when money
// for its bills arrived late, oldest first, with what was paid of them and
// what is outstanding (collected by its next payment after its bills).
// period "" is every period.
func (s *Service) LateFees(ctx context.Context, uscc string, period shebao.Period) (*shebao.LateFeeStatus, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return nil, err
	}
	code, err := canonicalKey(shebao.PayerEmployer, uscc)
	if err != nil {
		return nil, err
	}
	payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, code, false)
	if err != nil {
		return nil, err
	}
	fees, err := s.store.LateFeeList(ctx, payer, period)
	if err != nil {
		return nil, err
	}
	out := &shebao.LateFeeStatus{Employer: code, Fees: fees}
	for _, f := range fees {
		out.Assessed += f.Amount
	}
	assessed, collected, err := s.store.FeeTotals(ctx, payer)
	if err != nil {
		return nil, err
	}
	var all shebao.Money
	for _, v := range assessed {
		all += v
	}
	for _, v := range collected {
		out.Paid += v
	}
	out.Outstanding = max(all-out.Paid, 0)
	return out, nil
}

// LateFeesOutstanding returns the employer's late fees assessed and not
// yet paid as of asOf (YYYY-MM-DD; "" is today): the fees that money
// arriving late by that date assessed (less those a correction dated by
// then cancelled), less what was paid of them by that date. With Arrears
// it is what the employer owed on that day.
func (s *Service) LateFeesOutstanding(ctx context.Context, uscc, asOf string) (shebao.Money, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return 0, err
	}
	code, err := canonicalKey(shebao.PayerEmployer, uscc)
	if err != nil {
		return 0, err
	}
	if asOf == "" {
		asOf = shebao.Today().Format(shebao.DateLayout)
	}
	day, err := shebao.ParseDate("日期", asOf)
	if err != nil {
		return 0, err
	}
	payer, err := s.store.FindPayer(ctx, shebao.PayerEmployer, code, false)
	if err != nil {
		return 0, err
	}
	assessed, collected, err := s.store.FeeTotalsAsOf(ctx, payer, day.Format(shebao.DateLayout))
	if err != nil {
		return 0, err
	}
	var out shebao.Money
	for _, v := range assessed {
		out += v
	}
	for _, v := range collected {
		out -= v
	}
	return max(out, 0), nil
}

// BillWithLateFee returns an employer's bill for a month (without its
// lines: they carry persons' numbers, `shebao bill` shows them) with its
// late fee. Late fees are paid per payer and fund, not per bill
// (collectLateFees); the employer's late fees paid are attributed to its
// bills oldest period first, so a bill's fee is paid once the fees of
// the months before it are.
func (s *Service) BillWithLateFee(ctx context.Context, uscc string, period shebao.Period) (*shebao.BillLateFee, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return nil, err
	}
	p, err := shebao.ParsePeriod(string(period))
	if err != nil {
		return nil, err
	}
	b, err := s.store.FindBill(ctx, uscc, p)
	if err != nil {
		return nil, err
	}
	b.Items = nil
	out := &shebao.BillLateFee{Bill: b}
	payer := &shebao.Payer{Kind: shebao.PayerEmployer, Key: b.Employer, Name: b.EmployerName, Region: b.Region}
	_, collected, err := s.store.FeeTotals(ctx, payer)
	if err != nil {
		return nil, err
	}
	var paid shebao.Money
	for _, v := range collected {
		paid += v
	}
	byPeriod, err := s.store.LateFeesByPeriod(ctx, payer, b.Period)
	if err != nil {
		return nil, err
	}
	for _, per := range sortedPeriods(byPeriod) {
		fee := max(byPeriod[per], 0)
		got := min(fee, max(paid, 0))
		paid -= got
		if per == b.Period {
			out.LateFee, out.LateFeePaid, out.LateFeeOutstanding = fee, got, fee-got
		}
	}
	return out, nil
}

func sortedPeriods[V any](m map[shebao.Period]V) []shebao.Period {
	return slices.Sorted(maps.Keys(m))
}

// Arrears returns an employer's bills overdue and not paid in full on asOf
// (YYYY-MM-DD; "" is today), oldest first, with each one's late fee:
// unpaid × the daily rate in force in the employer's region on asOf
// (late_fee.daily, 0.05%) × the days since the due date (社会保险法
// 第八十六条), explained in Chinese; and the totals of the unpaid amounts
// and of the late fees.
//
// It is a figure as of the date: only money received by asOf counts
// (payments, refunds and corrections dated after it are left out, and so
// are the late fees they assessed — LateFeesOutstanding gives those as of
// the date). The fee accrues on what was unpaid on each day: the part of
// a bill paid late before asOf carries the fee assessed when it arrived
// (its days to that date), the part still unpaid on asOf accrues to asOf.
func (s *Service) Arrears(ctx context.Context, uscc, asOf string) ([]shebao.Arrear, shebao.Money, shebao.Money, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return nil, 0, 0, err
	}
	code, err := canonicalKey(shebao.PayerEmployer, uscc)
	if err != nil {
		return nil, 0, 0, err
	}
	if asOf == "" {
		asOf = shebao.Today().Format(shebao.DateLayout)
	}
	out, err := s.arrears(ctx, shebao.PayerEmployer, code, asOf)
	if err != nil {
		return nil, 0, 0, err
	}
	var total, fees shebao.Money
	for _, a := range out {
		total += a.Unpaid
		fees += a.LateFee
	}
	return out, total, fees, nil
}

// FlexArrears returns a flexible payer's bills overdue and unpaid on asOf
// with the late fee (late_fee.daily × days since the due date, 社会保险法
// 第八十六条), explained. An insured citizen reads only their own.
func (s *Service) FlexArrears(ctx context.Context, idNo, asOf string) ([]shebao.Arrear, error) {
	if err := authorize(ctx, "contribution.read"); err != nil {
		return nil, err
	}
	id, err := canonicalKey(shebao.PayerPerson, idNo)
	if err != nil {
		return nil, err
	}
	out, err := s.arrears(ctx, shebao.PayerPerson, id, asOf)
	if err != nil {
		return nil, err
	}
	// One person's debts are personal data: the look-up is audited.
	payer, err := s.store.FindPayer(ctx, shebao.PayerPerson, id, false)
	if err != nil {
		return nil, err
	}
	return out, s.store.AuditMoneyRead(ctx, "flex_arrears.read", id, payer.Region, map[string]any{"as_of": asOf, "rows": len(out)})
}

// arrears is the one computation of both: the payer's bills due before
// asOf and not paid in full, each with its late fee so far.
func (s *Service) arrears(ctx context.Context, payerKind, key, asOf string) ([]shebao.Arrear, error) {
	day, err := shebao.ParseDate("日期", asOf)
	if err != nil {
		return nil, err
	}
	asOf = day.Format(shebao.DateLayout)
	payer, err := s.store.FindPayer(ctx, payerKind, key, false)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	rate, _, err := set.Rate("late_fee.daily", payer.Region, day)
	if err != nil {
		return nil, err
	}
	bills, err := s.store.BillsAsOf(ctx, payer, asOf)
	if err != nil {
		return nil, err
	}
	out := []shebao.Arrear{}
	for _, b := range bills {
		a := shebao.Arrear{Period: b.Period, DueDate: b.DueDate, Total: b.Total, Paid: b.Paid, Unpaid: b.Total - b.Paid, DailyRate: rate,
			Days: shebao.DaysBetween(b.DueDate, asOf)}
		fee, why := policy.LateFeeExplain(a.Unpaid, a.Days, rate)
		a.LateFee = fee
		if payerKind == shebao.PayerPerson {
			a.Explain = fmt.Sprintf("灵活就业%s应缴%s元,已缴%s元,欠缴%s元;缴费期限%s,至%s逾期%d天;%s(社会保险法第八十六条)",
				a.Period, a.Total, a.Paid, a.Unpaid, a.DueDate, asOf, a.Days, why)
		} else {
			a.Employer = payer.Key
			a.Explain = fmt.Sprintf("%s应缴%s元,已缴%s元,欠缴%s元;缴费期限%s,至%s逾期%d天;%s(社会保险法第八十六条,自欠缴之日起按日加收)",
				a.Period, a.Total, a.Paid, a.Unpaid, a.DueDate, asOf, a.Days, why)
		}
		out = append(out, a)
	}
	return out, nil
}
