package policy

import (
	"fmt"
	"strings"

	"github.com/shebao/shebao"
)

// 特困人员救助供养 (docs/DOMAIN.md §9; 社会救助暂行办法 第十四至十九条).

// CareAllowance is the care allowance (照料护理标准) of one self-care level
// (assist.tekun.care): a share of the 低保 standard (Rate) or a fixed amount
// per month; both zero is no allowance.
type CareAllowance struct {
	Level  string       `json:"level"`
	Rate   Pct          `json:"rate,omitempty"`
	Amount shebao.Money `json:"amount,omitempty"`
}

// CareAllowances is the value of assist.tekun.care.
type CareAllowances []CareAllowance

func (t *CareAllowances) validate() error {
	if len(*t) == 0 {
		return fmt.Errorf("至少应有一个自理能力等级")
	}
	seen := map[string]bool{}
	for _, c := range *t {
		if strings.TrimSpace(c.Level) == "" {
			return fmt.Errorf("自理能力等级名称不能为空")
		}
		if seen[c.Level] {
			return fmt.Errorf("自理能力等级%q重复", c.Level)
		}
		seen[c.Level] = true
		if c.Rate != 0 && c.Amount != 0 {
			return fmt.Errorf("%s:按低保标准的比例(rate)与固定金额(amount)只能给出一个", c.Level)
		}
		if c.Rate < 0 || c.Rate > 10*shebao.RatePPM || c.Amount < 0 {
			return fmt.Errorf("%s:比例或金额不能为负", c.Level)
		}
	}
	return nil
}

// QuoteTekun computes whether a person meets the conditions of 特困人员
// and the support they would get, writing nothing:
//
//   - a category: aged assist.tekun.elderly_age (60) or more, a certified
//     disability, or under assist.tekun.minor_age (16; 社会救助暂行办法
//     第十四条);
//   - no means of living: the person's counted monthly income (as for 低保,
//     assist.income.kinds) below the 低保 standard of the area;
//   - no one legally bound to support them who is able to;
//
// and then monthly = 基本生活标准 (the 低保 standard × assist.tekun.ratio,
// at least 130%, rounded half up to the fen) + 照料护理标准 of the self-care
// level (assist.tekun.care). Unlike 低保 the basic standard is paid in full,
// not as a difference: the income only decides the condition.
func QuoteTekun(set *Set, req shebao.TekunQuoteRequest) (*shebao.TekunQuote, error) {
	on, code, area, why, err := assistBasics(req.Date, req.Region, req.Area)
	if err != nil {
		return nil, err
	}
	pol, err := DibaoPolicyAt(set, code, area, on)
	if err != nil {
		return nil, err
	}
	ratio, rp, err := set.Rate("assist.tekun.ratio", code, on)
	if err != nil {
		return nil, err
	}
	var care CareAllowances
	cp, err := set.Table("assist.tekun.care", code, on, &care)
	if err != nil {
		return nil, err
	}
	elderly, ep, err := set.Int("assist.tekun.elderly_age", code, on)
	if err != nil {
		return nil, err
	}
	minor, _, err := set.Int("assist.tekun.minor_age", code, on)
	if err != nil {
		return nil, err
	}
	level := strings.TrimSpace(req.CareLevel)
	var lv *CareAllowance
	var levels []string
	for i := range care {
		levels = append(levels, care[i].Level)
		if care[i].Level == level {
			lv = &care[i]
		}
	}
	if lv == nil {
		return nil, shebao.FieldErrorf("care_level", "生活自理能力“%s”无效,应为%s之一", req.CareLevel, strings.Join(levels, "、"))
	}
	noExtras := *pol
	noExtras.Extras = nil
	line, err := quoteMember(&noExtras, on, 1, shebao.AssistMember{IDNo: req.IDNo, Income: req.Income, Incomes: req.Incomes, Registry: req.Registry}, map[string]int{})
	if err != nil {
		// quoteMember names "members[0]" and "第1位成员": one person here.
		if e, ok := err.(*shebao.Error); ok {
			e.Field = strings.Replace(strings.Replace(e.Field, "members[0].", "", 1), "members[0]", "", 1)
			e.Message = strings.Replace(e.Message, "第1位成员的", "", 1)
			e.Message = strings.Replace(e.Message, "第1位成员", "", 1)
			e.Message = strings.TrimPrefix(e.Message, ":")
		}
		return nil, err
	}
	q := &shebao.TekunQuote{Region: code, Date: on.Format(shebao.DateLayout), Area: area, Age: line.Age, Income: line.Income,
		DibaoStandard: pol.Standard, CareLevel: lv.Level,
		Sources: append(slicesClone(pol.Sources[:1]),
			fmt.Sprintf("基本生活标准为低保标准的%s:%s", ratio.Percent(), rp.Cite()),
			"照料护理标准:"+cp.Cite(), fmt.Sprintf("特困人员年龄条件(%d周岁以上、未满%d周岁):%s", elderly, minor, ep.Cite()))}
	var cats []string
	if line.Age >= elderly {
		cats = append(cats, fmt.Sprintf("老年人(%d周岁)", line.Age))
	}
	if req.Disabled {
		cats = append(cats, "残疾人")
	}
	if line.Age < minor {
		cats = append(cats, fmt.Sprintf("未成年人(%d周岁)", line.Age))
	}
	if len(cats) > 0 {
		q.Category, _, _ = strings.Cut(cats[0], "(")
	}
	var unmet []string
	if len(cats) == 0 {
		unmet = append(unmet, fmt.Sprintf("%d周岁,既非%d周岁以上老年人、未满%d周岁的未成年人,也未认定残疾", line.Age, elderly, minor))
	}
	if line.Income >= pol.Standard {
		unmet = append(unmet, fmt.Sprintf("月收入%s元不低于%s低保标准%s元,有生活来源", line.Income, area, pol.Standard))
	}
	if req.Obligor {
		unmet = append(unmet, "有履行义务能力的法定赡养、抚养、扶养义务人")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s低保标准%s元/人·月(%s)。本人%s。", area, pol.Standard, why, line.Explain)
	if len(unmet) > 0 {
		q.Reason = "不符合特困人员条件:" + strings.Join(unmet, ";")
		b.WriteString(q.Reason + "。")
		q.Explain = b.String()
		return q, nil
	}
	q.Eligible = true
	q.Reason = fmt.Sprintf("符合特困人员条件:%s,月收入%s元低于低保标准%s元,无有能力履行义务的法定义务人", strings.Join(cats, "、"), line.Income, pol.Standard)
	q.Basic = ratio.Apply(pol.Standard)
	fmt.Fprintf(&b, "\n基本生活标准 = 低保标准 × %s = %s × %s = %s元。", ratio.Percent(), pol.Standard, ratio.Percent(), q.Basic)
	switch {
	case lv.Amount != 0:
		q.Care = lv.Amount
		fmt.Fprintf(&b, "\n照料护理标准(%s)= %s元。", lv.Level, q.Care)
	case lv.Rate != 0:
		q.Care = lv.Rate.Rate().Apply(pol.Standard)
		fmt.Fprintf(&b, "\n照料护理标准(%s)= 低保标准 × %s = %s元。", lv.Level, lv.Rate.Rate().Percent(), q.Care)
	default:
		fmt.Fprintf(&b, "\n照料护理标准(%s)= 0.00元。", lv.Level)
	}
	q.Monthly = q.Basic + q.Care
	fmt.Fprintf(&b, "\n月供养金 = %s + %s = %s元。", q.Basic, q.Care, q.Monthly)
	q.Explain = b.String()
	return q, nil
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
