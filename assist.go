package shebao

// 社会救助 (social assistance): the types of the 低保 what-if (shebao assist
// quote, POST /api/v1/assistance/quote). The rules are policy.QuoteDibao's
// (docs/DOMAIN.md §9).

// Areas of the 低保 standard: a household is assisted at the urban or the
// rural standard of its region.
const (
	AreaUrban = "城市"
	AreaRural = "农村"
)

// AssistIncome is one kind of a member's monthly income: the kind as the
// policy's income table names it (assist.income.kinds: 工资性收入, 经营净收入,
// 财产净收入, 转移净收入, or an item the policy excludes in full or in part
// such as 优抚金), and the amount per month in 元.
type AssistIncome struct {
	Kind   string `json:"kind"`
	Amount Money  `json:"amount"`
}

// AssistMember is one member of the household (共同生活家庭成员) in a quote.
// Income is the monthly income already counted (typed as one figure);
// Incomes lists it by kind instead, and the policy decides what of each
// kind counts. Categories are the 分类施保 categories the member was
// certified in that no date decides (重度残疾人, 重病患者 …); the age
// categories follow from the ID number.
type AssistMember struct {
	IDNo       string         `json:"id_no"`
	Income     *Money         `json:"income,omitempty"`
	Incomes    []AssistIncome `json:"incomes,omitempty"`
	Categories []string       `json:"categories,omitempty"`
	// Registry are the incomes shebao itself pays the member (pensions,
	// benefits in payment), filled in by the service from its own records
	// when the request asks for it — never typed.
	Registry []AssistIncome `json:"-"`
}

// AssistQuoteRequest asks what 低保 a household would get, writing nothing.
// Area is 城市 or 农村; empty, it follows from the region's code (a 居民委员会
// or 街道 is urban, a 村民委员会 rural).
//
// With Registry the members are checked against the registry (入户调查
// 信息核对: registered and alive, employee enrollments in payment, 低保/五保
// flags) and the pensions and benefits shebao pays them are added to their
// incomes; this reads personal records, so it is audited and limited to the
// actor's jurisdiction.
type AssistQuoteRequest struct {
	Region   string         `json:"region"`
	Date     string         `json:"date,omitempty"` // YYYY-MM-DD; default today
	Area     string         `json:"area,omitempty"`
	Members  []AssistMember `json:"members"`
	Registry bool           `json:"registry,omitempty"`
}

// AssistCheck is what the registry says about one member of a quote.
type AssistCheck struct {
	Member   int            `json:"member"`
	Name     string         `json:"name"`
	Region   string         `json:"region"`
	Findings []string       `json:"findings"` // for the clerk, in Chinese
	Incomes  []AssistIncome `json:"incomes"`  // paid by shebao, added to the member's incomes
}

// AssistQuoteLine is one member's part of a quote. Members are numbered
// from 1 in the order given; the answer repeats no ID number.
type AssistQuoteLine struct {
	Member   int    `json:"member"`
	Sex      string `json:"sex"`
	Age      int    `json:"age"`
	Income   Money  `json:"income"`   // counted monthly income
	Excluded Money  `json:"excluded"` // income not counted (exclusions of the policy)
	Category string `json:"category,omitempty"`
	Extra    Money  `json:"extra"` // 分类施保 extra per month
	// ExtraExplain is how the extra was computed: "未成年人 10% × 520.00 = 52.00元".
	ExtraExplain string `json:"extra_explain,omitempty"`
	Explain      string `json:"explain"`
}

// AssistQuote is the answer of a quote: eligibility by income (assets are
// checked in the investigation, not here), and the monthly amount.
type AssistQuote struct {
	Eligible        bool              `json:"eligible"`
	Reason          string            `json:"reason"`
	Region          string            `json:"region"`
	Date            string            `json:"date"`
	Area            string            `json:"area"`
	Members         int               `json:"members"`
	Standard        Money             `json:"standard"`
	TotalIncome     Money             `json:"total_income"`
	PerCapitaIncome Money             `json:"per_capita_income"`
	Base            Money             `json:"base"`   // (standard − per-capita income) × members
	Extras          Money             `json:"extras"` // Σ 分类施保
	Monthly         Money             `json:"monthly"`
	Lines           []AssistQuoteLine `json:"lines"`
	Explain         string            `json:"explain"`
	Sources         []string          `json:"sources"`
	// Checks are the registry's findings when the request asked for them.
	Checks []AssistCheck `json:"checks,omitempty"`
}

