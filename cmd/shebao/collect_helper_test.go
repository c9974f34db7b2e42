package main

import (
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/collect"
	"github.com/shebao/shebao/sqldb"
)

// collectOf is the collection service over the store: the home of money
// in (payments, refunds, corrections, late fees, flexible employment),
// whose rules left sqldb.
func collectOf(db *sqldb.DB) *collect.Service { return app.New(db).Collect }
