package shebao

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// 职业介绍 (employ, issue #19 item 4, docs/DOMAIN.md §10): vacancies
// (岗位空缺) of registered employers, the matching of job seekers of the
// labour register to them, referrals (推荐) with their outcome, and
// labour export (劳务输出) through a 劳务公司.

// Vacancy statuses.
const (
	VacancyOpen   = "招聘中"
	VacancyClosed = "已关闭"
)

// Referral outcomes (推荐 → 录用 / 未录用 / 未报到).
const (
	ReferralPending  = "推荐"  // referred, no outcome yet
	ReferralHired    = "录用"  // hired: the employer's 增员, the 失业登记 ended
	ReferralRejected = "未录用" // the employer did not hire
	ReferralNoShow   = "未报到" // the person did not present themself
)

// ReferralOutcomes are the outcomes a referral may be given.
var ReferralOutcomes = []string{ReferralHired, ReferralRejected, ReferralNoShow}

// Vacancy is a job vacancy (岗位空缺) of a registered employer: an
// occupation with a number of places, the skills wanted, the place of work
// (a region), the monthly wage range and the days it is open.
type Vacancy struct {
	ID           string `json:"id"`
	Employer     string `json:"employer"` // USCC of a registered employer
	EmployerName string `json:"employer_name,omitempty"`
	// Code is the employer's own number of the vacancy (岗位编号), unique
	// per employer, "" when none was given: posting again with the same
	// number answers the vacancy already posted (a retried request
	// changes nothing).
	Code       string `json:"code,omitempty"`
	Occupation string `json:"occupation"`       // 职业(工种)
	Places     int    `json:"places"`           // 招聘人数
	Skills     string `json:"skills,omitempty"` // 技能要求, words separated by 、,;or spaces
	Region     string `json:"region"`           // 工作地点: a region code
	RegionName string `json:"region_name,omitempty"`
	WageMin    Money  `json:"wage_min"` // 月工资下限
	WageMax    Money  `json:"wage_max"` // 月工资上限
	OpenFrom   string `json:"open_from"`
	OpenUntil  string `json:"open_until"`
	Note       string `json:"note,omitempty"`
	Status     string `json:"status"`
	ClosedOn   string `json:"closed_on,omitempty"`
	// Referred and Hired count the referrals and those hired.
	Referred  int    `json:"referred"`
	Hired     int    `json:"hired"`
	Version   int    `json:"version,omitempty"`
	CreatedBy string `json:"created_by,omitempty"`
	// Repeat is set when a post answered a vacancy already registered
	// (the same 岗位编号 with the same content, or without a number the
	// same content while it is open): nothing was written.
	Repeat bool `json:"-"`
}

// maxVacancySkills bounds the skill words of a vacancy: each is one
// condition of the matching query.
const maxVacancySkills = 8

