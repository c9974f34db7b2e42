package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ParcelFields are the columns of the 确权 data (承包地块 with their
// contracts, one row per parcel), with the header texts the 确权 software
// and clerks' sheets use.
var ParcelFields = []sheet.Field{
	{Key: "code", Aliases: []string{"地块编码", "承包地块编码", "地块代码"}, Required: true},
	{Key: "id_no", Aliases: []string{"承包方身份证号", "承包方代表身份证号", "户主身份证号", "承包方代表证件号码", "户主身份证号码"},
		Required: true, Label: "承包方身份证号"},
	{Key: "area", Aliases: []string{"地块面积(亩)", "地块面积", "确权面积(亩)", "确权面积", "实测面积(亩)", "承包面积(亩)", "合同面积(亩)"}, Required: true},
	{Key: "class", Aliases: []string{"地类", "土地用途", "地类名称"}, Required: true},
	{Key: "basic", Aliases: []string{"是否基本农田", "基本农田", "是否基本农田(是/否)"}, Required: true},
	{Key: "start", Aliases: []string{"承包起始日期", "承包期限起", "承包开始日期", "承包起始时间"}, Required: true},
	{Key: "end", Aliases: []string{"承包结束日期", "承包期限止", "承包终止日期", "承包结束时间"}, Required: true},
	{Key: "name", Aliases: []string{"承包方代表姓名", "户主姓名", "承包方名称", "户主"}},
	{Key: "contractor", Aliases: []string{"承包方编码", "承包方代码"}},
	{Key: "contract", Aliases: []string{"承包合同编码", "承包合同编号", "合同编码"}},
	{Key: "method", Aliases: []string{"承包方式"}},
	{Key: "cert", Aliases: []string{"经营权证号", "承包经营权证号", "经营权证编号", "权证编号"}},
	{Key: "bounds", Aliases: []string{"四至", "地块四至"}},
	{Key: "east", Aliases: []string{"东至", "四至东"}},
	{Key: "south", Aliases: []string{"南至", "四至南"}},
	{Key: "west", Aliases: []string{"西至", "四至西"}},
	{Key: "north", Aliases: []string{"北至", "四至北"}},
}

// Parcels imports 确权 data (transfer.ImportParcels): keyed by parcel
// code, a repeated row is unchanged and a corrected one updates the parcel
// or its contract with history.
func Parcels(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.NewParcel]{
		name:   "parcels",
		fields: ParcelFields,
		parse:  parseParcel,
		key:    func(p shebao.NewParcel) string { return p.Code },
		store: func(ctx context.Context, run string, items []item[shebao.NewParcel]) ([]shebao.Outcome, []error, error) {
			ps := make([]shebao.NewParcel, len(items))
			for i, it := range items {
				ps[i] = it.v
			}
			return svc.Transfer.ImportParcels(ctx, run, ps)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseParcel(r sheet.Row) (shebao.NewParcel, error) {
	v := func(k string) string { return strings.TrimSpace(r.Values[k]) }
	p := shebao.NewParcel{Code: v("code"), HeadName: v("name"), Area: strings.TrimSuffix(v("area"), "亩"), Class: v("class"),
		ContractorCode: v("contractor"), ContractCode: v("contract"), Method: v("method"), CertNo: v("cert")}
	for _, f := range []struct{ key, name string }{{"code", "地块编码"}, {"contractor", "承包方编码"}} {
		if r.PrecisionLost(f.key) {
			return p, shebao.FieldErrorf(f.name, "%s“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", f.name, r.Values[f.key])
		}
	}
	if r.PrecisionLost("id_no") {
		return p, shebao.FieldErrorf("承包方身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return p, shebao.FieldErrorf("承包方身份证号", "%s", shebao.ErrorMessage(err))
	}
	p.HeadIDNo = id
	basic, ok := shebao.ParseYesNo(v("basic"))
	if !ok {
		return p, shebao.FieldErrorf("是否基本农田", "是否基本农田“%s”应为“是”或“否”", v("basic"))
	}
	p.Basic = basic
	for _, f := range []struct {
		key, name string
		dst       *string
	}{{"start", "承包起始日期", &p.Start}, {"end", "承包结束日期", &p.End}} {
		d, err := sheet.ParseDate(r.Values[f.key])
		if err != nil {
			return p, shebao.FieldErrorf(f.name, "%s", err.Error())
		}
		*f.dst = d.Format(shebao.DateLayout)
	}
	p.Bounds = v("bounds")
	if p.Bounds == "" {
		var parts []string
		for _, d := range []struct{ key, name string }{{"east", "东至"}, {"south", "南至"}, {"west", "西至"}, {"north", "北至"}} {
			if x := v(d.key); x != "" {
				parts = append(parts, d.name+x)
			}
		}
		p.Bounds = strings.Join(parts, ";")
	}
	return p, nil
}
