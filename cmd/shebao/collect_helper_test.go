package main

import (
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/collect"
	"github.com/shebao/shebao/sqldb"
)

// collectOf is the collection service over the store: the home of money
// in (payments, refunds, corrections, late fees, flexible employment),
// whose rules left sqldb.
func collectOf(db *sqldb.DB) *collect.Service { return app.New(db).Collect }

// demoWithClerks builds the demo district without persons on the database
// and adds district clerks of one business line (maker and checker of the
// 经办 → 复核 flows), each with the password "correct horse 8".
func demoWithClerks(t *testing.T, dsn, line string, names ...string) {
	t.Helper()
	if _, errOut, code := cli(t, dsn, "demo", "--no-serve", "--persons", "0"); code != 0 {
		t.Fatal(errOut)
	}
	for _, u := range names {
		if _, errOut, code := cliIn(t, dsn, "correct horse 8\n", "user", "add", u, "--role", "clerk", "--line", line, "--region", "640106"); code != 0 {
			t.Fatal(errOut)
		}
	}
}