// Self-care levels of a 特困 person (生活自理能力), which decide the care
// allowance (assist.tekun.care).
const (
	CareSelf    = "全自理"
	CarePartial = "半护理"
	CareFull    = "全护理"
)

// TekunQuoteRequest asks whether a person would be certified 特困 (特困人员
// 救助供养) and what support they would get, writing nothing. Income is the
// person's counted monthly income, or Incomes by kind as for 低保; Disabled
// is a certified disability; Obligor says a person legally bound to support
// them (赡养、抚养、扶养义务人) is able to.
type TekunQuoteRequest struct {
	Region    string         `json:"region"`
	Date      string         `json:"date,omitempty"`
	Area      string         `json:"area,omitempty"`
	IDNo      string         `json:"id_no"`
	Income    *Money         `json:"income,omitempty"`
	Incomes   []AssistIncome `json:"incomes,omitempty"`
	Disabled  bool           `json:"disabled,omitempty"`
	Obligor   bool           `json:"obligor,omitempty"`
	CareLevel string         `json:"care_level"`
	// Registry are the incomes shebao itself pays the person, filled in by
	// the 特困 case's investigation from its own records — never typed.
	Registry []AssistIncome `json:"-"`
}

// TekunQuote is the answer: the conditions met or not, and the monthly
// support = basic living standard + care allowance.
type TekunQuote struct {
	Eligible      bool     `json:"eligible"`
	Reason        string   `json:"reason"`
	Region        string   `json:"region"`
	Date          string   `json:"date"`
	Area          string   `json:"area"`
	Age           int      `json:"age"`
	Category      string   `json:"category,omitempty"` // 老年人, 残疾人 or 未成年人
	Income        Money    `json:"income"`
	DibaoStandard Money    `json:"dibao_standard"`
	Basic         Money    `json:"basic"` // 基本生活标准 = 低保标准 × ratio
	CareLevel     string   `json:"care_level"`
	Care          Money    `json:"care"` // 照料护理标准
	Monthly       Money    `json:"monthly"`
	Explain       string   `json:"explain"`
	Sources       []string `json:"sources"`
}

// 低保 cases (低保审核确认): the household's application, the town's
// investigation, the village's publication with objections, the district's
// decision (maker-checker).

// Statuses of a 低保 case.
const (
	CaseApplied      = "待调查"  // applied; the town investigates
	CaseInvestigated = "待公示"  // investigated and eligible; the village publishes
	CasePublished    = "公示中"  // published; objections may be recorded
	CaseSubmitted    = "待审批"  // publication over; waiting for the district's decision
	CaseApproved     = "已批准"  // decided: 低保 from StartMonth
	CaseRefused      = "不予保障" // closed: income or assets above the limits
	CaseStopped      = "已停保"  // closed: stopped from StopMonth (the benefit ends the month before)
	// The dynamic management of an approved case (动态管理, assist/review.go).
	CaseReviewed        = "复核待决定" // a periodic review found a change; the district decides
	CaseChangeSubmitted = "变更待审批" // the change (增发, 减发, 渐退 or 停发) waits for the second clerk
	CaseTapering        = "渐退期"   // closed: paid at the last amount until EndMonth, then ends
)

// CaseOpen reports whether a case still holds its members: a person is in
// at most one open case.
// A case in its 渐退期 releases its members (the household is no longer
// assisted; its benefit runs out by itself), but a member may apply again
// only after the period (sqldb refuses earlier).
func CaseOpen(status string) bool {
	return status != CaseRefused && status != CaseStopped && status != CaseTapering
}

// AssistCaseMember is one member of a case's household (共同生活家庭成员):
// the quote's member and the relationship to the applicant.
type AssistCaseMember struct {
	AssistMember
	Name     string `json:"name,omitempty"`
	Relation string `json:"relation"` // 本人, 配偶, 子女, 父母, 兄弟姐妹, 祖父母, 孙子女, 其他
}

