package transfer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Rents of transfer contracts (合同兑现): each verified contract's rent
// falls due once a contract year, in advance (policy.RentSchedule); the
// service centre records what the transferee paid, by receipt, and lists
// what is overdue so that it can 督促. The rents pass between the parties,
// not through a social insurance fund: nothing is posted to the ledger.

// RentDues lists the instalments of a contract: up to its end, or up to
// the day it ended early (the year in which it ended is owed for its days);
// a rent in kind converted at the prices (transfer.kind_prices, cited as
// cite) of each instalment's year.
func RentDues(t *shebao.Transfer, prices policy.KindPrices, cite string) ([]policy.RentDue, error) {
	area, err := policy.ParseMu(t.Area)
	if err != nil {
		return nil, err
	}
	end := t.End
	if t.Status == shebao.TransferEnded && t.EndedOn != "" {
		end = t.EndedOn
	}
	rt := policy.RentTerms{Start: t.Start, End: end, Area: area, Rent: t.Rent, Schedule: t.Schedule}
	if t.RentKind != "" {
		q, err := policy.ParseDecimal(t.RentQty, 2)
		if err != nil {
			return nil, err
		}
		rt.Kind, rt.Qty, rt.Prices, rt.PriceCite = t.RentKind, q, prices, cite
	}
	return policy.Rents(rt)
}

// rentDuer returns RentDues with the prices of the policy in force, read
// once for the many contracts of a list.
func (s *Service) rentDuer(ctx context.Context) (func(*shebao.Transfer) ([]policy.RentDue, error), error) {
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	return func(t *shebao.Transfer) ([]policy.RentDue, error) {
		if t.RentKind == "" {
			return RentDues(t, nil, "")
		}
		prices, cite, err := policy.KindPricesIn(set, t.Region, shebao.Today())
		if err != nil {
			return nil, err
		}
		return RentDues(t, prices, cite)
	}, nil
}

// rentDues is RentDues of one contract with the prices in force.
func (s *Service) rentDues(ctx context.Context, t *shebao.Transfer) ([]policy.RentDue, error) {
	duesOf, err := s.rentDuer(ctx)
	if err != nil {
		return nil, err
	}
	return duesOf(t)
}

// RecordRentPayment records a rent received for a verified contract. The
// receipt makes it idempotent: the same receipt again with the same
// contract, amount and date changes nothing (created false); with other
// values it is a conflict. A payment may not exceed what the contract
// still owes over its whole term.
func (s *Service) RecordRentPayment(ctx context.Context, p shebao.RentPayment) (*shebao.RentPayment, bool, error) {
	if _, err := s.begin(ctx, "transfer.rent", shebao.EntityTransfer); err != nil {
		return nil, false, err
	}
	p.Receipt, p.No, p.Note = strings.TrimSpace(p.Receipt), strings.TrimSpace(p.No), strings.TrimSpace(p.Note)
	if p.Receipt == "" {
		return nil, false, shebao.FieldErrorf("收据号", "收据号不能为空")
	}
	if p.Amount <= 0 {
		return nil, false, shebao.FieldErrorf("金额", "金额应大于0")
	}
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(p.Date))
	if err != nil {
		return nil, false, shebao.FieldErrorf("日期", "付款日期“%s”无效,应为YYYY-MM-DD", p.Date)
	}
	if d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("日期", "付款日期%s晚于今天", d.Format(shebao.DateLayout))
	}
	p.Date = d.Format(shebao.DateLayout)
	var out *shebao.RentPayment
	created := false
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.FindRentPayment(ctx, p.Receipt)
		if err != nil {
			return err
		}
		if old != nil {
			if old.No != p.No || old.Amount != p.Amount || old.Date != p.Date {
				return shebao.Errorf(shebao.ECONFLICT, "收据号%s已登记为合同%s于%s支付%s元,与本次不符", old.Receipt, old.No, old.Date, old.Amount)
			}
			out = old
			return nil
		}
		t, err := s.store.FindTransfer(ctx, p.No)
		if err != nil {
			return err
		}
		if t.VerifiedOn == "" {
			return shebao.Errorf(shebao.ECONFLICT, "流转合同%s尚未鉴证,不登记租金", t.No)
		}
		dues, err := s.rentDues(ctx, t)
		if err != nil {
			return err
		}
		var total shebao.Money
		for _, d := range dues {
			total += d.Amount
		}
		paid, err := s.store.RentPaid(ctx, []string{t.No}, "")
		if err != nil {
			return err
		}
		if left := total - paid[t.No]; p.Amount > left {
			return shebao.FieldErrorf("金额", "合同%s全部租金%s元,已付%s元,尚余%s元,本次%s元超出", t.No, total, paid[t.No], left, p.Amount)
		}
		if err := s.store.InsertRentPayment(ctx, &p, t.Region); err != nil {
			return err
		}
		out, created = &p, true
		return nil
	})
	return out, created, err
}

