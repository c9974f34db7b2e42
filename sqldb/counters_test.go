package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/gen"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// verifyCounters fails the test when the statistics counters kept differ
// from a full recount of the records.
func verifyCounters(t *testing.T, db *sqldb.DB) {
	t.Helper()
	diffs, err := db.VerifyCounters(admin, 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("counters differ from a recount: %s", d)
	}
}

// TestCountersKeptEqualRecount generates a district, then writes at random
// through the services — enrollments begun, suspended, resumed, ended and
// moved to benefits (some back-dated), persons moved to another village,
// their hukou changed, deaths, new persons, claims, residents'
// contributions, flexible payers' bills and payments, pensions paid by the
// payroll and payments cancelled after a death — and after each round
// wants the counters kept in the writes' transactions to be exactly a
// full recount of the records, and every additive figure of a region on
// random days and spans to be the sum of its sub-regions'.
func TestCountersKeptEqualRecount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db)
		const persons = 1000
		// With the 低保 and 特困 cases and the employment services' records
		// (the assistance and employment counters, migration 0117).
		if _, err := gen.Generate(admin, a, gen.Options{Persons: persons, Seed: 11, Assist: true, Tekun: true, Labor: true}); err != nil {
			t.Fatal(err)
		}
		verifyCounters(t, db)
		if _, n, err := a.Assist.FindCases(admin, shebao.AssistCaseFilter{Status: shebao.CaseApproved, Limit: 1}); err != nil || n < 2 {
			t.Fatalf("%d 低保 cases approved by gen: %v", n, err)
		}
		if _, n, err := a.Assist.FindTekunCases(admin, shebao.TekunCaseFilter{Status: shebao.TekunApproved, Limit: 1}); err != nil || n < 1 {
			t.Fatalf("%d 特困 cases approved by gen: %v", n, err)
		}
		regions := gen.Regions(11)
		var villages []string
		for _, r := range regions {
			if r.Code[9:] != "000" {
				villages = append(villages, r.Code)
			}
		}
		r := rand.New(rand.NewPCG(11, 16))
		today := shebao.Today()
		day := func(maxDaysBack int) string {
			return today.AddDate(0, 0, -r.IntN(maxDaysBack)-1).Format(shebao.DateLayout)
		}
		ps, _, err := db.FindPersons(admin, shebao.PersonFilter{Limit: persons})
		if err != nil {
			t.Fatal(err)
		}
		pick := func() *shebao.Person { return ps[r.IntN(len(ps))] }
		actions := []string{shebao.ActSuspend, shebao.ActResume, shebao.ActTerminate, shebao.ActStartBenefit}
		flexMonth := today.AddDate(0, -6, 0)
		for round := 0; round < 3; round++ {
			writes := 0
			// Enrollment changes, dated up to three years back.
			for i := 0; i < 40; i++ {
				ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: pick().IDNo, OpenOnly: true})
				if err != nil || len(ns) == 0 {
					continue
				}
				n := ns[r.IntN(len(ns))]
				req := shebao.ChangeRequest{Action: actions[r.IntN(len(actions))], Date: day(3 * 365), Reason: "随机变更"}
				if req.Action == shebao.ActTerminate {
					req.Reason = shebao.EndOther
				}
				if _, err := a.Enroll.ChangeEnrollment(admin, n.ID, req); err == nil {
					writes++
				}
			}
			// Moves, hukou changes and deaths.
			for i := 0; i < 12; i++ {
				p := pick()
				u := shebao.PersonUpdate{Reason: "随机变更"}
				switch r.IntN(3) {
				case 0:
					v := villages[r.IntN(len(villages))]
					u.Region = &v
				case 1:
					h := shebao.HukouNatures[r.IntN(len(shebao.HukouNatures))]
					u.Hukou = &h
				default:
					dead, d := shebao.StatusDeceased, day(400)
					if d < p.Birth {
						continue
					}
					u.Status, u.DeathDate = &dead, &d
				}
				if _, err := a.Registry.UpdatePerson(admin, p.IDNo, u); err == nil {
					writes++
				}
			}
			// New persons, enrolled in 170 from a past day.
			for i := 0; i < 5; i++ {
				birth := today.AddDate(-20-r.IntN(40), 0, -r.IntN(365))
				p := &shebao.Person{IDNo: idFor(birth, 400+round*10+i), Name: "新登记", Hukou: shebao.HukouAgricultural, Region: villages[r.IntN(len(villages))]}
				if err := a.Registry.CreatePerson(admin, p); err != nil {
					t.Fatal(err)
				}
				if _, err := a.Enroll.Enroll(admin, shebao.EnrollRequest{IDNo: p.IDNo, Scheme: "170", Date: day(700)}); err != nil {
					t.Fatal(err)
				}
				ps = append(ps, p)
				writes += 2
			}
			// Claims of persons in 390 this year, and their contributions.
			ns, _, err := a.Enroll.FindEnrollments(admin, shebao.EnrollmentFilter{Scheme: "390", OpenOnly: true, Limit: 30, Offset: round * 30})
			if err != nil {
				t.Fatal(err)
			}
			var claims []shebao.NewClaim
			for i, n := range ns {
				start := n.StartDate
				if start < today.Format("2006")+"-01-01" {
					continue
				}
				d := day(int(today.Sub(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)).Hours()/24) + 1)
				if d < start {
					d = start
				}
				claims = append(claims, shebao.NewClaim{SettlementNo: fmt.Sprintf("P%d-%d", round, i), IDNo: n.IDNo, Scheme: "390",
					Hospital: "随机医院", Level: 1 + r.IntN(3), Admitted: d, Discharged: d, TotalCost: shebao.Yuan(int64(1000 + r.IntN(9000))),
					Eligible: shebao.Yuan(900)})
				if i%3 == 0 {
					if _, _, err := a.Collect.RecordResidentContribution(admin, shebao.ResidentContribution{ReceiptNo: fmt.Sprintf("PR%d-%d", round, i),
						IDNo: n.IDNo, Scheme: "390", Year: today.Year(), PaidOn: day(30)}); err == nil {
						writes++
					}
				}
			}
			if _, errs, err := a.Medical.ImportClaims(admin, fmt.Sprintf("prop%d", round), claims); err != nil {
				t.Fatal(err)
			} else {
				for _, e := range errs {
					if e == nil {
						writes++
					}
				}
			}
			// A flexible payer a round: a base, three months assessed, a
			// payment for part of them.
			flex := pick()
			if flex.Status == shebao.StatusAlive {
				from := shebao.Period(flexMonth.AddDate(0, round, 0).Format("2006-01"))
				if err := a.Collect.RegisterFlexBase(admin, shebao.FlexBase{IDNo: flex.IDNo, From: from, To: from, Base: shebao.Yuan(6000)}); err == nil {
					if _, err := a.Collect.AssessFlex(admin, from); err != nil {
						t.Fatal(err)
					}
					if _, err := a.Collect.RecordFlexPayment(admin, fmt.Sprintf("PF%d", round), flex.IDNo, shebao.Yuan(int64(500+r.IntN(1000))),
						from.First().AddDate(0, 0, 10+r.IntN(30)).Format(shebao.DateLayout)); err != nil {
						t.Fatal(err)
					}
					writes += 3
				}
			}
			// The payroll of a past month, then deaths that cancel the
			// payments not yet released.
			month := today.AddDate(0, -3+round, 0).Format("2006-01")
			res, err := a.Benefit.RunPayroll(admin, month, shebao.PayrollOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Payments > 0 {
				writes++
			}
			pays, _, err := a.Benefit.FindPayments(admin, shebao.PaymentFilter{Month: month, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pays {
				dead, d := shebao.StatusDeceased, shebao.Period(month).First().AddDate(0, -1, 0).Format(shebao.DateLayout)
				if _, err := a.Registry.UpdatePerson(admin, p.IDNo, shebao.PersonUpdate{Status: &dead, DeathDate: &d, Reason: "死亡登记"}); err == nil {
					writes++
				}
			}
			if _, err := a.Benefit.DetectOverpayments(admin); err != nil {
				t.Fatal(err)
			}
			// The labour register (its counters, migration 0115): statuses
			// registered by the village, 被征地 flags, and a rebuild in
			// the middle round, which takes the flags and the region moves.
			statuses := append(slices.Clone(shebao.LaborStatuses), shebao.LaborTransferred, shebao.LaborFarming)
			for i := 0; i < 15; i++ {
				p := pick()
				e := shebao.LaborEntry{IDNo: p.IDNo, Status: statuses[r.IntN(len(statuses))]}
				if e.Status == shebao.LaborTransferred {
					e.Destination = "银川市"
				}
				if _, _, err := a.Employ.Register(admin, e); err == nil {
					writes++
				}
				if i%3 == 0 {
					flags := []string{shebao.FlagLandLost}
					if _, err := a.Registry.UpdatePerson(admin, p.IDNo, shebao.PersonUpdate{Flags: &flags, Reason: "征地"}); err == nil {
						writes++
					}
				}
			}
			if round == 1 {
				if _, err := a.Employ.Rebuild(admin, "", nil); err != nil {
					t.Fatal(err)
				}
				writes++
			}
			// Social assistance (the assistance counters, migration 0117):
			// 低保 and 特困 cases stopped from a recent month, and a 临时救助
			// decided and approved, by two clerks of the civil-affairs line.
			mz1 := shebao.WithActor(context.Background(), shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000", Remote: "test"})
			mz2 := shebao.WithActor(context.Background(), shebao.Actor{Name: "mz2", Role: "clerk/civil", Region: "640106000000", Remote: "test"})
			stopMonth := today.AddDate(0, -r.IntN(3), 0).Format("2006-01")
			// A case whose applicant died above has its benefit stopped
			// already, and is refused: the next one is taken.
			cases, _, err := a.Assist.FindCases(mz1, shebao.AssistCaseFilter{Status: shebao.CaseApproved, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			stopped := false
			for _, c := range cases {
				if _, err := a.Assist.Stop(mz1, c.ID, max(stopMonth, c.StartMonth), "随机停保"); err == nil {
					stopped = true
					writes++
					break
				}
			}
			if !stopped {
				t.Fatalf("round %d: no 低保 case could be stopped", round)
			}
			tks, _, err := a.Assist.FindTekunCases(mz1, shebao.TekunCaseFilter{Status: shebao.TekunApproved, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tks {
				// From next month: paid through this one, in support today.
				next := today.AddDate(0, 1, 0).Format("2006-01")
				if _, err := a.Assist.StopTekun(mz1, c.ID, max(next, c.StartMonth), "随机终止"); err != nil {
					t.Fatal(err)
				}
				writes++
			}
			if p := pick(); p.Status == shebao.StatusAlive {
				rel, _, err := a.Assist.SubmitRelief(mz1, shebao.ReliefRequest{No: fmt.Sprintf("LS-%d", round), IDNo: p.IDNo,
					Date: today.Format(shebao.DateLayout), Category: shebao.ReliefUrgent, Amount: shebao.Yuan(int64(500 + 100*round)),
					Reason: "随机临时救助", BankAccount: "6228480402564890018"})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := a.Approve.DecideApproval(mz2, rel.ApprovalID, true, ""); err != nil {
					t.Fatal(err)
				}
				writes++
			}
			// Employment services (migration 0117): registrations of
			// unemployment ended and made, a 就业困难人员 certification
			// ended, and the 零就业家庭 screened again.
			if us, err := a.Employ.FindUnemployed(admin, true); err != nil {
				t.Fatal(err)
			} else if len(us) > 0 {
				u := us[r.IntN(len(us))]
				if _, err := a.Employ.EndUnemployed(admin, u.IDNo, day(20), "已就业"); err == nil {
					writes++
				}
			}
			for i := 0; i < 3; i++ {
				if _, err := a.Employ.RegisterUnemployed(admin, pick().IDNo, day(300), "随机失业登记"); err == nil {
					writes++
				}
			}
			if hs, err := a.Employ.FindHardship(admin, true); err != nil {
				t.Fatal(err)
			} else if len(hs) > 0 {
				if _, err := a.Employ.EndHardship(admin, hs[r.IntN(len(hs))].IDNo, day(10), "已就业"); err == nil {
					writes++
				}
			}
			if _, err := a.Employ.ScanZeroEmployment(admin, ""); err != nil {
				t.Fatal(err)
			}
			// An employer moved to another village: its employees count as
			// workers (外来务工) where it now is (shebao.CounterWorkers).
			if es, _, err := a.Registry.FindEmployers(admin, shebao.EmployerFilter{Limit: 100}); err != nil || len(es) == 0 {
				t.Fatalf("employers %d %v", len(es), err)
			} else {
				v := villages[r.IntN(len(villages))]
				if _, err := a.Registry.UpdateEmployer(admin, es[r.IntN(len(es))].USCC, shebao.EmployerUpdate{Region: &v, Reason: "迁址"}); err != nil {
					t.Fatal(err)
				}
				writes++
			}
			if writes < 20 {
				t.Fatalf("round %d: only %d writes landed", round, writes)
			}
			verifyCounters(t, db)
			checkRollups(t, db, regions, r)
			checkLaborStocks(t, db, regions, round)
			checkAssistance(t, db, regions, round)
			checkWorkers(t, db, regions, round)
			checkEmployment(t, db, regions, round)
		}
	})
}

// idFor returns a valid number for a new person of the test.
func idFor(birth time.Time, seq int) string {
	return demo.IDNumber("640106", birth, seq, seq%2 == 0)
}

// checkRollups wants every region's sums on random days and over random
// spans to equal the sums of its child regions (the generated district
// registers everything at its villages), and the whole database's those
// of its province.
func checkRollups(t *testing.T, db *sqldb.DB, regions []shebao.Region, r *rand.Rand) {
	t.Helper()
	children := map[string][]string{}
	var codes []string
	for _, reg := range regions {
		codes = append(codes, reg.Code)
		parsed, err := idno.ParseRegion(reg.Code)
		if err != nil {
			t.Fatal(err)
		}
		children[parsed.Parent] = append(children[parsed.Parent], reg.Code)
	}
	today := shebao.Today()
	for i := 0; i < 3; i++ {
		to := today.AddDate(0, 0, -r.IntN(1500)).Format(shebao.DateLayout)
		from := ""
		if i > 0 {
			from = today.AddDate(0, 0, -1500-r.IntN(1500)).Format(shebao.DateLayout)
		}
		got, err := db.CounterSums(admin, append([]string{""}, codes...), []string{""}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		nonzero := 0
		for parent, kids := range children {
			sum := map[string]int64{}
			for _, k := range kids {
				for key, v := range got[k] {
					sum[key] += v
				}
			}
			if d := diffSums(got[parent], sum); d != "" {
				t.Errorf("%s … %s: region %q is not the sum of %v: %s", from, to, parent, kids, d)
			}
			for _, v := range got[parent] {
				if v != 0 {
					nonzero++
				}
			}
		}
		if nonzero == 0 {
			t.Errorf("%s … %s: nothing counted", from, to)
		}
	}
}

func diffSums(a, b map[string]int64) string {
	var out []string
	for k := range a {
		if a[k] != b[k] {
			out = append(out, fmt.Sprintf("%s %d≠%d", k, a[k], b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && b[k] != 0 {
			out = append(out, fmt.Sprintf("%s 0≠%d", k, b[k]))
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return strings.Join(out, ", ")
}

// checkLaborStocks compares the employment report's register stocks (the
// labour counters) of the district and of each town with a count straight
// from the register; from the rebuild of round 1 on, the district's must
// hold persons, some of them land-lost.
func checkLaborStocks(t *testing.T, db *sqldb.DB, regions []shebao.Region, round int) {
	t.Helper()
	var codes []string
	his := map[string]string{}
	for _, r := range regions {
		keep := 12 // the code's own digits: 2 (province) … 9 (town), 12 (village)
		for _, k := range []int{9, 6, 4, 2} {
			if strings.Trim(r.Code[k:], "0") == "" {
				keep = k
			}
		}
		if keep < 12 {
			codes = append(codes, r.Code)
			his[r.Code] = r.Code[:keep] + strings.Repeat("9", 12-keep)
		}
	}
	day := shebao.Today().Format(shebao.DateLayout)
	got, err := db.EmploymentFigures(admin, codes, day[:4]+"-01-01", day)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		want, err := db.LiveLaborStocks(admin, code, his[code])
		if err != nil {
			t.Fatal(err)
		}
		g := got[code]
		have := shebao.EmploymentFigures{WorkingAge: g.WorkingAge, Employed: g.Employed, Transferred: g.Transferred, Farming: g.Farming,
			LandLost: g.LandLost, LandLostEmployed: g.LandLostEmployed}
		if have != want {
			t.Errorf("round %d, %s: register stocks from the counters %+v, counted from the register %+v", round, code, have, want)
		}
		if code == gen.District && round >= 1 && (want.WorkingAge == 0 || want.LandLost == 0) {
			t.Errorf("round %d: the district's register is empty or has no land-lost: %+v", round, want)
		}
	}
}

// checkAssistance wants the assistance report's figures of the district
// and each town, from the counters, to equal a count straight from the
// cases and decisions (LiveAssistanceFigures), on today and on a day of
// each of the last years; and the test to have something to count.
func checkAssistance(t *testing.T, db *sqldb.DB, regions []shebao.Region, round int) {
	t.Helper()
	var codes []string
	for _, reg := range regions {
		if reg.Code[9:] == "000" {
			codes = append(codes, reg.Code)
		}
	}
	today := shebao.Today()
	for _, back := range []int{0, 1, 2} {
		to := today.AddDate(-back, 0, 0).Format(shebao.DateLayout)
		from := today.AddDate(-back-1, 0, 0).Format(shebao.DateLayout)
		got, err := db.AssistanceFigures(admin, codes, from, to)
		if err != nil {
			t.Fatal(err)
		}
		want, err := db.LiveAssistanceFigures(admin, codes, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if got[c] != want[c] {
				t.Errorf("round %d, %s on %s: counters %+v, live %+v", round, c, to, got[c], want[c])
			}
		}
		if back == 0 {
			var district shebao.AssistanceFigures
			for _, c := range codes {
				if c[6:] == "000000" {
					district = got[c]
				}
			}
			if round == 2 && (district.RuralHouseholds+district.UrbanHouseholds == 0 || district.Tekun == 0 || district.Reliefs == 0) {
				t.Errorf("nothing to count in the district: %+v", district)
			}
		}
	}
}

// checkWorkers wants the employment report's 外来务工 of every region, from
// the workers' counters (shebao.CounterWorkers), to equal a count straight
// from the enrollments (LiveTransferredIn), today and two years ago; and
// the district and some town to have some.
func checkWorkers(t *testing.T, db *sqldb.DB, regions []shebao.Region, round int) {
	t.Helper()
	var codes []string
	for _, reg := range regions {
		if reg.Code[4:6] != "00" { // the district and below
			codes = append(codes, reg.Code)
		}
	}
	today := shebao.Today()
	for _, back := range []int{0, 2} {
		to := today.AddDate(-back, 0, 0).Format(shebao.DateLayout)
		got, err := db.EmploymentFigures(admin, codes, to[:8]+"01", to)
		if err != nil {
			t.Fatal(err)
		}
		towns := int64(0)
		for _, c := range codes {
			want, err := db.LiveTransferredIn(admin, c, to)
			if err != nil {
				t.Fatal(err)
			}
			if got[c].TransferredIn != want {
				t.Errorf("round %d, %s on %s: 外来务工 %d from the counters, %d counted live", round, c, to, got[c].TransferredIn, want)
			}
			if c[9:] == "000" && c[6:9] != "000" {
				towns += want
			}
		}
		if back == 0 && towns == 0 {
			t.Errorf("round %d: no town has 外来务工 to count", round)
		}
	}
}

// checkEmployment wants the employment report's figures kept as counters
// since migration 0117 (unemployed, 就业困难人员, 零就业家庭, placements,
// training) to equal a count straight from the records
// (LiveEmploymentFigures) for the district, its towns and villages, on
// today and a year ago over the year before; and the district to have
// registered unemployed, 就业困难人员, placements and completions to count.
func checkEmployment(t *testing.T, db *sqldb.DB, regions []shebao.Region, round int) {
	t.Helper()
	var codes []string
	for _, reg := range regions {
		if reg.Code[4:6] != "00" {
			codes = append(codes, reg.Code)
		}
	}
	today := shebao.Today()
	for _, back := range []int{0, 1} {
		to := today.AddDate(-back, 0, 0).Format(shebao.DateLayout)
		from := today.AddDate(-back-1, 0, 1).Format(shebao.DateLayout)
		got, err := db.EmploymentFigures(admin, codes, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			want, err := db.LiveEmploymentFigures(admin, c, from, to)
			if err != nil {
				t.Fatal(err)
			}
			g := got[c]
			have := shebao.EmploymentFigures{Unemployed: g.Unemployed, UnemployedNew: g.UnemployedNew, UnemployedEnded: g.UnemployedEnded,
				Hardship: g.Hardship, HardshipPlaced: g.HardshipPlaced, ZeroHouseholds: g.ZeroHouseholds, ZeroCleared: g.ZeroCleared,
				Placements: g.Placements, TrainingCompleted: g.TrainingCompleted, CertPrimary: g.CertPrimary,
				CertIntermediate: g.CertIntermediate, CertSenior: g.CertSenior}
			if have != want {
				t.Errorf("round %d, %s from %s to %s: counters %+v, live %+v", round, c, from, to, have, want)
			}
			if back == 0 && c[6:] == "000000" && (want.Unemployed == 0 || want.Hardship == 0 || want.Placements == 0 || want.TrainingCompleted == 0 || want.UnemployedEnded == 0) {
				t.Errorf("round %d: the district has too little to count: %+v", round, want)
			}
		}
	}
}
