package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 临时救助 (issue #18 item 5; 社会救助暂行办法 第四十七至五十条, 民发〔2018〕23号;
// docs/DOMAIN.md §9): a one-off payment by decision to a registered person
// (for the household) in sudden (急难型) or expenditure-driven (支出型)
// hardship. The district's civil-affairs clerk submits the decision — its
// number, the person, the kind, the amount, the reason and the account —
// and another civil-affairs clerk approves it (maker-checker, kind
// assist.temporary); approved, it is paid once by the next monthly payroll
// as a benefit of kind temporary_relief (5203 临时救助支出 of the 社会救助资金,
// shebao.AssistanceKinds), with its explanation. The amount may not exceed the cap of
// policy.ReliefCap (assist.temporary.max_months × the 低保 standard).
// The town's intake and the delegation of small amounts to the towns
// (委托乡镇审批) are not built: the application is made on paper and the
// decision here.

// ReliefStore is what 临时救助 needs of the storage.
type ReliefStore interface {
	// InsertRelief stores a submitted decision and submits it for
	// approval in the same transaction. The same number again with the
	// same content returns the stored one (created false); with another
	// content it is ECONFLICT.
	InsertRelief(ctx context.Context, r *shebao.Relief) (stored *shebao.Relief, created bool, err error)
	// Relief reads a decision in the actor's jurisdiction (not audited:
	// the approval is), or ENOTFOUND.
	Relief(ctx context.Context, no string) (*shebao.Relief, error)
	// ApproveRelief creates the decision's one-off benefit and marks it
	// approved, refusing a decision no longer waiting.
	ApproveRelief(ctx context.Context, no string, b shebao.NewBenefit) (*shebao.Relief, error)
	// FindReliefs lists the decisions in the actor's jurisdiction (an
	// audited list).
	FindReliefs(ctx context.Context, f shebao.ReliefFilter) ([]*shebao.Relief, int, error)
}

// reliefPayload is the payload of a 临时救助 approval.
type reliefPayload struct {
	No string `json:"no"`
}

// SubmitRelief checks a 临时救助 decision and submits it for approval.
func (s *Service) SubmitRelief(ctx context.Context, req shebao.ReliefRequest) (*shebao.Relief, bool, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, false, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return nil, false, shebao.Errorf(shebao.EFORBIDDEN, "临时救助由区民政部门决定,您的角色(%s)不能办理", a.RoleName())
	}
	no := strings.TrimSpace(req.No)
	if no == "" || utf8.RuneCountInString(no) > 40 {
		return nil, false, shebao.FieldErrorf("no", "请填写临时救助决定编号(不超过40个字)")
	}
	if strings.TrimSpace(req.Date) == "" {
		req.Date = shebao.Today().Format(shebao.DateLayout)
	}
	if _, err := shebao.ParseDate("date", req.Date); err != nil {
		return nil, false, err
	}
	if !slices.Contains(shebao.ReliefCategories, strings.TrimSpace(req.Category)) {
		return nil, false, shebao.FieldErrorf("category", "临时救助类型“%s”无效,应为%s", req.Category, strings.Join(shebao.ReliefCategories, "或"))
	}
	if req.Amount <= 0 {
		return nil, false, shebao.FieldErrorf("amount", "临时救助金额应大于0")
	}
	reason := strings.TrimSpace(req.Reason)
	if reason == "" {
		return nil, false, shebao.FieldErrorf("reason", "请填写救助事由")
	}
	bank, err := shebao.NormalizeBankAccount("bank_account", req.BankAccount)
	if err != nil {
		return nil, false, err
	}
	if bank == "" {
		return nil, false, shebao.FieldErrorf("bank_account", "请填写收款银行账号(临时救助金随月度发放拨付至该账户)")
	}
	idNo := idno.NormalizeID(req.IDNo)
	p, err := s.src.FindPerson(ctx, idNo)
	if err != nil {
		if c := shebao.ErrorCode(err); c == shebao.ENOTFOUND || c == shebao.EINVALID {
			return nil, false, shebao.FieldErrorf("id_no", "%s", shebao.ErrorMessage(err))
		}
		return nil, false, err
	}
	if p.Status != shebao.StatusAlive {
		return nil, false, shebao.FieldErrorf("id_no", "%s(%s)登记状态为%s,不能给予临时救助", p.Name, idno.MaskID(idNo), p.Status)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, false, err
	}
	limit, area, why, err := policy.ReliefCap(set, req.Date, p.Region, req.Area)
	if err != nil {
		return nil, false, err
	}
	if req.Amount > limit {
		return nil, false, shebao.FieldErrorf("amount", "临时救助金额%s元超过单次上限%s元(%s);超过上限的须一事一议", req.Amount, limit, why)
	}
	r := &shebao.Relief{No: no, IDNo: idNo, Name: p.Name, Region: p.Region, Area: area, Category: strings.TrimSpace(req.Category),
		Amount: req.Amount, Cap: limit, Reason: reason, Date: req.Date, BankAccount: bank, Status: shebao.ReliefSubmitted,
		SubmittedBy: a.Name}
	r.Explanation = fmt.Sprintf("临时救助(%s)决定%s:%s,%s元,一次性发放至本人账户;%s", r.Category, no, reason, r.Amount, why)
	return s.store.InsertRelief(ctx, r)
}

// ExecuteRelief is the executor of an approved 临时救助 decision: its one-off
// benefit is created for this month's payroll.
func (s *Service) ExecuteRelief(ctx context.Context, payload []byte) (string, error) {
	var pl reliefPayload
	if err := json.Unmarshal(payload, &pl); err != nil {
		return "", err
	}
	r, err := s.store.Relief(ctx, pl.No)
	if err != nil {
		return "", err
	}
	month := shebao.Today().Format("2006-01")
	b := shebao.NewBenefit{IDNo: r.IDNo, Kind: shebao.BenefitTemporaryRelief, StartMonth: month, EndMonth: month, Monthly: r.Amount,
		BankAccount: r.BankAccount, Source: "assist:relief:" + r.No, Summary: "临时救助金",
		Explanation: r.Explanation + ";经区民政部门批准,随" + month + "月度发放拨付",
		Detail:      map[string]any{"relief": r.No, "category": r.Category}}
	if r, err = s.store.ApproveRelief(ctx, r.No, b); err != nil {
		return "", err
	}
	return fmt.Sprintf("临时救助%s已批准:%s %s元,随%s月度发放拨付", r.No, r.Name, r.Amount, r.Month), nil
}

// FindReliefs lists the 临时救助 decisions in the actor's jurisdiction.
func (s *Service) FindReliefs(ctx context.Context, f shebao.ReliefFilter) ([]*shebao.Relief, int, error) {
	for _, d := range []struct{ field, v string }{{"from", f.From}, {"to", f.To}} {
		if d.v != "" {
			if _, err := shebao.ParseDate(d.field, d.v); err != nil {
				return nil, 0, err
			}
		}
	}
	return s.store.FindReliefs(ctx, f)
}
