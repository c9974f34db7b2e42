package shebao

import (
	"strings"
	"time"
)

// Land-expropriated farmers (被征地农民基本生活保障, scheme 910), "即征即保":
// the land bureau's expropriation batch (征地批次) gives the number of
// persons to secure; the village submits the roster of those persons; the
// district accepts it, which enrolls them in scheme 910, flags them 被征地
// and records their hukou conversion (农转非); the funding per person is
// split between government, village collective and individual and received
// straight into the fund; allowances are paid by the monthly payroll.
// docs/DOMAIN.md §6, and the seed: "征地比例及人数未能及时确定,致使无法办理参保手续,
// 难以实现'即征即保'".

// Land fund payers (资金来源).
const (
	PayerGovernment = "政府"
	PayerCollective = "集体"
	PayerIndividual = "个人"
)

// LandPayers lists the payers in display order.
var LandPayers = []string{PayerGovernment, PayerCollective, PayerIndividual}

// Roster line statuses.
const (
	RosterSubmitted = "已报送" // submitted by the village, waiting for acceptance
	RosterEnrolled  = "已参保" // accepted: enrolled in 910 (即征即保)
)

// LandBatch is one expropriation approved by the government (征地批次),
// keyed by its approval number (批准文号).
type LandBatch struct {
	ApprovalNo string `json:"approval_no"`
	ApprovedOn string `json:"approved_on"` // YYYY-MM-DD
	Region     string `json:"region_code"` // the village (12 digits)
	RegionName string `json:"region_name,omitempty"`
	// Areas in 亩 with two decimals ("450.00").
	AreaTaken string `json:"area_taken"`
	Farmland  string `json:"farmland"`
	// AgriPopulation is the village's agricultural population before the
	// expropriation (征地前农业人口).
	AgriPopulation int `json:"agri_population"`
	// PersonsToSecure (应安置农业人口) and how it was computed.
	PersonsToSecure int    `json:"persons_to_secure"`
	Explanation     string `json:"explanation"`
	Version         int    `json:"version"`
	Source          string `json:"source,omitempty"`
	// Filled on reads: the roster and the funds so far.
	OnRoster  int       `json:"on_roster"`
	Enrolled  int       `json:"enrolled"`
	Required  Money     `json:"required"`
	Received  Money     `json:"received"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LandBatchVersion is a superseded state of a batch the land bureau
// corrected.
type LandBatchVersion struct {
	Version   int        `json:"version"`
	ChangedAt time.Time  `json:"changed_at"`
	Actor     string     `json:"actor"`
	Source    string     `json:"source"`
	Before    *LandBatch `json:"before"`
	Changes   []Change   `json:"changes"`
}

// NewLandBatch is a batch as the land bureau sends it.
type NewLandBatch struct {
	ApprovalNo     string `json:"approval_no"`
	ApprovedOn     string `json:"approved_on"`
	Region         string `json:"region_code"`
	AreaTaken      string `json:"area_taken"` // 亩, up to two decimals
	Farmland       string `json:"farmland"`
	AgriPopulation int    `json:"agri_population"`
}

// LandBatchFilter selects batches.
type LandBatchFilter struct {
	Region string
	Offset int
	Limit  int
}

// RosterEntry is one line the village submits: a person of the batch.
type RosterEntry struct {
	ApprovalNo string `json:"approval_no"`
	IDNo       string `json:"id_no"`
	Name       string `json:"name"`
}

// RosterLine is one person on a batch's roster, with their age band at the
// approval date and the funding required for them.
type RosterLine struct {
	ApprovalNo string `json:"approval_no"`
	IDNo       string `json:"id_no"`
	Name       string `json:"name"`
	Sex        string `json:"sex"`
	Birth      string `json:"birth"`
	Region     string `json:"region_code"`
	// Age in completed years at the approval date, and the band.
	Age        int    `json:"age"`
	Band       string `json:"band"`
	BandKind   string `json:"band_kind"` // one_off, pension, allowance (policy.Land…)
	BandAmount Money  `json:"band_amount"`
	// Funding per person (人均筹资) and its split.
	Standard    Money  `json:"standard"`
	Government  Money  `json:"government"`
	Collective  Money  `json:"collective"`
	Individual  Money  `json:"individual"`
	Explanation string `json:"explanation"`
	Status      string `json:"status"`
	SubmittedAt string `json:"submitted_at"`
	SubmittedBy string `json:"submitted_by"`
	// EnrolledOn is the date of acceptance and enrollment in 910; LagDays
	// the days from the approval date to it (0 when on or before).
	EnrolledOn string `json:"enrolled_on,omitempty"`
	LagDays    *int   `json:"lag_days,omitempty"`
	AcceptedBy string `json:"accepted_by,omitempty"`
}

// RosterResult is what one submission did: the lines stored, and each
// rejected line with its reason (row numbers count from 1 in the order
// submitted).
type RosterResult struct {
	Created   int         `json:"created"`
	Unchanged int         `json:"unchanged"`
	Rejected  int         `json:"rejected"`
	Errors    []LineError `json:"errors"`
}

// LineError is one rejected line of a submission.
type LineError struct {
	Line   int    `json:"line"`
	IDNo   string `json:"id_no,omitempty"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// RosterAcceptance is what accepting a roster did (即征即保).
type RosterAcceptance struct {
	ApprovalNo string `json:"approval_no"`
	Date       string `json:"date"`
	Enrolled   int    `json:"enrolled"`
	// Benefits created now: one-off payments and allowances already due.
	LumpSums   int `json:"lump_sums"`
	Allowances int `json:"allowances"`
	// PensionSubsidy is the contribution support of the working-age
	// persons accepted, posted as a 910 expense (5093) payable to the
	// pension schemes.
	PensionSubsidy Money `json:"pension_subsidy"`
	PensionPersons int   `json:"pension_persons"`
	// Skipped lists the persons who could not be enrolled, with the reason.
	Skipped []LineError `json:"skipped"`
}

// LandFund is money received for a batch from one payer (资金到账).
type LandFund struct {
	ReceiptNo  string    `json:"receipt_no"`
	ApprovalNo string    `json:"approval_no"`
	Region     string    `json:"region_code,omitempty"`
	Payer      string    `json:"payer"` // 政府 / 集体 / 个人
	Amount     Money     `json:"amount"`
	Date       string    `json:"date"`
	EntryID    string    `json:"entry_id,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	CreatedBy  string    `json:"created_by,omitempty"`
}

// Validate checks a fund receipt as entered.
func (f *LandFund) Validate() error {
	switch {
	case f.ReceiptNo == "":
		return FieldErrorf("回单号", "缺少回单号")
	case f.ApprovalNo == "":
		return FieldErrorf("批准文号", "缺少批准文号")
	case f.Payer != PayerGovernment && f.Payer != PayerCollective && f.Payer != PayerIndividual:
		return FieldErrorf("资金来源", "资金来源“%s”无效,应为政府、集体或个人", f.Payer)
	case f.Amount <= 0:
		return FieldErrorf("金额", "金额应大于0")
	}
	if _, err := time.Parse(DateLayout, f.Date); err != nil {
		return FieldErrorf("到账日期", "到账日期“%s”无效,应为YYYY-MM-DD", f.Date)
	}
	return nil
}

// LandFigures are the indicators of one batch or of a region's batches.
type LandFigures struct {
	Batches         int   `json:"batches"`
	PersonsToSecure int   `json:"persons_to_secure"`
	OnRoster        int   `json:"on_roster"`
	Enrolled        int   `json:"enrolled"`
	Unsecured       int   `json:"unsecured"` // persons to secure − enrolled (not below 0)
	Receiving       int   `json:"receiving"` // persons with an active land allowance
	Required        Money `json:"required"`
	Received        Money `json:"received"`
	Gap             Money `json:"gap"` // required − received
	// Received by payer, and required by payer.
	RequiredGovernment Money `json:"required_government"`
	RequiredCollective Money `json:"required_collective"`
	RequiredIndividual Money `json:"required_individual"`
	ReceivedGovernment Money `json:"received_government"`
	ReceivedCollective Money `json:"received_collective"`
	ReceivedIndividual Money `json:"received_individual"`
	// Lag from approval to enrollment, over the persons enrolled.
	AvgLagDays   float64 `json:"avg_lag_days"`
	WorstLagDays int     `json:"worst_lag_days"`
	lagSum       int
}

// Add adds another set of figures (for rollups).
func (f *LandFigures) Add(o LandFigures) {
	f.Batches += o.Batches
	f.PersonsToSecure += o.PersonsToSecure
	f.OnRoster += o.OnRoster
	f.Enrolled += o.Enrolled
	f.Unsecured += o.Unsecured
	f.Receiving += o.Receiving
	f.Required += o.Required
	f.Received += o.Received
	f.Gap += o.Gap
	f.RequiredGovernment += o.RequiredGovernment
	f.RequiredCollective += o.RequiredCollective
	f.RequiredIndividual += o.RequiredIndividual
	f.ReceivedGovernment += o.ReceivedGovernment
	f.ReceivedCollective += o.ReceivedCollective
	f.ReceivedIndividual += o.ReceivedIndividual
	f.lagSum += o.lagSum
	f.WorstLagDays = max(f.WorstLagDays, o.WorstLagDays)
	f.AvgLagDays = 0
	if f.Enrolled > 0 {
		f.AvgLagDays = float64(f.lagSum*10/f.Enrolled) / 10
	}
}

// SetLag records the lag of the enrolled persons: their total and worst.
func (f *LandFigures) SetLag(sum, worst int) {
	f.lagSum, f.WorstLagDays = sum, worst
	f.AvgLagDays = 0
	if f.Enrolled > 0 {
		f.AvgLagDays = float64(sum*10/f.Enrolled) / 10
	}
}

// LagSum is the total lag of the enrolled persons in days (the average's
// numerator), which a submission upward carries.
func (f LandFigures) LagSum() int { return f.lagSum }

// LandBatchReport is one batch's line of the land report.
type LandBatchReport struct {
	ApprovalNo string `json:"approval_no"`
	ApprovedOn string `json:"approved_on"`
	Region     string `json:"region_code"`
	RegionName string `json:"region_name"`
	LandFigures
}

// LandRollup is the figures of one region (village, town or district).
type LandRollup struct {
	Region string `json:"region_code"`
	Name   string `json:"region_name"`
	Level  string `json:"level"` // 村 / 镇 / 区
	LandFigures
}

// LandReport is `shebao report land`: per batch and rolled up.
type LandReport struct {
	Region   string            `json:"region_code"`
	AsOf     string            `json:"as_of"`
	Batches  []LandBatchReport `json:"batches"`
	Villages []LandRollup      `json:"villages"`
	Towns    []LandRollup      `json:"towns"`
	Total    LandRollup        `json:"total"`
}

// LandWarning is one batch whose persons are not all secured, or whose
// roster is late.
type LandWarning struct {
	ApprovalNo      string `json:"approval_no"`
	ApprovedOn      string `json:"approved_on"`
	Region          string `json:"region_code"`
	RegionName      string `json:"region_name"`
	PersonsToSecure int    `json:"persons_to_secure"`
	OnRoster        int    `json:"on_roster"`
	Enrolled        int    `json:"enrolled"`
	Unsecured       int    `json:"unsecured"`
	DaysSince       int    `json:"days_since_approval"`
	// Late: no complete roster yet, more than the deadline after approval.
	Late   bool     `json:"late"`
	Reason []string `json:"reasons"`
}

// LandAllowanceRun is what `shebao run land-allowances` did for a month.
type LandAllowanceRun struct {
	Month    string `json:"month"`
	Checked  int    `json:"checked"`
	Created  int    `json:"created"`
	Adjusted int    `json:"adjusted"`
}

// NormalizeApprovalNo trims an approval number (批准文号) and unifies the
// brackets clerks type for 〔〕: 宁政土批[2024]12号 is 宁政土批〔2024〕12号.
func NormalizeApprovalNo(s string) string {
	s = strings.TrimSpace(s)
	return strings.NewReplacer("[", "〔", "]", "〕", "［", "〔", "］", "〕", "(", "〔", ")", "〕", "（", "〔", "）", "〕").Replace(s)
}

// LagDays is the indicator of 即征即保: the days from the approval of the
// expropriation to the enrollment of its persons, 0 when they were enrolled
// on or before the approval date (土地管理法 2019 第四十八条 wants the
// security arranged before the land is taken).
func LagDays(approvedOn, enrolledOn string) int {
	a, err1 := time.Parse(DateLayout, approvedOn)
	e, err2 := time.Parse(DateLayout, enrolledOn)
	if err1 != nil || err2 != nil || !e.After(a) {
		return 0
	}
	return int(e.Sub(a).Hours() / 24)
}

// LandFundIncome is the income account and posting kind of money received
// from a payer for a batch: the government's share is a fiscal subsidy
// (4002 财政补贴收入, from the land-grant revenue), the collective's a
// collective subsidy (4003 集体补助收入, from the land compensation), and
// the individual's a contribution (4001 社会保险费收入, deducted from the
// resettlement subsidy).
func LandFundIncome(payer string) (account, kind string) {
	switch payer {
	case PayerGovernment:
		return AcctSubsidyIncome, PostSubsidy
	case PayerCollective:
		return AcctCollectiveIncome, PostSubsidy
	}
	return AcctContributionIncome, PostCollection
}

// RosterData is what the store reads, in one query each, to decide a
// submission of roster lines.
type RosterData struct {
	Batches  map[string]*LandBatch // by approval number, wherever they lie: those submitted to, and those the persons are on already
	Persons  map[string]*Person    // by ID number, wherever registered
	OnRoster map[string]string     // the batch each person is on the roster of
	Counts   map[string]int        // the persons on each batch's roster
}

// LandAllowanceDue is an enrolled roster person as the monthly allowance
// run reads them: the line, the land allowance of the batch if one exists
// (its id, amount in force in the month and status), and whether the person
// opted into their converted village's lump-sum employee pension (村改居)
// instead.
type LandAllowanceDue struct {
	Line          *RosterLine
	Benefit       string
	Monthly       Money
	BenefitStatus string
	OptedOut      bool
}
