package assist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/assist"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestReviewOutcome is the rule of a periodic review, by hand: the amount
// paid now is 610.00 and the 渐退期 6 months.
func TestReviewOutcome(t *testing.T) {
	eligible := func(m shebao.Money) *shebao.AssistQuote {
		return &shebao.AssistQuote{Eligible: true, Monthly: m, Reason: "家庭月人均收入低于低保标准"}
	}
	above := &shebao.AssistQuote{Reason: "家庭月人均收入600.00元不低于低保标准520.00元"}
	for _, c := range []struct {
		name          string
		q             *shebao.AssistQuote
		assets, work  bool
		taper         int
		outcome       string
		monthly       shebao.Money
		reasonContain string
	}{
		{"same amount", eligible(61000), true, false, 6, shebao.ReviewKeep, 61000, "610.00元不变"},
		{"more", eligible(76000), true, false, 6, shebao.ReviewIncrease, 76000, "由610.00元增至760.00元"},
		{"less", eligible(46000), true, false, 6, shebao.ReviewDecrease, 46000, "由610.00元减至460.00元"},
		// Income above the standard through work: paid on at 610.00.
		{"work", above, true, true, 6, shebao.ReviewTaper, 61000, "渐退期6个月,期间按原标准每月610.00元"},
		// Not through work, or no 渐退期 in policy: stopped.
		{"no work", above, true, false, 6, shebao.ReviewStop, 0, "不低于低保标准"},
		{"no taper", above, true, true, 0, shebao.ReviewStop, 0, "停发"},
		// Assets beyond the limits stop it whatever the income.
		{"assets", eligible(76000), false, true, 6, shebao.ReviewStop, 0, "家庭财产状况超出规定"},
	} {
		o, m, r := assist.ReviewOutcome(c.q, c.assets, c.work, 61000, c.taper)
		if o != c.outcome || m != c.monthly || !strings.Contains(r, c.reasonContain) {
			t.Errorf("%s: %s %s %q; want %s %s …%s…", c.name, o, m, r, c.outcome, c.monthly, c.reasonContain)
		}
	}
}

