package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// 医疗救助 (issue #18 item 4; docs/DOMAIN.md §9; 国务院办公厅关于健全重特大疾病
// 医疗保险和救助制度的意见, 国办发〔2021〕42号): after the 310/390 fund has
// reimbursed a stay, medical assistance pays a share of what is left of the
// cost within the policy (政策范围内个人自付), by the person's category —
// 特困人员, 低保对象, 低保边缘家庭成员 — up to the category's annual cap, after
// an optional yearly 起付线. The rules are policy data
// (assist.medical_aid.rules); the category and what the person has already
// used in the year are the caller's.

// MedicalAidRule is the medical assistance of one category: the ratio of
// the in-policy self-paid cost it pays, its annual cap (年度救助限额) and its
// yearly deductible (起付线, 0 = none).
type MedicalAidRule struct {
	Category   string       `json:"category"`
	Ratio      Pct          `json:"ratio"`
	Cap        shebao.Money `json:"cap"`
	Deductible shebao.Money `json:"deductible,omitempty"`
}

// MedicalAidRules is the value of assist.medical_aid.rules: one rule per
// category of shebao.MedicalAidCategories.
type MedicalAidRules []MedicalAidRule

func (t *MedicalAidRules) validate() error {
	seen := map[string]bool{}
	for _, r := range *t {
		known := false
		for _, c := range shebao.MedicalAidCategories {
			known = known || c == r.Category
		}
		if !known {
			return fmt.Errorf("医疗救助对象类别%q无效,应为%s", r.Category, strings.Join(shebao.MedicalAidCategories, "、"))
		}
		if seen[r.Category] {
			return fmt.Errorf("医疗救助对象类别%q重复", r.Category)
		}
		seen[r.Category] = true
		if r.Ratio < 0 || r.Ratio > Pct(shebao.RatePPM) {
			return fmt.Errorf("%s:救助比例应在0%%至100%%之间", r.Category)
		}
		if r.Cap < 0 || r.Deductible < 0 {
			return fmt.Errorf("%s:年度救助限额和起付线不能为负", r.Category)
		}
	}
	return nil
}

// MedicalAidRuleAt returns the rule of the category in force for the
// region on the date, with the parameter (its source is cited in the
// explanation). A category without a rule is ENOTFOUND.
func MedicalAidRuleAt(set *Set, region, category string, on time.Time) (MedicalAidRule, Param, error) {
	var rules MedicalAidRules
	p, err := set.Table("assist.medical_aid.rules", region, on, &rules)
	if err != nil {
		return MedicalAidRule{}, p, err
	}
	for _, r := range rules {
		if r.Category == category {
			return r, p, nil
		}
	}
	return MedicalAidRule{}, p, shebao.Errorf(shebao.ENOTFOUND, "%s起施行的医疗救助政策没有%s的救助比例", p.From, category)
}

// MedicalAidInput is one claim's assistance to compute: the in-policy
// cost and what the fund paid of it, and what the person has used of the
// category's cap and deductible earlier in the year.
type MedicalAidInput struct {
	Category       string
	Rule           MedicalAidRule
	Eligible       shebao.Money // 政策范围内费用
	FundPaid       shebao.Money // 统筹基金支付 (and any account payment)
	CapUsed        shebao.Money // assistance paid the person earlier in the year
	DeductibleUsed shebao.Money // the yearly 起付线 already borne by earlier claims
	Source         string       // the policy's source, cited
}

// MedicalAidResult is the assistance of one claim.
type MedicalAidResult struct {
	Base        shebao.Money // 政策范围内个人自付 = Eligible − FundPaid
	Deductible  shebao.Money // the part of the base borne as the 起付线 now
	CapLeft     shebao.Money // the cap left before this claim
	Computed    shebao.Money // (Base − Deductible) × Ratio, before the cap
	Paid        shebao.Money // what the assistance pays
	Explanation string
}

// ComputeMedicalAid computes a claim's assistance: base = the in-policy
// cost the fund did not pay; the yearly deductible still to bear is taken
// from it; the rest × the ratio, rounded half up to the fen once, limited
// to the cap left in the year. Worked (docs/DOMAIN.md §9): in-policy
// 10000.00, the fund paid 6500.00 → base 3500.00; 低保 70% → 2450.00; cap
// 20000.00 with 19000.00 used → 1000.00 paid.
func ComputeMedicalAid(in MedicalAidInput) MedicalAidResult {
	var r MedicalAidResult
	var b strings.Builder
	r.Base = max(0, in.Eligible-in.FundPaid)
	r.CapLeft = max(0, in.Rule.Cap-in.CapUsed)
	fmt.Fprintf(&b, "医疗救助(%s):政策范围内个人自付 = 政策范围内费用%s − 医保基金支付%s = %s元", in.Category, in.Eligible, in.FundPaid, r.Base)
	covered := r.Base
	if in.Rule.Deductible > 0 {
		left := max(0, in.Rule.Deductible-in.DeductibleUsed)
		r.Deductible = min(left, r.Base)
		covered = r.Base - r.Deductible
		fmt.Fprintf(&b, ";年度起付线%s元(本年已承担%s元,本次承担%s元)", in.Rule.Deductible, in.DeductibleUsed, r.Deductible)
	}
	r.Computed = in.Rule.Ratio.Rate().Apply(covered)
	fmt.Fprintf(&b, ";%s × 救助比例%s = %s元", covered, in.Rule.Ratio.Rate().Percent(), r.Computed)
	r.Paid = min(r.Computed, r.CapLeft)
	if r.Paid < r.Computed {
		fmt.Fprintf(&b, ";年度救助限额%s元,本年已救助%s元,剩余%s元,按%s元救助", in.Rule.Cap, in.CapUsed, r.CapLeft, r.Paid)
	} else {
		fmt.Fprintf(&b, ";未超过年度救助限额%s元(本年已救助%s元,剩余%s元)", in.Rule.Cap, in.CapUsed, r.CapLeft)
	}
	fmt.Fprintf(&b, ";医疗救助支付%s元", r.Paid)
	if in.Source != "" {
		fmt.Fprintf(&b, "(%s)", in.Source)
	}
	r.Explanation = b.String()
	return r
}

