package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// The 社会救助资金 (issue #18 item 7; shebao.FundAssistance, assist_fund.go
// in the root): its budget received, and the reclassification of the
// assistance paid before it existed.

// AssistFundStore is what the assistance fund needs of the storage beyond
// posting (implemented by sqldb, assist_fund.go).
type AssistFundStore interface {
	AssistCharged(ctx context.Context, from string) (map[string]shebao.Money, error)
	AssistReclassified(ctx context.Context, from, kind string) (shebao.Money, int, error)
	LedgerAccountBalances(ctx context.Context, fund, asOf string) ([]shebao.AccountBalance, error)
}

// AccountBalances returns every account of the fund with its sums of the
// entries dated on or before asOf ("" = today): for the 社会救助资金, the
// budget received (4201), what was paid by kind (5201 …) and recovered
// (5209), beside its balance in FundStatus.
func (s *Service) AccountBalances(ctx context.Context, fund, asOf string) ([]shebao.AccountBalance, error) {
	if strings.TrimSpace(asOf) == "" {
		asOf = shebao.Today().Format(shebao.DateLayout)
	}
	if _, ok := shebao.FindFund(fund); !ok {
		return nil, shebao.FieldErrorf("fund", "基金代码“%s”无效", fund)
	}
	return s.store.LedgerAccountBalances(ctx, fund, asOf)
}

// RecordAssistBudget records a budget received for the 社会救助资金 (财政
// 补助资金到账): Dr 1002 银行存款, Cr 4201 财政补助收入, on the date it
// arrived, by the fund's clerks (who may post entries). Idempotent by
// document number: the same document again changes nothing (created =
// false, the entry of the first time); the same number with another amount
// is an ECONFLICT. Like the other receipts the fund's clerks record (the
// 910 fund's land money), it needs no second clerk: it is checked against
// the bank statement by the ledger check and the fund status.
func (s *Service) RecordAssistBudget(ctx context.Context, b shebao.AssistBudget) (out *shebao.AssistBudget, created bool, err error) {
	if err := b.Validate(); err != nil {
		return nil, false, err
	}
	if d, _ := time.Parse(shebao.DateLayout, b.Date); d.After(shebao.Today()) {
		return nil, false, shebao.FieldErrorf("date", "到账日期%s晚于今天", b.Date)
	}
	e := b.Entry()
	posted, err := s.store.Post(ctx, e)
	if err != nil {
		if shebao.ErrorCode(err) == shebao.ECONFLICT {
			return nil, false, &shebao.Error{Code: shebao.ECONFLICT, Field: "doc",
				Message: fmt.Sprintf("文号%s的财政补助已登记,金额与本次(%s元)不同;更正请另记调整分录", b.Doc, b.Amount)}
		}
		return nil, false, err
	}
	b.EntryID, b.Actor = e.ID, e.Actor
	return &b, posted, nil
}

// ReclassifyAssistance moves the assistance paid from 其他支出 (5199) of
// the 910 fund — the stopgap before the 社会救助资金 existed — into the
// new fund, one pair of entries per kind (shebao.ReclassifyEntries: in 910
// Dr 1201 暂付款 / Cr 5199; in the assistance fund Dr the kind's expense /
// Cr 2202 应付其他基金垫付款), dated date ("" = today). What is moved is
// what the payroll's own records say was charged there for the kind
// (payments, back payments, less recoveries) less what earlier runs moved,
// so running it again posts nothing, and a run after an old overpayment
// was recovered in 910 moves only the difference. One unit of work.
func (s *Service) ReclassifyAssistance(ctx context.Context, date string) (*shebao.ReclassifyResult, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityFund)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "调账由基金财务经办,您的角色(%s)不能办理", a.RoleName())
	}
	if strings.TrimSpace(date) == "" {
		date = shebao.Today().Format(shebao.DateLayout)
	}
	if d, err := time.Parse(shebao.DateLayout, date); err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return nil, shebao.FieldErrorf("date", "记账日期“%s”无效,应为YYYY-MM-DD", date)
	}
	const from = shebao.SchemeLandExpropriated
	var out *shebao.ReclassifyResult
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		out = &shebao.ReclassifyResult{Date: date, Kinds: []shebao.ReclassifyKind{}}
		charged, err := s.store.AssistCharged(ctx, from)
		if err != nil {
			return err
		}
		var es []*shebao.Entry
		for _, k := range shebao.AssistanceKinds {
			before, n, err := s.store.AssistReclassified(ctx, from, k.Kind)
			if err != nil {
				return err
			}
			c := charged[k.Kind]
			if c == 0 && before == 0 {
				continue
			}
			rk := shebao.ReclassifyKind{Kind: k.Kind, Name: k.Name, From: from, Charged: c, Before: before, Moved: c - before}
			rk.Explanation = fmt.Sprintf("%s在%s其他支出中列支净额%s元(发放、补发减追回),此前已调整%s元,本次调整%s元至%s",
				k.Name, shebao.FundName(from), c, before, rk.Moved, shebao.FundName(k.Fund))
			pair, err := shebao.ReclassifyEntries(from, k.Kind, date, n+1, rk.Moved, c)
			if err != nil {
				return err
			}
			es = append(es, pair...)
			out.Kinds = append(out.Kinds, rk)
			out.Total += rk.Moved
		}
		if len(es) == 0 {
			return nil
		}
		_, err = s.store.PostMany(ctx, es)
		return err
	})
	return out, err
}