// RentArrears lists the rents overdue on the date in the region (the
// actor's jurisdiction by default), by town and village, each instalment
// with the days since it fell due: the instalments due by the date of the
// verified contracts, less what was paid by the date (oldest first).
func (s *Service) RentArrears(ctx context.Context, region, date string) (*shebao.RentArrearsReport, error) {
	if _, err := s.begin(ctx, "transfer.list", shebao.EntityTransfer); err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	d, err := time.Parse(shebao.DateLayout, date)
	if err != nil {
		return nil, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", date)
	}
	date = d.Format(shebao.DateLayout)
	ts, err := s.store.ArrearsTransfers(ctx, region, date)
	if err != nil {
		return nil, err
	}
	nos := make([]string, len(ts))
	for i, t := range ts {
		nos[i] = t.No
	}
	paid, err := s.store.RentPaid(ctx, nos, date)
	if err != nil {
		return nil, err
	}
	duesOf, err := s.rentDuer(ctx)
	if err != nil {
		return nil, err
	}
	villages := map[string]*shebao.ArrearsGroup{}
	for _, t := range ts {
		dues, err := duesOf(t)
		if err != nil {
			return nil, err
		}
		owed := policy.RentArrears(dues, paid[t.No], date)
		if len(owed) == 0 {
			continue
		}
		v := villages[t.Region]
		if v == nil {
			v = &shebao.ArrearsGroup{Code: t.Region}
			villages[t.Region] = v
		}
		v.Contracts++
		for _, o := range owed {
			v.Items = append(v.Items, shebao.ArrearsItem{No: t.No, Transferors: t.Transferors(), Transferee: t.TransfereeName,
				Seq: o.Seq, Label: o.Label, Due: o.Due, Amount: o.Amount, Paid: o.Paid, Unpaid: o.Unpaid, DaysOverdue: o.DaysOverdue,
				Explanation: o.Explanation})
			v.Unpaid += o.Unpaid
		}
	}
	out := &shebao.RentArrearsReport{Region: region, Date: date, Towns: []shebao.ArrearsGroup{}}
	codes := []string{}
	if region != "" {
		r, err := idno.ParseRegion(region)
		if err != nil {
			return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
		}
		out.Region = r.Code
		codes = append(codes, r.Code)
	}
	towns := map[string]*shebao.ArrearsGroup{}
	for code, v := range villages {
		town := code[:9] + "000"
		codes = append(codes, code, town)
		g := towns[town]
		if g == nil {
			g = &shebao.ArrearsGroup{Code: town}
			towns[town] = g
		}
		sort.Slice(v.Items, func(i, j int) bool {
			a, b := v.Items[i], v.Items[j]
			if a.DaysOverdue != b.DaysOverdue {
				return a.DaysOverdue > b.DaysOverdue
			}
			return a.No < b.No
		})
		g.Villages = append(g.Villages, *v)
		g.Contracts += v.Contracts
		g.Unpaid += v.Unpaid
	}
	names, err := s.store.RegionNamesOf(ctx, codes)
	if err != nil {
		return nil, err
	}
	out.RegionName = names[out.Region]
	for _, g := range towns {
		g.Name = names[g.Code]
		for i := range g.Villages {
			g.Villages[i].Name = names[g.Villages[i].Code]
		}
		sort.Slice(g.Villages, func(i, j int) bool { return g.Villages[i].Code < g.Villages[j].Code })
		out.Towns = append(out.Towns, *g)
		out.Contracts += g.Contracts
		out.Unpaid += g.Unpaid
	}
	sort.Slice(out.Towns, func(i, j int) bool { return out.Towns[i].Code < out.Towns[j].Code })
	return out, nil
}

