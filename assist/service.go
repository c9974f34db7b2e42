// Package assist is social assistance (社会救助) on the registry: 低保
// (最低生活保障) first, by the rules of docs/DOMAIN.md §9. The formula and
// its parameters (standards, 分类施保, income kinds) are policy's; this
// service applies them to a request and, in time, to the households,
// applications and decisions the store keeps.
package assist

import (
	"context"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)
	// FindRegion is one region by code (regions are readable by every
	// actor), or ENOTFOUND.
	FindRegion(ctx context.Context, code string) (*shebao.Region, error)
	// The 低保 cases (cases.go).
	CaseStore
	// The 临时救助 decisions (relief.go).
	ReliefStore
	// The 特困 cases (tekun.go).
	TekunStore
	// The 低保边缘 households (medaid.go).
	EdgeStore
	// ChangePerson writes a changed person with its history (the 低保
	// flag of an approved case's members).
	ChangePerson(ctx context.Context, reason string, old, p *shebao.Person, changes []shebao.Change) error
	// CreateAssistBenefit creates an approved case's monthly 低保 benefit,
	// paid by the payroll, and returns its id (the same again: the same id).
	CreateAssistBenefit(ctx context.Context, b shebao.NewBenefit) (string, error)
	// StopAssistBenefit ends the benefit with the month before ch.Month;
	// the payments of months from ch.Month on already released become
	// overpayments to recover and those waiting for release are cancelled.
	StopAssistBenefit(ctx context.Context, benefitID string, ch shebao.BenefitChange) (shebao.StopSettlement, error)
	// ChangeAssistBenefitAmount pays the benefit at a new amount from a
	// month on (a review's 增发 or 减发), refusing a month already in a
	// payroll.
	ChangeAssistBenefitAmount(ctx context.Context, benefitID string, am shebao.BenefitAmount) error
	// InTx runs fn in one transaction.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Service is the social assistance capability.
type Service struct {
	store Store
	src   Sources
}

// New returns the service over the store, with the reads of the registry
// and the benefits it checks members against.
func New(store Store, src Sources) *Service { return &Service{store: store, src: src} }

// Quote computes the 低保 a household would get (shebao assist quote, POST
// /api/v1/assistance/quote). It writes nothing; without req.Registry it
// reads no person either, so it is not audited; with it, each member's
// record is read (audited, within the actor's jurisdiction) and what shebao
// pays them is counted. Anyone who may read assistance may
// ask, a citizen included. The region must exist: its code decides the
// urban or rural standard, and the standard in force is the region's own or
// its nearest ancestor's.
func (s *Service) Quote(ctx context.Context, req shebao.AssistQuoteRequest) (*shebao.AssistQuote, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Read(shebao.EntityAssistance)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", a.RoleName(), shebao.EntityName(shebao.EntityAssistance))
	}
	if strings.TrimSpace(req.Region) != "" {
		r, err := s.store.FindRegion(ctx, req.Region)
		if err != nil {
			if shebao.ErrorCode(err) == shebao.ENOTFOUND || shebao.ErrorCode(err) == shebao.EINVALID {
				return nil, shebao.FieldErrorf("region", "%s", shebao.ErrorMessage(err))
			}
			return nil, err
		}
		req.Region = r.Code
	}
	var checks []shebao.AssistCheck
	if req.Registry {
		if strings.TrimSpace(req.Region) == "" {
			return nil, shebao.FieldErrorf("region", "缺少区划代码")
		}
		req.Members = slices.Clone(req.Members)
		var err error
		if checks, err = s.check(ctx, quoteDate(req.Date), &req); err != nil {
			return nil, err
		}
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	req.Date = shebao.DateOrToday(req.Date)
	q, err := policy.QuoteDibao(set, req)
	if err != nil {
		return nil, err
	}
	q.Checks = checks
	return q, nil
}

// QuoteOptions are the choices of a quote form: the income kinds and the
// certified 分类施保 categories of the policy in force.
type QuoteOptions struct {
	IncomeKinds []Choice // assist.income.kinds; the label of a kind not counted in full says so
	Categories  []string // the 分类施保 categories not given by age
}

// Choice is one option of a form: its value and what it shows.
type Choice struct{ Value, Label string }

// Options reads the choices of the quote form for the region (the
// national policy when empty) on the date (today when empty). A policy
// without the tables gives no choices rather than an error: the quote
// itself then says what is missing.
func (s *Service) Options(ctx context.Context, region, date string) (*QuoteOptions, error) {
	if _, ok := shebao.ActorFrom(ctx); !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	on := shebao.Today()
	if d, err := shebao.ParseDate("date", strings.TrimSpace(date)); err == nil {
		on = d
	}
	region = strings.TrimSpace(region)
	if _, err := idno.ParseRegion(region); err != nil {
		region = ""
	}
	out := &QuoteOptions{}
	var kinds policy.IncomeKinds
	if _, err := set.Table("assist.income.kinds", region, on, &kinds); err == nil {
		for _, k := range kinds {
			c := Choice{Value: k.Name, Label: k.Name}
			if k.Counted.Rate() < shebao.RatePPM {
				c.Label += "(计入" + k.Counted.Rate().Percent() + ")"
			}
			out.IncomeKinds = append(out.IncomeKinds, c)
		}
	}
	var extras policy.DibaoExtras
	if _, err := set.Table("assist.dibao.extras", region, on, &extras); err == nil {
		for _, e := range extras {
			if !e.ByAge() {
				out.Categories = append(out.Categories, e.Category)
			}
		}
	}
	return out, nil
}

// QuoteTekun computes whether a person would be certified 特困 and the
// monthly support (shebao assist tekun, POST /api/v1/assistance/tekun/quote)
// from the request alone: it reads no person and writes nothing. The
// region must exist.
func (s *Service) QuoteTekun(ctx context.Context, req shebao.TekunQuoteRequest) (*shebao.TekunQuote, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Read(shebao.EntityAssistance)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", a.RoleName(), shebao.EntityName(shebao.EntityAssistance))
	}
	if strings.TrimSpace(req.Region) != "" {
		r, err := s.store.FindRegion(ctx, req.Region)
		if err != nil {
			if shebao.ErrorCode(err) == shebao.ENOTFOUND || shebao.ErrorCode(err) == shebao.EINVALID {
				return nil, shebao.FieldErrorf("region", "%s", shebao.ErrorMessage(err))
			}
			return nil, err
		}
		req.Region = r.Code
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	req.Date = shebao.DateOrToday(req.Date)
	return policy.QuoteTekun(set, req)
}
