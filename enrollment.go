package shebao

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Enrollment statuses (参保状态).
const (
	EnrollActive           = "参保缴费"
	EnrollSuspended        = "暂停缴费"
	EnrollBenefit          = "享受待遇"
	EnrollBenefitSuspended = "暂停发放" // benefit payments suspended (e.g. pending a death check)
	EnrollTransOut         = "转出"
	EnrollEnded            = "终止"
)

// OpenStatuses hold the person's slot: a person is "in" the scheme.
var OpenStatuses = []string{EnrollActive, EnrollSuspended, EnrollBenefit, EnrollBenefitSuspended}

// Termination reasons (终止原因).
const (
	EndDeath     = "死亡"
	EndEmigrated = "出国(境)定居"
	EndDuplicate = "重复参保"
	EndExpired   = "参保年度结束"
	EndOther     = "其他"
)

// Enrollment actions.
const (
	ActEnroll       = "enroll"        // 参保登记 / 增员
	ActSuspend      = "suspend"       // 暂停缴费 / 减员
	ActResume       = "resume"        // 恢复缴费
	ActTransferOut  = "transfer_out"  // 转出
	ActTransferIn   = "transfer_in"   // 转入
	ActTerminate    = "terminate"     // 终止
	ActStartBenefit = "start_benefit" // 开始享受待遇
	ActChangeEmp    = "change_employer"
)

// ActionNames are the Chinese names of the actions.
var ActionNames = map[string]string{
	ActEnroll: "参保登记", ActSuspend: "暂停缴费", ActResume: "恢复缴费", ActTransferOut: "转出",
	ActTransferIn: "转入", ActTerminate: "终止参保", ActStartBenefit: "开始享受待遇", ActChangeEmp: "变更单位",
}

// EventName is the Chinese name of a change of status: the action's
// name, except that suspending or resuming a benefit is 暂停发放 or 恢复发放
// (the same actions suspend and resume contributions).
func EventName(action, from, to string) string {
	switch {
	case action == ActSuspend && to == EnrollBenefitSuspended:
		return "暂停发放"
	case action == ActResume && from == EnrollBenefitSuspended:
		return "恢复发放"
	}
	return ActionNames[action]
}

// Enrollment is a person's membership of one scheme (社会保险关系).
type Enrollment struct {
	ID          string             `json:"id"`
	IDNo        string             `json:"id_no"`
	Name        string             `json:"name,omitempty"`
	Scheme      string             `json:"scheme"`
	SchemeName  string             `json:"scheme_name"`
	Year        int                `json:"year,omitempty"`
	Employer    string             `json:"employer,omitempty"`
	EmpName     string             `json:"employer_name,omitempty"`
	Household   string             `json:"household,omitempty"`
	Region      string             `json:"region"`
	Status      string             `json:"status"`
	StartDate   string             `json:"start_date"`
	EndDate     string             `json:"end_date,omitempty"`
	EndReason   string             `json:"end_reason,omitempty"`
	Version     int                `json:"version"`
	History     []*EnrollmentEvent `json:"history,omitempty"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	RegionName  string             `json:"region_name,omitempty"`
	Description string             `json:"-"`
}

// EnrollmentEvent is one change of an enrollment.
type EnrollmentEvent struct {
	Seq        int       `json:"seq"`
	Action     string    `json:"action"`
	ActionName string    `json:"action_name"`
	From       string    `json:"from_status"`
	To         string    `json:"to_status"`
	Date       string    `json:"date"`
	Reason     string    `json:"reason,omitempty"`
	Employer   string    `json:"employer,omitempty"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
}

// IsOpen reports whether the status holds the person's slot.
func IsOpen(status string) bool { return slices.Contains(OpenStatuses, status) }

// Transition returns the status an action leads to from status, or an
// EINVALID error explaining why the action is not allowed.
func Transition(status, action string) (string, error) {
	switch {
	case action == ActSuspend && status == EnrollBenefit:
		return EnrollBenefitSuspended, nil
	case action == ActResume && status == EnrollBenefitSuspended:
		return EnrollBenefit, nil
	}
	allowed := map[string][]string{
		ActSuspend:      {EnrollActive},
		ActResume:       {EnrollSuspended},
		ActTransferOut:  {EnrollActive, EnrollSuspended},
		ActTerminate:    {EnrollActive, EnrollSuspended, EnrollBenefit, EnrollBenefitSuspended},
		ActStartBenefit: {EnrollActive, EnrollSuspended},
		ActChangeEmp:    {EnrollActive, EnrollSuspended},
	}
	to := map[string]string{
		ActSuspend: EnrollSuspended, ActResume: EnrollActive, ActTransferOut: EnrollTransOut,
		ActTerminate: EnrollEnded, ActStartBenefit: EnrollBenefit, ActChangeEmp: EnrollActive,
	}
	from, ok := allowed[action]
	if !ok {
		return "", Errorf(EINVALID, "未知的参保操作“%s”", action)
	}
	if !slices.Contains(from, status) {
		return "", Errorf(EINVALID, "参保状态为“%s”时不能%s", status, ActionNames[action])
	}
	return to[action], nil
}