// RecordDispute records a dispute over a contract (纠纷), keyed by its
// case number: the same case again changes nothing.
func (s *Service) RecordDispute(ctx context.Context, d shebao.Dispute) (*shebao.Dispute, error) {
	if _, err := s.begin(ctx, "transfer.dispute", shebao.EntityTransfer); err != nil {
		return nil, err
	}
	d.CaseNo, d.No, d.Summary = strings.TrimSpace(d.CaseNo), strings.TrimSpace(d.No), strings.TrimSpace(d.Summary)
	if d.CaseNo == "" {
		return nil, shebao.FieldErrorf("调解案号", "调解案号不能为空")
	}
	if d.Summary == "" {
		return nil, shebao.FieldErrorf("纠纷事由", "请填写纠纷事由")
	}
	on, err := time.Parse(shebao.DateLayout, strings.TrimSpace(d.FiledOn))
	if err != nil {
		return nil, shebao.FieldErrorf("受理日期", "受理日期“%s”无效,应为YYYY-MM-DD", d.FiledOn)
	}
	d.FiledOn, d.Status = on.Format(shebao.DateLayout), shebao.DisputeOpen
	var out *shebao.Dispute
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		t, err := s.store.FindTransfer(ctx, d.No)
		if err != nil {
			return err
		}
		for _, old := range t.Disputes {
			if old.CaseNo == d.CaseNo {
				out = &old
				return nil
			}
		}
		out = &d
		return s.store.SaveDispute(ctx, t, &d, nil)
	})
	return out, err
}

// MediateDispute records the outcome of a dispute's mediation: settled
// (调解成功) or not (调解不成, the parties may apply for arbitration).
func (s *Service) MediateDispute(ctx context.Context, no, caseNo, on, outcome string, settled bool) (*shebao.Dispute, error) {
	if _, err := s.begin(ctx, "transfer.dispute", shebao.EntityTransfer); err != nil {
		return nil, err
	}
	d, err := time.Parse(shebao.DateLayout, strings.TrimSpace(on))
	if err != nil {
		return nil, shebao.FieldErrorf("调解日期", "调解日期“%s”无效,应为YYYY-MM-DD", on)
	}
	if strings.TrimSpace(outcome) == "" {
		return nil, shebao.FieldErrorf("调解结果", "请填写调解结果")
	}
	var out *shebao.Dispute
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		t, err := s.store.FindTransfer(ctx, no)
		if err != nil {
			return err
		}
		for _, old := range t.Disputes {
			if old.CaseNo != caseNo {
				continue
			}
			if old.Status != shebao.DisputeOpen {
				return shebao.Errorf(shebao.ECONFLICT, "纠纷%s已于%s%s", old.CaseNo, old.MediatedOn, old.Status)
			}
			next := old
			next.MediatedOn, next.Outcome, next.Status = d.Format(shebao.DateLayout), strings.TrimSpace(outcome), shebao.DisputeUnsolved
			if settled {
				next.Status = shebao.DisputeSettled
			}
			if next.MediatedOn < old.FiledOn {
				return shebao.FieldErrorf("调解日期", "调解日期%s早于受理日期%s", next.MediatedOn, old.FiledOn)
			}
			out = &next
			return s.store.SaveDispute(ctx, t, &next, &old)
		}
		return shebao.Errorf(shebao.ENOTFOUND, "流转合同%s没有调解案号为%s的纠纷", no, caseNo)
	})
	return out, err
}

