package employ

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 社会保险补贴 for employers that hire a 就业困难人员 and for 就业困难人员 in
// 灵活就业 (issue #19 item 5, docs/DOMAIN.md §10; 就业补助资金管理办法
// 财社〔2017〕164号 第七条).
//
// A grant (认定) is applied for by an employment clerk (Grant) and approved
// by a second one (subsidy.grant): for an employer, the person must hold a
// 就业困难人员 certification in force on the day the employee enrollment
// with that employer began; for a flexible worker, a certification in
// force in the first month and a flexible-employment base covering it.
// The term is the 公益性岗位's rule (policy.PublicPostTerm: 3 years over all
// of the person's 社会保险补贴 — placements and grants —, until retirement
// for those within 5 years of it), fixed at the grant (第七条: "以初次核定其
// 享受社会保险补贴时年龄为准").
//
// Each month the clerk runs the reimbursement (Reimburse): 第七条 pays what
// was actually paid ("按其为就业困难人员实际缴纳的…给予补贴"; "原则上不超过
// 其实际缴费的2/3"), so a contribution month of the term is reimbursed once
// the payer's bill of that month is paid in full — the employer's own part
// of 110, 310 and 210 of that person as assessed on the bill, or the
// flexible worker's bill × labor.insurance_subsidy.flex_share. Each month
// reimbursed is a one-off benefit (kind insurance_subsidy, source
// "subsidy:<grant>:<month>") of the run's month, paid by that month's
// payroll to the grant's account; a month is reimbursed once, and a month
// paid late is reimbursed by the run after its payment.

// SubsidyStore is what this part of the service needs of the storage (part
// of Store).
type SubsidyStore interface {
	// HardshipOn is the person's 就业困难人员 certification in force on
	// some day from from to to (YYYY-MM-DD; the latest certified), nil
	// when none (unaudited: for the rules).
	HardshipOn(ctx context.Context, idNo, from, to string) (*shebao.HardshipCertification, error)
	// SubsidyHire is the start date of the person's employee-scheme
	// enrollment in payment (参保缴费) with the employer, the earliest if
	// several ("" when none).
	SubsidyHire(ctx context.Context, idNo, uscc string) (string, error)
	// FlexBaseCovers reports whether a flexible-employment base of the
	// person covers the month.
	FlexBaseCovers(ctx context.Context, idNo, month string) (bool, error)
	// PersonInsuranceSubsidies are the person's grants, oldest first
	// (unaudited: for the term limit).
	PersonInsuranceSubsidies(ctx context.Context, idNo string) ([]*shebao.InsuranceSubsidy, error)
	// PendingInsuranceSubsidies counts the person's grants waiting for
	// approval.
	PendingInsuranceSubsidies(ctx context.Context, idNo string) (int, error)
	SubmitInsuranceSubsidy(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error)
	// InsertInsuranceSubsidy records an approved grant (audited).
	InsertInsuranceSubsidy(ctx context.Context, x *shebao.InsuranceSubsidy) error
	// FindInsuranceSubsidies lists the grants of the jurisdiction that
	// begin in or before the month ("" all), newest first (audited).
	FindInsuranceSubsidies(ctx context.Context, upto string) ([]*shebao.InsuranceSubsidy, error)
	// SubsidyMonths reads the grant's contribution months from its start
	// to upto (at most its end): the payer's bill, the person's parts of
	// it and whether the month was reimbursed.
	SubsidyMonths(ctx context.Context, x *shebao.InsuranceSubsidy, upto string) ([]shebao.SubsidyMonth, error)
	// CreateSubsidyBenefits creates months' reimbursements (kind
	// insurance_subsidy only) and returns how many were new.
	CreateSubsidyBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error)
}

// subsidyPayload is the payload of a subsidy.grant approval: the grant as
// computed when applied for.
type subsidyPayload struct {
	Grant shebao.InsuranceSubsidy `json:"grant"`
}

// GrantResult is a submitted grant and the approval that waits for a
// second clerk.
type GrantResult struct {
	Grant    shebao.InsuranceSubsidy `json:"grant"`
	Approval *shebao.Approval        `json:"approval"`
}

