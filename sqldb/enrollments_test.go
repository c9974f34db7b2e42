package sqldb_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func seedEmployers(t *testing.T, db *sqldb.DB) (string, string) {
	t.Helper()
	a := &shebao.Employer{USCC: demo.USCC("640106", 1), Name: "宁夏金凤建筑工程有限公司", RiskClass: 6, Region: "640106100201"}
	b := &shebao.Employer{USCC: demo.USCC("640106", 2), Name: "宁夏良田商贸有限公司", RiskClass: 1, Region: "640106100202"}
	for _, e := range []*shebao.Employer{a, b} {
		if err := db.CreateEmployer(admin, e); err != nil {
			t.Fatal(err)
		}
	}
	return a.USCC, b.USCC
}

func TestEnrollmentConflicts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		empA, empB := seedEmployers(t, db)
		for _, p := range []*shebao.Person{person(female1949, "王秀英", "640106100201"), person(male1960, "马德福", "640106100201")} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		// A resident in the residents' pension (170) cannot also join 110.
		r, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "新农保", Date: "2010-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Scheme != "170" || r.Household == "" || r.Status != shebao.EnrollActive {
			t.Fatalf("170 enrollment %+v", r)
		}
		_, err = db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "110", Employer: empA, Date: "2012-03-01"})
		if shebao.ErrorCode(err) != shebao.ECONFLICT || !strings.Contains(shebao.ErrorMessage(err), "城乡居民基本养老保险(170,参保缴费,自2010-01-01)") {
			t.Errorf("110 with 170: %v", err)
		}
		// Enrolling twice in the same scheme is refused.
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "170", Date: "2011-01-01"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("170 twice: %v", err)
		}
		// An employee scheme needs an employer; a residents' scheme must not have one.
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "110", Date: "2012-03-01"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("110 without employer: %v", err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "390", Employer: empA, Date: "2024-01-01"}); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("390 with employer: %v", err)
		}
		// 增员: the five employee schemes together.
		got, err := db.Hire(admin, male1960, empA, "2012-03-01", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 {
			t.Fatalf("hire enrolled %d schemes", len(got))
		}
		// A second employer for 110 is refused, naming the first.
		_, err = db.Hire(admin, male1960, empB, "2013-01-01", []string{"110"})
		if shebao.ErrorCode(err) != shebao.ECONFLICT || !strings.Contains(shebao.ErrorMessage(err), "宁夏金凤建筑工程有限公司") {
			t.Errorf("second employer: %v", err)
		}
		// 310 and 390 at once are refused.
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "390", Date: "2024-01-01"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("390 with 310: %v", err)
		}
		// 减员 suspends; the next employer's 增员 continues the same enrollment.
		left, err := db.Leave(admin, male1960, empA, "2015-06-30", "解除劳动合同")
		if err != nil || len(left) != 5 || left[0].Status != shebao.EnrollSuspended {
			t.Fatalf("leave: %v %v", left, err)
		}
		got, err = db.Hire(admin, male1960, empB, "2015-09-01", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got[0].ID != left[0].ID || got[0].Employer != empB || got[0].Status != shebao.EnrollActive {
			t.Errorf("rehire did not continue: %+v", got[0])
		}
		// The one view of a person shows every enrollment with its history.
		p, err := db.FindPerson(admin, male1960)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Enrollments) != 5 {
			t.Fatalf("person view has %d enrollments", len(p.Enrollments))
		}
		var pension *shebao.Enrollment
		for _, e := range p.Enrollments {
			if e.Scheme == "110" {
				pension = e
			}
		}
		if pension == nil || len(pension.History) != 3 || pension.History[1].Action != shebao.ActSuspend || pension.History[2].Employer != empB {
			t.Errorf("110 history: %+v", pension)
		}
	})
}

func TestEnrollmentLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, person(female1949, "王秀英", "640106100201")); err != nil {
			t.Fatal(err)
		}
		n, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "170", Date: "2010-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			action, date, reason, want string
			code                       string
		}{
			{shebao.ActResume, "2011-01-01", "", "", shebao.EINVALID}, // not suspended
			{shebao.ActSuspend, "2011-01-01", "外出务工", shebao.EnrollSuspended, ""},
			{shebao.ActResume, "2012-01-01", "", shebao.EnrollActive, ""},
			{shebao.ActStartBenefit, "2014-01-01", "年满60周岁", shebao.EnrollBenefit, ""},
			{shebao.ActSuspend, "2020-01-01", "待核实生存状态", shebao.EnrollBenefitSuspended, ""},
			{shebao.ActResume, "2020-02-01", "", shebao.EnrollBenefit, ""},
			{shebao.ActTerminate, "2020-03-01", "", "", shebao.EINVALID}, // reason required
			{shebao.ActTerminate, "2020-03-01", shebao.EndDeath, shebao.EnrollEnded, ""},
			{shebao.ActResume, "2020-04-01", "", "", shebao.EINVALID},
		}
		for _, s := range steps {
			got, err := db.ChangeEnrollment(admin, n.ID, shebao.ChangeRequest{Action: s.action, Date: s.date, Reason: s.reason})
			if s.code != "" {
				if shebao.ErrorCode(err) != s.code {
					t.Fatalf("%s: error %v, want %s", s.action, err, s.code)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			if got.Status != s.want {
				t.Fatalf("%s: status %s, want %s", s.action, got.Status, s.want)
			}
		}
		// Terminated frees the slot: a new enrollment is possible.
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "170", Date: "2020-05-01"}); err != nil {
			t.Errorf("re-enroll after termination: %v", err)
		}
		full, err := db.FindEnrollment(admin, n.ID)
		if err != nil || len(full.History) != 7 || full.EndReason != shebao.EndDeath {
			t.Errorf("history %d, %+v, %v", len(full.History), full, err)
		}
	})
}

func TestResidentMedicalIsAnnual(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, person(male1960, "马德福", "640106100201")); err != nil {
			t.Fatal(err)
		}
		a, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "390", Date: "2024-01-01", Household: "640106100201-0007"})
		if err != nil || a.Year != 2024 || a.Household != "640106100201-0007" {
			t.Fatalf("%+v %v", a, err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "390", Date: "2024-06-01"}); shebao.ErrorCode(err) != shebao.ECONFLICT {
			t.Errorf("390 twice in 2024: %v", err)
		}
		b, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "390", Date: "2024-11-15", Year: 2025})
		if err != nil || b.Year != 2025 || b.Household != "640106100201-0007" {
			t.Fatalf("2025: %+v %v", b, err)
		}
		old, _ := db.FindEnrollment(admin, a.ID)
		if old.Status != shebao.EnrollEnded || old.EndDate != "2024-12-31" || old.EndReason != shebao.EndExpired {
			t.Errorf("2024 enrollment not closed at year end: %+v", old)
		}
	})
}

func TestEnrollDeceasedAndUnregistered(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		p := person(female1949, "王秀英", "640106100201")
		p.Status, p.DeathDate = shebao.StatusDeceased, "2020-02-02"
		if err := db.CreatePerson(admin, p); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: female1949, Scheme: "170", Date: "2021-01-01"}); shebao.ErrorCode(err) != shebao.EINVALID ||
			!strings.Contains(shebao.ErrorMessage(err), "死亡") {
			t.Errorf("deceased: %v", err)
		}
		if _, err := db.Enroll(admin, shebao.EnrollRequest{IDNo: male1960, Scheme: "170", Date: "2021-01-01"}); shebao.ErrorCode(err) != shebao.EINVALID ||
			!strings.Contains(shebao.ErrorMessage(err), "未登记") {
			t.Errorf("unregistered: %v", err)
		}
	})
}

// Concurrent enrollments of one person in 110 and 170 must not both land.
func TestConcurrentExclusiveEnrollment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		empA, _ := seedEmployers(t, db)
		if err := db.CreatePerson(admin, person(male1960, "马德福", "640106100201")); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				req := shebao.EnrollRequest{IDNo: male1960, Scheme: "170", Date: "2020-01-01"}
				if i%2 == 0 {
					req = shebao.EnrollRequest{IDNo: male1960, Scheme: "110", Employer: empA, Date: "2020-01-01"}
				}
				_, errs[i] = db.Enroll(admin, req)
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if shebao.ErrorCode(err) != shebao.ECONFLICT {
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d enrollments landed, want exactly 1", ok)
		}
		_, total, _ := db.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: male1960})
		if total != 1 {
			t.Errorf("%d enrollments stored", total)
		}
	})
}
