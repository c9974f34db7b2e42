package transfer

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// TransferReportAt is the statistics of land transfer for the region (the
// actor's jurisdiction by default) on the date (today by default), in the
// form of the statistics capability's reports (`shebao report transfers`):
//
//   - arable_mu: the contracted 耕地 of the registry (as registered now;
//     the registry keeps history but the statistics read its current state);
//   - transferred_mu: the 耕地 taken by verified contracts running on the
//     date (begun, not past their end or the day they ended early);
//     share_percent = transferred ÷ arable × 100, two decimals, half up
//     (the seed's 1.6万亩 of 8万亩 = 20.00%);
//   - households and persons transferring land out, and the rent a year
//     of the running contracts per person of those households;
//   - the same by sub-region (towns of a district, villages of a town, the
//     发包方 of a village), and the area by form and by transferee type
//     (农户; 大户 — a person taking transfer.large_operator_mu 亩 or more in
//     the region; 合作社; 企业; 其他组织).
func (s *Service) TransferReportAt(ctx context.Context, region, date string) (*shebao.TransferReport, error) {
	j, err := s.begin(ctx, "transfer.read", shebao.EntityTransfer)
	if err != nil {
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
	if region == "" {
		region = j.Lo
		if j.All {
			region = ""
		}
	}
	level := 0
	if region != "" {
		r, err := idno.ParseRegion(region)
		if err != nil {
			return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
		}
		region, level = r.Code, r.Level
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	large, _, err := set.Int("transfer.large_operator_mu", region, d)
	if err != nil {
		return nil, err
	}
	data, err := s.store.TransferStatData(ctx, region, date)
	if err != nil {
		return nil, err
	}
	// The child of a 发包方 code: the next level's region, or for a
	// village the 发包方 itself.
	childOf := func(issuer string) string {
		switch {
		case level >= shebao.LevelVillage:
			return issuer
		case level == shebao.LevelTown:
			return issuer[:12]
		case level == 0:
			return issuer[:2] + "0000000000"
		}
		n := map[int]int{1: 4, 2: 6, 3: 9}[level]
		return issuer[:n] + strings.Repeat("0", 12-n)
	}
	type acc struct {
		arable, transferred, all int64
		contracts, households    map[string]bool
		rent                     int64 // fen × 0.01 亩
	}
	newAcc := func() *acc { return &acc{contracts: map[string]bool{}, households: map[string]bool{}} }
	total := newAcc()
	children := map[string]*acc{}
	child := func(code string) *acc {
		if children[code] == nil {
			children[code] = newAcc()
		}
		return children[code]
	}
	for issuer, a := range data.Arable {
		total.arable += a
		child(childOf(issuer)).arable += a
	}
	// 大户: persons taking the threshold or more in the region.
	takenBy := map[string]int64{}
	for _, r := range data.Rows {
		if r.TransfereeKind == shebao.TransfereeFarmer {
			takenBy[r.TransfereeID] += r.Area
		}
	}
	forms, kinds := map[string]*acc{}, map[string]*acc{}
	householdOf := map[string]string{} // transferor → household
	for i, r := range data.Rows {
		if r.RentKind != "" {
			// A rent in kind counts at its commodity's price of the
			// date's year (nothing while the year has no price).
			prices, _, err := policy.KindPricesIn(set, region, d)
			if err != nil {
				return nil, err
			}
			price, _ := prices.PriceOf(r.RentKind, d.Year())
			r.Rent = shebao.Money(shebao.MulDivRound(r.RentQty, int64(price), 100))
			data.Rows[i].Rent = r.Rent
		}
		kind := r.TransfereeKind
		if kind == shebao.TransfereeFarmer && takenBy[r.TransfereeID] >= int64(large)*100 {
			kind = shebao.TransfereeLarge
		}
		for _, a := range []*acc{total, child(childOf(r.Parcel[:14]))} {
			a.all += r.Area
			if r.Class == shebao.LandClassArable {
				a.transferred += r.Area
			}
			a.contracts[r.No] = true
			a.households[r.Transferor] = true
			a.rent += int64(r.Rent) * r.Area
		}
		householdOf[r.Transferor] = r.Household
		for _, m := range []struct {
			set map[string]*acc
			key string
		}{{forms, r.Form}, {kinds, kind}} {
			if m.set[m.key] == nil {
				m.set[m.key] = newAcc()
			}
			m.set[m.key].all += r.Area
			m.set[m.key].contracts[r.No] = true
		}
	}
	figures := func(a *acc) shebao.TransferFigures {
		f := shebao.TransferFigures{ArableMu: policy.Mu(a.arable).String(), TransferredMu: policy.Mu(a.transferred).String(),
			AllTransferredMu: policy.Mu(a.all).String(), Contracts: len(a.contracts), Households: len(a.households)}
		f.SharePercent, _ = policy.Percent(a.transferred, a.arable, 2)
		for h := range a.households {
			n := data.Members[householdOf[h]]
			if householdOf[h] == "" || n == 0 {
				n = 1
			}
			f.Persons += n
		}
		f.RentYearly = shebao.Money(shebao.DivRound(a.rent, 100))
		if f.Persons > 0 {
			f.RentPerCapita = shebao.Money(shebao.DivRound(int64(f.RentYearly), int64(f.Persons)))
		}
		return f
	}
	codes := []string{}
	if region != "" {
		codes = append(codes, region)
	}
	for c := range children {
		if len(c) == 12 {
			codes = append(codes, c)
		}
	}
	names, err := s.store.RegionNamesOf(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := &shebao.TransferReport{Region: region, RegionName: names[region], Date: date, TransferFigures: figures(total),
		Children: []shebao.TransferChild{}, ByForm: []shebao.TransferShare{}, ByTransferee: []shebao.TransferShare{}}
	for c, a := range children {
		name := names[c]
		if len(c) == 14 {
			name = data.Issuers[c]
		}
		out.Children = append(out.Children, shebao.TransferChild{Code: c, Name: name, TransferFigures: figures(a)})
	}
	sort.Slice(out.Children, func(i, j int) bool { return out.Children[i].Code < out.Children[j].Code })
	for _, f := range shebao.TransferForms {
		if a := forms[f]; a != nil {
			out.ByForm = append(out.ByForm, shebao.TransferShare{Name: f, Contracts: len(a.contracts), TransferredMu: policy.Mu(a.all).String()})
		}
	}
	for _, k := range []string{shebao.TransfereeFarmer, shebao.TransfereeLarge, shebao.TransfereeCoop, shebao.TransfereeEnterprise, shebao.TransfereeOther} {
		if a := kinds[k]; a != nil {
			out.ByTransferee = append(out.ByTransferee, shebao.TransferShare{Name: k, Contracts: len(a.contracts), TransferredMu: policy.Mu(a.all).String()})
		}
	}
	return out, nil
}

// PriceGuide is the price guidance (流转价格指导, issue #17 item 5): for each
// village and land class of the region, the median and the range of the
// rent (元/亩/年) of the verified contracts begun in the 12 months up to the
// date (after the same day a year before), each contract counted once per
// village and class. It names no person.
func (s *Service) PriceGuide(ctx context.Context, region, date string) (*shebao.PriceGuide, error) {
	if _, err := s.begin(ctx, "transfer.read", shebao.EntityTransfer); err != nil {
		return nil, err
	}
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	d, err := time.Parse(shebao.DateLayout, date)
	if err != nil {
		return nil, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", date)
	}
	out := &shebao.PriceGuide{Region: region, From: d.AddDate(-1, 0, 0).Format(shebao.DateLayout), To: d.Format(shebao.DateLayout),
		Rows: []shebao.PriceGuideLine{}}
	rows, err := s.store.TransferPriceRows(ctx, region, out.From, out.To)
	if err != nil {
		return nil, err
	}
	type key struct{ village, class string }
	rents := map[key][]shebao.Money{}
	var keys []key
	var villages []string
	for _, r := range rows {
		k := key{r.Village, r.Class}
		if rents[k] == nil {
			keys = append(keys, k)
			villages = append(villages, r.Village)
		}
		rents[k] = append(rents[k], r.Rent)
	}
	names, err := s.store.RegionNamesOf(ctx, distinct(villages))
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, c := range shebao.LandClasses {
		order[c] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].village != keys[j].village {
			return keys[i].village < keys[j].village
		}
		return order[keys[i].class] < order[keys[j].class]
	})
	for _, k := range keys {
		vs := rents[k]
		l := shebao.PriceGuideLine{Village: k.village, VillageName: names[k.village], Class: k.class, Contracts: len(vs),
			Median: policy.MedianMoney(vs), Min: slices.Min(vs), Max: slices.Max(vs)}
		out.Rows = append(out.Rows, l)
	}
	return out, nil
}
