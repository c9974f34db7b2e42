package shebao

import (
	"fmt"
	"strings"
	"testing"
)

// TestPaymentFor: the account part of a payment is the amount's, at most
// the balance, none once the account is spent.
func TestPaymentFor(t *testing.T) {
	pension := BenefitAmount{Monthly: 371914, AccountPart: 107914}
	resident := BenefitAmount{Monthly: 48271, AccountPart: 35971, BasicPart: 12300}
	for _, tt := range []struct {
		a                      BenefitAmount
		balance                Money
		amount, account, basic Money
	}{
		{pension, Yuan(15000), 371914, 107914, 0},
		{pension, 107914, 371914, 107914, 0},
		{pension, Yuan(500), 371914, Yuan(500), 0},
		{pension, 0, 371914, 0, 0},
		{pension, -100, 371914, 0, 0},
		{resident, Yuan(100), 48271, 10000, 12300},
		{BenefitAmount{Monthly: 16000}, Yuan(100), 16000, 0, 0},
	} {
		amount, account, basic := PaymentFor(tt.a, tt.balance)
		if amount != tt.amount || account != tt.account || basic != tt.basic {
			t.Errorf("%+v with %s: %s %s %s, want %s %s %s", tt.a, tt.balance, amount, account, basic, tt.amount, tt.account, tt.basic)
		}
	}
}

func entryText(es []*Entry) string {
	var b strings.Builder
	for _, e := range es {
		if err := e.Validate(); err != nil {
			fmt.Fprintf(&b, "invalid: %v; ", err)
		}
		fmt.Fprintf(&b, "%s %s:", e.Fund, e.Kind)
		for _, l := range e.Lines {
			if l.Debit > 0 {
				fmt.Fprintf(&b, " Dr%s %s", l.Account, l.Debit)
			} else {
				fmt.Fprintf(&b, " Cr%s %s", l.Account, l.Credit)
			}
		}
		b.WriteString("; ")
	}
	return b.String()
}

// TestPayrollEntries, by hand: two employee pensions of 3719.14 (account
// parts 1079.14 and 500.00), a residents' pension of 482.71 (basic 123.00,
// account 359.71) and a land allowance of 160.00.
func TestPayrollEntries(t *testing.T) {
	groups := []PayrollGroup{
		{Scheme: "110", Kind: BenefitPension, N: 2, Amount: 743828, Account: 157914},
		{Scheme: "170", Kind: BenefitResidentPension, N: 1, Amount: 48271, Account: 35971, Basic: 12300},
		{Scheme: "910", Kind: BenefitLandAllowance, N: 1, Amount: 16000},
	}
	got := entryText(PayrollEntries("2025-03", "payroll:2025-03:x", groups))
	want := "110 benefit: Dr5001 7438.28 Cr2101 7438.28; 110 account: Dr2301 1579.14 Cr3101 1579.14; " +
		"170 benefit: Dr5011 123.00 Dr5012 359.71 Cr2101 482.71; 170 account: Dr2301 359.71 Cr3101 359.71; " +
		"910 benefit: Dr5091 160.00 Cr2101 160.00; "
	if got != want {
		t.Errorf("payroll entries\n got %s\nwant %s", got, want)
	}
	got = entryText(CancellationEntries("2025-03-05", "c", "死亡", groups[1:2]))
	if want := "170 adjustment: Dr2101 482.71 Cr5011 123.00 Cr5012 359.71; "; got != want {
		t.Errorf("cancellation %s, want %s", got, want)
	}
	// A back payment whose basic part fell while the amount rose charges
	// the whole increase to 5012.
	got = entryText(BackPayEntries("2025-03", "b", []PayrollGroup{{Scheme: "170", Kind: BenefitResidentPension, N: 1, Amount: 1000, Basic: -200}}))
	if want := "170 benefit: Dr5012 10.00 Cr2101 10.00; "; got != want {
		t.Errorf("back pay %s, want %s", got, want)
	}
}

