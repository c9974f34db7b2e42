package assist_test

import (
	"context"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// dibaoFixture is the household of the 低保 case tests (魏家桥村, rural
// standard 520.00): 马强 (b. 1980) with 800.00 wages, his wife 李梅 (b.
// 1982) and his brother 马刚 (b. 1990) with nothing — 520.00 × 3 − 800.00 =
// 760.00 a month — and the users who handle it. The clock is set by at
// (10:00 China time) and put back when the test ends.
type dibaoFixture struct {
	man, wife, brother         string
	admin, vil, town, mz1, mz2 context.Context
	payMaker, payChecker       context.Context
	at                         func(y int, m time.Month, d int)
}

func newDibaoFixture(t *testing.T, a *app.App) *dibaoFixture {
	t.Helper()
	sqldbtest.SeedRegions(t, a)
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	f := &dibaoFixture{
		man: id(t, "64010619800315011"), wife: id(t, "64010619820720022"), brother: id(t, "64010619900505011"),
		admin:      sqldbtest.Admin(),
		vil:        sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: village}),
		town:       sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"}),
		mz1:        sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"}),
		mz2:        sqldbtest.As(shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000"}),
		payMaker:   sqldbtest.As(shebao.Actor{Name: "clerk1", Role: "clerk/benefits", Region: "640106000000"}),
		payChecker: sqldbtest.As(shebao.Actor{Name: "clerk2", Role: "clerk/benefits", Region: "640106000000"}),
		at: func(y int, m time.Month, d int) {
			shebao.Now = func() time.Time { return time.Date(y, m, d, 10, 0, 0, 0, shebao.ChinaTime) }
		},
	}
	for _, p := range []*shebao.Person{
		{IDNo: f.man, Name: "马强", Hukou: "农业", Region: village}, {IDNo: f.wife, Name: "李梅", Hukou: "农业", Region: village},
		{IDNo: f.brother, Name: "马刚", Hukou: "农业", Region: village},
	} {
		if err := a.Registry.CreatePerson(f.admin, p); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// members are the household's members with 马强's wages.
func (f *dibaoFixture) members(wages shebao.Money) []shebao.AssistCaseMember {
	zero := shebao.Money(0)
	return []shebao.AssistCaseMember{
		{AssistMember: shebao.AssistMember{IDNo: f.man, Income: &wages}},
		{AssistMember: shebao.AssistMember{IDNo: f.wife, Income: &zero}, Relation: "配偶"},
		{AssistMember: shebao.AssistMember{IDNo: f.brother, Income: &zero}, Relation: "兄弟姐妹"},
	}
}

// approve takes the household's case from the application (2025-06-01)
// through the investigation (06-05) and the publication (06-06 to 06-12)
// to the decision submitted on 06-13 and approved by a second clerk on the
// clock's day, and returns the approved case.
func (f *dibaoFixture) approve(t *testing.T, a *app.App) *shebao.AssistCase {
	t.Helper()
	c, err := a.Assist.Apply(f.vil, shebao.AssistApplyRequest{Region: village, Date: "2025-06-01", BankAccount: "6228480402564890018",
		Members: f.members(80000)})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = a.Assist.Investigate(f.town, c.ID, shebao.AssistInvestigation{Date: "2025-06-05", AssetsOK: true, Assets: "无机动车;无存款"}); err != nil {
		t.Fatal(err)
	}
	if c, err = a.Assist.Publish(f.vil, c.ID, "2025-06-06"); err != nil {
		t.Fatal(err)
	}
	if c, err = a.Assist.Submit(f.mz1, c.ID, "2025-06-13", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Approve.DecideApproval(f.mz2, c.ApprovalID, true, ""); err != nil {
		t.Fatal(err)
	}
	if c, err = a.Assist.FindCase(f.mz1, c.ID); err != nil || c.Status != shebao.CaseApproved {
		t.Fatalf("approved %+v %v", c, err)
	}
	return c
}

// run computes the month's payroll, wants its total, and has the second
// clerk release it when release is true and anything was computed.
func (f *dibaoFixture) run(t *testing.T, a *app.App, month string, want shebao.Money, release bool) {
	t.Helper()
	res, err := a.Benefit.RunPayroll(f.payMaker, month, shebao.PayrollOptions{})
	if err != nil {
		t.Fatalf("payroll %s: %v", month, err)
	}
	if res.Total != want {
		t.Fatalf("payroll %s: %s; want %s", month, res.Total, want)
	}
	if release && res.Payments > 0 {
		if _, err := a.Approve.DecideApproval(f.payChecker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
	}
}