// EnrollRequest asks to enroll a person in a scheme.
type EnrollRequest struct {
	IDNo      string `json:"id_no"`
	Scheme    string `json:"scheme"`             // code or name
	Employer  string `json:"employer,omitempty"` // USCC, required for employee schemes
	Household string `json:"household,omitempty"`
	Date      string `json:"date"` // YYYY-MM-DD
	Year      int    `json:"year,omitempty"`
	Reason    string `json:"reason,omitempty"`
	// TransferIn marks an enrollment that continues one from another
	// district (转入); Reason should name where from.
	TransferIn bool `json:"transfer_in,omitempty"`
	// Status, for records taken over from an earlier system, is the status
	// the enrollment is in now: 参保缴费 (the default), 暂停缴费 or 享受待遇,
	// reached on StatusDate.
	Status     string `json:"status,omitempty"`
	StatusDate string `json:"status_date,omitempty"`
	// RuralContract marks an employee-scheme row as a 农民合同制工人's
	// (import column 农民合同制工人): the employment it records is one
	// (Employment.RuralContract).
	RuralContract bool `json:"rural_contract,omitempty"`
}

// HireRequest is a 增员: the person, the employer, the date, the employee
// schemes (all five when empty) and whether the person is hired as a
// 农民合同制工人 (Employment.RuralContract).
type HireRequest struct {
	IDNo          string   `json:"id_no"`
	Employer      string   `json:"employer"`
	Date          string   `json:"date"`
	Schemes       []string `json:"schemes,omitempty"`
	RuralContract bool     `json:"rural_contract,omitempty"`
}

// ChangeRequest asks for a lifecycle change of an enrollment.
type ChangeRequest struct {
	Action   string `json:"action"`
	Date     string `json:"date"`
	Reason   string `json:"reason,omitempty"`
	Employer string `json:"employer,omitempty"` // for change_employer
}

// EnrollmentFilter selects enrollments.
type EnrollmentFilter struct {
	IDNo     string
	Scheme   string
	Status   string
	Employer string
	Region   string
	OpenOnly bool
	Offset   int
	Limit    int
}

// Describe names an enrollment for messages: 城乡居民基本养老保险(170,参保缴费,
// 自2010-01-01).
func (n *Enrollment) Describe() string {
	name := n.Scheme
	if s, ok := FindScheme(n.Scheme); ok {
		name = s.Name
	}
	extra := ""
	if n.Employer != "" {
		extra = ",单位" + n.Employer
		if n.EmpName != "" {
			extra = ",单位" + n.EmpName
		}
	}
	if n.Year != 0 {
		extra += fmt.Sprintf(",%d年度", n.Year)
	}
	return fmt.Sprintf("%s(%s,%s,自%s%s)", name, n.Scheme, n.Status, n.StartDate, extra)
}

// EnrollAction is the action a request records: a transfer in (转入) or an
// enrollment (参保登记 / 增员).
func EnrollAction(req EnrollRequest) string {
	if req.TransferIn {
		return ActTransferIn
	}
	return ActEnroll
}

// HouseholdIDFor is the 户号 given to a resident of region (a village's
// 12-digit code) who forms a household of their own: 16 digits, the
// village's town and village digits (code[6:12]) and ten digits derived
// from the ID number — readable and sortable by village as clerks write
// 户号 (issue #15 item 8: "Hec6be6c8b39054ce" was none), the same on every
// import, so that importing twice finds the same household, and without
// the ID number in it, since 户号 are shown and exported where ID numbers
// are masked. Ten digits keep two households of one village apart but for
// a chance of about n²/2×10¹⁰ (5×10⁻⁵ for a village of 1,000 households).
// A household created before keeps its number.
func HouseholdIDFor(idNo, region string) string {
	sum := sha256.Sum256([]byte("household:" + idNo))
	village := "000000"
	if len(region) == 12 {
		village = region[6:12]
	}
	return fmt.Sprintf("%s%010d", village, binary.BigEndian.Uint64(sum[:8])%10_000_000_000)
}