// Grant computes a 社会保险补贴 grant and puts it into the approval queue
// (经办). See the comment at the top of this file for the rules.
func (s *Service) Grant(ctx context.Context, req shebao.InsuranceSubsidyRequest) (*GrantResult, error) {
	if err := s.beginPost(ctx, "subsidy.grant"); err != nil {
		return nil, err
	}
	if !slices.Contains(shebao.SubsidyKinds, req.Kind) {
		return nil, shebao.FieldErrorf("补贴类别", "补贴类别“%s”无效:应为%s之一", req.Kind, strings.Join(shebao.SubsidyKinds, "、"))
	}
	account, err := shebao.NormalizeBankAccount("收款账号", req.BankAccount)
	if err != nil {
		return nil, err
	}
	if account == "" {
		if req.Kind == shebao.SubsidyEmployer {
			return nil, shebao.FieldErrorf("收款账号", "须填写用人单位的收款账号(补贴按月拨付至该账户)")
		}
		return nil, shebao.FieldErrorf("收款账号", "须填写本人的收款账号(社保卡金融账户)")
	}
	var uscc string
	if req.Kind == shebao.SubsidyEmployer {
		u, err := idno.ParseUSCC(req.Employer)
		if err != nil {
			return nil, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
		}
		uscc = u.Code
	} else if strings.TrimSpace(req.Employer) != "" {
		return nil, shebao.FieldErrorf("统一社会信用代码", "灵活就业人员的社会保险补贴不填用人单位")
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *GrantResult
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		g, err := s.grant(ctx, set, req, uscc, account)
		if err != nil {
			return err
		}
		if n, err := s.store.PendingInsuranceSubsidies(ctx, g.IDNo); err != nil {
			return err
		} else if n > 0 {
			return shebao.Errorf(shebao.ECONFLICT, "%s已有待复核的社会保险补贴申请", g.Name)
		}
		payer := "本人(灵活就业)"
		if g.Kind == shebao.SubsidyEmployer {
			payer = g.EmployerName
		}
		summary := fmt.Sprintf("%s %s 社会保险补贴(%s,%s),%s至%s共%d个月,按实际缴费%s按月拨付",
			g.Name, idno.MaskID(g.IDNo), g.Kind, payer, g.Start, g.End, g.Months, shareText(g))
		ap, err := s.store.SubmitInsuranceSubsidy(ctx, g.Region, summary, subsidyPayload{Grant: *g})
		if err != nil {
			return err
		}
		out = &GrantResult{Grant: *g, Approval: ap}
		return nil
	})
	return out, err
}

func shareText(g *shebao.InsuranceSubsidy) string {
	if g.Kind == shebao.SubsidyEmployer {
		return "补贴单位缴费部分"
	}
	return "的" + g.Share.Percent() + "补贴"
}

// grant checks a request and computes its grant (inside the unit of work).
func (s *Service) grant(ctx context.Context, set *policy.Set, req shebao.InsuranceSubsidyRequest, uscc, account string) (*shebao.InsuranceSubsidy, error) {
	id, err := shebao.CanonicalIDNo(req.IDNo)
	if err != nil {
		return nil, err
	}
	g := &shebao.InsuranceSubsidy{IDNo: id, Kind: req.Kind, Employer: uscc, BankAccount: account, Share: shebao.RatePPM}
	var cert *shebao.HardshipCertification
	var start shebao.Period
	if req.Start != "" {
		if start, err = shebao.ParsePeriod(req.Start); err != nil {
			return nil, shebao.FieldErrorf("起始年月", "%s", shebao.ErrorMessage(err))
		}
	}
	var basis string
	switch req.Kind {
	case shebao.SubsidyEmployer:
		es, err := s.store.EmployersByUSCC(ctx, []string{uscc})
		if err != nil {
			return nil, err
		}
		emp := es[uscc]
		if emp == nil {
			return nil, shebao.FieldErrorf("统一社会信用代码", "用人单位%s未登记", uscc)
		}
		g.EmployerName = emp.Name
		hired, err := s.store.SubsidyHire(ctx, id, uscc)
		if err != nil {
			return nil, err
		}
		if hired == "" {
			return nil, shebao.FieldErrorf("统一社会信用代码", "%s未在%s参加职工社会保险并正常缴费", idno.MaskID(id), emp.Name)
		}
		if cert, err = s.store.HardshipOn(ctx, id, hired, hired); err != nil {
			return nil, err
		}
		if cert == nil {
			return nil, shebao.FieldErrorf("身份证号", "%s于%s参加%s职工社会保险时不是认定的就业困难人员(认定须在招用之前且当日有效)",
				idno.MaskID(id), hired, emp.Name)
		}
		hireMonth := shebao.Period(hired[:7])
		if start == "" {
			start = hireMonth
		}
		if start < hireMonth {
			return nil, shebao.FieldErrorf("起始年月", "补贴起始年月%s早于招用之月%s", start, hireMonth)
		}
		basis = fmt.Sprintf("%s于%s招用就业困难人员(%s认定,原因%s),参加职工社会保险", emp.Name, hired, cert.CertifiedOn, cert.Reason)
	case shebao.SubsidyFlex:
		if start == "" {
			start = shebao.Period(shebao.Today().Format("2006-01"))
		}
		last := start.First().AddDate(0, 1, -1).Format(shebao.DateLayout)
		if cert, err = s.store.HardshipOn(ctx, id, start.First().Format(shebao.DateLayout), last); err != nil {
			return nil, err
		}
		if cert == nil {
			return nil, shebao.FieldErrorf("身份证号", "%s在%s不是认定的就业困难人员", idno.MaskID(id), start)
		}
		ok, err := s.store.FlexBaseCovers(ctx, id, string(start))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, shebao.FieldErrorf("起始年月", "%s在%s没有登记灵活就业缴费基数(先办理灵活就业参保)", idno.MaskID(id), start)
		}
		if g.Share, _, err = set.Rate("labor.insurance_subsidy.flex_share", cert.Region, start.First()); err != nil {
			return nil, err
		}
		basis = fmt.Sprintf("就业困难人员(%s认定,原因%s)灵活就业参保缴费", cert.CertifiedOn, cert.Reason)
	}
	next := shebao.Period(shebao.Today().AddDate(0, 1, 0).Format("2006-01"))
	if start > next {
		return nil, shebao.FieldErrorf("起始年月", "补贴起始年月%s晚于下月%s", start, next)
	}
	// The person: living, in the jurisdiction, of working age in the
	// first month.
	p, w, err := s.person(ctx, set, id, start.First())
	if err != nil {
		return nil, err
	}
	g.Name, g.Region, g.Certification = p.Name, p.Region, cert.ID
	term, err := s.subsidyTerm(ctx, set, w, p, start)
	if err != nil {
		return nil, err
	}
	g.Start, g.End, g.Months = term.Start, term.End, term.Months
	if g.Kind == shebao.SubsidyEmployer {
		g.Explain = fmt.Sprintf("%s;按单位为其实际缴纳的基本养老、基本医疗和失业保险费(单位部分,不含个人缴费)按月补贴(《就业补助资金管理办法》第七条(一));%s",
			basis, term.Explain)
	} else {
		g.Explain = fmt.Sprintf("%s;按其实际缴费的%s补贴(labor.insurance_subsidy.flex_share,《就业补助资金管理办法》第七条(二)原则上不超过2/3);%s",
			basis, g.Share.Percent(), term.Explain)
	}
	return g, nil
}

