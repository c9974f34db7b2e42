package benefit_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var (
	admin   = sqldbtest.Admin()
	maker   = sqldbtest.As(shebao.Actor{Name: "daiyu1", Role: "clerk/benefits", Region: "640106000000"})
	checker = sqldbtest.As(shebao.Actor{Name: "daiyu2", Role: "clerk/benefits", Region: "640106000000"})
)

// newPerson registers a person of the region, born on the date.
func newPerson(t *testing.T, a *app.App, name, region string, birth time.Time, seq int, male bool) string {
	t.Helper()
	id := demo.IDNumber("640106", birth, seq, male)
	if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: name, Hukou: "农业", Region: region}); err != nil {
		t.Fatal(err)
	}
	return id
}

// newEmployer registers an employer of the district.
func newEmployer(t *testing.T, a *app.App, n int) string {
	t.Helper()
	e := &shebao.Employer{USCC: demo.USCC("640106", n), Name: "金凤测试有限公司", RiskClass: 2, Region: "640106100201"}
	if err := a.Registry.CreateEmployer(admin, e); err != nil {
		t.Fatal(err)
	}
	return e.USCC
}

// enroll310 enrolls the person in the employee medical insurance with the
// employer from the date.
func enroll310(t *testing.T, a *app.App, id, uscc, date string) *shebao.Enrollment {
	t.Helper()
	n, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: id, Scheme: "310", Employer: uscc, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func balanced(t *testing.T, a *app.App) {
	t.Helper()
	c, err := a.Ledger.CheckLedger(admin)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Balanced {
		t.Fatalf("ledger not balanced: %v", c.Problems)
	}
}

func fund(t *testing.T, a *app.App, code string) shebao.FundStatus {
	t.Helper()
	fs, err := a.Ledger.FundStatus(admin, "2025-12-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Fund == code {
			return f
		}
	}
	t.Fatalf("no fund %s", code)
	return shebao.FundStatus{}
}

func account(t *testing.T, a *app.App, id, fund string) shebao.Money {
	t.Helper()
	bal, _, err := a.Ledger.IndividualAccount(admin, id, fund)
	if err != nil {
		t.Fatal(err)
	}
	return bal
}

