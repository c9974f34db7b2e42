package report

import (
	"context"
	"sort"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Transfers is the statistics of land transfer (`report transfers`, 土地
// 承包经营权流转) of the region (the actor's jurisdiction by default) on
// the date (today by default), from the counters (shebao.CounterLandArable,
// CounterTransfers …; sqldb/counters_land.go):
//
//   - arable_mu: the contracted 耕地 as registered now (the registry's
//     current state, as the transfer service has always read it);
//   - transferred_mu: the 耕地 taken by verified contracts running on the
//     date (begun, not past their end or the day they ended early);
//     share_percent = transferred ÷ arable × 100, two decimals, half up
//     (the seed's 1.6万亩 of 8万亩 = 20.00%); all_transferred_mu every
//     class;
//   - the households (承包方) transferring land out and their members, and
//     the rent a year of the running contracts (rent × area; a rent in
//     kind at its commodity's price of the date's year, per 亩 rounded to
//     the fen as each contract's is) per person of those households;
//   - the same by sub-region (towns of a district, villages of a town, the
//     发包方 of a village), and the contracts and area by form and by
//     transferee type (农户; 大户 — a person taking
//     transfer.large_operator_mu 亩 or more in the region; 合作社; 企业;
//     其他组织).
//
// Every figure but the 大户 split is a sum of counters, so it travels
// upward with the district's submissions and a city's figure is the sum of
// its districts'. A household is counted once per village and 发包方
// whose land it transfers (a 承包方 is a household's contract with one
// 发包方): a household transferring land of two 发包方 counts in each.
// Whether a person taking land is a 大户 depends on all they take in the
// region asked for: read from the instance's own contracts
// (store.TransferTakers), so on a city instance the persons of a
// submitted district's contracts show as 农户.
//
// transfer.Service.TransferReportAt computes the same report from the
// records; TestTransferCountersEqualRecords holds the two equal.
func (s *Service) Transfers(ctx context.Context, region, date string) (*shebao.TransferReport, error) {
	if date == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	d, err := shebao.ParseDate("日期", date)
	if err != nil {
		return nil, err
	}
	date = d.Format(shebao.DateLayout)
	self, children, err := s.store.StatRegion(ctx, region)
	if err != nil {
		return nil, err
	}
	codes := regionCodes(self, children)
	got, err := s.sums(ctx, codes, []string{shebao.CounterLandArable + "|", "t."}, "", date)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	large, _, err := set.Int("transfer.large_operator_mu", self.Code, d)
	if err != nil {
		return nil, err
	}
	prices, _, err := policy.KindPricesIn(set, self.Code, d)
	if err != nil {
		return nil, err
	}
	// figures computes a region's figures from its sums; issuer "" all its
	// 发包方, else the one whose two last digits it is.
	figures := func(m sums, issuer string) shebao.TransferFigures {
		var arable, transferred, all, rent int64
		var f shebao.TransferFigures
		for k, v := range m {
			dims := strings.Split(k, "|")
			if k == shebao.CounterTransfers {
				if issuer == "" {
					f.Contracts = int(v)
				}
				continue
			}
			if len(dims) < 2 || issuer != "" && dims[1] != issuer {
				continue
			}
			switch dims[0] {
			case shebao.CounterLandArable:
				arable += v
			case shebao.CounterTransferIssuer:
				if issuer != "" {
					f.Contracts = int(v)
				}
			case shebao.CounterTransferArea:
				all += v
				if len(dims) == 3 && dims[2] == "1" {
					transferred += v
				}
			case shebao.CounterTransferRent:
				rent += v
			case shebao.CounterTransferInKind:
				// t.inkind|N|K|Q: the area at Q (0.01 斤) per 亩; its rent
				// per 亩 rounded to the fen, as each contract's is.
				if len(dims) == 4 {
					price, _ := prices.PriceOf(dims[2], d.Year())
					rent += shebao.MulDivRound(int64(atoi(dims[3])), int64(price), 100) * v
				}
			case shebao.CounterTransferHouseholds:
				f.Households += int(v)
			case shebao.CounterTransferPersons:
				f.Persons += int(v)
			}
		}
		f.ArableMu, f.TransferredMu, f.AllTransferredMu = policy.Mu(arable).String(), policy.Mu(transferred).String(), policy.Mu(all).String()
		f.SharePercent, _ = policy.Percent(transferred, arable, 2)
		f.RentYearly = shebao.Money(shebao.DivRound(rent, 100))
		if f.Persons > 0 {
			f.RentPerCapita = shebao.Money(shebao.DivRound(int64(f.RentYearly), int64(f.Persons)))
		}
		return f
	}
	empty := func(f shebao.TransferFigures) bool {
		return f.ArableMu == "0.00" && f.AllTransferredMu == "0.00" && f.Contracts == 0
	}
	out := &shebao.TransferReport{Region: self.Code, RegionName: self.Name, Date: date, TransferFigures: figures(got[self.Code], ""),
		Children: []shebao.TransferChild{}, ByForm: []shebao.TransferShare{}, ByTransferee: []shebao.TransferShare{}}
	if self.Level >= shebao.LevelVillage {
		// The 发包方 of the village, by the last two digits of their codes.
		names, err := s.store.LandIssuerNames(ctx, self.Code)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for k := range got[self.Code] {
			if dims := strings.Split(k, "|"); len(dims) >= 2 && (dims[0] == shebao.CounterLandArable || dims[0] == shebao.CounterTransferArea) {
				seen[dims[1]] = true
			}
		}
		for n := range seen {
			if f := figures(got[self.Code], n); !empty(f) {
				out.Children = append(out.Children, shebao.TransferChild{Code: self.Code + n, Name: names[self.Code+n], TransferFigures: f})
			}
		}
	} else {
		for _, c := range children {
			if f := figures(got[c.Code], ""); !empty(f) {
				out.Children = append(out.Children, shebao.TransferChild{Code: c.Code, Name: c.Name, TransferFigures: f})
			}
		}
	}
	sort.Slice(out.Children, func(i, j int) bool { return out.Children[i].Code < out.Children[j].Code })
	m := got[self.Code]
	for _, f := range shebao.TransferForms {
		n, area := m[shebao.CounterKey(shebao.CounterTransferForm, f, "n")], m[shebao.CounterKey(shebao.CounterTransferForm, f, "a")]
		if n != 0 || area != 0 {
			out.ByForm = append(out.ByForm, shebao.TransferShare{Name: f, Contracts: int(n), TransferredMu: policy.Mu(area).String()})
		}
	}
	// 大户: the persons taking the threshold or more in the region, split
	// off the 农户.
	takers, err := s.store.TransferTakers(ctx, self.Code, date)
	if err != nil {
		return nil, err
	}
	var largeN, largeArea int64
	for _, t := range takers {
		if t.Area >= int64(large)*100 {
			largeN += int64(t.Contracts)
			largeArea += t.Area
		}
	}
	taker := func(k, w string) int64 { return m[shebao.CounterKey(shebao.CounterTransferTaker, k, w)] }
	for _, k := range []string{shebao.TransfereeFarmer, shebao.TransfereeLarge, shebao.TransfereeCoop, shebao.TransfereeEnterprise, shebao.TransfereeOther} {
		n, area := taker(k, "n"), taker(k, "a")
		switch k {
		case shebao.TransfereeFarmer:
			n, area = n-largeN, area-largeArea
		case shebao.TransfereeLarge:
			n, area = largeN, largeArea
		}
		if n != 0 || area != 0 {
			out.ByTransferee = append(out.ByTransferee, shebao.TransferShare{Name: k, Contracts: int(n), TransferredMu: policy.Mu(area).String()})
		}
	}
	return out, nil
}
