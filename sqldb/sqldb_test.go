package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var admin = shebao.WithActor(context.Background(), shebao.SystemActor)

// seedRegions loads the demo region tree.
func seedRegions(t *testing.T, db *sqldb.DB) {
	t.Helper()
	for _, r := range demo.Regions {
		r := r
		if _, err := db.SaveRegion(admin, &r); err != nil {
			t.Fatalf("save region %s: %v", r.Code, err)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v", applied)
		}
		ms, _ := sqldb.Migrations()
		v, err := db.SchemaVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := v, ms[len(ms)-1].Version; got != want {
			t.Fatalf("schema version %d, want %d", got, want)
		}
	})
}

func TestRegionsDeriveLevelAndParent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		r, err := db.FindRegion(admin, "640106100201")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := r.Level, 5; got != want {
			t.Errorf("level %d, want %d", got, want)
		}
		if got, want := r.Parent, "640106100000"; got != want {
			t.Errorf("parent %s, want %s", got, want)
		}
		// Short forms are padded: "640106" is the district.
		r, err = db.FindRegion(admin, "640106")
		if err != nil || r.Name != "金凤区" {
			t.Fatalf("FindRegion(640106) = %+v, %v", r, err)
		}
		kids, total, err := db.FindRegions(admin, shebao.RegionFilter{Parent: "640106100000"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(kids) != 3 || kids[0].Name != "魏家桥村" {
			t.Errorf("children of 良田镇 = %d %v", total, kids)
		}
		// A village whose town does not exist is refused.
		_, err = db.SaveRegion(admin, &shebao.Region{Code: "640106999201", Name: "无主村"})
		if shebao.ErrorCode(err) != shebao.EINVALID || !strings.Contains(shebao.ErrorMessage(err), "上级区划640106999000不存在") {
			t.Errorf("orphan region: %v", err)
		}
		// Renaming keeps the code and is audited.
		if created, err := db.SaveRegion(admin, &shebao.Region{Code: "640106100203", Name: "高桥村委会"}); err != nil || created {
			t.Fatalf("rename: %v %v", created, err)
		}
		entries, err := db.FindAudit(admin, shebao.AuditFilter{Entity: "region", Key: "640106100203"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "region.update" {
			t.Errorf("audit of rename: %+v", entries)
		}
	})
}

const female1949 = "11010519491231002X"

// Valid numbers computed with the check-character rule (idno.CheckCharID).
var (
	male1960   = demo.IDNumber("640106", time.Date(1960, 5, 1, 0, 0, 0, 0, time.UTC), 12, true)
	female1975 = demo.IDNumber("640106", time.Date(1975, 12, 1, 0, 0, 0, 0, time.UTC), 40, false)
)

func person(id, name, region string) *shebao.Person {
	return &shebao.Person{IDNo: id, Name: name, Hukou: "农业", Region: region}
}

func TestPersonLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		p := person(" 11010519491231002x ", "王秀英", "640106100201")
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
		if got, want := p.IDNo, female1949; got != want {
			t.Errorf("stored number %s, want %s", got, want)
		}
		if p.Sex != "女" || p.Birth != "1949-12-31" || p.RegionName != "魏家桥村" || p.Version != 1 {
			t.Errorf("derived facts wrong: %+v", p)
		}
		// Any accepted form finds the person: full width, lower-case x.
		for _, form := range []string{female1949, "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ"} {
			if _, err := db.FindPerson(admin, form); err != nil {
				t.Errorf("FindPerson(%q): %v", form, err)
			}
		}
		// Registering the same number again is a conflict naming the holder.
		err := db.CreatePerson(admin, person(female1949, "王秀英", "640106100202"))
		if shebao.ErrorCode(err) != shebao.ECONFLICT || !strings.Contains(shebao.ErrorMessage(err), "王秀英") {
			t.Errorf("duplicate: %v", err)
		}
		// Sex typed against the number is refused.
		q := person(male1960, "李四", "640106100201")
		q.Sex = "女"
		if err := db.CreatePerson(admin, q); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("sex mismatch accepted: %v", err)
		}
		// An unknown region is refused with the field.
		err = db.CreatePerson(admin, person(male1960, "李四", "640106100299"))
		var e *shebao.Error
		if shebao.ErrorCode(err) != shebao.EINVALID || !errorsAs(err, &e) || e.Field != "所属区划" {
			t.Errorf("unknown region: %v", err)
		}

		name, phone := "王秀兰", "13912345678"
		u, err := db.UpdatePerson(admin, female1949, shebao.PersonUpdate{Name: &name, Phone: &phone, Reason: "户籍更正"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != name || u.Version != 2 {
			t.Errorf("updated: %+v", u)
		}
		// No-op update changes nothing.
		if u2, err := db.UpdatePerson(admin, female1949, shebao.PersonUpdate{Name: &name}); err != nil || u2.Version != 2 {
			t.Errorf("no-op update bumped version: %+v %v", u2, err)
		}
		hist, err := db.PersonHistory(admin, female1949)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || hist[0].Before.Name != "王秀英" || hist[0].Reason != "户籍更正" || len(hist[0].Changes) != 2 {
			t.Fatalf("history: %+v", hist)
		}
		// Audit: create, update, reads.
		entries, err := db.FindAudit(admin, shebao.AuditFilter{Entity: "person", Key: female1949, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, a := range entries {
			actions[a.Action]++
		}
		if actions["person.create"] != 1 || actions["person.update"] != 1 || actions["person.read"] < 3 {
			t.Errorf("audit actions: %v", actions)
		}
	})
}

func errorsAs(err error, e **shebao.Error) bool {
	x, ok := err.(*shebao.Error)
	if ok {
		*e = x
	}
	return ok
}

func TestJurisdiction(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		in := person(female1949, "王秀英", "640106100201") // 魏家桥村
		out := person(male1960, "李四", "640106101201")   // 英刘村, another town
		for _, p := range []*shebao.Person{in, out} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		village := shebao.WithActor(context.Background(), shebao.Actor{Name: "cadre", Role: "village", Region: "640106100201"})
		town := shebao.WithActor(context.Background(), shebao.Actor{Name: "town", Role: "town", Region: "640106101000"})
		if _, err := db.FindPerson(village, in.IDNo); err != nil {
			t.Errorf("village cannot see own resident: %v", err)
		}
		if _, err := db.FindPerson(village, out.IDNo); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("village sees another town's resident: %v", err)
		}
		ps, total, err := db.FindPersons(village, shebao.PersonFilter{})
		if err != nil || total != 1 || len(ps) != 1 || ps[0].IDNo != in.IDNo {
			t.Errorf("village search: %d %v %v", total, ps, err)
		}
		// Asking for a wider region does not widen the scope.
		ps, total, _ = db.FindPersons(village, shebao.PersonFilter{Region: "640106"})
		if total != 1 || len(ps) != 1 {
			t.Errorf("village search of district: %d", total)
		}
		_, total, _ = db.FindPersons(town, shebao.PersonFilter{})
		if total != 1 {
			t.Errorf("town sees %d persons, want 1", total)
		}
		// Writes outside the jurisdiction are refused.
		if err := db.CreatePerson(village, person(female1975, "赵五", "640106101201")); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("village created a person in another town: %v", err)
		}
		name := "改名"
		if _, err := db.UpdatePerson(village, out.IDNo, shebao.PersonUpdate{Name: &name}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("village updated another town's resident: %v", err)
		}
		// No actor, no data.
		if _, err := db.FindPerson(context.Background(), in.IDNo); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("anonymous read: %v", err)
		}
	})
}

