package assist

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 低保 cases (最低生活保障审核确认办法, 民发〔2021〕57号; docs/DOMAIN.md §9):
// application (the household, or a village assistant for it) → 入户调查 by
// the town with the information check against the registry → 公示 in the
// village for assist.dibao.publicity_days days, objections recorded →
// submitted to the district's civil-affairs bureau and decided by a second
// clerk there (maker-checker) → 已批准 from the month of the decision.
// The decision creates the household's monthly 低保 benefit, paid by the
// monthly payroll to the applicant's account from the month of the
// decision (payment.go); a stop ends it; periodic reviews lead to 增发,
// 减发, 渐退 or 停发 (review.go).

// CaseStore is what the cases need of the storage.
type CaseStore interface {
	InsertAssistCase(ctx context.Context, c *shebao.AssistCase) error
	AssistCase(ctx context.Context, id string) (*shebao.AssistCase, error)
	FindAssistCase(ctx context.Context, id string) (*shebao.AssistCase, error)
	UpdateAssistCase(ctx context.Context, action string, old, c *shebao.AssistCase, approvalKind, summary string) error
	FindAssistCases(ctx context.Context, f shebao.AssistCaseFilter) ([]*shebao.AssistCase, int, error)
	AssistCasesOf(ctx context.Context, idNo string) ([]*shebao.AssistCase, error)
	// AssistCaseByApplication is the case imported with the application
	// number in the region, or nil (import.go).
	AssistCaseByApplication(ctx context.Context, region, no string) (*shebao.AssistCase, error)
}

// Relations are the relationships of a household's members to the
// applicant (共同生活家庭成员, 民发〔2021〕57号 第八条).
var Relations = []string{"本人", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "外祖父母", "孙子女", "外孙子女", "其他"}

