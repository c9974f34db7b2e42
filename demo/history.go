package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/policy"
)

// The contribution history and the pensioners of a demo or generated district, as a
// district has them when it takes over its records from the old
// single-scheme programs (历史数据迁移): every employee's yearly history
// since starting work (at most from 1995), the pension individual accounts
// as opening balances, and the pensions already in payment — computed
// here by the product's own formula (policy.EmployeePension) from the same
// history, and migrated as entitlements (no approval: 历史待遇迁移 takes
// over decisions made in the old system). Residents get their yearly 170
// contributions since 2010 and, from 60, the residents' pension.

// firstHistoryYear is the first year of migrated history: the year the
// province unified the employee pension records (国发〔1995〕6号).
const firstHistoryYear = 1995

// AvgWage returns the demo district's average monthly wage (社平工资)
// of a year: 8,000 元 in 2024 (docs/DOMAIN.md's worked example), 8% less each
// year before and 4% more each year after, in whole 元.
func AvgWage(year int) shebao.Money {
	w := int64(8000)
	for y := 2024; y > year; y-- {
		w = w * 100 / 108
	}
	for y := 2024; y < year; y++ {
		w = w * 104 / 100
	}
	return shebao.Yuan(w)
}

// History is what one chunk's persons add to the district: yearly
// contribution records, opening balances of individual accounts, pensions in
// payment.
type History struct {
	Years    []shebao.ContributionYear
	Accounts []shebao.AccountMovement
	Benefits []shebao.NewBenefit
}

