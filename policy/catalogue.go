package policy

// Kinds of parameter values.
const (
	KindMoney   = "money"   // 元 with at most two decimals → shebao.Money
	KindRate    = "rate"    // percent text "16%" → shebao.Rate
	KindInt     = "int"     // a whole number (years, months, ages)
	KindDecimal = "decimal" // a decimal kept as text, "1.2" (coefficients)
	KindTable   = "table"   // a structure with its own Go type, stored as JSON
)

// Def describes one parameter of the catalogue.
type Def struct {
	Key  string // English, dotted: "rate.110.employer"
	Name string // Chinese name, as shown to clerks
	Kind string // KindMoney, KindRate, KindInt, KindDecimal or KindTable
	Unit string // 元/月, %, 年, 个月 … or, for a table, its Go type
	Desc string // what it is and how it is used
}

// Catalogue lists every policy parameter the code may read. A policy file
// may set only these keys.
var Catalogue = []Def{
	// 工资
	{"wage.avg_monthly", "上年度社会平均工资(月)", KindMoney, "元/月",
		"上年度全口径城镇单位就业人员月平均工资(社平工资):缴费基数上下限和基本养老金计发基数的依据。按生效年度取值。"},
	{"wage.min_monthly", "最低工资标准(月)", KindMoney, "元/月",
		"当地月最低工资标准,失业保险金按其一定比例确定。"},

	// 缴费基数
	{"base.floor", "缴费基数下限比例", KindRate, "%",
		"个人缴费基数下限占社平工资的比例,一般为60%。"},
	{"base.ceiling", "缴费基数上限比例", KindRate, "%",
		"个人缴费基数上限占社平工资的比例,一般为300%。"},

	// 费率
	{"rate.110.employer", "企业职工基本养老保险单位费率", KindRate, "%", "单位缴费 = 缴费基数 × 费率。"},
	{"rate.110.individual", "企业职工基本养老保险个人费率", KindRate, "%", "个人缴费 = 缴费基数 × 费率。"},
	{"rate.310.employer", "职工基本医疗保险单位费率", KindRate, "%", "2019年生育保险并入后含生育保险费率。"},
	{"rate.310.individual", "职工基本医疗保险个人费率", KindRate, "%", ""},
	{"rate.210.employer", "失业保险单位费率", KindRate, "%", ""},
	{"rate.210.individual", "失业保险个人费率", KindRate, "%", ""},
	{"rate.410.class", "工伤保险行业基准费率", KindTable, "RiskClassRates",
		"按行业风险类别一至八类的基准费率,仅单位缴费:[{class=1, rate=\"0.2%\"}, …]。"},
	{"rate.510.employer", "生育保险单位费率", KindRate, "%", "生育保险与职工医保合并实施后为0,费用并入职工医保单位费率。"},

	// 个人账户
	{"account.110.rate", "养老保险个人账户记账比例", KindRate, "%", "按本人缴费基数的比例记入个人账户。"},
	{"account.310.individual_share", "职工医保个人缴费计入个人账户比例", KindRate, "%", "个人缴纳的医疗保险费计入个人账户的比例。"},
	{"account.310.employer_share", "职工医保单位缴费划入个人账户比例", KindRate, "%", "单位缴纳的医疗保险费划入在职职工个人账户的比例。"},
	{"account.310.retiree", "退休人员医保个人账户月划入额", KindMoney, "元/月", "由统筹基金按定额划入退休人员个人账户。"},

	// 灵活就业
	{"flex.110.rate", "灵活就业人员养老保险费率", KindRate, "%", "缴费基数在社平工资60%–300%之间自选。"},
	{"flex.110.account_rate", "灵活就业人员养老个人账户记账比例", KindRate, "%", ""},

	// 利率、滞纳金、核定
	{"interest.110", "养老保险个人账户记账利率", KindRate, "%/年",
		"每年公布一次;每年一条,期间为该年1月1日至次年1月1日。"},
	{"interest.170", "城乡居民养老保险个人账户记账利率", KindRate, "%/年",
		"国发〔2014〕8号:个人账户储存额按国家规定计息,利率由省级规定;每年一条,期间为该年1月1日至次年1月1日。"},
	{"interest.partial_year_fallback", "年中核定养老金时当年记账利率未公布的处理", KindInt, "0/1",
		"年度中间核定养老金时,先计入当年1月至退休当月的个人账户利息再除以计发月数。1:当年记账利率尚未公布时按最近公布的记账利率(上年的,年初上年的也未公布时再往前一年)计算;0:不计算,须待当年利率公布后核定。"},
	{"late_fee.daily", "滞纳金日比例", KindRate, "%/日", "自欠缴之日起按日加收的比例。"},
	{"assess.undeclared_factor", "未申报单位核定比例", KindRate, "%", "用人单位未按规定申报的,按上月缴费额的该比例确定应缴数额。"},

	// 职工养老金
	{"pension.divisor", "个人账户养老金计发月数表", KindTable, "DivisorTable",
		"退休年龄(周岁)→计发月数:[{age=60, months=139}, …],年龄带月份的按相邻整岁线性插值。"},
	{"pension.transition_coef", "过渡性养老金计发系数", KindDecimal, "%/年",
		"过渡性养老金 = C × 视同缴费指数 × 视同缴费年限 × 系数%,省级确定(1.0–1.4)。"},
	{"pension.adjust", "基本养老金调整办法", KindTable, "PensionAdjust",
		"当年调整:定额 + 按本人养老金的比例 + 按缴费年限挂钩 + 高龄倾斜。"},
	{"retirement.rules", "法定退休年龄规则", KindTable, "RetirementRules",
		"原法定退休年龄、目标年龄、每几个月延迟一个月及起始月份。"},
	{"retirement.min_contribution", "按月领取基本养老金最低缴费年限", KindTable, "MinContribution",
		"最低缴费月数及自某年起每年提高的月数。"},

	// 城乡居民养老
	{"resident_pension.tiers", "城乡居民养老保险缴费档次及政府补贴", KindTable, "ResidentTiers",
		"[{amount=100, subsidy=30}, …]:每年缴费额及对应的政府缴费补贴(元/年)。"},
	{"resident_pension.basic", "城乡居民基础养老金", KindMoney, "元/月", "按月发放的基础养老金。"},
	{"resident_pension.collective", "城乡居民养老保险集体补助", KindMoney, "元/年", "村集体对参保人缴费的补助。"},
	{"resident_pension.special_share", "困难群体最低档次代缴比例", KindRate, "%",
		"重度残疾人等缴费困难群体(低保、五保/特困、困难人员、残疾标识),政府为其代缴最低档次缴费额的比例(部分或全部)。"},
	{"resident_pension.age", "城乡居民养老金领取年龄", KindInt, "周岁", ""},
	{"resident_pension.min_years", "城乡居民养老保险最低缴费年限", KindInt, "年", ""},
	{"resident_pension.divisor", "城乡居民个人账户养老金计发月数", KindInt, "个月", "个人账户养老金 = 个人账户储存额 ÷ 计发月数。"},

	// 村改居一次性补缴
	{"lumpsum.village.years", "村改居一次性补缴年限", KindInt, "年", "村改居人员一次性补缴企业职工养老保险的年限(累计缴费满15年)。"},
	{"lumpsum.village.base", "村改居补缴基数比例", KindRate, "%", "补缴基数 = 社平工资 × 比例(一般按缴费基数下限60%)。"},
	{"lumpsum.village.standard", "村改居人均补缴标准", KindMoney, "元/人",
		"有此值时按此定额补缴(不再按基数×费率×月数计算),其中个人账户部分按记账比例÷费率折算。"},
	{"lumpsum.village.government", "村改居补缴政府分担比例", KindRate, "%", "人均补缴额中由政府承担的比例。"},
	{"lumpsum.village.collective", "村改居补缴村集体分担比例", KindRate, "%", "人均补缴额中由村集体承担的比例;其余由个人缴纳。"},

	// 被征地农民
	{"land.bands", "被征地农民年龄段及保障标准", KindTable, "LandBands",
		"年龄段、保障方式(one_off 一次性补助、pension 养老保险缴费补助、allowance 按月生活保障金)及金额。"},
	{"land.funding", "被征地农民保障资金筹集标准", KindTable, "LandFunding",
		"每个年龄段的人均筹资标准及政府、村集体、个人分担比例。"},
	{"land.rounding", "应安置农业人口取整方式", KindTable, "Rounding",
		"\"ceil\" 向上取整、\"round\" 四舍五入、\"floor\" 向下取整。"},
	{"land.roster_deadline_days", "被征地人员名单报送期限", KindInt, "天",
		"征地批准之日起该天数内名单未报齐(已参保人数少于应安置人数)的批次列入预警名单。"},
	{"land.pension_band_allowance", "劳动年龄段人员到龄后是否领取生活保障金", KindInt, "0/1",
		"1:征地时处于劳动年龄段(保障方式pension)的人员达到按月领取年龄段后也按月领取基本生活保障金;0:不领取(其缴费补助已计入职工或居民养老保险)。"},

	// 就业 (labour register, docs/DOMAIN.md §10)
	{"labor.min_age", "劳动年龄下限", KindInt, "周岁",
		"劳动力资源台账收录年满该年龄(《劳动法》第十五条:禁止招用未满十六周岁的未成年人)至法定退休年龄的人员。"},
	{"labor.school_age", "推定在校年龄上限", KindInt, "周岁",
		"未满该年龄、台账未登记且参保待遇数据无从推知就业状态的劳动年龄人员,推定为在校。"},
	{"labor.female_original_age", "台账女性原法定退休年龄", KindInt, "周岁",
		"台账不区分女工人、女干部,女性劳动年龄上限按该原法定退休年龄及其渐进式延迟(retirement.rules)确定;劳动力资源统计口径为55。"},
	{"labor.hardship.older_age_male", "大龄就业困难人员年龄(男)", KindInt, "周岁",
		"男性登记失业人员年满该年龄的,可按“大龄”认定为就业困难人员(“4050”人员)。"},
	{"labor.hardship.older_age_female", "大龄就业困难人员年龄(女)", KindInt, "周岁",
		"女性登记失业人员年满该年龄的,可按“大龄”认定为就业困难人员。"},
	{"labor.hardship.long_unemployed_months", "长期失业认定月数", KindInt, "个月",
		"连续登记失业满该月数的,可按“长期失业”认定为就业困难人员。"},
	{"labor.public_post.subsidy", "公益性岗位补贴标准", KindMoney, "元/月",
		"安置就业困难人员的公益性岗位每人每月的岗位补贴(《就业补助资金管理办法》第八条,标准由地方确定)。"},
	{"labor.public_post.years", "公益性岗位补贴期限", KindInt, "年",
		"公益性岗位补贴和社会保险补贴期限,自安置之月起最长该年数(一般为3年)。"},
	{"labor.public_post.near_retirement_years", "距法定退休年龄不足几年可延长补贴至退休", KindInt, "年",
		"安置时距法定退休年龄不足该年数的人员,补贴可延长至达到法定退休年龄的前一个月(一般为5年)。"},
	// 职业培训 (employ, issue #19 item 3)
	{"labor.training.subsidy.primary", "职业培训补贴(初级证书)", KindMoney, "元/人",
		"培训结业并取得初级(五级)职业资格或职业技能等级证书的,每人一次性补贴该金额,同一职业同一等级只补贴一次(《就业补助资金管理办法》第五条,标准由地方确定)。"},
	{"labor.training.subsidy.intermediate", "职业培训补贴(中级证书)", KindMoney, "元/人",
		"培训结业并取得中级(四级)证书的一次性补贴金额,同一职业同一等级只补贴一次。"},
	{"labor.training.subsidy.senior", "职业培训补贴(高级证书)", KindMoney, "元/人",
		"培训结业并取得高级(三级)证书的一次性补贴金额,同一职业同一等级只补贴一次。"},
	// 社会保险补贴 of employers and flexible workers (employ, issue #19 item 5)
	{"labor.insurance_subsidy.flex_share", "灵活就业社会保险补贴比例", KindRate, "%",
		"就业困难人员灵活就业后缴纳社会保险费的,按其实际缴费的该比例给予社会保险补贴(《就业补助资金管理办法》第七条(二):原则上不超过实际缴费的2/3)。"},
	// 土地承包和流转 (package transfer)
	{"transfer.enterprise_review_mu", "工商企业流转土地资格审查面积标准", KindInt, "亩",
		"工商企业等社会资本一份流转合同的面积超过该标准的,须经资格审查(transfer.review 复核通过)方可鉴证(农村土地经营权流转管理办法第二十九条,标准由县级以上地方人民政府确定)。"},
	{"transfer.large_operator_mu", "种养大户流转面积标准", KindInt, "亩",
		"个人在统计日受入的流转面积合计达到该标准的,统计中列为“大户”(新型农业经营主体),否则为“农户”。"},
	// 增减挂钩 project ledger (package transfer)
	{"transfer.kind_prices", "实物租金折价标准", KindTable, "KindPrices",
		"以实物计租(如每亩每年800斤稻谷)的流转合同,各期租金按应付日所在年度该品种的价格折算为元:[{commodity=\"稻谷\", year=2024, price=\"1.31\"}, …](元/斤)。某年度尚无价格的,该期租金待定,不计入逾期。"},
	{"transfer.linkage_return_years", "增减挂钩周转指标归还期限", KindInt, "年",
		"增减挂钩项目区下达的周转指标,须在下达之日起该年数内以验收合格的复垦面积归还;到期未归还的列为逾期(城乡建设用地增减挂钩试点管理办法,国土资发〔2008〕138号:周转指标到期归还,一般不超过3年)。"},

	// 医疗
	{"medical.310.deductible", "职工医保住院起付线", KindTable, "LevelAmounts", "按医院等级:[{level=1, amount=300}, …](元/次)。"},
	{"medical.310.ratio", "职工医保住院报销比例", KindTable, "LevelRates", "按医院等级:[{level=1, rate=\"90%\"}, …]。"},
	{"medical.310.cap", "职工医保统筹基金年度最高支付限额", KindMoney, "元/年", ""},
	{"medical.310.deductible_per", "职工医保起付线计算方式", KindTable, "DeductibleBasis",
		"\"stay\" 每次住院计算起付线;\"year\" 一个自然年度内只计算一次(已承担的部分在以后各次住院中扣除)。"},
	{"medical.390.deductible", "居民医保住院起付线", KindTable, "LevelAmounts", "按医院等级(元/次)。"},
	{"medical.390.ratio", "居民医保住院报销比例", KindTable, "LevelRates", "按医院等级。"},
	{"medical.390.cap", "居民医保统筹基金年度最高支付限额", KindMoney, "元/年", ""},
	{"medical.390.deductible_per", "居民医保起付线计算方式", KindTable, "DeductibleBasis",
		"\"stay\" 每次住院计算起付线;\"year\" 一个自然年度内只计算一次。"},
	{"medical.390.individual", "居民医保个人缴费标准", KindMoney, "元/人·年", "按参保年度取值。"},
	{"medical.390.subsidy", "居民医保人均财政补助标准", KindMoney, "元/人·年", "按参保年度取值。"},

	// 失业、生育、工伤
	{"unemployment.ratio_of_min_wage", "失业保险金占最低工资标准比例", KindRate, "%", "月失业保险金 = 最低工资标准 × 比例。"},
	{"unemployment.rural_contract.exempt", "农民合同制工人免缴个人失业保险费", KindInt, "0/1",
		"1:农民合同制工人本人不缴纳失业保险费,单位照常缴纳(《失业保险条例》第六条),失业时按第二十一条领取一次性生活补助而非失业保险金;0:与城镇职工相同,个人缴费、领取失业保险金(部分省份在《社会保险法》施行后的做法)。按生效日期分段。"},
	{"unemployment.rural_allowance.per_year", "农民合同制工人一次性生活补助(每满1年)", KindMoney, "元/年",
		"一次性生活补助 = 本单位连续工作满1年的整年数(不超过最长年数)× 该金额(《失业保险条例》第二十一条,标准由省级人民政府规定)。"},
	{"unemployment.rural_allowance.max_years", "农民合同制工人一次性生活补助最长计发年数", KindInt, "年",
		"计发一次性生活补助的工作年数上限。"},
	{"maternity.days", "产假天数", KindTable, "MaternityLeave", "基本产假天数及难产、多胞胎等增加天数。"},
	{"injury.lump_months", "一次性伤残补助金月数", KindTable, "InjuryMonths", "伤残等级一至十级:[{grade=1, months=27}, …]。"},

	// 社会救助 (assist): 低保
	{"assist.dibao.urban", "城市最低生活保障标准", KindMoney, "元/人·月",
		"城市低保标准,由设区的市级或县级人民政府确定、公布(社会救助暂行办法第十条);按区划和日期取值。家庭月人均收入低于标准的,差额保障金 = (标准 − 人均收入) × 人数。"},
	{"assist.dibao.rural", "农村最低生活保障标准", KindMoney, "元/人·月",
		"农村低保标准,同上;居民委员会、街道按城市标准,村民委员会按农村标准(可由申请指定)。"},
	{"assist.dibao.extras", "低保分类施保", KindTable, "DibaoExtras",
		"对老年人、未成年人、重度残疾人、重病患者等增发的保障金:[{category=\"未成年人\", max_age=18, rate=\"10%\"}, {category=\"重度残疾人\", amount=100}, …]。rate为低保标准的比例,amount为固定金额(元/月);有年龄范围的按年龄自动认定,否则须经认定后填写;同一成员符合多项的取最高一项。"},
	{"assist.income.kinds", "低保家庭收入种类及计入比例", KindTable, "IncomeKinds",
		"收入种类、所属类别(工资性收入、经营净收入、财产净收入、转移净收入)及计入家庭收入的比例:[{name=\"优抚金\", class=\"转移净收入\", counted=\"0%\"}, …]。计入比例低于100%的即为不计入(豁免)的部分。"},
	{"assist.dibao.publicity_days", "低保审核确认公示天数", KindInt, "天",
		"入户调查符合条件的,在村(居)民委员会公示的天数;公示期满后方可提请审批(最低生活保障审核确认办法:公示期为7天)。"},
	{"assist.dibao.review_months", "低保定期核查间隔", KindInt, "月",
		"批准或上次核查后,乡镇(街道)再次核查低保家庭的间隔月数(最低生活保障审核确认办法:收入来源不固定、有劳动能力的家庭原则上每半年核查一次,其他家庭每年核查一次;按一个间隔管理的地区取较短者)。"},
	{"assist.dibao.taper_months", "低保渐退期", KindInt, "月",
		"定期核查发现家庭成员因就业增收、家庭人均收入超过低保标准的,按原标准继续发放的月数,期满停发;0为不设渐退期(立即停发)。"},
	{"assist.temporary.max_months", "单次临时救助上限(低保标准的月数)", KindInt, "月",
		"一次临时救助决定的金额上限 = 当地低保标准 × 该月数;超过的须一事一议(社会救助暂行办法 第四十八条;民发〔2018〕23号由各地确定标准)。"},
	// 社会救助 (assist): 特困人员救助供养
	{"assist.tekun.ratio", "特困人员基本生活标准占低保标准的比例", KindRate, "%",
		"基本生活标准 = 当地低保标准 × 比例,一般不低于130%。"},
	{"assist.tekun.care", "特困人员照料护理标准", KindTable, "CareAllowances",
		"按生活自理能力:[{level=\"全自理\", rate=\"10%\"}, {level=\"全护理\", amount=400}, …];rate为低保标准的比例,amount为固定金额(元/月)。"},
	{"assist.tekun.elderly_age", "特困人员老年人年龄", KindInt, "周岁", "年满该年龄的老年人可认定为特困人员(社会救助暂行办法第十四条:60周岁)。"},
	{"assist.tekun.minor_age", "特困人员未成年人年龄上限", KindInt, "周岁", "未满该年龄的未成年人可认定为特困人员(社会救助暂行办法第十四条:16周岁)。"},
	// 医疗救助 and 低保边缘 (issue #18 item 4, medaid).
	{"assist.medical_aid.rules", "医疗救助比例、年度限额和起付线", KindTable, "MedicalAidRules",
		"特困人员、低保对象、低保边缘家庭成员经医保报销后,政策范围内个人自付费用按类别比例救助,年度累计不超过年度救助限额;可设年度起付线(国办发〔2021〕42号)。"},
	{"medical.390.assisted", "城乡居民医保资助参保", KindTable, "InsureAidRules",
		"特困人员(五保)、低保对象参加城乡居民医保的个人缴费由政府资助:[{flag=\"五保\", rate=\"100%\"}, {flag=\"低保\", amount=\"280.00\"}];按缴费年度内(至缴费日)持有的标识(国办发〔2021〕42号:对特困人员给予全额资助,对低保对象给予定额资助)。"},
	{"assist.edge.ratio", "低保边缘家庭收入上限(低保标准的倍数)", KindRate, "%",
		"家庭人均收入高于低保标准、低于低保标准×该比例的,可认定为低保边缘家庭(民发〔2021〕57号附、国办发〔2021〕42号:一般为1.5倍)。"},
}

var defByKey = func() map[string]Def {
	m := make(map[string]Def, len(Catalogue))
	for _, d := range Catalogue {
		m[d.Key] = d
	}
	return m
}()

// DefOf returns the catalogue entry of key.
func DefOf(key string) (Def, bool) {
	d, ok := defByKey[key]
	return d, ok
}

// SchemeKey is the key of a parameter kept per scheme:
// prefix.scheme.item, e.g. SchemeKey("rate", "110", "employer") =
// "rate.110.employer". Code that reads such a key for a scheme known only
// at run time builds it with SchemeKey, whose calls the catalogue test
// expands over every scheme code: the test fails when a catalogue key is
// read by no code, or code reads a key not in the catalogue.
func SchemeKey(prefix, scheme, item string) string { return prefix + "." + scheme + "." + item }