func TestImportPersonsOutcomes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		today := shebao.Today()
		ps := demo.Persons(1, 1200)
		for _, p := range ps {
			if err := shebao.NormalizePerson(p, today); err != nil {
				t.Fatal(err)
			}
		}
		load := func(run string, ps []*shebao.Person) map[shebao.Outcome]int {
			for i, p := range ps {
				p.Source = shebao.ImportSource(run, i+2)
			}
			outs, errs, err := db.ImportPersons(admin, run, ps)
			if err != nil {
				t.Fatal(err)
			}
			n := map[shebao.Outcome]int{}
			for i := range outs {
				if errs[i] != nil {
					t.Fatalf("row %d: %v", i, errs[i])
				}
				n[outs[i]]++
			}
			return n
		}
		if n := load("r1", ps); n[shebao.Created] != 1200 {
			t.Fatalf("first load: %v", n)
		}
		again := demo.Persons(1, 1200)
		for _, p := range again {
			shebao.NormalizePerson(p, today)
		}
		again[5].Name = "更正名"
		if n := load("r2", again); n[shebao.Unchanged] != 1199 || n[shebao.Updated] != 1 {
			t.Fatalf("second load: %v", n)
		}
		_, total, _ := db.FindPersons(admin, shebao.PersonFilter{})
		if total != 1200 {
			t.Fatalf("total %d", total)
		}
		hist, err := db.PersonHistory(admin, again[5].IDNo)
		if err != nil || len(hist) != 1 || hist[0].Source != shebao.ImportSource("r2", 7) {
			t.Fatalf("history after import update: %+v %v", hist, err)
		}
	})
}