// EnrollFacts is what the registry holds that decides an enrollment request.
type EnrollFacts struct {
	Jurisdiction Jurisdiction // the actor's
	Scheme       *Scheme
	Person       *Person     // nil: not registered
	Employer     *Employer   // nil: none given or not registered
	Holder       *Enrollment // the open enrollment holding the person's slot of the scheme, if any
}

// PlanEnrollment applies the rules of enrollment (参保登记) to a request and
// the facts: the person must be registered in the actor's jurisdiction and
// alive; employee schemes need a registered employer and residents' schemes
// must not have one; a person holds at most one open enrollment per slot
// (110, 120 and 170 share one, 310 and 390 another: 国办发〔2014〕8号 and
// 国发〔2016〕3号 forbid holding the employee and the residents' scheme of
// one kind at once), and so one employer for 110. It returns the
// enrollment to create (without its ID, which the store gives), and last
// year's 390 enrollment when the new one takes over its slot at the turn of
// the year (390 is annual). The error names the conflicting enrollment.
// The single path and the bulk path (an import, a land roster) decide alike
// because both decide here.
func PlanEnrollment(req EnrollRequest, f EnrollFacts) (n, expire *Enrollment, err error) {
	scheme, p := f.Scheme, f.Person
	if p == nil || !f.Jurisdiction.Contains(p.Region) {
		return nil, nil, NotRegistered(req.IDNo)
	}
	if p.Status == StatusDeceased {
		return nil, nil, FieldErrorf("身份证号", "%s已于%s死亡,不能参保", p.Name, p.DeathDate)
	}
	date, err := ParseDate("参保日期", req.Date)
	if err != nil {
		return nil, nil, err
	}
	if req.Date < p.Birth {
		return nil, nil, FieldErrorf("参保日期", "参保日期%s早于出生日期%s", req.Date, p.Birth)
	}
	if limit := Today().AddDate(0, 2, 0); date.After(limit) {
		return nil, nil, FieldErrorf("参保日期", "参保日期%s晚于%s", req.Date, limit.Format(DateLayout))
	}
	n = &Enrollment{IDNo: p.IDNo, Name: p.Name, Scheme: scheme.Code, SchemeName: scheme.Name,
		Region: p.Region, Status: EnrollActive, StartDate: req.Date}
	switch req.Status {
	case "", EnrollActive:
	case EnrollSuspended, EnrollBenefit:
		if req.StatusDate == "" {
			req.StatusDate = req.Date
		}
		if _, err := ParseDate("状态日期", req.StatusDate); err != nil {
			return nil, nil, err
		}
		if req.StatusDate < req.Date {
			return nil, nil, FieldErrorf("状态日期", "状态日期%s早于参保日期%s", req.StatusDate, req.Date)
		}
		n.Status = req.Status
	default:
		return nil, nil, FieldErrorf("参保状态", "参保状态“%s”无效(可为参保缴费、暂停缴费、享受待遇)", req.Status)
	}
	switch scheme.Kind {
	case KindEmployee:
		if req.Employer == "" {
			return nil, nil, FieldErrorf("单位", "%s须通过参保单位办理(增员),请填写单位统一社会信用代码", scheme.Name)
		}
		if f.Employer == nil {
			return nil, nil, FieldErrorf("单位", "单位%s未登记,请先办理单位登记", req.Employer)
		}
		n.Employer, n.EmpName = f.Employer.USCC, f.Employer.Name
	default:
		if req.Employer != "" {
			return nil, nil, FieldErrorf("单位", "%s以个人或家庭为单位参保,不填写单位", scheme.Name)
		}
	}
	if scheme.Annual {
		n.Year = req.Year
		if n.Year == 0 {
			n.Year = date.Year()
		}
		if n.Year != date.Year() && n.Year != date.Year()+1 {
			return nil, nil, FieldErrorf("参保年度", "参保年度%d与参保日期%s不符", n.Year, req.Date)
		}
	}
	if h := f.Holder; h != nil {
		switch {
		case h.Scheme == SchemeResidentMedical && scheme.Code == SchemeResidentMedical && h.Year != 0 && h.Year < n.Year:
			expire = h // last year's 390 enrollment ends with its year
		case h.Scheme == scheme.Code:
			return nil, nil, Errorf(ECONFLICT, "%s已参加%s,不能重复参保", p.Name, h.Describe())
		default:
			return nil, nil, Errorf(ECONFLICT, "%s已参加%s,与%s不能同时参加", p.Name, h.Describe(), scheme.Name)
		}
	}
	return n, expire, nil
}

// ExpiryDate is the day an annual enrollment of the year ends (31
// December), when the next year's enrollment takes over its slot.
func ExpiryDate(year int) string { return fmt.Sprintf("%d-12-31", year) }

