package shebao

import "time"

// Money out (待遇). A benefit is an entitlement of one person paid by one
// fund: a pension or allowance paid every month from its start month, or a
// one-off payment (start month = end month). Every benefit, whatever
// created it — a pension determination, an unemployment claim, a land
// batch — is paid by the same monthly payroll, which writes one payment per
// benefit and month and posts the fund's expenditure to the ledger.

// Benefit statuses (发放状态).
const (
	BenefitActive    = "正常发放"
	BenefitSuspended = "暂停发放"
	BenefitStopped   = "终止发放"
)

// Payment statuses of the payroll.
const (
	PaymentPending  = "待发放" // computed by the payroll run, waiting for the release (复核)
	PaymentReleased = "已发放" // released: in the bank file sent, posted as paid
)

// Overpayment statuses (待遇追回).
const (
	OverpaymentOpen       = "待追回"
	OverpaymentRecovered  = "已追回"
	OverpaymentWrittenOff = "已核销"
)

// Benefit kinds.
const (
	BenefitPension         = "pension"          // 企业职工基本养老金 (110)
	BenefitResidentPension = "resident_pension" // 城乡居民养老金 (170)
	BenefitUnemployment    = "unemployment"     // 失业保险金 (210)
	BenefitMaternity       = "maternity"        // 生育津贴 (510)
	BenefitInjuryLumpSum   = "injury_lump_sum"  // 一次性伤残补助金 (410)
	BenefitLandAllowance   = "land_allowance"   // 被征地农民基本生活保障金 (910)
	BenefitLandLumpSum     = "land_lump_sum"    // 被征地农民一次性补助 (910)
)

// BenefitKind describes a kind of benefit: the fund that pays it, the
// expense account it is posted to, whether it is paid monthly, and whether
// it needs a second clerk's approval before it is paid.
type BenefitKind struct {
	Code   string `json:"kind"`
	Name   string `json:"name"`
	Scheme string `json:"scheme"`
	// Expense is the expenditure account of the fund (ledger.go). For the
	// residents' pension the basic part goes to 5011 and the rest to 5012.
	Expense string `json:"expense"`
	Monthly bool   `json:"monthly"`
	// Approval: the entitlement is created only by an approved
	// determination (经办 → 复核).
	Approval bool `json:"approval"`
}

// BenefitKinds is the catalogue of benefit kinds.
var BenefitKinds = []BenefitKind{
	{BenefitPension, "基本养老金", SchemeEmployeePension, AcctPension, true, true},
	{BenefitResidentPension, "城乡居民养老金", SchemeResidentPension, AcctResidentAccountPension, true, true},
	{BenefitUnemployment, "失业保险金", SchemeUnemployment, AcctUnemploymentBenefit, true, true},
	{BenefitMaternity, "生育津贴", SchemeMaternity, AcctMaternityAllowance, false, true},
	{BenefitInjuryLumpSum, "一次性伤残补助金", SchemeWorkInjury, AcctDisabilityLumpSum, false, true},
	{BenefitLandAllowance, "被征地农民基本生活保障金", SchemeLandExpropriated, AcctLivingAllowance, true, false},
	{BenefitLandLumpSum, "被征地农民一次性补助", SchemeLandExpropriated, AcctLandLumpSum, false, false},
}

// FindBenefitKind returns the kind with the code.
func FindBenefitKind(code string) (BenefitKind, bool) {
	for _, k := range BenefitKinds {
		if k.Code == code {
			return k, true
		}
	}
	return BenefitKind{}, false
}

// Benefit is one person's entitlement.
type Benefit struct {
	ID     string `json:"id"`
	IDNo   string `json:"id_no"`
	Name   string `json:"name,omitempty"` // the person's name, when read with it
	Scheme string `json:"scheme"`
	Kind   string `json:"kind"`
	// KindName is the Chinese name of the kind.
	KindName string `json:"kind_name,omitempty"`
	Region   string `json:"region_code"`
	Status   string `json:"status"`
	// StartMonth is the first month paid, EndMonth the last ("" while it
	// runs). A one-off benefit has both the same.
	StartMonth string `json:"start_month"`
	EndMonth   string `json:"end_month,omitempty"`
	// Monthly is the amount in force now; Amounts has its history.
	Monthly     Money  `json:"monthly"`
	BankAccount string `json:"bank_account,omitempty"`
	// Source is the business event that created the benefit
	// ("determination:<approval id>", "land:<batch>:…").
	Source string `json:"source"`
	// Explanation says how the first amount was computed, in Chinese.
	Explanation  string          `json:"explanation"`
	Detail       map[string]any  `json:"detail,omitempty"`
	StatusReason string          `json:"status_reason,omitempty"`
	Amounts      []BenefitAmount `json:"amounts,omitempty"`
	Version      int             `json:"version"`
	CreatedAt    time.Time       `json:"created_at"`
	CreatedBy    string          `json:"created_by"`
	ApprovedBy   string          `json:"approved_by,omitempty"`
	UpdatedAt    time.Time       `json:"updated_at"`
	UpdatedBy    string          `json:"updated_by"`
}

// BenefitAmount is the amount of a benefit from one month on (the first
// determination, then each adjustment).
type BenefitAmount struct {
	FromMonth string `json:"from_month"`
	ToMonth   string `json:"to_month,omitempty"`
	Monthly   Money  `json:"monthly"`
	// AccountPart is what the individual account pays of Monthly; BasicPart
	// the residents' basic pension.
	AccountPart Money  `json:"account_part"`
	BasicPart   Money  `json:"basic_part"`
	Explanation string `json:"explanation"`
	Source      string `json:"source"`
}