// subsidyTerm is the term of a 社会保险补贴 (a grant or a 公益性岗位
// placement) of the person from the month: policy.PublicPostTerm over the
// months of the person's earlier placements and grants, none of which
// may run into the month.
func (s *Service) subsidyTerm(ctx context.Context, set *policy.Set, w policy.WorkingAge, p *shebao.Person, start shebao.Period) (policy.PostTerm, error) {
	var term policy.PostTerm
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return term, err
	}
	retire, err := w.RetireMonth(birth, p.Sex)
	if err != nil {
		return term, err
	}
	placements, err := s.store.PersonPlacements(ctx, p.IDNo)
	if err != nil {
		return term, err
	}
	grants, err := s.store.PersonInsuranceSubsidies(ctx, p.IDNo)
	if err != nil {
		return term, err
	}
	used := 0
	for _, b := range placements {
		if b.End >= string(start) {
			return term, shebao.FieldErrorf("起始年月", "%s在公益性岗位的补贴期至%s,与新的补贴期重叠", p.Name, b.End)
		}
		used += b.Months
	}
	for _, g := range grants {
		if g.End >= string(start) {
			return term, shebao.FieldErrorf("起始年月", "%s已享受社会保险补贴(%s)至%s,与新的补贴期重叠", p.Name, g.Kind, g.End)
		}
		used += g.Months
	}
	years, _, err := set.Int("labor.public_post.years", p.Region, start.First())
	if err != nil {
		return term, err
	}
	near, _, err := set.Int("labor.public_post.near_retirement_years", p.Region, start.First())
	if err != nil {
		return term, err
	}
	return policy.PublicPostTerm(string(start), retire, used, years, near)
}

