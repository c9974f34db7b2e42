package gen_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestGenerateIsDeterministicAndIdempotent(t *testing.T) {
	regions := gen.Regions(1)
	villages := 0
	for _, r := range regions {
		if r.Code[9:] != "000" {
			villages++
		}
	}
	if villages != 296 {
		t.Errorf("%d villages, the seed's district has 296", villages)
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
		res, err := gen.Generate(ctx, db, gen.Options{Persons: 5000, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons != 5000 || res.Employers != 50 || res.Enrollments < 5000 {
			t.Fatalf("%+v", res)
		}
		again, err := gen.Generate(ctx, db, gen.Options{Persons: 5000, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		_, total, _ := db.FindPersons(ctx, shebao.PersonFilter{})
		_, enrolled, _ := db.FindEnrollments(ctx, shebao.EnrollmentFilter{})
		if total != 5000 || again.Persons != 5000 || enrolled != res.Enrollments {
			t.Errorf("second run changed the district: %d persons, %d enrollments (first %d)", total, enrolled, res.Enrollments)
		}
		// The history a district takes over: yearly records, opening
		// balances and pensions in payment, each pension explained; all of
		// it once, however often gen runs, and the ledger balanced.
		if res.HistoryYears < 10*res.Accounts/2 || res.Accounts == 0 || res.Pensioners == 0 {
			t.Errorf("history %+v", res)
		}
		pensions, n, err := db.FindBenefits(ctx, shebao.BenefitFilter{Limit: 1000})
		if err != nil || n != res.Pensioners {
			t.Fatalf("%d benefits after two runs, generated %d: %v", n, res.Pensioners, err)
		}
		for _, b := range pensions {
			if b.Monthly <= 0 || !strings.Contains(b.Explanation, "养老金") {
				t.Fatalf("pension %+v", b)
			}
		}
		check, err := db.CheckLedger(ctx)
		if err != nil || !check.Balanced {
			t.Fatalf("ledger after gen: %+v %v", check, err)
		}
	})
}
