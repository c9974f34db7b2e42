package assist

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// A change of the household's members at a periodic review (assistui,
// issue #18 item 2; 最低生活保障审核确认办法 第三十一条: 家庭人口状况发生
// 变化的, 应当及时告知; 社会救助暂行办法 第十三条: 根据家庭成员和经济状况的
// 变化作出增发、减发、停发的决定). The town records who joined (a birth, a
// marriage, an adoption) and who left (a death, a move out, a marriage
// out) with the review; the quote is computed on the new household with
// the registry check (a joining member must be a registered, living person
// and in no other open case — the store refuses it), and the outcome
// follows as for any review: 增发, 减发, 渐退 or 停发, or 维持 — which with a
// change of members still goes to the district, since the 低保 flags
// change. The district's decision (assist.dibao.change) takes effect from
// the month after it: a leaving member loses the 低保 flag and a joining
// one gains it from that month (each person's history says so). A
// rejected change restores the members of the decision in force.
//
// Our choices: the applicant (本人, the payee of the household's benefit)
// cannot leave — a household whose applicant died or moved is stopped and
// applies again under a new applicant; the case's members change at the
// review (so that the joining person is held by this case at once), the
// amount and the flags only at the decision.

// applyMemberChanges changes the case's members by the request's joins
// and leaves, returning the changes for the review (nil when none).
func applyMemberChanges(c *shebao.AssistCase, join []shebao.AssistJoin, leave []shebao.AssistLeave) ([]shebao.AssistMemberChange, error) {
	if len(join) == 0 && len(leave) == 0 {
		return nil, nil
	}
	var changes []shebao.AssistMemberChange
	members := slices.Clone(c.Members)
	for i, l := range leave {
		n := idno.NormalizeID(l.IDNo)
		field := fmt.Sprintf("leave[%d]", i)
		j := slices.IndexFunc(members, func(m shebao.AssistCaseMember) bool { return m.IDNo == n })
		if j < 0 {
			return nil, shebao.FieldErrorf(field+".id_no", "退出成员%s不是低保案件%s的家庭成员", idno.MaskID(n), c.ID)
		}
		if j == 0 && members[0].Relation == "本人" {
			return nil, shebao.FieldErrorf(field+".id_no", "申请人本人%s不能退出(低保金发放至申请人):请停保后由其他成员重新申请", members[0].Name)
		}
		if strings.TrimSpace(l.Reason) == "" {
			return nil, shebao.FieldErrorf(field+".reason", "请填写%s退出家庭的原因(死亡、迁出、婚出等)", members[j].Name)
		}
		changes = append(changes, shebao.AssistMemberChange{Change: shebao.MemberLeft, IDNo: n, Name: members[j].Name,
			Relation: members[j].Relation, Reason: strings.TrimSpace(l.Reason)})
		members = slices.Delete(members, j, j+1)
	}
	for i, jn := range join {
		field := fmt.Sprintf("join[%d]", i)
		m := jn.AssistCaseMember
		m.IDNo = idno.NormalizeID(m.IDNo)
		m.Relation = strings.TrimSpace(m.Relation)
		if m.IDNo == "" {
			return nil, shebao.FieldErrorf(field+".id_no", "请填写加入成员的身份证号")
		}
		if slices.ContainsFunc(members, func(x shebao.AssistCaseMember) bool { return x.IDNo == m.IDNo }) {
			return nil, shebao.FieldErrorf(field+".id_no", "%s已是低保案件%s的家庭成员", idno.MaskID(m.IDNo), c.ID)
		}
		if !slices.Contains(Relations, m.Relation) || m.Relation == "本人" {
			return nil, shebao.FieldErrorf(field+".relation", "加入成员与申请人的关系“%s”无效,应为%s之一(不能为本人)", m.Relation, strings.Join(Relations[1:], "、"))
		}
		if strings.TrimSpace(jn.Reason) == "" {
			return nil, shebao.FieldErrorf(field+".reason", "请填写成员加入家庭的原因(出生、结婚、收养等)")
		}
		if m.Income == nil && len(m.Incomes) == 0 {
			zero := shebao.Money(0)
			m.Income = &zero // a newborn: no income unless given
		}
		m.Name = ""
		members = append(members, m)
		changes = append(changes, shebao.AssistMemberChange{Change: shebao.MemberJoined, IDNo: m.IDNo, Relation: m.Relation, Reason: strings.TrimSpace(jn.Reason)})
	}
	c.Members = members
	return changes, nil
}

// nameChanges fills the joining members' names from the quote's registry
// check (caseQuote named the members).
func nameChanges(c *shebao.AssistCase, changes []shebao.AssistMemberChange) {
	for i := range changes {
		if changes[i].Change != shebao.MemberJoined {
			continue
		}
		for _, m := range c.Members {
			if m.IDNo == changes[i].IDNo {
				changes[i].Name = m.Name
			}
		}
	}
}

// flagChanges gives the joining members the 低保 flag and takes it from
// the leaving ones, from the month the decision takes effect (keep: the
// household stays assisted; otherwise only the leaving lose it here, the
// rest follow the stop).
func (s *Service) flagChanges(ctx context.Context, c *shebao.AssistCase, r *shebao.AssistReview, from shebao.Period, keep bool) error {
	var joined, left []shebao.AssistCaseMember
	for _, ch := range r.Changes {
		m := shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: ch.IDNo}, Name: ch.Name}
		if ch.Change == shebao.MemberJoined {
			joined = append(joined, m)
		} else {
			left = append(left, m)
		}
	}
	if len(left) > 0 {
		why := fmt.Sprintf("低保案件%s定期核查(%s)家庭成员退出(自%s起不再享受低保)", c.ID, r.Date, from)
		if err := s.setFlag(ctx, &shebao.AssistCase{ID: c.ID, Members: left}, false, why); err != nil {
			return err
		}
	}
	if keep && len(joined) > 0 {
		why := fmt.Sprintf("低保案件%s定期核查(%s)家庭成员加入(自%s起享受低保)", c.ID, r.Date, from)
		if err := s.setFlag(ctx, &shebao.AssistCase{ID: c.ID, Members: joined}, true, why); err != nil {
			return err
		}
	}
	return nil
}

// restoreMembers puts back the members of the decision in force when the
// district does not approve a change found by a review.
func restoreMembers(c *shebao.AssistCase, r *shebao.AssistReview) {
	if len(r.Changes) > 0 && len(r.Before) > 0 {
		c.Members = slices.Clone(r.Before)
	}
}
