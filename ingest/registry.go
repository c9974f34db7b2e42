package ingest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sheet"
)

func itoa(i int) string { return strconv.Itoa(i) }

// PersonFields are the columns of a person roster, with the header texts
// clerks use for each.
var PersonFields = []sheet.Field{
	idNoField("公民身份号码"),
	{Key: "name", Aliases: []string{"姓名", "参保人姓名", "人员姓名", "名字"}, Required: true},
	{Key: "sex", Aliases: []string{"性别"}},
	{Key: "birth", Aliases: []string{"出生日期", "出生年月日", "出生年月"}},
	{Key: "hukou", Aliases: []string{"户籍性质", "户口性质", "户籍类别", "户口类别", "户口类型", "户籍类型"}, Required: true},
	{Key: "region", Aliases: []string{"所属区划", "区划代码", "行政区划代码", "统计用区划代码", "所属区划代码", "村(社区)代码", "村居代码"}, Required: true},
	{Key: "phone", Aliases: []string{"联系电话", "电话", "手机号", "手机号码", "联系方式", "电话号码"}},
	{Key: "status", Aliases: []string{"人员状态", "生存状态", "状态"}},
	{Key: "death_date", Aliases: []string{"死亡日期"}},
	{Key: "flags", Aliases: []string{"人员标识", "标识", "特殊标识", "人员类别"}},
}

