package shebao

import (
	"slices"
	"strconv"
	"strings"
)

// The labour register (劳动力资源台账, docs/DOMAIN.md §10): every registry
// person of working age with an employment status, skills and wishes. The
// village keeps the registered part (LaborEntry); what shebao already
// knows from its own records (an employee enrollment, an unemployment
// benefit in payment, a flexible-employment base, the age) is the derived
// part; a LaborRecord shows both and where they disagree.

// Employment statuses (就业状态) of the register.
const (
	LaborEmployed    = "就业"
	LaborFlexible    = "灵活就业"
	LaborFarming     = "务农"
	LaborTransferred = "转移就业" // with a destination (转移地点)
	LaborUnemployed  = "失业"
	LaborStudent     = "在校"
	LaborUnable      = "无劳动能力"
)

// LaborStatuses are the statuses in display order.
var LaborStatuses = []string{LaborEmployed, LaborFlexible, LaborFarming, LaborTransferred, LaborUnemployed, LaborStudent, LaborUnable}

// Sources of a status: the register itself, or the record of shebao it was
// derived from.
const (
	LaborSourceRegister     = "登记"     // entered by the village (form or import)
	LaborSourceEmployee     = "职工参保"   // an employee enrollment in payment (参保缴费) with an employer
	LaborSourceUnemployment = "失业保险金"  // an unemployment benefit in payment (正常发放)
	LaborSourceFlex         = "灵活就业参保" // a flexible-employment base registered for the month
	LaborSourceAge          = "年龄"     // below the school-leaving age, nothing else known
)

// LaborStatusOf returns the status named by s, accepting a few words
// village forms use for the same status, or false.
func LaborStatusOf(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if slices.Contains(LaborStatuses, s) {
		return s, true
	}
	alias := map[string]string{
		"已就业": LaborEmployed, "单位就业": LaborEmployed, "在业": LaborEmployed,
		"灵活": LaborFlexible, "自主创业": LaborFlexible, "个体": LaborFlexible,
		"务农人员": LaborFarming, "农业": LaborFarming, "在家务农": LaborFarming,
		"外出务工": LaborTransferred, "转移": LaborTransferred, "外出就业": LaborTransferred,
		"未就业": LaborUnemployed, "失业人员": LaborUnemployed,
		"在校学生": LaborStudent, "学生": LaborStudent,
		"丧失劳动能力": LaborUnable,
	}
	st, ok := alias[s]
	return st, ok
}

// LaborWrite is one entry of the register to write: a new one (Old nil)
// or a changed one with its changes, from the import row or form Source,
// for a person living in Region.
type LaborWrite struct {
	Source, Region string
	Old, Entry     *LaborEntry
	Changes        []Change
}

// LaborEntry is the registered part of one person's line of the register,
// as a village assistant enters it.
type LaborEntry struct {
	IDNo         string `json:"id_no"`
	Status       string `json:"status"`
	Destination  string `json:"destination,omitempty"`  // 转移地点: required for 转移就业
	Skills       string `json:"skills,omitempty"`       // 技能
	Certificates string `json:"certificates,omitempty"` // 职业资格、技能等级证书
	TrainingWish string `json:"training_wish,omitempty"`
	WorkWish     string `json:"work_wish,omitempty"`
	// Version counts the entry's changes (1 when first registered).
	Version int `json:"version,omitempty"`
}

// Check validates an entry (status known; a destination for 转移就业 and
// only for it), normalising the status word. Fields are named in Chinese.
func (e *LaborEntry) Check() error {
	st, ok := LaborStatusOf(e.Status)
	if !ok {
		if strings.TrimSpace(e.Status) == "" {
			return FieldErrorf("就业状态", "就业状态不能为空")
		}
		return FieldErrorf("就业状态", "未知的就业状态“%s”:应为%s之一", e.Status, strings.Join(LaborStatuses, "、"))
	}
	e.Status = st
	e.Destination = strings.TrimSpace(e.Destination)
	if st == LaborTransferred && e.Destination == "" {
		return FieldErrorf("转移地点", "转移就业须填写转移地点")
	}
	if st != LaborTransferred && e.Destination != "" {
		return FieldErrorf("转移地点", "只有转移就业填写转移地点(本行就业状态为%s)", st)
	}
	e.Skills, e.Certificates = strings.TrimSpace(e.Skills), strings.TrimSpace(e.Certificates)
	e.TrainingWish, e.WorkWish = strings.TrimSpace(e.TrainingWish), strings.TrimSpace(e.WorkWish)
	return nil
}

