package shebao

// 特困人员救助供养 cases (社会救助暂行办法 第十四至十九条; 特困人员认定办法,
// 民发〔2021〕43号; docs/DOMAIN.md §9; assist/tekun.go): a person's
// application, the town's investigation, the district's decision by a
// civil-affairs clerk approved by a second one, the monthly support paid
// by the payroll (benefit kind tekun), a re-assessment of the self-care
// level and a stop. The 特困 person flag (FlagWubao: 特困 replaced 五保 in
// 2014, the flag keeps its code) follows the decisions.

// Statuses of a 特困 case. A case holds its person while it is open (see
// TekunOpen): one open 特困 case per person, and no 特困 case for a member
// of an open 低保 case (nor the reverse).
const (
	TekunApplied         = "待调查"   // applied; the town investigates
	TekunInvestigated    = "待提请"   // investigated and eligible; the district submits its decision
	TekunSubmitted       = "待审批"   // waiting for the second clerk
	TekunApproved        = "已批准"   // in support from StartMonth
	TekunRefused         = "不予认定"  // closed: conditions not met
	TekunChangeSubmitted = "变更待审批" // a re-assessment of the self-care level waits for the second clerk
	TekunStopped         = "已终止"   // closed: support ended (death, conditions no longer met, moved away)
)

// TekunOpen reports whether a 特困 case still holds its person.
func TekunOpen(status string) bool { return status != TekunRefused && status != TekunStopped }

// Support modes (供养形式, 社会救助暂行办法 第十七条): at an institution or at
// home.
const (
	TekunCentral   = "集中供养" // in a 供养服务机构 (敬老院, 福利院)
	TekunDispersed = "分散供养" // at home, paid to the person
)

// TekunApplyRequest is an application for 特困 support, by the person or a
// village assistant for them.
type TekunApplyRequest struct {
	Region string `json:"region"`
	Date   string `json:"date"`
	Area   string `json:"area,omitempty"`
	IDNo   string `json:"id_no"`
	Note   string `json:"note,omitempty"`
}

// TekunInvestigation is the town's investigation (调查核实): the income
// declared (one figure, or by kind as for 低保), a certified disability, the
// legal support obligors (赡养、抚养、扶养义务人) by ID number — checked
// against the registry — and whether one of them is able to support, and
// the self-care level assessed (生活自理能力评估: 全自理, 半护理, 全护理).
type TekunInvestigation struct {
	Date      string         `json:"date"`
	By        string         `json:"by"`
	Income    *Money         `json:"income,omitempty"`
	Incomes   []AssistIncome `json:"incomes,omitempty"`
	Disabled  bool           `json:"disabled,omitempty"`
	Obligors  []string       `json:"obligors,omitempty"`
	Obligor   bool           `json:"obligor,omitempty"` // an obligor is able to support
	CareLevel string         `json:"care_level"`
	Note      string         `json:"note,omitempty"`
}

// TekunSubmitRequest is the district's decision as the maker submits it:
// the support mode, the institution of a 集中供养 (named), and the account
// paid. A 集中供养 is paid to the institution's account when one is given
// (the institution provides the support), else to the person's; a 分散供养
// is paid to the person's account.
type TekunSubmitRequest struct {
	Date        string `json:"date"`
	Mode        string `json:"mode"`
	Institution string `json:"institution,omitempty"`
	BankAccount string `json:"bank_account"` // the person's account
	// InstitutionAccount is the institution's account (集中供养 only).
	InstitutionAccount string `json:"institution_account,omitempty"`
}

// TekunReassessment is a re-assessment of the self-care level of an
// approved case (the town or the district records it; the district's
// decision, approved by a second clerk, changes the amount from the month
// after the approval).
type TekunReassessment struct {
	Date      string      `json:"date"`
	By        string      `json:"by"`
	CareLevel string      `json:"care_level"`
	Note      string      `json:"note,omitempty"`
	Quote     *TekunQuote `json:"quote"`
	Monthly   Money       `json:"monthly"`
	DecidedOn string      `json:"decided_on,omitempty"`
	FromMonth string      `json:"from_month,omitempty"`
}

// TekunCase is one 特困 case.
type TekunCase struct {
	ID            string              `json:"id"`
	Region        string              `json:"region"`
	Area          string              `json:"area"`
	Status        string              `json:"status"`
	AppliedOn     string              `json:"applied_on"`
	AppliedBy     string              `json:"applied_by"`
	IDNo          string              `json:"id_no"`
	Name          string              `json:"name"`
	Note          string              `json:"note,omitempty"`
	Investigation *TekunInvestigation `json:"investigation,omitempty"`
	// Checks are the registry's findings on the person (the first) and
	// the obligors at the investigation.
	Checks []AssistCheck `json:"checks,omitempty"`
	Quote  *TekunQuote   `json:"quote,omitempty"` // the latest computation
	Reason string        `json:"reason,omitempty"`
	// The decision: mode, institution, the account paid and its holder.
	Mode        string `json:"mode,omitempty"`
	Institution string `json:"institution,omitempty"`
	BankAccount string `json:"bank_account,omitempty"`
	PayTo       string `json:"pay_to,omitempty"` // 本人 or the institution's name
	ApprovalID  string `json:"approval_id,omitempty"`
	DecidedOn   string `json:"decided_on,omitempty"`
	StartMonth  string `json:"start_month,omitempty"`
	Monthly     Money  `json:"monthly"`
	BenefitID   string `json:"benefit_id,omitempty"`
	// Reassessments, oldest first; the last may wait for its decision.
	Reassessments []TekunReassessment `json:"reassessments,omitempty"`
	// The stop: StopMonth is the first month not supported, EndMonth the
	// last month paid; Recover the months already paid from StopMonth on
	// (a stop found late), overpayments to recover.
	StopMonth     string   `json:"stop_month,omitempty"`
	StopReason    string   `json:"stop_reason,omitempty"`
	EndMonth      string   `json:"end_month,omitempty"`
	Recover       Money    `json:"recover,omitempty"`
	RecoverMonths []string `json:"recover_months,omitempty"`
	Version       int      `json:"version"`
}

// TekunCaseFilter selects 特困 cases. Zero fields do not filter.
type TekunCaseFilter struct {
	Region string
	Status string
	Mode   string
	Offset int
	Limit  int
}

// FlagLabel is how a person flag is shown: the 五保 flag, which the 特困
// cases give and remove, as 特困(五保) — 特困人员 replaced 五保 in 2014
// (社会救助暂行办法) and the flag keeps its stored code.
func FlagLabel(flag string) string {
	if flag == FlagWubao {
		return "特困(" + FlagWubao + ")"
	}
	return flag
}
