package sqldb_test

import (
	"context"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestCounterTotalsEqualYearSums: a stock as of a day read from the running
// totals (migration 0109: the total less the days, months and years after
// the day) is exactly the sum of every delta up to the day read from the
// year, month and day rows, for every key of a generated district and its
// regions, on days that split the periods every way — today, the first
// and last day of a month and of a year, the 31st, the day sixteen years
// back (the coverage's births), a day before any record and one after
// every record. And the totals kept by the writes are a full recount's
// (the recount's totals are compared with them by VerifyCounters).
func TestCounterTotalsEqualYearSums(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		if _, err := gen.Generate(admin, a, gen.Options{Persons: 300, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		verifyCounters(t, db)
		today := shebao.Today()
		y := today.Format("2006")
		days := []string{today.Format(shebao.DateLayout), y + "-01-01", y + "-01-31", y + "-12-31", y + "-02-28",
			shebao.AddYears(today.Format(shebao.DateLayout), -shebao.CoverageAge), "1990-07-15", "1900-01-01", "2099-12-31",
			today.AddDate(0, -1, 0).Format(shebao.DateLayout), today.AddDate(2, 0, 0).Format(shebao.DateLayout)}
		// And the days before and of some births and enrollments, where
		// the day after holds a delta.
		ps, _, err := db.FindPersons(admin, shebao.PersonFilter{Limit: 12})
		if err != nil || len(ps) < 12 {
			t.Fatal(len(ps), err)
		}
		for _, p := range ps {
			b, _ := shebao.ParseDate("出生日期", p.Birth)
			days = append(days, p.Birth, b.AddDate(0, 0, -1).Format(shebao.DateLayout))
			ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: p.IDNo})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range ns {
				s, _ := shebao.ParseDate("参保日期", n.StartDate)
				days = append(days, s.AddDate(0, 0, -1).Format(shebao.DateLayout))
			}
		}
		var codes []string
		for _, r := range gen.Regions(5)[:5] {
			codes = append(codes, r.Code)
		}
		codes = append(codes, "")
		for _, d := range days {
			db.ReadTotals(false)
			want, err := db.CounterSums(admin, codes, []string{""}, "", d)
			db.ReadTotals(true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.CounterSums(admin, codes, []string{""}, "", d)
			if err != nil {
				t.Fatal(err)
			}
			keys := 0
			for _, c := range codes {
				for k, n := range want[c] {
					if n != 0 {
						keys++
					}
					if got[c][k] != n {
						t.Errorf("%s %q on %s: %d from the totals, %d from the years", c, k, d, got[c][k], n)
					}
				}
				for k, n := range got[c] {
					if _, ok := want[c][k]; !ok && n != 0 {
						t.Errorf("%s %q on %s: %d from the totals, none from the years", c, k, d, n)
					}
				}
			}
			if d == days[0] && keys < 100 {
				t.Errorf("only %d keys counted today: the district was not generated", keys)
			}
		}
	})
}

// TestMigrationFillsCounterTotals: a district counted before migration 0109
// (its counters in the month and year rows only) has, once migrated, the
// running totals a full recount gives, and its stocks read from them are
// the year rows' sums.
func TestMigrationFillsCounterTotals(t *testing.T) {
	ctx := context.Background()
	for _, eng := range sqldbtest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			db := migratedTo(t, eng.DSN, 108)
			a := app.New(db)
			if _, err := gen.Generate(admin, a, gen.Options{Persons: 200, Seed: 9}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			verifyCounters(t, db)
			day := shebao.AddYears(shebao.Today().Format(shebao.DateLayout), -shebao.CoverageAge)
			db.ReadTotals(false)
			want, err := db.CounterSums(admin, []string{gen.District}, []string{"p.born|"}, "", day)
			db.ReadTotals(true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.CounterSums(admin, []string{gen.District}, []string{"p.born|"}, "", day)
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			for k, v := range want[gen.District] {
				n += v
				if got[gen.District][k] != v {
					t.Errorf("%s: %d from the totals, %d from the years", k, got[gen.District][k], v)
				}
			}
			if n == 0 {
				t.Error("no adults counted")
			}
		})
	}
}