// LaborEntryChanges lists the fields that differ between two entries.
func LaborEntryChanges(old, e *LaborEntry) []Change {
	var out []Change
	add := func(field, a, b string) {
		if a != b {
			out = append(out, Change{Field: field, Before: a, After: b})
		}
	}
	add("status", old.Status, e.Status)
	add("destination", old.Destination, e.Destination)
	add("skills", old.Skills, e.Skills)
	add("certificates", old.Certificates, e.Certificates)
	add("training_wish", old.TrainingWish, e.TrainingWish)
	add("work_wish", old.WorkWish, e.WorkWish)
	return out
}

// LaborDerived is a status shebao derives from its own records.
type LaborDerived struct {
	IDNo     string `json:"id_no"`
	Region   string `json:"region"`
	Status   string `json:"status"`
	Employer string `json:"employer,omitempty"` // USCC, for 就业 from an employee enrollment
	Source   string `json:"source"`
}

// LaborRecord is one person's line of the register as shown: the status
// in force with its source, the registered and the derived parts, and the
// disagreement between them, if any.
type LaborRecord struct {
	IDNo   string `json:"id_no"`
	Name   string `json:"name"`
	Sex    string `json:"sex"`
	Birth  string `json:"birth"`
	Region string `json:"region"`
	// Date is the day the record is of; Age the person's age then.
	Date string `json:"date"`
	Age  int    `json:"age"`
	// RetireMonth is the month the statutory retirement age is reached:
	// the person is of working age until the month before it.
	RetireMonth string `json:"retire_month"`
	// Status, Employer and Source are the status in force: derived from
	// the data where shebao knows it, else registered (docs/DOMAIN.md §10).
	Status       string `json:"status"`
	Employer     string `json:"employer,omitempty"`
	EmployerName string `json:"employer_name,omitempty"`
	Source       string `json:"source"`
	Destination  string `json:"destination,omitempty"`
	// Registered is the village's entry (nil when none); Derived what the
	// data says (nil when it says nothing).
	Registered *LaborEntry   `json:"registered,omitempty"`
	Derived    *LaborDerived `json:"derived,omitempty"`
	// Disagreement explains, in Chinese, where the register and the data
	// disagree ("" when they do not).
	Disagreement string `json:"disagreement,omitempty"`
	Version      int    `json:"version,omitempty"`
	UpdatedBy    string `json:"updated_by,omitempty"`
}

// ResolveLabor fills the status in force and the disagreement of a record
// from its registered and derived parts (docs/DOMAIN.md §10):
//
//   - a status derived from an insurance record (职工参保, 失业保险金,
//     灵活就业参保) is in force: it is what the person's contributions and
//     benefits say now; the registered status is kept and, if it says
//     otherwise, the disagreement is named for the clerk;
//   - 转移就业 registered and 就业 derived agree (transfer to a local
//     employer, 就地转移): the registered status with its destination stays
//     in force and the employer is shown;
//   - without such a record the registered status is in force;
//   - the status by age (在校) only when nothing else is known.
func ResolveLabor(r *LaborRecord) {
	reg, der := r.Registered, r.Derived
	r.Status, r.Source, r.Employer, r.Destination, r.Disagreement = "", "", "", "", ""
	switch {
	case der != nil && der.Source != LaborSourceAge:
		r.Status, r.Source, r.Employer = der.Status, der.Source, der.Employer
		if reg != nil && reg.Status != der.Status {
			if reg.Status == LaborTransferred && der.Status == LaborEmployed {
				r.Status, r.Source, r.Destination = reg.Status, LaborSourceRegister, reg.Destination
				return
			}
			r.Disagreement = "台账登记为“" + reg.Status + "”,但" + laborSourceText(der) + ",应为“" + der.Status + "”"
		}
	case reg != nil:
		r.Status, r.Source, r.Destination = reg.Status, LaborSourceRegister, reg.Destination
	case der != nil:
		r.Status, r.Source = der.Status, der.Source
	}
}

