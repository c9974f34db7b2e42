package registry_test

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var (
	admin   = sqldbtest.Admin()
	town    = sqldbtest.As(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"}) // 良田镇
	maker   = sqldbtest.As(shebao.Actor{Name: "clerk1", Role: "clerk/registration", Region: "640106000000"})
	checker = sqldbtest.As(shebao.Actor{Name: "clerk2", Role: "clerk", Region: "640106000000"})
)

func id(year, seq int) string {
	return demo.IDNumber("640106", time.Date(year, 3, 12, 0, 0, 0, 0, time.UTC), seq, true)
}

// An import by a town decides each row against the registry: created in
// the town, refused outside it, refused for a person registered in
// another town, refused for a number the same file had already, updated
// with history when changed, unchanged when not.
func TestImportPersonsByTown(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		elsewhere := &shebao.Person{IDNo: id(1960, 1), Name: "马德福", Hukou: shebao.HukouAgricultural, Region: "640106101201"}
		known := &shebao.Person{IDNo: id(1961, 2), Name: "马德禄", Hukou: shebao.HukouAgricultural, Region: "640106100201"}
		same := &shebao.Person{IDNo: id(1962, 3), Name: "马德寿", Hukou: shebao.HukouAgricultural, Region: "640106100201"}
		for _, p := range []*shebao.Person{elsewhere, known, same} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		rows := []*shebao.Person{
			{IDNo: id(1970, 4), Name: "新登记", Hukou: shebao.HukouAgricultural, Region: "640106100202"},
			{IDNo: id(1971, 5), Name: "外镇人", Hukou: shebao.HukouAgricultural, Region: "640106101201"},
			{IDNo: elsewhere.IDNo, Name: "马德福", Hukou: shebao.HukouAgricultural, Region: "640106100201"},
			{IDNo: known.IDNo, Name: "马德禄", Hukou: shebao.HukouAgricultural, Region: "640106100201", Phone: "13900001111"},
			{IDNo: same.IDNo, Name: "马德寿", Hukou: shebao.HukouAgricultural, Region: "640106100201"},
		}
		for i, p := range rows {
			if err := shebao.NormalizePerson(p, shebao.Today()); err != nil {
				t.Fatal(err)
			}
			p.Source = shebao.ImportSource("run1", i+2)
		}
		out, errs, err := a.Registry.ImportPersons(town, "run1", rows)
		if err != nil {
			t.Fatal(err)
		}
		want := []shebao.Outcome{shebao.Created, 0, 0, shebao.Updated, shebao.Unchanged}
		for i := range rows {
			if out[i] != want[i] || (want[i] == 0) != (errs[i] != nil) {
				t.Errorf("row %d: %v %v, want %v", i+2, out[i], errs[i], want[i])
			}
		}
		// The same file again: the created number is a repeat of its row.
		again := []*shebao.Person{rows[0]}
		if _, errs, err := a.Registry.ImportPersons(town, "run1", again); err != nil || errs[0] == nil {
			t.Errorf("a number twice in one run: %v %v", errs, err)
		}
		if h, err := a.Registry.PersonHistory(admin, known.IDNo); err != nil || len(h) != 1 || h[0].Reason != "批量导入" {
			t.Errorf("history %+v %v", h, err)
		}
	})
}

// A dismissed pair is not raised again; a merge approved after its pair
// was decided otherwise is refused by the executor, and nothing moves.
func TestDuplicateDecisions(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		// 19580312 and 19580321: one registration mistyped (day and month
		// digits swapped), same name, same village: score 95.
		real := demo.IDNumber("640106", time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC), 21, true)
		swapped := demo.IDNumber("640106", time.Date(1958, 3, 21, 0, 0, 0, 0, time.UTC), 21, true)
		for _, n := range []string{real, swapped} {
			if err := a.Registry.CreatePerson(admin, &shebao.Person{IDNo: n, Name: "马德福", Hukou: shebao.HukouAgricultural, Region: "640106100201"}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := a.Registry.ScanDuplicates(maker)
		if err != nil || res.Pairs != 1 || res.New != 1 || res.Pending != 1 {
			t.Fatalf("scan %+v %v", res, err)
		}
		ap, err := a.Registry.MergeDuplicate(maker, real, swapped, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Registry.DismissDuplicate(maker, swapped, real, "两人"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Approve.DecideApproval(checker, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("a merge of a dismissed pair approved: %v", err)
		}
		if ps, total, _ := a.Registry.FindPersons(admin, shebao.PersonFilter{Name: "马德福"}); total != 2 {
			t.Errorf("registrations after the refused merge: %d %+v", total, ps)
		}
		if res, err := a.Registry.ScanDuplicates(maker); err != nil || res.New != 0 || res.Pending != 0 {
			t.Errorf("rescan %+v %v", res, err)
		}
		if err := a.Registry.DismissDuplicate(maker, real, swapped, ""); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("dismissed twice: %v", err)
		}
	})
}
