package shebao

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// The transfer of the operating right of contracted land (土地经营权流转,
// 农村土地承包法 第三十六至四十七条; 农村土地经营权流转管理办法 2021),
// docs/DOMAIN.md §8. The rules about one contract's own values are here;
// those that read the registry (the parcel's contract, its free area) are
// package transfer's.

// Transfer statuses: entered (经办) → verified by the town's 土地流转服务中心
// and filed with the 发包方 (鉴证备案, an approval) → ended (early, with a
// reason; a contract that runs to its end date stays 已鉴证).
const (
	TransferPending  = "待鉴证"
	TransferVerified = "已鉴证"
	TransferEnded    = "已终止"
)

// ApproveTransferVerify is the approval kind of the verification (鉴证) of a
// transfer contract by the town's 土地流转服务中心.
const ApproveTransferVerify = "transfer.verify"

// Transfer forms (流转方式).
const (
	FormLease    = "出租(转包)"
	FormShare    = "入股"
	FormTrust    = "托管"
	FormExchange = "互换"
	FormAssign   = "转让"
	FormOther    = "其他"
)

// TransferForms lists the forms in display order.
var TransferForms = []string{FormLease, FormShare, FormTrust, FormExchange, FormAssign, FormOther}

// ParseTransferForm normalises a form as clerks write it ("出租", "转包",
// "出租/转包" are one form since the 2018 law treats them alike).
func ParseTransferForm(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "出租", "转包", "出租/转包", "出租(转包)", "出租（转包）", "租赁":
		return FormLease, true
	case "入股", "股份合作":
		return FormShare, true
	case "托管", "土地托管", "代耕":
		return FormTrust, true
	case "互换", "调换":
		return FormExchange, true
	case "转让":
		return FormAssign, true
	case "其他", "其他方式":
		return FormOther, true
	}
	return "", false
}

// Payment schedules of a transfer's rent (租金支付方式). The law leaves the
// schedule to the contract (农村土地经营权流转管理办法 第十四条); shebao
// knows these four.
const (
	// ScheduleAdvance: once a contract year, on its first day (先付后用,
	// the default and the usual term of a farmland lease).
	ScheduleAdvance = "每年预付"
	// ScheduleArrears: once a contract year, on its last day (年末支付).
	ScheduleArrears = "年末支付"
	// ScheduleHalfYear: every half contract year, on its first day.
	ScheduleHalfYear = "半年付"
	// ScheduleLumpSum: the whole term's rent on the first day.
	ScheduleLumpSum = "一次性支付"
)

// PaySchedules lists the schedules in display order.
var PaySchedules = []string{ScheduleAdvance, ScheduleArrears, ScheduleHalfYear, ScheduleLumpSum}

// ParsePaySchedule normalises a schedule as clerks write it; "" is the
// default (每年预付).
func ParsePaySchedule(s string) (string, bool) {
	switch strings.TrimSpace(s) {
	case "", "每年预付", "年初", "年初支付", "年初预付", "每年年初", "预付", "先付后用", "年付", "按年支付", "每年支付":
		return ScheduleAdvance, true
	case "年末支付", "年末", "年底", "年底支付", "每年年末", "每年年底", "后付", "年末结算":
		return ScheduleArrears, true
	case "半年付", "半年", "半年支付", "每半年", "每半年支付", "半年一付":
		return ScheduleHalfYear, true
	case "一次性支付", "一次性", "一次付清", "一次性付清", "一次性付款", "一次性支付全部租金":
		return ScheduleLumpSum, true
	}
	return "", false
}

// ScheduleNote says when a schedule's instalments fall due.
func ScheduleNote(schedule string) string {
	switch schedule {
	case ScheduleArrears:
		return "每个合同年度末日支付"
	case ScheduleHalfYear:
		return "每半个合同年度首日预付"
	case ScheduleLumpSum:
		return "起始日一次性支付全部期限租金"
	}
	return "每个合同年度首日预付"
}

// Transferee types (受让方类型) of the statistics.
const (
	TransfereeFarmer     = "农户"
	TransfereeLarge      = "大户" // a farmer above transfer.large_operator_mu in total
	TransfereeCoop       = "合作社"
	TransfereeEnterprise = "企业"
	TransfereeOther      = "其他组织"
)