// SkillWords splits a list of skills into its words (、,,;; and
// spaces), without duplicates, in order.
func SkillWords(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、,,;; \t\n/", r)
	})
	var out []string
	for _, w := range f {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// Check validates a vacancy (fields named in Chinese) and normalises it:
// the occupation named, 1 to 999 places, at most 8 skill words without
// the characters % and _ (they are matched as text), a wage range with
// the minimum not above the maximum, and the dates in order.
func (v *Vacancy) Check() error {
	v.Occupation, v.Note = strings.TrimSpace(v.Occupation), strings.TrimSpace(v.Note)
	v.Code = strings.TrimSpace(v.Code)
	if utf8.RuneCountInString(v.Code) > 30 || strings.ContainsAny(v.Code, " \t\r\n") {
		return FieldErrorf("岗位编号", "岗位编号最多30个字符,不能含空白")
	}
	if v.Occupation == "" {
		return FieldErrorf("职业", "岗位须填写职业(工种)")
	}
	if utf8.RuneCountInString(v.Occupation) > 40 {
		return FieldErrorf("职业", "职业(工种)不能超过40个字")
	}
	if v.Places < 1 || v.Places > 999 {
		return FieldErrorf("招聘人数", "招聘人数应为1至999人")
	}
	words := SkillWords(v.Skills)
	if len(words) > maxVacancySkills {
		return FieldErrorf("技能要求", "技能要求最多%d项(本岗位%d项)", maxVacancySkills, len(words))
	}
	for _, w := range words {
		if strings.ContainsAny(w, "%_\\") {
			return FieldErrorf("技能要求", "技能“%s”不能含有 %% _ \\ 字符", w)
		}
	}
	v.Skills = strings.Join(words, "、")
	if v.WageMin < 0 || v.WageMax < 0 {
		return FieldErrorf("工资", "工资不能为负数")
	}
	if v.WageMax == 0 {
		return FieldErrorf("工资上限", "须填写月工资上限")
	}
	if v.WageMin > v.WageMax {
		return FieldErrorf("工资下限", "月工资下限%s元高于上限%s元", v.WageMin, v.WageMax)
	}
	from, err := ParseDate("开始日期", v.OpenFrom)
	if err != nil {
		return err
	}
	until, err := ParseDate("截止日期", v.OpenUntil)
	if err != nil {
		return err
	}
	if until.Before(from) {
		return FieldErrorf("截止日期", "截止日期%s早于开始日期%s", v.OpenUntil, v.OpenFrom)
	}
	return nil
}

// IsOpen reports whether the vacancy takes referrals on the day: not
// closed, within its dates, with a place not yet filled.
func (v *Vacancy) IsOpen(day string) error {
	switch {
	case v.Status == VacancyClosed:
		return FieldErrorf("岗位", "岗位已于%s关闭", v.ClosedOn)
	case day < v.OpenFrom:
		return FieldErrorf("岗位", "岗位%s起才开始招聘", v.OpenFrom)
	case day > v.OpenUntil:
		return FieldErrorf("岗位", "岗位招聘已于%s截止", v.OpenUntil)
	case v.Hired >= v.Places:
		return FieldErrorf("岗位", "岗位%d个名额已招满", v.Places)
	}
	return nil
}

// VacancyChanges lists the fields that differ between two vacancies.
func VacancyChanges(old, v *Vacancy) []Change {
	var out []Change
	add := func(field, a, b string) {
		if a != b {
			out = append(out, Change{Field: field, Before: a, After: b})
		}
	}
	add("occupation", old.Occupation, v.Occupation)
	add("places", fmt.Sprint(old.Places), fmt.Sprint(v.Places))
	add("skills", old.Skills, v.Skills)
	add("region", old.Region, v.Region)
	add("wage_min", old.WageMin.String(), v.WageMin.String())
	add("wage_max", old.WageMax.String(), v.WageMax.String())
	add("open_from", old.OpenFrom, v.OpenFrom)
	add("open_until", old.OpenUntil, v.OpenUntil)
	add("note", old.Note, v.Note)
	return out
}

// SameVacancy reports whether a vacancy posted again is the one already
// registered: the same employer and 岗位编号 and every field of the post
// the same (VacancyChanges finds none).
func SameVacancy(old, v *Vacancy) bool {
	return old.Employer == v.Employer && old.Code == v.Code && len(VacancyChanges(old, v)) == 0
}

// VacancyFilter selects vacancies.
type VacancyFilter struct {
	Employer string // USCC
	Code     string // 岗位编号 (with Employer)
	Open     bool   // only those taking referrals on Date
	Date     string // YYYY-MM-DD, for Open
}

// Referral is a person referred (推荐) to a vacancy, with the outcome.
type Referral struct {
	ID         string `json:"id"`
	VacancyID  string `json:"vacancy_id"`
	Employer   string `json:"employer"`
	Occupation string `json:"occupation,omitempty"`
	IDNo       string `json:"id_no"`
	Name       string `json:"name,omitempty"`
	Region     string `json:"region"`
	ReferredOn string `json:"referred_on"`
	Outcome    string `json:"outcome"`
	OutcomeOn  string `json:"outcome_on,omitempty"`
	Note       string `json:"note,omitempty"`
	// Enrollments is how many enrollments the 增员 of a 录用 made or
	// continued; Unemployment the registration it ended ("" none).
	Enrollments  int    `json:"enrollments,omitempty"`
	Unemployment string `json:"unemployment,omitempty"`
	CreatedBy    string `json:"created_by,omitempty"`
}

// ReferralRequest refers a person to a vacancy.
type ReferralRequest struct {
	VacancyID string `json:"vacancy_id"`
	IDNo      string `json:"id_no"`
	Date      string `json:"date,omitempty"` // YYYY-MM-DD, "" today
	Note      string `json:"note,omitempty"`
}

// ReferralOutcomeRequest records a referral's outcome.
type ReferralOutcomeRequest struct {
	Outcome string `json:"outcome"`
	Date    string `json:"date,omitempty"` // YYYY-MM-DD, "" today; for 录用 the first day of work (增员日期)
	Note    string `json:"note,omitempty"`
}

// Place closeness of a job seeker to a place of work, best first.
const (
	PlaceVillage  = 3 // same village (社区)
	PlaceTown     = 2 // same town (乡镇、街道)
	PlaceDistrict = 1 // same district (县区)
)

// PlaceCloseness returns how close two region codes are: PlaceVillage when
// equal, PlaceTown when of one town (first 9 digits), PlaceDistrict when
// of one district (first 6), else 0.
func PlaceCloseness(a, b string) int {
	switch {
	case len(a) != 12 || len(b) != 12:
		return 0
	case a == b:
		return PlaceVillage
	case a[:9] == b[:9]:
		return PlaceTown
	case a[:6] == b[:6]:
		return PlaceDistrict
	}
	return 0
}

// JobMatch is a job seeker found for a vacancy, or a vacancy found for a
// person, with the reasons of the match in Chinese.
type JobMatch struct {
	// The person (for a vacancy's seekers) …
	IDNo   string `json:"id_no,omitempty"`
	Name   string `json:"name,omitempty"`
	Region string `json:"region,omitempty"`
	// Seeker says why the person is a job seeker: 失业登记, or the
	// register's 失业 status, or a work wish.
	Seeker string `json:"seeker,omitempty"`
	// … or the vacancy (for a person's vacancies).
	Vacancy *Vacancy `json:"vacancy,omitempty"`
	// Skills are the vacancy's skill words the person has (in 技能 or
	// 证书); Place is PlaceVillage … 0; Wish whether the person's work wish
	// names the occupation.
	Skills  []string `json:"skills"`
	Place   int      `json:"place"`
	Wish    bool     `json:"wish"`
	Reasons string   `json:"reasons"`
	// Rank is the position in the ranking, from 1.
	Rank int `json:"rank"`
}

// Explain writes the reasons of a match in Chinese from its parts.
func (m *JobMatch) Explain(occupation string, skills []string) {
	var parts []string
	if len(skills) > 0 {
		if len(m.Skills) > 0 {
			parts = append(parts, fmt.Sprintf("技能符合%d/%d项(%s)", len(m.Skills), len(skills), strings.Join(m.Skills, "、")))
		} else {
			parts = append(parts, fmt.Sprintf("技能要求%d项均未登记", len(skills)))
		}
	}
	switch m.Place {
	case PlaceVillage:
		parts = append(parts, "同村(社区)")
	case PlaceTown:
		parts = append(parts, "同乡镇(街道)")
	case PlaceDistrict:
		parts = append(parts, "同县区")
	default:
		parts = append(parts, "不在同一县区")
	}
	if m.Wish {
		parts = append(parts, "就业意愿含“"+occupation+"”")
	}
	if m.Seeker != "" {
		parts = append(parts, m.Seeker)
	}
	m.Reasons = strings.Join(parts, ";")
}

// Seeker reasons.
const (
	SeekerRegistered = "已办理失业登记"
	SeekerUnemployed = "台账状态为失业"
	SeekerWish       = "有就业意愿"
)

// LaborExport is a person sent to work away (劳务输出) through a 劳务公司
// (a registered employer), with the destination and the employer there.
type LaborExport struct {
	ID           string `json:"id"`
	IDNo         string `json:"id_no"`
	Name         string `json:"name,omitempty"`
	Region       string `json:"region"`
	Company      string `json:"company"` // USCC of the 劳务公司
	CompanyName  string `json:"company_name,omitempty"`
	Destination  string `json:"destination"`   // 输出地(转移地点)
	DestEmployer string `json:"dest_employer"` // 输入地用工单位
	Occupation   string `json:"occupation,omitempty"`
	Start        string `json:"start"` // YYYY-MM-DD
	CreatedBy    string `json:"created_by,omitempty"`
	// ReturnedOn is the day the person came back (返乡), which ends the
	// export ("" while away), with the reason; ReturnStatus the status
	// the register was given then ("" when the register was left as it
	// was: its line no longer read this export).
	ReturnedOn   string `json:"returned_on,omitempty"`
	ReturnReason string `json:"return_reason,omitempty"`
	ReturnStatus string `json:"return_status,omitempty"`
}

// Away reports whether the person is away on the export on the day
// (YYYY-MM-DD): from the start until the day before the return.
func (x *LaborExport) Away(day string) bool {
	return x.Start <= day && (x.ReturnedOn == "" || day < x.ReturnedOn)
}

// LaborReturnRequest records the return (返乡) of an exported person: the
// day ("" today), the reason, and the status the person takes on the
// register ("" 务农).
type LaborReturnRequest struct {
	Date   string `json:"date,omitempty"`
	Reason string `json:"reason"`
	Status string `json:"status,omitempty"`
}

// ReturnStatuses are the statuses a returned person may take: back on
// the farm (the default), working or self-employed locally, looking for
// work, unable to work.
var ReturnStatuses = []string{LaborFarming, LaborEmployed, LaborFlexible, LaborUnemployed, LaborUnable}

// Check validates a return against its export (fields named in Chinese),
// normalising it: a reason, a known status, the day not before the
// export's start nor after today (today: YYYY-MM-DD).
func (r *LaborReturnRequest) Check(x *LaborExport, today string) error {
	r.Reason, r.Status = strings.TrimSpace(r.Reason), strings.TrimSpace(r.Status)
	if x.ReturnedOn != "" {
		return Errorf(ECONFLICT, "%s已于%s返乡,该劳务输出已结束", x.Name, x.ReturnedOn)
	}
	if r.Reason == "" {
		return FieldErrorf("返乡原因", "须填写返乡原因")
	}
	if utf8.RuneCountInString(r.Reason) > 100 {
		return FieldErrorf("返乡原因", "返乡原因不能超过100个字")
	}
	if r.Status == "" {
		r.Status = LaborFarming
	}
	st, ok := LaborStatusOf(r.Status)
	if !ok || !slices.Contains(ReturnStatuses, st) {
		return FieldErrorf("返乡后状态", "返乡后的就业状态应为%s之一", strings.Join(ReturnStatuses, "、"))
	}
	r.Status = st
	if r.Date == "" {
		r.Date = today
	}
	if _, err := ParseDate("返乡日期", r.Date); err != nil {
		return err
	}
	if r.Date < x.Start {
		return FieldErrorf("返乡日期", "返乡日期%s早于输出开始日期%s", r.Date, x.Start)
	}
	if r.Date > today {
		return FieldErrorf("返乡日期", "返乡日期%s晚于今天", r.Date)
	}
	return nil
}

// Check validates an export (fields named in Chinese).
func (x *LaborExport) Check() error {
	x.Destination, x.DestEmployer = strings.TrimSpace(x.Destination), strings.TrimSpace(x.DestEmployer)
	x.Occupation = strings.TrimSpace(x.Occupation)
	if x.Destination == "" {
		return FieldErrorf("输出地", "劳务输出须填写输出地(转移地点)")
	}
	if x.DestEmployer == "" {
		return FieldErrorf("用工单位", "劳务输出须填写输入地用工单位")
	}
	if _, err := ParseDate("开始日期", x.Start); err != nil {
		return err
	}
	return nil
}
