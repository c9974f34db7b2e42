// Package assist is social assistance (社会救助) on the registry: 低保
// (最低生活保障) first, by the rules of docs/DOMAIN.md §9. The formula and
// its parameters (standards, 分类施保, income kinds) are policy's; this
// service applies them to a request and, in time, to the households,
// applications and decisions the store keeps.
package assist

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)
	// FindRegion is one region by code (regions are readable by every
	// actor), or ENOTFOUND.
	FindRegion(ctx context.Context, code string) (*shebao.Region, error)
}

// Service is the social assistance capability.
type Service struct{ store Store }

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// Quote computes the 低保 a household would get (shebao assist quote, POST
// /api/v1/assistance/quote) from the request alone: it reads no person and
// writes nothing, so it is not audited. Anyone who may read assistance may
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
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	return policy.QuoteDibao(set, req)
}
