package shebao

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

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
	BenefitRuralAllowance  = "rural_allowance"  // 农民合同制工人一次性生活补助 (210)
	BenefitLandAllowance   = "land_allowance"   // 被征地农民基本生活保障金 (910)
	BenefitLandLumpSum     = "land_lump_sum"    // 被征地农民一次性补助 (910)
	// 就业 (employ, issue #19 item 5): the subsidies of a 公益性岗位
	// placement, paid monthly by the payroll for the post.
	BenefitPublicPost    = "public_post"    // 公益性岗位补贴
	BenefitPostInsurance = "post_insurance" // 公益性岗位社会保险补贴
	// 社会救助 (assist, issue #18): the monthly 低保 of an approved case,
	// paid to the applicant for the household.
	BenefitDibao = "dibao" // 最低生活保障金
	// A 临时救助 decision's one-off payment (社会救助暂行办法 第四十七至五十条;
	// assist/relief.go).
	BenefitTemporaryRelief = "temporary_relief" // 临时救助金
	// 特困人员救助供养金 (assist/tekun.go): the monthly support of an
	// approved 特困 case, paid to the person or the institution.
	BenefitTekun = "tekun"
	// 职业培训补贴 (employ, issue #19 item 3): one-off, per certificate,
	// to the training provider or the person.
	BenefitTraining = "training" // 职业培训补贴
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

// BenefitKinds is the catalogue of benefit kinds. The assistance kinds
// (低保, 特困, 临时救助, 医疗救助) come from AssistanceKinds, the one table of
// their fund and accounts (assist_fund.go), appended at the end.
var BenefitKinds = append([]BenefitKind{
	{BenefitPension, "基本养老金", SchemeEmployeePension, AcctPension, true, true},
	{BenefitResidentPension, "城乡居民养老金", SchemeResidentPension, AcctResidentAccountPension, true, true},
	{BenefitUnemployment, "失业保险金", SchemeUnemployment, AcctUnemploymentBenefit, true, true},
	{BenefitMaternity, "生育津贴", SchemeMaternity, AcctMaternityAllowance, false, true},
	{BenefitInjuryLumpSum, "一次性伤残补助金", SchemeWorkInjury, AcctDisabilityLumpSum, false, true},
	// The chart has no account of its own for the rural contract
	// worker's allowance; it is posted to 其他支出 of the 210 fund.
	{BenefitRuralAllowance, "农民合同制工人一次性生活补助", SchemeUnemployment, AcctOtherExpense, false, true},
	{BenefitLandAllowance, "被征地农民基本生活保障金", SchemeLandExpropriated, AcctLivingAllowance, true, false},
	{BenefitLandLumpSum, "被征地农民一次性补助", SchemeLandExpropriated, AcctLandLumpSum, false, false},
	// 就业 (employ): the chart has no fund for 就业补助资金; the subsidies
	// of a 公益性岗位 are posted to 其他支出 of the 210 fund, as the
	// 失业保险基金 paid them where its use was widened (docs/DOMAIN.md §10).
	{BenefitPublicPost, "公益性岗位补贴", SchemeUnemployment, AcctOtherExpense, true, true},
	{BenefitPostInsurance, "公益性岗位社会保险补贴", SchemeUnemployment, AcctOtherExpense, true, true},
	// 职业培训补贴: one-off, posted like the post subsidies (the 失业保险基金
	// pays 技能提升补贴 where its use was widened).
	{BenefitTraining, "职业培训补贴", SchemeUnemployment, AcctOtherExpense, false, true},
	// 社会保险补贴 of employers and flexible workers (insurance_subsidy.go):
	// one-off per month reimbursed, posted like the post subsidies.
	{BenefitInsuranceSubsidy, "社会保险补贴", SchemeUnemployment, AcctOtherExpense, false, true},
}, assistanceBenefitKinds()...)

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
	// the basic pension (基础养老金): the residents' (170, charged to 5011)
	// and, shown in the payroll as the determination explains it, the
	// employee pension's (110; the whole 110 amount is charged to 5001).
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
	// Receipt is the voucher of the money that came back (回单号), once
	// recovered; Repeat says the recovery was recorded before under it.
	Receipt string `json:"receipt,omitempty"`
	Repeat  bool   `json:"repeat,omitempty"`
}

