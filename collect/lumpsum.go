package collect

import (
	"context"
	"fmt"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Lump-sum back payment of converted villages (村改居). A conversion is
// registered for a village with its date; the cost per person and its
// split are computed then from the policy in force for the village on that
// date (policy.ConversionCost) and kept, so that a later change of policy
// does not move a quote. Persons of the village opt in; the village
// collective, the person and the government each pay their part, by
// receipt. Once all three have paid in full, the person's pension account
// (fund 110) is credited and the years before the conversion year are
// written to contribution_years (12 months each at the base) so that the
// pension determination counts them; years already recorded for the
// person are kept as they are.
//
// Every payment posts one entry in fund 110 (kind collection, source
// "lumpsum:<receipt>"): Dr 1002 银行存款, Cr 4001 社会保险费收入 for the
// collective's and the individual's money, Cr 4002 财政补贴收入 for the
// government's. The account credit posts its own entry (source
// "lumpsum:<id_no>", Dr 3101 / Cr 2301).
//
// The lump sum is a payer of the one pipeline (payer.go, migration 0061):
// joining bills the person (payer kind lumpsum, period = the conversion
// date) with a line per party; a receipt is a payments row with its party
// (collective, individual, government), allocated to the bill, each party
// at most its due. A receipt is refunded or corrected, after a second
// clerk's approval, through the flows of refunds.go (others.go): a lump
// sum paid in full that becomes unpaid has its account credit withdrawn
// and its years removed, and is credited anew (under ":<n>") when paid in
// full again.

// RegisterConversion registers the conversion of a village on a date and
// fixes the per-person cost from the policy in force. Registering the
// same village again with the same date returns the registration; another
// date is ECONFLICT.
func (s *Service) RegisterConversion(ctx context.Context, region, convertedOn string) (*shebao.VillageConversion, error) {
	if err := authorize(ctx, "lumpsum.register"); err != nil {
		return nil, err
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return nil, shebao.FieldErrorf("区划", "%s", err.Error())
	}
	if r.Level != 5 {
		return nil, shebao.FieldErrorf("区划", "村改居须登记到村(社区)一级,%s不是村级区划代码", r.Code)
	}
	day, err := shebao.ParseDate("改制日期", convertedOn)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	v := &shebao.VillageConversion{Region: r.Code, ConvertedOn: day.Format(shebao.DateLayout)}
	if err := policy.ConversionCost(set, v, day); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		name, err := s.store.RegionName(ctx, r.Code)
		if err != nil {
			return err
		}
		prior, err := s.store.Conversion(ctx, r.Code)
		if err != nil {
			return err
		}
		if prior != nil {
			if prior.ConvertedOn != v.ConvertedOn {
				return shebao.Errorf(shebao.ECONFLICT, "%s已于%s登记村改居,不能以另一日期%s重复登记", name, prior.ConvertedOn, v.ConvertedOn)
			}
			*v = *prior
			v.Name = name
			return nil
		}
		v.Name = name
		return s.store.InsertConversion(ctx, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// JoinConversion records persons of the village who opt into the lump
// sum. A person must be registered in the village; one who joined before is
// left as is; one who joined another village's conversion is refused. It
// returns the number added and an error per person (nil when fine).
func (s *Service) JoinConversion(ctx context.Context, region string, ids []string) (int, []error, error) {
	errs := make([]error, len(ids))
	added := 0
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		added = 0
		code := region
		if r, err := idno.ParseRegion(region); err == nil {
			code = r.Code
		}
		v, err := s.store.Conversion(ctx, code)
		if err != nil {
			return err
		}
		if v == nil {
			return shebao.Errorf(shebao.ENOTFOUND, "区划%s没有村改居登记(先登记改制)", region)
		}
		canon := make([]string, len(ids))
		var valid []string
		for i, id := range ids {
			c, err := canonicalKey(shebao.PayerPerson, id)
			if err != nil {
				errs[i] = err
				continue
			}
			canon[i] = c
			valid = append(valid, c)
		}
		persons, joined, err := s.store.LumpSumCandidates(ctx, valid)
		if err != nil {
			return err
		}
		var add []string
		for i, id := range canon {
			if errs[i] != nil {
				continue
			}
			p := persons[id]
			switch {
			case p == nil:
				errs[i] = shebao.Errorf(shebao.ENOTFOUND, "未找到身份证号为%s的人员", idno.MaskID(id))
			case p.Region != code:
				errs[i] = shebao.FieldErrorf("身份证号", "%s登记在%s,不是改制村%s的居民", p.Name, p.Region, code)
			case joined[id] != "" && joined[id] != code:
				errs[i] = shebao.Errorf(shebao.ECONFLICT, "%s已参加%s的村改居补缴", p.Name, joined[id])
			case joined[id] == code:
			default:
				joined[id] = code
				add = append(add, id)
			}
		}
		if len(add) == 0 {
			return nil
		}
		added = len(add)
		return s.store.InsertLumpSumPersons(ctx, v, add)
	})
	return added, errs, err
}

// RecordLumpSumPayment records money received for one person's lump sum
// in a unit of work of its own; repeat = true when the receipt was
// recorded before (nothing changed).
func (s *Service) RecordLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) (*shebao.LumpSumPerson, bool, error) {
	var out *shebao.LumpSumPerson
	var repeat bool
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		out, repeat, _, err = s.recordLumpSum(ctx, p)
		return err
	})
	return out, repeat, err
}

