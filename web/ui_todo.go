package web

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/report"
)

// The home page's to-do list (issue #15 item 6): for the signed-in user,
// what waits in their jurisdiction that their role can act on or must
// watch, with counts and a link to where it is done. Each item is read
// through the services under the user's own scope, so the counts are
// those of the jurisdiction; an item the role may not read is left out.

// todoItem is one line of the to-do list.
type todoItem struct {
	ID, Label, Count, Note, Link string
	// Alert: something is overdue or owed (shown red), not only waiting.
	Alert bool
}

// todoLimit bounds the lists counted for the to-do list; a larger queue
// shows as "1000+".
const todoLimit = 1000

// todos gathers the to-do list of the visit's user.
func (u *ui) todos(ctx context.Context, v *visit) ([]todoItem, error) {
	var out []todoItem
	count := func(n int) string {
		if n >= todoLimit {
			return fmt.Sprintf("%d+", todoLimit)
		}
		return groupDigits(n)
	}
	if v.actor.MayDecideAny() || len(v.role.Write) > 0 && !v.role.OwnOnly && !v.role.EmployerOnly { // an employer sees no queue
		aps, err := u.s.app.Approve.FindApprovals(ctx, shebao.ApprovalPending, todoLimit)
		if err != nil {
			return nil, err
		}
		decide, own := 0, 0
		for _, ap := range aps {
			switch {
			case ap.Maker == v.actor.Name:
				own++
			case v.actor.MayDecide(ap) == nil:
				decide++
			}
		}
		if v.actor.MayDecideAny() {
			out = append(out, todoItem{ID: "todo-approvals", Label: "待我复核", Count: count(decide), Link: "/approvals",
				Note: "经办人提交、须由您复核的业务"})
		}
		if own > 0 {
			out = append(out, todoItem{ID: "todo-own", Label: "我经办、待他人复核", Count: count(own), Link: "/approvals",
				Note: "复核通过后生效"})
		}
	}
	if v.role.May(shebao.Read(shebao.EntityScan)) {
		ds, err := u.s.app.Registry.FindDuplicates(ctx, shebao.DupPending, todoLimit)
		if err != nil {
			return nil, err
		}
		out = append(out, todoItem{ID: "todo-duplicates", Label: "疑似重复登记待复核", Count: count(len(ds)), Link: "/duplicates"})
	}
	if v.role.May(shebao.Read(shebao.EntityBenefit)) && !v.role.OwnOnly {
		_, n, sum, err := u.s.app.Benefit.FindOverpayments(ctx, shebao.OverpaymentFilter{Status: shebao.OverpaymentOpen, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, todoItem{ID: "todo-overpayments", Label: "多发待遇待追回", Count: count(n), Link: "/overpayments",
			Note: "合计 " + yuan(sum) + " 元", Alert: n > 0})
	}
	if v.role.May(shebao.Read(shebao.EntityContribution)) && v.role.May(shebao.Read(shebao.EntityStats)) && !v.role.OwnOnly {
		today := shebao.Today().Format(shebao.DateLayout)
		c, err := u.s.app.Report.Contributions(ctx, "", report.Span{From: today, To: today})
		if err != nil {
			return nil, err
		}
		out = append(out, todoItem{ID: "todo-arrears", Label: "欠缴金额(元)", Count: yuan(c.Arrears), Link: "/reports?kind=contributions",
			Note: "截至今日应缴未缴", Alert: c.Arrears > 0})
	}
	if v.role.May(shebao.Read(shebao.EntityLand)) {
		ws, err := u.s.app.Land.LandWarnings(ctx, "")
		if err != nil {
			return nil, err
		}
		late, unsecured := 0, 0
		for _, w := range ws {
			if w.Late {
				late++
			}
			unsecured += w.Unsecured
		}
		out = append(out, todoItem{ID: "todo-land", Label: "被征地农民参保预警(批次)", Count: count(len(ws)), Link: "/reports?kind=land",
			Note: fmt.Sprintf("其中名册逾期 %d 批,尚未参保 %s 人", late, groupDigits(unsecured)), Alert: late > 0})
	}
	return out, nil
}
