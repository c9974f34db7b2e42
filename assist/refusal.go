package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// The district's refusal of a 低保 application (不予保障; issue #18 item 2,
// docs/DOMAIN.md §9): 最低生活保障审核确认办法 第二十二条 has the county's
// civil-affairs bureau decide, and 不予批准的, 应当书面告知申请人并说明理由.
// A refusal is final: the case is closed as 不予保障 with the reason (shown
// to the household on its page), its members are released, and the
// household may apply again with a new case. It comes three ways:
//
//   - the town's investigation finds the income or the assets above the
//     limits (cases.go, Investigate);
//   - the civil-affairs line refuses the application before it is
//     submitted (Refuse, below);
//   - the second clerk rejects the decision in the 复核 queue (退回 of an
//     assist.dibao approval, RejectDecision): the checker's rejection is the
//     district's decision not to approve, so it closes the case rather than
//     leaving it waiting for a new submission.
//
// A rejected change after a periodic review (assist.dibao.change) is not a
// refusal of assistance: the case goes back to 已批准 at the amount it had
// (RejectChange), with the checker's reason on the review.

// refusable are the statuses the civil-affairs line may refuse from: an
// application not yet decided nor submitted (a submitted one is refused by
// the checker in the 复核 queue).
var refusable = []string{shebao.CaseApplied, shebao.CaseInvestigated, shebao.CasePublished}

// Refuse closes an application not yet submitted as 不予保障 on the date,
// with the reason told to the household. Only the civil-affairs line may.
func (s *Service) Refuse(ctx context.Context, id, date, reason string) (*shebao.AssistCase, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权作出不予保障决定(由区民政部门办理)", a.RoleName())
	}
	if _, err := shebao.ParseDate("date", date); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, shebao.FieldErrorf("reason", "请填写不予保障的理由(将告知申请家庭)")
	}
	old, c, err := s.load(ctx, id, refusable...)
	if err != nil {
		return nil, err
	}
	if date < c.AppliedOn {
		return nil, shebao.FieldErrorf("date", "决定日期%s早于申请日期%s", date, c.AppliedOn)
	}
	c.Status, c.DecidedOn, c.Reason = shebao.CaseRefused, date, "区民政部门决定不予保障:"+reason
	return c, s.cases().UpdateAssistCase(ctx, "assistance.refuse", old, c, "", "")
}

// RejectDecision is the rejecter of an assist.dibao approval: the case the
// maker submitted is closed as 不予保障 with the checker's reason. An
// approval of an older version of the case (submitted again since, or
// closed otherwise) changes nothing.
func (s *Service) RejectDecision(ctx context.Context, payload []byte, note string) error {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return err
	}
	old, err := s.cases().AssistCase(ctx, d.CaseID)
	if err != nil {
		return err
	}
	if old.Status != shebao.CaseSubmitted || old.Version != d.Version {
		return nil
	}
	_, c, err := s.load(ctx, d.CaseID, shebao.CaseSubmitted)
	if err != nil {
		return err
	}
	c.Status, c.DecidedOn = shebao.CaseRefused, shebao.Today().Format(shebao.DateLayout)
	c.Reason = "区民政部门审批不予批准:" + strings.TrimSpace(note)
	return s.cases().UpdateAssistCase(ctx, "assistance.refuse", old, c, "", "")
}

// RejectChange is the rejecter of an assist.dibao.change approval: the
// case goes back to 已批准 at the amount decided before, and the review
// keeps the checker's reason; members who joined or left at the review go
// back to those of the decision in force.
func (s *Service) RejectChange(ctx context.Context, payload []byte, note string) error {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return err
	}
	old, err := s.cases().AssistCase(ctx, d.CaseID)
	if err != nil {
		return err
	}
	if old.Status != shebao.CaseChangeSubmitted || old.Version != d.Version {
		return nil
	}
	_, c, err := s.load(ctx, d.CaseID, shebao.CaseChangeSubmitted)
	if err != nil {
		return err
	}
	r := &c.Reviews[len(c.Reviews)-1]
	r.Rejected = strings.TrimSpace(note)
	r.DecidedOn = shebao.Today().Format(shebao.DateLayout)
	c.Status = shebao.CaseApproved
	restoreMembers(c, r) // members.go
	c.Reason = fmt.Sprintf("定期核查(%s)拟%s未获批准:%s", r.Date, r.Outcome, r.Rejected)
	return s.cases().UpdateAssistCase(ctx, "assistance.change_rejected", old, c, "", "")
}
