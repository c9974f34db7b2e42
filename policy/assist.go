package policy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 社会救助 (social assistance): the 低保 formula, docs/DOMAIN.md §9.

// Income classes of 最低生活保障审核确认办法 (民发〔2021〕57号) 第十一条:
// every income kind of assist.income.kinds belongs to one of them.
var IncomeClasses = []string{"工资性收入", "经营净收入", "财产净收入", "转移净收入"}

// IncomeKind is one kind of income of the policy's table
// (assist.income.kinds): its class and the share of it that counts as
// household income. A share below 100% is an exclusion (不计入家庭收入的
// 部分): 优抚对象的抚恤金, 奖励性补助, part of a wage as 就业成本 ….
type IncomeKind struct {
	Name    string `json:"name"`
	Class   string `json:"class"`
	Counted Pct    `json:"counted"`
}

// IncomeKinds is the value of assist.income.kinds.
type IncomeKinds []IncomeKind

func (t *IncomeKinds) validate() error {
	if len(*t) == 0 {
		return fmt.Errorf("至少应有一种收入")
	}
	seen := map[string]bool{}
	for _, k := range *t {
		if strings.TrimSpace(k.Name) == "" {
			return fmt.Errorf("收入种类名称不能为空")
		}
		if seen[k.Name] {
			return fmt.Errorf("收入种类%q重复", k.Name)
		}
		seen[k.Name] = true
		if !slices.Contains(IncomeClasses, k.Class) {
			return fmt.Errorf("%s:收入类别应为%s之一,实为%q", k.Name, strings.Join(IncomeClasses, "、"), k.Class)
		}
		if k.Counted < 0 || k.Counted > shebao.RatePPM {
			return fmt.Errorf("%s:计入比例应在0%%–100%%之间", k.Name)
		}
	}
	return nil
}

// Find returns the kind of the name.
func (t IncomeKinds) Find(name string) (IncomeKind, bool) {
	for _, k := range t {
		if k.Name == name {
			return k, true
		}
	}
	return IncomeKind{}, false
}

// names lists the kinds for messages.
func (t IncomeKinds) names() string {
	var n []string
	for _, k := range t {
		n = append(n, k.Name)
	}
	return strings.Join(n, "、")
}

// DibaoExtra is one category of 分类施保 (assist.dibao.extras): an extra
// per month for a member of a 低保 household, a share of the standard
// (Rate) or a fixed amount (Amount). A category with an age range (MinAge ≤
// age < MaxAge, MaxAge 0 meaning no upper bound) applies by the member's
// age on the date; one without is certified (重度残疾人, 重病患者) and given
// with the member.
type DibaoExtra struct {
	Category string       `json:"category"`
	MinAge   int          `json:"min_age,omitempty"`
	MaxAge   int          `json:"max_age,omitempty"`
	Rate     Pct          `json:"rate,omitempty"`
	Amount   shebao.Money `json:"amount,omitempty"`
}

// ByAge reports whether the category follows from the age.
func (e DibaoExtra) ByAge() bool { return e.MinAge > 0 || e.MaxAge > 0 }

// DibaoExtras is the value of assist.dibao.extras.
type DibaoExtras []DibaoExtra

func (t *DibaoExtras) validate() error {
	seen := map[string]bool{}
	for _, e := range *t {
		if strings.TrimSpace(e.Category) == "" {
			return fmt.Errorf("分类施保类别名称不能为空")
		}
		if seen[e.Category] {
			return fmt.Errorf("分类施保类别%q重复", e.Category)
		}
		seen[e.Category] = true
		if (e.Rate != 0) == (e.Amount != 0) {
			return fmt.Errorf("%s:应给出按标准的比例(rate)或固定金额(amount)之一", e.Category)
		}
		if e.Rate < 0 || e.Rate > shebao.RatePPM || e.Amount < 0 {
			return fmt.Errorf("%s:比例应在0%%–100%%之间,金额不能为负", e.Category)
		}
		if e.MinAge < 0 || e.MaxAge < 0 || e.MinAge > 150 || e.MaxAge > 150 || (e.MaxAge != 0 && e.MaxAge <= e.MinAge) {
			return fmt.Errorf("%s:年龄范围%d–%d不合理", e.Category, e.MinAge, e.MaxAge)
		}
	}
	return nil
}