// laborSourceText says in Chinese what the data shows.
func laborSourceText(d *LaborDerived) string {
	switch d.Source {
	case LaborSourceEmployee:
		return "职工参保记录显示在单位" + d.Employer + "参保缴费"
	case LaborSourceUnemployment:
		return "正在领取失业保险金"
	case LaborSourceFlex:
		return "已登记灵活就业人员参保缴费"
	}
	return d.Source
}

// LaborFilter selects lines of the register.
type LaborFilter struct {
	Region string
	Status string
	// Disagreements: only persons whose register and data disagree (as of
	// the last rebuild of the derived statuses).
	Disagreements bool
	Offset, Limit int
	// CountUpTo, when above 0, bounds the total: the lines are counted up to
	// CountUpTo+1 only, so a total above CountUpTo means "more than
	// CountUpTo" (the browser's pager, issue #15: a district's register is
	// some 60,000 lines at 100,000 persons, too many to count on every page
	// view). 0 counts exactly (the API and the CLI).
	CountUpTo int
}

// LaborRebuild is the outcome of a rebuild of the derived statuses.
type LaborRebuild struct {
	Date     string         `json:"date"`
	Persons  int            `json:"persons"`   // persons of working age scanned
	Derived  int            `json:"derived"`   // of which with a derived status
	ByStatus map[string]int `json:"by_status"` // derived statuses by status
}

// UnemploymentRegistration is a 失业登记: a person of working age without
// work who wants it, registered from a day until ended.
type UnemploymentRegistration struct {
	ID           string `json:"id"`
	IDNo         string `json:"id_no"`
	Name         string `json:"name,omitempty"`
	Region       string `json:"region"`
	RegisteredOn string `json:"registered_on"`
	Reason       string `json:"reason,omitempty"`
	EndedOn      string `json:"ended_on,omitempty"`
	EndReason    string `json:"end_reason,omitempty"`
	CreatedBy    string `json:"created_by,omitempty"`
}

// Reasons of a 就业困难人员 certification (就业促进法 第五十二条; the
// local rules name the groups).
const (
	HardshipLandLost       = "被征地"   // land lost: on an accepted roster (flag 被征地)
	HardshipDisabled       = "残疾"    // flag 残疾
	HardshipOlder          = "大龄"    // at or above labor.hardship.older_age_male / _female (the "4050" persons)
	HardshipLongUnemployed = "长期失业"  // registered unemployed for labor.hardship.long_unemployed_months
	HardshipZeroHousehold  = "零就业家庭" // member of a zero-employment household listed and not cleared
)

// HardshipReasons are the reasons in display order.
var HardshipReasons = []string{HardshipLandLost, HardshipDisabled, HardshipOlder, HardshipLongUnemployed, HardshipZeroHousehold}

// HardshipCertification is a 就业困难人员 certification: its reason, what the
// reason was checked against (Basis, in Chinese), from a day until an end.
type HardshipCertification struct {
	ID          string `json:"id"`
	IDNo        string `json:"id_no"`
	Name        string `json:"name,omitempty"`
	Region      string `json:"region"`
	Reason      string `json:"reason"`
	Basis       string `json:"basis"`
	CertifiedOn string `json:"certified_on"`
	ValidUntil  string `json:"valid_until,omitempty"`
	EndedOn     string `json:"ended_on,omitempty"`
	EndReason   string `json:"end_reason,omitempty"`
	CreatedBy   string `json:"created_by,omitempty"`
}

// HardshipRequest asks for a certification.
type HardshipRequest struct {
	IDNo   string `json:"id_no"`
	Reason string `json:"reason"`
	Date   string `json:"date"`            // YYYY-MM-DD, "" today
	Until  string `json:"until,omitempty"` // the term's last day, "" none
}

