package land

import (
	"context"
	"fmt"
	"sync"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// JobAllowances is the batch job kind of the land allowances falling due.
const JobAllowances = "land-allowances"

// allowanceChunk is the number of roster persons a chunk of the allowance
// run decides and writes in one unit of work.
var allowanceChunk = 2000

// RunLandAllowances creates the land allowances that start in the month or
// before and do not exist yet (persons who reach an allowance band later;
// the working-age persons too where land.pension_band_allowance is 1), and
// gives a running allowance a new amount from the month when the person has
// moved to another allowance band or the standard changed. It is a batch
// job (kind "land-allowances", period the month) over the enrolled roster
// in chunks of persons by ID number, each read at once and written in bulk
// in its unit of work. Running a month again changes nothing, so a run
// interrupted is finished by running it again.
func (s *Service) RunLandAllowances(ctx context.Context, month string) (*shebao.LandAllowanceRun, error) {
	if _, err := s.begin(ctx, "benefit.create", shebao.EntityBenefit, ""); err != nil {
		return nil, err
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", month)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	// What each chunk did, by its lower bound: a chunk retried by its unit
	// of work counts once.
	var mu sync.Mutex
	chunks := map[string]shebao.LandAllowanceRun{}
	total := func() *shebao.LandAllowanceRun {
		mu.Lock()
		defer mu.Unlock()
		out := &shebao.LandAllowanceRun{Month: string(m)}
		for _, c := range chunks {
			out.Checked += c.Checked
			out.Created += c.Created
			out.Adjusted += c.Adjusted
		}
		return out
	}
	_, err = s.runner.Run(ctx, batch.Job{Kind: JobAllowances, Period: string(m),
		Bound: func(ctx context.Context, lo string) (string, error) {
			return s.store.LandRosterBound(ctx, lo, allowanceChunk)
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			c, err := s.allowances(ctx, set, m, lo, hi)
			if err != nil {
				return 0, err
			}
			mu.Lock()
			chunks[lo] = *c
			mu.Unlock()
			return c.Checked, nil
		},
		Finish: func(ctx context.Context) (any, error) { return total(), nil },
	})
	if err != nil {
		return nil, err
	}
	return total(), nil
}

// allowances decides the allowances of the enrolled roster persons with
// numbers in (lo, hi], in the unit of work of ctx.
func (s *Service) allowances(ctx context.Context, set *policy.Set, m shebao.Period, lo, hi string) (*shebao.LandAllowanceRun, error) {
	out := &shebao.LandAllowanceRun{Month: string(m)}
	dues, err := s.store.LandAllowanceDues(ctx, m, lo, hi)
	if err != nil {
		return nil, err
	}
	nos := make([]string, 0, len(dues))
	for _, d := range dues {
		nos = append(nos, d.Line.ApprovalNo)
	}
	batches, err := s.store.LandBatchesByNo(ctx, nonEmpty(nos))
	if err != nil {
		return nil, err
	}
	var bs []shebao.NewBenefit
	for _, d := range dues {
		out.Checked++
		l := d.Line
		b := batches[l.ApprovalNo]
		if d.OptedOut || l.BandKind == policy.LandOneOff {
			continue
		}
		if d.Benefit == "" {
			if l.BandKind == policy.LandPension {
				// The working-age persons draw the allowance from its age
				// only where the district says so.
				v, _, err := set.Int("land.pension_band_allowance", b.Region, m.First())
				if err != nil {
					return nil, err
				}
				if v != 1 {
					continue
				}
			}
			nb, err := allowanceBenefit(set, b, l, l.EnrolledOn, m)
			if err != nil {
				return nil, err
			}
			if nb != nil {
				bs = append(bs, *nb)
			}
			continue
		}
		if d.BenefitStatus == shebao.BenefitStopped {
			continue
		}
		band, p, age, err := policy.AllowanceFor(set, b.Region, l.Birth, l.Sex, m)
		if err != nil || band.Kind != policy.LandAllowance {
			continue
		}
		current := d.Monthly
		if current == band.Amount {
			continue
		}
		changed, err := s.store.AdjustLandAllowance(ctx, d.Benefit, l.Region, shebao.BenefitAmount{FromMonth: string(m), Monthly: band.Amount,
			Explanation: fmt.Sprintf("自%s起%d周岁,按“%s”标准%s元/月发放(原%s元/月;依据:%s)", m, age, band.Name, band.Amount, current, p.Cite()),
			Source:      "land-band:" + string(m)}, current, band.Name)
		if err != nil {
			return nil, err
		}
		if changed {
			out.Adjusted++
		}
	}
	if out.Created, err = s.store.CreateLandBenefits(ctx, bs); err != nil {
		return nil, err
	}
	return out, nil
}
