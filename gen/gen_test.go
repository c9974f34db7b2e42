package gen_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
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
		res, err := gen.Generate(ctx, app.New(db), gen.Options{Persons: 5000, Seed: 42, Labor: true, Land: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Persons != 5000 || res.Employers != 50 || res.Enrollments < 5000 {
			t.Fatalf("%+v", res)
		}
		// The land batches' acceptance enrolls their rosters in 910 and
		// creates their allowances: counted after the first run.
		_, enrolled1, _ := db.FindEnrollments(ctx, shebao.EnrollmentFilter{})
		_, benefits1, _ := db.FindBenefits(ctx, shebao.BenefitFilter{})
		if enrolled1 != res.Enrollments+res.LandSecured {
			t.Errorf("%d enrollments, generated %d and %d by land rosters", enrolled1, res.Enrollments, res.LandSecured)
		}
		again, err := gen.Generate(ctx, app.New(db), gen.Options{Persons: 5000, Seed: 42, Labor: true, Land: true})
		if err != nil {
			t.Fatal(err)
		}
		_, total, _ := db.FindPersons(ctx, shebao.PersonFilter{})
		_, enrolled, _ := db.FindEnrollments(ctx, shebao.EnrollmentFilter{})
		if total != 5000 || again.Persons != 5000 || enrolled != enrolled1 {
			t.Errorf("second run changed the district: %d persons, %d enrollments (first %d)", total, enrolled, enrolled1)
		}
		// The labour register: the same entries drawn again (unchanged on
		// import), the same persons of working age.
		if res.LaborRegistered == 0 || again.LaborRegistered != res.LaborRegistered || again.LaborWorkingAge != res.LaborWorkingAge || res.LaborWorkingAge == 0 {
			t.Errorf("labour register: first %d entries, %d of working age; again %d, %d",
				res.LaborRegistered, res.LaborWorkingAge, again.LaborRegistered, again.LaborWorkingAge)
		}
		// The employment service (employment.go): every register 失业
		// registered, some certified and placed, a course with completions,
		// two vacancies with referrals; once, however often gen runs.
		if res.Unemployed == 0 || res.Hardship == 0 || res.Placements == 0 || res.Courses != 1 || res.Trainees == 0 || res.Completions == 0 ||
			res.Vacancies != 2 || res.Referrals == 0 || res.Hardship > res.Unemployed || res.Completions > res.Trainees {
			t.Errorf("employment: %+v", res)
		}
		t.Logf("employment of 5000 persons: %d of working age, %d 失业登记, %d 就业困难人员, %d placed, %d course(s) with %d trainees (%d 结业), %d vacancies, %d referrals",
			res.LaborWorkingAge, res.Unemployed, res.Hardship, res.Placements, res.Courses, res.Trainees, res.Completions, res.Vacancies, res.Referrals)
		if again.Unemployed != res.Unemployed || again.Hardship != res.Hardship || again.Placements != res.Placements || again.Courses != res.Courses ||
			again.Trainees != res.Trainees || again.Vacancies != res.Vacancies || again.Referrals != res.Referrals {
			t.Errorf("employment changed on the second run: first %+v, again %+v", res, again)
		}
		// Land contracting and transfer: the same parcels and contracts
		// drawn again (unchanged), about a fifth of the 耕地 transferred
		// and verified (the seed's 20%: between 15% and 25% of a small
		// district's villages, rounded by whole contracts).
		if res.Parcels == 0 || res.Transfers == 0 || again.Parcels != res.Parcels || again.Transfers != res.Transfers {
			t.Errorf("land: first %d parcels, %d transfers; again %d, %d", res.Parcels, res.Transfers, again.Parcels, again.Transfers)
		}
		rep, err := app.New(db).Transfer.TransferReportAt(ctx, gen.District, "")
		if err != nil || rep.Contracts != res.Transfers || rep.SharePercent < "15" || rep.SharePercent > "25" {
			t.Errorf("transfer report: %+v %v", rep, err)
		}
		// A cooperative's lending, an offer and a request a chunk, and a
		// 增减挂钩 project per town with households, its homesteads the
		// same however often gen runs.
		if res.Lendings == 0 || res.Intents == 0 || res.ProjectPlots == 0 || again.Lendings != res.Lendings || again.Intents != res.Intents ||
			again.ProjectPlots != res.ProjectPlots {
			t.Errorf("land extras: first %+v; again %+v", res, again)
		}
		ps, err := app.New(db).Transfer.LandProjects(ctx, gen.District, "")
		if err != nil || len(ps) == 0 {
			t.Fatalf("projects: %v %v", ps, err)
		}
		plots := 0
		for _, p := range ps {
			plots += p.Households
			// The quota issued equals the area demolished, 80% of each
			// chunk's used (rounded down per chunk).
			if p.Issued != p.Demolished || p.Used > p.Issued*8/10 || p.Used == 0 {
				t.Errorf("project %s: issued %s, demolished %s, used %s", p.Code, p.Issued, p.Demolished, p.Used)
			}
		}
		if plots != res.ProjectPlots {
			t.Errorf("%d homesteads in the projects, %d generated", plots, res.ProjectPlots)
		}
		if m, err := app.New(db).Transfer.Intents(ctx, gen.District, "", true); err != nil || len(m) != res.Intents {
			t.Errorf("%d intents on the market, %d generated: %v", len(m), res.Intents, err)
		}
		// The history a district takes over: yearly records, opening
		// balances and pensions in payment, each pension explained; all of
		// it once, however often gen runs, and the ledger balanced.
		if res.HistoryYears < 10*res.Accounts/2 || res.Accounts == 0 || res.Pensioners == 0 || res.Claims == 0 || res.LandBatches == 0 {
			t.Errorf("history %+v", res)
		}
		all, n, err := db.FindBenefits(ctx, shebao.BenefitFilter{Limit: 1000})
		if err != nil || n != benefits1 || n < res.Pensioners {
			t.Fatalf("%d benefits after two runs, %d after the first, %d pensions generated: %v", n, benefits1, res.Pensioners, err)
		}
		for _, b := range all {
			if b.Monthly <= 0 || b.Explanation == "" || b.Kind == shebao.BenefitPension && !strings.Contains(b.Explanation, "基础养老金") {
				t.Fatalf("benefit %+v", b)
			}
		}
		if again.Claims != res.Claims || again.LandBatches != res.LandBatches || again.LandSecured != res.LandSecured {
			t.Errorf("second run: %+v, first %+v", again, res)
		}
		if _, n, err := db.FindClaims(ctx, shebao.ClaimFilter{Limit: 1}); err != nil || n != res.Claims {
			t.Errorf("%d claims stored, %d generated: %v", n, res.Claims, err)
		}
		check, err := db.CheckLedger(ctx)
		if err != nil || !check.Balanced {
			t.Fatalf("ledger after gen: %+v %v", check, err)
		}
	})
}

