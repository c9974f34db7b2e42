package benefit

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
)

// The monthly benefit payroll (待遇发放). One run pays every benefit due in
// the month once, in chunks of benefit ids on the batch runner (kind
// payroll, period the month): each chunk is one unit of work that writes a
// payment per benefit and month (set-based in the store, PayBenefits),
// withdraws the account pensions from the individual accounts, and posts
// exactly that batch to the ledger (shebao.PayrollEntries: Dr the kind's
// expense account, Cr 2101 应付社会保险待遇; the withdrawals 2301 → 3101). A
// run killed at any point leaves whole chunks behind; running it again pays
// the rest, nobody twice. Concurrent runs of one month take the chunks in
// turn on the locked run record. The run's last step (Job.Finish) puts the
// month's new payments and back payments into the approval queue
// (payroll.release, 经办 → 复核): the approval marks them 已发放 and posts
// the bank payment (Dr 2101, Cr 1002; ExecutePayrollRelease).
//
// Before the chunks the run stops the benefits of deceased persons (a
// benefit is paid through the month of the death: 基本养老金发放至死亡当月,
// 次月起停发), records payments made for later months as overpayments,
// and pays the back payments (补发) owed for months already paid
// (backpay.go). After them it credits the retirees' medical individual
// accounts for the month (retiree.go).

// KindPayroll is the batch job kind of the payroll (period YYYY-MM).
const KindPayroll = "payroll"

// phaseClock reports the time since its previous lap to a Phase callback.
type phaseClock struct {
	fn func(string, time.Duration)
	t  time.Time
}

func newPhaseClock(fn func(string, time.Duration)) *phaseClock {
	return &phaseClock{fn: fn, t: time.Now()}
}

func (c *phaseClock) lap(phase string) {
	if c.fn == nil {
		return
	}
	now := time.Now()
	c.fn(phase, now.Sub(c.t))
	c.t = now
}

// parseMonth checks a payroll month: YYYY-MM, not after next month.
func parseMonth(s string) (shebao.Period, error) {
	m, err := shebao.ParsePeriod(s)
	if err != nil {
		return "", shebao.FieldErrorf("月份", "发放月份“%s”无效,应为YYYY-MM", s)
	}
	next := shebao.Period(shebao.Today().AddDate(0, 1, 0).Format("2006-01"))
	if string(m) > string(next) {
		return "", shebao.FieldErrorf("月份", "发放月份%s晚于下月%s,不能预先发放", m, next)
	}
	return m, nil
}