// BuildHistory derives the history of a chunk's persons from their
// enrollments (EnrollAll). It is
// deterministic for the seed and the chunk.
func BuildHistory(set *policy.Set, ps []*shebao.Person, reqs []shebao.EnrollRequest, today time.Time, seed uint64) (*History, error) {
	r := rand.New(rand.NewPCG(seed, 0x415))
	births := make(map[string]*shebao.Person, len(ps))
	for _, p := range ps {
		births[p.IDNo] = p
	}
	h := &History{}
	lastYear := today.Year() - 1
	opening := fmt.Sprintf("%d-12-31", lastYear)
	var divisors policy.DivisorTable
	if _, err := set.Table("pension.divisor", District, today, &divisors); err != nil {
		return nil, err
	}
	transition, _, err := set.Decimal("pension.transition_coef", District, today)
	if err != nil {
		return nil, err
	}
	coef, err := shebao.ParsePercent(transition)
	if err != nil {
		return nil, err
	}
	for _, q := range reqs {
		p := births[q.IDNo]
		if p == nil {
			continue
		}
		birth, _ := time.Parse(shebao.DateLayout, p.Birth)
		switch q.Scheme {
		case shebao.SchemeEmployeePension:
			retired := q.Status == shebao.EnrollBenefit
			end := lastYear
			var retireOn time.Time
			if retired {
				retireOn, _ = time.Parse(shebao.DateLayout, q.StatusDate)
				end = min(end, retireOn.Year()-1)
			}
			start := max(firstHistoryYear, birth.Year()+20)
			if start > end {
				continue
			}
			// A person's index stays around their own level (0.6–2.5)
			// with ±10% from year to year, within the 60%–300% bounds.
			level := 6000 + r.IntN(19000)
			var months int
			var indexMonths, balance int64
			for y := start; y <= end; y++ {
				m := 12
				if r.IntN(20) == 0 {
					m = 3 + r.IntN(9) // a year with a gap (断缴)
				}
				idx := min(max(level*(90+r.IntN(21))/100, 6000), 30000)
				avg := AvgWage(y)
				base := shebao.Money(shebao.DivRound(int64(avg)*int64(idx), 10000))
				total := base * shebao.Money(m)
				h.Years = append(h.Years, shebao.ContributionYear{IDNo: p.IDNo, Scheme: q.Scheme, Year: y, Months: m,
					BaseTotal: total, AvgWage: avg, Source: "gen"})
				months += m
				indexMonths += int64(idx) * int64(m)
				// 8% to the account, and the interest of the years after
				// at about 5% a year, compounded yearly.
				balance = balance*105/100 + int64(total)*8/100
			}
			if !retired {
				if balance > 0 {
					h.Accounts = append(h.Accounts, shebao.AccountMovement{IDNo: p.IDNo, Fund: q.Scheme, Date: opening,
						Kind: shebao.MoveCredit, Source: "gen:opening", Amount: shebao.Money(balance)})
				}
				continue
			}
			if months < 180 {
				continue // retired on a lump sum in the old system: no monthly pension
			}
			ageY, ageM := ageAt(birth, retireOn)
			ageY = min(max(ageY, 40), 69)
			res, err := policy.EmployeePension(policy.PensionInput{AvgWage: AvgWage(retireOn.Year() - 1),
				Index: indexMonths / int64(months), Months: months, Balance: shebao.Money(balance),
				AgeYears: ageY, AgeMonths: ageM, Divisors: divisors, TransitionCoef: coef})
			if err != nil {
				return nil, fmt.Errorf("gen pension %s: %w", p.IDNo, err)
			}
			h.Benefits = append(h.Benefits, shebao.NewBenefit{IDNo: p.IDNo, Kind: shebao.BenefitPension,
				StartMonth: retireOn.AddDate(0, 1, 0).Format("2006-01"), Monthly: res.Total, AccountPart: res.Account, BasicPart: res.Basic,
				BankAccount: bankAccount(p.IDNo), Source: "migration:gen",
				Explanation: res.Explain() + "\n(历史待遇迁移:按原系统缴费记录核定)",
				Detail:      map[string]any{"months": months, "birth": p.Birth, "index": indexMonths / int64(months)}})
			// What is left of the account at the opening date: the
			// balance at retirement less the account part of each month
			// paid since (国发〔2005〕38号: the account pension is paid from
			// the account until it is used up; the payroll takes no more
			// than the balance). The interest of the retirement years is
			// left out, so a long retirement leaves less than a real
			// account would. Without it the pension's account part had no
			// account to come from (issue #15 item 8).
			first := retireOn.AddDate(0, 1, 0)
			paid := int64(lastYear*12+12) - int64(first.Year()*12+int(first.Month())) + 1
			if left := balance - int64(res.Account)*max(paid, 0); left > 0 {
				h.Accounts = append(h.Accounts, shebao.AccountMovement{IDNo: p.IDNo, Fund: q.Scheme, Date: opening,
					Kind: shebao.MoveCredit, Source: "gen:opening", Amount: shebao.Money(left)})
			}
		case shebao.SchemeResidentPension:
			from, _ := time.Parse(shebao.DateLayout, q.Date)
			start, end := max(from.Year(), 2010), lastYear
			retired := q.Status == shebao.EnrollBenefit
			var balance int64
			years := 0
			tier := []int64{100, 200, 300, 500}[r.IntN(4)]
			subsidy := int64(30)
			if tier >= 500 {
				subsidy = 60
			}
			for y := start; y <= end; y++ {
				if r.IntN(10) == 0 {
					continue // a year not paid
				}
				h.Years = append(h.Years, shebao.ContributionYear{IDNo: p.IDNo, Scheme: q.Scheme, Year: y, Months: 12,
					BaseTotal: shebao.Yuan(tier), Source: "gen"})
				balance = balance*103/100 + (tier+subsidy)*100
				years++
			}
			switch {
			case !retired && balance > 0:
				h.Accounts = append(h.Accounts, shebao.AccountMovement{IDNo: p.IDNo, Fund: q.Scheme, Date: opening,
					Kind: shebao.MoveCredit, Source: "gen:opening", Amount: shebao.Money(balance)})
			case retired:
				// Those 60 and over when the scheme began (2010) draw the
				// basic pension without contributions (国发〔2009〕32号: 已
				// 年满60周岁的,不用缴费,可以按月领取基础养老金).
				on, _ := time.Parse(shebao.DateLayout, q.StatusDate)
				basic, _, err := set.Money("resident_pension.basic", District, today)
				if err != nil {
					return nil, err
				}
				monthly, explain, err := policy.ResidentPension(basic, shebao.Money(balance), 1390)
				if err != nil {
					return nil, err
				}
				h.Benefits = append(h.Benefits, shebao.NewBenefit{IDNo: p.IDNo, Kind: shebao.BenefitResidentPension,
					StartMonth: on.AddDate(0, 1, 0).Format("2006-01"), Monthly: monthly, AccountPart: monthly - basic, BasicPart: basic,
					BankAccount: bankAccount(p.IDNo), Source: "migration:gen", Explanation: explain + "\n(历史待遇迁移)",
					Detail: map[string]any{"years": years, "birth": p.Birth}})
			}
		}
	}
	return h, nil
}

