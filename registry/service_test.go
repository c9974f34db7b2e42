package registry_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/registry"
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

// A pair of registrations in two towns is the district's (issue 14, item
// 1): neither town's clerks see it, scan it, dismiss it, merge it or
// approve its merge; the district's clerks do, and the merge's approval is
// filed under the district, so that no town's approval queue shows it. A
// pair inside one town stays the town's, its merge approved by a second
// clerk of that town.
func TestDuplicatePairAcrossTowns(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		birth := time.Date(1958, 3, 12, 0, 0, 0, 0, time.UTC)
		// Sequence numbers 021 and 022: the ID numbers differ in one digit
		// (before the check character), same name: score 85 across villages.
		inLiangtian := demo.IDNumber("640106", birth, 21, true) // 良田镇魏家桥村
		inFengdeng := demo.IDNumber("640106", birth, 22, true)  // 丰登镇英刘村
		// A pair inside 良田镇: two villages, same name and birth date.
		townA := demo.IDNumber("640106", time.Date(1966, 5, 1, 0, 0, 0, 0, time.UTC), 31, false)
		townB := demo.IDNumber("640106", time.Date(1966, 5, 1, 0, 0, 0, 0, time.UTC), 32, false)
		for _, p := range []*shebao.Person{
			{IDNo: inLiangtian, Name: "马德福", Hukou: shebao.HukouAgricultural, Region: "640106100201"},
			{IDNo: inFengdeng, Name: "马德福", Hukou: shebao.HukouAgricultural, Region: "640106101201"},
			{IDNo: townA, Name: "李秀兰", Hukou: shebao.HukouAgricultural, Region: "640106100201"},
			{IDNo: townB, Name: "李秀兰", Hukou: shebao.HukouAgricultural, Region: "640106100202"},
		} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		// Clerks whose jurisdiction is a town (the town role itself does
		// not review duplicates: shebao.Roles).
		lt1 := sqldbtest.As(shebao.Actor{Name: "lt1", Role: "clerk", Region: "640106100000"}) // 良田镇
		lt2 := sqldbtest.As(shebao.Actor{Name: "lt2", Role: "clerk", Region: "640106100000"})
		fd1 := sqldbtest.As(shebao.Actor{Name: "fd1", Role: "clerk", Region: "640106101000"}) // 丰登镇
		fd2 := sqldbtest.As(shebao.Actor{Name: "fd2", Role: "clerk", Region: "640106101000"})

		// A town's scan finds only its own pair; the district's finds both.
		if res, err := a.Registry.ScanDuplicates(lt1); err != nil || res.Pairs != 1 || res.New != 1 || res.Pending != 1 {
			t.Fatalf("良田镇 scan %+v %v", res, err)
		}
		if res, err := a.Registry.ScanDuplicates(fd1); err != nil || res.Pairs != 0 || res.Pending != 0 {
			t.Fatalf("丰登镇 scan %+v %v", res, err)
		}
		if res, err := a.Registry.ScanDuplicates(maker); err != nil || res.Pairs != 2 || res.New != 1 || res.Pending != 2 {
			t.Fatalf("district scan %+v %v", res, err)
		}
		// Neither town sees the cross-town pair, nor learns it exists.
		for name, ctx := range map[string]context.Context{"良田镇": lt1, "丰登镇": fd1} {
			list, err := a.Registry.FindDuplicates(ctx, "", 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range list {
				if c.A.IDNo == inLiangtian || c.B.IDNo == inLiangtian || c.A.IDNo == inFengdeng || c.B.IDNo == inFengdeng {
					t.Errorf("%s sees the cross-town pair: %s %s", name, c.A.IDNo, c.B.IDNo)
				}
			}
			if err := a.Registry.DismissDuplicate(ctx, inLiangtian, inFengdeng, "不是一人"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("%s dismissed the cross-town pair: %v", name, err)
			}
			if _, err := a.Registry.MergeDuplicate(ctx, inLiangtian, inFengdeng, ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("%s submitted a merge of the cross-town pair: %v", name, err)
			}
		}
		if list, _ := a.Registry.FindDuplicates(fd1, "", 100); len(list) != 0 {
			t.Errorf("丰登镇 queue: %d pairs", len(list))
		}
		if list, _ := a.Registry.FindDuplicates(maker, "", 100); len(list) != 2 {
			t.Errorf("district queue: %d pairs, want 2", len(list))
		}

		// The district submits the merge: its approval is the district's.
		ap, err := a.Registry.MergeDuplicate(maker, inLiangtian, inFengdeng, "户籍核实为同一人")
		if err != nil {
			t.Fatal(err)
		}
		if ap.Region != "640106000000" {
			t.Errorf("merge approval filed under %s, want the district 640106000000", ap.Region)
		}
		for name, ctx := range map[string]context.Context{"lt2": lt2, "fd2": fd2} {
			queue, err := a.Approve.FindApprovals(ctx, "", 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range queue {
				if q.ID == ap.ID {
					t.Errorf("%s's approval queue shows the cross-town merge", name)
				}
			}
			if _, err := a.Approve.DecideApproval(ctx, ap.ID, true, ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("%s approved the cross-town merge: %v", name, err)
			}
		}
		if _, err := a.Approve.DecideApproval(checker, ap.ID, true, "核对户口簿"); err != nil {
			t.Fatalf("district checker: %v", err)
		}
		if p, err := a.Registry.FindPerson(admin, inFengdeng); err != nil || p.Status == "" {
			t.Fatalf("merged person %+v %v", p, err)
		}

		// The pair inside 良田镇 stays the town's: one clerk submits, the
		// other approves; 丰登镇 sees neither.
		ap2, err := a.Registry.MergeDuplicate(lt1, townA, townB, "")
		if err != nil {
			t.Fatal(err)
		}
		if ap2.Region != "640106100000" {
			t.Errorf("town merge filed under %s, want 良田镇 640106100000", ap2.Region)
		}
		if _, err := a.Approve.DecideApproval(fd2, ap2.ID, true, ""); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another town approved: %v", err)
		}
		if _, err := a.Approve.DecideApproval(lt2, ap2.ID, true, "同一人"); err != nil {
			t.Errorf("second clerk of the town: %v", err)
		}
	})
}

// A bulk load refreshes the planner's statistics each time what it wrote
// has doubled: after its 1st, 2nd, 4th, 8th … chunk, and never before its
// first.
func TestDoublingPoint(t *testing.T) {
	var got []int
	for chunk := -1; chunk <= 70; chunk++ {
		if registry.DoublingPoint(chunk) {
			got = append(got, chunk)
		}
	}
	if want := []int{1, 2, 4, 8, 16, 32, 64}; !slices.Equal(got, want) {
		t.Errorf("refreshed after chunks %v, want %v", got, want)
	}
}
