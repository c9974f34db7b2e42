package benefit

import (
	"context"
	"sort"
	"strconv"

	"github.com/shebao/shebao"
)

// PaidYears returns the months a person paid in a scheme, per year, up to
// the month upto (YYYY-MM): the months of employers' bills paid in full,
// for 110 also the months of the person's own flexible-employment bills
// paid in full that no employer's bill covers, and, for a year without
// such months, the yearly history (历年缴费记录) — the same rule by which
// a pension determination counts the years (pensionHistory). It is what a
// 参保缴费证明 or a 个人权益记录单 states; the reads are those of the
// person's record (jurisdiction; a citizen their own).
func (s *Service) PaidYears(ctx context.Context, idNo, scheme, upto string) ([]shebao.PaidYear, error) {
	byYear := map[int]*shebao.PaidYear{}
	add := func(period string, base shebao.Money) {
		y, _ := strconv.Atoi(period[:4])
		if byYear[y] == nil {
			byYear[y] = &shebao.PaidYear{Year: y, FromBills: true}
		}
		byYear[y].Months++
		byYear[y].BaseTotal += base
	}
	billed, err := s.store.PaidBillMonths(ctx, idNo, scheme, upto)
	if err != nil {
		return nil, err
	}
	isBilled := map[string]bool{}
	for _, m := range billed {
		isBilled[m.Period] = true
		add(m.Period, m.Base)
	}
	if scheme == shebao.SchemeEmployeePension {
		flex, err := s.store.FlexPensionMonths(ctx, idNo, upto)
		if err != nil {
			return nil, err
		}
		for _, m := range flex {
			if !isBilled[m.Period] {
				add(m.Period, m.Base)
			}
		}
	}
	uptoYear, _ := strconv.Atoi(upto[:4])
	hist, err := s.store.ContributionHistory(ctx, idNo, scheme, uptoYear)
	if err != nil {
		return nil, err
	}
	for _, h := range hist {
		if byYear[h.Year] == nil {
			byYear[h.Year] = &shebao.PaidYear{Year: h.Year, Months: h.Months, BaseTotal: h.BaseTotal}
		}
	}
	out := make([]shebao.PaidYear, 0, len(byYear))
	for _, y := range byYear {
		out = append(out, *y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}
