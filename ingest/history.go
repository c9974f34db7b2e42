package ingest

import (
	"context"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// HistoryFields are the columns of a yearly contribution history (历年缴费
// 记录) exported by an earlier system.
var HistoryFields = []sheet.Field{
	idNoField("公民身份号码"),
	{Key: "scheme", Aliases: []string{"险种", "险种代码", "险种类型"}, Required: true},
	{Key: "year", Aliases: []string{"年度", "缴费年度", "年份"}, Required: true},
	{Key: "months", Aliases: []string{"缴费月数", "月数", "实缴月数"}, Required: true},
	{Key: "base_total", Aliases: []string{"缴费基数合计", "年缴费基数合计", "缴费工资合计", "基数合计"}, Required: true},
	{Key: "avg_wage", Aliases: []string{"社平工资", "当年社平工资", "社会平均工资", "月社平工资"}},
	{Key: "name", Aliases: []string{"姓名"}},
}

// History imports yearly contribution history.
func History(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.ContributionYear]{
		name:   "contribution-history",
		fields: HistoryFields,
		parse:  parseHistory,
		key:    func(c shebao.ContributionYear) string { return c.IDNo + "/" + c.Scheme + "/" + strconv.Itoa(c.Year) },
		store: func(ctx context.Context, run string, items []item[shebao.ContributionYear]) ([]shebao.Outcome, []error, error) {
			cs := make([]shebao.ContributionYear, len(items))
			for i, it := range items {
				cs[i] = it.v
			}
			return svc.Collect.ImportContributionYears(ctx, run, cs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseHistory(r sheet.Row) (shebao.ContributionYear, error) {
	var c shebao.ContributionYear
	if r.PrecisionLost("id_no") {
		return c, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return c, err
	}
	s, ok := shebao.FindScheme(strings.TrimSpace(r.Values["scheme"]))
	if !ok {
		return c, shebao.FieldErrorf("险种", "险种“%s”无效", r.Values["scheme"])
	}
	year, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(r.Values["year"]), "年"))
	if err != nil {
		return c, shebao.FieldErrorf("年度", "年度“%s”无效", r.Values["year"])
	}
	months, err := strconv.Atoi(strings.TrimSpace(r.Values["months"]))
	if err != nil {
		return c, shebao.FieldErrorf("缴费月数", "缴费月数“%s”无效", r.Values["months"])
	}
	base, err := sheet.ParseYuan(r.Values["base_total"])
	if err != nil {
		return c, shebao.FieldErrorf("缴费基数合计", "%s", err.Error())
	}
	var avg int64
	if v := strings.TrimSpace(r.Values["avg_wage"]); v != "" {
		if avg, err = sheet.ParseYuan(v); err != nil {
			return c, shebao.FieldErrorf("社平工资", "%s", err.Error())
		}
	}
	c = shebao.ContributionYear{IDNo: id, Scheme: s.Code, Year: year, Months: months, BaseTotal: shebao.Money(base), AvgWage: shebao.Money(avg)}
	return c, c.Validate(shebao.Today().Year())
}
