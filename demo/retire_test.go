package demo_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The demo's employee pensions start the month after the statutory
// retirement age is reached (issue #15 item 8: a woman born 1952 started
// her 110 pension in 2023-04 at 69y11m, everyone 15 years after joining).
// The rule, by hand (docs/DOMAIN.md §6): men 60, the demo's women employees
// 55, delayed from 2025-01 by one month every 4 months — a man born
// 1965-01 reaches 60 in 2025-01, m = 0, delay ⌊0 ÷ 4⌋ + 1 = 1 month, so
// 60y1m; anyone who reached the original age before 2025 has no delay.
// So a person born in month B retires in month B + 12 × age (+ delay), and
// the pension's first month is the one after.
func TestDemoPensionsAtStatutoryAge(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		if err := demo.Build(ctx, a, 600); err != nil {
			t.Fatal(err)
		}
		bs, _, err := a.Benefit.FindBenefits(ctx, shebao.BenefitFilter{Scheme: shebao.SchemeEmployeePension, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, b := range bs {
			if b.Kind != shebao.BenefitPension || b.Source != "migration:gen" {
				continue
			}
			p, err := a.Registry.FindPerson(ctx, b.IDNo)
			if err != nil {
				t.Fatal(err)
			}
			birth, _ := time.Parse(shebao.DateLayout, p.Birth)
			age := 60
			if p.Sex == "女" {
				age = 55
			}
			reach := time.Date(birth.Year()+age, birth.Month(), 1, 0, 0, 0, 0, time.UTC)
			delay := 0
			if m := (reach.Year()-2025)*12 + int(reach.Month()) - 1; m >= 0 {
				delay = min(m/4+1, 36)
			}
			want := reach.AddDate(0, delay+1, 0).Format("2006-01")
			if b.StartMonth != want {
				t.Errorf("%s %s born %s: pension from %s, want %s (the month after %d years %d months)",
					p.Name, p.Sex, p.Birth, b.StartMonth, want, age, delay)
			}
			checked++
		}
		if checked < 5 {
			t.Fatalf("only %d migrated pensions checked", checked)
		}
		t.Log(fmt.Sprintf("%d pensions at the statutory age", checked))

		// The month's payroll pays each pension as its explanation
		// explains it: 基础养老金 the explanation's basic part, 个人账户支付
		// its account part out of the account taken over, which the
		// statement of last year finds (issue #15 item 8: the payroll
		// showed 0.00 for both and statement found no account).
		month := shebao.Today().Format("2006-01")
		if _, err := a.Benefit.RunPayroll(ctx, month, shebao.PayrollOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if b.Kind != shebao.BenefitPension || b.Source != "migration:gen" {
				continue
			}
			ps, _, err := a.Benefit.FindPayments(ctx, shebao.PaymentFilter{Month: month, IDNo: b.IDNo, Scheme: shebao.SchemeEmployeePension})
			if err != nil || len(ps) != 1 {
				t.Fatalf("%s: payments %v %v", b.IDNo, ps, err)
			}
			pay := ps[0]
			if pay.BasicPart <= 0 || !strings.Contains(b.Explanation, "= "+pay.BasicPart.String()+"元\n个人账户养老金") {
				t.Errorf("%s: 基础养老金 paid %s, explained:\n%s", b.IDNo, pay.BasicPart, b.Explanation)
			}
			st, err := a.Ledger.AccountStatement(ctx, b.IDNo, shebao.Today().Year()-1)
			hasAccount := err == nil && len(st.Funds) > 0
			switch {
			case pay.AccountPart > 0 && !hasAccount:
				t.Errorf("%s: 个人账户支付 %s but statement finds no account: %v", b.IDNo, pay.AccountPart, err)
			case pay.AccountPart == 0 && hasAccount && st.Funds[0].Closing > 0:
				t.Errorf("%s: account of %s, nothing paid from it", b.IDNo, st.Funds[0].Closing)
			case pay.AccountPart > 0 && !strings.Contains(b.Explanation, "= "+pay.AccountPart.String()+"元\n过渡性养老金"):
				t.Errorf("%s: 个人账户支付 %s, explained:\n%s", b.IDNo, pay.AccountPart, b.Explanation)
			}
		}
	})
}
