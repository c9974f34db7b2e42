package collect

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Flexible employment (灵活就业, 国发〔2005〕38号): an individual payer chooses
// a base within base.floor and base.ceiling of wage.avg_monthly for a range
// of months and pays flex.110.rate (20%) of it to the employee pension
// (110), of which flex.110.account_rate (8%) goes to the individual account
// when the month is paid in full. The months are billed to the person as
// payer (bills of payer kind person, one line each in flex_bill_lines) and
// paid, allocated, charged late fees, refunded and corrected through the
// one pipeline (payments.go, latefees.go, refunds.go).

// RegisterFlexBase records a chosen base. The base must lie within the
// floor and ceiling in force for the person's region in the first month;
// outside it is refused with the field and the limits. Ranges of one person
// may not overlap; the same registration again changes nothing.
func (s *Service) RegisterFlexBase(ctx context.Context, fb shebao.FlexBase) error {
	_, errs, err := s.ImportFlexBases(ctx, []shebao.FlexBase{fb})
	if err != nil {
		return err
	}
	return errs[0]
}

// ImportFlexBases registers a chunk of chosen bases in one unit of work
// (the import and the API): a new registration is Created, the same one
// again Unchanged; a row that is invalid, of a person not registered, out
// of the limits or overlapping another range is rejected with its field
// and reason, and the other rows still land.
func (s *Service) ImportFlexBases(ctx context.Context, fbs []shebao.FlexBase) (out []shebao.Outcome, errs []error, err error) {
	if err := authorize(ctx, "flex.register"); err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(fbs)), make([]error, len(fbs))
		for i, fb := range fbs {
			created, err := s.registerFlexBase(ctx, set, fb)
			switch {
			case err != nil && shebao.ErrorCode(err) == shebao.EINTERNAL:
				return err
			case err != nil:
				errs[i] = err
			case created:
				out[i] = shebao.Created
			default:
				out[i] = shebao.Unchanged
			}
		}
		return nil
	})
	return out, errs, err
}

// registerFlexBase records one chosen base; created is false when the same
// registration was there before. It writes nothing when it fails.
func (s *Service) registerFlexBase(ctx context.Context, set *policy.Set, fb shebao.FlexBase) (created bool, err error) {
	id, err := canonicalKey(shebao.PayerPerson, fb.IDNo)
	if err != nil {
		return false, err
	}
	from, err := shebao.ParsePeriod(string(fb.From))
	if err != nil {
		return false, shebao.FieldErrorf("起始年月", "%s", shebao.ErrorMessage(err))
	}
	to := shebao.Period("")
	if fb.To != "" {
		if to, err = shebao.ParsePeriod(string(fb.To)); err != nil || to < from {
			return false, shebao.FieldErrorf("终止年月", "终止年月“%s”无效或早于起始年月", fb.To)
		}
	}
	p, err := s.store.FindPayer(ctx, shebao.PayerPerson, id, false)
	if err != nil {
		return false, err
	}
	fp, err := policy.FlexParamsFor(set, p.Region, from)
	if err != nil {
		return false, err
	}
	if fb.Base < fp.Floor || fb.Base > fp.Ceiling {
		return false, shebao.FieldErrorf("缴费基数", "缴费基数%s元不在%s年度允许的范围内:应在%s元(社平工资%s元的%s)至%s元(%s)之间",
			fb.Base, from[:4], fp.Floor, fp.Avg, fp.FloorRate.Percent(), fp.Ceiling, fp.CeilingRate.Percent())
	}
	have, err := s.store.FlexBasesOf(ctx, id)
	if err != nil {
		return false, err
	}
	for _, h := range have {
		if h.From == from && h.To == to && h.Base == fb.Base {
			return false, nil // registered before
		}
		if (h.To == "" || from <= h.To) && (to == "" || h.From <= to) {
			until := string(h.To)
			if until == "" {
				until = "今"
			}
			return false, shebao.FieldErrorf("起始年月", "与已登记的缴费基数期间%s至%s重叠", h.From, until)
		}
	}
	return true, s.store.InsertFlexBase(ctx, shebao.FlexBase{IDNo: id, From: from, To: to, Base: fb.Base}, p.Region)
}

// AssessFlex writes the bills of a month for every registered base
// covering it (in the actor's jurisdiction): amount = base × rate, account
// part = base × account rate, each explained; a base that the month's
// floor or ceiling no longer admits is clamped, and says so. A bill
// assessed before is kept as it is. It returns the bills written.
func (s *Service) AssessFlex(ctx context.Context, period shebao.Period) (int, error) {
	if err := authorize(ctx, "flex.assess"); err != nil {
		return 0, err
	}
	if _, err := shebao.ParsePeriod(string(period)); err != nil {
		return 0, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		bases, err := s.store.FlexBasesInForce(ctx, period)
		if err != nil {
			return err
		}
		params := map[string]policy.FlexParams{}
		rows := make([]shebao.FlexBillRow, 0, len(bases))
		for _, b := range bases {
			fp, ok := params[b.Region]
			if !ok {
				if fp, err = policy.FlexParamsFor(set, b.Region, period); err != nil {
					return err
				}
				params[b.Region] = fp
			}
			bill := fp.Bill(period, b.Base)
			rows = append(rows, shebao.FlexBillRow{IDNo: b.IDNo, Period: period, Scheme: shebao.SchemeEmployeePension, Region: b.Region,
				Base: bill.Base, Rate: fp.Rate, Amount: bill.Amount, Account: bill.Account, DueDate: period.Last().Format(shebao.DateLayout),
				Explanation: bill.Explanation})
		}
		n, err = s.store.InsertFlexBills(ctx, period, rows)
		return err
	})
	return n, err
}

// FlexBases returns the bases a person registered as a flexible worker,
// oldest first (the person's page offers the payment, refund and
// correction forms to a registered flexible worker).
func (s *Service) FlexBases(ctx context.Context, idNo string) ([]shebao.FlexBase, error) {
	if err := authorize(ctx, "flex.read"); err != nil {
		return nil, err
	}
	return s.store.FlexBasesOf(ctx, idNo)
}
