package benefit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// KindAdjustment is the batch job kind of the yearly pension adjustment
// (period: the year).
const KindAdjustment = "adjustment"

// adjustmentChunk is how many pensions (by id) one unit of work adjusts.
var adjustmentChunk = 5000

// SetAdjustmentChunk changes the adjustment's chunk size, for tests, and
// returns the function that restores it.
func SetAdjustmentChunk(n int) func() {
	old := adjustmentChunk
	adjustmentChunk = n
	return func() { adjustmentChunk = old }
}

// RunAdjustment applies the yearly pension adjustment (养老金调整) in force
// on 1 January of the year to every employee pension (110) that started
// before the year, from fromMonth (default January of the year): a new
// amount = the amount in force the month before + policy.AdjustPension
// (fixed + % of the pension + per whole year of contribution + the age
// extra reached by 31 December of the year), the account part unchanged
// (the pooled fund pays the increase). It is a batch job (kind adjustment,
// period the year) over chunks of pensions by id, each one unit of work,
// with source "adjust:YYYY", so a run that stops half way is finished by
// running it again and a second run changes nothing. The months already
// paid at the old amount are made up by the payroll's back payments.
func (s *Service) RunAdjustment(ctx context.Context, year int, fromMonth string) (*shebao.AdjustmentResult, error) {
	if err := s.store.AuthorizeAdjustment(ctx); err != nil {
		return nil, err
	}
	if year < 2000 || year > shebao.Today().Year()+1 {
		return nil, shebao.FieldErrorf("year", "调整年度%d无效", year)
	}
	if fromMonth == "" {
		fromMonth = fmt.Sprintf("%d-01", year)
	}
	from, err := shebao.ParsePeriod(fromMonth)
	if err != nil {
		return nil, shebao.FieldErrorf("month", "起始月份“%s”无效,应为YYYY-MM", fromMonth)
	}
	if from.First().Year() != year {
		return nil, shebao.FieldErrorf("month", "起始月份%s不在调整年度%d内", from, year)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	var adj policy.PensionAdjust
	param, err := set.Table("pension.adjust", "", jan1, &adj)
	if err != nil {
		return nil, fmt.Errorf("%d年养老金调整办法: %w", year, err)
	}
	source := "adjust:" + strconv.Itoa(year)
	res := &shebao.AdjustmentResult{Year: year, FromMonth: string(from), Source: param.Cite(), Rule: policy.AdjustmentRule(adj, year)}
	yearStart := fmt.Sprintf("%d-01", year)
	prev := string(from.Prev())
	if res.Already, res.Later, err = s.store.AdjustmentCounts(ctx, yearStart, string(from), source); err != nil {
		return nil, err
	}
	type sums struct {
		n   int
		inc shebao.Money
	}
	var last *sums
	_, err = s.runner.Run(ctx, batch.Job{
		Kind: KindAdjustment, Period: strconv.Itoa(year),
		Bound: func(ctx context.Context, lo string) (string, error) {
			return s.store.BenefitBound(ctx, shebao.BenefitPension, lo, adjustmentChunk)
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			cands, err := s.store.AdjustmentCandidates(ctx, yearStart, prev, string(from), source, lo, hi)
			if err != nil || len(cands) == 0 {
				return 0, err
			}
			as := make([]shebao.AdjustedAmount, len(cands))
			for i, c := range cands {
				birthYear := 0
				if len(c.Birth) >= 4 {
					birthYear, _ = strconv.Atoi(c.Birth[:4])
				}
				inc, monthly, explain := policy.AdjustPension(adj, year, birthYear, c.Monthly, contributionMonths(c), param.Cite(), string(from))
				as[i] = shebao.AdjustedAmount{BenefitID: c.BenefitID, Increase: inc, Amount: shebao.BenefitAmount{FromMonth: string(from),
					Monthly: monthly, AccountPart: c.AccountPart, BasicPart: c.BasicPart, Source: source, Explanation: explain}}
			}
			n, inc, err := s.store.AddBenefitAmounts(ctx, year, string(from), as)
			if err != nil {
				return 0, err
			}
			last = &sums{n, inc}
			return len(cands), nil
		},
		Progress: func(int, int) {
			if last != nil {
				res.Benefits += last.n
				res.Increase += last.inc
				last = nil
			}
		},
	})
	if err != nil {
		return nil, err
	}
	paid, err := s.store.LastPaidMonth(ctx, shebao.BenefitPension, string(from))
	if err != nil {
		return nil, err
	}
	if paid != "" {
		res.PaidThrough = paid
		res.Warning = fmt.Sprintf("%s至%s的养老金已按调整前的金额发放,调整额须补发;本程序不办理补发", from, paid)
	}
	return res, nil
}

// contributionMonths returns the months of contribution of a pension: its
// determination's (contribution_months of the detail), or else the months
// of the person's 110 history.
func contributionMonths(c shebao.PensionToAdjust) int {
	if c.Detail != "" {
		var d struct {
			Months *int `json:"contribution_months"`
		}
		if json.Unmarshal([]byte(c.Detail), &d) == nil && d.Months != nil {
			return *d.Months
		}
	}
	return c.HistoryMonths
}
