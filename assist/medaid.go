package assist

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 低保边缘家庭 (issue #18 item 4; docs/DOMAIN.md §9): a household that is not
// eligible for 低保 but whose per-capita monthly income is below
// assist.edge.ratio × the 低保 standard (1.5 × in 民发〔2021〕57号's 附则 and
// 国办发〔2021〕42号; the ratio is policy data). Its members are assisted in
// their medical costs (medical/medaid.go) at the 低保边缘 ratio.
//
// Our choice of a light record: the finding is made at an investigation on
// paper and recorded here by the district's civil-affairs line with its
// decision number, the household's region, its members (registered, living
// persons of the jurisdiction), the per-capita income found and the days it
// is in force. The income is checked against the standard and the limit in
// force on its first day: at or above the standard (below it the household
// is for 低保) and below the limit. The same number again with the same
// content changes nothing; with another content it is refused. A record is
// not edited: a later finding is a new record (with its own dates).

// EdgeStore is what the 低保边缘 records need of the storage.
type EdgeStore interface {
	InsertEdgeHousehold(ctx context.Context, h *shebao.EdgeHousehold) (*shebao.EdgeHousehold, bool, error)
	FindEdgeHouseholds(ctx context.Context, f shebao.EdgeFilter) ([]*shebao.EdgeHousehold, error)
}

// RecordEdge checks and records a 低保边缘 household (shebao assist edge,
// POST /api/v1/assistance/edge); created is false for the same record
// again.
func (s *Service) RecordEdge(ctx context.Context, req shebao.EdgeRequest) (*shebao.EdgeHousehold, bool, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, false, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return nil, false, shebao.Errorf(shebao.EFORBIDDEN, "低保边缘家庭由区民政部门认定,您的角色(%s)不能办理", a.RoleName())
	}
	no := strings.TrimSpace(req.No)
	if no == "" || utf8.RuneCountInString(no) > 40 {
		return nil, false, shebao.FieldErrorf("no", "请填写低保边缘家庭认定编号(不超过40个字)")
	}
	if _, err := shebao.ParseDate("from", strings.TrimSpace(req.From)); err != nil {
		return nil, false, err
	}
	from, to := strings.TrimSpace(req.From), strings.TrimSpace(req.To)
	if to != "" {
		if _, err := shebao.ParseDate("to", to); err != nil {
			return nil, false, err
		}
		if to < from {
			return nil, false, shebao.FieldErrorf("to", "有效期止%s早于起始日期%s", to, from)
		}
	}
	if req.PerCapita < 0 {
		return nil, false, shebao.FieldErrorf("per_capita_income", "家庭人均月收入不能为负")
	}
	if strings.TrimSpace(req.Region) == "" {
		return nil, false, shebao.FieldErrorf("region", "缺少区划代码")
	}
	if len(req.Members) == 0 {
		return nil, false, shebao.FieldErrorf("members", "请填写家庭成员的身份证号")
	}
	h := &shebao.EdgeHousehold{No: no, Region: strings.TrimSpace(req.Region), PerCapita: req.PerCapita, From: from, To: to,
		Note: strings.TrimSpace(req.Note)}
	seen := map[string]bool{}
	for i, raw := range req.Members {
		idNo := idno.NormalizeID(raw)
		p, err := s.src.FindPerson(ctx, idNo)
		if err != nil {
			if c := shebao.ErrorCode(err); c == shebao.ENOTFOUND || c == shebao.EINVALID {
				return nil, false, shebao.FieldErrorf("members", "第%d位成员:%s", i+1, shebao.ErrorMessage(err))
			}
			return nil, false, err
		}
		if p.Status != shebao.StatusAlive {
			return nil, false, shebao.FieldErrorf("members", "第%d位成员%s(%s)登记状态为%s", i+1, p.Name, idno.MaskID(p.IDNo), p.Status)
		}
		if seen[p.IDNo] {
			return nil, false, shebao.FieldErrorf("members", "第%d位成员%s重复", i+1, idno.MaskID(p.IDNo))
		}
		seen[p.IDNo] = true
		h.Members = append(h.Members, shebao.EdgeMember{IDNo: p.IDNo, Name: p.Name})
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, false, err
	}
	std, limit, area, why, err := policy.EdgeLimit(set, from, h.Region, req.Area)
	if err != nil {
		return nil, false, err
	}
	h.Standard, h.Limit, h.Area = std, limit, area
	switch {
	case req.PerCapita < std:
		return nil, false, shebao.FieldErrorf("per_capita_income", "家庭人均月收入%s元低于低保标准%s元,应申请低保而非认定为低保边缘家庭", req.PerCapita, std)
	case req.PerCapita >= limit:
		return nil, false, shebao.FieldErrorf("per_capita_income", "家庭人均月收入%s元不低于低保边缘家庭收入上限%s元(%s),不能认定", req.PerCapita, limit, why)
	}
	until := to
	if until == "" {
		until = "长期"
	}
	h.Explanation = fmt.Sprintf("低保边缘家庭认定%s:成员%d人,家庭人均月收入%s元,不低于低保标准%s元且低于收入上限%s元(%s);有效期%s至%s,成员享受低保边缘家庭医疗救助",
		no, len(h.Members), req.PerCapita, std, limit, why, from, until)
	return s.store.InsertEdgeHousehold(ctx, h)
}

// FindEdge lists the 低保边缘 records of the actor's jurisdiction.
func (s *Service) FindEdge(ctx context.Context, f shebao.EdgeFilter) ([]*shebao.EdgeHousehold, error) {
	if f.On != "" {
		if _, err := shebao.ParseDate("on", f.On); err != nil {
			return nil, err
		}
	}
	return s.store.FindEdgeHouseholds(ctx, f)
}