// ImportLumpSumPayments records a chunk of lump-sum payments in one unit
// of work, row by row (each locks its person): Created, Unchanged for a
// receipt recorded before, or the row's error.
func (s *Service) ImportLumpSumPayments(ctx context.Context, run string, ps []shebao.LumpSumPayment) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		for i, p := range ps {
			if p.Source == "" {
				p.Source = run
			}
			// Checks and look-ups come before any write of the row, so a
			// refused row leaves the unit of work clean.
			_, repeat, wrote, err := s.recordLumpSum(ctx, p)
			switch {
			case err != nil && !wrote && isRowError(err):
				errs[i] = err
			case err != nil:
				return err
			case repeat:
				out[i] = shebao.Unchanged
			default:
				out[i] = shebao.Created
			}
		}
		return nil
	})
	return out, errs, err
}

func (s *Service) recordLumpSum(ctx context.Context, p shebao.LumpSumPayment) (lp *shebao.LumpSumPerson, repeat, wrote bool, err error) {
	if err := authorize(ctx, "lumpsum.pay"); err != nil {
		return nil, false, false, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if err := p.Validate(); err != nil {
		return nil, false, false, err
	}
	if p.IDNo, err = canonicalKey(shebao.PayerPerson, p.IDNo); err != nil {
		return nil, false, false, err
	}
	// The person's lump sum, locked: its payments apply one at a time.
	st, err := s.store.LockLumpSum(ctx, p.IDNo)
	if err != nil {
		return nil, false, false, err
	}
	if st == nil {
		return nil, false, false, shebao.FieldErrorf("身份证号", "%s没有参加村改居一次性补缴", maskedOrFull(a, p.IDNo))
	}
	found, err := s.store.PaymentsByReceipt(ctx, shebao.PayerLumpSum, p.ReceiptNo)
	if err != nil {
		return nil, false, false, err
	}
	for _, prior := range found {
		if prior.Kind != shebao.PaymentKindPayment {
			continue
		}
		if prior.Payer != p.IDNo || prior.Party != p.Payer || prior.Amount != p.Amount || prior.PaidOn != p.PaidOn {
			return nil, false, false, shebao.Errorf(shebao.ECONFLICT, "票据号%s已登记为%s %s缴%s元(%s),与本次不符:更正请另行办理",
				p.ReceiptNo, maskedOrFull(a, prior.Payer), shebao.LumpPayerNames[prior.Party], prior.Amount, prior.PaidOn)
		}
		lp, err = s.lumpSumPerson(ctx, p.IDNo)
		return lp, true, false, err
	}
	v, err := s.store.Conversion(ctx, st.Region)
	if err != nil {
		return nil, false, false, err
	}
	if v == nil {
		return nil, false, false, fmt.Errorf("lump sum of %s: conversion %s missing", p.IDNo, st.Region)
	}
	paid := map[string]shebao.Money{shebao.LumpPayerCollective: st.CollectivePaid, shebao.LumpPayerIndividual: st.IndividualPaid,
		shebao.LumpPayerGovernment: st.GovernmentPaid}
	due := v.Due(p.Payer)
	if paid[p.Payer]+p.Amount > due {
		return nil, false, false, shebao.FieldErrorf("金额", "%s应缴%s元,已缴%s元,本次%s元超出应缴部分", shebao.LumpPayerNames[p.Payer], due, paid[p.Payer], p.Amount)
	}

	// Writes: from here on an error abandons the unit of work. The
	// receipt is a payments row of the party, allocated to the bill.
	payer := &shebao.Payer{Kind: shebao.PayerLumpSum, Key: p.IDNo, Region: st.Region}
	row := shebao.Payment{ReceiptNo: p.ReceiptNo, Kind: shebao.PaymentKindPayment, PayerKind: payer.Kind, Payer: payer.Key, Party: p.Payer,
		Amount: p.Amount, PaidOn: p.PaidOn, Source: p.Source}
	if err := s.store.InsertPayment(ctx, &row); err != nil {
		return nil, false, true, err
	}
	paid[p.Payer] += p.Amount
	settles := st.SettledOn == "" && paid[shebao.LumpPayerCollective] == v.Collective && paid[shebao.LumpPayerIndividual] == v.Individual &&
		paid[shebao.LumpPayerGovernment] == v.Government
	al := shebao.AllocationRow{PaymentID: row.ID, Period: shebao.Period(v.ConvertedOn), Amount: p.Amount,
		ByScheme: map[string]shebao.Money{shebao.SchemeEmployeePension: p.Amount}}
	if settles {
		al.Settled = shebao.AllocationSettled
	}
	if err := s.store.Allocate(ctx, payer, []shebao.AllocationRow{al}); err != nil {
		return nil, false, true, err
	}
	credit := shebao.Credit(shebao.AcctContributionIncome, p.Amount)
	if p.Payer == shebao.LumpPayerGovernment {
		credit = shebao.Credit(shebao.AcctSubsidyIncome, p.Amount)
	}
	credit.Memo = "村改居补缴 " + shebao.LumpPayerNames[p.Payer] + " " + p.IDNo
	debit := shebao.Debit(shebao.AcctBank, p.Amount)
	debit.Memo = "票据号 " + p.ReceiptNo
	if err := s.store.PostMoneyIn(ctx, []*shebao.Entry{{Fund: shebao.SchemeEmployeePension, Date: p.PaidOn,
		Kind: shebao.PostCollection, Source: "lumpsum:" + p.ReceiptNo,
		Description: fmt.Sprintf("村改居一次性补缴到账:%s缴%s元,票据号%s", shebao.LumpPayerNames[p.Payer], p.Amount, p.ReceiptNo),
		Lines:       []shebao.Line{debit, credit}}}); err != nil {
		return nil, false, true, err
	}
	if settles {
		if err := s.settleLumpSum(ctx, v, payer, p.PaidOn); err != nil {
			return nil, false, true, err
		}
	}
	if err := s.store.AuditMoneyIn(ctx, "lumpsum.pay", p.ReceiptNo, st.Region, p); err != nil {
		return nil, false, true, err
	}
	lp, err = s.lumpSumPerson(ctx, p.IDNo)
	return lp, false, true, err
}

// lumpSumSource is the source of the account credit and the years of a
// lump sum paid in full: "lumpsum:<身份证号>", and ":<n>" appended when it
// is paid in full again after n reversals made it unpaid.
func lumpSumSource(id string, n int) string {
	if n == 0 {
		return "lumpsum:" + id
	}
	return fmt.Sprintf("lumpsum:%s:%d", id, n)
}

// settleLumpSum credits the account and writes the years of a lump sum
// paid in full: the years before the conversion year, 12 months each at
// the monthly base.
func (s *Service) settleLumpSum(ctx context.Context, v *shebao.VillageConversion, payer *shebao.Payer, date string) error {
	n, err := s.store.BillReversals(ctx, payer, shebao.Period(v.ConvertedOn))
	if err != nil {
		return err
	}
	id, source := payer.Key, lumpSumSource(payer.Key, n)
	if err := s.store.MoveAccountsMoneyIn(ctx, date, source, fmt.Sprintf("个人账户记账:村改居一次性补缴%d年足额到账", v.Years),
		[]shebao.AccountMovement{{IDNo: id, Fund: shebao.SchemeEmployeePension, Date: date, Kind: shebao.MoveCredit, Source: source, Amount: v.Account}}); err != nil {
		return err
	}
	conv, _ := time.Parse(shebao.DateLayout, v.ConvertedOn)
	var years []shebao.ContributionYear
	for y := conv.Year() - v.Years; y < conv.Year(); y++ {
		years = append(years, shebao.ContributionYear{IDNo: id, Scheme: shebao.SchemeEmployeePension, Year: y, Months: 12,
			BaseTotal: v.MonthlyBase * 12, Source: source})
	}
	return s.store.InsertContributionYears(ctx, years)
}

// lumpSumPerson is a person's lump sum with what is still short.
func (s *Service) lumpSumPerson(ctx context.Context, id string) (*shebao.LumpSumPerson, error) {
	lp, err := s.store.LumpSumPerson(ctx, id)
	if err != nil {
		return nil, err
	}
	lp.Shortfall = shortfall(lp)
	return lp, nil
}

func shortfall(lp *shebao.LumpSumPerson) shebao.Money {
	return lp.Cost - lp.CollectivePaid - lp.IndividualPaid - lp.GovernmentPaid
}

// ConversionQuote returns a converted village's registration and its
// persons with what each has paid and still owes (read audited).
func (s *Service) ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error) {
	v, ps, err := s.store.ConversionQuote(ctx, region)
	if err != nil {
		return nil, nil, err
	}
	for _, lp := range ps {
		lp.Shortfall = shortfall(lp)
	}
	return v, ps, nil
}