// Apply records an application: every member must be a registered, living
// person (the quote with the registry check is computed and kept), the
// first member is the applicant (本人), and no member may be in another
// open case. The case waits for the town's investigation.
func (s *Service) Apply(ctx context.Context, req shebao.AssistApplyRequest) (*shebao.AssistCase, error) {
	if err := writer(ctx); err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Date) == "" {
		req.Date = shebao.Today().Format(shebao.DateLayout)
	}
	if _, err := shebao.ParseDate("date", req.Date); err != nil {
		return nil, err
	}
	if len(req.Members) == 0 {
		return nil, shebao.FieldErrorf("members", "至少应有一名家庭成员")
	}
	for i := range req.Members {
		m := &req.Members[i]
		m.Relation = strings.TrimSpace(m.Relation)
		if i == 0 && m.Relation == "" {
			m.Relation = "本人"
		}
		if !slices.Contains(Relations, m.Relation) {
			return nil, shebao.FieldErrorf(fmt.Sprintf("members[%d].relation", i), "第%d位成员与申请人的关系“%s”无效,应为%s之一", i+1, m.Relation, strings.Join(Relations, "、"))
		}
		if (i == 0) != (m.Relation == "本人") {
			return nil, shebao.FieldErrorf(fmt.Sprintf("members[%d].relation", i), "第1位成员为申请人本人,其他成员不能为“本人”")
		}
		m.IDNo = idno.NormalizeID(m.IDNo)
	}
	bank, err := shebao.NormalizeBankAccount("bank_account", req.BankAccount)
	if err != nil {
		return nil, err
	}
	c := &shebao.AssistCase{ID: newCaseID(), Region: req.Region, Status: shebao.CaseApplied, AppliedOn: req.Date,
		Members: req.Members, BankAccount: bank, Version: 1, ApplicationNo: strings.TrimSpace(req.ApplicationNo)}
	if a, ok := shebao.ActorFrom(ctx); ok {
		c.AppliedBy = a.Name
	}
	q, err := s.caseQuote(ctx, c, req.Date, req.Area)
	if err != nil {
		return nil, err
	}
	c.Region, c.Area = q.Region, q.Area
	if err := s.cases().InsertAssistCase(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Investigate records the town's home visit on a case waiting for it: the
// quote is computed again on the visit's date with the registry check; a
// household whose income is not below the standard, or whose assets exceed
// the limits, is refused (不予保障) with the reason, else it waits to be
// published. A village assistant cannot investigate.
func (s *Service) Investigate(ctx context.Context, id string, inv shebao.AssistInvestigation) (*shebao.AssistCase, error) {
	a, err := townOrDistrict(ctx, "入户调查")
	if err != nil {
		return nil, err
	}
	if _, err := shebao.ParseDate("date", inv.Date); err != nil {
		return nil, err
	}
	if strings.TrimSpace(inv.Assets) == "" {
		return nil, shebao.FieldErrorf("assets", "请填写家庭财产(车辆、存款、房产等)的申报与核查情况")
	}
	old, c, err := s.load(ctx, id, shebao.CaseApplied)
	if err != nil {
		return nil, err
	}
	inv.By = a.Name
	c.Investigation = &inv
	q, err := s.caseQuote(ctx, c, inv.Date, c.Area)
	if err != nil {
		return nil, err
	}
	switch {
	case !q.Eligible:
		c.Status, c.Reason = shebao.CaseRefused, q.Reason
	case !inv.AssetsOK:
		c.Status, c.Reason = shebao.CaseRefused, "家庭财产状况超出规定:"+inv.Assets
	default:
		c.Status, c.Reason = shebao.CaseInvestigated, ""
	}
	return c, s.cases().UpdateAssistCase(ctx, "assistance.investigate", old, c, "", "")
}

// Publish starts the publication (公示) of an investigated case in the
// village on the date; it lasts assist.dibao.publicity_days days.
func (s *Service) Publish(ctx context.Context, id, from string) (*shebao.AssistCase, error) {
	if err := writer(ctx); err != nil {
		return nil, err
	}
	d, err := shebao.ParseDate("from", from)
	if err != nil {
		return nil, err
	}
	old, c, err := s.load(ctx, id, shebao.CaseInvestigated)
	if err != nil {
		return nil, err
	}
	if from < c.Investigation.Date {
		return nil, shebao.FieldErrorf("from", "公示开始日期%s早于入户调查日期%s", from, c.Investigation.Date)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	days, _, err := set.Int("assist.dibao.publicity_days", c.Region, d)
	if err != nil {
		return nil, err
	}
	if days < 1 {
		return nil, shebao.Errorf(shebao.EINVALID, "政策参数assist.dibao.publicity_days应至少为1天")
	}
	c.Status, c.PublishFrom, c.PublishTo = shebao.CasePublished, from, d.AddDate(0, 0, days-1).Format(shebao.DateLayout)
	return c, s.cases().UpdateAssistCase(ctx, "assistance.publish", old, c, "", "")
}

// Object records an objection raised during the publication.
func (s *Service) Object(ctx context.Context, id, date, note string) (*shebao.AssistCase, error) {
	if err := writer(ctx); err != nil {
		return nil, err
	}
	if _, err := shebao.ParseDate("date", date); err != nil {
		return nil, err
	}
	if strings.TrimSpace(note) == "" {
		return nil, shebao.FieldErrorf("note", "请填写异议内容")
	}
	old, c, err := s.load(ctx, id, shebao.CasePublished)
	if err != nil {
		return nil, err
	}
	if date < c.PublishFrom || date > c.PublishTo {
		return nil, shebao.FieldErrorf("date", "异议日期%s不在公示期%s至%s内", date, c.PublishFrom, c.PublishTo)
	}
	a, _ := shebao.ActorFrom(ctx)
	c.Objections = append(c.Objections, shebao.AssistObjection{Date: date, By: a.Name, Note: strings.TrimSpace(note)})
	return c, s.cases().UpdateAssistCase(ctx, "assistance.object", old, c, "", "")
}

// Submit puts a published case whose publication is over before the date
// to the district's decision (经办): the approval names the objections, if
// any, for the checker to weigh. Only the civil-affairs line may. A case
// whose decision was sent back (退回) is submitted again the same way: the
// earlier approval names an older version of the case, so it can no longer
// be executed. The applicant's bank account, which the monthly 低保 is
// paid to, is given here when the application had none (bank, or "" to
// keep the one given); a case without one is not submitted.
func (s *Service) Submit(ctx context.Context, id, date, bank string) (*shebao.AssistCase, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权提请低保审批(由区民政部门办理)", a.RoleName())
	}
	if _, err := shebao.ParseDate("date", date); err != nil {
		return nil, err
	}
	bank, err := shebao.NormalizeBankAccount("bank_account", bank)
	if err != nil {
		return nil, err
	}
	old, c, err := s.load(ctx, id, shebao.CasePublished, shebao.CaseSubmitted, shebao.CaseReviewed, shebao.CaseChangeSubmitted)
	if err != nil {
		return nil, err
	}
	if c.Status == shebao.CaseReviewed || c.Status == shebao.CaseChangeSubmitted {
		// A change found by a periodic review (review.go).
		if r := c.Reviews[len(c.Reviews)-1]; date < r.Date {
			return nil, shebao.FieldErrorf("date", "提请日期%s早于核查日期%s", date, r.Date)
		}
		return s.submitChange(ctx, old, c)
	}
	if date <= c.PublishTo {
		return nil, shebao.FieldErrorf("date", "公示期至%s,期满后方可提请审批", c.PublishTo)
	}
	if bank != "" {
		c.BankAccount = bank
	}
	if c.BankAccount == "" {
		return nil, shebao.FieldErrorf("bank_account", "请填写申请人%s的收款银行账号(低保金按月发放至该账户)", c.Members[0].Name)
	}
	c.Status = shebao.CaseSubmitted
	summary := fmt.Sprintf("低保%s:%s等%d人,%s,月保障金%s元", c.ID, c.Members[0].Name, len(c.Members), c.Region, c.Quote.Monthly)
	if n := len(c.Objections); n > 0 {
		summary += fmt.Sprintf(";公示期间异议%d件", n)
	}
	return c, s.cases().UpdateAssistCase(ctx, "assistance.submit", old, c, shebao.ApproveDibao, summary)
}

// ExecuteDecision is the executor of an approved 低保 decision (复核): the
// case, unchanged since it was submitted, is approved from the month of
// the decision at the amount of its last quote, and its monthly benefit is
// created for the payroll (paid to the applicant for the household).
func (s *Service) ExecuteDecision(ctx context.Context, payload []byte) (string, error) {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return "", err
	}
	old, c, err := s.load(ctx, d.CaseID, shebao.CaseSubmitted)
	if err != nil {
		return "", err
	}
	if old.Version != d.Version {
		return "", shebao.Errorf(shebao.ECONFLICT, "低保案件%s在提请审批后已有变化,请重新提请", d.CaseID)
	}
	today := shebao.Today()
	c.Status, c.DecidedOn, c.StartMonth, c.Monthly = shebao.CaseApproved, today.Format(shebao.DateLayout), today.Format("2006-01"), c.Quote.Monthly
	if c.BankAccount == "" {
		return "", shebao.Errorf(shebao.ECONFLICT, "低保案件%s没有收款账号,请退回后补充账号再提请", c.ID)
	}
	if c.BenefitID, err = s.store.CreateAssistBenefit(ctx, dibaoBenefit(c)); err != nil {
		return "", err
	}
	// The first periodic review (review.go) is due review_months after
	// the decision; a policy without the parameter leaves it due at once.
	if set, err := s.store.PolicySet(ctx); err != nil {
		return "", err
	} else if months, _, err := set.Int("assist.dibao.review_months", c.Region, today); err == nil && months > 0 {
		c.NextReview = addMonths(today, months).Format(shebao.DateLayout)
	}
	if err := s.cases().UpdateAssistCase(ctx, "assistance.decide", old, c, "", ""); err != nil {
		return "", err
	}
	// The flag follows the decision (issue #18 item 6): each member is
	// flagged 低保 with the person's history naming the case, so that the
	// residents' pension subsidy and the 390 contribution follow it. The
	// flag is derived, not typed: the system writes it (in the approving
	// transaction), since a civil-affairs clerk does not edit the registry.
	if err := s.setFlag(ctx, c, true, fmt.Sprintf("低保案件%s批准(自%s起)", c.ID, c.StartMonth)); err != nil {
		return "", err
	}
	return fmt.Sprintf("低保%s已批准:自%s起每月%s元", c.ID, c.StartMonth, c.Monthly), nil
}

