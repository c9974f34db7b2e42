package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sheet"
)

// DeclarationFields are the columns of a monthly wage declaration (缴费申报表).
var DeclarationFields = []sheet.Field{
	idNoField("公民身份号码"),
	{Key: "uscc", Aliases: []string{"统一社会信用代码", "单位统一社会信用代码", "社会信用代码", "单位"}, Required: true},
	{Key: "period", Aliases: []string{"费款所属期", "所属期", "缴费年月", "所属年月"}, Required: true},
	{Key: "wage", Aliases: []string{"工资", "申报工资", "缴费工资", "月工资", "工资总额"}, Required: true},
	{Key: "name", Aliases: []string{"姓名"}},
}

// Declarations imports wage declarations: one row per employee and month.
// Once every chunk is in, the months of the file that an employer had not
// declared and was assessed for at the undeclared factor are assessed
// again on the declarations (collect.Service.ReassessDeclared: replaced,
// or settled by the difference when paid), listed in the summary.
func Declarations(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	var declared []shebao.DeclarationKey
	seen := map[shebao.DeclarationKey]bool{}
	k := kind[shebao.Declaration]{
		name:   "declarations",
		fields: DeclarationFields,
		parse:  parseDeclaration,
		key:    func(d shebao.Declaration) string { return d.Employer + "/" + string(d.Period) + "/" + d.IDNo },
		store: func(ctx context.Context, run string, items []item[shebao.Declaration]) ([]shebao.Outcome, []error, error) {
			ds := make([]shebao.Declaration, len(items))
			for i, it := range items {
				ds[i] = it.v
			}
			out, errs, err := svc.Collect.ImportDeclarations(ctx, run, ds)
			for i, d := range ds {
				if err == nil && errs[i] == nil {
					if k := (shebao.DeclarationKey{Employer: d.Employer, Period: d.Period}); !seen[k] {
						seen[k] = true
						declared = append(declared, k)
					}
				}
			}
			return out, errs, err
		},
	}
	s, err := run(ctx, svc, k, path, opt)
	if err != nil || len(declared) == 0 {
		return s, err
	}
	if s.Reassessed, err = svc.Collect.ReassessDeclared(ctx, declared); err != nil {
		return s, err
	}
	return s, nil
}

func parseDeclaration(r sheet.Row) (shebao.Declaration, error) {
	var d shebao.Declaration
	if r.PrecisionLost("id_no") {
		return d, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return d, err
	}
	u, err := idno.ParseUSCC(r.Values["uscc"])
	if err != nil {
		return d, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	y, m, err := sheet.ParseMonth(strings.TrimSpace(r.Values["period"]))
	if err != nil {
		return d, shebao.FieldErrorf("费款所属期", "%s", err.Error())
	}
	p, err := shebao.ParsePeriod(shebao.PeriodOf(y, m))
	if err != nil {
		return d, err
	}
	fen, err := sheet.ParseYuan(r.Values["wage"])
	if err != nil {
		return d, shebao.FieldErrorf("工资", "%s", err.Error())
	}
	return shebao.Declaration{Employer: u.Code, Period: p, IDNo: id, Wage: shebao.Money(fen)}, nil
}