// TestOverpaymentCredits: after a death the payment is undone as made; a
// lowered amount of a residents' pension was its basic pension.
func TestOverpaymentCredits(t *testing.T) {
	death := &Overpayment{Amount: 48271, Reason: ReasonDeathOverpayment + ":2025-01-20死亡"}
	lowered := &Overpayment{Amount: 1000, Reason: ReasonReducedOverpayment + ":…"}
	for _, tt := range []struct {
		o     *Overpayment
		kind  string
		basic Money
		want  string
	}{
		{death, BenefitResidentPension, 12300, "[{5011 0.00 123.00 } {5012 0.00 359.71 }]"},
		{lowered, BenefitResidentPension, 0, "[{5011 0.00 10.00 }]"},
		{&Overpayment{Scheme: SchemeEmployeePension, Amount: 371914, Reason: death.Reason}, BenefitPension, 0, "[{5001 0.00 3719.14 }]"},
	} {
		if got := fmt.Sprint(OverpaymentCredits(tt.o, tt.kind, tt.basic)); got != tt.want {
			t.Errorf("%s %s: %s, want %s", tt.kind, tt.o.Reason, got, tt.want)
		}
	}
}

func TestBenefitChange(t *testing.T) {
	b := Benefit{Status: BenefitActive, StartMonth: "2025-01"}
	for _, tt := range []struct {
		status, action, month string
		to, end               string
		bad                   bool
	}{
		{BenefitActive, BenefitSuspend, "2025-03", BenefitSuspended, "", false},
		{BenefitSuspended, BenefitResume, "2025-04", BenefitActive, "", false},
		{BenefitActive, BenefitStop, "2025-03", BenefitStopped, "2025-02", false},
		{BenefitActive, BenefitStop, "2024-06", BenefitStopped, "2025-01", false}, // not before the first month
		{BenefitActive, BenefitResume, "2025-03", "", "", true},
		{BenefitStopped, BenefitStop, "2025-03", "", "", true},
		{BenefitActive, BenefitSuspend, "2025-3", "", "", true},
	} {
		b.Status = tt.status
		to, end, _, err := b.Change(BenefitChange{Action: tt.action, Month: tt.month, Reason: "测试"})
		if (err != nil) != tt.bad || to != tt.to || end != tt.end {
			t.Errorf("%s %s %s: %s %s %v", tt.status, tt.action, tt.month, to, end, err)
		}
	}
	if _, _, _, err := b.Change(BenefitChange{Action: BenefitStop, Month: "2025-03"}); ErrorCode(err) != EINVALID {
		t.Errorf("no reason: %v", err)
	}
}

func TestCommonRegion(t *testing.T) {
	for _, tt := range [][3]string{
		{"640106100201", "640106100202", "640106100000"},
		{"640106100201", "640106001001", "640106000000"},
		{"640106100201", "640106100201", "640106100201"},
		{"640106100201", "110105000000", ""},
	} {
		if got := CommonRegion(tt[0], tt[1]); got != tt[2] {
			t.Errorf("CommonRegion(%s, %s) = %s, want %s", tt[0], tt[1], got, tt[2])
		}
	}
}

// TestPayrollRunDescribe: a run record reads as a clerk would say it —
// status in Chinese, China time to the minute (UTC+8), the operator.
func TestPayrollRunDescribe(t *testing.T) {
	for _, c := range []struct {
		run  PayrollRun
		want string
	}{
		{PayrollRun{Status: "done", StartedAt: "2026-12-06T08:39:07.880853Z", Actor: "jingban"}, "已完成,2026-12-06 16:39开始,经办人jingban"},
		{PayrollRun{Status: "running", StartedAt: "2026-12-31T17:05:00Z", Actor: "fuhe"}, "运行中(或已中断,重新运行即可续完),2027-01-01 01:05开始,经办人fuhe"},
		{PayrollRun{Status: "done", StartedAt: "2026-12-31T17:05:00Z", Actor: "cli:wangli"}, "已完成,2027-01-01 01:05开始,经办人wangli(命令行)"},
	} {
		if got := c.run.Describe(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.run, got, c.want)
		}
	}
}