// TestDibaoReviewed takes an approved case through two periodic reviews, on
// both engines. The household of TestDibaoPaidAndStopped (魏家桥村, rural
// standard 520.00): 马强 with 800.00 wages, his wife and his brother with
// nothing, approved 2025-06-20 at 520.00 × 3 − 800.00 = 760.00. With the
// shipped policy (review every 6 months, 渐退期 6 months):
//
//   - the first review is due on 2025-12-20 (listed on that day, not the
//     day before);
//   - reviewed on 2025-12-22, 马强 earns 950.00: 1560.00 − 950.00 = 610.00,
//     a 减发; the town records it, the district submits it and a second
//     civil-affairs clerk approves it on 2025-12-23: from 2026-01 the
//     benefit pays 610.00 (December, already paid, stays 760.00); the next
//     review is due 2026-06-22;
//   - reviewed on 2026-06-25, 马强 earns 1800.00 from a new job: 1800.00 ≥
//     1560.00, not eligible, but through work: 渐退. Approved on 2026-06-26:
//     paid 610.00 from 2026-07 to 2026-12 (six months), nothing from
//     2027-01; the members lose the 低保 flag at once; the brother cannot
//     apply again before 2027-01.
func TestDibaoReviewed(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		f := newDibaoFixture(t, a)
		f.at(2025, 6, 20)
		admin, vil, town, mz1, mz2, at := f.admin, f.vil, f.town, f.mz1, f.mz2, f.at
		man, wife, brother := f.man, f.wife, f.brother
		money := func(yuan int64) *shebao.Money { m := shebao.Money(yuan * 100); return &m }
		c := f.approve(t, a)
		var err error
		if c.NextReview != "2025-12-20" {
			t.Fatalf("approved %+v", c)
		}
		due := func(day string) int {
			t.Helper()
			cs, _, err := a.Assist.FindCases(town, shebao.AssistCaseFilter{ReviewDue: day})
			if err != nil {
				t.Fatal(err)
			}
			return len(cs)
		}
		if due("2025-12-19") != 0 || due("2025-12-20") != 1 {
			t.Errorf("due on 12-19: %d, on 12-20: %d; want 0 and 1", due("2025-12-19"), due("2025-12-20"))
		}
		run := func(month string, want shebao.Money) { t.Helper(); f.run(t, a, month, want, true) }
		at(2025, 12, 10)
		run("2025-12", 76000)

		// The first review: 马强 earns 950.00 → 610.00, a 减发.
		at(2025, 12, 22)
		found := []shebao.AssistMember{{IDNo: man, Income: money(950)}, {IDNo: wife, Income: money(0)}, {IDNo: brother, Income: money(0)}}
		review := shebao.AssistReviewRequest{Date: "2025-12-22", AssetsOK: true, Assets: "无机动车;存款2000元", Members: found}
		if _, err := a.Assist.Review(vil, c.ID, review); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a village assistant reviewed: %v", err)
		}
		if _, err := a.Assist.Review(town, c.ID, shebao.AssistReviewRequest{Date: "2025-12-22", AssetsOK: true, Assets: "无",
			Members: found[:2]}); err == nil || !strings.Contains(shebao.ErrorMessage(err), "全部3位家庭成员") {
			t.Errorf("a review without every member: %v", err)
		}
		if c, err = a.Assist.Review(town, c.ID, review); err != nil {
			t.Fatal(err)
		}
		r := c.Reviews[0]
		if c.Status != shebao.CaseReviewed || r.Outcome != shebao.ReviewDecrease || r.Monthly != 61000 || c.Monthly != 76000 ||
			!strings.Contains(r.Reason, "由760.00元减至610.00元") || c.NextReview != "2026-06-22" {
			t.Fatalf("reviewed %+v %+v", c, r)
		}
		if _, err := a.Assist.Submit(town, c.ID, "2025-12-23", ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a town submitted the change: %v", err)
		}
		at(2025, 12, 23)
		if c, err = a.Assist.Submit(mz1, c.ID, "2025-12-23", ""); err != nil || c.Status != shebao.CaseChangeSubmitted {
			t.Fatalf("submitted %+v %v", c, err)
		}
		if _, err := a.Approve.DecideApproval(mz1, c.ApprovalID, true, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("the maker approved the change: %v", err)
		}
		if _, err := a.Approve.DecideApproval(mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindCase(mz1, c.ID); err != nil || c.Status != shebao.CaseApproved || c.Monthly != 61000 ||
			c.Reviews[0].FromMonth != "2026-01" || c.Reviews[0].DecidedOn != "2025-12-23" {
			t.Fatalf("decided %+v %v", c, err)
		}
		b, err := db.FindBenefit(admin, c.BenefitID)
		if err != nil || b.Monthly != 61000 || len(b.Amounts) != 2 || b.Amounts[0].ToMonth != "2025-12" || b.Amounts[1].FromMonth != "2026-01" ||
			!strings.Contains(b.Amounts[1].Explanation, "减发:自2026-01起每月610.00元") {
			t.Fatalf("benefit after the 减发 %+v %v", b, err)
		}
		at(2026, 1, 10)
		run("2026-01", 61000)
		// The statistics (issue #18 item 8) of 2025-12 to 2026-01: one rural
		// household of 3 in payment, 760.00 + 610.00 = 1370.00 paid; none
		// urban; the town's row holds the village's.
		stats := func(from, to string) report.AssistanceRow {
			t.Helper()
			sp, err := report.ParseSpan("", from, to)
			if err != nil {
				t.Fatal(err)
			}
			r, err := a.Report.Assistance(admin, "640106100000", sp)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range r.Rows {
				if x.Region == village {
					if r.Rows[0].AssistanceFigures != x.AssistanceFigures {
						t.Errorf("town %+v, village %+v", r.Rows[0], x)
					}
					return x
				}
			}
			t.Fatalf("no row of the village in %+v", r)
			return report.AssistanceRow{}
		}
		if x := stats("2025-12", "2026-01"); x.RuralHouseholds != 1 || x.RuralPersons != 3 || x.UrbanHouseholds != 0 || x.DibaoPaid != 137000 {
			t.Errorf("statistics %+v", x)
		}
		// The work report's paragraph: January's 610.00 is the year's, 0.06
		// 万元 rounded half up.
		sm, err := a.Report.Summary(admin, "640106100000", "2026-01-31")
		if err != nil || !strings.Contains(strings.Join(sm.Paragraphs, "\n"), "社会救助:城市低保0户0人、农村低保1户3人,本年发放低保金0.06万元。") {
			t.Errorf("work report %+v %v", sm, err)
		}

		// The second review: a new job pays 1800.00 → not eligible, through
		// work: 渐退 for six months at 610.00.
		at(2026, 6, 25)
		found[0].Income = money(1800)
		if c, err = a.Assist.Review(town, c.ID, shebao.AssistReviewRequest{Date: "2026-06-25", AssetsOK: true, Assets: "无机动车",
			Work: true, Members: found}); err != nil {
			t.Fatal(err)
		}
		if r := c.Reviews[1]; r.Outcome != shebao.ReviewTaper || r.Monthly != 61000 {
			t.Fatalf("second review %+v", r)
		}
		at(2026, 6, 26)
		if c, err = a.Assist.Submit(mz1, c.ID, "2026-06-26", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(mz2, c.ApprovalID, true, ""); err != nil {
			t.Fatal(err)
		}
		if c, err = a.Assist.FindCase(mz1, c.ID); err != nil || c.Status != shebao.CaseTapering || c.EndMonth != "2026-12" ||
			c.Reviews[1].TaperTo != "2026-12" || c.StopMonth != "2027-01" {
			t.Fatalf("tapering %+v %v", c, err)
		}
		if b, err = db.FindBenefit(admin, c.BenefitID); err != nil || b.Status != shebao.BenefitStopped || b.EndMonth != "2026-12" {
			t.Fatalf("benefit in 渐退 %+v %v", b, err)
		}
		for _, x := range []string{man, wife, brother} {
			if p, err := a.Registry.FindPerson(admin, x); err != nil || slices.Contains(p.Flags, shebao.FlagDibao) {
				t.Errorf("%s still flagged: %v", x, err)
			}
		}
		at(2026, 9, 1)
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2026-09-01",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: brother, Income: money(0)}}}}); err == nil ||
			!strings.Contains(shebao.ErrorMessage(err), "处于渐退期(发放至2026-12)") {
			t.Errorf("applied during the 渐退期: %v", err)
		}
		at(2026, 12, 10)
		run("2026-12", 61000)
		at(2027, 1, 10)
		run("2027-01", 0)
		// In the 渐退期 the household still counts (paid through 2026-12),
		// not after it.
		if x := stats("2026-12", "2026-12"); x.RuralHouseholds != 1 || x.DibaoPaid != 61000 {
			t.Errorf("statistics of 2026-12 %+v", x)
		}
		if x := stats("2027-01", "2027-01"); x.RuralHouseholds != 0 || x.RuralPersons != 0 || x.DibaoPaid != 0 {
			t.Errorf("statistics of 2027-01 %+v", x)
		}
		at(2027, 1, 12)
		if _, err := a.Assist.Apply(vil, shebao.AssistApplyRequest{Region: village, Date: "2027-01-12",
			Members: []shebao.AssistCaseMember{{AssistMember: shebao.AssistMember{IDNo: brother, Income: money(0)}}}}); err != nil {
			t.Errorf("apply after the 渐退期: %v", err)
		}
	})
}