// TransfereeKindOf is the type of a transferee by its identifier: a
// 身份证号 is a farmer (农户), a USCC of a 农民专业合作社 (authority 9, kind
// 3) a cooperative, of an enterprise or 个体工商户 (91, 92) an enterprise,
// anything else another organisation (a village collective N2 …).
func TransfereeKindOf(id string, isPerson bool) string {
	switch {
	case isPerson:
		return TransfereeFarmer
	case strings.HasPrefix(id, "93"):
		return TransfereeCoop
	case strings.HasPrefix(id, "91"), strings.HasPrefix(id, "92"):
		return TransfereeEnterprise
	}
	return TransfereeOther
}

// Words of a purpose (用途). The law allows agricultural use only (第三十八条:
// 不得改变土地的所有权性质和农业用途); a purpose naming a non-agricultural use
// is refused even if it names a crop too ("种植大棚配套建房").
var (
	agriWords    = []string{"种植", "养殖", "粮", "稻", "麦", "玉米", "蔬菜", "菜", "果", "林", "苗木", "花卉", "茶", "草", "牧", "畜", "禽", "渔", "水产", "枸杞", "葡萄", "瓜", "药材", "设施农业", "农业", "耕", "育秧", "制种"}
	nonAgriWords = []string{"建设", "建房", "住宅", "房地产", "厂", "工业", "商业", "商铺", "仓储", "物流", "采矿", "采砂", "挖沙", "取土", "停车", "办公", "酒店", "宾馆", "餐饮", "农家乐", "殡葬", "墓", "光伏", "加油", "非农"}
)

// CheckAgriculturalUse refuses a purpose that is not an agricultural use.
func CheckAgriculturalUse(purpose string) error {
	p := strings.TrimSpace(purpose)
	if p == "" {
		return FieldErrorf("用途", "用途不能为空(应为种植、养殖等农业用途)")
	}
	for _, w := range nonAgriWords {
		if strings.Contains(p, w) {
			return FieldErrorf("用途", "用途“%s”含非农业用途(%s):流转土地只能用于农业生产(农村土地承包法第三十八条)", p, w)
		}
	}
	for _, w := range agriWords {
		if strings.Contains(p, w) {
			return nil
		}
	}
	return FieldErrorf("用途", "用途“%s”不是农业用途:应写明种植、养殖、林业等农业生产用途(农村土地承包法第三十八条)", p)
}

// RegistrableYears is the term from which a transfer of the operating right
// may be registered (流转期限为五年以上的土地经营权, 第四十一条).
const RegistrableYears = 5

// Registrable reports whether a term [start, end] (inclusive dates) lasts
// five years or more: 2025-01-01 to 2029-12-31 does.
func Registrable(start, end time.Time) bool {
	return !start.AddDate(RegistrableYears, 0, -1).After(end)
}

// AreaSpan is an area of a parcel taken by a transfer over a period
// (inclusive dates, YYYY-MM-DD), in hundredths of a 亩.
type AreaSpan struct {
	Start, End string
	Area       int64
}

// PeakArea is the largest area the spans take together on any one day of
// [start, end]: what is not free of the parcel for a new transfer of that
// period. Spans that meet only outside the period do not count, nor do two
// that follow each other (one ends 2025-12-31, the next starts 2026-01-01).
func PeakArea(spans []AreaSpan, start, end string) int64 {
	type ev struct {
		day   string
		delta int64
	}
	var evs []ev
	for _, s := range spans {
		lo, hi := max(s.Start, start), min(s.End, end)
		if lo > hi {
			continue
		}
		evs = append(evs, ev{lo, s.Area}, ev{dayAfter(hi), -s.Area})
	}
	// On one day, ends (the day after a span's last) come before starts.
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].day != evs[j].day {
			return evs[i].day < evs[j].day
		}
		return evs[i].delta < evs[j].delta
	})
	var cur, peak int64
	for _, e := range evs {
		cur += e.delta
		peak = max(peak, cur)
	}
	return peak
}