// FindCase reads a case (an audited read).
func (s *Service) FindCase(ctx context.Context, id string) (*shebao.AssistCase, error) {
	return s.cases().FindAssistCase(ctx, id)
}

// caseQuote computes the case's quote with the registry check on the date
// and keeps it on the case, with the members' names.
func (s *Service) caseQuote(ctx context.Context, c *shebao.AssistCase, date, area string) (*shebao.AssistQuote, error) {
	req := shebao.AssistQuoteRequest{Region: c.Region, Date: date, Area: area, Registry: true}
	for _, m := range c.Members {
		req.Members = append(req.Members, m.AssistMember)
	}
	q, err := s.Quote(ctx, req)
	if err != nil {
		return nil, err
	}
	for i := range c.Members {
		c.Members[i].Name = q.Checks[i].Name
	}
	c.Quote, c.Monthly = q, q.Monthly
	return q, nil
}

// load reads a case for a change and checks its status is one of those
// given.
func (s *Service) load(ctx context.Context, id string, statuses ...string) (old, c *shebao.AssistCase, err error) {
	old, err = s.cases().AssistCase(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !slices.Contains(statuses, old.Status) {
		return nil, nil, shebao.Errorf(shebao.ECONFLICT, "低保案件%s当前为%s,不能办理(应为%s)", id, old.Status, strings.Join(statuses, "或"))
	}
	b, _ := json.Marshal(old)
	c = &shebao.AssistCase{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, nil, err
	}
	return old, c, nil
}

// cases is the store of the cases.
func (s *Service) cases() CaseStore { return s.store }

// writer checks that the actor writes assistance.
func writer(ctx context.Context) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistance)) {
		return shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权修改%s", a.RoleName(), shebao.EntityName(shebao.EntityAssistance))
	}
	return nil
}

