package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// FlexBaseFields are the columns of a list of flexible-employment bases
// (灵活就业人员缴费基数申报): one row per person and range of months.
var FlexBaseFields = []sheet.Field{
	idNoField("身份证号"),
	{Key: "from", Aliases: []string{"起始年月", "开始年月", "起始月份", "缴费起始年月"}, Required: true},
	{Key: "to", Aliases: []string{"终止年月", "截止年月", "终止月份", "缴费终止年月"}},
	{Key: "base", Aliases: []string{"缴费基数", "申报基数", "月缴费基数"}, Required: true},
	{Key: "name", Aliases: []string{"姓名"}},
}

// FlexBases imports the bases chosen by flexible-employment payers
// (collect.Service.ImportFlexBases): the same row again changes nothing; a base out of
// the year's limits, a range overlapping one registered, or a person not
// registered is rejected with its row, field and reason.
func FlexBases(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.FlexBase]{
		name:   "flex-bases",
		fields: FlexBaseFields,
		parse:  parseFlexBase,
		key: func(f shebao.FlexBase) string {
			return strings.Join([]string{f.IDNo, string(f.From), string(f.To), fmt.Sprint(int64(f.Base))}, "|")
		},
		store: func(ctx context.Context, run string, items []item[shebao.FlexBase]) ([]shebao.Outcome, []error, error) {
			fs := make([]shebao.FlexBase, len(items))
			for i, it := range items {
				fs[i] = it.v
			}
			return svc.Collect.ImportFlexBases(ctx, fs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseFlexBase(r sheet.Row) (shebao.FlexBase, error) {
	var f shebao.FlexBase
	if r.PrecisionLost("id_no") {
		return f, shebao.FieldErrorf("身份证号", "身份证号被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写")
	}
	f.IDNo = strings.TrimSpace(r.Values["id_no"])
	y, m, err := sheet.ParseMonth(r.Values["from"])
	if err != nil {
		return f, shebao.FieldErrorf("起始年月", "%s", err.Error())
	}
	f.From = shebao.Period(fmt.Sprintf("%04d-%02d", y, m))
	if s := strings.TrimSpace(r.Values["to"]); s != "" {
		y, m, err := sheet.ParseMonth(s)
		if err != nil {
			return f, shebao.FieldErrorf("终止年月", "%s", err.Error())
		}
		f.To = shebao.Period(fmt.Sprintf("%04d-%02d", y, m))
	}
	fen, err := sheet.ParseYuan(r.Values["base"])
	if err != nil {
		return f, shebao.FieldErrorf("缴费基数", "%s", err.Error())
	}
	if fen <= 0 {
		return f, shebao.FieldErrorf("缴费基数", "缴费基数应大于0")
	}
	f.Base = shebao.Money(fen)
	return f, nil
}
