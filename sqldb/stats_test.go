package sqldb_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// statsFixture seeds the demo regions with a handful of persons whose every
// count is known, through the store's own operations (enroll, start
// benefit, suspend, terminate, death, duplicate merge), and returns the
// persons by letter.
//
//	A 1949 ♀ 魏家桥村 农业   170 享受待遇, 390 参保缴费
//	B 1960 ♂ 魏家桥村 农业   增员: 110 210 310 410 510 参保缴费
//	C 1975 ♀ 盈南村   农业   170 终止 (not open)
//	D 2015 ♂ 英刘村   农业   390 参保缴费 (a child)
//	E 1980 ♂ 东门社区 非农业 390 参保缴费, merged from H
//	F 1970 ♂ 英刘村   居民   170 暂停缴费
//	G 1950 ♀ 英刘村   农业   170 参保缴费, then deceased (死亡未停保)
//	H = E registered twice (one digit off), merged into E
func statsFixture(t *testing.T, db *sqldb.DB) map[string]string {
	t.Helper()
	seedRegions(t, db)
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	ids := map[string]string{
		"A": demo.IDNumber("640106", date(1949, 3, 2), 1, false),
		"B": demo.IDNumber("640106", date(1960, 5, 1), 2, true),
		"C": demo.IDNumber("640106", date(1975, 12, 1), 3, false),
		"D": demo.IDNumber("640106", date(2015, 6, 1), 4, true),
		"E": demo.IDNumber("640106", date(1980, 8, 8), 12, true),
		"F": demo.IDNumber("640106", date(1970, 1, 9), 6, true),
		"G": demo.IDNumber("640106", date(1950, 2, 3), 7, false),
		"H": demo.IDNumber("640106", date(1980, 8, 8), 13, true),
	}
	persons := []*shebao.Person{
		{IDNo: ids["A"], Name: "王秀英", Hukou: "农业", Region: "640106100201"},
		{IDNo: ids["B"], Name: "马德福", Hukou: "农业", Region: "640106100201"},
		{IDNo: ids["C"], Name: "李娟", Hukou: "农业", Region: "640106100202"},
		{IDNo: ids["D"], Name: "张小军", Hukou: "农业", Region: "640106101201"},
		{IDNo: ids["E"], Name: "刘建国", Hukou: "非农业", Region: "640106001001"},
		{IDNo: ids["F"], Name: "杨志强", Hukou: "居民", Region: "640106101201"},
		{IDNo: ids["G"], Name: "赵桂英", Hukou: "农业", Region: "640106101201"},
		{IDNo: ids["H"], Name: "刘建国", Hukou: "非农业", Region: "640106001001"},
	}
	for _, p := range persons {
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatalf("create %s: %v", p.Name, err)
		}
	}
	emp := &shebao.Employer{USCC: demo.USCC("640106", 1), Name: "宁夏金凤建筑工程有限公司", RiskClass: 6, Region: "640106100201"}
	if err := db.CreateEmployer(admin, emp); err != nil {
		t.Fatal(err)
	}
	thisYear := fmt.Sprintf("%d-01-01", shebao.Today().Year())
	enroll := func(who, scheme, date string) *shebao.Enrollment {
		t.Helper()
		n, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: ids[who], Scheme: scheme, Date: date})
		if err != nil {
			t.Fatalf("enroll %s in %s: %v", who, scheme, err)
		}
		return n
	}
	change := func(n *shebao.Enrollment, action, date, reason string) {
		t.Helper()
		if _, err := db.ChangeEnrollment(admin, n.ID, shebao.ChangeRequest{Action: action, Date: date, Reason: reason}); err != nil {
			t.Fatalf("%s %s: %v", action, n.ID, err)
		}
	}
	change(enroll("A", "170", "2010-01-01"), shebao.ActStartBenefit, "2014-04-01", "")
	enroll("A", "390", thisYear)
	if _, err := db.Hire(admin, ids["B"], emp.USCC, "2012-03-01", nil); err != nil {
		t.Fatal(err)
	}
	change(enroll("C", "170", "2011-01-01"), shebao.ActTerminate, "2015-01-01", shebao.EndEmigrated)
	enroll("D", "390", thisYear)
	change(enroll("F", "170", "2012-01-01"), shebao.ActSuspend, "2016-01-01", "")
	enroll("G", "170", "2010-01-01")
	dead, deathDate := shebao.StatusDeceased, "2023-05-01"
	if _, err := db.UpdatePerson(admin, ids["G"], shebao.PersonUpdate{Status: &dead, DeathDate: &deathDate, Reason: "死亡登记"}); err != nil {
		t.Fatal(err)
	}
	enroll("H", "390", thisYear)
	if _, err := db.ScanDuplicates(admin); err != nil {
		t.Fatal(err)
	}
	ap, err := db.MergeDuplicate(admin, ids["E"], ids["H"], "同一人")
	if err != nil {
		t.Fatal(err)
	}
	checker := shebao.WithActor(admin, shebao.Actor{Name: "checker", Role: shebao.RoleAdmin, Remote: "test"})
	if _, err := app.New(db).Approve.DecideApproval(checker, ap.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestStats(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer verifyCounters(t, db) // the statistics kept by these writes are a recount of them
		ids := statsFixture(t, db)

		t.Run("district", func(t *testing.T) {
			st, err := db.Stats(admin, "640106")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Region.Name, "金凤区"; got != want {
				t.Errorf("region %q, want %q", got, want)
			}
			if got, want := st.Coverage, (shebao.Coverage{Persons: 7, Deceased: 1, Insured: 6, Adults: 5, Pension: 3}); got != want {
				t.Errorf("totals %+v, want %+v", got, want)
			}
			if got, want := st.RatePermille(), 600; got != want {
				t.Errorf("coverage %d‰, want %d‰", got, want)
			}
			if got, want := fmt.Sprint(st.ByHukou), "[{农业 5} {非农业 1} {居民 1}]"; got != want {
				t.Errorf("by hukou %s, want %s", got, want)
			}
			want := map[string]shebao.SchemeCount{
				"110": {Active: 1}, "120": {}, "170": {Active: 1, Suspended: 1, Benefit: 1}, "210": {Active: 1},
				"310": {Active: 1}, "390": {Active: 3}, "410": {Active: 1}, "510": {Active: 1}, "910": {},
			}
			if len(st.Schemes) != len(shebao.Schemes) {
				t.Fatalf("%d schemes, want the catalogue's %d", len(st.Schemes), len(shebao.Schemes))
			}
			for i, c := range st.Schemes {
				if c.Scheme != shebao.Schemes[i].Code || c.Name != shebao.Schemes[i].Name {
					t.Errorf("scheme %d is %s %s, want %s", i, c.Scheme, c.Name, shebao.Schemes[i].Code)
				}
				w := want[c.Scheme]
				w.Scheme, w.Name = c.Scheme, c.Name
				if c != w {
					t.Errorf("scheme %s: %+v, want %+v", c.Scheme, c, w)
				}
			}
			if got, want := st.OpenEnrollments(), 11; got != want {
				t.Errorf("open enrollments %d, want %d", got, want)
			}
			if got, want := st.Employers, 1; got != want {
				t.Errorf("employers %d, want %d", got, want)
			}
			wantChildren := []string{
				"640106001000 满城北街街道 {Persons:1 Deceased:0 Insured:1 Adults:1 Pension:0}",
				"640106100000 良田镇 {Persons:3 Deceased:0 Insured:2 Adults:3 Pension:2}",
				"640106101000 丰登镇 {Persons:3 Deceased:1 Insured:3 Adults:1 Pension:1}",
			}
			checkChildren(t, st, wantChildren)
			if st.Direct != nil {
				t.Errorf("persons registered at the district itself: %+v", st.Direct)
			}
			// The person search counts the same persons.
			_, total, err := db.FindPersons(admin, shebao.PersonFilter{Region: "640106", Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if total != st.Persons {
				t.Errorf("FindPersons counts %d, Stats %d", total, st.Persons)
			}
		})

		t.Run("whole database", func(t *testing.T) {
			st, err := db.Stats(admin, "")
			if err != nil {
				t.Fatal(err)
			}
			if st.Region.Code != "" || st.Persons != 7 {
				t.Errorf("whole database: region %q, %d persons", st.Region.Code, st.Persons)
			}
			checkChildren(t, st, []string{"640000000000 宁夏回族自治区 {Persons:7 Deceased:1 Insured:6 Adults:5 Pension:3}"})
		})

		t.Run("town clerk sees the town", func(t *testing.T) {
			town := shebao.WithActor(admin, shebao.Actor{Name: "liangtian", Role: shebao.RoleTown, Region: "640106100000"})
			st, err := db.Stats(town, "")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Coverage, (shebao.Coverage{Persons: 3, Insured: 2, Adults: 3, Pension: 2}); got != want {
				t.Errorf("town totals %+v, want %+v", got, want)
			}
			checkChildren(t, st, []string{
				"640106100201 魏家桥村 {Persons:2 Deceased:0 Insured:2 Adults:2 Pension:2}",
				"640106100202 盈南村 {Persons:1 Deceased:0 Insured:0 Adults:1 Pension:0}",
				"640106100203 高桥村 {Persons:0 Deceased:0 Insured:0 Adults:0 Pension:0}",
			})
			open := map[string]int{}
			for _, c := range st.Schemes {
				open[c.Scheme] = c.Open()
			}
			if got, want := fmt.Sprint(open), "map[110:1 120:0 170:1 210:1 310:1 390:1 410:1 510:1 910:0]"; got != want {
				t.Errorf("town enrollments %s, want %s", got, want)
			}
			// A village of the town is inside; another town is not there at all.
			if st, err := db.Stats(town, "640106100202"); err != nil || st.Persons != 1 || len(st.Children) != 0 {
				t.Errorf("village of the town: %+v, %v", st, err)
			}
			if _, err := db.Stats(town, "640106101000"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("other town: %v, want not found", err)
			}
			if _, err := db.Stats(town, "640106"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("the district above: %v, want not found", err)
			}
		})

		t.Run("rights", func(t *testing.T) {
			citizen := shebao.WithActor(admin, shebao.Actor{Name: "c", Role: shebao.RoleCitizen, Region: "640106100201", IDNo: ids["A"]})
			if _, err := db.Stats(citizen, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
				t.Errorf("citizen: %v, want forbidden", err)
			}
			land := shebao.WithActor(admin, shebao.Actor{Name: "l", Role: shebao.RoleLand, Region: "640106000000"})
			if st, err := db.Stats(land, ""); err != nil || st.Persons != 7 {
				t.Errorf("land bureau reads statistics: %v", err)
			}
			if _, err := db.Stats(admin, "9"); shebao.ErrorCode(err) != shebao.EINVALID {
				t.Errorf("bad code: %v", err)
			}
			if _, err := db.Stats(admin, "640106102000"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
				t.Errorf("unknown region: %v", err)
			}
			if _, err := db.Stats(shebao.WithActor(admin, shebao.Actor{}), ""); shebao.ErrorCode(err) == "" {
				t.Error("no actor: no error")
			}
		})
	})
}

// TestStatsAgreeWithLiveCount counts a generated district, with three
// deaths, twice: by the statistics counters (db.Stats, the report service)
// and straight from the records as the dashboard used to (db.LiveStats, by
// both of its plans), and wants the same figures everywhere: the whole
// database, the district, a town and a village. The clock is moved past
// every date gen writes (it dates some enrollments later this year, which
// the counters count from their date and the records' state counts now).
func TestStatsAgreeWithLiveCount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		const persons = 3000
		if _, err := gen.Generate(admin, app.New(db), gen.Options{Persons: persons, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		regions := gen.Regions(7)
		// gen makes nobody deceased: three of a village die, one of them
		// insured in a pension scheme.
		ps, _, err := db.FindPersons(admin, shebao.PersonFilter{Region: regions[4].Code, Limit: 3})
		if err != nil || len(ps) != 3 {
			t.Fatalf("%d persons, %v", len(ps), err)
		}
		for _, p := range ps {
			dead, deathDate := shebao.StatusDeceased, shebao.Today().AddDate(0, -1, 0).Format(shebao.DateLayout)
			if _, err := db.UpdatePerson(admin, p.IDNo, shebao.PersonUpdate{Status: &dead, DeathDate: &deathDate, Reason: "死亡登记"}); err != nil {
				t.Fatal(err)
			}
		}
		now := shebao.Now
		later := now().AddDate(0, 0, 400)
		shebao.Now = func() time.Time { return later }
		defer func() { shebao.Now = now }()
		for _, region := range []string{"", gen.District, regions[3].Code, regions[4].Code} {
			var live []*shebao.Stats
			for _, plan := range sqldb.StatsPlans {
				restore := sqldb.ForceStatsPlan(plan)
				st, err := db.LiveStats(admin, region)
				restore()
				if err != nil {
					t.Fatalf("%s by %s: %v", region, plan, err)
				}
				live = append(live, st)
			}
			if !reflect.DeepEqual(live[0], live[1]) {
				t.Errorf("region %q: the live plans differ: %+v, %+v", region, live[0].Coverage, live[1].Coverage)
			}
			st, err := db.Stats(admin, region)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st, live[0]) {
				t.Errorf("region %q: counted %+v\n%+v %+v\nlive %+v\n%+v %+v", region, st.Coverage, st.ByHukou, st.Schemes,
					live[0].Coverage, live[0].ByHukou, live[0].Schemes)
				for i := range st.Children {
					if i < len(live[0].Children) && st.Children[i].Coverage != live[0].Children[i].Coverage {
						t.Errorf("  %s: %+v, %+v", st.Children[i].Region.Code, st.Children[i].Coverage, live[0].Children[i].Coverage)
					}
				}
			}
			// Not a comparison of zeros: the generated persons are counted,
			// most insured, pension coverage neither nil nor full.
			if region == "" || region == gen.District {
				if st.Persons != persons || st.Insured < persons/2 || st.Adults == 0 || st.Pension == 0 || st.Pension == st.Adults || st.Deceased != 3 {
					t.Errorf("region %q: %+v", region, st.Coverage)
				}
			} else if st.Persons == 0 || st.Insured == 0 {
				t.Errorf("region %q: %+v", region, st.Coverage)
			}
			sum := shebao.Coverage{}
			for _, c := range st.Children {
				sum.Add(c.Coverage)
			}
			if st.Direct == nil && sum != st.Coverage {
				t.Errorf("region %q: children sum to %+v, total %+v", region, sum, st.Coverage)
			}
		}
	})
}

func TestCoverageRate(t *testing.T) {
	for _, c := range []struct {
		cov  shebao.Coverage
		want int
	}{
		{shebao.Coverage{}, -1},
		{shebao.Coverage{Adults: 3, Pension: 2}, 667},
		{shebao.Coverage{Adults: 8, Pension: 1}, 125},
		{shebao.Coverage{Adults: 2000, Pension: 1}, 1}, // 0.5‰ rounds up
		{shebao.Coverage{Adults: 7, Pension: 7}, 1000},
	} {
		if got := c.cov.RatePermille(); got != c.want {
			t.Errorf("%+v: %d‰, want %d‰", c.cov, got, c.want)
		}
	}
}

func checkChildren(t *testing.T, st *shebao.Stats, want []string) {
	t.Helper()
	var got []string
	for _, c := range st.Children {
		got = append(got, fmt.Sprintf("%s %s %+v", c.Region.Code, c.Region.Name, c.Coverage))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("children:\n got %q\nwant %q", got, want)
	}
}