// TransferRents is a contract's instalments with what was paid of each by
// the date (today by default) and, for those due, the days overdue; and
// what was paid beyond every instalment (a contract ended early after its
// year was paid in advance: to be returned to the transferee, 多付).
func (s *Service) TransferRents(ctx context.Context, t *shebao.Transfer, date string) ([]policy.RentOwed, shebao.Money, error) {
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	dues, err := s.rentDues(ctx, t)
	if err != nil {
		return nil, 0, err
	}
	paid, err := s.store.RentPaid(ctx, []string{t.No}, date)
	if err != nil {
		return nil, 0, err
	}
	owed := policy.RentAllocation(dues, paid[t.No], date)
	over := paid[t.No]
	for _, o := range owed {
		over -= o.Paid
	}
	return owed, over, nil
}

// CoopYear reports a 土地信用合作社's year (issue #17 item 4): its deposits
// (存入) — its verified contracts as transferee, the instalments falling
// due in the year (its rent owed to the members), what it paid in the year,
// and each member household's share of each instalment in proportion to
// the area it deposited (rounded half up per member, so the shares may
// differ from the instalment by a fen) — and its lendings (贷出): the
// verified contracts in which it lends that land on, their instalments
// falling due in the year and what it received in the year; the margin is
// the year's lending rents less its deposit rents. Deposits of 10.00 +
// 6.00 + 4.00 亩 at 500.00 owe 10000.00 a year; 18.00 亩 lent at 650.00
// bring 11700.00: a margin of 1700.00.
func (s *Service) CoopYear(ctx context.Context, uscc string, year int) (*shebao.CoopYear, error) {
	u, err := idno.ParseUSCC(uscc)
	if err != nil {
		return nil, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	if year < 1980 || year > 2100 {
		return nil, shebao.FieldErrorf("年度", "年度%d无效", year)
	}
	ts, _, err := s.store.FindTransfers(ctx, shebao.TransferFilter{Transferee: u.Code, Limit: 100000})
	if err != nil {
		return nil, err
	}
	out := &shebao.CoopYear{USCC: u.Code, Year: year, Members: []shebao.CoopMember{}, Deposits: []shebao.CoopContract{},
		Lendings: []shebao.CoopContract{}}
	first, last := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	var nos []string
	members := map[string]*shebao.CoopMember{}
	var order []string
	var total policy.Mu
	duesOf, err := s.rentDuer(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.VerifiedOn == "" {
			continue
		}
		out.Name = t.TransfereeName
		out.Contracts++
		nos = append(nos, t.No)
		area, _ := policy.ParseMu(t.Area)
		total += area
		for _, l := range t.Parcels {
			m := members[l.TransferorIDNo]
			if m == nil {
				m = &shebao.CoopMember{IDNo: l.TransferorIDNo, Name: l.TransferorName, AreaMu: "0.00"}
				members[l.TransferorIDNo] = m
				order = append(order, l.TransferorIDNo)
			}
			had, _ := policy.ParseMu(m.AreaMu)
			la, _ := policy.ParseMu(l.Area)
			m.AreaMu = (had + la).String()
		}
		dues, err := duesOf(t)
		if err != nil {
			return nil, err
		}
		out.Deposits = append(out.Deposits, shebao.CoopContract{No: t.No, Region: t.RegionName, Party: t.Transferors(), AreaMu: t.Area,
			Rent: t.Rent, Start: t.Start, End: t.End})
		dep := &out.Deposits[len(out.Deposits)-1]
		for _, d := range dues {
			if d.Due < first || d.Due > last {
				continue
			}
			dep.Due += d.Amount
			out.Due += d.Amount
			for _, l := range t.Parcels {
				la, _ := policy.ParseMu(l.Area)
				members[l.TransferorIDNo].Due += shebao.Money(shebao.MulDivRound(int64(d.Amount), int64(la), int64(area)))
			}
		}
	}
	out.AreaMu = total.String()
	upTo, err := s.store.RentPaid(ctx, nos, last)
	if err != nil {
		return nil, err
	}
	before, err := s.store.RentPaid(ctx, nos, fmt.Sprintf("%d-12-31", year-1))
	if err != nil {
		return nil, err
	}
	for i, no := range nos {
		out.Deposits[i].Paid = upTo[no] - before[no]
		out.Paid += out.Deposits[i].Paid
	}
	if err := s.coopLending(ctx, out, first, last); err != nil {
		return nil, err
	}
	out.Margin = out.LendingDue - out.Due
	for _, id := range order {
		out.Members = append(out.Members, *members[id])
	}
	return out, nil
}

// coopLending adds to the year the cooperative's verified lendings (贷出):
// the instalments falling due from first to last and what was received
// then.
func (s *Service) coopLending(ctx context.Context, out *shebao.CoopYear, first, last string) error {
	ts, _, err := s.store.FindTransfers(ctx, shebao.TransferFilter{Lender: out.USCC, Limit: 100000})
	if err != nil {
		return err
	}
	var nos []string
	var lent policy.Mu
	duesOf, err := s.rentDuer(ctx)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.VerifiedOn == "" {
			continue
		}
		if out.Name == "" {
			out.Name = t.LenderName
		}
		out.LendingContracts++
		nos = append(nos, t.No)
		area, _ := policy.ParseMu(t.Area)
		lent += area
		dues, err := duesOf(t)
		if err != nil {
			return err
		}
		out.Lendings = append(out.Lendings, shebao.CoopContract{No: t.No, Region: t.RegionName, Party: t.TransfereeName, AreaMu: t.Area,
			Rent: t.Rent, Start: t.Start, End: t.End})
		for _, d := range dues {
			if d.Due >= first && d.Due <= last {
				out.Lendings[len(out.Lendings)-1].Due += d.Amount
				out.LendingDue += d.Amount
			}
		}
	}
	out.LentMu = lent.String()
	upTo, err := s.store.RentPaid(ctx, nos, last)
	if err != nil {
		return err
	}
	before, err := s.store.RentPaid(ctx, nos, dayBefore(first))
	if err != nil {
		return err
	}
	for i, no := range nos {
		out.Lendings[i].Paid = upTo[no] - before[no]
		out.LendingReceived += out.Lendings[i].Paid
	}
	return nil
}

