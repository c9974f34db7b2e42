package gen_test

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestGenerateAssist generates 3,000 persons with social assistance on
// both engines, twice: approved 低保 cases (a few refused at the
// investigation where the registry check finds a member's pension or
// wages), each approved one with its dibao benefit of the case's amount;
// the persons in cases 3–5% of those of rural villages and fewer in urban
// communities; the second run writes no case.
func TestGenerateAssist(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
		a := app.New(db)
		o := gen.Options{Persons: 3000, Seed: 7, Chunk: 1000, Assist: true}
		res, err := gen.Generate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		cs, total, err := a.Assist.FindCases(ctx, shebao.AssistCaseFilter{Limit: 1000})
		if err != nil || total != res.DibaoCases || total < 20 {
			t.Fatalf("%d cases stored, %d generated: %v", total, res.DibaoCases, err)
		}
		approved, refused := 0, 0
		inCases := map[bool]int{}
		for _, c := range cs {
			switch c.Status {
			case shebao.CaseApproved:
				approved++
				b, err := db.FindBenefit(ctx, c.BenefitID)
				if err != nil || b.Kind != shebao.BenefitDibao || b.Scheme != shebao.FundAssistance || b.Monthly != c.Monthly {
					t.Errorf("case %s benefit %+v %v", c.ID, b, err)
				}
			case shebao.CaseRefused:
				refused++
			default:
				t.Errorf("case %s %s", c.ID, c.Status)
			}
			inCases[c.Region[6:9] >= "103"] += len(c.Members)
		}
		if approved < total*3/4 {
			t.Errorf("%d approved, %d refused of %d", approved, refused, total)
		}
		// Rural: the villages of the two towns (101, 102); urban: those of
		// the subdistricts.
		living := map[bool]int{}
		for _, town := range []string{"640106101000", "640106102000"} {
			_, n, err := db.FindPersons(ctx, shebao.PersonFilter{Region: town, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			living[false] += n
		}
		living[true] = 3000 - living[false]
		rural := inCases[false] * 1000 / living[false]
		urban := inCases[true] * 1000 / max(living[true], 1)
		if rural < 30 || rural > 50 || urban >= rural {
			t.Errorf("persons in cases: rural %d‰ (%d of %d), urban %d‰ (%d of %d)", rural, inCases[false], living[false], urban, inCases[true], living[true])
		}
		again, err := gen.Generate(ctx, a, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, n, _ := a.Assist.FindCases(ctx, shebao.AssistCaseFilter{Limit: 1}); again.DibaoCases != 0 || n != total {
			t.Errorf("second run wrote %d cases; %d stored, %d before", again.DibaoCases, n, total)
		}
	})
}