// Store writes a chunk's history through the product's bulk paths; it is
// idempotent.
func (h *History) Store(ctx context.Context, svc *app.App, run string) error {
	for start := 0; start < len(h.Years); start += 20000 {
		if _, errs, err := svc.Collect.ImportContributionYears(ctx, run, h.Years[start:min(start+20000, len(h.Years))]); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}
	for _, fund := range []string{shebao.SchemeEmployeePension, shebao.SchemeResidentPension} {
		var ms []shebao.AccountMovement
		for _, m := range h.Accounts {
			if m.Fund == fund {
				ms = append(ms, m)
			}
		}
		if len(ms) == 0 {
			continue
		}
		if _, err := svc.Ledger.MoveAccounts(ctx, ms[0].Date, "gen:opening:"+ms[0].IDNo, "个人账户期初余额(历史数据迁移)", ms); err != nil {
			return err
		}
	}
	if _, err := svc.Benefit.CreateBenefits(ctx, h.Benefits); err != nil {
		return err
	}
	return h.storeOpeningBalances(ctx, svc)
}

// storeOpeningBalances posts what the old program's fund held on the
// opening date (期初结余), so that the fund figures of a demo or generated
// district are plausible (issue #15 item 8): the bank deposit (1002) that
// backs the individual accounts taken over — accounts fully funded (做实) —
// plus a year of the pensions taken over as the pooled fund's surplus
// (统筹基金结余), against 基金结余 (3001). A year is a round choice, about
// the national figure for the employee pension fund in the seed's years
// (docs/DOMAIN.md §7: 抗风险支付能力 in months). One entry per fund and chunk,
// keyed by its first person, so that storing again changes nothing.
func (h *History) storeOpeningBalances(ctx context.Context, svc *app.App) error {
	if len(h.Accounts) == 0 && len(h.Benefits) == 0 {
		return nil
	}
	accounts, pensions := map[string]shebao.Money{}, map[string]shebao.Money{}
	date, key := "", ""
	for _, m := range h.Accounts {
		accounts[m.Fund] += m.Amount
		date, key = m.Date, m.IDNo
	}
	for _, b := range h.Benefits {
		k, ok := shebao.FindBenefitKind(b.Kind)
		if !ok {
			continue
		}
		pensions[k.Scheme] += b.Monthly * 12
		if key == "" {
			key = b.IDNo
		}
	}
	if date == "" {
		date = fmt.Sprintf("%d-12-31", shebao.Today().Year()-1)
	}
	for _, fund := range []string{shebao.SchemeEmployeePension, shebao.SchemeResidentPension} {
		amount := accounts[fund] + pensions[fund]
		if amount <= 0 {
			continue
		}
		e := &shebao.Entry{Fund: fund, Date: date, Kind: shebao.PostOpening, Source: "gen:opening-balance:" + key,
			Description: "期初结余(原系统基金结余迁移:个人账户储存额与一年待遇支出)",
			Lines:       []shebao.Line{shebao.Debit(shebao.AcctBank, amount), shebao.Credit(shebao.AcctFundBalance, amount)}}
		if _, err := svc.Ledger.Post(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// ageAt is the age in whole years and months on a date.
func ageAt(birth, on time.Time) (years, months int) {
	m := (on.Year()-birth.Year())*12 + int(on.Month()) - int(birth.Month())
	if on.Day() < birth.Day() {
		m--
	}
	return m / 12, m % 12
}

// bankAccount is a synthetic 社保卡 bank account number: 19 digits derived
// from the ID number, the same on every run.
func bankAccount(idNo string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(idNo); i++ {
		h = (h ^ uint64(idNo[i])) * 1099511628211
	}
	return fmt.Sprintf("622848%013d", h%10000000000000)
}
