package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ProjectPlotFields are the columns of a 增减挂钩 project's 拆旧 households
// (one row per homestead), with the header texts of the towns' sheets.
var ProjectPlotFields = []sheet.Field{
	{Key: "plot", Aliases: []string{"宅基地编号", "宅基地编码", "宗地编号", "宗地代码"}, Required: true, Label: "宅基地编号"},
	{Key: "id_no", Aliases: []string{"户主身份证号", "户主身份证号码", "身份证号", "户主证件号码"}, Required: true, Label: "户主身份证号"},
	{Key: "homestead", Aliases: []string{"宅基地面积(亩)", "宅基地面积"}, Required: true, Label: "宅基地面积"},
	{Key: "demolished", Aliases: []string{"拆除面积(亩)", "拆除面积", "拆旧面积(亩)", "拆旧面积"}, Required: true, Label: "拆旧面积"},
	{Key: "compensation", Aliases: []string{"补偿金额(元)", "补偿金额", "补偿款(元)", "补偿款"}, Label: "补偿金额"},
	{Key: "name", Aliases: []string{"户主姓名", "户主"}},
}

// ProjectPlots imports the 拆旧 households of the project (transfer.
// ImportProjectPlots, `shebao import projectplots FILE --project CODE`):
// keyed by 宅基地编号 within the project, a repeated row is unchanged and a
// corrected one updates the plot with history.
func ProjectPlots(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	if strings.TrimSpace(opt.Project) == "" {
		return nil, shebao.FieldErrorf("项目编号", "导入拆旧户须用 --project 指明增减挂钩项目编号")
	}
	k := kind[shebao.NewProjectPlot]{
		name:   "projectplots",
		fields: ProjectPlotFields,
		parse:  parseProjectPlot,
		key:    func(p shebao.NewProjectPlot) string { return strings.TrimSpace(p.PlotNo) },
		store: func(ctx context.Context, run string, items []item[shebao.NewProjectPlot]) ([]shebao.Outcome, []error, error) {
			ps, sources := make([]shebao.NewProjectPlot, len(items)), make([]string, len(items))
			for i, it := range items {
				ps[i], sources[i] = it.v, shebao.ImportSource(run, it.row)
			}
			return svc.Transfer.ImportProjectPlots(ctx, opt.Project, ps, sources)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseProjectPlot(r sheet.Row) (shebao.NewProjectPlot, error) {
	v := func(k string) string { return strings.TrimSpace(r.Values[k]) }
	mu := func(k string) string { return strings.TrimSpace(strings.TrimSuffix(v(k), "亩")) }
	p := shebao.NewProjectPlot{PlotNo: v("plot"), Homestead: mu("homestead"), Demolished: mu("demolished"),
		Compensation: strings.ReplaceAll(strings.TrimSuffix(v("compensation"), "元"), ",", "")}
	if r.PrecisionLost("plot") {
		return p, shebao.FieldErrorf("宅基地编号", "宅基地编号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["plot"])
	}
	if r.PrecisionLost("id_no") {
		return p, shebao.FieldErrorf("户主身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return p, shebao.FieldErrorf("户主身份证号", "%s", shebao.ErrorMessage(err))
	}
	p.HeadIDNo = id
	return p, nil
}
