package gen_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestGenerateKeepsInvariants runs gen as `shebao gen` does (every option
// on) in chunks, and checks what its bulk paths must keep, against full
// recounts rather than gen's own figures: the statistics counters equal a
// recount of the records (VerifyCounters), the ledger balances, the audit
// chain verifies, the rows stored are the ones gen counts (persons;
// enrollments generated plus those the land rosters made; claims), and a
// second run changes none of it. The same seed gives the same district on
// both engines: the same counts and the same ledger totals, fund by fund.
func TestGenerateKeepsInvariants(t *testing.T) {
	type outcome struct {
		res    gen.Result
		ledger []shebao.FundCheck
		rows   [3]int
	}
	var first *outcome
	o := gen.Options{Persons: 1200, Seed: 7, Chunk: 400, Labor: true, Land: true, Tekun: true, Assist: true}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
		a := app.New(db)
		check := func(when string, res *gen.Result) outcome {
			t.Helper()
			if diffs, err := db.VerifyCounters(ctx, 20); err != nil || len(diffs) > 0 {
				t.Errorf("%s: counters differ from a full recount: %v %v", when, diffs, err)
			}
			l, err := db.CheckLedger(ctx)
			if err != nil || !l.Balanced {
				t.Errorf("%s: ledger %+v %v", when, l, err)
			}
			if ok, bad, err := a.Audit.VerifyAudit(ctx); err != nil || !ok {
				t.Errorf("%s: audit chain broken at %d: %v", when, bad, err)
			}
			_, persons, _ := db.FindPersons(ctx, shebao.PersonFilter{Limit: 1})
			_, enrolled, _ := db.FindEnrollments(ctx, shebao.EnrollmentFilter{Limit: 1})
			_, claims, _ := db.FindClaims(ctx, shebao.ClaimFilter{Limit: 1})
			if persons != o.Persons || enrolled != res.Enrollments+res.LandSecured || claims != res.Claims {
				t.Errorf("%s: stored %d persons, %d enrollments, %d claims; generated %d, %d + %d by rosters, %d",
					when, persons, enrolled, claims, o.Persons, res.Enrollments, res.LandSecured, res.Claims)
			}
			out := outcome{res: *res, ledger: l.Funds, rows: [3]int{persons, enrolled, claims}}
			out.res.Phases = nil
			return out
		}
		res, err := gen.Generate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons != o.Persons || res.Tekun == 0 || res.DibaoCases == 0 || res.Parcels == 0 || res.Claims == 0 || res.Accounts == 0 {
			t.Fatalf("%+v", res)
		}
		got := check("after gen", res)
		again, err := gen.Generate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		got2 := check("after gen again", again)
		if !reflect.DeepEqual(got.ledger, got2.ledger) || got.rows != got2.rows {
			t.Errorf("gen again changed the district: ledger %+v then %+v, rows %v then %v", got.ledger, got2.ledger, got.rows, got2.rows)
		}
		if first == nil {
			first = &got
			return
		}
		if !reflect.DeepEqual(first.res, got.res) || !reflect.DeepEqual(first.ledger, got.ledger) || first.rows != got.rows {
			t.Errorf("the same seed made another district on this engine:\n%+v\n%+v", first, got)
		}
	})
}