// BenefitPayment is one month's payment of one benefit (the payroll).
type BenefitPayment struct {
	BenefitID   string `json:"benefit_id"`
	Month       string `json:"month"`
	IDNo        string `json:"id_no"`
	Name        string `json:"name,omitempty"`
	Scheme      string `json:"scheme"`
	Kind        string `json:"kind"`
	Region      string `json:"region_code"`
	Amount      Money  `json:"amount"`
	AccountPart Money  `json:"account_part"`
	BasicPart   Money  `json:"basic_part"`
	BankAccount string `json:"bank_account,omitempty"`
	Status      string `json:"status"`
}

// Overpayment is a payment to recover: a month paid after the person's
// death (死亡冒领) or after the benefit ended.
type Overpayment struct {
	BenefitID string    `json:"benefit_id"`
	Month     string    `json:"month"`
	IDNo      string    `json:"id_no"`
	Scheme    string    `json:"scheme"`
	Region    string    `json:"region_code"`
	Amount    Money     `json:"amount"`
	Reason    string    `json:"reason"`
	Status    string    `json:"status"`
	FoundAt   time.Time `json:"found_at"`
	SettledOn string    `json:"settled_on,omitempty"`
}

// NewBenefit is an entitlement to create: from a determination approved by
// a second clerk (pensions, unemployment benefit …) or directly by a batch
// (land-expropriated farmers' allowances). Creating the same (IDNo, Kind,
// Source) again creates nothing, so a batch run again doubles nothing.
type NewBenefit struct {
	IDNo string `json:"id_no"`
	Kind string `json:"kind"`
	// StartMonth is the first month paid (YYYY-MM); EndMonth the last, ""
	// while open. A one-off benefit (not Monthly) pays in StartMonth only:
	// EndMonth is set to it.
	StartMonth string `json:"start_month"`
	EndMonth   string `json:"end_month,omitempty"`
	// Monthly is the amount each month (the whole amount of a one-off).
	Monthly Money `json:"monthly"`
	// AccountPart is what the individual account pays of Monthly each
	// month (110 and 170 account pensions); BasicPart the residents' basic
	// pension (170).
	AccountPart Money  `json:"account_part,omitempty"`
	BasicPart   Money  `json:"basic_part,omitempty"`
	BankAccount string `json:"bank_account,omitempty"`
	// Source is the business event that creates the benefit, unique for the
	// person and kind: "determination:<run or request>", "land:<批准文号>".
	Source string `json:"source"`
	// Explanation is the computation in Chinese, shown to the citizen.
	Explanation string         `json:"explanation"`
	Detail      map[string]any `json:"detail,omitempty"`
	// Summary is a one-line description for the approval queue.
	Summary string `json:"summary,omitempty"`
}

// Normalize fills what follows from the kind and checks the entitlement.
func (b *NewBenefit) Normalize() error {
	k, ok := FindBenefitKind(b.Kind)
	if !ok {
		return FieldErrorf("待遇项目", "待遇项目“%s”无效", b.Kind)
	}
	start, err := ParsePeriod(b.StartMonth)
	if err != nil {
		return FieldErrorf("起始月份", "起始月份“%s”无效,应为YYYY-MM", b.StartMonth)
	}
	b.StartMonth = string(start)
	if !k.Monthly {
		b.EndMonth = b.StartMonth
	} else if b.EndMonth != "" {
		end, err := ParsePeriod(b.EndMonth)
		if err != nil {
			return FieldErrorf("终止月份", "终止月份“%s”无效,应为YYYY-MM", b.EndMonth)
		}
		if b.EndMonth = string(end); b.EndMonth < b.StartMonth {
			return FieldErrorf("终止月份", "终止月份%s早于起始月份%s", b.EndMonth, b.StartMonth)
		}
	}
	switch {
	case b.Monthly <= 0:
		return FieldErrorf("金额", "%s金额应大于0", k.Name)
	case b.AccountPart < 0 || b.BasicPart < 0 || b.AccountPart+b.BasicPart > b.Monthly:
		return FieldErrorf("金额", "个人账户支付部分%s与基础养老金%s之和超过待遇金额%s", b.AccountPart, b.BasicPart, b.Monthly)
	case b.Source == "":
		return FieldErrorf("来源", "缺少待遇的业务来源")
	case b.Explanation == "":
		return FieldErrorf("计算说明", "缺少待遇的计算说明")
	}
	return nil
}

// BenefitFilter selects benefits.
type BenefitFilter struct {
	IDNo   string
	Kind   string
	Scheme string
	Status string
	Region string
	Offset int
	Limit  int
}

// Benefit actions (待遇变更).
const (
	BenefitSuspend = "suspend" // 暂停发放
	BenefitResume  = "resume"  // 恢复发放
	BenefitStop    = "stop"    // 终止发放
)

// BenefitChange is a change of a benefit's status: from Month on, the
// payroll pays it (resume) or not (suspend, stop).
type BenefitChange struct {
	Action string `json:"action"`
	// Month: a suspension or stop applies to the payroll of this month and
	// later; a stop's end month is the month before.
	Month  string `json:"month"`
	Reason string `json:"reason"`
}
