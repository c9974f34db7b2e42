package collect

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// JobAssessment is the batch kind of the monthly assessment; its period is
// the month (YYYY-MM).
const JobAssessment = "assessment"

// assessedSchemes are the employee schemes assessed monthly, with their
// rate keys; work injury (410) is by the employer's risk class.
var assessedSchemes = []string{"110", "210", "310", "510"}

// Assess runs the monthly assessment (核定) for the employers in the
// actor's jurisdiction: each declared wage is clamped to the base floor and
// ceiling of the employer's region, and every employee scheme the person
// pays into through the employer gets a line with the employer and
// individual amounts at the rates in force (work injury by the employer's
// risk class), as policy.AssessLine; an employer that declared nothing
// while it has paying employees is assessed at its region's
// assess.undeclared_factor (110% by 社会保险法 第六十二条) of its previous
// month. The lines are computed set-based in SQL with the parameters
// resolved here, and compared with the stored ones: only employers whose
// lines differ are rewritten, so running the assessment again changes
// nothing unless declarations changed; a bill that has payments is never
// rewritten (it needs a correction) and is listed in Paid.
//
// It is a batch job (kind assessment, period the month) of one chunk: the
// comparison and rewrite are one unit of work, as the months' bills of a
// jurisdiction are compared as a whole (a chunk by employer range would
// need the first-assessment shortcut and the 暂收款 hook per range, for a
// job that takes seconds at 100,000 employees).
func (s *Service) Assess(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if err := a.Authorize(shebao.AuditAction("assessment.run", shebao.EntityContribution), string(period)); err != nil {
		return nil, err
	}
	var res *shebao.AssessResult
	_, err := s.batch.Run(ctx, batch.Job{
		Kind:   JobAssessment,
		Period: string(period),
		Bound:  func(context.Context, string) (string, error) { return "", nil },
		Chunk: func(ctx context.Context, _, _ string) (int, error) {
			var err error
			res, err = s.assess(ctx, period)
			if err != nil {
				return 0, err
			}
			return res.Employers, nil
		},
		Finish: func(context.Context) (any, error) { return res, nil },
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// assess is the assessment's one unit of work.
func (s *Service) assess(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	o, err := s.assessEmployers(ctx, period, nil)
	if err != nil {
		return nil, err
	}
	res, err := s.store.AssessmentTotals(ctx, period)
	if err != nil {
		return nil, err
	}
	res.Rewritten = len(o.rewritten)
	res.Unchanged = res.Employers - res.Rewritten
	if o.paid != nil {
		res.Paid = o.paid
	}
	res.Settled = o.settled
	// 暂收款 held by employers goes to their new bills.
	if err := s.applyCreditAfterAssessment(ctx); err != nil {
		return nil, err
	}
	if err := s.store.RecordAssessment(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// assessed is what assessing a month (for some employers) did.
type assessed struct {
	rewritten []string // employers whose bill was (re)written, the settled among them
	settled   []shebao.Settlement
	paid      []string // bills with payments whose lines changed: left for a correction
}

// assessEmployers computes the lines of the month for the employers in the
// actor's jurisdiction (employers, when not nil, only those) and writes
// the bills whose lines changed: a bill without payments is replaced; a
// bill with payments is not rewritten (it needs a correction, new entries
// never edits) — unless it was assessed at the undeclared factor and the
// month is now declared, when it is settled by the difference (settle.go).
func (s *Service) assessEmployers(ctx context.Context, period shebao.Period, employers []string) (*assessed, error) {
	regions, err := s.store.AssessmentRegions(ctx, period)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	params, err := AssessParams(set, regions, period)
	if err != nil {
		return nil, err
	}
	st, err := s.store.StageAssessment(ctx, period, params, employers)
	if err != nil {
		return nil, err
	}
	o := &assessed{settled: []shebao.Settlement{}}
	for _, u := range st.Changed {
		switch {
		case !st.Paid[u]:
			o.rewritten = append(o.rewritten, u)
		case settlesLate(st.PaidBasis[u], st.StagedBasis[u]):
			released, cancelled, err := s.releaseForSettlement(ctx, u, period, st.Run)
			if err != nil {
				return nil, err
			}
			o.rewritten = append(o.rewritten, u)
			o.settled = append(o.settled, shebao.Settlement{Employer: u, Period: period, Basis: st.PaidBasis[u], Released: released,
				FeesCancelled: cancelled})
		default:
			o.paid = append(o.paid, u)
		}
	}
	if err := s.store.WriteAssessment(ctx, period, st, o.rewritten); err != nil {
		return nil, err
	}
	return o, nil
}

// AssessParams resolves the policy in force at the start of the month for
// each region into the assessment's parameters: per scheme (and for work
// injury per risk class 1–8) the 社平工资, the base limits in money
// (policy.BaseLimits), the employer, individual and account rates (a
// scheme not levied in the month, both rates 0 or no rate in force, has
// no row); and the undeclared factor.
func AssessParams(set *policy.Set, regions []string, period shebao.Period) (policy.AssessParams, error) {
	on := period.First()
	p := policy.AssessParams{Undeclared: map[string]shebao.Rate{}}
	for _, region := range regions {
		avg, _, err := set.Money("wage.avg_monthly", region, on)
		if err != nil {
			return p, fmt.Errorf("区划%s %s: %w", region, period, err)
		}
		lo, _, err := set.Rate("base.floor", region, on)
		if err != nil {
			return p, err
		}
		hi, _, err := set.Rate("base.ceiling", region, on)
		if err != nil {
			return p, err
		}
		floor, ceiling := policy.BaseLimits(avg, lo, hi)
		rate := func(r shebao.Rate, _ policy.Param, err error) (shebao.Rate, error) {
			if shebao.ErrorCode(err) == shebao.ENOTFOUND {
				return 0, nil // not levied in this period
			}
			return r, err
		}
		add := func(scheme string, class int, er, ir, ar shebao.Rate) {
			if er == 0 && ir == 0 {
				return
			}
			p.Rates = append(p.Rates, policy.AssessRate{Region: region, Scheme: scheme, RiskClass: class, AvgWage: avg,
				Floor: floor, Ceiling: ceiling, Employer: er, Individual: ir, Account: ar})
		}
		// 农民合同制工人 pay no individual unemployment contribution where
		// the switch is on (失业保险条例 第六条; off where the province
		// made them pay as any employee).
		exempt, err := set.RuralExempt(region, on)
		if err != nil {
			return p, err
		}
		for _, scheme := range assessedSchemes {
			er, err := rate(set.Rate(policy.SchemeKey("rate", scheme, "employer"), region, on))
			if err != nil {
				return p, err
			}
			ir := shebao.Rate(0)
			if scheme != "510" {
				if ir, err = rate(set.Rate(policy.SchemeKey("rate", scheme, "individual"), region, on)); err != nil {
					return p, err
				}
			}
			ar := shebao.Rate(0)
			switch scheme {
			case "110":
				if ar, err = rate(set.Rate("account.110.rate", region, on)); err != nil {
					return p, err
				}
			case "310":
				share, err := rate(set.Rate("account.310.individual_share", region, on))
				if err != nil {
					return p, err
				}
				emp, err := rate(set.Rate("account.310.employer_share", region, on))
				if err != nil {
					return p, err
				}
				ar = policy.MedicalAccountRate(er, ir, emp, share)
			}
			add(scheme, 0, er, ir, ar)
			if scheme == shebao.SchemeUnemployment && len(p.Rates) > 0 && p.Rates[len(p.Rates)-1].Scheme == scheme {
				p.Rates[len(p.Rates)-1].RuralExempt = exempt
			}
		}
		var classes policy.RiskClassRates
		if _, err := set.Table("rate.410.class", region, on, &classes); err != nil {
			return p, err
		}
		for class := 1; class <= 8; class++ {
			r, err := classes.For(class)
			if err != nil {
				return p, err
			}
			add("410", class, r, 0, 0)
		}
		f, _, err := set.Rate("assess.undeclared_factor", region, on)
		if err != nil {
			return p, fmt.Errorf("区划%s %s: %w", region, period, err)
		}
		p.Undeclared[region] = f
	}
	return p, nil
}