// AssistInvestigation is the town's record of the home visit (入户调查).
type AssistInvestigation struct {
	Date     string `json:"date"`
	By       string `json:"by"`
	AssetsOK bool   `json:"assets_ok"` // vehicles, deposits, housing within the local limits
	Assets   string `json:"assets"`    // what was declared and found
	Note     string `json:"note,omitempty"`
}

// AssistObjection is an objection raised during the publication (公示).
type AssistObjection struct {
	Date string `json:"date"`
	By   string `json:"by"`
	Note string `json:"note"`
}

// AssistCase is one 低保 case.
type AssistCase struct {
	ID            string               `json:"id"`
	Region        string               `json:"region"`
	Area          string               `json:"area"`
	Status        string               `json:"status"`
	AppliedOn     string               `json:"applied_on"`
	AppliedBy     string               `json:"applied_by"`
	Members       []AssistCaseMember   `json:"members"`
	Quote         *AssistQuote         `json:"quote"` // the latest computation
	Investigation *AssistInvestigation `json:"investigation,omitempty"`
	PublishFrom   string               `json:"publish_from,omitempty"`
	PublishTo     string               `json:"publish_to,omitempty"` // last day of the publication
	Objections    []AssistObjection    `json:"objections,omitempty"`
	ApprovalID    string               `json:"approval_id,omitempty"`
	DecidedOn     string               `json:"decided_on,omitempty"`
	StartMonth    string               `json:"start_month,omitempty"`
	Monthly       Money                `json:"monthly"`
	Reason        string               `json:"reason,omitempty"`
	// BankAccount is the applicant's account the monthly 低保 is paid to
	// (given at the application, or at the latest when submitted).
	BankAccount string `json:"bank_account,omitempty"`
	// BenefitID is the monthly 低保 benefit the decision created (paid by
	// the payroll).
	BenefitID string `json:"benefit_id,omitempty"`
	// StopMonth is the first month no longer assisted (停保), with the
	// reason; the benefit's last month is the month before.
	StopMonth  string `json:"stop_month,omitempty"`
	StopReason string `json:"stop_reason,omitempty"`
	// Recover: a stop recorded after months from StopMonth on had been
	// paid (a stop found late): those payments are overpayments to
	// recover (待遇追回, the overpayments list), with their months; the
	// months computed and not yet released were cancelled instead.
	Recover       Money    `json:"recover,omitempty"`
	RecoverMonths []string `json:"recover_months,omitempty"`
	// NextReview is the day the next periodic review is due (定期核查,
	// assist.dibao.review_months after the decision or the last review).
	NextReview string `json:"next_review,omitempty"`
	// Reviews are the periodic reviews, oldest first; the last one may
	// wait for the district's decision (status 复核待决定 or 变更待审批).
	Reviews []AssistReview `json:"reviews,omitempty"`
	// EndMonth is the last month paid once a 渐退 or a stop is decided.
	EndMonth string `json:"end_month,omitempty"`
	Version  int    `json:"version"`
	// ApplicationNo is the number of an application imported from a
	// village's file (申请编号, unique in its region; ingest/assist.go).
	ApplicationNo string `json:"application_no,omitempty"`
}

// Outcomes of a periodic review (社会救助暂行办法 第十三条: 县级民政部门根据
// 家庭成员和经济状况的变化,分别作出增发、减发、停发的决定).
const (
	ReviewKeep     = "维持" // nothing changes but the next review's date
	ReviewIncrease = "增发"
	ReviewDecrease = "减发"
	ReviewTaper    = "渐退" // income above the standard through work: paid on for assist.dibao.taper_months
	ReviewStop     = "停发"
)

