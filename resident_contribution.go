package shebao

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ResidentContribution is one resident's annual contribution to the
// residents' pension (170, 城乡居民基本养老保险) or the residents' medical
// insurance (390, 城乡居民基本医疗保险), as the village collects it against a
// receipt (票据号). The receipt number identifies it: recording the same
// receipt again changes nothing. A person pays each scheme at most once a
// year.
//
// The caller gives the receipt, person, scheme, year, date and, for 170,
// the tier (缴费档次, 元/年; 0 for a person of a special group means the
// lowest tier). Collection fills in the rest from the policy in force
// (policy.ResidentAmounts):
// Individual (the contribution at the tier, or the 390 standard), Subsidy
// (政府缴费补贴 by tier, or the 390 财政补助), Collective (集体补助, 170),
// FinancePaid (the part of Individual the government paid for a person of a
// special group, 代缴) and the Explanation in Chinese.
type ResidentContribution struct {
	ReceiptNo string `json:"receipt_no"`
	IDNo      string `json:"id_no"`
	Name      string `json:"name,omitempty"`
	Scheme    string `json:"scheme"`
	Year      int    `json:"year"`
	// Tier is the chosen tier (170) or the amount stated on the receipt
	// (390, checked against the standard; 0: the standard).
	Tier   Money  `json:"tier"`
	PaidOn string `json:"paid_on"`

	Region      string `json:"region,omitempty"`
	Individual  Money  `json:"individual"`
	FinancePaid Money  `json:"finance_paid"`
	Subsidy     Money  `json:"subsidy"`
	Collective  Money  `json:"collective"`
	// Special is the person flag that made the government pay (代缴).
	Special     string    `json:"special,omitempty"`
	Explanation string    `json:"explanation"`
	Source      string    `json:"source,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	CreatedBy   string    `json:"created_by,omitempty"`
	// Reversed is the voucher of the refund or correction that reversed
	// the receipt ("" while it stands).
	Reversed string `json:"reversed,omitempty"`
}

// ResidentPeriod is the period of a resident's bill of a scheme and year:
// "YYYY:SSS" (a year and a scheme, never a month).
func ResidentPeriod(scheme string, year int) Period {
	return Period(fmt.Sprintf("%04d:%s", year, scheme))
}

// PersonPaid is what the person paid out of pocket.
func (c *ResidentContribution) PersonPaid() Money { return c.Individual - c.FinancePaid }

// Credited is what goes into the individual account (170 only): the
// contribution, the subsidy and the collective subsidy in full (国发〔2014〕8号:
// 个人缴费、地方人民政府对参保人的缴费补贴、集体补助……全部记入个人账户).
func (c *ResidentContribution) Credited() Money {
	if c.Scheme != SchemeResidentPension {
		return 0
	}
	return c.Individual + c.Subsidy + c.Collective
}

// SpecialFlags are the person flags whose holders are a 缴费困难群体 for
// whom the government pays (part of) the lowest tier of the residents'
// pension (国发〔2014〕8号: 对重度残疾人等缴费困难群体,地方人民政府为其代缴部分或
// 全部最低标准的养老保险费). shebao takes 低保, 五保 (now 特困人员), 困难人员
// (社会保险费财政补助) and 残疾: the registry keeps no disability grade, so
// the flag 残疾 must be set only for the severely disabled (重度残疾,
// 一、二级) for whom the rule is meant. The share is policy data
// (resident_pension.special_share).
var SpecialFlags = []string{FlagDibao, FlagWubao, FlagHardship, FlagDisabled}

// SpecialFlag returns the first of the flags that makes its holder a
// special-group payer, or "".
func SpecialFlag(flags []string) string {
	for _, f := range SpecialFlags {
		if slices.Contains(flags, f) {
			return f
		}
	}
	return ""
}

// Validate checks what needs no database: receipt, scheme, year, date and
// a non-negative tier.
func (c *ResidentContribution) Validate() error {
	c.ReceiptNo = strings.TrimSpace(c.ReceiptNo)
	if c.ReceiptNo == "" || len(c.ReceiptNo) > 100 {
		return FieldErrorf("票据号", "票据号不能为空,且不超过100字节")
	}
	if s, ok := FindScheme(strings.TrimSpace(c.Scheme)); ok && (s.Code == SchemeResidentPension || s.Code == SchemeResidentMedical) {
		c.Scheme = s.Code
	} else {
		return FieldErrorf("险种", "险种“%s”不是城乡居民养老保险(170)或城乡居民医疗保险(390)", c.Scheme)
	}
	if c.Year < 2000 || c.Year > 2100 {
		return FieldErrorf("年度", "缴费年度%d无效", c.Year)
	}
	if c.Tier < 0 || c.Tier > maxLineAmount {
		return FieldErrorf("缴费档次", "缴费档次(金额)%s元无效", c.Tier)
	}
	d, err := time.Parse(DateLayout, c.PaidOn)
	if err != nil || d.Year() < 1990 || d.Year() > 2100 {
		return FieldErrorf("缴费日期", "缴费日期“%s”无效,应为YYYY-MM-DD", c.PaidOn)
	}
	return nil
}

// PolicyDate is the date whose policy applies: the payment date, kept
// within the contribution year (a payment made in December for next year
// takes next year's tiers).
func (c *ResidentContribution) PolicyDate() time.Time {
	d, _ := time.Parse(DateLayout, c.PaidOn)
	first := time.Date(c.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(c.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	switch {
	case d.Before(first):
		return first
	case d.After(last):
		return last
	}
	return d
}

// Explain writes the explanation of the amounts in Chinese.
func (c *ResidentContribution) Explain(lowest Money, share Rate) string {
	var b strings.Builder
	if c.Scheme == SchemeResidentMedical {
		fmt.Fprintf(&b, "城乡居民基本医疗保险%d年度:个人缴费%s元(当年个人缴费标准),财政补助%s元(人均财政补助标准),人均筹资%s元。",
			c.Year, c.Individual, c.Subsidy, c.Individual+c.Subsidy)
		return b.String()
	}
	fmt.Fprintf(&b, "城乡居民基本养老保险%d年度:缴费档次%s元/年;", c.Year, c.Individual)
	if c.FinancePaid > 0 {
		fmt.Fprintf(&b, "该人员为%s人员(缴费困难群体),政府代缴最低档次%s元的%s即%s元(国发〔2014〕8号),本人缴纳%s元;",
			c.Special, lowest, share.Percent(), c.FinancePaid, c.PersonPaid())
	}
	fmt.Fprintf(&b, "政府缴费补贴%s元(按档次);", c.Subsidy)
	if c.Collective > 0 {
		fmt.Fprintf(&b, "集体补助%s元;", c.Collective)
	}
	fmt.Fprintf(&b, "合计记入个人账户 %s + %s + %s = %s元;计缴费年限1年(12个月)。", c.Individual, c.Subsidy, c.Collective, c.Credited())
	return b.String()
}

// ResidentFacts is what recording a chunk of residents' contributions needs
// to know, read at once: the persons, the contributions recorded before
// under the receipts, the receipt of each (person, scheme, year) already
// paid (keyed "<身份证号>|<scheme>|<year>"), and the persons' enrollments in
// 170 and 390.
type ResidentFacts struct {
	Persons     map[string]*Person
	Prior       map[string]*ResidentContribution
	PaidYears   map[string]string
	Enrollments map[string][]Enrollment
}