// extra returns the category's amount per month at the standard.
func (e DibaoExtra) extra(standard shebao.Money) (shebao.Money, string) {
	if e.Amount != 0 {
		return e.Amount, fmt.Sprintf("%s %s元", e.Category, e.Amount)
	}
	m := e.Rate.Rate().Apply(standard)
	return m, fmt.Sprintf("%s %s × %s = %s元", e.Category, e.Rate.Rate().Percent(), standard, m)
}

// AreaOfRegion tells the 低保 area of a region from its 统计用区划代码
// (国家统计局《统计用区划代码和城乡划分代码编制规则》): at the village level the
// last three digits 001–199 are a 居民委员会 (urban) and 200–599 a 村民委员会
// (rural); at the town level 001–099 are a 街道 (urban). A 镇, 乡 or a higher
// region holds both: ok is false and the area must be given.
func AreaOfRegion(code string) (area, why string, ok bool) {
	r, err := idno.ParseRegion(code)
	if err != nil {
		return "", "", false
	}
	switch r.Level {
	case shebao.LevelVillage:
		if v := r.Code[9:]; v >= "001" && v <= "199" {
			return shebao.AreaUrban, "区划代码末三位" + v + "为居民委员会", true
		} else if v >= "200" && v <= "599" {
			return shebao.AreaRural, "区划代码末三位" + v + "为村民委员会", true
		}
	case shebao.LevelTown:
		if t := r.Code[6:9]; t >= "001" && t <= "099" {
			return shebao.AreaUrban, "区划代码第7–9位" + t + "为街道", true
		}
	}
	return "", "", false
}

// normalizeArea accepts 城市/农村 and urban/rural.
func normalizeArea(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case shebao.AreaUrban, "城镇", "urban":
		return shebao.AreaUrban, true
	case shebao.AreaRural, "rural":
		return shebao.AreaRural, true
	}
	return "", false
}

// DibaoStandardKey is the policy key of the 低保 standard of an area.
func DibaoStandardKey(area string) string {
	if area == shebao.AreaUrban {
		return "assist.dibao.urban"
	}
	return "assist.dibao.rural"
}

// DibaoPolicy is the 低保 policy of one region, area and date.
type DibaoPolicy struct {
	Area     string
	Standard shebao.Money
	Extras   DibaoExtras
	Kinds    IncomeKinds
	Sources  []string
}

// DibaoPolicyAt reads the 低保 policy in force for the region on the date.
func DibaoPolicyAt(set *Set, region, area string, on time.Time) (*DibaoPolicy, error) {
	p := &DibaoPolicy{Area: area}
	key := DibaoStandardKey(area)
	var (
		sp  Param
		err error
	)
	if area == shebao.AreaUrban {
		p.Standard, sp, err = set.Money("assist.dibao.urban", region, on)
	} else {
		p.Standard, sp, err = set.Money("assist.dibao.rural", region, on)
	}
	if err != nil {
		return nil, err
	}
	if p.Standard <= 0 {
		return nil, shebao.Errorf(shebao.EINVALID, "政策参数%s(%s)应大于0", key, sp.RegionText())
	}
	ep, err := set.Table("assist.dibao.extras", region, on, &p.Extras)
	if err != nil {
		return nil, err
	}
	kp, err := set.Table("assist.income.kinds", region, on, &p.Kinds)
	if err != nil {
		return nil, err
	}
	p.Sources = []string{
		fmt.Sprintf("%s低保标准%s元/人·月:%s", area, p.Standard, sp.Cite()),
		"分类施保:" + ep.Cite(),
		"家庭收入计算及不计入的收入:" + kp.Cite(),
	}
	return p, nil
}