// townOrDistrict checks that the actor writes assistance and is not a
// village assistant: towns investigate (and the district may).
func townOrDistrict(ctx context.Context, what string) (shebao.Actor, error) {
	if err := writer(ctx); err != nil {
		return shebao.Actor{}, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if shebao.RoleOf(a).ID == shebao.RoleVillage {
		return a, shebao.Errorf(shebao.EFORBIDDEN, "%s由乡镇(街道)办理,村协管员不能办理", what)
	}
	return a, nil
}

// newCaseID is a case number: DB + the date + 16 random hex digits. Six
// digits (24 bits) collided: gen's district of 1,000,000 persons applies
// for tens of thousands of cases on one day, where a duplicate number
// among n is near certain once n² passes 2²⁴ (a batch import of 2,000
// applications in one day already had an 11% chance); with 64 bits even a
// million cases a day collide with a chance of 3 in 100 million.
func newCaseID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "DB" + shebao.Today().Format("20060102") + strings.ToUpper(hex.EncodeToString(b[:]))
}

// FindCases lists the cases in the actor's jurisdiction (an audited list).
func (s *Service) FindCases(ctx context.Context, f shebao.AssistCaseFilter) ([]*shebao.AssistCase, int, error) {
	if f.ReviewDue != "" {
		if _, err := shebao.ParseDate("review_due", f.ReviewDue); err != nil {
			return nil, 0, err
		}
	}
	return s.cases().FindAssistCases(ctx, f)
}

// CasesOf lists the cases the person is a member of (an audited list; a
// citizen's own household's decisions).
func (s *Service) CasesOf(ctx context.Context, idNo string) ([]*shebao.AssistCase, error) {
	return s.cases().AssistCasesOf(ctx, idno.NormalizeID(idNo))
}
