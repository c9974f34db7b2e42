package shebao

import (
	"strconv"
	"strings"
	"time"
)

// Medical reimbursement (医疗费用报销) of the employee (310) and residents'
// (390) medical insurance. A claim is one settlement (结算单) of a hospital
// stay or an outpatient visit, as the hospital's or the district's
// settlement system reports it: the cost, the part within the policy
// (政策范围内费用, "合规费用"), and what the fund, the 310 individual
// account and the person paid. The settlement number identifies the claim:
// importing it again changes nothing, and a settled claim is never
// recomputed.

// Claim types (医疗类别).
const (
	ClaimInpatient  = "住院"
	ClaimOutpatient = "门诊" // paid from the 310 individual account up to its balance
)

// ParseClaimType maps the wordings of settlement lists to a claim type;
// "" is an inpatient stay.
func ParseClaimType(s string) (string, bool) {
	switch strings.TrimSpace(s) {
	case "", "住院", "普通住院", "住院结算":
		return ClaimInpatient, true
	case "门诊", "普通门诊", "个人账户", "个账", "药店", "定点药店", "购药", "门诊(个人账户)", "门诊个人账户":
		return ClaimOutpatient, true
	}
	return "", false
}

// ParseHospitalLevel reads a hospital level: 一级/二级/三级 (with 甲等,
// 医院 … after it), 三甲, 1/2/3, or 0 for 基层 (乡镇卫生院, 社区卫生服务中心,
// 村卫生室, 未定级).
func ParseHospitalLevel(s string) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "医院"), "级")
	switch {
	case s == "0" || strings.Contains(s, "基层") || strings.Contains(s, "卫生院") || strings.Contains(s, "卫生室") ||
		strings.Contains(s, "社区") || s == "未定级" || s == "未定":
		return 0, true
	case s == "1" || s == "一" || strings.HasPrefix(s, "一级") || strings.HasPrefix(s, "一甲") || strings.HasPrefix(s, "一乙"):
		return 1, true
	case s == "2" || s == "二" || strings.HasPrefix(s, "二级") || strings.HasPrefix(s, "二甲") || strings.HasPrefix(s, "二乙"):
		return 2, true
	case s == "3" || s == "三" || strings.HasPrefix(s, "三级") || strings.HasPrefix(s, "三甲") || strings.HasPrefix(s, "三乙"):
		return 3, true
	}
	return 0, false
}

// NewClaim is a settlement to record and reimburse.
type NewClaim struct {
	// SettlementNo (结算单号/单据号) identifies the claim: the same number
	// again is the same claim.
	SettlementNo string `json:"settlement_no"`
	IDNo         string `json:"id_no"`
	// Scheme is 310 or 390 (a name clerks use is accepted).
	Scheme string `json:"scheme"`
	// Type is 住院 or 门诊 ("" = 住院).
	Type     string `json:"type,omitempty"`
	Hospital string `json:"hospital"`
	// Level is the hospital level 0 (基层) – 3.
	Level int `json:"level"`
	// Admitted and Discharged are the dates of the stay (YYYY-MM-DD); an
	// outpatient visit has one date (Discharged = Admitted when empty).
	Admitted   string `json:"admitted"`
	Discharged string `json:"discharged,omitempty"`
	TotalCost  Money  `json:"total_cost"`
	// Eligible is the cost within the policy (政策范围内费用, 合规费用).
	Eligible Money `json:"eligible_cost"`
	// Source is where the claim came from (an import row, the API).
	Source string `json:"source,omitempty"`
}