// QuoteDibao computes the 低保 of a household from the request alone
// (docs/DOMAIN.md §9), writing nothing:
//
//   - each member's counted income is Σ amount × the kind's counted share
//     (each item rounded half up to the fen); a figure typed without a
//     kind is counted as it is;
//   - the household is eligible by income when the per-capita counted
//     income is below the standard, i.e. total < standard × members;
//   - base = (standard − per-capita income) × members, computed exactly as
//     standard × members − total: the per-capita income is shown rounded
//     half up to the fen, but not rounded before it is multiplied, so no
//     fen is lost or gained by the order of the operations;
//   - each member gets the highest 分类施保 extra of the categories that
//     apply (by age on the date, or certified), not their sum.
//
// The household's assets are not part of a quote: the investigation
// checks them.
func QuoteDibao(set *Set, req shebao.AssistQuoteRequest) (*shebao.AssistQuote, error) {
	on, code, area, why, err := assistBasics(req.Date, req.Region, req.Area)
	if err != nil {
		return nil, err
	}
	if len(req.Members) == 0 {
		return nil, shebao.FieldErrorf("members", "至少应有一名家庭成员")
	}
	if len(req.Members) > maxAssistMembers {
		return nil, shebao.FieldErrorf("members", "家庭成员不能超过%d人", maxAssistMembers)
	}
	pol, err := DibaoPolicyAt(set, code, area, on)
	if err != nil {
		return nil, err
	}
	q := &shebao.AssistQuote{Region: code, Date: on.Format(shebao.DateLayout), Area: area,
		Members: len(req.Members), Standard: pol.Standard, Sources: pol.Sources}
	seen := map[string]int{}
	for i, m := range req.Members {
		line, err := quoteMember(pol, on, i+1, m, seen)
		if err != nil {
			return nil, err
		}
		q.TotalIncome += line.Income
		q.Lines = append(q.Lines, line)
	}
	n := int64(len(req.Members))
	need := shebao.Money(int64(pol.Standard) * n) // standard × members
	q.PerCapitaIncome = shebao.Money(shebao.DivRound(int64(q.TotalIncome), n))
	var b strings.Builder
	fmt.Fprintf(&b, "%s低保标准%s元/人·月(%s)。家庭%d人,月收入合计%s元,人均 %s ÷ %d = %s元。",
		area, pol.Standard, why, n, q.TotalIncome, q.TotalIncome, n, q.PerCapitaIncome)
	if q.TotalIncome >= need {
		q.Reason = fmt.Sprintf("家庭月人均收入%s元,不低于%s低保标准%s元", q.PerCapitaIncome, area, pol.Standard)
		fmt.Fprintf(&b, "收入合计%s元 ≥ 标准 × 人数 = %s元,不符合低保收入条件。", q.TotalIncome, need)
		for i := range q.Lines {
			q.Lines[i].Category, q.Lines[i].Extra, q.Lines[i].ExtraExplain = "", 0, ""
		}
		q.Explain = b.String()
		return q, nil
	}
	q.Eligible = true
	q.Reason = fmt.Sprintf("家庭月人均收入%s元,低于%s低保标准%s元(家庭财产状况须入户调查核实)", q.PerCapitaIncome, area, pol.Standard)
	q.Base = need - q.TotalIncome
	fmt.Fprintf(&b, "\n差额保障金 = (标准 − 人均收入) × 人数 = %s × %d − %s = %s元(按收入合计计算,人均收入不先舍入)。",
		pol.Standard, n, q.TotalIncome, q.Base)
	var extras []string
	for _, l := range q.Lines {
		if l.Extra > 0 {
			q.Extras += l.Extra
			extras = append(extras, fmt.Sprintf("成员%d %s", l.Member, l.ExtraExplain))
		}
	}
	if len(extras) > 0 {
		fmt.Fprintf(&b, "\n分类施保(每人取最高一项):%s。", strings.Join(extras, ";"))
	}
	q.Monthly = q.Base + q.Extras
	fmt.Fprintf(&b, "\n月保障金 = %s + %s = %s元。", q.Base, q.Extras, q.Monthly)
	q.Explain = b.String()
	return q, nil
}

