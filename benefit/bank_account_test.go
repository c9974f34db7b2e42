package benefit_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestBankAccountValidatedAtEntry: every way a payee account enters (the
// determinations, a submitted or directly created entitlement) refuses one
// that is not 12–30 digits, naming the field, before anything is read or
// written; such an account can no longer reach the bank file.
func TestBankAccountValidatedAtEntry(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		ctx := sqldbtest.Admin()
		const id = "11010519491231002X"
		for _, acct := range []string{"=1+2", "@SUM(A1)", "-6222021234567890", "6222O21234567890", "12345"} {
			calls := map[string]func() error{
				"pension": func() error {
					_, err := a.Benefit.Determine(ctx, shebao.DeterminationRequest{IDNo: id, BankAccount: acct, Preview: true})
					return err
				},
				"unemployment": func() error {
					_, err := a.Benefit.DetermineUnemployment(ctx, shebao.UnemploymentRequest{IDNo: id, From: "2026-01", BankAccount: acct})
					return err
				},
				"maternity": func() error {
					_, err := a.Benefit.DetermineMaternity(ctx, shebao.MaternityRequest{IDNo: id, BankAccount: acct})
					return err
				},
				"injury": func() error {
					_, err := a.Benefit.DetermineInjury(ctx, shebao.InjuryRequest{IDNo: id, Grade: 9, BankAccount: acct})
					return err
				},
				"submit": func() error {
					_, err := a.Benefit.SubmitDetermination(ctx, shebao.NewBenefit{IDNo: id, Kind: shebao.BenefitPension, BankAccount: acct})
					return err
				},
				"create": func() error {
					_, err := a.Benefit.CreateBenefits(ctx, []shebao.NewBenefit{{IDNo: id, Kind: shebao.BenefitLandAllowance, BankAccount: acct}})
					return err
				},
			}
			for name, call := range calls {
				err := call()
				var e *shebao.Error
				if shebao.ErrorCode(err) != shebao.EINVALID || !strings.Contains(shebao.ErrorMessage(err), "收款账号") || !asError(err, &e) || e.Field != "bank_account" {
					t.Errorf("%s with %q: %v", name, acct, err)
				}
			}
		}
	})
}

func asError(err error, e **shebao.Error) bool {
	x, ok := err.(*shebao.Error)
	*e = x
	return ok
}
