package shebao

import (
	"encoding/json"
	"time"
)

// Approval statuses (经办 → 复核).
const (
	ApprovalPending  = "待复核"
	ApprovalApproved = "已复核"
	ApprovalRejected = "已退回"
)

// Approval kinds: the operations that wait for a second user. Later
// capabilities add theirs (benefit determination, payroll release, refunds,
// corrections of contributions).
const (
	ApproveMergePersons   = "persons.merge"     // 重复登记合并
	ApproveDetermination  = "benefit.determine" // 待遇核定 (benefit.go)
	ApprovePayrollRelease = "payroll.release"   // 月度待遇发放
	ApprovePaymentRefund  = "payment.refund"    // 缴费退费 (collect/refunds.go)
	ApprovePaymentCorrect = "payment.correct"   // 缴费更正(冲正)
	ApproveFlexCorrect    = "flex.correct"      // 灵活就业缴费更正(冲正) (collect/refunds.go)
)

// ApproveWriteOff is the kind of the write-off of an overpayment that
// cannot be recovered (多发待遇核销).
const ApproveWriteOff = "overpayment.writeoff"

// ApproveFlexRefund is the kind of the refund (退费) of a flexible-employment
// personal payment's 暂收款.
const ApproveFlexRefund = "flex.refund"

// The refund (退费) and correction (冲正) of a resident's annual
// contribution receipt and of a lump-sum receipt of a converted village
// (collect/refunds.go, collect/others.go).
const (
	ApproveResidentRefund  = "resident.refund"
	ApproveResidentCorrect = "resident.correct"
	ApproveLumpSumRefund   = "lumpsum.refund"
	ApproveLumpSumCorrect  = "lumpsum.correct"
)

// ApproveHospitalSettlement is the kind of the payment of a month's
// settlement with the hospitals (医疗费用结算拨付).
const ApproveHospitalSettlement = "hospital.settle"

// ApproveDibao is the kind of the district's decision on a 低保 case (低保
// 审批, assist/cases.go).
const ApproveDibao = "assist.dibao"

// ApproveDibaoChange is the kind of the district's decision on a change
// found by a periodic review (增发, 减发, 渐退, 停发; assist/review.go).
const ApproveDibaoChange = "assist.dibao.change"

// ApproveTemporaryRelief is the kind of a 临时救助 decision (assist/relief.go).
const ApproveTemporaryRelief = "assist.temporary"

// 特困人员救助供养 (tekun; assist/tekun.go): the district's decision on a
// case, and on a change of its amount after a re-assessment of the
// self-care level.
const (
	ApproveTekun       = "assist.tekun"
	ApproveTekunChange = "assist.tekun.change"
)

// ApprovePostPlacement is the kind of the placement of a person on a
// 公益性岗位 with its monthly subsidies (employ, issue #19 item 5).
const ApprovePostPlacement = "post.place"

// ApproveTrainingSubsidy is the kind of the training subsidies of a
// course's certified completions (employ, issue #19 item 3).
const ApproveTrainingSubsidy = "training.subsidy"

// ApprovalKind describes one kind of approval: its Chinese name and the
// entity it changes. Who may submit and who may decide it follows from the
// entity (Role.May with Submit and Decide), and so does who sees it in the
// queue (Actor.MaySee).
type ApprovalKind struct {
	Name   string
	Entity string
}

// ApprovalKinds is every kind of approval, the one table the store, the
// API and the UI consult. A kind not listed here cannot be submitted.
var ApprovalKinds = map[string]ApprovalKind{
	ApproveMergePersons:       {"重复登记人员合并", EntityPerson},
	ApproveDetermination:      {"待遇核定", EntityBenefit},
	ApprovePayrollRelease:     {"月度待遇发放", EntityBenefit},
	ApprovePaymentRefund:      {"缴费退费", EntityContribution},
	ApprovePaymentCorrect:     {"缴费更正(冲正)", EntityContribution},
	ApproveFlexCorrect:        {"灵活就业缴费更正(冲正)", EntityContribution},
	ApproveWriteOff:           {"多发待遇核销", EntityBenefit},
	ApproveFlexRefund:         {"灵活就业缴费退费", EntityContribution},
	ApproveHospitalSettlement: {"医疗费用结算拨付", EntityMedical},
	ApproveResidentRefund:     {"城乡居民缴费退费", EntityContribution},
	ApproveResidentCorrect:    {"城乡居民缴费更正(冲正)", EntityContribution},
	ApproveLumpSumRefund:      {"村改居补缴退费", EntityContribution},
	ApproveLumpSumCorrect:     {"村改居补缴更正(冲正)", EntityContribution},
	ApproveDibao:              {"低保审批", EntityAssistDecision},
	ApproveDibaoChange:        {"低保变更(增发、减发、渐退、停发)", EntityAssistDecision},
	ApproveTemporaryRelief:    {"临时救助", EntityAssistDecision},
	// 特困人员救助供养 (tekun)
	ApproveTekun:       {"特困人员认定", EntityAssistDecision},
	ApproveTekunChange: {"特困人员供养变更(护理等级)", EntityAssistDecision},
	// 就业 (employ)
	ApprovePostPlacement: {"公益性岗位安置及补贴", EntityPost},
	// 职业培训 (employ, issue #19 item 3)
	ApproveTrainingSubsidy: {"职业培训补贴", EntityTraining},
	// 社会保险补贴 of employers and flexible workers (employ, issue #19
	// item 5): the rights of the 公益性岗位, whose subsidies they extend.
	ApproveInsuranceSubsidy: {"社会保险补贴认定", EntityPost},
	// Land contracting and transfer (landtransfer.go).
	ApproveTransferVerify: {"土地流转合同鉴证", EntityTransfer},
	ApproveTransferReview: {"工商企业流转土地资格审查", EntityTransfer},
}

// Approval is one operation waiting for, or decided by, a checker.
type Approval struct {
	ID        string          `json:"id"`
	Kind      string          `json:"kind"`
	KindName  string          `json:"kind_name"`
	Summary   string          `json:"summary"`
	Payload   json.RawMessage `json:"payload"`
	Region    string          `json:"region"`
	Status    string          `json:"status"`
	Maker     string          `json:"maker"`
	MakerRole string          `json:"maker_role"`
	MadeAt    time.Time       `json:"made_at"`
	Checker   string          `json:"checker,omitempty"`
	CheckedAt *time.Time      `json:"checked_at,omitempty"`
	Note      string          `json:"note,omitempty"`
	Result    string          `json:"result,omitempty"`
}

// MergeRequest is the payload of a persons.merge approval.
type MergeRequest struct {
	Keep string `json:"keep"`
	Drop string `json:"drop"`
	Note string `json:"note,omitempty"`
}