// ExecuteGrant carries out an approved subsidy.grant (the approving clerk's
// transaction): the person must still have no overlapping placement or
// grant; the grant is recorded, to be reimbursed month by month.
func (s *Service) ExecuteGrant(ctx context.Context, payload []byte) (string, error) {
	var pl subsidyPayload
	if err := json.Unmarshal(payload, &pl); err != nil {
		return "", err
	}
	g := pl.Grant
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		placements, err := s.store.PersonPlacements(ctx, g.IDNo)
		if err != nil {
			return err
		}
		for _, b := range placements {
			if b.End >= g.Start {
				return shebao.Errorf(shebao.ECONFLICT, "%s已安置公益性岗位至%s,请驳回", g.Name, b.End)
			}
		}
		grants, err := s.store.PersonInsuranceSubsidies(ctx, g.IDNo)
		if err != nil {
			return err
		}
		for _, x := range grants {
			if x.End >= g.Start {
				return shebao.Errorf(shebao.ECONFLICT, "%s已享受社会保险补贴至%s,请驳回", g.Name, x.End)
			}
		}
		a, _ := shebao.ActorFrom(ctx)
		g.ApprovedBy = a.Name
		return s.store.InsertInsuranceSubsidy(ctx, &g)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已认定%s社会保险补贴(%s),%s至%s,按月核定实际缴费后随月度发放拨付", idno.MaskID(g.IDNo), g.Kind, g.Start, g.End), nil
}

// FindInsuranceSubsidies lists the grants of the jurisdiction.
func (s *Service) FindInsuranceSubsidies(ctx context.Context) ([]*shebao.InsuranceSubsidy, error) {
	if err := s.beginPost(ctx, "subsidy.list"); err != nil {
		return nil, err
	}
	return s.store.FindInsuranceSubsidies(ctx, "")
}

// Reimburse computes the month's 社会保险补贴 of every grant of the
// jurisdiction (see the comment at the top of this file): each
// contribution month of a grant's term up to the month, not reimbursed
// before, whose bill is paid in full becomes a one-off benefit of the
// month, paid by its payroll; the months left waiting are listed with
// their reason. Run again, it creates nothing new.
func (s *Service) Reimburse(ctx context.Context, month string) (*shebao.SubsidyReimbursement, error) {
	if err := s.beginPost(ctx, "subsidy.reimburse"); err != nil {
		return nil, err
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", month)
	}
	if next := shebao.Period(shebao.Today().AddDate(0, 1, 0).Format("2006-01")); m > next {
		return nil, shebao.FieldErrorf("月份", "月份%s晚于下月%s,不能预先核定", m, next)
	}
	var out *shebao.SubsidyReimbursement
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		res := &shebao.SubsidyReimbursement{Month: string(m)}
		grants, err := s.store.FindInsuranceSubsidies(ctx, string(m))
		if err != nil {
			return err
		}
		var bs []shebao.NewBenefit
		for _, g := range grants {
			upto := min(g.End, string(m))
			months, err := s.store.SubsidyMonths(ctx, g, upto)
			if err != nil {
				return err
			}
			for _, sm := range months {
				if sm.Refunded {
					continue
				}
				wait := func(why string) {
					res.Waiting = append(res.Waiting, fmt.Sprintf("%s %s:%s", g.Name, sm.Month, why))
				}
				switch {
				case !sm.Billed:
					wait("当月缴费尚未核定")
					continue
				case sm.Paid < sm.Due:
					wait(fmt.Sprintf("当月应缴%s元、已缴%s元,足额到账后补贴", sm.Due, sm.Paid))
					continue
				case len(sm.Parts) == 0:
					wait("单位当月缴费中没有本人")
					continue
				}
				amount, how := policy.InsuranceSubsidyMonth(g.Kind, g.Share, sm.Parts)
				if amount <= 0 {
					continue
				}
				payee := "本人账户"
				if g.Kind == shebao.SubsidyEmployer {
					payee = "用人单位“" + g.EmployerName + "”账户"
				}
				explain := fmt.Sprintf("%s社会保险补贴(%s,补贴期%s至%s):%s;%s核定,拨付至%s", sm.Month, g.Kind, g.Start, g.End, how, m, payee)
				bs = append(bs, shebao.NewBenefit{IDNo: g.IDNo, Kind: shebao.BenefitInsuranceSubsidy, StartMonth: string(m), EndMonth: string(m),
					Monthly: amount, BankAccount: g.BankAccount, Source: "subsidy:" + g.ID + ":" + sm.Month, Summary: "社会保险补贴",
					Explanation: explain, Detail: map[string]any{"grant": g.ID, "month": sm.Month, "kind": g.Kind, "employer": g.Employer}})
				res.Lines = append(res.Lines, shebao.SubsidyReimbursedLn{Grant: g.ID, IDNo: g.IDNo, Name: g.Name, Kind: g.Kind, Month: sm.Month,
					Amount: amount, Explain: explain})
				res.Total += amount
			}
		}
		if len(bs) > 0 {
			n, err := s.store.CreateSubsidyBenefits(ctx, bs)
			if err != nil {
				return err
			}
			if n != len(bs) {
				return shebao.Errorf(shebao.ECONFLICT, "有月份的社会保险补贴已由另一次核定生成,请重新核定")
			}
			res.Created = n
		}
		out = res
		return nil
	})
	return out, err
}
