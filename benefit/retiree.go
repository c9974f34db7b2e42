package benefit

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// The retirees' medical individual account credit (退休人员医保个人账户划入).
// Since the reform of the employee medical insurance's outpatient cover
// (国办发〔2021〕14号《关于建立健全职工基本医疗保险门诊共济保障机制的指导意
// 见》), the individual account of a retiree is credited by the pooled fund
// with a fixed amount a month (由统筹基金按定额划入), which the district sets
// (policy key account.310.retiree, 元/月, by region). A retiree, here, is a
// person who receives an employee pension (110) for the month — the payroll
// paid it (a payment of the month exists) — and is enrolled in the employee
// medical insurance (310) in that month: an enrollment covering any day of
// it, whatever its status (a retiree who no longer pays is still insured),
// not one ended as a duplicate.
//
// The credit runs with the monthly payroll, after its payments, as a batch
// job of its own (kind retiree310, period the month) over chunks of the
// pensions by id, so that a payroll run again after a new 310 enrollment
// credits the newcomer and nobody twice: each person's credit is one
// account movement with the source "retiree310:YYYY-MM" (the movement's key
// is fund, person, kind and source). It is not a payment to the bank and
// is not in the payroll's release.
//
// The books of the 310 fund (chart of accounts of 0007_ledger.sql): the
// money stays in the fund and moves from its pooled net assets into the
// individual-account liability, Dr 3101 个人账户划转 / Cr 2301 个人账户 —
// the same lines as the account part of a contribution
// (shebao.IndividualAccountLines). It is not an expense when credited: the
// expense is recognised when the account pays a bill (Dr 5033 个人账户医疗费
// 用支出, medical.go); debiting an expense account now would count that
// money twice. The liability thus stays equal to the sum of the accounts.

// KindRetireeCredit is the batch job kind of the retirees' 310 account
// credit (period YYYY-MM).
const KindRetireeCredit = "retiree310"

// retireeChunk is how many employee pensions (by id) one unit of work of
// the credit covers.
var retireeChunk = 20000

// creditRetirees credits the month's amount to the 310 account of every
// retiree in the actor's jurisdiction (see above), or returns nil when no
// amount is in force for the month.
func (s *Service) creditRetirees(ctx context.Context, m shebao.Period) (*shebao.RetireeCredit, error) {
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	amounts, params, err := policy.MoneyByRegion(set, "account.310.retiree", m.First())
	if err != nil {
		return nil, err
	}
	if len(amounts) == 0 {
		return nil, nil
	}
	var rule []string
	for i, a := range amounts {
		where := "区划" + a.Region
		if a.Region == "" {
			where = "全国"
		}
		rule = append(rule, fmt.Sprintf("%s每人每月%s元(%s)", where, a.Amount, params[i].Cite()))
	}
	res := &shebao.RetireeCredit{Rule: "由统筹基金按定额划入退休人员个人账户:" + strings.Join(rule, ";")}
	var last *shebao.RetireeCreditResult
	_, err = s.runner.Run(ctx, batch.Job{
		Kind: KindRetireeCredit, Period: string(m),
		Bound: func(ctx context.Context, lo string) (string, error) {
			return s.store.BenefitBound(ctx, shebao.BenefitPension, lo, retireeChunk)
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			c, err := s.store.CreditRetirees(ctx, shebao.RetireeCreditRequest{Month: m, Lo: lo, Hi: hi, Amounts: amounts})
			if err != nil {
				return 0, err
			}
			if c.Persons > 0 {
				// One entry for the chunk, named by the first person it
				// credited: unique, since a person's credit of the month is
				// made once.
				e := &shebao.Entry{Fund: shebao.SchemeEmployeeMedical, Date: m.First().Format(shebao.DateLayout), Kind: shebao.PostAccount,
					Source:      "retiree310:" + string(m) + ":" + c.First,
					Description: fmt.Sprintf("%s月退休人员医保个人账户划入%d人,合计%s元(统筹基金按定额划入)", m, c.Persons, c.Total),
					Lines:       shebao.IndividualAccountLines(c.Total)}
				if _, err := s.store.PostBenefitEntries(ctx, []*shebao.Entry{e}); err != nil {
					return 0, err
				}
			}
			last = c
			return c.Scanned, nil
		},
		Progress: func(int, int) {
			if last != nil {
				res.Persons += last.Persons
				res.Total += last.Total
				last = nil
			}
		},
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