// ZeroEmploymentHousehold is a 零就业家庭: a household with a member of
// working age unemployed and none working, listed from the scan that found
// it until one that finds it cleared.
type ZeroEmploymentHousehold struct {
	ID            string `json:"id"`
	Household     string `json:"household"`
	Region        string `json:"region"`
	Head          string `json:"head,omitempty"`
	HeadName      string `json:"head_name,omitempty"`
	FoundOn       string `json:"found_on"`
	Members       int    `json:"members"`
	Unemployed    int    `json:"unemployed"`
	ClearedOn     string `json:"cleared_on,omitempty"`
	ClearedReason string `json:"cleared_reason,omitempty"`
}

// ZeroEmploymentScan is the outcome of a scan for zero-employment
// households.
type ZeroEmploymentScan struct {
	Date    string `json:"date"`
	Found   int    `json:"found"`   // newly listed
	Cleared int    `json:"cleared"` // listed before, cleared now
	Open    int    `json:"open"`    // listed after the scan
}

// Priority groups of 公益性岗位 candidates (就业促进法 第五十二条).
const (
	PostPriorityHardship = "就业困难人员"
	PostPriorityLandLost = "被征地农民"
	PostPriorityZero     = "零就业家庭"
)

// PublicPost is a 公益性岗位: a post created with its funding, at a unit,
// with a number of places; the subsidies of its placements are paid to the
// unit's account (BankAccount) by the monthly payroll.
type PublicPost struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Region      string `json:"region"`
	Unit        string `json:"unit"`                // 用人单位名称
	UnitUSCC    string `json:"unit_uscc,omitempty"` // when a registered employer
	Funding     string `json:"funding"`             // 资金来源 (e.g. 就业补助资金)
	Places      int    `json:"places"`
	BankAccount string `json:"bank_account"`     // 用人单位收款账号
	Filled      int    `json:"filled,omitempty"` // placements in their term
	CreatedBy   string `json:"created_by,omitempty"`
}

// PostPlacement is a person placed on a post, with the subsidised term and
// the two determinations (经办 → 复核) that create its subsidies.
type PostPlacement struct {
	ID        string   `json:"id"`
	PostID    string   `json:"post_id"`
	IDNo      string   `json:"id_no"`
	Name      string   `json:"name,omitempty"`
	Region    string   `json:"region"`
	Priority  string   `json:"priority"` // the priority group the person is placed from
	Start     string   `json:"start"`    // YYYY-MM
	End       string   `json:"end"`      // YYYY-MM, the term's last month
	Months    int      `json:"months"`
	Explain   string   `json:"explain"`
	Approvals []string `json:"approvals,omitempty"`
	CreatedBy string   `json:"created_by,omitempty"`
}

// PlaceRequest asks to place a person on a post from a month.
type PlaceRequest struct {
	PostID string `json:"post_id"`
	IDNo   string `json:"id_no"`
	Start  string `json:"start"` // YYYY-MM
}

// PostCandidate is a person of a priority group, for the posts.
type PostCandidate struct {
	IDNo   string   `json:"id_no"`
	Name   string   `json:"name"`
	Region string   `json:"region"`
	Groups []string `json:"groups"`
}

// AddLaborCount adds the persons of one labour-register counter key
// (CounterLabor: l.status|ST|L) to the register's stocks: the working age,
// the employed (就业, 灵活就业 or 转移就业 in force), of whom 转移就业, the
// farming, and the same for the land-lost (L "1"). Other keys add nothing.
// AddWorkersCount adds a workers' counter (CounterWorkers: employees by
// the level L of the deepest region holding both their employer and their
// enrollment) to the 外来务工 of a region of the level: those with L below
// it work for the region's employers but are enrolled outside it.
func (f *EmploymentFigures) AddWorkersCount(key string, n int64, level int) {
	family, dims := CounterDims(key)
	if family != CounterWorkers || len(dims) != 1 {
		return
	}
	if l, err := strconv.Atoi(dims[0]); err == nil && l < level {
		f.TransferredIn += n
	}
}

