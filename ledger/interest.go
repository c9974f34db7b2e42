package ledger

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
)

// JobInterest is the batch kind of the yearly interest run; its period is
// the year (YYYY).
const JobInterest = "interest"

// interestChunk is how many accounts one unit of work credits by default.
const interestChunk = 10000

// InterestFormula is the formula of the yearly interest, as the run
// reports it (policy.AccountInterest).
const InterestFormula = "上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2(劳办发〔1997〕116号)"

// RunInterest credits a year's interest to every pension individual account
// (fund 110) at the year's 记账利率 (interest.110 in force on 1 January),
// by the annual formula of policy.AccountInterest, as movements of kind
// interest and source "interest:<year>" dated 31 December, with the
// matching ledger entries.
//
// It is a batch job (kind interest, period the year) whose chunks are
// ranges of ID numbers of InterestChunk accounts, each credited set-based
// in one unit of work (the store's CreditInterest, to the fen as
// policy.AccountInterest), leaving out accounts credited before: a run
// after a crash finishes the year, and a second run credits and posts
// nothing. An account whose interest already credited differs from what
// the formula now gives (a credit of the year booked after the run) is
// refused (ECONFLICT): that is a correction, not a re-run.
func (s *Service) RunInterest(ctx context.Context, year int) (*shebao.InterestResult, error) {
	if year < 1997 || year > shebao.Today().Year() {
		return nil, shebao.FieldErrorf("year", "计息年度%d无效", year)
	}
	r, res, err := s.interestRun(ctx, year)
	if err != nil {
		return nil, err
	}
	if res.Accounts, err = s.store.InterestAccounts(ctx, r.End); err != nil {
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
	_, err = s.batch.Run(ctx, batch.Job{
		Kind:   JobInterest,
		Period: strconv.Itoa(year),
		Total:  func(context.Context) (int, error) { return res.Accounts, nil },
		Bound:  func(ctx context.Context, lo string) (string, error) { return s.store.InterestBound(ctx, lo, chunk) },
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

// interestRun resolves the year's rate from policy into the run's
// parameters and the head of its result.
func (s *Service) interestRun(ctx context.Context, year int) (shebao.InterestRun, *shebao.InterestResult, error) {
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return shebao.InterestRun{}, nil, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	rate, param, err := set.Rate("interest.110", "", jan1)
	if err != nil {
		return shebao.InterestRun{}, nil, fmt.Errorf("%d年记账利率: %w", year, err)
	}
	if rate < 0 || rate > shebao.RatePPM {
		return shebao.InterestRun{}, nil, fmt.Errorf("%d年记账利率%s超出0%%~100%%", year, rate.Percent())
	}
	r := shebao.InterestRun{Start: jan1.Format(shebao.DateLayout), End: fmt.Sprintf("%d-12-31", year), Rate: rate,
		Source:      "interest:" + strconv.Itoa(year),
		Description: fmt.Sprintf("%d年度个人账户记账利息(记账利率%s)", year, rate.Percent())}
	return r, &shebao.InterestResult{Year: year, Rate: rate.Percent(), Source: param.Cite(), Formula: InterestFormula}, nil
}