// assistBasics reads the date (required: the services default it to
// today), the region and the area of a request; the area, when not given,
// follows from the region's code.
func assistBasics(date, region, givenArea string) (on time.Time, code, area, why string, err error) {
	if on, err = ruleDate(date); err != nil {
		return on, "", "", "", err
	}
	if strings.TrimSpace(region) == "" {
		return on, "", "", "", shebao.FieldErrorf("region", "缺少区划代码")
	}
	reg, perr := idno.ParseRegion(region)
	if perr != nil {
		return on, "", "", "", shebao.FieldErrorf("region", "区划代码:%s", perr.Error())
	}
	if strings.TrimSpace(givenArea) != "" {
		var ok bool
		if area, ok = normalizeArea(givenArea); !ok {
			return on, "", "", "", shebao.FieldErrorf("area", "低保类别“%s”无效,应为城市或农村", givenArea)
		}
		return on, reg.Code, area, "按申请指定", nil
	}
	var ok bool
	if area, why, ok = AreaOfRegion(reg.Code); !ok {
		return on, "", "", "", shebao.FieldErrorf("area", "区划%s同时有城市和农村居民,请指定低保类别(城市或农村)", reg.Code)
	}
	return on, reg.Code, area, why, nil
}

// maxAssistMembers bounds a household of a quote.
const maxAssistMembers = 50

