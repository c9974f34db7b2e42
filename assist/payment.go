package assist

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// The payment of 低保 (issue #18 item 2; docs/DOMAIN.md §9): an approved
// case is one monthly benefit of kind dibao (shebao.BenefitKinds) for the
// household, in the applicant's name and paid to the applicant's account,
// from the month of the decision at the case's amount, paid by the same
// monthly payroll as pensions (`shebao run payroll`: one payment per
// benefit and month, the release by a second clerk, the bank file, the
// ledger). The payments are posted to 5201 最低生活保障金支出 of the
// 社会救助资金 (fund JZ; shebao.AssistanceKinds).
//
// A stop (停保, 最低生活保障审核确认办法 第三十四条) ends the benefit with the
// month before the stop month and the members' 低保 flag, each person's
// history naming the case and the month. A stop found late (a death, an
// income or a move learnt after months were paid) may be recorded from a
// month already paid: the payments released for the months from then on
// become overpayments to recover (待遇追回, as for pensions: recovered by
// receipt or written off through 复核), and those waiting for their release
// are cancelled.

// dibaoBenefit is the monthly benefit of an approved case.
func dibaoBenefit(c *shebao.AssistCase) shebao.NewBenefit {
	q := c.Quote
	explain := fmt.Sprintf("低保案件%s(%s,%s,共同生活家庭%d人)经区民政部门批准,自%s起每月%s元,发放至申请人账户", c.ID, c.Region, c.Area, len(c.Members), c.StartMonth, c.Monthly)
	if q != nil && q.Explain != "" {
		explain += ";" + q.Explain
	}
	return shebao.NewBenefit{IDNo: c.Members[0].IDNo, Kind: shebao.BenefitDibao, StartMonth: c.StartMonth, Monthly: c.Monthly,
		BankAccount: c.BankAccount, Source: "assist:" + c.ID, Summary: "最低生活保障金", Explanation: explain,
		Detail: map[string]any{"case": c.ID, "members": len(c.Members), "area": c.Area}}
}

// Stop stops an approved case from the month (停保): the case's benefit is
// paid through the month before, the case closes (its members may apply
// again) and each member's 低保 flag ends, with the reason in the person's
// history. Only the civil-affairs line, which decides, may stop; the month
// may not be before the first month. Months already paid from it on are
// recovered (see above).
func (s *Service) Stop(ctx context.Context, id, month, reason string) (*shebao.AssistCase, error) {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return nil, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	if !a.May(shebao.Write(shebao.EntityAssistDecision)) {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "低保停保由区民政部门决定,您的角色(%s)不能办理", a.RoleName())
	}
	m, err := shebao.ParsePeriod(month)
	if err != nil {
		return nil, shebao.FieldErrorf("month", "停保月份“%s”无效,应为YYYY-MM", month)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, shebao.FieldErrorf("reason", "请填写停保原因")
	}
	var out *shebao.AssistCase
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		old, c, err := s.load(ctx, id, shebao.CaseApproved)
		if err != nil {
			return err
		}
		if string(m) < c.StartMonth {
			return shebao.FieldErrorf("month", "停保月份%s早于低保起始月份%s", m, c.StartMonth)
		}
		if c.BenefitID != "" {
			st, err := s.store.StopAssistBenefit(ctx, c.BenefitID, shebao.BenefitChange{Action: shebao.BenefitStop, Month: string(m),
				Reason: fmt.Sprintf("低保案件%s停保(自%s起):%s", c.ID, m, reason)})
			if err != nil {
				return err
			}
			c.Recover, c.RecoverMonths = st.Amount, st.Overpaid
		}
		c.Status, c.StopMonth, c.StopReason = shebao.CaseStopped, string(m), reason
		if err := s.cases().UpdateAssistCase(ctx, "assistance.stop", old, c, "", ""); err != nil {
			return err
		}
		if err := s.setFlag(ctx, c, false, fmt.Sprintf("低保案件%s停保(自%s起):%s", c.ID, m, reason)); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}