// AddTrainedCount adds a training completions' counter (CounterTrained,
// by certificate level) to the completions and their certificates.
func (f *EmploymentFigures) AddTrainedCount(key string, n int64) {
	family, dims := CounterDims(key)
	if family != CounterTrained || len(dims) != 1 {
		return
	}
	f.TrainingCompleted += n
	switch dims[0] {
	case CertPrimary:
		f.CertPrimary += n
	case CertIntermediate:
		f.CertIntermediate += n
	case CertSenior:
		f.CertSenior += n
	}
}

func (f *EmploymentFigures) AddLaborCount(key string, n int64) {
	family, dims := CounterDims(key)
	if family != CounterLabor || len(dims) != 2 {
		return
	}
	status, landLost := dims[0], dims[1] == "1"
	employed := status == LaborEmployed || status == LaborFlexible || status == LaborTransferred
	f.WorkingAge += n
	if employed {
		f.Employed += n
	}
	switch status {
	case LaborTransferred:
		f.Transferred += n
	case LaborFarming:
		f.Farming += n
	}
	if landLost {
		f.LandLost += n
		if employed {
			f.LandLostEmployed += n
		}
	}
}

// EmploymentFigures are the employment indicators of one region (issue #19
// item 6): stocks on the span's last day (the register as of its last
// rebuild), flows over the span.
type EmploymentFigures struct {
	WorkingAge  int64 `json:"working_age"` // persons of working age (last rebuild)
	Employed    int64 `json:"employed"`    // status in force 就业, 灵活就业 or 转移就业
	Transferred int64 `json:"transferred"` // of which 转移就业
	Farming     int64 `json:"farming"`     // 务农
	// LandLost persons of working age flagged 被征地, of whom employed.
	LandLost         int64 `json:"land_lost"`
	LandLostEmployed int64 `json:"land_lost_employed"`
	// Registered unemployed on the day; registrations made and ended in
	// the span (an end is mostly re-employment).
	Unemployed        int64 `json:"unemployed"`
	UnemployedNew     int64 `json:"unemployed_new"`
	UnemployedEnded   int64 `json:"unemployed_ended"`
	Hardship          int64 `json:"hardship"`            // 就业困难人员 certified on the day
	HardshipPlaced    int64 `json:"hardship_placed"`     // placed on a 公益性岗位 in the span from that group
	ZeroHouseholds    int64 `json:"zero_households"`     // listed on the day
	ZeroCleared       int64 `json:"zero_cleared"`        // cleared in the span
	Placements        int64 `json:"placements"`          // 公益性岗位 placements begun in the span
	SubsidyPaid       Money `json:"subsidy_paid"`        // 公益性岗位 subsidies paid in the span (payroll)
	SubsidyPaidPeople int64 `json:"subsidy_paid_people"` // persons they were paid for
	// Training (issue #19 item 6): completions (结业) recorded in the
	// span, of which with a certificate by level, and the training
	// subsidies paid by the span's payrolls.
	TrainingCompleted    int64 `json:"training_completed"`
	CertPrimary          int64 `json:"cert_primary"`
	CertIntermediate     int64 `json:"cert_intermediate"`
	CertSenior           int64 `json:"cert_senior"`
	TrainingSubsidyPaid  Money `json:"training_subsidy_paid"`
	InsuranceSubsidyPaid Money `json:"insurance_subsidy_paid"` // 社会保险补贴 of employers and flexible workers paid in the span
	// InsuranceSubsidyPeople: persons the 社会保险补贴 was paid for.
	InsuranceSubsidyPeople int64 `json:"insurance_subsidy_people"`
	// TransferredIn is the labour transferred into the region (外来务工):
	// persons in an employee enrollment (110, 参保缴费) with an employer of
	// the region whose 户籍 region lies outside it, as enrolled on the day.
	// Transferred (转移就业 on the register) is the labour of the region
	// working elsewhere or off the farm.
	TransferredIn int64 `json:"transferred_in"`
	// Exported are the persons of the region away on a labour export
	// (劳务输出在外) on the span's last day: begun on or before it and not
	// returned by then (a return counts from its day, so the figure of a
	// past day stays what it was); Returned the returns (返乡) recorded
	// with a day in the span.
	Exported int64 `json:"exported"`
	Returned int64 `json:"returned"`
}
