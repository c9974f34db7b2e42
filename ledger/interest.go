package ledger

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// JobInterest is the batch kind of the yearly interest run; its period is
// the year (YYYY).
const JobInterest = "interest"

// interestChunk is how many accounts one unit of work credits by default.
const interestChunk = 10000

// InterestFormula is the formula of the yearly interest, as the run
// reports it (policy.AccountInterest).
const InterestFormula = "上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2(劳办发〔1997〕116号)"

// InterestFunds are the funds whose individual accounts earn interest, each
// at its own 记账利率 (policy interest.<fund>): the employees' pension
// accounts (110, 劳办发〔1997〕116号, 人社部发〔2017〕31号) and the residents'
// (170, 国发〔2014〕8号 第六条: 个人账户储存额按国家规定计息).
var InterestFunds = []string{shebao.SchemeEmployeePension, shebao.SchemeResidentPension}

// interestKeys are the policy keys of the funds' rates.
var interestKeys = map[string]string{
	shebao.SchemeEmployeePension: "interest.110",
	shebao.SchemeResidentPension: "interest.170",
}

// RunInterest credits a year's interest to the individual accounts of every
// fund of InterestFunds, each at its year's 记账利率 (interest.<fund> in
// force on 1 January), by the annual formula of policy.AccountInterest, as
// movements of kind interest and source "interest:<year>" dated 31
// December, with the matching ledger entries in the fund's own books. A
// fund without a rate for the year is refused when it has accounts (an
// auditor expects every account credited, not a silent gap) and passed
// over when it has none.
//
// Each fund is a batch job (kind interest, period the year for 110 and
// "<year>/<fund>" for the others) whose chunks are ranges of ID numbers of
// InterestChunk accounts, each credited set-based in one unit of work (the
// store's CreditInterest, to the fen as policy.AccountInterest), leaving
// out accounts credited before: a run after a crash finishes the year, and
// a second run credits and posts nothing. An account whose interest
// already credited differs from what the formula now gives (a credit of the
// year booked after the run) is refused (ECONFLICT): that is a correction,
// not a re-run. An account whose interest of the year up to a retirement
// month was credited by a pension determination ("interest:<year>:partial",
// benefit/determine.go yearInterest) is left out: those months are
// credited, and the balance after them was divided into the pension.
func (s *Service) RunInterest(ctx context.Context, year int) (*shebao.InterestResult, error) {
	if year < 1997 || year > shebao.Today().Year() {
		return nil, shebao.FieldErrorf("year", "计息年度%d无效", year)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	out := &shebao.InterestResult{Year: year, Formula: InterestFormula, Funds: []shebao.InterestFund{}}
	for _, fund := range InterestFunds {
		r, param, err := interestRun(set, fund, year)
		if err != nil {
			n, cerr := s.store.InterestAccounts(ctx, fund, fmt.Sprintf("%d-12-31", year))
			if cerr != nil {
				return nil, cerr
			}
			if n == 0 && fund != shebao.SchemeEmployeePension {
				continue
			}
			return nil, err
		}
		f, err := s.runFundInterest(ctx, r, year)
		if err != nil {
			return nil, err
		}
		f.Source = param
		out.Funds = append(out.Funds, *f)
		out.Accounts += f.Accounts
		out.Credited += f.Credited
		out.Total += f.Total
		if fund == shebao.SchemeEmployeePension {
			out.Rate, out.Source = f.Rate, f.Source
		}
	}
	return out, nil
}

// runFundInterest is the batch job of one fund's interest of the year.
func (s *Service) runFundInterest(ctx context.Context, r shebao.InterestRun, year int) (*shebao.InterestFund, error) {
	res := &shebao.InterestFund{Fund: r.Fund, Rate: r.Rate.Percent()}
	var err error
	if res.Accounts, err = s.store.InterestAccounts(ctx, r.Fund, r.End); err != nil {
		return nil, err
	}
	chunk := s.InterestChunk
	if chunk <= 0 {
		chunk = interestChunk
	}
	// What each chunk did, by its lower bound: a unit of work retried
	// after a serialization failure runs its chunk again, and replaces
	// what the failed attempt counted.
	type done struct {
		credited int
		total    shebao.Money
	}
	chunks := map[string]done{}
	period := strconv.Itoa(year)
	if r.Fund != shebao.SchemeEmployeePension {
		period += "/" + r.Fund
	}
	_, err = s.batch.Run(ctx, batch.Job{
		Kind:   JobInterest,
		Period: period,
		Total:  func(context.Context) (int, error) { return res.Accounts, nil },
		Bound: func(ctx context.Context, lo string) (string, error) {
			return s.store.InterestBound(ctx, r.Fund, lo, chunk)
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			accounts, n, total, err := s.store.CreditInterest(ctx, r, lo, hi)
			if err != nil {
				return 0, err
			}
			chunks[lo] = done{n, total}
			return accounts, nil
		},
		Finish: func(context.Context) (any, error) {
			res.Credited, res.Total = 0, 0
			for _, d := range chunks {
				res.Credited += d.credited
				res.Total += d.total
			}
			return res, nil
		},
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// interestRun resolves the fund's rate of the year from policy into the
// run's parameters, with the rate's source.
func interestRun(set *policy.Set, fund string, year int) (shebao.InterestRun, string, error) {
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	rate, param, err := set.Rate(interestKeys[fund], "", jan1)
	// Fund 110 is named as before the other funds earned interest.
	name := ""
	if fund != shebao.SchemeEmployeePension {
		name = fundName(fund)
	}
	if err != nil {
		return shebao.InterestRun{}, "", fmt.Errorf("%d年%s记账利率: %w", year, name, err)
	}
	if rate < 0 || rate > shebao.RatePPM {
		return shebao.InterestRun{}, "", fmt.Errorf("%d年%s记账利率%s超出0%%~100%%", year, name, rate.Percent())
	}
	r := shebao.InterestRun{Fund: fund, Start: jan1.Format(shebao.DateLayout), End: fmt.Sprintf("%d-12-31", year), Rate: rate,
		Source:      "interest:" + strconv.Itoa(year),
		Description: fmt.Sprintf("%d年度%s个人账户记账利息(记账利率%s)", year, name, rate.Percent())}
	return r, param.Cite(), nil
}

// fundName is the name of the fund's scheme.
func fundName(fund string) string {
	if sc, ok := shebao.FindScheme(fund); ok {
		return sc.Name
	}
	return fund
}