// dayBefore is the day before a date YYYY-MM-DD.
func dayBefore(d string) string {
	t, err := time.Parse(shebao.DateLayout, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, -1).Format(shebao.DateLayout)
}

// HouseholdShare is one household's part of a contract of several
// households (a deposit with a 土地信用合作社, issue #17 item 8): the area
// its head transfers and, of each instalment, the share in proportion to
// that area of what falls due and of what was paid (rounded half up to the
// fen, so shares may differ from the instalment by a fen). ok is false when
// the head transfers nothing in it, or all of it.
func HouseholdShare(t *shebao.Transfer, idNo string, owed []policy.RentOwed) (area policy.Mu, shares []policy.RentOwed, ok bool) {
	var whole policy.Mu
	for _, l := range t.Parcels {
		a, _ := policy.ParseMu(l.Area)
		whole += a
		if l.TransferorIDNo == idNo {
			area += a
		}
	}
	if area == 0 || area == whole {
		return area, nil, false
	}
	share := func(m shebao.Money) shebao.Money {
		return shebao.Money(shebao.MulDivRound(int64(m), int64(area), int64(whole)))
	}
	for _, o := range owed {
		s := o
		s.Amount, s.Paid = share(o.Amount), share(o.Paid)
		s.Unpaid = s.Amount - s.Paid
		s.Explanation = fmt.Sprintf("%s;本户%s亩 ÷ 合同%s亩:应得%s元", o.Explanation, area, whole, s.Amount)
		if s.Unpaid == 0 {
			s.DaysOverdue = 0
		}
		shares = append(shares, s)
	}
	return area, shares, true
}

// HouseholdShare is the package's HouseholdShare, for the faces.
func (s *Service) HouseholdShare(t *shebao.Transfer, idNo string, owed []policy.RentOwed) (policy.Mu, []policy.RentOwed, bool) {
	return HouseholdShare(t, idNo, owed)
}