// AssistReview is one periodic review (定期核查) of an approved case by the
// town: the household's incomes and assets found on the day, the quote
// computed again, and what it leads to. A change is decided by the
// district (maker-checker) and takes effect from FromMonth.
type AssistReview struct {
	Date     string `json:"date"`
	By       string `json:"by"`
	AssetsOK bool   `json:"assets_ok"`
	Assets   string `json:"assets"`
	// Work: the town found that the income rose because a member found
	// work or started a business (就业增收): an ineligible household then
	// gets the 渐退期 rather than an immediate stop.
	Work    bool         `json:"work,omitempty"`
	Note    string       `json:"note,omitempty"`
	Quote   *AssistQuote `json:"quote"`
	Outcome string       `json:"outcome"`
	// Monthly is the amount after the review: the new amount (增发, 减发),
	// the amount kept (维持, 渐退), or 0 (停发).
	Monthly Money  `json:"monthly"`
	Reason  string `json:"reason"`
	// DecidedOn and FromMonth: when the district's decision was executed
	// and the first month it changed; TaperTo the last month paid in a 渐退.
	DecidedOn string `json:"decided_on,omitempty"`
	FromMonth string `json:"from_month,omitempty"`
	TaperTo   string `json:"taper_to,omitempty"`
	// Rejected is the checker's reason when the district did not approve
	// the change (assist/refusal.go): the case stays as it was.
	Rejected string `json:"rejected,omitempty"`
	// Changes are the members who joined or left the household at the
	// review (assist/members.go), and Before the members until then (kept
	// for a change the district does not approve).
	Changes []AssistMemberChange `json:"changes,omitempty"`
	Before  []AssistCaseMember   `json:"before,omitempty"`
}

// A change of a household's members at a periodic review (assistui,
// assist/members.go).
const (
	MemberJoined = "加入"
	MemberLeft   = "退出"
)

// AssistMemberChange is one member who joined (a birth, a marriage) or
// left (a death, a move) the household at a review.
type AssistMemberChange struct {
	Change   string `json:"change"` // 加入 or 退出
	IDNo     string `json:"id_no"`
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Reason   string `json:"reason"`
}

// AssistJoin is a member joining the household at a review: the member
// with the relationship to the applicant and incomes, and why (出生,
// 结婚, 收养, 迁入 …).
type AssistJoin struct {
	AssistCaseMember
	Reason string `json:"reason"`
}

// AssistLeave is a member leaving the household at a review, and why
// (死亡, 迁出, 婚出, 服刑 …).
type AssistLeave struct {
	IDNo   string `json:"id_no"`
	Reason string `json:"reason"`
}

// StopSettlement is what a stop of a benefit from a month already in a
// payroll did to the payments of the months from then on: those released
// (paid by the bank) became overpayments to recover, those waiting for
// their release were cancelled.
type StopSettlement struct {
	Overpaid  []string // the months recorded as overpayments
	Amount    Money    // their total
	Cancelled int      // payments cancelled before their release
}

// AssistReviewRequest is what the town records at a periodic review.
// Members, when given, are every member of the case with the incomes and
// categories found; else the incomes of the last quote are kept.
type AssistReviewRequest struct {
	Date     string         `json:"date"`
	AssetsOK bool           `json:"assets_ok"`
	Assets   string         `json:"assets"`
	Work     bool           `json:"work,omitempty"`
	Note     string         `json:"note,omitempty"`
	Members  []AssistMember `json:"members,omitempty"`
	// Join and Leave change the household's members (assist/members.go):
	// the quote is computed on the new household, and Members, when
	// given, are the new household's.
	Join  []AssistJoin  `json:"join,omitempty"`
	Leave []AssistLeave `json:"leave,omitempty"`
}

// AssistApplyRequest is an application for 低保 (by the household, or a
// village assistant for it).
type AssistApplyRequest struct {
	Region  string             `json:"region"`
	Date    string             `json:"date"`
	Area    string             `json:"area,omitempty"`
	Members []AssistCaseMember `json:"members"`
	// BankAccount is the applicant's account for the payment (optional
	// here; required before the decision is submitted).
	BankAccount string `json:"bank_account,omitempty"`
	// ApplicationNo is the number on a paper application imported from a
	// file (assistui; assist/import.go): the same number again in the
	// region creates no second case.
	ApplicationNo string `json:"application_no,omitempty"`
}

// AssistDecision is the payload of a 低保 approval: the case and the version
// the maker submitted.
type AssistDecision struct {
	CaseID  string `json:"case_id"`
	Version int    `json:"version"`
}

