package benefit

import (
	"strconv"
	"strings"

	"github.com/shebao/shebao"
)

// yearHistoryFits checks that a year's migrated history row (历年缴费记录)
// and the months of the same year assessed by shebao and paid in full can
// both be true, so that they add up (issue #14): a row for January–June
// and bills for July–December are 12 months. The row states how many
// months, not which, so the one certain overlap is more months than the
// year has (12, or up to the month upto in its own year): then some month
// is counted from both sources, and which figure is right is for a clerk
// to say — the error gives both, with the months from bills, and the
// determination waits for the history to be corrected.
func yearHistoryFits(h shebao.ContributionYear, billed []shebao.ContributionMonth, upto string) error {
	if len(billed) == 0 {
		return nil
	}
	avail := 12
	if y, _ := strconv.Atoi(upto[:4]); y == h.Year {
		avail, _ = strconv.Atoi(upto[5:7])
	}
	if h.Months+len(billed) <= avail {
		return nil
	}
	var base shebao.Money
	ps := make([]string, len(billed))
	for i, m := range billed {
		base += m.Base
		ps[i] = m.Period
	}
	name := h.Scheme
	if sc, ok := shebao.FindScheme(h.Scheme); ok {
		name = sc.Name
	}
	src := ""
	if h.Source != "" {
		src = ",来源" + h.Source
	}
	return shebao.FieldErrorf("历年缴费记录",
		"%d年%s缴费月份重复:历年缴费记录%d个月(缴费基数合计%s元%s),征缴核定足额到账%d个月(%s,缴费基数合计%s元),合计%d个月,超过该年可计的%d个月;同一月份不能重复计算,请核实后更正该年的历年缴费记录(只记征缴核定以外的月份)再核定",
		h.Year, name, h.Months, h.BaseTotal, src, len(billed), strings.Join(ps, "、"), base, h.Months+len(billed), avail)
}