// Persons imports a person roster.
func Persons(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	regions, err := svc.Registry.RegionNames(ctx)
	if err != nil {
		return nil, err
	}
	today := shebao.Today()
	k := kind[*shebao.Person]{
		name:   "persons",
		fields: PersonFields,
		parse: func(r sheet.Row) (*shebao.Person, error) {
			return parsePerson(r, regions, today)
		},
		key: func(p *shebao.Person) string { return p.IDNo },
		store: func(ctx context.Context, run string, items []item[*shebao.Person]) ([]shebao.Outcome, []error, error) {
			ps := make([]*shebao.Person, len(items))
			for i, it := range items {
				it.v.Source = shebao.ImportSource(run, it.row)
				ps[i] = it.v
			}
			return svc.Registry.ImportPersons(ctx, run, ps)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parsePerson(r sheet.Row, regions map[string]string, today time.Time) (*shebao.Person, error) {
	if r.PrecisionLost("id_no") {
		return nil, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	p := &shebao.Person{
		IDNo:      r.Values["id_no"],
		Name:      r.Values["name"],
		Sex:       strings.TrimSuffix(r.Values["sex"], "性"),
		Hukou:     r.Values["hukou"],
		Region:    r.Values["region"],
		Phone:     r.Values["phone"],
		Status:    r.Values["status"],
		DeathDate: r.Values["death_date"],
		Flags:     shebao.SplitFlags(r.Values["flags"]),
	}
	// Every problem of the row is reported (the file's own, then the
	// record's: shebao.NormalizePerson lists all of its), so that the clerk
	// corrects the row once.
	var problems []error
	if p.IDNo == "" {
		problems = append(problems, shebao.FieldErrorf("身份证号", "身份证号不能为空"))
	}
	if b := r.Values["birth"]; b != "" {
		if d, err := sheet.ParseDate(b); err != nil {
			problems = append(problems, shebao.FieldErrorf("出生日期", "出生日期“%s”:%s", b, err.Error()))
			p.Birth = ""
		} else {
			p.Birth = d.Format(shebao.DateLayout)
		}
	}
	if d := p.DeathDate; d != "" {
		if t, err := sheet.ParseDate(d); err != nil {
			problems = append(problems, shebao.FieldErrorf("死亡日期", "死亡日期“%s”:%s", d, err.Error()))
			p.DeathDate = ""
		} else {
			p.DeathDate = t.Format(shebao.DateLayout)
			if p.Status == "" {
				p.Status = shebao.StatusDeceased
			}
		}
	}
	if p.Status == "已死亡" || p.Status == "死亡" {
		p.Status = shebao.StatusDeceased
	} else if p.Status == "在世" || p.Status == "生存" {
		p.Status = shebao.StatusAlive
	}
	if p.Region == "" {
		problems = append(problems, shebao.FieldErrorf("所属区划", "所属区划不能为空"))
	}
	if err := shebao.NormalizePerson(p, today); err != nil {
		for _, e := range problemsOf(err) {
			// The empty number and region were said above.
			var fe *shebao.Error
			if errors.As(e, &fe) && (fe.Field == "身份证号" && p.IDNo == "" || fe.Field == "所属区划" && p.Region == "") {
				continue
			}
			problems = append(problems, e)
		}
	} else if _, ok := regions[p.Region]; !ok {
		problems = append(problems, shebao.FieldErrorf("所属区划", "区划%s不存在,请先导入区划", p.Region))
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return p, nil
}

// problemsOf is problems for callers outside the reject path.
func problemsOf(err error) []error { return problems(err) }

// EmployerFields are the columns of an employer list.
var EmployerFields = []sheet.Field{
	{Key: "uscc", Aliases: []string{"统一社会信用代码", "社会信用代码", "信用代码", "统一代码"}, Required: true},
	{Key: "name", Aliases: []string{"单位名称", "名称", "企业名称", "参保单位名称"}, Required: true},
	{Key: "industry", Aliases: []string{"所属行业", "行业", "行业类别", "国民经济行业"}},
	{Key: "risk_class", Aliases: []string{"行业风险类别", "工伤风险类别", "风险类别", "工伤保险行业风险类别"}, Required: true},
	{Key: "region", Aliases: []string{"所属区划", "区划代码", "行政区划代码", "所属区划代码"}, Required: true},
	{Key: "contact", Aliases: []string{"联系人", "经办人"}},
	{Key: "phone", Aliases: []string{"联系电话", "电话", "手机号", "联系方式"}},
	{Key: "address", Aliases: []string{"地址", "单位地址", "注册地址", "经营地址"}},
}

// Employers imports an employer list.
func Employers(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	regions, err := svc.Registry.RegionNames(ctx)
	if err != nil {
		return nil, err
	}
	k := kind[*shebao.Employer]{
		name:   "employers",
		fields: EmployerFields,
		parse: func(r sheet.Row) (*shebao.Employer, error) {
			return parseEmployer(r, regions)
		},
		key: func(e *shebao.Employer) string { return e.USCC },
		store: func(ctx context.Context, run string, items []item[*shebao.Employer]) ([]shebao.Outcome, []error, error) {
			es := make([]*shebao.Employer, len(items))
			for i, it := range items {
				it.v.Source = shebao.ImportSource(run, it.row)
				es[i] = it.v
			}
			return svc.Registry.ImportEmployers(ctx, run, es)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseEmployer(r sheet.Row, regions map[string]string) (*shebao.Employer, error) {
	e := &shebao.Employer{
		USCC:     r.Values["uscc"],
		Name:     r.Values["name"],
		Industry: r.Values["industry"],
		Region:   r.Values["region"],
		Contact:  r.Values["contact"],
		Phone:    r.Values["phone"],
		Address:  r.Values["address"],
	}
	if e.USCC == "" {
		return nil, shebao.FieldErrorf("统一社会信用代码", "统一社会信用代码不能为空")
	}
	rc := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(r.Values["risk_class"]), "第"), "类")
	if rc == "" {
		return nil, shebao.FieldErrorf("行业风险类别", "行业风险类别不能为空(1至8)")
	}
	n, err := strconv.Atoi(chineseDigit(rc))
	if err != nil {
		return nil, shebao.FieldErrorf("行业风险类别", "行业风险类别“%s”不是1至8的数字", r.Values["risk_class"])
	}
	e.RiskClass = n
	if e.Region == "" {
		return nil, shebao.FieldErrorf("所属区划", "所属区划不能为空")
	}
	if err := shebao.NormalizeEmployer(e); err != nil {
		return nil, err
	}
	if _, ok := regions[e.Region]; !ok {
		return nil, shebao.FieldErrorf("所属区划", "区划%s不存在,请先导入区划", e.Region)
	}
	return e, nil
}

// chineseDigit maps 一…八 to 1…8, as risk classes are often written.
func chineseDigit(s string) string {
	if i := slices.Index([]string{"一", "二", "三", "四", "五", "六", "七", "八"}, s); i >= 0 {
		return itoa(i + 1)
	}
	return s
}

// RegionFields are the columns of the national region list
// (统计用区划代码和城乡划分代码).
var RegionFields = []sheet.Field{
	{Key: "code", Aliases: []string{"区划代码", "代码", "统计用区划代码", "行政区划代码"}, Required: true},
	{Key: "name", Aliases: []string{"名称", "区划名称", "单位名称", "行政区划名称"}, Required: true},
}

// Regions imports a region list. Rows may come in any order: a region whose
// parent is later in the file waits for it, because the list is stored level
// by level (a province's list is small enough to hold in memory).
func Regions(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[*shebao.Region]{
		name:   "regions",
		fields: RegionFields,
		parse: func(r sheet.Row) (*shebao.Region, error) {
			code := r.Values["code"]
			if code == "" {
				return nil, shebao.FieldErrorf("区划代码", "区划代码不能为空")
			}
			reg, err := idno.ParseRegion(code)
			if err != nil {
				return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
			}
			name := strings.TrimSpace(r.Values["name"])
			if name == "" {
				return nil, shebao.FieldErrorf("名称", "区划名称不能为空")
			}
			return &shebao.Region{Code: reg.Code, Name: name, Level: reg.Level, Parent: reg.Parent}, nil
		},
		key: func(r *shebao.Region) string { return r.Code },
		store: func(ctx context.Context, run string, items []item[*shebao.Region]) ([]shebao.Outcome, []error, error) {
			rs := make([]*shebao.Region, len(items))
			for i, it := range items {
				rs[i] = it.v
			}
			return svc.Registry.ImportRegions(ctx, rs)
		},
	}
	// The whole list is one chunk so that it can be ordered by level.
	opt.ChunkSize = 1 << 30
	return run(ctx, svc, k, path, opt)
}

func parseIDOnly(s string) (string, error) {
	id, err := idno.ParseID(s, shebao.Today())
	if err != nil {
		return "", err
	}
	return id.Number, nil
}
