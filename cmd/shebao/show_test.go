package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// `show person` as text lists the person's enrollments (scheme, status,
// dates, employer) and benefits below the registration, as the person page
// does, on both engines.
func TestShowPersonText(t *testing.T) {
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			if _, errOut, code := cli(t, eng.DSN, "demo", "--no-serve", "--persons", "200"); code != 0 {
				t.Fatal(errOut)
			}
			ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
			db, err := sqldb.Open(ctx, eng.DSN)
			if err != nil {
				t.Fatal(err)
			}
			a := app.New(db)
			bs, _, err := a.Benefit.FindBenefits(ctx, shebao.BenefitFilter{Limit: 1})
			if err != nil || len(bs) == 0 {
				t.Fatalf("no benefit in the demo: %v", err)
			}
			b := bs[0]
			ns, _, err := a.Enroll.FindEnrollments(ctx, shebao.EnrollmentFilter{IDNo: b.IDNo, Limit: 100})
			if err != nil || len(ns) == 0 {
				t.Fatalf("the pensioner's enrollments: %v", err)
			}
			db.Close()
			out, errOut, code := cli(t, eng.DSN, "show", "person", b.IDNo)
			if code != 0 {
				t.Fatal(errOut)
			}
			for _, want := range []string{
				fmt.Sprintf("参保登记: %d条", len(ns)),
				fmt.Sprintf("  %s %s %s 自%s", ns[0].Scheme, ns[0].SchemeName, ns[0].Status, ns[0].StartDate),
				"待遇: ",
				fmt.Sprintf("%s %s %s 自%s起 每月%s元", b.Scheme, b.KindName, b.Status, b.StartMonth, b.Monthly),
			} {
				if !strings.Contains(out, want) {
					t.Errorf("show person without %q:\n%s", want, out)
				}
			}
		})
	}
}
