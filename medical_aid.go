package shebao

import (
	"fmt"
	"slices"
	"time"
)

// 医疗救助 in the medical settlement (一站式, issue #18 item 4;
// docs/DOMAIN.md §9; 国办发〔2021〕42号): a stay of a 特困人员, a 低保 member
// or a member of a 低保边缘 household is first reimbursed by 310/390, and in
// the same settlement the assistance pays its ratio of what is left of the
// in-policy cost (政策范围内个人自付), up to the category's annual cap
// (policy.ComputeMedicalAid). The hospital advances it at discharge and is
// paid it by the monthly settlement, on a line of its own.

// The categories of medical assistance, in order of precedence: a person
// in several is assisted in the first.
const (
	AidTekun = "特困人员"
	AidDibao = "低保对象"
	AidEdge  = "低保边缘家庭成员"
)

// MedicalAidCategories are the categories, in order of precedence.
var MedicalAidCategories = []string{AidTekun, AidDibao, AidEdge}

// BenefitMedicalAid is the benefit-kind-like code of medical assistance:
// its row in BenefitKinds says which fund and expense account it is posted
// to, and the hospital settlements of the assistance carry it as their
// scheme.
const BenefitMedicalAid = "medical_aid"

// MedicalAidKind returns the kind of medical assistance (its fund and
// expense account).
func MedicalAidKind() BenefitKind {
	k, _ := FindBenefitKind(BenefitMedicalAid)
	return k
}

// MedicalAid is the assistance line of one claim.
type MedicalAid struct {
	ClaimID      string `json:"claim_id"`
	SettlementNo string `json:"settlement_no"`
	IDNo         string `json:"id_no"`
	Region       string `json:"region_code"`
	Hospital     string `json:"hospital"`
	Discharged   string `json:"discharged"`
	Year         int    `json:"year"`
	Category     string `json:"category"`
	Ratio        Rate   `json:"-"`
	// Base is the in-policy self-paid cost (政策范围内个人自付); Deductible
	// the part of it borne as the yearly 起付线; CapUsedBefore what the
	// assistance paid the person earlier in the year; Paid the assistance.
	Base          Money  `json:"base"`
	Deductible    Money  `json:"deductible"`
	CapUsedBefore Money  `json:"cap_used_before"`
	Paid          Money  `json:"paid"`
	Explanation   string `json:"explanation"`
}

// MedicalAidUse is what the assistance paid a person in a year and the
// yearly deductible borne.
type MedicalAidUse struct{ Paid, Deductible Money }

// FlagVersion is one superseded state of a person's flags: the flags held
// until ChangedAt.
type FlagVersion struct {
	ChangedAt time.Time
	Before    []string
}

// MonthSpan is a span of months (YYYY-MM, inclusive; To "" = open).
type MonthSpan struct{ From, To string }

// DateSpan is a span of days (YYYY-MM-DD, inclusive; To "" = open) with
// the record that gives it.
type DateSpan struct{ From, To, Ref string }

// MedicalAidData is what deciding the persons' assistance needs, read at
// once: the flags they hold now and their history (五保/特困), the months
// of their approved 低保 cases, their 低保边缘 records, and the
// assistance already paid them, by MedicalAidUseKey.
type MedicalAidData struct {
	Flags    map[string][]string
	Versions map[string][]FlagVersion // oldest first
	Dibao    map[string][]MonthSpan
	Edge     map[string][]DateSpan
	Use      map[string]MedicalAidUse
}

// MedicalAidUseKey is the key of MedicalAidData.Use.
func MedicalAidUseKey(idNo string, year int) string { return fmt.Sprintf("%s/%d", idNo, year) }

// FlagsOn returns the flags the person held at the end of the day (China
// time): those before the first change after it, else the flags now.
func (d *MedicalAidData) FlagsOn(idNo, date string) []string {
	day, err := time.ParseInLocation(DateLayout, date, ChinaTime)
	if err != nil {
		return d.Flags[idNo]
	}
	end := day.AddDate(0, 0, 1)
	for _, v := range d.Versions[idNo] {
		if !v.ChangedAt.Before(end) {
			return v.Before
		}
	}
	return d.Flags[idNo]
}

