package assist

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Sources are the reads of other capabilities the information check
// (入户调查信息核对) uses, given by app: each is audited and limited to the
// actor's jurisdiction by its own service.
type Sources struct {
	FindPerson   func(ctx context.Context, idNo string) (*shebao.Person, error)
	FindBenefits func(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error)
	FindBenefit  func(ctx context.Context, id string) (*shebao.Benefit, error)
}

// registryIncome maps a monthly benefit kind to the income kind of the
// policy (assist.income.kinds) it is counted as. The residents' pension is
// split: its basic part is the 城乡居民基础养老金, the rest a pension.
var registryIncome = map[string]string{
	shebao.BenefitPension:         "养老金",
	shebao.BenefitResidentPension: "养老金",
	shebao.BenefitUnemployment:    "失业保险金",
	shebao.BenefitLandAllowance:   "被征地农民基本生活保障金",
}

// check reads each member's record and fills in what shebao pays them in
// the month of the date (docs/DOMAIN.md §9: 核对 with registry data). A
// member who is not registered, or deceased, is refused: the household of a
// 低保 decision is made of registry persons.
func (s *Service) check(ctx context.Context, on time.Time, req *shebao.AssistQuoteRequest) ([]shebao.AssistCheck, error) {
	if s.src.FindPerson == nil {
		return nil, shebao.Errorf(shebao.EINTERNAL, "assist: no registry sources")
	}
	month := on.Format("2006-01")
	var out []shebao.AssistCheck
	for i := range req.Members {
		m := &req.Members[i]
		field := fmt.Sprintf("members[%d].id_no", i)
		p, err := s.src.FindPerson(ctx, m.IDNo)
		if err != nil {
			if shebao.ErrorCode(err) == shebao.ENOTFOUND || shebao.ErrorCode(err) == shebao.EINVALID {
				return nil, shebao.FieldErrorf(field, "第%d位成员:%s(共同生活家庭成员须为本辖区已登记人员)", i+1, shebao.ErrorMessage(err))
			}
			return nil, err
		}
		if p.Status == shebao.StatusDeceased {
			return nil, shebao.FieldErrorf(field, "第%d位成员%s已于%s死亡,不能列为家庭成员", i+1, p.Name, p.DeathDate)
		}
		c := shebao.AssistCheck{Member: i + 1, Name: p.Name, Region: p.Region, Findings: []string{}, Incomes: []shebao.AssistIncome{}}
		if p.Region != req.Region {
			c.Findings = append(c.Findings, fmt.Sprintf("户籍登记区划%s与申请区划%s不同,须核实共同生活情况", p.Region, req.Region))
		}
		for _, f := range []string{shebao.FlagDibao, shebao.FlagWubao} {
			if slices.Contains(p.Flags, f) {
				c.Findings = append(c.Findings, "已有"+f+"人员标识")
			}
		}
		for _, e := range p.Enrollments {
			if e.Status != shebao.EnrollActive || e.Employer == "" {
				continue
			}
			emp := e.EmpName
			if emp == "" {
				emp = e.Employer
			}
			c.Findings = append(c.Findings, fmt.Sprintf("%s(%s)由单位%s参保缴费中(自%s):有工资性收入,须核实并计入", e.SchemeName, e.Scheme, emp, e.StartDate))
		}
		bs, _, err := s.src.FindBenefits(ctx, shebao.BenefitFilter{IDNo: p.IDNo, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			kind, monthly := registryIncome[b.Kind]
			if !monthly || b.StartMonth > month || (b.EndMonth != "" && b.EndMonth < month) {
				continue
			}
			if b.Status != shebao.BenefitActive {
				c.Findings = append(c.Findings, fmt.Sprintf("%s%s(不计入收入)", b.KindName, b.Status))
				continue
			}
			full, err := s.src.FindBenefit(ctx, b.ID)
			if err != nil {
				return nil, err
			}
			amt, basic := b.Monthly, shebao.Money(0)
			for _, a := range full.Amounts {
				if a.FromMonth <= month && (a.ToMonth == "" || month <= a.ToMonth) {
					amt, basic = a.Monthly, a.BasicPart
				}
			}
			if b.Kind == shebao.BenefitResidentPension && basic > 0 {
				c.Incomes = append(c.Incomes, shebao.AssistIncome{Kind: "城乡居民基础养老金", Amount: basic})
				amt -= basic
			}
			if amt > 0 {
				c.Incomes = append(c.Incomes, shebao.AssistIncome{Kind: kind, Amount: amt})
			}
			c.Findings = append(c.Findings, fmt.Sprintf("正在领取%s %s元/月(%s起),已计入收入", b.KindName, full.Monthly, b.StartMonth))
		}
		if len(c.Findings) == 0 {
			c.Findings = append(c.Findings, "登记库中未发现参保缴费单位、待遇领取或救助标识")
		}
		m.Registry = c.Incomes
		out = append(out, c)
	}
	return out, nil
}

// quoteDate is the date of a request, today when empty (a bad date is the
// policy's to refuse).

func quoteDate(date string) time.Time {
	if d, err := shebao.ParseDate("date", strings.TrimSpace(date)); err == nil {
		return d
	}
	return shebao.Today()
}