func dayAfter(d string) string {
	t, err := time.Parse(DateLayout, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(DateLayout)
}

// NewTransferLine is one row of a transfer contract as entered or imported:
// the contract's terms and one of its parcels (a contract over several
// parcels, of one or several households, is several rows with the same
// number and terms).
type NewTransferLine struct {
	No             string `json:"no"` // 流转合同号
	Form           string `json:"form"`
	ParcelCode     string `json:"parcel_code"`
	Area           string `json:"area_mu"` // 亩 of the parcel transferred
	TransferorIDNo string `json:"transferor_id_no"`
	TransfereeID   string `json:"transferee_id"` // 身份证号 or USCC
	TransfereeName string `json:"transferee_name"`
	Start          string `json:"start"`
	End            string `json:"end"`
	// Rent is 元/亩/年 ("500"), or a rent in kind per 亩 and year
	// ("800斤稻谷", policy.ParseKindRent) converted at transfer.kind_prices.
	Rent    string `json:"rent"`
	Purpose string `json:"purpose"`
	// Consent is the 发包方's written consent (文号 or date) that a 转让
	// needs (第三十四条).
	Consent string `json:"consent,omitempty"`
	// Schedule is the payment schedule (ParsePaySchedule; "" 每年预付).
	Schedule string `json:"schedule,omitempty"`
	// Deposit makes the row a line of a lending (贷出) by a 土地信用合作社:
	// the number of the verified deposit contract (存入, the cooperative
	// its transferee) it draws Area from, instead of a parcel;
	// TransferorIDNo is then the cooperative's USCC.
	Deposit string `json:"deposit_no,omitempty"`
}

// Transfer is a transfer contract (流转合同).
type Transfer struct {
	No             string `json:"no"`
	Form           string `json:"form"`
	Region         string `json:"region_code"` // the village of its parcels
	RegionName     string `json:"region_name,omitempty"`
	TransfereeKind string `json:"transferee_kind"`
	TransfereeID   string `json:"transferee_id"`
	TransfereeName string `json:"transferee_name"`
	Start          string `json:"start"`
	End            string `json:"end"`
	Rent           Money  `json:"rent"` // per 亩 per year (0 for a rent in kind)
	// A rent in kind: the commodity and the 斤 per 亩 and year ("800.00"),
	// converted at the price of each instalment's year.
	RentKind string `json:"rent_kind,omitempty"`
	RentQty  string `json:"rent_qty,omitempty"`
	// Schedule is the payment schedule (ScheduleAdvance …).
	Schedule string `json:"schedule"`
	Purpose  string `json:"purpose"`
	Consent  string `json:"consent,omitempty"`
	Status   string `json:"status"`
	// Registrable: five years or more (经营权登记 may be applied for).
	Registrable bool           `json:"registrable"`
	ApprovalID  string         `json:"approval_id,omitempty"`
	VerifiedOn  string         `json:"verified_on,omitempty"`
	VerifiedBy  string         `json:"verified_by,omitempty"`
	EndedOn     string         `json:"ended_on,omitempty"`
	EndReason   string         `json:"end_reason,omitempty"`
	Area        string         `json:"area_mu"`
	Parcels     []TransferLine `json:"parcels"`
	// Lender is the cooperative (USCC) that lends land it holds by deposit
	// (贷出), "" for a transfer by the households themselves; Loans are the
	// deposit contracts it draws on.
	Lender     string     `json:"lender,omitempty"`
	LenderName string     `json:"lender_name,omitempty"`
	Loans      []LoanLine `json:"loans,omitempty"`
	// Disputes are filled when one transfer is read.
	Disputes  []Dispute `json:"disputes,omitempty"`
	Version   int       `json:"version"`
	Source    string    `json:"source,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TransferLine is one parcel of a transfer.
type TransferLine struct {
	ParcelCode     string `json:"parcel_code"`
	TransferorIDNo string `json:"transferor_id_no"`
	TransferorName string `json:"transferor_name,omitempty"`
	Area           string `json:"area_mu"`
	Source         string `json:"source,omitempty"`
}

// LoanLine is the area a lending (贷出) takes of one deposit contract.
type LoanLine struct {
	DepositNo string `json:"deposit_no"`
	Area      string `json:"area_mu"`
	Source    string `json:"source,omitempty"`
}

// IsCoopUSCC reports whether a USCC is a 农民专业合作社's (registration
// authority 9, kind 3: "93…"), the only body that lends deposited land.
func IsCoopUSCC(uscc string) bool { return strings.HasPrefix(uscc, "93") }

// TransferFilter selects transfers.
type TransferFilter struct {
	Region string
	Status string
	// Transferee selects the contracts of one transferee (身份证号 or USCC).
	Transferee string
	// Lender selects the lendings (贷出) of one cooperative.
	Lender string
	Offset int
	Limit  int
}

// TransferData is what the transfer rules read, wherever it lies: the
// transfers with the numbers, the parcels with their contracts, and the
// spans other transfers take of those parcels.
type TransferData struct {
	Transfers map[string]*Transfer
	Parcels   map[string]*Parcel
	Contracts map[string]*LandContract // by contract code, with the head's name
	// Taken are the spans of the parcels taken by transfers not ended
	// (an ended one up to its end), each with its transfer number.
	Taken map[string][]TakenSpan
	// Persons are the names of registered persons among the ids asked
	// (transferees who are persons).
	Persons map[string]string
	// Reviewed is, per USCC, the largest area (0.01 亩) an approved
	// 资格审查 in force allows.
	Reviewed map[string]int64
	// Lent are, per deposit contract among the transfers read, the spans
	// lendings take of it (an ended lending up to its end).
	Lent map[string][]TakenSpan
	// Employers are the names of the registered employers among the
	// USCCs asked (transferees that are organisations).
	Employers map[string]string
}

// TakenSpan is a span of a parcel taken by a transfer.
type TakenSpan struct {
	AreaSpan
	No string
}

// TransferWrites is what a chunk of transfers writes.
type TransferWrites struct {
	New     []*Transfer
	Changed []TransferChange
	// Lines are new lines of transfers that exist already; Loans new
	// deposit lines of lendings that exist already.
	Lines map[string][]TransferLine
	Loans map[string][]LoanLine
	// Transferees are organisations the contracts take land for that are
	// not registered yet: registered (as employers) with them.
	Transferees []*Employer
}

// TransferChange is a corrected transfer (only while it waits for 鉴证).
type TransferChange struct {
	Old, New *Transfer
	Changes  []Change
}

// ApproveTransferReview is the approval kind of the 资格审查 of an
// enterprise that takes more land than the local threshold
// (transfer.enterprise_review_mu; 农村土地经营权流转管理办法 第二十九条).
const ApproveTransferReview = "transfer.review"

// TransferReview is the payload of a 资格审查: the enterprise, the area it
// may take in total (亩) and until when the review holds.
type TransferReview struct {
	USCC  string `json:"uscc"`
	Name  string `json:"name"`
	Area  string `json:"area_mu"`
	Until string `json:"until"` // YYYY-MM-DD
	Note  string `json:"note,omitempty"`
}

// RentText is the rent as the contract states it: "500.00元/亩/年" or, in
// kind, "800.00斤稻谷/亩/年".
func (t *Transfer) RentText() string {
	if t.RentKind != "" {
		return t.RentQty + "斤" + t.RentKind + "/亩/年"
	}
	return t.Rent.String() + "元/亩/年"
}

// PayNote says when the contract's instalments fall due (ScheduleNote).
func (t *Transfer) PayNote() string { return ScheduleNote(t.Schedule) }

// TermRegistrable reports whether the transfer's term is five years or
// more (Registrable).
func (t *Transfer) TermRegistrable() bool {
	start, err1 := time.Parse(DateLayout, t.Start)
	end, err2 := time.Parse(DateLayout, t.End)
	return err1 == nil && err2 == nil && Registrable(start, end)
}

// Transferors names the heads who transfer: the first, and how many
// households in all when there are several ("魏建国等2户"); for a lending
// (贷出) the cooperative.
func (t *Transfer) Transferors() string {
	if t.Lender != "" {
		return t.LenderName
	}
	seen := map[string]bool{}
	first := ""
	for _, l := range t.Parcels {
		if !seen[l.TransferorIDNo] {
			seen[l.TransferorIDNo] = true
			if first == "" {
				first = l.TransferorName
			}
		}
	}
	if len(seen) > 1 {
		return first + "等" + strconv.Itoa(len(seen)) + "户"
	}
	return first
}

// RentPayment is a rent received for a transfer contract, keyed by receipt.
type RentPayment struct {
	Receipt string `json:"receipt"`
	No      string `json:"no"` // 流转合同号
	Amount  Money  `json:"amount"`
	Date    string `json:"date"`
	Note    string `json:"note,omitempty"`
}

// RentArrearsReport lists the rents overdue on a date in a region, by town
// and village, for the service centre to 督促.
type RentArrearsReport struct {
	Region     string         `json:"region"`
	RegionName string         `json:"region_name"`
	Date       string         `json:"date"`
	Contracts  int            `json:"contracts"`
	Unpaid     Money          `json:"unpaid"`
	Towns      []ArrearsGroup `json:"towns"`
}

// ArrearsGroup is a town with its villages, or a village with its items.
type ArrearsGroup struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Contracts int            `json:"contracts"`
	Unpaid    Money          `json:"unpaid"`
	Villages  []ArrearsGroup `json:"villages,omitempty"`
	Items     []ArrearsItem  `json:"items,omitempty"`
}

// ArrearsItem is an instalment of a contract unpaid in part or whole.
type ArrearsItem struct {
	No          string `json:"no"`
	Transferors string `json:"transferors"`
	Transferee  string `json:"transferee"`
	Seq         int    `json:"seq"`
	Label       string `json:"label"` // 第1年, 第1期 (半年付), 一次性
	Due         string `json:"due"`
	Amount      Money  `json:"amount"`
	Paid        Money  `json:"paid"`
	Unpaid      Money  `json:"unpaid"`
	DaysOverdue int    `json:"days_overdue"`
	Explanation string `json:"explanation"`
}

// Dispute statuses.
const (
	DisputeOpen     = "调解中"
	DisputeSettled  = "调解成功"
	DisputeUnsolved = "调解不成"
)

// Dispute is a dispute over a transfer contract and its mediation.
type Dispute struct {
	CaseNo     string `json:"case_no"`
	No         string `json:"no"`
	FiledOn    string `json:"filed_on"`
	Summary    string `json:"summary"`
	Status     string `json:"status"`
	MediatedOn string `json:"mediated_on,omitempty"`
	Outcome    string `json:"outcome,omitempty"`
}

// TransferReport is the statistics of land transfer for a region on a day
// (`shebao report transfers`): contracted arable land, the arable land
// transferred by verified contracts running that day and its share, by
// sub-region (towns, villages, or a village's 发包方), by form and by type
// of transferee.
type TransferReport struct {
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	Date       string `json:"date"`
	TransferFigures
	Children     []TransferChild `json:"children"`
	ByForm       []TransferShare `json:"by_form"`
	ByTransferee []TransferShare `json:"by_transferee"`
}

// TransferFigures are the figures of one region.
type TransferFigures struct {
	// ArableMu is the contracted 耕地; TransferredMu the 耕地 transferred;
	// SharePercent their ratio in percent, two decimals ("" without
	// arable land). AllTransferredMu counts every land class.
	ArableMu         string `json:"arable_mu"`
	TransferredMu    string `json:"transferred_mu"`
	SharePercent     string `json:"share_percent"`
	AllTransferredMu string `json:"all_transferred_mu"`
	Contracts        int    `json:"contracts"`
	// Households transferring land out, and their members (the household
	// of the registry; a head without one counts as one person).
	Households int `json:"households"`
	Persons    int `json:"persons"`
	// RentYearly is the rent a year of the running contracts' lines
	// (rent × area), RentPerCapita it divided by Persons.
	RentYearly    Money `json:"rent_yearly"`
	RentPerCapita Money `json:"rent_per_capita"`
}

// TransferChild is a sub-region's (or a 发包方's) figures.
type TransferChild struct {
	Code string `json:"code"`
	Name string `json:"name"`
	TransferFigures
}

// TransferShare is the area transferred in one form or to one type of
// transferee.
type TransferShare struct {
	Name          string `json:"name"`
	Contracts     int    `json:"contracts"`
	TransferredMu string `json:"transferred_mu"` // all land classes
}

// TransferTake is what one person (transferee type 农户) takes in a
// region on a day: the area (0.01 亩) and the contracts.
type TransferTake struct {
	Area      int64
	Contracts int
}

// TransferStatRow is one line of a running verified contract, as the
// statistics read it.
type TransferStatRow struct {
	No, Parcel, Class, Transferor, Household, Form, TransfereeKind, TransfereeID string
	Area                                                                         int64 // 0.01 亩
	Rent                                                                         Money // per 亩 and year
	// RentKind and RentQty (0.01 斤 per 亩 and year): a rent in kind.
	RentKind string
	RentQty  int64
}

// TransferStatData is what the statistics read of a region on a day.
type TransferStatData struct {
	// Arable is the contracted 耕地 per 发包方 (0.01 亩).
	Arable map[string]int64
	Rows   []TransferStatRow
	// Members is the number of members of each household.
	Members map[string]int
	// Issuers names the 发包方.
	Issuers map[string]string
}

// PriceRow is a contract's rent for one land class of one village, as the
// price guidance reads it.
type PriceRow struct {
	Village, Class, No string
	Rent               Money
}

// PriceGuide is the price guidance of transfers (流转价格指导): per village
// and land class, the median and range of the rents (元/亩/年) of the
// contracts begun in the 12 months up to a date, without personal
// identifiers (it may be published).
type PriceGuide struct {
	Region string           `json:"region"`
	From   string           `json:"from"` // exclusive
	To     string           `json:"to"`   // inclusive
	Rows   []PriceGuideLine `json:"rows"`
}

// PriceGuideLine is one village and land class of the guidance.
type PriceGuideLine struct {
	Village     string `json:"village"`
	VillageName string `json:"village_name"`
	Class       string `json:"land_class"`
	Contracts   int    `json:"contracts"`
	Median      Money  `json:"median"`
	Min         Money  `json:"min"`
	Max         Money  `json:"max"`
}

// Intent kinds of the transfer information platform (流转信息平台), and
// the status of an intent open to matching.
const (
	IntentOffer  = "出让" // a household offers land
	IntentSeek   = "求租" // an operator seeks land
	IntentActive = "有效"
	// IntentWithdrawn: withdrawn by whoever entered it or by the household
	// itself; it leaves the market and matching, and stays on record.
	IntentWithdrawn = "已撤回"
)

// Intent is an intent to let or to take land. Contact fields are personal
// data and are left out of the public list (Public).
type Intent struct {
	No          string `json:"no"`
	Kind        string `json:"kind"`
	Region      string `json:"region_code"`
	RegionName  string `json:"region_name,omitempty"`
	ParcelCode  string `json:"parcel_code,omitempty"`
	Class       string `json:"land_class,omitempty"`
	Area        string `json:"area_mu"`
	Years       int    `json:"years"`
	Price       Money  `json:"price"` // 元/亩/年 expected (offer) or offered (seek)
	Use         string `json:"use,omitempty"`
	ContactID   string `json:"contact_id,omitempty"`
	ContactName string `json:"contact_name,omitempty"`
	Status      string `json:"status"`
}

// Public is the intent without personal identifiers: no contact, and no
// parcel code (which the registry ties to a household).
func (i Intent) Public() Intent {
	i.ContactID, i.ContactName, i.ParcelCode = "", "", ""
	return i
}

// CoopYear is what a cooperative (土地信用合作社) owes its member households
// for the land they deposited (存入) with it, in a calendar year: the
// instalments of its verified deposit contracts falling due that year,
// what it paid that year, and each member household's share; and what it
// earns by lending that land on (贷出) and its margin.
type CoopYear struct {
	USCC      string `json:"uscc"`
	Name      string `json:"name"`
	Year      int    `json:"year"`
	Contracts int    `json:"contracts"`
	AreaMu    string `json:"area_mu"`
	Due       Money  `json:"due"`
	Paid      Money  `json:"paid"`
	// The lendings (贷出) of the land: the verified contracts, the area
	// lent, the instalments falling due in the year (what operators owe
	// the cooperative) and what it received in the year.
	LendingContracts int    `json:"lending_contracts"`
	LentMu           string `json:"lent_mu"`
	LendingDue       Money  `json:"lending_due"`
	LendingReceived  Money  `json:"lending_received"`
	// Margin is the year's lending rents less its deposit rents
	// (LendingDue − Due).
	Margin  Money        `json:"margin"`
	Members []CoopMember `json:"members"`
	// Deposits and Lendings are the contracts one by one: the instalments
	// falling due in the year and what was paid (received) in the year.
	Deposits []CoopContract `json:"deposits"`
	Lendings []CoopContract `json:"lendings"`
}

// CoopContract is one deposit or lending contract of a cooperative's year.
type CoopContract struct {
	No     string `json:"no"`
	Region string `json:"region_name"`
	// Party is the depositing households (存入) or the operator (贷出).
	Party  string `json:"party"`
	AreaMu string `json:"area_mu"`
	Rent   Money  `json:"rent"` // 元/亩/年 (0 for a rent in kind)
	Start  string `json:"start"`
	End    string `json:"end"`
	Due    Money  `json:"due"`
	Paid   Money  `json:"paid"`
}

// CoopMember is a member household's deposit and its rent due in the year.
type CoopMember struct {
	IDNo   string `json:"id_no"`
	Name   string `json:"name"`
	AreaMu string `json:"area_mu"`
	Due    Money  `json:"due"`
}