// AssistCaseFilter selects 低保 cases. Zero fields do not filter.
type AssistCaseFilter struct {
	Region string // the region and everything below it
	Status string
	// ReviewDue: approved cases whose periodic review is due on or before
	// the day (YYYY-MM-DD).
	ReviewDue string
	Offset    int
	Limit     int
}

// 临时救助 (社会救助暂行办法 第四十七至五十条): a one-off payment by decision to
// a person or household in sudden or expenditure-driven hardship.

// Kinds of 临时救助 (民政部、财政部《关于进一步加强和改进临时救助工作的意见》,
// 民发〔2018〕23号).
const (
	ReliefUrgent  = "急难型" // sudden hardship: fire, accident, serious illness, …
	ReliefExpense = "支出型" // unavoidable expenditure beyond the household's means
)

// ReliefCategories are the kinds of 临时救助.
var ReliefCategories = []string{ReliefUrgent, ReliefExpense}

// Statuses of a 临时救助 decision.
const (
	ReliefSubmitted = "待审批"
	ReliefApproved  = "已批准" // paid once by the next monthly payroll
)

// ReliefRequest is a 临时救助 decision submitted by the civil-affairs line.
// No is the decision's number, given by the clerk: the same number again
// with the same content changes nothing.
type ReliefRequest struct {
	No          string `json:"no"`
	IDNo        string `json:"id_no"`
	Date        string `json:"date"`
	Category    string `json:"category"`
	Amount      Money  `json:"amount"`
	Reason      string `json:"reason"`
	BankAccount string `json:"bank_account"`
	// Area: 城市 or 农村, for a region that holds both (as the quote).
	Area string `json:"area,omitempty"`
}

// Relief is one 临时救助 decision.
type Relief struct {
	No          string `json:"no"`
	IDNo        string `json:"id_no"`
	Name        string `json:"name"`
	Region      string `json:"region"`
	Area        string `json:"area"`
	Category    string `json:"category"`
	Amount      Money  `json:"amount"`
	Cap         Money  `json:"cap"` // the most one decision may give (policy)
	Reason      string `json:"reason"`
	Date        string `json:"date"`
	BankAccount string `json:"bank_account,omitempty"`
	Status      string `json:"status"`
	ApprovalID  string `json:"approval_id,omitempty"`
	BenefitID   string `json:"benefit_id,omitempty"`
	Month       string `json:"month,omitempty"` // the month it is paid, once approved
	DecidedOn   string `json:"decided_on,omitempty"`
	Explanation string `json:"explanation"`
	SubmittedBy string `json:"submitted_by"`
}

// ReliefFilter selects 临时救助 decisions; zero fields do not filter.
type ReliefFilter struct {
	Region   string
	From, To string // dates of the decisions, inclusive
	Offset   int
	Limit    int
}

// AssistanceFigures are one region's social assistance statistics (issue
// #18 item 8) for a span: the 低保 in payment on its last day — cases
// approved and not stopped (in a review or a 渐退期 still counted until the
// last month paid) — by area, their households and persons; what the
// payroll paid of 低保 and 临时救助 in the span's months; the 临时救助
// decisions approved in the span; and the persons flagged 五保 (特困) in
// the registry, until 特困 cases exist.
type AssistanceFigures struct {
	UrbanHouseholds int64 `json:"urban_households"`
	UrbanPersons    int64 `json:"urban_persons"`
	RuralHouseholds int64 `json:"rural_households"`
	RuralPersons    int64 `json:"rural_persons"`
	DibaoPaid       Money `json:"dibao_paid"`
	Reliefs         int64 `json:"reliefs"`
	ReliefAmount    Money `json:"relief_amount"`
	ReliefPaid      Money `json:"relief_paid"`
	// 特困人员 (tekun) counted from the cases, not the flag: the persons in
	// support on the span's last day by mode, and the 特困供养金 the
	// payroll paid in the span's months.
	Tekun          int64 `json:"tekun"`
	TekunCentral   int64 `json:"tekun_central"`
	TekunDispersed int64 `json:"tekun_dispersed"`
	TekunPaid      Money `json:"tekun_paid"`
}
