package shebao

// 职业培训 (employ, issue #19 item 3, docs/DOMAIN.md §10): courses of a
// provider for an occupation and level, persons of working age enrolled
// up to the places, their attendance and outcome with the certificate
// obtained, and the subsidy per certificate level (policy
// labor.training.subsidy.*) paid once through the payroll after a second
// clerk's approval.

// Certificate levels (职业技能等级, 国家职业技能标准 五级至一级).
const (
	CertPrimary      = "初级" // 五级/初级工
	CertIntermediate = "中级" // 四级/中级工
	CertSenior       = "高级" // 三级/高级工
)

// CertLevels are the certificate levels a completion may carry, lowest
// first.
var CertLevels = []string{CertPrimary, CertIntermediate, CertSenior}

// Payees of a course's subsidies.
const (
	TrainingPayProvider = "机构" // the provider's account (直补培训机构)
	TrainingPayPerson   = "个人" // the trainee's own account
)

// Enrolment outcomes.
const (
	TrainingEnrolled   = "在训"
	TrainingCompleted  = "结业"
	TrainingIncomplete = "未结业"
)

// TrainingCourse is a course (培训班).
type TrainingCourse struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Region     string `json:"region"`
	Provider   string `json:"provider"`   // 培训机构
	Occupation string `json:"occupation"` // 职业(工种)
	Level      string `json:"level"`      // the level trained for
	Start      string `json:"start"`      // YYYY-MM-DD
	End        string `json:"end"`        // YYYY-MM-DD
	Hours      int    `json:"hours"`      // 课时
	Places     int    `json:"places"`
	// Payee: 机构 (BankAccount is the provider's) or 个人 (the account is
	// given with each completion).
	Payee       string `json:"payee"`
	BankAccount string `json:"bank_account,omitempty"`
	Enrolled    int    `json:"enrolled"`
	CreatedBy   string `json:"created_by,omitempty"`
}

// TrainingEnrolment is a person on a course with the outcome.
type TrainingEnrolment struct {
	CourseID string `json:"course_id"`
	IDNo     string `json:"id_no"`
	Name     string `json:"name,omitempty"`
	Region   string `json:"region"`
	Status   string `json:"status"`
	// Attended is the hours attended (出勤课时), recorded with the outcome.
	Attended    int    `json:"attended"`
	Certificate string `json:"certificate,omitempty"` // level obtained
	CertNo      string `json:"cert_no,omitempty"`     // 证书编号
	CompletedOn string `json:"completed_on,omitempty"`
	// BankAccount is the person's account when the course pays persons.
	BankAccount string `json:"bank_account,omitempty"`
	// Subsidy is the approval that paid (or is to pay) the subsidy.
	Subsidy string `json:"subsidy,omitempty"`
}

// TrainingOutcome records an enrolment's attendance and outcome.
type TrainingOutcome struct {
	CourseID    string `json:"course_id"`
	IDNo        string `json:"id_no"`
	Attended    int    `json:"attended"`
	Completed   bool   `json:"completed"`
	Certificate string `json:"certificate,omitempty"`
	CertNo      string `json:"cert_no,omitempty"`
	Date        string `json:"date,omitempty"` // YYYY-MM-DD, default today
	BankAccount string `json:"bank_account,omitempty"`
}