// RunPayroll pays the month's benefits in the actor's jurisdiction (see
// the comment at the top of this file) and submits the release of the new
// payments for approval. Running it again creates no payment, posts
// nothing and submits nothing, unless benefits were added or resumed in
// between: then it pays those and submits their release.
func (s *Service) RunPayroll(ctx context.Context, month string, opts shebao.PayrollOptions) (*shebao.PayrollResult, error) {
	if err := authorize(ctx, "payroll.run", month); err != nil {
		return nil, err
	}
	m, err := parseMonth(month)
	if err != nil {
		return nil, err
	}
	chunk := opts.Chunk
	if chunk <= 0 {
		chunk = shebao.PayrollChunk
	}
	res := &shebao.PayrollResult{Month: string(m), Skipped: map[string]int{}}
	clock := newPhaseClock(opts.Phase)

	if res.Stopped, res.Overpayments, err = s.store.PayrollDeaths(ctx, m); err != nil {
		return nil, err
	}
	clock.lap("deaths")
	deceased, suspended, err := s.store.PayrollSkipped(ctx, m)
	if err != nil {
		return nil, err
	}
	res.AddSkipped("死亡", deceased)
	res.AddSkipped("暂停发放", suspended)
	clock.lap("skipped")
	// Back payments (补发) of amounts changed for months already paid,
	// before the month's own payments: the month is paid at the amount now
	// in force, so it owes no back pay of its own, and the look-up for
	// payments made before an amount is cheaper without them.
	if res.BackPay, err = s.payBackPays(ctx, m); err != nil {
		return nil, err
	}
	clock.lap("back pay")

	var own []shebao.PayrollGroup // this run's payments by batch, scheme and kind
	var last *shebao.PayrollChunkResult
	noAmount := 0 // active benefits without an amount in force
	_, err = s.runner.Run(ctx, batch.Job{
		Kind: KindPayroll, Period: string(m),
		Total: func(ctx context.Context) (int, error) {
			n, err := s.store.CountBenefits(ctx)
			clock.lap("count")
			return n, err
		},
		Bound: func(ctx context.Context, lo string) (string, error) {
			hi, err := s.store.BenefitBound(ctx, "", lo, chunk)
			clock.lap("chunk bounds")
			return hi, err
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			c, err := s.store.PayBenefits(ctx, shebao.PayrollChunkRequest{Month: m, Lo: lo, Hi: hi, Phase: opts.Phase})
			if err != nil {
				return 0, err
			}
			clock.t = time.Now()
			if len(c.Groups) > 0 {
				// The source names the batch by its first benefit: unique,
				// since a benefit's payment for the month is in one batch
				// only, and the same whether or not an earlier run was
				// interrupted.
				if _, err := s.store.PostBenefitEntries(ctx, shebao.PayrollEntries(m, "payroll:"+string(m)+":"+c.First, c.Groups)); err != nil {
					return 0, err
				}
				clock.lap("chunk ledger")
			}
			last = c // summed once committed: the unit of work may run again
			return c.Scanned, nil
		},
		Progress: func(done, total int) {
			clock.lap("chunk commit")
			if c := last; c != nil {
				noAmount += c.NoAmount
				if len(c.Groups) > 0 {
					own = append(own, c.Groups...)
					res.Batches++
				}
				for _, g := range c.Groups {
					res.Payments += g.N
					res.Total += g.Amount
					res.AccountPart += g.Account
				}
				last = nil
			}
			if opts.Progress != nil {
				opts.Progress(done, total)
			}
		},
		Finish: func(ctx context.Context) (any, error) {
			if noAmount > 0 { // once, though the unit of work may run again
				res.AddSkipped("无当月待遇标准", noAmount)
				noAmount = 0
			}
			return s.finishPayroll(ctx, m, res, own, clock)
		},
	})
	if err != nil {
		return nil, err
	}
	clock.lap("finish")
	if res.RetireeCredit, err = s.creditRetirees(ctx, m); err != nil {
		return nil, err
	}
	clock.lap("retirees")
	return res, nil
}

// finishPayroll submits the release of whatever is not yet released nor
// waiting, and totals the month, in the run's last unit of work.
func (s *Service) finishPayroll(ctx context.Context, m shebao.Period, res *shebao.PayrollResult, own []shebao.PayrollGroup,
	clock *phaseClock) (any, error) {
	// The run's record serialises submissions: a concurrent run waits here
	// and then sees this one's approval.
	if err := s.store.LockRun(ctx, KindPayroll, string(m)); err != nil {
		return nil, err
	}
	groups, err := s.store.MonthGroups(ctx, m, own, res.Payments)
	if err != nil {
		return nil, err
	}
	clock.lap("totals")
	backPays, err := s.store.BackPayGroups(ctx, m) // released with the payments
	if err != nil {
		return nil, err
	}
	ap, err := s.submitRelease(ctx, m, append(groups[:len(groups):len(groups)], backPays...))
	if err != nil {
		return nil, err
	}
	res.Release = ap
	clock.lap("release")
	backPayLines, err := s.store.BackPayTotals(ctx, m) // the month's totals with its 补发
	if err != nil {
		return nil, err
	}
	sum := shebao.SummarizePayroll(m, append(groups[:len(groups):len(groups)], backPayLines...))
	res.Totals, res.MonthPayments, res.MonthTotal = sum.Totals, sum.Payments, sum.Total
	detail := map[string]any{"payments": res.Payments, "total": res.Total, "batches": res.Batches, "skipped": res.Skipped,
		"stopped": res.Stopped, "overpayments": res.Overpayments, "month_payments": res.MonthPayments, "month_total": res.MonthTotal}
	if ap != nil {
		detail["release"] = ap.ID
	}
	if err := s.store.AuditPayrollRun(ctx, m, detail); err != nil {
		return nil, err
	}
	return detail, nil
}