// EdgeLimit returns the upper income limit of a 低保边缘家庭 in the region's
// area on the date: the 低保 standard × assist.edge.ratio (民发〔2021〕57号
// 附: 低保边缘家庭 — 不符合低保条件,家庭人均收入低于当地低保标准1.5倍), rounded
// half up to the fen, with the standard, the area and the explanation.
func EdgeLimit(set *Set, date, region, area string) (standard, limit shebao.Money, ar, why string, err error) {
	on, code, ar, _, err := assistBasics(date, region, area)
	if err != nil {
		return 0, 0, "", "", err
	}
	pol, err := DibaoPolicyAt(set, code, ar, on)
	if err != nil {
		return 0, 0, "", "", err
	}
	ratio, rp, err := set.Rate("assist.edge.ratio", code, on)
	if err != nil {
		return 0, 0, "", "", err
	}
	limit = ratio.Apply(pol.Standard)
	why = fmt.Sprintf("%s低保标准%s元 × %s = %s元;%s", ar, pol.Standard, ratio.Percent(), limit, rp.Source)
	return pol.Standard, limit, ar, why, nil
}

// InsureAidRule is the government's payment of a 390 contribution for
// the holders of one registry flag (资助参保): a share of the individual
// contribution (Rate) or a fixed amount (Amount), never more than it.
type InsureAidRule struct {
	Flag   string       `json:"flag"`
	Rate   Pct          `json:"rate,omitempty"`
	Amount shebao.Money `json:"amount,omitempty"`
}

// InsureAidRules is the value of medical.390.assisted, in order of
// precedence (a person with two flags gets the first rule's).
type InsureAidRules []InsureAidRule

func (t *InsureAidRules) validate() error {
	seen := map[string]bool{}
	for _, r := range *t {
		if r.Flag != shebao.FlagDibao && r.Flag != shebao.FlagWubao {
			return fmt.Errorf("资助参保的人员标识%q无效,应为%s或%s", r.Flag, shebao.FlagDibao, shebao.FlagWubao)
		}
		if seen[r.Flag] {
			return fmt.Errorf("人员标识%q重复", r.Flag)
		}
		seen[r.Flag] = true
		if (r.Rate != 0) == (r.Amount != 0) {
			return fmt.Errorf("%s:比例(rate)与定额(amount)须且只须给出一个", r.Flag)
		}
		if r.Rate < 0 || r.Rate > Pct(shebao.RatePPM) || r.Amount < 0 {
			return fmt.Errorf("%s:比例应在0%%至100%%之间,定额不能为负", r.Flag)
		}
	}
	return nil
}

// insureAid fills the government's part of a 390 contribution for a
// person holding one of the rules' flags (资助参保, 国办发〔2021〕42号: 对特困人员
// 给予全额资助,对低保对象给予定额资助): FinancePaid and Special, and the
// sentence of the explanation.
func insureAid(set *Set, c *shebao.ResidentContribution, region string, flags []string) (string, error) {
	var rules InsureAidRules
	p, err := set.Table("medical.390.assisted", region, c.PolicyDate(), &rules)
	if shebao.ErrorCode(err) == shebao.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, r := range rules {
		held := false
		for _, f := range flags {
			held = held || f == r.Flag
		}
		if !held {
			continue
		}
		pay, how := r.Amount, fmt.Sprintf("定额%s元", r.Amount)
		if r.Rate != 0 {
			pay, how = r.Rate.Rate().Apply(c.Individual), fmt.Sprintf("个人缴费%s元 × %s", c.Individual, r.Rate.Rate().Percent())
		}
		c.FinancePaid, c.Special = min(pay, c.Individual), r.Flag
		return fmt.Sprintf("该人员为%s人员,政府资助参保代缴%s = %s元(%s),本人缴纳%s元。", r.Flag, how, c.FinancePaid, p.Source, c.PersonPaid()), nil
	}
	return "", nil
}