// TestGenerateResumes interrupts gen after its first chunk of persons (the
// context is cancelled, as a crash between two units of work would leave
// it) and runs it again: the run record shows where it stopped, the second
// run finishes it, and the district is the one an uninterrupted run makes
// (the same counts, the ledger balanced), on both engines.
func TestGenerateResumes(t *testing.T) {
	const persons = 2500 // three chunks of 1,000
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		actx := shebao.WithActor(context.Background(), shebao.SystemActor)
		ctx, cancel := context.WithCancel(actx)
		a := app.New(db)
		var seen []int
		_, err := gen.Generate(ctx, a, gen.Options{Persons: persons, Seed: 3, Chunk: 1000, Progress: func(done, total int) {
			seen = append(seen, done)
			if total != persons {
				t.Errorf("progress total %d, want %d", total, persons)
			}
			cancel()
		}})
		if err == nil {
			t.Fatal("gen ran through a cancelled context")
		}
		if len(seen) != 1 || seen[0] != 1000 {
			t.Fatalf("progress before the interruption %v, want [1000]", seen)
		}
		run, err := a.Batch.Find(actx, "gen", "seed=3 persons=2500 chunk=1000")
		if err != nil || run == nil || run.Status != "running" || run.Done != 1000 || run.Total != persons {
			t.Fatalf("run record after the interruption %+v %v", run, err)
		}
		if _, n, _ := db.FindPersons(actx, shebao.PersonFilter{Limit: 1}); n != 1000 {
			t.Fatalf("%d persons after the interruption, want the first chunk's 1000", n)
		}
		res, err := gen.Generate(actx, a, gen.Options{Persons: persons, Seed: 3, Chunk: 1000})
		if err != nil {
			t.Fatal(err)
		}
		run, err = a.Batch.Find(actx, "gen", "seed=3 persons=2500 chunk=1000")
		if err != nil || run == nil || run.Status != "done" || run.Done != persons {
			t.Fatalf("run record after the second run %+v %v", run, err)
		}
		if _, n, _ := db.FindPersons(actx, shebao.PersonFilter{Limit: 1}); n != persons || res.Persons != persons {
			t.Fatalf("%d persons stored, %d generated, want %d", n, res.Persons, persons)
		}
		_, enrolled, _ := db.FindEnrollments(actx, shebao.EnrollmentFilter{Limit: 1})
		if enrolled != res.Enrollments+res.LandSecured {
			t.Errorf("%d enrollments, generated %d and %d by land rosters", enrolled, res.Enrollments, res.LandSecured)
		}
		if check, err := db.CheckLedger(actx); err != nil || !check.Balanced {
			t.Fatalf("ledger after the resumed gen: %+v %v", check, err)
		}
	})
}

// TestGenerateTekun: with Options.Tekun each chunk of a generated district
// gets its 特困人员 through the flow (a few per thousand, one 集中供养 per
// chunk at its town's 敬老院), on both engines; a run again creates none.
func TestGenerateTekun(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := shebao.WithActor(context.Background(), shebao.SystemActor)
		o := gen.Options{Persons: 4000, Seed: 42, Chunk: 2000, Tekun: true}
		res, err := gen.Generate(ctx, app.New(db), o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Tekun < 4 || res.Tekun > 40 {
			t.Fatalf("%d 特困 of 4000", res.Tekun)
		}
		a := app.New(db)
		admin := sqldbtest.Admin()
		cs, total, err := a.Assist.FindTekunCases(admin, shebao.TekunCaseFilter{Status: shebao.TekunApproved, Limit: 100})
		if err != nil || total != res.Tekun {
			t.Fatalf("%d approved, generated %d: %v", total, res.Tekun, err)
		}
		central := 0
		for _, c := range cs {
			if c.Mode == shebao.TekunCentral {
				central++
				if !strings.HasSuffix(c.Institution, "镇敬老院") && !strings.HasSuffix(c.Institution, "街道敬老院") && !strings.HasSuffix(c.Institution, "乡敬老院") {
					t.Errorf("institution %q", c.Institution)
				}
			}
		}
		if central != 2 {
			t.Errorf("%d in 集中供养, want one per chunk (2)", central)
		}
		_, all, err := a.Assist.FindTekunCases(admin, shebao.TekunCaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gen.Generate(ctx, a, o); err != nil {
			t.Fatal(err)
		}
		if _, again, err := a.Assist.FindTekunCases(admin, shebao.TekunCaseFilter{}); err != nil || again != all {
			t.Errorf("again: %d cases, want %d: %v", again, all, err)
		}
	})
}