// quoteMember computes one member's line: counted and excluded income,
// age and 分类施保.
func quoteMember(pol *DibaoPolicy, on time.Time, no int, m shebao.AssistMember, seen map[string]int) (shebao.AssistQuoteLine, error) {
	field := fmt.Sprintf("members[%d]", no-1)
	line := shebao.AssistQuoteLine{Member: no}
	id, err := idno.ParseID(m.IDNo, on)
	if err != nil {
		return line, shebao.FieldErrorf(field+".id_no", "第%d位成员的身份证号:%s", no, err.Error())
	}
	if prev, dup := seen[id.Number]; dup {
		return line, shebao.FieldErrorf(field+".id_no", "第%d位成员与第%d位成员的身份证号相同", no, prev)
	}
	seen[id.Number] = no
	line.Sex = id.SexName()
	line.Age, _ = id.AgeOn(on)
	var parts []string
	switch {
	case m.Income != nil && len(m.Incomes) > 0:
		return line, shebao.FieldErrorf(field+".income", "第%d位成员:月收入(income)与分项收入(incomes)只能填一种", no)
	case m.Income == nil && len(m.Incomes) == 0 && len(m.Registry) == 0:
		return line, shebao.FieldErrorf(field+".income", "第%d位成员缺少月收入(无收入填0)", no)
	case m.Income != nil:
		if *m.Income < 0 {
			return line, shebao.FieldErrorf(field+".income", "第%d位成员:月收入不能为负", no)
		}
		line.Income = *m.Income
		parts = append(parts, "月收入"+m.Income.String()+"元")
	}
	items := func(list []shebao.AssistIncome, f, from string) error {
		for j, in := range list {
			f := fmt.Sprintf("%s[%d]", f, j)
			k, ok := pol.Kinds.Find(strings.TrimSpace(in.Kind))
			if !ok {
				return shebao.FieldErrorf(f+".kind", "第%d位成员:收入种类“%s”不在政策参数中(可填:%s)", no, in.Kind, pol.Kinds.names())
			}
			if in.Amount < 0 {
				return shebao.FieldErrorf(f+".amount", "第%d位成员:%s不能为负", no, k.Name)
			}
			counted := k.Counted.Rate().Apply(in.Amount)
			line.Income += counted
			line.Excluded += in.Amount - counted
			switch {
			case k.Counted == shebao.RatePPM:
				parts = append(parts, fmt.Sprintf("%s%s元%s", k.Name, in.Amount, from))
			case k.Counted == 0:
				parts = append(parts, fmt.Sprintf("%s%s元%s(不计入)", k.Name, in.Amount, from))
			default:
				parts = append(parts, fmt.Sprintf("%s%s元%s × 计入%s = %s元", k.Name, in.Amount, from, k.Counted.Rate().Percent(), counted))
			}
		}
		return nil
	}
	if err := items(m.Incomes, field+".incomes", ""); err != nil {
		return line, err
	}
	if err := items(m.Registry, field+".registry", "(社保发放)"); err != nil {
		return line, err
	}
	// 分类施保: the highest of the categories that apply.
	var best shebao.Money
	bestText := ""
	consider := func(e DibaoExtra) {
		if amt, text := e.extra(pol.Standard); amt > best {
			best, bestText, line.Category = amt, text, e.Category
		}
	}
	for _, c := range m.Categories {
		c = strings.TrimSpace(c)
		i := slices.IndexFunc(pol.Extras, func(e DibaoExtra) bool { return e.Category == c })
		switch {
		case i < 0:
			var names []string
			for _, e := range pol.Extras {
				if !e.ByAge() {
					names = append(names, e.Category)
				}
			}
			return line, shebao.FieldErrorf(field+".categories", "第%d位成员:分类施保类别“%s”不在政策参数中(可填:%s)", no, c, strings.Join(names, "、"))
		case pol.Extras[i].ByAge():
			return line, shebao.FieldErrorf(field+".categories", "第%d位成员:“%s”按年龄认定,不必填写", no, c)
		}
		consider(pol.Extras[i])
	}
	for _, e := range pol.Extras {
		if e.ByAge() && line.Age >= e.MinAge && (e.MaxAge == 0 || line.Age < e.MaxAge) {
			consider(e)
		}
	}
	line.Extra = best
	line.Explain = fmt.Sprintf("%s,%d周岁,%s,计入%s元", line.Sex, line.Age, strings.Join(parts, " + "), line.Income)
	if line.Excluded > 0 {
		line.Explain += fmt.Sprintf("(不计入%s元)", line.Excluded)
	}
	line.ExtraExplain = bestText
	return line, nil
}

// ReliefCap is the most one 临时救助 decision may give in the region on the
// date: assist.temporary.max_months × the 低保 standard of the area (the
// area from the region's code, or as given for a region that holds both),
// with its explanation. The multiple is policy data: local rules fix it
// (commonly 6 months of the standard for one decision; larger amounts go to
// 一事一议, outside this cap).
func ReliefCap(set *Set, date, region, givenArea string) (cap shebao.Money, area, explain string, err error) {
	on, code, area, _, err := assistBasics(date, region, givenArea)
	if err != nil {
		return 0, "", "", err
	}
	months, mp, err := set.Int("assist.temporary.max_months", code, on)
	if err != nil {
		return 0, "", "", err
	}
	if months < 1 {
		return 0, "", "", shebao.Errorf(shebao.EINVALID, "政策参数assist.temporary.max_months(%s)应至少为1", mp.RegionText())
	}
	var standard shebao.Money
	var sp Param
	if standard, sp, err = set.Money(DibaoStandardKey(area), code, on); err != nil {
		return 0, "", "", err
	}
	cap = standard * shebao.Money(months)
	explain = fmt.Sprintf("单次临时救助上限 = %s低保标准%s元/月 × %d = %s元(%s;%s)", area, standard, months, cap, sp.Cite(), mp.Cite())
	return cap, area, explain, nil
}