// TestRetireeMedicalAccountCredit: the payroll credits the pooled fund's
// fixed amount (account.310.retiree) to the 310 individual account of
// every retiree of the month, by hand:
//
//	A  employee pension, in 310, 魏家桥村 (national 60.00)   → 60.00
//	E  employee pension, in 310, 盈南村 (village's own 80.00) → 80.00
//	F  employee pension, in 310, 东门社区, account 300.00    → 60.00 (360.00)
//	B  employee pension, not in 310                          → —
//	C  employee pension, 310 ended 2025-01-31                → —
//	D  land allowance (not a pension), in 310                → —
//	G  employee pension suspended (not paid in March), in 310 → —
//
// March: 3 persons, 60 + 80 + 60 = 200.00, posted in the 310 fund as Dr
// 3101 个人账户划转 / Cr 2301 个人账户 (no expenditure: the fund's net
// assets fall by 200.00, its account liability rises by 200.00). Running
// March again credits nobody; April credits the same three again.
func TestRetireeMedicalAccountCredit(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		ps, err := policy.Parse(strings.NewReader(`
[[param]]
key = "account.310.retiree"
value = "80.00"
from = 2024-01-01
region = "640106100202"
source = "示例值:盈南村退休人员个人账户划入额(测试)"
example = true
`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Params.LoadPolicy(admin, "local.toml", "x", ps); err != nil {
			t.Fatal(err)
		}
		uscc := newEmployer(t, a, 71)
		born := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
		ids := map[string]string{}
		for i, c := range []struct{ name, region string }{
			{"A", "640106100201"}, {"E", "640106100202"}, {"F", "640106001001"}, {"B", "640106100201"},
			{"C", "640106100201"}, {"D", "640106100201"}, {"G", "640106100201"},
		} {
			ids[c.name] = newPerson(t, a, "退休"+c.name, c.region, born.AddDate(0, 0, i), 40+i, true)
		}
		var bs []shebao.NewBenefit
		for _, c := range []string{"A", "E", "F", "B", "C", "G"} {
			bs = append(bs, shebao.NewBenefit{IDNo: ids[c], Kind: shebao.BenefitPension, StartMonth: "2025-01", Monthly: shebao.Yuan(3000),
				Source: "determination:test", Explanation: "测试养老金3000.00元/月"})
		}
		bs = append(bs, shebao.NewBenefit{IDNo: ids["D"], Kind: shebao.BenefitLandAllowance, StartMonth: "2025-01", Monthly: shebao.Yuan(160),
			Source: "land:test", Explanation: "基本生活保障金160.00元/月"})
		if n, err := a.Benefit.CreateBenefits(admin, bs); err != nil || n != len(bs) {
			t.Fatalf("created %d: %v", n, err)
		}
		for _, c := range []string{"A", "E", "F", "C", "D", "G"} {
			enroll310(t, a, ids[c], uscc, "2024-06-01")
		}
		cs, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: ids["C"], Scheme: "310"})
		if err != nil || len(cs) != 1 {
			t.Fatal(cs, err)
		}
		if _, err := a.Enroll.ChangeEnrollment(admin, cs[0].ID, shebao.ChangeRequest{Action: shebao.ActTerminate, Date: "2025-01-31", Reason: shebao.EndOther}); err != nil {
			t.Fatal(err)
		}
		gs, _, err := a.Benefit.FindBenefits(admin, shebao.BenefitFilter{IDNo: ids["G"]})
		if err != nil || len(gs) != 1 {
			t.Fatal(gs, err)
		}
		if _, err := a.Benefit.ChangeBenefit(admin, gs[0].ID, shebao.BenefitChange{Action: shebao.BenefitSuspend, Month: "2025-03", Reason: "待资格认证"}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Ledger.MoveAccounts(admin, "2024-12-31", "opening:310", "期初余额", []shebao.AccountMovement{
			{IDNo: ids["F"], Fund: "310", Date: "2024-12-31", Kind: shebao.MoveCredit, Source: "opening:310", Amount: shebao.Yuan(300)}}); err != nil {
			t.Fatal(err)
		}
		before := fund(t, a, "310")

		res, err := a.Benefit.RunPayroll(maker, "2025-03", shebao.PayrollOptions{Chunk: 2})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.RetireeCredit; c == nil || c.Persons != 3 || c.Total != shebao.Yuan(200) || !strings.Contains(c.Rule, "由统筹基金按定额划入") {
			t.Fatalf("March credit %+v", c)
		}
		want := map[string]shebao.Money{"A": shebao.Yuan(60), "E": shebao.Yuan(80), "F": shebao.Yuan(360), "B": 0, "C": 0, "D": 0, "G": 0}
		for c, w := range want {
			if got := account(t, a, ids[c], "310"); got != w {
				t.Errorf("%s's 310 account %s, want %s", c, got, w)
			}
		}
		after := fund(t, a, "310")
		if got := after.IndividualAccounts - before.IndividualAccounts; got != shebao.Yuan(200) {
			t.Errorf("2301 rose by %s, want 200.00", got)
		}
		if got := before.Balance - after.Balance; got != shebao.Yuan(200) {
			t.Errorf("net assets fell by %s, want 200.00 (Dr 3101)", got)
		}
		if after.Expenditure12 != before.Expenditure12 {
			t.Errorf("expenditure changed by %s: the credit is no expense", after.Expenditure12-before.Expenditure12)
		}
		balanced(t, a)

		again, err := a.Benefit.RunPayroll(maker, "2025-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c := again.RetireeCredit; c == nil || c.Persons != 0 || c.Total != 0 {
			t.Errorf("March again credited %+v", c)
		}
		if got := account(t, a, ids["A"], "310"); got != shebao.Yuan(60) {
			t.Errorf("A's account %s after the re-run", got)
		}
		april, err := a.Benefit.RunPayroll(maker, "2025-04", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c := april.RetireeCredit; c == nil || c.Persons != 3 || c.Total != shebao.Yuan(200) {
			t.Errorf("April credit %+v", c)
		}
		if got := account(t, a, ids["E"], "310"); got != shebao.Yuan(160) {
			t.Errorf("E's account %s after April, want 160.00", got)
		}
		if got := fund(t, a, "310").IndividualAccounts - before.IndividualAccounts; got != shebao.Yuan(400) {
			t.Errorf("2301 rose by %s over two months, want 400.00", got)
		}
		balanced(t, a)
	})
}

// TestRetireeCreditBeforeTheRule: no amount is in force before 2023 (the
// default policy's account.310.retiree starts 2023-01-01): the payroll
// credits nothing and says so with a nil RetireeCredit.
func TestRetireeCreditBeforeTheRule(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		uscc := newEmployer(t, a, 72)
		id := newPerson(t, a, "退休甲", "640106100201", time.Date(1955, 1, 1, 0, 0, 0, 0, time.UTC), 30, true)
		if _, err := a.Benefit.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: id, Kind: shebao.BenefitPension, StartMonth: "2022-01",
			Monthly: shebao.Yuan(3000), Source: "determination:test", Explanation: "测试"}}); err != nil {
			t.Fatal(err)
		}
		enroll310(t, a, id, uscc, "2021-01-01")
		res, err := a.Benefit.RunPayroll(maker, "2022-06", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payments != 1 || res.RetireeCredit != nil {
			t.Errorf("payments %d, credit %+v", res.Payments, res.RetireeCredit)
		}
		if got := account(t, a, id, "310"); got != 0 {
			t.Errorf("account %s", got)
		}
	})
}
