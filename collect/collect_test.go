package collect_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var checker = sqldbtest.As(shebao.Actor{Name: "fuhe", Role: "clerk/collection", Region: "640106000000", Remote: "test"})

// payers makes an employer with one employee billed for March 2025 and a
// flexible payer at a base of 6000.00 billed for March (1200.00), and
// returns the employer, the person and the employer's March total.
func payers(t *testing.T, a *app.App) (uscc, flex string, total shebao.Money) {
	t.Helper()
	ctx := sqldbtest.Admin()
	sqldbtest.SeedRegions(t, a)
	e := &shebao.Employer{USCC: demo.USCC("640106", 90), Name: "银川一户征收测试有限公司", RiskClass: 1, Region: "640106100201"}
	if err := a.Registry.CreateEmployer(ctx, e); err != nil {
		t.Fatal(err)
	}
	worker := demo.IDNumber("640106", time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 91, true)
	flex = demo.IDNumber("640106", time.Date(1981, 5, 6, 0, 0, 0, 0, time.UTC), 92, false)
	for i, id := range []string{worker, flex} {
		if err := a.Registry.CreatePerson(ctx, &shebao.Person{IDNo: id, Name: []string{"马志刚", "李秀梅"}[i], Hukou: "农业", Region: "640106100201"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Enroll.Hire(ctx, worker, e.USCC, "2025-01-01", nil); err != nil {
		t.Fatal(err)
	}
	if _, errs, err := a.Collect.ImportDeclarations(ctx, "d", []shebao.Declaration{{Employer: e.USCC, Period: "2025-03", IDNo: worker, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil {
		t.Fatalf("declare %v %v", errs, err)
	}
	if _, err := a.Collect.Assess(ctx, "2025-03"); err != nil {
		t.Fatal(err)
	}
	b, err := a.Collect.FindBill(ctx, e.USCC, "2025-03")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Collect.RegisterFlexBase(ctx, shebao.FlexBase{IDNo: flex, From: "2025-03", To: "2025-03", Base: shebao.Yuan(6000)}); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Collect.AssessFlex(ctx, "2025-03"); err != nil || n != 1 {
		t.Fatalf("assess flex %d %v", n, err)
	}
	return e.USCC, flex, b.Total
}

// One pipeline, every payer: an employer and a flexible payer each leave
// 1000.00 of March unpaid past the due date (2025-03-31) and pay it 10
// days late: 1000.00 × 0.05% × 10 = 5.00 of late fee each, a receivable
// of the funds; a later 108.00 pays the 5.00 first and holds 103.00 as
// 暂收款, which a refund pays back. Beyond the 暂收款 the rules differ by
// kind: an employer's refund with a reason reverses what the payment
// allocated (多征), a flexible payer's is refused (a wrong payment is
// corrected). The correction of the late payment then cancels its fee
// and leaves both bills 1000.00 short again. The ledger balances
// throughout.
func TestOnePipelineEveryPayer(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		c := a.Collect
		uscc, flex, total := payers(t, a)
		pay := func(kind, receipt string, amount shebao.Money, on string) (allocated, feeAssessed, feePaid, credit shebao.Money) {
			t.Helper()
			if kind == shebao.PayerEmployer {
				r, err := c.RecordPayment(ctx, shebao.Payment{ReceiptNo: receipt, Employer: uscc, Amount: amount, PaidOn: on})
				if err != nil {
					t.Fatal(err)
				}
				fees, err := c.LateFees(ctx, uscc, "")
				if err != nil {
					t.Fatal(err)
				}
				var assessed shebao.Money
				for _, f := range fees.Fees {
					if f.ReceiptNo == receipt {
						assessed += f.Amount
					}
				}
				return r.Allocated, assessed, r.LateFeePaid, r.Credit
			}
			r, err := c.RecordFlexPayment(ctx, receipt, flex, amount, on)
			if err != nil {
				t.Fatal(err)
			}
			for _, al := range r.Allocations {
				allocated += al.Amount
			}
			return allocated, r.LateFee, r.LateFeePaid, r.Credit
		}
		approve := func(ap *shebao.Approval, err error) (string, error) {
			t.Helper()
			if err != nil {
				return "", err
			}
			done, err := a.Approve.DecideApproval(checker, ap.ID, true, "")
			if err != nil {
				return "", err
			}
			return done.Result, nil
		}
		balanced := func() {
			t.Helper()
			res, err := a.Ledger.CheckLedger(ctx)
			if err != nil || !res.Balanced {
				t.Fatalf("ledger %+v %v", res, err)
			}
		}
		for _, k := range []struct {
			kind string
			due  shebao.Money
		}{{shebao.PayerEmployer, total}, {shebao.PayerPerson, shebao.Yuan(1200)}} {
			p := strings.ToUpper(k.kind[:1])
			if al, fee, _, _ := pay(k.kind, p+"-1", k.due-shebao.Yuan(1000), "2025-03-31"); al != k.due-shebao.Yuan(1000) || fee != 0 {
				t.Errorf("%s on time: allocated %s, fee %s", k.kind, al, fee)
			}
			if al, fee, paid, credit := pay(k.kind, p+"-2", shebao.Yuan(1000), "2025-04-10"); al != shebao.Yuan(1000) || fee != shebao.Yuan(5) || paid != 0 || credit != 0 {
				t.Errorf("%s 10 days late: allocated %s, fee %s, paid %s, credit %s", k.kind, al, fee, paid, credit)
			}
			if al, _, paid, credit := pay(k.kind, p+"-3", shebao.Yuan(108), "2025-04-20"); al != 0 || paid != shebao.Yuan(5) || credit != shebao.Yuan(103) {
				t.Errorf("%s surplus: allocated %s, fee paid %s, 暂收款 %s", k.kind, al, paid, credit)
			}
			balanced()
		}
		// The 暂收款 refunded, approved by a second clerk.
		if res, err := approve(c.RecordRefund(ctx, shebao.RefundRequest{Receipt: "E-TF", Ref: "E-3", Amount: shebao.Yuan(103), Date: "2025-04-21"})); err != nil ||
			!strings.Contains(res, "暂收款103.00元") {
			t.Errorf("employer refund %q %v", res, err)
		}
		if res, err := approve(c.RecordFlexRefund(ctx, shebao.FlexRefundRequest{Receipt: "P-TF", Ref: "P-3", Amount: shebao.Yuan(103), Date: "2025-04-21"})); err != nil ||
			!strings.Contains(res, "暂收款103.00元(退费前暂收款103.00元,余0.00元)") {
			t.Errorf("flex refund %q %v", res, err)
		}
		balanced()
		// Beyond the 暂收款.
		if res, err := approve(c.RecordRefund(ctx, shebao.RefundRequest{Receipt: "E-TF2", Ref: "E-2", Amount: shebao.Yuan(100), Date: "2025-04-22",
			Reason: "多征"})); err != nil || !strings.Contains(res, "冲回已缴100.00元") {
			t.Errorf("employer refund of money allocated %q %v", res, err)
		}
		if _, err := c.RecordFlexRefund(ctx, shebao.FlexRefundRequest{Receipt: "P-TF2", Ref: "P-2", Amount: shebao.Yuan(100), Date: "2025-04-22",
			Reason: "多征"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("flex refund of money allocated: %v", err)
		}
		// The late payments corrected: their fees cancelled, the bills
		// short again (the employer's by the 100.00 refunded too).
		if _, err := approve(c.RecordCorrection(ctx, shebao.CorrectionRequest{Receipt: "E-CZ", Ref: "E-2", Date: "2025-04-23", Reason: "错账"})); err != nil {
			t.Fatal(err)
		}
		if _, err := approve(c.RecordFlexCorrection(ctx, shebao.FlexCorrectionRequest{Receipt: "P-CZ", Ref: "P-2", Date: "2025-04-23", Reason: "错账"})); err != nil {
			t.Fatal(err)
		}
		ars, unpaid, fee, err := c.Arrears(ctx, uscc, "2025-04-30")
		if err != nil || len(ars) != 1 || unpaid != shebao.Yuan(1000) || fee != shebao.Yuan(15) {
			t.Errorf("employer arrears %+v %s %s %v", ars, unpaid, fee, err)
		}
		fars, err := c.FlexArrears(ctx, flex, "2025-04-30")
		if err != nil || len(fars) != 1 || fars[0].Unpaid != shebao.Yuan(1000) || fars[0].LateFee != shebao.Yuan(15) {
			t.Errorf("flex arrears %+v %v", fars, err)
		}
		if fees, err := c.LateFees(ctx, uscc, ""); err != nil || fees.Assessed != 0 || fees.Outstanding != 0 {
			t.Errorf("employer late fees after the correction %+v %v", fees, err)
		}
		balanced()
	})
}

// A repeat of a receipt changes nothing; the same receipt number with
// other content is refused; receipt numbers of employers and of persons
// are apart.
func TestReceiptsPerPayerKind(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		c := a.Collect
		uscc, flex, _ := payers(t, a)
		if _, err := c.RecordPayment(ctx, shebao.Payment{ReceiptNo: "R-1", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2025-03-20"}); err != nil {
			t.Fatal(err)
		}
		if r, err := c.RecordFlexPayment(ctx, "R-1", flex, shebao.Yuan(100), "2025-03-20"); err != nil || r.Repeat {
			t.Fatalf("a person's R-1 %+v %v", r, err)
		}
		if r, err := c.RecordFlexPayment(ctx, "R-1", flex, shebao.Yuan(100), "2025-03-20"); err != nil || !r.Repeat {
			t.Errorf("repeat %+v %v", r, err)
		}
		if _, err := c.RecordFlexPayment(ctx, "R-1", flex, shebao.Yuan(101), "2025-03-20"); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("other content: %v", err)
		}
		if r, err := c.RecordPayment(ctx, shebao.Payment{ReceiptNo: "R-1", Employer: uscc, Amount: shebao.Yuan(100), PaidOn: "2025-03-20"}); err != nil || !r.Repeat ||
			r.Allocated != shebao.Yuan(100) {
			t.Errorf("employer repeat %+v %v", r, err)
		}
	})
}