// Repeats reports whether a request asks again for the open enrollment h
// (same scheme, start date, employer, year and household): importing the
// same file twice changes nothing.
func Repeats(h *Enrollment, scheme *Scheme, req EnrollRequest) bool {
	year := req.Year
	if scheme.Annual && year == 0 && len(req.Date) >= 4 {
		if y, err := strconv.Atoi(req.Date[:4]); err == nil && y >= 0 {
			year = y
		}
	}
	return h.Scheme == scheme.Code && h.StartDate == req.Date && h.Employer == req.Employer &&
		h.Year == year && (req.Household == "" || h.Household == req.Household)
}

// PlanChange checks a lifecycle action on an enrollment (Transition) with
// its date and reason, and returns the status it leads to. The date may
// not precede the enrollment; a termination must say why (death,
// emigration, double enrollment: 社会保险法 第十九条 and the 终止 rules of
// the schemes).
func PlanChange(n *Enrollment, req ChangeRequest) (string, error) {
	to, err := Transition(n.Status, req.Action)
	if err != nil {
		return "", err
	}
	if _, err := ParseDate("日期", req.Date); err != nil {
		return "", err
	}
	if req.Date < n.StartDate {
		return "", FieldErrorf("日期", "日期%s早于参保日期%s", req.Date, n.StartDate)
	}
	if req.Action == ActTerminate && req.Reason == "" {
		return "", FieldErrorf("原因", "终止参保须说明原因(死亡、出国(境)定居、重复参保等)")
	}
	return to, nil
}

// EnrollmentSpan is one enrollment of a person with the dated changes of
// its status, to tell what it covered on a day.
type EnrollmentSpan struct {
	ID, Scheme, Status, Start, End, EndReason string
	Year                                      int
	Events                                    []SpanEvent
}

// SpanEvent is one change of an enrollment's status.
type SpanEvent struct {
	Seq      int
	To, Date string
}

// StatusOn returns the enrollment's status on the date — that of its last
// event dated on or before it — or "" when it did not cover the date at
// all. The end date is the last day covered; an event that closes the
// enrollment on the date itself does not count yet; an enrollment ended as
// a double enrollment (重复参保) never covered anything.
func (c *EnrollmentSpan) StatusOn(date string) string {
	if c.Start > date || (c.End != "" && c.End < date) || c.EndReason == EndDuplicate {
		return ""
	}
	status, best := "", -1
	for _, e := range c.Events {
		if e.Date > date || (e.Date == date && !IsOpen(e.To)) {
			continue
		}
		if e.Seq > best {
			status, best = e.To, e.Seq
		}
	}
	return status
}

// Employment is a time a person is an employer's employee (单位参保期间):
// 增员 opens one, 减员 ends it. End "" while it lasts.
type Employment struct {
	IDNo      string `json:"id_no"`
	Employer  string `json:"employer"`
	Start     string `json:"start"`
	End       string `json:"end,omitempty"`
	EndReason string `json:"end_reason,omitempty"`
	// RuralContract: the person works under this employment as a
	// 农民合同制工人 (rural contract worker, 失业保险条例 第六条、第二十一条).
	// Where policy unemployment.rural_contract.exempt is on, the person
	// pays no individual unemployment contribution (the employer's part
	// stays), and on losing the job after a full year receives the one-off
	// living allowance (一次性生活补助) instead of unemployment benefit.
	// It is recorded on the employment, not on the person, because it is a
	// term of the labour contract the clerk sees at 增员: the same person
	// hired later on an ordinary contract pays as any employee, and the
	// allowance depends on the years worked for this one employer.
	RuralContract bool `json:"rural_contract,omitempty"`
}

// EnrollmentData is what the store reads, in one query each, to decide a
// set of enrollment requests.
type EnrollmentData struct {
	Persons   map[string]*Person     // by ID number, wherever registered
	Employers map[string]*Employer   // by USCC
	Holders   map[string]*Enrollment // the open enrollments, by "id_no/slot" (HolderKey)
	// Member is the household each person belongs to (户号), and
	// HouseholdRegion the region of each household read.
	Member          map[string]string
	HouseholdRegion map[string]string
}

// HolderKey is the key of EnrollmentData.Holders.
func HolderKey(idNo, slot string) string { return idNo + "/" + slot }

// NewHousehold is a household (户) to create: its 户号, region and head.
type NewHousehold struct {
	ID, Region, Head string
}

// EnrollmentSlot is an enrollment of a person and the slot it holds ("" when
// closed).
type EnrollmentSlot struct {
	ID, Slot string
}