// OverpaymentRecovery is the money of an overpayment come back (追回): the
// voucher number (回单号 or 收据号), the day on it, and the amount, which must
// be the whole amount to recover (a typo in it is refused, not posted).
type OverpaymentRecovery struct {
	Receipt string `json:"receipt"`
	Date    string `json:"date"`
	Amount  Money  `json:"amount"`
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
	// AccountInterest is the interest of the year's months up to the
	// retirement month that a pension determined in the middle of a year
	// added to the balance it divided (policy.AccountInterestMonths): it
	// is credited to the account when the determination is approved, with
	// its ledger entry, under the source "interest:<year>:partial", which
	// the year-end interest run of that year then leaves alone.
	AccountInterest *AccountMovement `json:"account_interest,omitempty"`
}

// AccountYear is what an individual account holds for a year's interest:
// the balance at the end of the year before (every movement dated before
// 1 January), the year's credits (记账 and 转入) up to a date, and the interest of the
// year already credited (by the year-end run or a determination; 0 when
// none) with whether there is any.
type AccountYear struct {
	Opening     Money
	Credits     Money
	Interest    Money
	HasInterest bool
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

// DecimalText is a decimal given as JSON text ("1.2") or a JSON number
// (1.2), kept as its text so that nothing passes through a float.
type DecimalText string

// UnmarshalJSON accepts a string or a number.
func (d *DecimalText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*d = DecimalText(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("应为数值或数值文本")
	}
	*d = DecimalText(n.String())
	return nil
}

// PensionCalcRequest is a what-if of the employee basic pension (shebao calc
// pension, POST /api/v1/benefits/calc). Wage, index, years, balance and age
// are required except that an empty Wage takes wage.avg_monthly and an
// empty TransitionRate pension.transition_coef in force for Region on Date.
type PensionCalcRequest struct {
	Wage           DecimalText `json:"wage,omitempty"`            // C: last year's average monthly wage, 元
	Index          DecimalText `json:"index"`                     // I: average contribution index, "1.2"
	Years          DecimalText `json:"years"`                     // N: years of contribution, deemed included, "30.5"
	Balance        DecimalText `json:"balance"`                   // individual account balance, 元
	Age            string      `json:"age"`                       // "60" or "62y10m"
	DeemedYears    DecimalText `json:"deemed_years,omitempty"`    // D: deemed years, part of N
	DeemedIndex    DecimalText `json:"deemed_index,omitempty"`    // index of the deemed years; default I
	TransitionRate DecimalText `json:"transition_rate,omitempty"` // R: percent, "1.2" is 1.2%
	Region         string      `json:"region,omitempty"`          // the policy's region; default national
	Date           string      `json:"date,omitempty"`            // the policy's date, YYYY-MM-DD; default today
}

// PensionCalc is the result of a what-if: each component rounded half up to
// the fen, the total their sum.
type PensionCalc struct {
	Basic        Money `json:"basic"`
	Account      Money `json:"account"`
	Transitional Money `json:"transitional"`
	Total        Money `json:"total"`
	// Divisor is the 计发月数 as policy writes it: "139", "118.3".
	Divisor string `json:"divisor"`
	Explain string `json:"explain"`
	// The inputs as used, with where the policy values came from.
	Wage           Money    `json:"wage"`
	Index          string   `json:"index"`
	Years          string   `json:"years"`
	DeemedYears    string   `json:"deemed_years,omitempty"`
	TransitionRate string   `json:"transition_rate,omitempty"`
	Age            string   `json:"age"`
	Sources        []string `json:"sources,omitempty"`
}

// DeterminationRequest asks for a pension determination of one person.
type DeterminationRequest struct {
	IDNo string `json:"id_no"`
	Kind string `json:"kind"` // pension (110) or resident_pension (170)
	// Group is the original statutory age of a woman employee: 女工人 (50)
	// or 女干部 (55). Required for women under 110.
	Group string `json:"group,omitempty"`
	// DeemedMonths is the deemed contribution (视同缴费年限) the clerk found
	// in the archive; DeemedIndex its index where the province sets one
	// (default the average index).
	DeemedMonths int         `json:"deemed_months,omitempty"`
	DeemedIndex  DecimalText `json:"deemed_index,omitempty"`
	// Retire is the month of retirement (YYYY-MM), when later than the
	// month the statutory age is reached; default that month.
	Retire      string `json:"retire,omitempty"`
	BankAccount string `json:"bank_account,omitempty"`
	// Preview computes and explains without submitting.
	Preview bool `json:"preview,omitempty"`
}

// ContributionYear is one year of the history a determination used.
type DeterminationYear struct {
	Year      int   `json:"year"`
	Months    int   `json:"months"`
	BaseTotal Money `json:"base_total"`
	// AvgWage is the year's 社平工资 the index divides by (for bill lines
	// the month-weighted mean of the wages the assessment used).
	AvgWage Money `json:"avg_wage"`
	// Index is the year's contribution index, four decimals.
	Index  string `json:"index"`
	Source string `json:"source"` // 历年缴费记录 or 征缴核定
}

// ContributionMonth is one month of contribution assessed by shebao and
// paid in full: the person's base that month and the 社平工资 the
// assessment used (0 where the month's record does not carry it, as for a
// flexible worker's own bill: the policy's wage in force then applies).
type ContributionMonth struct {
	Period  string
	Base    Money
	AvgWage Money
}

// Determination is a computed pension: the entitlement to create, how it
// was computed, and, unless a preview, the approval it waits in.
type Determination struct {
	Kind         string `json:"kind"`
	IDNo         string `json:"id_no"`
	Name         string `json:"name"`
	Region       string `json:"region_code"`
	RetireMonth  string `json:"retire_month"`
	StartMonth   string `json:"start_month"`
	Age          string `json:"age"`
	Basic        Money  `json:"basic"`
	Account      Money  `json:"account"`
	Transitional Money  `json:"transitional"`
	Total        Money  `json:"total"`
	Divisor      string `json:"divisor"`
	// Months is the actual contribution, DeemedMonths the deemed part
	// (110); for 170 Months is twelve times the years paid.
	Months       int                 `json:"months"`
	DeemedMonths int                 `json:"deemed_months,omitempty"`
	MinMonths    int                 `json:"min_months"`
	Index        string              `json:"index,omitempty"`
	Balance      Money               `json:"balance"`
	AvgWage      Money               `json:"avg_wage,omitempty"`
	Years        []DeterminationYear `json:"years"`
	Explain      string              `json:"explain"`
	Benefit      NewBenefit          `json:"benefit"`
	Preview      bool                `json:"preview"`
	Approval     *Approval           `json:"approval,omitempty"`
}

// OtherDetermination is a computed unemployment benefit, maternity
// allowance or work-injury lump sum: the entitlement to create, how it was
// computed, and, unless a preview, the approval it waits in.
type OtherDetermination struct {
	Kind       string `json:"kind"`
	KindName   string `json:"kind_name"`
	IDNo       string `json:"id_no"`
	Name       string `json:"name"`
	Region     string `json:"region_code"`
	StartMonth string `json:"start_month"`
	EndMonth   string `json:"end_month"`
	// Amount is the monthly amount (unemployment) or the one-off amount.
	Amount Money `json:"amount"`
	// Months is the number of months paid (1 for a one-off); Total is
	// Amount × Months.
	Months  int            `json:"months"`
	Total   Money          `json:"total"`
	Inputs  map[string]any `json:"inputs"`
	Explain string         `json:"explain"`
	Benefit NewBenefit     `json:"benefit"`
	Preview bool           `json:"preview"`
	// Approval is the queued determination (not for a preview).
	Approval *Approval `json:"approval,omitempty"`
}

// UnemploymentRequest asks for an unemployment benefit determination.
type UnemploymentRequest struct {
	IDNo string `json:"id_no"`
	// From is the first month paid (YYYY-MM), normally the month of the
	// unemployment registration.
	From        string `json:"from"`
	BankAccount string `json:"bank_account,omitempty"`
	Preview     bool   `json:"preview,omitempty"`
}

// MaternityRequest asks for a maternity allowance determination.
type MaternityRequest struct {
	IDNo      string `json:"id_no"`
	Employer  string `json:"employer"`   // USCC of the employer on the birth date
	BirthDate string `json:"birth_date"` // YYYY-MM-DD
	Difficult bool   `json:"difficult,omitempty"`
	// Babies born (default 1); each baby beyond the first adds the
	// "multiple" extra of maternity.days.
	Babies int `json:"babies,omitempty"`
	// Month is the payroll month that pays the allowance (default: the
	// current month).
	Month       string `json:"month,omitempty"`
	BankAccount string `json:"bank_account,omitempty"`
	Preview     bool   `json:"preview,omitempty"`
}

// InjuryRequest asks for a work-injury lump sum determination.
type InjuryRequest struct {
	IDNo       string `json:"id_no"`
	Grade      int    `json:"grade"`       // disability grade 1–10 (劳动能力鉴定)
	InjuryDate string `json:"injury_date"` // YYYY-MM-DD
	// Month is the payroll month that pays the lump sum (default: the
	// current month).
	Month       string `json:"month,omitempty"`
	BankAccount string `json:"bank_account,omitempty"`
	Preview     bool   `json:"preview,omitempty"`
}

// ReasonReemployed is the reason of an unemployment benefit stopped because
// the person is employed again.
const ReasonReemployed = "重新就业"

// ReasonReemployedCancel is the reason of unemployment benefit payments
// cancelled before their release because the person was employed again.
const ReasonReemployedCancel = "重新就业后待遇取消发放"

// SchemeCoverage is one enrollment of a person in a scheme as a benefit
// determination reads it: its status now, its period (End the last day
// covered, "" while open), why it ended, and the changes of status with
// their dates.
type SchemeCoverage struct {
	Scheme    string
	Year      int
	Status    string
	Start     string
	End       string
	EndReason string
	Events    []CoverageEvent
}

// CoverageEvent is one change of an enrollment's status.
type CoverageEvent struct {
	Seq  int
	To   string
	Date string
}

// StatusOn returns the enrollment's status on the date (YYYY-MM-DD), or ""
// when it did not cover the date at all: the status of its last change
// made on or before the date (a change to a closed status on the date
// itself takes effect after it). An enrollment ended as a duplicate (重复参
// 保) never covered anything.
func (c *SchemeCoverage) StatusOn(date string) string {
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

// EmployerWages is what a maternity allowance reads of the employer: the
// employer, whether the person was employed there on the birth date, and
// the wages it declared for the previous calendar year with the number of
// employee-months declared.
type EmployerWages struct {
	Employer *Employer
	Employed bool
	Wages    Money
	Rows     int64
}

// EndedEmployment is, for an unemployment determination, the person's
// employment that ended last by a date, with the number of months of it
// for which the employer's bill with a 210 line of the person is paid in
// full (本单位已缴纳失业保险费, 失业保险条例 第二十一条).
type EndedEmployment struct {
	Employment
	EmployerName string
	Paid210      int
}

// Change decides a change of the benefit's status (暂停、恢复、终止发放):
// a suspension of a benefit in payment, a resumption of a suspended one, a
// stop of one not stopped, which ends it with the month before ch.Month
// (not before its first month). It returns the new status and end month,
// and the month of the change; any other change is a conflict, and a change
// needs a reason.
func (b *Benefit) Change(ch BenefitChange) (to, end string, month Period, err error) {
	month, err = ParsePeriod(ch.Month)
	if err != nil {
		return "", "", "", FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", ch.Month)
	}
	if strings.TrimSpace(ch.Reason) == "" {
		return "", "", "", FieldErrorf("原因", "变更待遇状态须说明原因")
	}
	end = b.EndMonth
	switch {
	case ch.Action == BenefitSuspend && b.Status == BenefitActive:
		to = BenefitSuspended
	case ch.Action == BenefitResume && b.Status == BenefitSuspended:
		to = BenefitActive
	case ch.Action == BenefitStop && b.Status != BenefitStopped:
		to, end = BenefitStopped, string(month.Prev())
		if end < b.StartMonth {
			end = b.StartMonth
		}
	default:
		return "", "", "", Errorf(ECONFLICT, "待遇状态为%s,不能%s", b.Status, benefitActionName(ch.Action))
	}
	return to, end, month, nil
}

func benefitActionName(action string) string {
	switch action {
	case BenefitSuspend:
		return "暂停发放"
	case BenefitResume:
		return "恢复发放"
	case BenefitStop:
		return "终止发放"
	}
	return "执行“" + action + "”"
}

// Reemploys reports whether a new enrollment is a re-employment that ends
// an unemployment benefit (失业保险条例 第十五条: 重新就业的,停止领取失业保险
// 金): an active enrollment in 210 or 110 with an employer (增员).
func (n *Enrollment) Reemploys() bool {
	return (n.Scheme == SchemeUnemployment || n.Scheme == SchemeEmployeePension) && n.Employer != "" && n.Status == EnrollActive
}
