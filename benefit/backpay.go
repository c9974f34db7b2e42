package benefit

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
)

// Back payments (补发). When a benefit's amount changes for months the
// payroll has already paid — the yearly pension adjustment (养老金调整) is
// typically decided in mid-year with effect from January — every paid month
// (待发放 or 已发放) whose amount differs from the amount now in force for
// it is owed the difference: one back payment per benefit and month,
// explained in Chinese (旧额、新额、差额、月份).
//
// The payroll run pays them before its own chunks: a batch job of kind
// backpay (period: the jurisdiction, "*" for all) over ranges of the
// candidate benefits, each range one unit of work with its own batch,
// posted like the payroll's own lines (shebao.BackPayEntries: Dr the
// kind's expense account — for the residents' pension the basic part to
// 5011 and the rest to 5012 — Cr 2101 应付社会保险待遇). The batches go into
// the month's release with the payments (payroll.release, 经办 → 复核),
// which marks them 已发放 and posts the bank payment (Dr 2101, Cr 1002). The
// increase is paid by the pooled fund: the account part of a pension does
// not change with an adjustment, so no individual account moves.
//
// A negative difference (an amount lowered for months already paid) is not
// a negative payment: it is recorded as an overpayment to recover (reason
// ReasonReducedOverpayment) and the back payment row keeps it with status
// 转追回.
//
// Computing them again adds nothing: the key is (benefit, month, amount in
// force), and the amount already had by a month counts the earlier back
// payments, so a second change of the same month adds only its own
// difference.

// KindBackPay is the batch job kind of the back payments; its period is
// the jurisdiction of the run ("*" for all).
const KindBackPay = "backpay"

// backPayChunk is how many candidate benefits one unit of work of back
// payments covers.
var backPayChunk = 5000

// payBackPays computes and pays the back payments owed in the actor's
// jurisdiction with the payroll of month m.
func (s *Service) payBackPays(ctx context.Context, m shebao.Period) (*shebao.BackPayResult, error) {
	a, _ := shebao.ActorFrom(ctx)
	key := a.Region
	if key == "" {
		key = "*"
	}
	// The candidates: benefits with an amount created no earlier than a
	// payment of a month it covers. Only amounts created since the last
	// computation in the same jurisdiction can owe anything new (the others
	// were computed then, and the back payments keep what was owed), so the
	// probe into each benefit's payments is limited to those: the mark is
	// the start of the last finished computation less a day, for an amount
	// written by a unit of work that began before it and committed after.
	// After an interrupted computation every amount is looked at again.
	prev, err := s.runner.Find(ctx, KindBackPay, key)
	if err != nil {
		return nil, err
	}
	var since time.Time
	if prev != nil && prev.Status == batch.StatusDone {
		since = prev.StartedAt.Add(-24 * time.Hour)
	}
	ids, err := s.store.BackPayCandidates(ctx, since)
	if err != nil {
		return nil, err
	}
	// after returns the index of the first candidate above the key lo.
	after := func(lo string) int {
		if lo == "" {
			return 0
		}
		return sort.Search(len(ids), func(i int) bool { return ids[i] > lo })
	}
	res := &shebao.BackPayResult{}
	var last *shebao.BackPayResult
	_, err = s.runner.Run(ctx, batch.Job{
		Kind: KindBackPay, Period: key,
		Total: func(context.Context) (int, error) { return len(ids), nil },
		Bound: func(_ context.Context, lo string) (string, error) {
			if j := after(lo) + backPayChunk - 1; j < len(ids)-1 {
				return ids[j], nil
			}
			return "", nil
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			i, j := after(lo), len(ids)-1
			if hi != "" {
				j = after(hi) - 1
			}
			if i > j {
				return 0, nil
			}
			c, err := s.computeBackPay(ctx, m, ids[i], ids[j])
			if err != nil {
				return 0, err
			}
			last = c
			return j - i + 1, nil
		},
		Progress: func(int, int) {
			if c := last; c != nil {
				res.Payments += c.Payments
				res.Total += c.Total
				res.Batches += c.Batches
				res.Recover += c.Recover
				res.RecoverTotal += c.RecoverTotal
				last = nil
			}
		},
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// computeBackPay writes the back payments of the benefits lo ≤ id ≤ hi in
// the jurisdiction, to be paid with month m, posts them and records the
// negative ones as overpayments, in one batch.
func (s *Service) computeBackPay(ctx context.Context, m shebao.Period, lo, hi string) (*shebao.BackPayResult, error) {
	out := &shebao.BackPayResult{}
	due, err := s.store.BackPayDue(ctx, lo, hi)
	if err != nil {
		return nil, err
	}
	var bs []shebao.NewBackPay
	for _, d := range due {
		if b, ok := backPayOf(d, m); ok {
			bs = append(bs, b)
		}
	}
	if len(bs) == 0 {
		return out, nil
	}
	b, err := s.store.RecordBackPays(ctx, lo, hi, bs)
	if err != nil {
		return nil, err
	}
	out.Payments, out.Total, out.Recover, out.RecoverTotal = b.Payments, b.Total, b.Recover, b.RecoverTotal
	if out.Payments == 0 && out.Recover == 0 {
		return out, nil
	}
	out.Batches = 1
	if len(b.Groups) > 0 {
		if _, err := s.store.PostBenefitEntries(ctx, shebao.BackPayEntries(m, "backpay:"+string(m)+":"+b.Batch, b.Groups)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// backPayOf is what a month already paid is owed now, paid with month m:
// the difference between the amount in force for it and what it had (its
// payment and the back payments made for it before), or nothing when they
// are equal. A positive difference is paid (待发放); a negative one is to be
// recovered (转追回). The basic part owed is the difference of the basic
// parts.
func backPayOf(d shebao.BackPayDue, m shebao.Period) (shebao.NewBackPay, bool) {
	old := d.Paid + d.Earlier
	diff := d.Target - old
	if diff == 0 {
		return shebao.NewBackPay{}, false
	}
	basic := d.TargetBasic - d.PaidBasic - d.EarlierBasic
	status := shebao.PaymentPending
	var explanation string
	if diff > 0 {
		explanation = fmt.Sprintf("%s月待遇补发(%s,自%s起):该月已发%s元,现核定%s元/月,补发差额%s − %s = %s元,随%s月待遇发放",
			d.Month, amountSourceName(d.Source), d.From, old, d.Target, d.Target, old, diff, m)
	} else {
		status = shebao.BackPayToRecover
		explanation = fmt.Sprintf("%s月待遇调减(%s,自%s起):该月已发%s元,现核定%s元/月,多发%s − %s = %s元,转待遇追回",
			d.Month, amountSourceName(d.Source), d.From, old, d.Target, old, d.Target, -diff)
	}
	return shebao.NewBackPay{BenefitID: d.BenefitID, Month: d.Month, Target: d.Target, IDNo: d.IDNo, Scheme: d.Scheme, Kind: d.Kind,
		Region: d.Region, Old: old, Amount: diff, Basic: basic, Explanation: explanation, Status: status, PayMonth: string(m)}, true
}

// amountSourceName names the source of an amount in Chinese.
func amountSourceName(source string) string {
	if y, ok := strings.CutPrefix(source, "adjust:"); ok {
		return y + "年基本养老金调整"
	}
	return "待遇标准变更"
}
