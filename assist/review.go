package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The dynamic management of an approved 低保 case (动态管理; issue #18 item
// 2; docs/DOMAIN.md §9): the town reviews the household periodically
// (定期核查, every assist.dibao.review_months months: 民发〔2021〕57号 has
// the households whose income may change reviewed every half year, the
// others yearly — a district keeping one period sets the shorter); the
// quote is computed again on the day with the registry check, and the
// review leads to one of the outcomes of 社会救助暂行办法 第十三条:
//
//   - 维持: still eligible at the same amount; only the next review's day
//     moves;
//   - 增发 / 减发: still eligible at another amount;
//   - 渐退: no longer eligible because a member found work or started a
//     business (the town says so: AssistReviewRequest.Work) — the
//     household keeps the amount it had for assist.dibao.taper_months
//     months, then the payment ends by itself (a period of 0 means no 渐退:
//     the case is stopped);
//   - 停发: no longer eligible otherwise, or assets beyond the limits.
//
// A change is the district's decision (第十三条: 县级人民政府民政部门作出决定):
// the civil-affairs line submits it (assist submit, as a first decision)
// and a second civil-affairs clerk approves it (assist.dibao.change). It
// takes effect from the month after the day it is approved (次月起; the
// month being paid is not changed behind the payroll); an amount from a
// month already in a payroll is refused by the store, and a 停发 from such
// a month recovers what was paid (as a late stop, payment.go).

// Review records the town's periodic review of an approved case on the
// date. A review that changes nothing keeps the case 已批准 with its next
// review's day; a change leaves it 复核待决定 for the district.
func (s *Service) Review(ctx context.Context, id string, req shebao.AssistReviewRequest) (*shebao.AssistCase, error) {
	a, err := townOrDistrict(ctx, "低保定期核查")
	if err != nil {
		return nil, err
	}
	day, err := shebao.ParseDate("date", req.Date)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Assets) == "" {
		return nil, shebao.FieldErrorf("assets", "请填写家庭财产(车辆、存款、房产等)的核查情况")
	}
	old, c, err := s.load(ctx, id, shebao.CaseApproved)
	if err != nil {
		return nil, err
	}
	if req.Date < c.DecidedOn {
		return nil, shebao.FieldErrorf("date", "核查日期%s早于低保批准日期%s", req.Date, c.DecidedOn)
	}
	before := slices.Clone(c.Members)
	changes, err := applyMemberChanges(c, req.Join, req.Leave) // members.go
	if err != nil {
		return nil, err
	}
	if len(req.Members) > 0 {
		if err := reviewMembers(c, req.Members); err != nil {
			return nil, err
		}
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	months, _, err := set.Int("assist.dibao.review_months", c.Region, day)
	if err != nil {
		return nil, err
	}
	taper, _, err := set.Int("assist.dibao.taper_months", c.Region, day)
	if err != nil {
		return nil, err
	}
	if months < 1 || taper < 0 {
		return nil, shebao.Errorf(shebao.EINVALID, "政策参数assist.dibao.review_months应至少为1个月,assist.dibao.taper_months不能为负")
	}
	decided := c.Monthly
	q, err := s.caseQuote(ctx, c, req.Date, c.Area)
	if err != nil {
		return nil, err
	}
	c.Monthly = decided // the amount paid changes only by the decision
	r := shebao.AssistReview{Date: req.Date, By: a.Name, AssetsOK: req.AssetsOK, Assets: strings.TrimSpace(req.Assets),
		Work: req.Work, Note: strings.TrimSpace(req.Note), Quote: q}
	r.Outcome, r.Monthly, r.Reason = ReviewOutcome(q, req.AssetsOK, req.Work, decided, taper)
	if changes != nil {
		nameChanges(c, changes)
		r.Changes, r.Before = changes, before
		var said []string
		for _, ch := range changes {
			said = append(said, fmt.Sprintf("%s%s(%s,%s)", ch.Name, ch.Change, ch.Relation, ch.Reason))
		}
		r.Reason = fmt.Sprintf("家庭成员变化:%s,共%d人;%s", strings.Join(said, "、"), len(c.Members), r.Reason)
	}
	c.Reviews = append(c.Reviews, r)
	c.NextReview = addMonths(day, months).Format(shebao.DateLayout)
	if r.Outcome != shebao.ReviewKeep || changes != nil {
		c.Status = shebao.CaseReviewed
	}
	return c, s.cases().UpdateAssistCase(ctx, "assistance.review", old, c, "", "")
}

// ReviewOutcome is the rule of a review (pure): what the quote on the day,
// the assets' verdict and the town's finding of work income lead to, the
// amount after it and the reason in Chinese. decided is the amount paid
// now; taper the months of 渐退 in policy.
func ReviewOutcome(q *shebao.AssistQuote, assetsOK, work bool, decided shebao.Money, taper int) (outcome string, monthly shebao.Money, reason string) {
	switch {
	case !assetsOK:
		return shebao.ReviewStop, 0, "家庭财产状况超出规定,停发低保金"
	case !q.Eligible && work && taper > 0:
		return shebao.ReviewTaper, decided, fmt.Sprintf("%s;因家庭成员就业增收,给予渐退期%d个月,期间按原标准每月%s元发放,期满停发", q.Reason, taper, decided)
	case !q.Eligible:
		return shebao.ReviewStop, 0, q.Reason + ";停发低保金"
	case q.Monthly > decided:
		return shebao.ReviewIncrease, q.Monthly, fmt.Sprintf("月保障金由%s元增至%s元(%s)", decided, q.Monthly, q.Reason)
	case q.Monthly < decided:
		return shebao.ReviewDecrease, q.Monthly, fmt.Sprintf("月保障金由%s元减至%s元(%s)", decided, q.Monthly, q.Reason)
	}
	return shebao.ReviewKeep, decided, fmt.Sprintf("仍符合条件,月保障金%s元不变", decided)
}

// reviewMembers sets the incomes and categories found at the review: the
// members given must be exactly the case's, after the joins and leaves
// (members.go).
func reviewMembers(c *shebao.AssistCase, found []shebao.AssistMember) error {
	if len(found) != len(c.Members) {
		return shebao.FieldErrorf("members", "核查时应填写全部%d位家庭成员(成员变化后)的收入", len(c.Members))
	}
	for i, f := range found {
		n := idno.NormalizeID(f.IDNo)
		j := slices.IndexFunc(c.Members, func(m shebao.AssistCaseMember) bool { return m.IDNo == n })
		if j < 0 {
			return shebao.FieldErrorf(fmt.Sprintf("members[%d].id_no", i), "%s不是低保案件%s的家庭成员;成员加入的请填写加入成员(join)", idno.MaskID(n), c.ID)
		}
		f.IDNo = n
		c.Members[j].AssistMember = f
	}
	return nil
}

// submitChange puts the change found by the last review to the district's
// decision (the civil-affairs line; assist submit).
func (s *Service) submitChange(ctx context.Context, old, c *shebao.AssistCase) (*shebao.AssistCase, error) {
	r := c.Reviews[len(c.Reviews)-1]
	c.Status = shebao.CaseChangeSubmitted
	summary := fmt.Sprintf("低保%s:%s等%d人,%s,定期核查(%s)拟%s:%s", c.ID, c.Members[0].Name, len(c.Members), c.Region, r.Date, r.Outcome, r.Reason)
	return c, s.cases().UpdateAssistCase(ctx, "assistance.submit", old, c, shebao.ApproveDibaoChange, summary)
}

// ExecuteChange is the executor of an approved change (assist.dibao.change):
// from the month after today the benefit is paid at the new amount (增发,
// 减发), or ends after the 渐退期 or at once (停发) and the members lose the
// 低保 flag.
func (s *Service) ExecuteChange(ctx context.Context, payload []byte) (string, error) {
	var d shebao.AssistDecision
	if err := json.Unmarshal(payload, &d); err != nil {
		return "", err
	}
	old, c, err := s.load(ctx, d.CaseID, shebao.CaseChangeSubmitted)
	if err != nil {
		return "", err
	}
	if old.Version != d.Version {
		return "", shebao.Errorf(shebao.ECONFLICT, "低保案件%s在提请审批后已有变化,请重新提请", d.CaseID)
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return "", err
	}
	today := shebao.Today()
	from := shebao.Period(addMonths(today, 1).Format("2006-01"))
	r := &c.Reviews[len(c.Reviews)-1]
	r.DecidedOn, r.FromMonth = today.Format(shebao.DateLayout), string(from)
	var done string
	switch r.Outcome {
	case shebao.ReviewIncrease, shebao.ReviewDecrease:
		explain := fmt.Sprintf("低保案件%s定期核查(%s)后经区民政部门决定%s:自%s起每月%s元;%s", c.ID, r.Date, r.Outcome, from, r.Monthly, r.Quote.Explain)
		if err := s.store.ChangeAssistBenefitAmount(ctx, c.BenefitID, shebao.BenefitAmount{FromMonth: string(from), Monthly: r.Monthly,
			Explanation: explain, Source: "assist:" + c.ID + ":review:" + r.Date}); err != nil {
			return "", err
		}
		c.Status, c.Monthly = shebao.CaseApproved, r.Monthly
		done = fmt.Sprintf("低保%s%s:自%s起每月%s元", c.ID, r.Outcome, from, r.Monthly)
		if err := s.flagChanges(ctx, c, r, from, true); err != nil {
			return "", err
		}
	case shebao.ReviewKeep:
		if len(r.Changes) == 0 {
			return "", shebao.Errorf(shebao.ECONFLICT, "低保案件%s的核查结论为%s,无需审批", c.ID, r.Outcome)
		}
		// Members changed, the amount did not: only the flags follow.
		c.Status = shebao.CaseApproved
		done = fmt.Sprintf("低保%s家庭成员变化:自%s起%d人,每月%s元不变", c.ID, from, len(c.Members), c.Monthly)
		if err := s.flagChanges(ctx, c, r, from, true); err != nil {
			return "", err
		}
	case shebao.ReviewTaper, shebao.ReviewStop:
		taper := 0
		if r.Outcome == shebao.ReviewTaper {
			// The period in force on the day of the decision.
			if taper, _, err = set.Int("assist.dibao.taper_months", c.Region, today); err != nil {
				return "", err
			}
		}
		stop := shebao.Period(addMonths(from.First(), taper).Format("2006-01"))
		why := fmt.Sprintf("低保案件%s定期核查(%s)后%s:%s", c.ID, r.Date, r.Outcome, r.Reason)
		st, err := s.store.StopAssistBenefit(ctx, c.BenefitID, shebao.BenefitChange{Action: shebao.BenefitStop, Month: string(stop), Reason: why})
		if err != nil {
			return "", err
		}
		c.Recover, c.RecoverMonths = st.Amount, st.Overpaid
		c.StopMonth, c.StopReason, c.EndMonth = string(stop), r.Reason, string(stop.Prev())
		if taper > 0 {
			c.Status, r.TaperTo = shebao.CaseTapering, c.EndMonth
			done = fmt.Sprintf("低保%s渐退:%s至%s按原标准每月%s元发放,期满停发", c.ID, from, c.EndMonth, c.Monthly)
		} else {
			c.Status = shebao.CaseStopped
			done = fmt.Sprintf("低保%s停发:自%s起停发,低保金发放至%s", c.ID, stop, c.EndMonth)
		}
		if err := s.setFlag(ctx, c, false, fmt.Sprintf("低保案件%s%s(自%s起不再享受低保):%s", c.ID, r.Outcome, from, r.Reason)); err != nil {
			return "", err
		}
		if err := s.flagChanges(ctx, c, r, from, false); err != nil {
			return "", err
		}
	default:
		return "", shebao.Errorf(shebao.ECONFLICT, "低保案件%s的核查结论为%s,无需审批", c.ID, r.Outcome)
	}
	if err := s.cases().UpdateAssistCase(ctx, "assistance.change", old, c, "", ""); err != nil {
		return "", err
	}
	return done, nil
}

// setFlag gives (on) or removes the 低保 flag of the case's members,
// written by the system with the reason in each person's history: the flag
// follows the assistance records (issue #18 item 6), since a civil-affairs
// clerk does not edit the registry. A member already as wanted is left.
func (s *Service) setFlag(ctx context.Context, c *shebao.AssistCase, on bool, why string) error {
	for _, mem := range c.Members {
		if err := s.flagPerson(ctx, mem.IDNo, shebao.FlagDibao, "assist:"+c.ID, on, why); err != nil {
			return fmt.Errorf("%s %s: %w", mem.Name, idno.MaskID(mem.IDNo), err)
		}
	}
	return nil
}

// flagPerson gives (on) or removes one assistance flag of a person (低保,
// or 五保 for 特困), written by the system with the reason in the person's
// history and the case as the source; a person already as wanted is left.
func (s *Service) flagPerson(ctx context.Context, idNo, flag, source string, on bool, why string) error {
	sys := shebao.WithActor(ctx, shebao.SystemActor)
	p, err := s.src.FindPerson(sys, idNo)
	if err != nil {
		return err
	}
	if slices.Contains(p.Flags, flag) == on {
		return nil
	}
	np := *p
	np.Flags = slices.DeleteFunc(slices.Clone(p.Flags), func(f string) bool { return f == flag })
	if on {
		np.Flags = append(np.Flags, flag)
	}
	if err := shebao.NormalizePerson(&np, shebao.Today()); err != nil {
		return err
	}
	np.Source = source
	return s.store.ChangePerson(sys, why, p, &np, shebao.PersonChanges(p, &np))
}

// addMonths adds months to a day, clamped to the last day of the target
// month (a review on 08-31 six months on is due on 02-28, not 03-03).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location()).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}
