package sqldb_test

import (
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/sqldb"
)

// benefits is the benefit service over the store: the determinations, the
// payroll, the adjustment and the overpayments' recovery are its rules
// (benefit), over the store's methods that these tests exercise.
func benefits(db *sqldb.DB) *benefit.Service { return app.New(db).Benefit }