// ConversionReports returns, for every converted village in the region
// (and the actor's jurisdiction), what its lump sums cost, what each party
// paid and the shortfall, explained.
func (s *Service) ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error) {
	rs, err := s.store.ConversionReports(ctx, region)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		r := &rs[i]
		n := shebao.Money(r.Persons)
		r.Due = r.CostPerPerson * n
		r.CollectiveDue, r.IndividualDue, r.GovernmentDue = r.CollectiveDue*n, r.IndividualDue*n, r.GovernmentDue*n
		r.Paid = r.CollectivePaid + r.IndividualPaid + r.GovernmentPaid
		r.Shortfall = r.Due - r.Paid
		r.Explanation = fmt.Sprintf("%s(%s改制):%d人参加一次性补缴,人均%s元,应缴%s元;村集体应缴%s元已缴%s元,个人应缴%s元已缴%s元,政府应缴%s元已缴%s元;已缴合计%s元,缺口%s元;%d人已足额缴清。",
			r.Name, r.ConvertedOn, r.Persons, r.CostPerPerson, r.Due, r.CollectiveDue, r.CollectivePaid, r.IndividualDue, r.IndividualPaid,
			r.GovernmentDue, r.GovernmentPaid, r.Paid, r.Shortfall, r.Settled)
	}
	return rs, nil
}
