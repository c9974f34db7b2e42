package shebao

import (
	"slices"
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
