package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/sqldb"
)

// benefits is the benefit service over the store: the determinations, the
// payroll, the adjustment and the overpayments' recovery are its rules
// (benefit), over the store's methods that these tests exercise.
func benefits(db *sqldb.DB) *benefit.Service { return app.New(db).Benefit }

// recovery is the voucher recovering the overpayment of the benefit's
// month in full, dated today (benefit.Service.RecoverOverpayment).
func recovery(t *testing.T, db *sqldb.DB, benefitID, month, receipt string) shebao.OverpaymentRecovery {
	t.Helper()
	os, _, _, err := db.FindOverpayments(admin, shebao.OverpaymentFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.BenefitID == benefitID && o.Month == month {
			return shebao.OverpaymentRecovery{Receipt: receipt, Date: shebao.Today().Format(shebao.DateLayout), Amount: o.Amount}
		}
	}
	t.Fatalf("no overpayment of %s in %s", benefitID, month)
	return shebao.OverpaymentRecovery{}
}
