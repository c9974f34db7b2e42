// Package demo builds a demonstration district from the seed reports' place
// names: 宁夏回族自治区 → 银川市 → 金凤区 with its subdistrict and towns, the
// 城中村 communities of the reports (东门, 北门, 大南门) and rural villages
// (魏家桥村, 盈南村 …), and a deterministic population of persons and
// employers. Region codes below the district are illustrative, not the
// official list: load the real 统计用区划代码 with `shebao import regions`.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// Region codes of the demo district.
const (
	Province = "640000000000"
	City     = "640100000000"
	District = "640106000000"
)

// Regions is the demo region tree, parents first.
var Regions = []shebao.Region{
	{Code: Province, Name: "宁夏回族自治区"},
	{Code: City, Name: "银川市"},
	{Code: District, Name: "金凤区"},
	{Code: "640106001000", Name: "满城北街街道"},
	{Code: "640106001001", Name: "东门社区"},
	{Code: "640106001002", Name: "北门社区"},
	{Code: "640106001003", Name: "大南门社区"},
	{Code: "640106100000", Name: "良田镇"},
	{Code: "640106100201", Name: "魏家桥村"},
	{Code: "640106100202", Name: "盈南村"},
	{Code: "640106100203", Name: "高桥村"},
	{Code: "640106101000", Name: "丰登镇"},
	{Code: "640106101201", Name: "英刘村"},
	{Code: "640106101202", Name: "西街村"},
	{Code: "640106101203", Name: "武店村"},
}