// Normalize checks the claim and puts its fields into canonical form.
func (c *NewClaim) Normalize(today time.Time) error {
	c.SettlementNo = strings.TrimSpace(c.SettlementNo)
	if c.SettlementNo == "" || len(c.SettlementNo) > 64 {
		return FieldErrorf("结算单号", "结算单号不能为空,且不超过64个字符")
	}
	s, ok := FindScheme(strings.TrimSpace(c.Scheme))
	if !ok || (s.Code != SchemeEmployeeMedical && s.Code != SchemeResidentMedical) {
		return FieldErrorf("险种", "险种“%s”无效:医疗费用报销只适用于310职工基本医疗保险和390城乡居民基本医疗保险", c.Scheme)
	}
	c.Scheme = s.Code
	t, ok := ParseClaimType(c.Type)
	if !ok {
		return FieldErrorf("医疗类别", "医疗类别“%s”无效,应为住院或门诊", c.Type)
	}
	c.Type = t
	if c.Type == ClaimOutpatient && c.Scheme != SchemeEmployeeMedical {
		return FieldErrorf("医疗类别", "居民医保不设个人账户,门诊费用不由个人账户支付(门诊统筹报销尚未开办)")
	}
	c.Hospital = strings.TrimSpace(c.Hospital)
	if c.Hospital == "" {
		return FieldErrorf("医院名称", "缺少医院名称")
	}
	if c.Level < 0 || c.Level > 3 {
		return FieldErrorf("医院等级", "医院等级应为一级、二级、三级或基层,实为%d", c.Level)
	}
	adm, err := time.Parse(DateLayout, strings.TrimSpace(c.Admitted))
	if err != nil {
		return FieldErrorf("入院日期", "入院日期“%s”无效,应为YYYY-MM-DD", c.Admitted)
	}
	c.Admitted = adm.Format(DateLayout)
	if strings.TrimSpace(c.Discharged) == "" {
		if c.Type == ClaimInpatient {
			return FieldErrorf("出院日期", "住院费用须填写出院日期")
		}
		c.Discharged = c.Admitted
	}
	dis, err := time.Parse(DateLayout, strings.TrimSpace(c.Discharged))
	if err != nil {
		return FieldErrorf("出院日期", "出院日期“%s”无效,应为YYYY-MM-DD", c.Discharged)
	}
	c.Discharged = dis.Format(DateLayout)
	switch {
	case adm.Year() < 1990:
		return FieldErrorf("入院日期", "入院日期%s过早", c.Admitted)
	case dis.Before(adm):
		return FieldErrorf("出院日期", "出院日期%s早于入院日期%s", c.Discharged, c.Admitted)
	case dis.After(today):
		return FieldErrorf("出院日期", "出院日期%s晚于今天", c.Discharged)
	case c.TotalCost <= 0:
		return FieldErrorf("总费用", "总费用应大于0")
	case c.Eligible < 0:
		return FieldErrorf("合规费用", "政策范围内费用不能为负")
	case c.Eligible > c.TotalCost:
		return FieldErrorf("合规费用", "政策范围内费用%s元超过总费用%s元", c.Eligible, c.TotalCost)
	case c.TotalCost > Yuan(100_000_000):
		return FieldErrorf("总费用", "总费用%s元超出范围", c.TotalCost)
	}
	return nil
}

// Claim is a settled claim: the reimbursement and its explanation.
type Claim struct {
	ID           string `json:"id"`
	SettlementNo string `json:"settlement_no"`
	IDNo         string `json:"id_no"`
	Name         string `json:"name,omitempty"`
	Scheme       string `json:"scheme"`
	Region       string `json:"region_code"`
	Type         string `json:"type"`
	Hospital     string `json:"hospital"`
	Level        int    `json:"level"`
	Admitted     string `json:"admitted"`
	Discharged   string `json:"discharged"`
	// Year is the year of the annual cap: the year of discharge (结算年度).
	Year      int   `json:"year"`
	TotalCost Money `json:"total_cost"`
	Eligible  Money `json:"eligible_cost"`
	// Deductible is the part of the eligible cost borne as the deductible
	// (起付线) of this stay; Ratio the reimbursement ratio ("80%").
	Deductible Money  `json:"deductible"`
	Ratio      string `json:"ratio,omitempty"`
	// CapUsedBefore is what the fund had paid the person in the year before
	// this claim.
	CapUsedBefore Money `json:"cap_used_before"`
	// FundPaid is the reimbursement (统筹基金支付); AccountPaid what the 310
	// individual account paid; SelfPaid the rest (个人负担).
	FundPaid    Money `json:"fund_paid"`
	AccountPaid Money `json:"account_paid"`
	SelfPaid    Money `json:"self_paid"`
	// AidCategory, AidPaid and AidExplanation are the medical assistance
	// (医疗救助, 一站式) of the claim, if any: SelfPaid is what is left after it.
	AidCategory    string    `json:"aid_category,omitempty"`
	AidPaid        Money     `json:"aid_paid"`
	AidExplanation string    `json:"aid_explanation,omitempty"`
	Explanation    string    `json:"explanation"`
	Source         string    `json:"source"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
}

// ClaimFilter selects claims.
type ClaimFilter struct {
	IDNo   string
	Year   int
	Scheme string
	Region string
	Offset int
	Limit  int
}

// MedicalStats are the reimbursement indicators of one scheme in a region
// and period (discharge months From–To): hospital stays and what the fund
// reimbursed (seed: 2015 stays, 187.23 万元 in 7 months).
type MedicalStats struct {
	Scheme     string `json:"scheme"`
	SchemeName string `json:"scheme_name"`
	Region     string `json:"region_code"`
	RegionName string `json:"region_name,omitempty"`
	Stays      int    `json:"stays"`
	// Persons are the persons with a stay (住院) whose first stay of the
	// calendar year is in the period: for a period from January (the
	// reports' "截至…月"), the persons reimbursed for a stay.
	Persons     int   `json:"persons"`
	TotalCost   Money `json:"total_cost"`
	Eligible    Money `json:"eligible_cost"`
	Reimbursed  Money `json:"reimbursed"`
	Outpatient  int   `json:"outpatient_claims"`
	AccountPaid Money `json:"account_paid"`
	// PerStay is Reimbursed ÷ Stays, rounded half up to the 分.
	PerStay Money `json:"per_stay"`
}

// MedicalLevel is the claims of one scheme at one hospital level (0 基层,
// 1 一级, 2 二级, 3 三级) in a region and period.
type MedicalLevel struct {
	Scheme      string `json:"scheme"`
	SchemeName  string `json:"scheme_name"`
	Level       int    `json:"level"`
	LevelName   string `json:"level_name"`
	Stays       int    `json:"stays"`
	Outpatient  int    `json:"outpatient_claims"`
	TotalCost   Money  `json:"total_cost"`
	Reimbursed  Money  `json:"reimbursed"`
	AccountPaid Money  `json:"account_paid"`
}

// MedicalReport is the reimbursement indicators for a region and period:
// totals per scheme and, below them, per scheme and child region, and per
// scheme and hospital level.
type MedicalReport struct {
	Region     string         `json:"region_code"`
	RegionName string         `json:"region_name,omitempty"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Schemes    []MedicalStats `json:"schemes"`
	Children   []MedicalStats `json:"children"`
	Levels     []MedicalLevel `json:"levels"`
	// Aid is the 医疗救助 paid in the same settlement (medaid), for the
	// region first and then its children.
	Aid     []MedicalAidRegion `json:"medical_aid"`
	Summary string             `json:"summary"`
}