// HeldDuring reports whether the person held the flag at any moment of
// the days from … to (China time, inclusive), by the flag's history: the
// states before each change and the flags now, each over the time it was
// in force.
func (d *MedicalAidData) HeldDuring(idNo, flag, from, to string) bool {
	start, err1 := time.ParseInLocation(DateLayout, from, ChinaTime)
	last, err2 := time.ParseInLocation(DateLayout, to, ChinaTime)
	if err1 != nil || err2 != nil {
		return slices.Contains(d.Flags[idNo], flag)
	}
	end := last.AddDate(0, 0, 1)
	var since time.Time // the start of the state; zero: since ever
	for _, v := range d.Versions[idNo] {
		// The state Before was in force from since until v.ChangedAt.
		if slices.Contains(v.Before, flag) && v.ChangedAt.After(start) && since.Before(end) {
			return true
		}
		since = v.ChangedAt
	}
	return slices.Contains(d.Flags[idNo], flag) && since.Before(end)
}

// CategoryOn returns the person's category of medical assistance on the
// day and why, or "" when none: 特困人员 by the 五保 (特困) flag held that
// day (the flag's history), 低保对象 by an approved 低保 case whose months
// cover the day's month (a case in its 渐退期 counts until its last month
// paid: the household still receives 低保金 and, by our choice, keeps the
// special assistance, as 民发〔2021〕57号 lets 渐退期 households do), and
// 低保边缘家庭成员 by a record in force that day.
func (d *MedicalAidData) CategoryOn(idNo, date string) (string, string) {
	if slices.Contains(d.FlagsOn(idNo, date), FlagWubao) {
		return AidTekun, fmt.Sprintf("%s登记为特困人员(五保)", date)
	}
	m := date[:7]
	for _, s := range d.Dibao[idNo] {
		if s.From <= m && (s.To == "" || m <= s.To) {
			return AidDibao, fmt.Sprintf("低保家庭成员(%s起享受低保)", s.From)
		}
	}
	for _, s := range d.Edge[idNo] {
		if s.From <= date && (s.To == "" || date <= s.To) {
			to := s.To
			if to == "" {
				to = "长期"
			}
			return AidEdge, fmt.Sprintf("低保边缘家庭成员(认定%s,%s至%s)", s.Ref, s.From, to)
		}
	}
	return "", ""
}

// EdgeRequest records a 低保边缘家庭 found by the district (issue #18 item
// 4): the decision number, the household's region (and area when the code
// does not say), the members, the per-capita monthly income found and the
// dates the finding is in force.
type EdgeRequest struct {
	No        string   `json:"no"`
	Region    string   `json:"region"`
	Area      string   `json:"area,omitempty"`
	Members   []string `json:"members"`
	PerCapita Money    `json:"per_capita_income"`
	From      string   `json:"from"`
	To        string   `json:"to,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// EdgeMember is one member of a 低保边缘 household.
type EdgeMember struct {
	IDNo string `json:"id_no"`
	Name string `json:"name"`
}

// EdgeHousehold is a recorded 低保边缘家庭.
type EdgeHousehold struct {
	No          string       `json:"no"`
	Region      string       `json:"region"`
	Area        string       `json:"area"`
	Members     []EdgeMember `json:"members"`
	PerCapita   Money        `json:"per_capita_income"`
	Standard    Money        `json:"standard"`
	Limit       Money        `json:"income_limit"`
	From        string       `json:"from"`
	To          string       `json:"to,omitempty"`
	Note        string       `json:"note,omitempty"`
	Explanation string       `json:"explanation"`
	CreatedAt   time.Time    `json:"created_at"`
	CreatedBy   string       `json:"created_by"`
}

// EdgeFilter selects 低保边缘 records: of a region, or in force on a day.
type EdgeFilter struct {
	Region string
	On     string
	IDNo   string
}

// MedicalAidFigures are a region's medical assistance in a span (by the
// discharge date of the claims): persons, claims, amount paid.
type MedicalAidFigures struct {
	Persons int64 `json:"medical_aid_persons"`
	Claims  int64 `json:"medical_aid_claims"`
	Paid    Money `json:"medical_aid_paid"`
}

// MedicalAidRegion is one region's MedicalAidFigures in the medical report.
type MedicalAidRegion struct {
	Region     string `json:"region_code"`
	RegionName string `json:"region_name,omitempty"`
	MedicalAidFigures
}