// Villages lists the level-5 codes of the demo, where persons live.
func Villages() []string {
	var out []string
	for _, r := range Regions {
		if r.Code[9:] != "000" {
			out = append(out, r.Code)
		}
	}
	return out
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵")

var givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕建国建华志强海燕春梅金凤文斌晓东宏伟雪梅丹亮林成俊峰永福德胜淑珍凤兰玉兰福海")

// Name returns a deterministic Chinese name.
func Name(r *rand.Rand) string {
	s := string(surnames[r.IntN(len(surnames))])
	n := 1 + r.IntN(2)
	for i := 0; i < n; i++ {
		s += string(givenChars[r.IntN(len(givenChars))])
	}
	return s
}

// IDNumber returns a valid 身份证号 for the region, birth date and sequence.
func IDNumber(region6 string, birth time.Time, seq int, male bool) string {
	s := seq % 500 * 2
	if male {
		s++
	}
	if s == 0 {
		s = 2
	}
	first17 := fmt.Sprintf("%s%s%03d", region6, birth.Format("20060102"), s%1000)
	c, _ := idno.CheckCharID(first17)
	return first17 + string(c)
}

// USCC returns a valid 统一社会信用代码 for a company registered in region6.
func USCC(region6 string, n int) string {
	first17 := fmt.Sprintf("91%s%08dX", region6, n)
	first17 = first17[:17]
	c, _ := idno.CheckCharUSCC(first17)
	return first17 + string(c)
}

// Persons returns n deterministic persons living in the demo villages.
func Persons(seed uint64, n int) []*shebao.Person {
	r := rand.New(rand.NewPCG(seed, 0x5e1ba0))
	villages := Villages()
	out := make([]*shebao.Person, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		v := villages[r.IntN(len(villages))]
		birth := time.Date(1935+r.IntN(80), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		male := r.IntN(2) == 0
		id := IDNumber("640106", birth, r.IntN(500), male)
		if seen[id] {
			continue
		}
		seen[id] = true
		hukou := shebao.HukouAgricultural
		if v[9] == '0' { // communities (居委会) of the subdistrict
			hukou = shebao.HukouNonAgricultural
		}
		p := &shebao.Person{IDNo: id, Name: Name(r), Hukou: hukou, Region: v, Flags: []string{}}
		if r.IntN(3) == 0 {
			p.Phone = fmt.Sprintf("139%08d", r.IntN(100000000))
		}
		switch k := r.IntN(100); {
		case k < 3:
			p.Flags = append(p.Flags, shebao.FlagDibao)
		case k < 6 && hukou == shebao.HukouAgricultural:
			p.Flags = append(p.Flags, shebao.FlagLandLost)
		}
		out = append(out, p)
	}
	return out
}

// Employers returns n deterministic employers of the district.
func Employers(seed uint64, n int) []*shebao.Employer {
	r := rand.New(rand.NewPCG(seed, 0xe3910))
	kinds := []struct {
		suffix, industry string
		risk             int
	}{
		{"商贸有限公司", "批发和零售业", 1}, {"软件科技有限公司", "信息传输、软件和信息技术服务业", 1},
		{"物业管理有限公司", "房地产业", 2}, {"餐饮管理有限公司", "住宿和餐饮业", 2},
		{"物流有限公司", "交通运输、仓储和邮政业", 4}, {"食品加工有限公司", "制造业", 4},
		{"建材有限公司", "制造业", 5}, {"建筑工程有限公司", "建筑业", 6},
		{"化工有限公司", "制造业", 7}, {"矿业有限公司", "采矿业", 8},
	}
	places := []string{"金凤", "良田", "丰登", "北门", "魏家桥", "盈南", "英刘", "西街", "武店", "高桥", "塞上", "贺兰山", "宁安", "银湖"}
	// 字号 that tell apart employers of one place and trade: an enterprise
	// name is unique where it is registered (企业名称登记管理规定 第十七条),
	// and two employers of one name in one community confused the demo's
	// users (issue #15 item 8).
	trades := []string{"恒达", "鑫源", "华盛", "瑞丰", "永泰", "德隆", "宏远", "兴业", "金泰", "嘉禾"}
	taken := map[string]bool{}
	unique := func(place, suffix string) string {
		name := fmt.Sprintf("宁夏%s%s", place, suffix)
		for j := 0; taken[name]; j++ {
			if j < len(trades) {
				name = fmt.Sprintf("宁夏%s%s%s", place, trades[j], suffix)
			} else {
				name = fmt.Sprintf("宁夏%s%s%s第%d分公司", place, trades[j%len(trades)], suffix, j/len(trades))
			}
		}
		taken[name] = true
		return name
	}
	var out []*shebao.Employer
	for i := 0; i < n; i++ {
		k := kinds[r.IntN(len(kinds))]
		out = append(out, &shebao.Employer{
			USCC:      USCC("640106", 10000+i),
			Name:      unique(places[r.IntN(len(places))], k.suffix),
			Industry:  k.industry,
			RiskClass: k.risk,
			Region:    Villages()[r.IntN(len(Villages()))],
			Contact:   Name(r),
			Phone:     fmt.Sprintf("0951-%07d", 5000000+r.IntN(999999)),
		})
	}
	return out
}

// Build loads the demo district into db: regions, persons and employers.
// It is idempotent: building twice changes nothing.
func Build(ctx context.Context, svc *app.App, persons int) error {
	for _, r := range Regions {
		r := r
		if _, err := svc.Registry.SaveRegion(ctx, &r); err != nil {
			return fmt.Errorf("区划%s: %w", r.Code, err)
		}
	}
	run, err := svc.Registry.StartImportRun(ctx, "demo", "demo", "")
	if err != nil {
		return err
	}
	ps := Persons(2005, persons)
	today := shebao.Today()
	for start := 0; start < len(ps); start += 2000 {
		chunk := ps[start:min(start+2000, len(ps))]
		for i, p := range chunk {
			if err := shebao.NormalizePerson(p, today); err != nil {
				return fmt.Errorf("demo person %s: %w", p.IDNo, err)
			}
			p.Source = shebao.ImportSource(run, start+i+2)
		}
		if _, errs, err := svc.Registry.ImportPersons(ctx, run, chunk); err != nil {
			return err
		} else if err := firstError(errs); err != nil {
			return err
		}
	}
	es := Employers(2005, 40)
	for i, e := range es {
		if err := shebao.NormalizeEmployer(e); err != nil {
			return fmt.Errorf("demo employer %s: %w", e.USCC, err)
		}
		e.Source = shebao.ImportSource(run, i+2)
	}
	if _, errs, err := svc.Registry.ImportEmployers(ctx, run, es); err != nil {
		return err
	} else if err := firstError(errs); err != nil {
		return err
	}
	reqs, err := EnrollAll(ctx, svc, run, ps, es, today, 2005)
	if err != nil {
		return err
	}
	set, err := svc.Params.PolicySet(ctx)
	if err != nil {
		return err
	}
	h, err := BuildHistory(set, ps, reqs, today, 2005)
	if err != nil {
		return err
	}
	if err := h.Store(ctx, svc, run); err != nil {
		return err
	}
	if err := BuildLand(ctx, svc, run, today); err != nil {
		return fmt.Errorf("征地批次: %w", err)
	}
	if err := BuildLabor(ctx, svc, ps, reqs, today, 2005); err != nil {
		return fmt.Errorf("劳动力资源台账: %w", err)
	}
	if err := BuildEmployment(ctx, svc, ps, reqs, today, 2005); err != nil {
		return fmt.Errorf("就业服务: %w", err)
	}
	if err := BuildTransfers(ctx, svc, run, ps, today); err != nil {
		return fmt.Errorf("土地承包和流转: %w", err)
	}
	// 特困人员救助供养 (tekun; demo/tekun.go).
	if _, err := BuildTekun(ctx, svc, ps, today); err != nil {
		return fmt.Errorf("特困人员: %w", err)
	}
	// The 增减挂钩 project ledger (demo/landproject.go).
	if err := BuildLandProject(ctx, svc, run, ps, today); err != nil {
		return fmt.Errorf("增减挂钩项目: %w", err)
	}
	// 社会救助 (demo/assist.go): 低保 cases at every stage, a 临时救助 and
	// the 社会救助资金's budget.
	if err := BuildAssist(ctx, svc, ps, today); err != nil {
		return fmt.Errorf("社会救助: %w", err)
	}
	return svc.Registry.FinishImportRun(ctx, shebao.ImportRun{ID: run, Status: "done", Read: len(ps) + len(es)})
}

// EnrollAll enrolls a population in the proportions of the seed's
// district: about one in five of working age an employee in the five
// employee schemes (a few of them retired and drawing a pension), residents
// from 16 in the residents' pension (coverage about 95%) and from 60
// drawing it, everyone else in the residents' medical scheme of the year
// (about 97%); land-expropriated farmers join 910 by their land batch
// (BuildLand, gen's landBatches), not here. It uses the bulk path
// and is idempotent. It returns the enrollment requests (for the callers
// that build on them: gen's contribution history and pensions).
func EnrollAll(ctx context.Context, svc *app.App, run string, ps []*shebao.Person, es []*shebao.Employer, today time.Time, seed uint64) ([]shebao.EnrollRequest, error) {
	r := rand.New(rand.NewPCG(seed, 0xe2011))
	var reqs []shebao.EnrollRequest
	var retire []int // indexes into reqs of enrollments that start a benefit
	byID := make(map[string]*shebao.Person, len(ps))
	for _, p := range ps {
		byID[p.IDNo] = p
	}
	year := today.Year()
	for _, p := range ps {
		birth, _ := time.Parse(shebao.DateLayout, p.Birth)
		age := today.Year() - birth.Year()
		adult := birth.AddDate(16, 0, 0)
		start := func(min time.Time) string {
			if adult.After(min) {
				return adult.Format(shebao.DateLayout)
			}
			return min.Format(shebao.DateLayout)
		}
		employee := age >= 18 && age < 75 && (p.Hukou == shebao.HukouNonAgricultural && r.IntN(10) < 6 || r.IntN(10) == 0)
		switch {
		case employee:
			emp := es[r.IntN(len(es))].USCC
			from := start(time.Date(2008, 3, 1, 0, 0, 0, 0, time.UTC))
			if birth.AddDate(18, 0, 0).Format(shebao.DateLayout) > from {
				from = birth.AddDate(18, 0, 0).Format(shebao.DateLayout)
			}
			for _, s := range shebao.EmployeeBundle {
				if s == shebao.SchemeEmployeePension && (p.Sex == "男" && age >= 60 || p.Sex == "女" && age >= 55) {
					retire = append(retire, len(reqs))
				}
				reqs = append(reqs, shebao.EnrollRequest{IDNo: p.IDNo, Scheme: s, Employer: emp, Date: from, Reason: "演示数据"})
			}
		default:
			if age >= 16 && r.IntN(1000) < 955 {
				if age >= 60 {
					retire = append(retire, len(reqs))
				}
				reqs = append(reqs, shebao.EnrollRequest{IDNo: p.IDNo, Scheme: shebao.SchemeResidentPension,
					Date: start(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)), Reason: "演示数据"})
			}
			if r.IntN(1000) < 969 {
				from := fmt.Sprintf("%d-01-01", year)
				if p.Birth > from { // born this year: insured from birth
					from = p.Birth
				}
				reqs = append(reqs, shebao.EnrollRequest{IDNo: p.IDNo, Scheme: shebao.SchemeResidentMedical,
					Date: from, Year: year, Reason: "演示数据"})
			}
		}
		// Land-expropriated farmers (被征地 flag) join 910 only through a
		// land batch's roster and its acceptance (BuildLand; gen's
		// landBatches), as the agency enrolls them: a 910 enrollment
		// without a batch made the dashboard count 63 persons in 910 where
		// the land report counted 6 (issue #15 item 8).
	}
	var rules policy.RetirementRules
	if len(retire) > 0 {
		set, err := svc.Params.PolicySet(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := set.Table("retirement.rules", District, today, &rules); err != nil {
			return nil, err
		}
	}
	for _, i := range retire {
		// Retired at the statutory age (issue #15 item 8: everyone retired
		// 15 years after joining, a woman born 1952 at 69y11m): employees
		// on the day they reach it — men 60, women 55 (the demo's women
		// employees are 干部/管理岗; 女工人 at 50 are not told apart), with
		// the gradual delay from 2025 (retirement.rules, docs/DOMAIN.md §6)
		// —, residents at 60 (国发〔2014〕8号). A record taken over in that
		// status: an employee who reached the age before the enrollment's
		// start in the new system is taken over from the retirement day, a
		// resident draws from the enrollment. One whose
		// statutory day is still to come keeps working.
		p := byID[reqs[i].IDNo]
		birth, _ := time.Parse(shebao.DateLayout, p.Birth)
		on := birth.AddDate(60, 0, 0)
		if reqs[i].Scheme == shebao.SchemeEmployeePension {
			original := 60
			if p.Sex == "女" {
				original = 55
			}
			y, m, _, err := policy.RetirementAge(birth, p.Sex, original, rules)
			if err != nil {
				return nil, err
			}
			on = birth.AddDate(y, m, 0)
		}
		if on.After(today) {
			continue
		}
		switch d := on.Format(shebao.DateLayout); {
		case d >= reqs[i].Date:
		case reqs[i].Scheme == shebao.SchemeEmployeePension:
			reqs[i].Date = d
		default:
			// 60 and over when the residents' scheme began: the basic
			// pension from the enrollment (国发〔2009〕32号).
			on, _ = time.Parse(shebao.DateLayout, reqs[i].Date)
		}
		reqs[i].Status, reqs[i].StatusDate = shebao.EnrollBenefit, on.Format(shebao.DateLayout)
	}
	for start := 0; start < len(reqs); start += 5000 {
		chunk := reqs[start:min(start+5000, len(reqs))]
		if _, errs, err := svc.Enroll.ImportEnrollments(ctx, run, chunk); err != nil {
			return nil, err
		} else if err := firstError(errs); err != nil {
			return nil, err
		}
	}
	return reqs, nil
}

func containsFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

func firstError(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
