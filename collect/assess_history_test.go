package collect_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The assessment of a month uses who was a paying employee of the
// employer in that month, from the enrollments' history, not their status
// today (issue #14 item 13). Three employees of one employer, hired on
// 2025-01-01 and declared for March: one leaves on 2025-04-15 and another
// moves to a second employer on 2025-04-16. March assessed again after
// that still has all three (3 × 4 schemes = 12 lines: 110, 210, 310, 410;
// 510 is merged into 310 and not levied); the employer may still declare
// March late for the leaver. A one-person employer declaring nothing in
// April and May, whose employee leaves on 2025-05-10, owes 110% of the
// month before in both (she paid through it on days of each), and nothing
// in June; the test "still has paying employees" reads the history too.
// Before the fix the re-run March bill had 4 lines, the late declaration
// was refused and no April or May bill was made once she had left.
func TestAssessmentUsesEnrollmentHistory(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, _ *sqldb.DB) {
		ctx := sqldbtest.Admin()
		district(t, a)
		jf := "640106100201"
		uscc, ids := workforce(t, a, jf, 31, 1, 3)
		other, _ := workforce(t, a, jf, 32, 1, 0)
		solo, soloIDs := workforce(t, a, jf, 33, 1, 1)
		var ds []shebao.Declaration
		for _, id := range ids[1:] {
			ds = append(ds, shebao.Declaration{Employer: uscc, Period: "2025-03", IDNo: id, Wage: shebao.Yuan(6000)})
		}
		ds = append(ds, shebao.Declaration{Employer: solo, Period: "2025-03", IDNo: soloIDs[0], Wage: shebao.Yuan(5000)})
		declare(t, a, ds)
		if _, err := a.Collect.Assess(ctx, "2025-03"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Leave(ctx, ids[0], uscc, "2025-04-15", "辞职"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Leave(ctx, ids[1], uscc, "2025-04-15", "调动"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Hire(ctx, ids[1], other, "2025-04-16", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Leave(ctx, soloIDs[0], solo, "2025-05-10", "辞职"); err != nil {
			t.Fatal(err)
		}
		// March declared late for the one who has left since.
		_, errs, err := a.Collect.ImportDeclarations(ctx, "late", []shebao.Declaration{{Employer: uscc, Period: "2025-03", IDNo: ids[0], Wage: shebao.Yuan(6000)}})
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] != nil {
			t.Errorf("late March declaration of a leaver refused: %v", errs[0])
		}
		// After she left, April is not hers to declare.
		_, errs, err = a.Collect.ImportDeclarations(ctx, "late", []shebao.Declaration{{Employer: uscc, Period: "2025-05", IDNo: ids[0], Wage: shebao.Yuan(6000)}})
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] == nil || !strings.Contains(shebao.ErrorMessage(errs[0]), "2025-05") {
			t.Errorf("May declaration after leaving: %v, want refused naming 2025-05", errs[0])
		}
		for _, m := range []shebao.Period{"2025-03", "2025-04", "2025-05", "2025-06"} {
			if _, err := a.Collect.Assess(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		march, err := a.Collect.FindBill(ctx, uscc, "2025-03")
		if err != nil {
			t.Fatal(err)
		}
		persons := map[string]bool{}
		for _, l := range march.Items {
			persons[l.IDNo] = true
		}
		if len(march.Items) != 12 || len(persons) != 3 {
			t.Errorf("March re-run: %d lines of %d persons, want 12 of 3", len(march.Items), len(persons))
		}
		// The one-person employer: March at a base of 5000.00 is 800.00 +
		// 400.00 + 35.00 + 15.00 + 325.00 + 100.00 + 10.00 = 1685.00;
		// April, line by line × 110%: 880.00 + 440.00 + 38.50 + 16.50 +
		// 357.50 + 110.00 + 11.00 = 1853.50; May × 110% again: 968.00 +
		// 484.00 + 42.35 + 18.15 + 393.25 + 121.00 + 12.10 = 2038.85;
		// June nothing.
		for _, c := range []struct {
			p     shebao.Period
			total shebao.Money
		}{{"2025-04", 185350}, {"2025-05", 203885}} {
			b, err := a.Collect.FindBill(ctx, solo, c.p)
			if err != nil {
				t.Errorf("%s: %v, want a bill at 110%%", c.p, err)
				continue
			}
			if b.Basis != shebao.BasisUndeclared || b.Total != c.total {
				t.Errorf("%s: %q %s, want 110%% of the month before, %s", c.p, b.Basis, b.Total, c.total)
			}
		}
		if b, err := a.Collect.FindBill(ctx, solo, "2025-06"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("June bill %+v %v, want none: no paying employee in June", b, err)
		}
	})
}
