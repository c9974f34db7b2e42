package shebao

import (
	"strings"
	"testing"
)

func scheme(t *testing.T, code string) *Scheme {
	t.Helper()
	s, ok := FindScheme(code)
	if !ok {
		t.Fatalf("no scheme %s", code)
	}
	return s
}

// PlanEnrollment: the rules of entry — registered in the jurisdiction,
// alive, an employer for employee schemes and none for residents', one
// open enrollment per slot (110/120/170 and 310/390 exclusive), 390 by
// year.
func TestPlanEnrollment(t *testing.T) {
	district := Jurisdiction{Lo: "640106000000", Hi: "640106999999"}
	const id = "11010519491231002X" // female, 1949-12-31
	alive := &Person{IDNo: id, Name: "王秀英", Birth: "1949-12-31", Region: "640106100201", Status: StatusAlive}
	dead := &Person{IDNo: id, Name: "王秀英", Birth: "1949-12-31", Region: "640106100201", Status: StatusDeceased, DeathDate: "2024-01-01"}
	away := &Person{IDNo: id, Name: "王秀英", Birth: "1949-12-31", Region: "640105100201", Status: StatusAlive}
	emp := &Employer{USCC: "91350100M000100Y43", Name: "金凤建筑"}
	held170 := &Enrollment{ID: "a", Scheme: "170", Status: EnrollActive, StartDate: "2010-01-01"}
	held390 := &Enrollment{ID: "b", Scheme: "390", Status: EnrollActive, StartDate: "2023-01-01", Year: 2023}
	tests := []struct {
		name   string
		req    EnrollRequest
		f      EnrollFacts
		code   string // error code, "" for none
		has    string // in the error message
		expire bool
		year   int
		status string
	}{
		{"resident pension", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive}, "", "", false, 0, EnrollActive},
		{"unregistered", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "170")}, EINVALID, "未登记", false, 0, ""},
		{"outside the jurisdiction is unregistered", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: away}, EINVALID, "未登记", false, 0, ""},
		{"deceased", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: dead}, EINVALID, "死亡", false, 0, ""},
		{"before birth", EnrollRequest{IDNo: id, Scheme: "170", Date: "1949-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive}, EINVALID, "早于出生日期", false, 0, ""},
		{"employee scheme without employer", EnrollRequest{IDNo: id, Scheme: "110", Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "110"), Person: alive}, EINVALID, "增员", false, 0, ""},
		{"employer not registered", EnrollRequest{IDNo: id, Scheme: "110", Employer: emp.USCC, Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "110"), Person: alive}, EINVALID, "未登记", false, 0, ""},
		{"residents' scheme with employer", EnrollRequest{IDNo: id, Scheme: "170", Employer: emp.USCC, Date: "2010-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive, Employer: emp}, EINVALID, "不填写单位", false, 0, ""},
		{"110 while in 170", EnrollRequest{IDNo: id, Scheme: "110", Employer: emp.USCC, Date: "2012-01-01"},
			EnrollFacts{Scheme: scheme(t, "110"), Person: alive, Employer: emp, Holder: held170}, ECONFLICT, "不能同时参加", false, 0, ""},
		{"170 twice", EnrollRequest{IDNo: id, Scheme: "170", Date: "2012-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive, Holder: held170}, ECONFLICT, "不能重复参保", false, 0, ""},
		{"390 of the next year ends last year's", EnrollRequest{IDNo: id, Scheme: "390", Date: "2023-12-01", Year: 2024},
			EnrollFacts{Scheme: scheme(t, "390"), Person: alive, Holder: held390}, "", "", true, 2024, EnrollActive},
		{"390 of the same year again", EnrollRequest{IDNo: id, Scheme: "390", Date: "2023-06-01"},
			EnrollFacts{Scheme: scheme(t, "390"), Person: alive, Holder: held390}, ECONFLICT, "不能重复参保", false, 0, ""},
		{"390 year far from the date", EnrollRequest{IDNo: id, Scheme: "390", Date: "2023-06-01", Year: 2025},
			EnrollFacts{Scheme: scheme(t, "390"), Person: alive}, EINVALID, "参保年度", false, 0, ""},
		{"taken over as 享受待遇", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01", Status: EnrollBenefit, StatusDate: "2015-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive}, "", "", false, 0, EnrollBenefit},
		{"status before the enrollment", EnrollRequest{IDNo: id, Scheme: "170", Date: "2010-01-01", Status: EnrollBenefit, StatusDate: "2009-01-01"},
			EnrollFacts{Scheme: scheme(t, "170"), Person: alive}, EINVALID, "早于参保日期", false, 0, ""},
	}
	for _, tt := range tests {
		tt.f.Jurisdiction = district
		n, expire, err := PlanEnrollment(tt.req, tt.f)
		if tt.code != "" {
			if ErrorCode(err) != tt.code || !strings.Contains(ErrorMessage(err), tt.has) {
				t.Errorf("%s: err = %v, want %s with %q", tt.name, err, tt.code, tt.has)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if (expire != nil) != tt.expire || n.Year != tt.year || n.Status != tt.status || n.IDNo != id || n.ID != "" {
			t.Errorf("%s: planned %+v, expire %v", tt.name, n, expire)
		}
	}
}

func TestPlanChange(t *testing.T) {
	n := &Enrollment{Scheme: "170", Status: EnrollActive, StartDate: "2010-01-01"}
	tests := []struct {
		req  ChangeRequest
		to   string
		code string
	}{
		{ChangeRequest{Action: ActSuspend, Date: "2012-01-01"}, EnrollSuspended, ""},
		{ChangeRequest{Action: ActResume, Date: "2012-01-01"}, "", EINVALID},    // not suspended
		{ChangeRequest{Action: ActSuspend, Date: "2009-12-31"}, "", EINVALID},   // before the enrollment
		{ChangeRequest{Action: ActSuspend, Date: "2012-02-30"}, "", EINVALID},   // no such day
		{ChangeRequest{Action: ActTerminate, Date: "2012-01-01"}, "", EINVALID}, // no reason
		{ChangeRequest{Action: ActTerminate, Date: "2012-01-01", Reason: EndDeath}, EnrollEnded, ""},
		{ChangeRequest{Action: ActStartBenefit, Date: "2020-01-01"}, EnrollBenefit, ""},
	}
	for _, tt := range tests {
		to, err := PlanChange(n, tt.req)
		if to != tt.to || ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
			t.Errorf("PlanChange(%+v) = %q, %v; want %q, %s", tt.req, to, err, tt.to, tt.code)
		}
	}
}

func TestRepeats(t *testing.T) {
	h := &Enrollment{Scheme: "390", StartDate: "2024-01-01", Year: 2024, Household: "H1"}
	s := scheme(t, "390")
	if !Repeats(h, s, EnrollRequest{Scheme: "390", Date: "2024-01-01"}) {
		t.Error("the same enrollment without a year is not a repeat")
	}
	if !Repeats(h, s, EnrollRequest{Scheme: "390", Date: "2024-01-01", Household: "H1"}) {
		t.Error("the same household is not a repeat")
	}
	if Repeats(h, s, EnrollRequest{Scheme: "390", Date: "2024-01-01", Household: "H2"}) {
		t.Error("another household is a repeat")
	}
	if Repeats(h, s, EnrollRequest{Scheme: "390", Date: "2024-02-01"}) {
		t.Error("another date is a repeat")
	}
}

// An enrollment's status on a day is that of its last event on or before
// it; the end date is the last day covered; an enrollment ended as a
// double enrollment covered nothing.
func TestEnrollmentSpanStatusOn(t *testing.T) {
	sp := &EnrollmentSpan{Scheme: "310", Start: "2024-01-01", End: "2024-09-01", Events: []SpanEvent{
		{Seq: 1, To: EnrollActive, Date: "2024-01-01"},
		{Seq: 2, To: EnrollSuspended, Date: "2024-09-01"},
	}}
	for date, want := range map[string]string{
		"2023-12-31": "", "2024-01-01": EnrollActive, "2024-08-31": EnrollActive, "2024-09-01": EnrollSuspended, "2024-09-02": "",
	} {
		if got := sp.StatusOn(date); got != want {
			t.Errorf("StatusOn(%s) = %q, want %q", date, got, want)
		}
	}
	ended := &EnrollmentSpan{Start: "2024-01-01", End: "2024-06-30", Events: []SpanEvent{
		{Seq: 1, To: EnrollActive, Date: "2024-01-01"}, {Seq: 2, To: EnrollEnded, Date: "2024-06-30"}}}
	if got := ended.StatusOn("2024-06-30"); got != EnrollActive {
		t.Errorf("on the end date: %q, want still %s", got, EnrollActive)
	}
	dup := &EnrollmentSpan{Start: "2024-01-01", EndReason: EndDuplicate, Events: []SpanEvent{{Seq: 1, To: EnrollActive, Date: "2024-01-01"}}}
	if got := dup.StatusOn("2024-03-01"); got != "" {
		t.Errorf("a double enrollment covered %q", got)
	}
}

func TestJurisdiction(t *testing.T) {
	town := Jurisdiction{Lo: "640106100000", Hi: "640106100999"}
	for code, want := range map[string]bool{"640106100201": true, "640106100000": true, "640106101201": false, "640105100201": false} {
		if got := town.Contains(code); got != want {
			t.Errorf("Contains(%s) = %v", code, got)
		}
	}
	if !(Jurisdiction{All: true}).Contains("110105000000") {
		t.Error("the operator's jurisdiction is not everything")
	}
}

func TestHouseholdIDFor(t *testing.T) {
	// A readable 户号 (issue #15 item 8, was "Hec6be6c8b39054ce"): 16
	// digits, the village's town and village digits first, the same for
	// the same person, without the ID number's birth date in it.
	a, b := HouseholdIDFor("11010519491231002X", "640106100201"), HouseholdIDFor("11010519491231002X", "640106100201")
	if a != b || len(a) != 16 || !strings.HasPrefix(a, "100201") || strings.Contains(a, "1949") || strings.Trim(a, "0123456789") != "" {
		t.Errorf("HouseholdIDFor = %q, %q", a, b)
	}
	if c := HouseholdIDFor("110105194912310039", "640106100201"); c == a || !strings.HasPrefix(c, "100201") {
		t.Errorf("another person's 户号 %q (first %q)", c, a)
	}
}

func TestDescribe(t *testing.T) {
	n := &Enrollment{Scheme: "390", Status: EnrollActive, StartDate: "2024-01-01", Year: 2024}
	if got, want := n.Describe(), "城乡居民基本医疗保险(390,参保缴费,自2024-01-01,2024年度)"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	n = &Enrollment{Scheme: "110", Status: EnrollSuspended, StartDate: "2020-01-01", Employer: "91350100M000100Y43", EmpName: "金凤建筑"}
	if got := n.Describe(); !strings.Contains(got, ",单位金凤建筑") {
		t.Errorf("Describe = %q", got)
	}
}

// TestEventName: suspending and resuming a benefit read 暂停发放 and 恢复发放,
// the same actions on contributions 暂停缴费 and 恢复缴费 (issue #15: after a
// death match a 170 event read 暂停缴费 for 享受待遇 → 暂停发放).
func TestEventName(t *testing.T) {
	for _, c := range []struct{ action, from, to, want string }{
		{ActSuspend, EnrollBenefit, EnrollBenefitSuspended, "暂停发放"},
		{ActResume, EnrollBenefitSuspended, EnrollBenefit, "恢复发放"},
		{ActSuspend, EnrollActive, EnrollSuspended, "暂停缴费"},
		{ActResume, EnrollSuspended, EnrollActive, "恢复缴费"},
		{ActStartBenefit, EnrollActive, EnrollBenefit, "开始享受待遇"},
	} {
		if got := EventName(c.action, c.from, c.to); got != c.want {
			t.Errorf("%s %s→%s: %s, want %s", c.action, c.from, c.to, got, c.want)
		}
	}
}
