package shebao

import "sort"

// Scheme codes (险种代码, AAE140 in the 金保 data dictionary of the human
// resources and social security ministry). The medical-security
// administration's own table differs (there 410 is long-term care and 380
// 新农合); these are the HRSS codes and only they are used in shebao.
const (
	SchemeEmployeePension  = "110" // 企业职工基本养老保险
	SchemePublicPension    = "120" // 机关事业单位养老保险
	SchemeResidentPension  = "170" // 城乡居民基本养老保险 (原新农保/城居保)
	SchemeUnemployment     = "210" // 失业保险
	SchemeEmployeeMedical  = "310" // 职工基本医疗保险
	SchemeResidentMedical  = "390" // 城乡居民基本医疗保险 (原新农合/城居医)
	SchemeWorkInjury       = "410" // 工伤保险
	SchemeMaternity        = "510" // 生育保险
	SchemeLandExpropriated = "910" // 被征地农民基本生活保障 — local code, see Scheme.Local
)

// Scheme kinds: who joins and how.
const (
	KindEmployee = "employee" // through an employer (单位参保), monthly
	KindResident = "resident" // individuals and households, annual
	KindSpecial  = "special"  // by an administrative act (land expropriation)
)

// Scheme describes one insurance scheme of the catalogue.
type Scheme struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Slot groups schemes of which a person may be in at most one at a time:
	// 110/120/170 share "pension", 310/390 share "medical". Other schemes
	// have a slot of their own.
	Slot string `json:"slot"`
	// Contributors says who pays: 单位, 个人, 政府补贴, 集体补助.
	Contributors []string `json:"contributors"`
	// Benefits lists the scheme's main benefit kinds.
	Benefits []string `json:"benefits"`
	// Annual schemes are enrolled per calendar year (390).
	Annual bool `json:"annual"`
	// Household schemes enroll residents by household (户).
	Household bool `json:"household"`
	// Local is true for a code that has no national counterpart.
	Local bool `json:"local"`
}

// Schemes is the scheme catalogue.
var Schemes = []Scheme{
	{Code: "110", Name: "企业职工基本养老保险", Kind: KindEmployee, Slot: "pension",
		Contributors: []string{"单位", "个人"}, Benefits: []string{"基本养老金", "丧葬补助金", "抚恤金", "个人账户一次性支付"}},
	{Code: "120", Name: "机关事业单位养老保险", Kind: KindEmployee, Slot: "pension",
		Contributors: []string{"单位", "个人"}, Benefits: []string{"基本养老金"}},
	{Code: "170", Name: "城乡居民基本养老保险", Kind: KindResident, Slot: "pension", Household: true,
		Contributors: []string{"个人", "政府补贴", "集体补助"}, Benefits: []string{"基础养老金", "个人账户养老金"}},
	{Code: "210", Name: "失业保险", Kind: KindEmployee, Slot: "210",
		Contributors: []string{"单位", "个人"}, Benefits: []string{"失业保险金", "医疗补助金", "职业培训补贴"}},
	{Code: "310", Name: "职工基本医疗保险", Kind: KindEmployee, Slot: "medical",
		Contributors: []string{"单位", "个人"}, Benefits: []string{"住院报销", "门诊统筹", "个人账户"}},
	{Code: "390", Name: "城乡居民基本医疗保险", Kind: KindResident, Slot: "medical", Household: true, Annual: true,
		Contributors: []string{"个人", "政府补贴"}, Benefits: []string{"住院报销", "门诊统筹"}},
	{Code: "410", Name: "工伤保险", Kind: KindEmployee, Slot: "410",
		Contributors: []string{"单位"}, Benefits: []string{"工伤医疗", "一次性伤残补助金", "伤残津贴"}},
	{Code: "510", Name: "生育保险", Kind: KindEmployee, Slot: "510",
		Contributors: []string{"单位"}, Benefits: []string{"生育医疗费用", "生育津贴"}},
	{Code: "910", Name: "被征地农民基本生活保障", Kind: KindSpecial, Slot: "910", Local: true,
		Contributors: []string{"政府", "村集体", "个人"}, Benefits: []string{"基本生活保障金", "一次性补助", "养老保险缴费补助"}},
}

// EmployeeBundle lists the schemes an employee joins together through the
// employer (五险): pension, unemployment, medical, work injury, maternity.
var EmployeeBundle = []string{"110", "210", "310", "410", "510"}

var schemeByCode = func() map[string]*Scheme {
	m := map[string]*Scheme{}
	for i := range Schemes {
		m[Schemes[i].Code] = &Schemes[i]
	}
	return m
}()

var schemeByName = func() map[string]*Scheme {
	m := map[string]*Scheme{}
	for i := range Schemes {
		m[Schemes[i].Name] = &Schemes[i]
	}
	// Names used in the seed reports and by clerks.
	alias := map[string]string{
		"养老保险": "110", "职工养老": "110", "企业养老": "110", "城镇职工基本养老保险": "110", "基本养老保险": "110",
		"机关养老": "120", "机关事业养老": "120",
		"农村社会养老保险": "170", "新农保": "170", "城居保": "170", "居民养老": "170", "城乡居民养老保险": "170",
		"失业":   "210",
		"医疗保险": "310", "职工医保": "310", "城镇职工基本医疗保险": "310", "基本医疗保险": "310",
		"新农合": "390", "新型农村合作医疗": "390", "居民医保": "390", "城乡居民医疗保险": "390", "城镇居民基本医疗保险": "390",
		"工伤": "410", "生育": "510", "女工生育保险": "510",
		"被征地农民": "910", "失地农民基本生活保障": "910", "被征地农民社会保障": "910", "征地保障": "910",
	}
	for a, c := range alias {
		m[a] = schemeByCode[c]
	}
	return m
}()

// FindScheme returns the scheme with the code, or with a name clerks use
// ("新农合" → 390).
func FindScheme(codeOrName string) (*Scheme, bool) {
	if s, ok := schemeByCode[codeOrName]; ok {
		return s, true
	}
	s, ok := schemeByName[codeOrName]
	return s, ok
}

// SchemeCodes returns the catalogue's codes in order.
func SchemeCodes() []string {
	out := make([]string, 0, len(Schemes))
	for _, s := range Schemes {
		out = append(out, s.Code)
	}
	sort.Strings(out)
	return out
}