// Statuses of a settlement with a hospital.
const (
	SettlementPending = "待拨付"
	SettlementPaid    = "已拨付"
)

// HospitalSettlement is what the fund pays one hospital for one scheme in
// a month.
type HospitalSettlement struct {
	ID              string `json:"id"`
	Month           string `json:"month"`
	Hospital        string `json:"hospital"`
	Scheme          string `json:"scheme"`
	SchemeName      string `json:"scheme_name"`
	Claims          int    `json:"claims"`
	FundPaid        Money  `json:"fund_paid"`
	AccountPaid     Money  `json:"account_paid"`
	Amount          Money  `json:"amount"`
	FirstDischarged string `json:"first_discharged"`
	LastDischarged  string `json:"last_discharged"`
	Status          string `json:"status"`
	Explanation     string `json:"explanation"`
	CreatedBy       string `json:"created_by"`
	PaidAt          string `json:"paid_at,omitempty"`
}

// HospitalSettlementResult is the outcome of a settlement run.
type HospitalSettlementResult struct {
	Month string `json:"month"`
	// Created are the settlements this run made; Claims and Amount their
	// totals.
	Created []*HospitalSettlement `json:"created"`
	Claims  int                   `json:"claims"`
	Amount  Money                 `json:"amount"`
	// Deferred counts unsettled claims of hospitals and schemes the month
	// has already settled: the next month's run takes them.
	Deferred int `json:"deferred"`
	// Approval is the payment submitted for approval, nil when every
	// pending settlement of the month is already waiting for one.
	Approval *Approval `json:"approval,omitempty"`
	Summary  string    `json:"summary"`
}

// SettlementFilter selects settlements with hospitals.
type SettlementFilter struct {
	Month    string // YYYY-MM; "" = every month
	Hospital string
}

// ClaimData is what the store reads, in one query each, to settle a batch
// of claims.
type ClaimData struct {
	Persons map[string]*Person // by ID number, wherever registered
	Settled map[string]*Claim  // the claims already settled, by settlement number
	// Spans are the persons' medical enrollments (310, 390) with the
	// changes of their status, by ID number.
	Spans map[string][]*EnrollmentSpan
	// YearUse is what the fund paid and the person bore of deductibles in
	// the settled inpatient claims, by ClaimUseKey.
	YearUse map[string]ClaimYearUse
}

// ClaimYearUse is what the fund paid a person in a scheme and year, and
// what the person bore of deductibles.
type ClaimYearUse struct{ Paid, Deductible Money }

// ClaimUseKey is the key of ClaimData.YearUse.
func ClaimUseKey(idNo, scheme string, year int) string {
	return idNo + "/" + scheme + "/" + strconv.Itoa(year)
}

// ClaimRecord is a settled claim as the store writes it: the claim, the
// ratio applied (inpatient) and the detail of the computation (the policy
// cited, the account balance before).
type ClaimRecord struct {
	Claim  *Claim
	Ratio  Rate
	Detail map[string]any
	// Aid is the claim's medical assistance line, nil when none.
	Aid *MedicalAid
}

// ClaimGroup is the claims of one hospital and scheme to settle.
type ClaimGroup struct {
	Hospital, Scheme string
	Claims           int
}