// submitRelease submits the release of the month's pending payments (of
// groups, the month's payments and back payments in the jurisdiction) that
// no pending release covers yet, or returns nil when there are none. The
// approval lies in the run's jurisdiction, or for a run over all regions
// in the smallest region holding every payment, so that the clerks of that
// region see it.
func (s *Service) submitRelease(ctx context.Context, m shebao.Period, groups []shebao.PayrollGroup) (*shebao.Approval, error) {
	type pending struct {
		batch  string
		n      int
		total  shebao.Money
		lo, hi string
	}
	byBatch := map[string]*pending{}
	var ps []*pending
	for _, g := range groups {
		if g.Status != shebao.PaymentPending {
			continue
		}
		p := byBatch[g.Batch]
		if p == nil {
			p = &pending{batch: g.Batch, lo: g.Lo, hi: g.Hi}
			byBatch[g.Batch] = p
			ps = append(ps, p)
		}
		p.n += g.N
		p.total += g.Amount
		p.lo, p.hi = min(p.lo, g.Lo), max(p.hi, g.Hi)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].batch < ps[j].batch })
	if len(ps) == 0 {
		return nil, nil
	}
	covered, err := s.store.PendingReleaseBatches(ctx, m)
	if err != nil {
		return nil, err
	}
	p := shebao.ReleasePayload{Month: string(m)}
	lo, hi := "", ""
	for _, x := range ps {
		if covered[x.batch] {
			continue
		}
		p.Batches = append(p.Batches, x.batch)
		p.Payments += x.n
		p.Total += x.total
		if lo == "" || x.lo < lo {
			lo = x.lo
		}
		if x.hi > hi {
			hi = x.hi
		}
	}
	if len(p.Batches) == 0 {
		return nil, nil
	}
	a, _ := shebao.ActorFrom(ctx)
	region := a.Region
	if region == "" {
		region = shebao.CommonRegion(lo, hi)
	}
	summary := fmt.Sprintf("%s月待遇发放:%d人次,合计%s元", m, p.Payments, p.Total)
	return s.store.SubmitBenefitApproval(ctx, shebao.ApprovePayrollRelease, region, summary, p)
}

// ExecutePayrollRelease carries out an approved release of a month's
// payroll (shebao.ApprovePayrollRelease), in the approving unit of work:
// the payments and back payments of its batches become 已发放 and each fund
// posts the bank payment (Dr 2101, Cr 1002). What is released must be what
// the maker submitted: the payments still pending, the back payments, and
// those cancelled since (a death) that the release counts as taken out.
func (s *Service) ExecutePayrollRelease(ctx context.Context, payload []byte) (string, error) {
	var p shebao.ReleasePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return "", err
	}
	m, err := shebao.ParsePeriod(p.Month)
	if err != nil || len(p.Batches) == 0 {
		return "", shebao.Errorf(shebao.EINVALID, "发放申请内容无效")
	}
	var result string
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		pays, err := s.store.PendingPaymentSums(ctx, m, p.Batches)
		if err != nil {
			return err
		}
		backs, err := s.store.PendingBackPaySums(ctx, m, p.Batches)
		if err != nil {
			return err
		}
		cn, ctotal, err := s.store.CancelledInRelease(ctx, m, p.Batches)
		if err != nil {
			return err
		}
		n, total := sumFunds(pays)
		bn, btotal := sumFunds(backs)
		if n+bn+cn != p.Payments || total+btotal+ctotal != p.Total {
			return shebao.Errorf(shebao.ECONFLICT, "%s月待遇发放名单已变化(申请时%d人次%s元,现待发放%d人次%s元),请重新提交",
				m, p.Payments, p.Total, n, total)
		}
		if err := s.store.MarkReleased(ctx, m, p.Batches); err != nil {
			return err
		}
		batches := slices.Clone(p.Batches)
		slices.Sort(batches)
		date := shebao.Now().In(shebao.ChinaTime).Format(shebao.DateLayout)
		post := func(sums []shebao.FundSum, source, what string) error {
			var es []*shebao.Entry
			for _, x := range sums {
				f, _ := shebao.FindFund(x.Fund)
				es = append(es, shebao.ReleaseEntry(x.Fund, date, source, fmt.Sprintf("%s月%s%s(银行代发)%d人次", m, f.Name, what, x.N), x.Total))
			}
			if len(es) == 0 {
				return nil
			}
			_, err := s.store.PostBenefitEntries(ctx, es)
			return err
		}
		if err := post(pays, "release:"+string(m)+":"+batches[0], "待遇发放"); err != nil {
			return err
		}
		if err := post(backs, "release-backpay:"+string(m)+":"+batches[0], "待遇补发"); err != nil {
			return err
		}
		result = fmt.Sprintf("已发放%s月待遇%d人次,合计%s元", m, n, total)
		return nil
	})
	return result, err
}

func sumFunds(sums []shebao.FundSum) (n int, total shebao.Money) {
	for _, x := range sums {
		n += x.N
		total += x.Total
	}
	return n, total
}
