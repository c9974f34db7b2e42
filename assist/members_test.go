package assist_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestDibaoMembersChanged: members join and leave at periodic reviews, on
// both engines, with the fixture's household (魏家桥村, rural standard
// 520.00; 马强 800.00 wages, 李梅 and 马刚 nothing): approved 2025-06-20 at
// 520.00 × 3 − 800.00 = 760.00.
//
//   - 2025-12-22: a son, 马小宝, born 2025-11-02, joins (出生) with no
//     income: 4 × 520.00 − 800.00 = 1280.00, plus 未成年人 10% × 520.00 =
//     52.00 (分类施保 of the default policy) = 1332.00, an 增发 approved
//     2025-12-23: from 2026-01 1332.00; the son is flagged 低保 and held by
//     the case (another application for him is refused).
//   - 2026-06-25: 马刚 moves out (迁出): 3 × 520.00 − 800.00 = 760.00 +
//     52.00 = 812.00, a 减发 approved 2026-06-26: from 2026-07 812.00; 马刚
//     loses the 低保 flag, is released and may apply on his own.
//
// The applicant cannot leave; a joining member in another open case is
// refused; a change the checker rejects puts the members back.
func TestDibaoMembersChanged(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		son, neighbour := id(t, "64010620251102001"), id(t, "64010619750101021")
		for _, p := range []*shebao.Person{{IDNo: son, Name: "马小宝", Hukou: "农业", Region: village},
			{IDNo: neighbour, Name: "王福", Hukou: "农业", Region: village}} {
			if err := a.Registry.CreatePerson(f.admin, p); err != nil {
				t.Fatal(err)
			}
		}
		f.at(2025, 6, 20)
		c := f.approve(t, a)
		if c.Monthly != 76000 {
			t.Fatalf("approved at %s", c.Monthly)
		}
		flagged := func(idNo string) bool {
			t.Helper()
			p, err := a.Registry.FindPerson(f.admin, idNo)
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(p.Flags, shebao.FlagDibao)
		}
		decide := func(day int, month int, year int) *shebao.AssistCase {
			t.Helper()
			f.at(year, timeMonth(month), day)
			c, err := a.Assist.Submit(f.mz1, c.ID, c.Reviews[len(c.Reviews)-1].Date, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
				t.Fatal(err)
			}
			if c, err = a.Assist.FindCase(f.mz1, c.ID); err != nil {
				t.Fatal(err)
			}
			return c
		}
		f.at(2025, 12, 22)
		base := shebao.AssistReviewRequest{Date: "2025-12-22", AssetsOK: true, Assets: "无机动车"}
		bad := base
		bad.Leave = []shebao.AssistLeave{{IDNo: f.man, Reason: "外出务工"}}
		if _, err := a.Assist.Review(f.town, c.ID, bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "申请人本人马强不能退出") {
			t.Errorf("the applicant left: %v", err)
		}
		bad = base
		bad.Join = []shebao.AssistJoin{{AssistCaseMember: shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: son}, Relation: "子女"}}}
		if _, err := a.Assist.Review(f.town, c.ID, bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "请填写成员加入家庭的原因") {
			t.Errorf("a join without a reason: %v", err)
		}
		// The neighbour is in a case of his own: he cannot join.
		zero := shebao.Money(0)
		if _, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-12-01",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: neighbour, Income: &zero}}}}); err != nil {
			t.Fatal(err)
		}
		bad.Join = []shebao.AssistJoin{{AssistCaseMember: shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: neighbour}, Relation: "其他"}, Reason: "投靠"}}
		if _, err := a.Assist.Review(f.town, c.ID, bad); err == nil || !strings.Contains(shebao.ErrorMessage(err), "已在低保案件") {
			t.Errorf("a member of another open case joined: %v", err)
		}

		// The son is born.
		birth := base
		birth.Join = []shebao.AssistJoin{{AssistCaseMember: shebao.AssistCaseMember{AssistMember: shebao.AssistMember{IDNo: son}, Relation: "子女"}, Reason: "出生"}}
		c, err := a.Assist.Review(f.town, c.ID, birth)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Reviews[0]
		if r.Outcome != shebao.ReviewIncrease || r.Monthly != 133200 || len(c.Members) != 4 || c.Members[3].Name != "马小宝" ||
			len(r.Changes) != 1 || r.Changes[0].Change != shebao.MemberJoined || r.Changes[0].Name != "马小宝" ||
			!strings.Contains(r.Reason, "马小宝加入(子女,出生),共4人") || !strings.Contains(r.Quote.Explain, "520.00 × 4 − 800.00 = 1280.00") {
			t.Fatalf("the birth: %s %s %d %+v %q\n%s", r.Outcome, r.Monthly, len(c.Members), r.Changes, r.Reason, r.Quote.Explain)
		}
		if _, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-12-22",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: son, Income: &zero}}}}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "已在低保案件"+c.ID) {
			t.Errorf("the son applied elsewhere: %v", err)
		}
		if flagged(son) {
			t.Error("the son is flagged before the decision")
		}
		c = decide(23, 12, 2025)
		if c.Status != shebao.CaseApproved || c.Monthly != 133200 || c.Reviews[0].FromMonth != "2026-01" || !flagged(son) {
			t.Fatalf("the birth decided: %s %s %+v flagged %v", c.Status, c.Monthly, c.Reviews[0], flagged(son))
		}
		b, err := db.FindBenefit(f.admin, c.BenefitID)
		if err != nil || b.Monthly != 133200 || b.Amounts[len(b.Amounts)-1].FromMonth != "2026-01" {
			t.Fatalf("benefit %+v %v", b, err)
		}

		// The brother moves out; the checker first rejects, then the
		// change is submitted again by a new review and approved.
		f.at(2026, 6, 25)
		out := shebao.AssistReviewRequest{Date: "2026-06-25", AssetsOK: true, Assets: "无机动车",
			Leave: []shebao.AssistLeave{{IDNo: f.brother, Reason: "迁出(在银川市务工落户)"}}}
		if c, err = a.Assist.Review(f.town, c.ID, out); err != nil {
			t.Fatal(err)
		}
		r = c.Reviews[1]
		if r.Outcome != shebao.ReviewDecrease || r.Monthly != 81200 || len(c.Members) != 3 || !strings.Contains(r.Reason, "马刚退出(兄弟姐妹,迁出(在银川市务工落户))") {
			t.Fatalf("the move: %s %s %d %q", r.Outcome, r.Monthly, len(c.Members), r.Reason)
		}
		if c, err = a.Assist.Submit(f.mz1, c.ID, "2026-06-25", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, false, "迁出证明未提供"); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindCase(f.mz1, c.ID); err != nil || c.Status != shebao.CaseApproved || len(c.Members) != 4 || c.Monthly != 133200 {
			t.Fatalf("rejected move: %+v %v", c, err)
		}
		if _, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2026-06-25",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: f.brother, Income: &zero}}}}); err == nil {
			t.Error("the brother applied while still a member after the rejection")
		}
		f.at(2026, 6, 26)
		out.Date = "2026-06-26"
		if c, err = a.Assist.Review(f.town, c.ID, out); err != nil {
			t.Fatal(err)
		}
		c = decide(26, 6, 2026)
		if c.Status != shebao.CaseApproved || c.Monthly != 81200 || len(c.Members) != 3 || c.Reviews[2].FromMonth != "2026-07" {
			t.Fatalf("the move decided: %s %s %d %+v", c.Status, c.Monthly, len(c.Members), c.Reviews[2])
		}
		if flagged(f.brother) || !flagged(f.man) || !flagged(son) {
			t.Errorf("flags after the move: brother %v man %v son %v", flagged(f.brother), flagged(f.man), flagged(son))
		}
		if h, err := a.Registry.PersonHistory(f.admin, f.brother); err != nil || !strings.Contains(h[0].Reason, "家庭成员退出(自2026-07起不再享受低保)") {
			t.Errorf("the brother's history: %+v %v", h, err)
		}
		if _, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2026-06-27",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: f.brother, Income: &zero}}}}); err != nil {
			t.Errorf("the brother applies on his own: %v", err)
		}
	})
}

// timeMonth is a month number as a time.Month.
func timeMonth(m int) time.Month { return time.Month(m) }
