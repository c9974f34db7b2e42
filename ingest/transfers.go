package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// TransferFields are the columns of a list of transfer contracts (流转合同
// 台账): one row per contract and parcel (or, for a lending, per deposit
// contract it draws on).
var TransferFields = []sheet.Field{
	{Key: "no", Aliases: []string{"流转合同号", "流转合同编号", "合同编号", "合同号"}, Required: true},
	// A lending (贷出) of a 土地信用合作社 names the deposit contract it
	// draws on instead of a parcel, and the cooperative's USCC as 转出方.
	{Key: "parcel", Aliases: []string{"地块编码", "承包地块编码", "地块代码"}},
	{Key: "deposit", Aliases: []string{"存入合同号", "存入合同编号", "依据存入合同号"}},
	{Key: "area", Aliases: []string{"流转面积(亩)", "流转面积", "面积(亩)"}, Required: true},
	{Key: "from", Aliases: []string{"转出方身份证号", "流出方身份证号", "转出方证件号码", "出让方身份证号", "转出方身份证号或统一社会信用代码"}, Required: true, Label: "转出方身份证号"},
	{Key: "to", Aliases: []string{"受入方", "受入方身份证号或统一社会信用代码", "受让方", "流入方", "受让方证件号码", "流入方证件号码", "受入方证件号码"}, Required: true},
	{Key: "to_name", Aliases: []string{"受入方名称", "受让方名称", "流入方名称", "受入方姓名"}, Required: true},
	{Key: "form", Aliases: []string{"流转方式", "流转形式"}, Required: true},
	{Key: "start", Aliases: []string{"起始日期", "流转起始日期", "开始日期", "流转期限起"}, Required: true},
	{Key: "end", Aliases: []string{"结束日期", "流转结束日期", "终止日期", "流转期限止"}, Required: true},
	// 租金 is 元/亩/年 ("500") or a quantity in kind per 亩 and year
	// ("800斤稻谷"), converted at transfer.kind_prices.
	{Key: "rent", Aliases: []string{"租金(元/亩/年)", "租金", "流转价格(元/亩/年)", "流转价格", "租金(元/亩/年或实物)"}, Required: true},
	{Key: "purpose", Aliases: []string{"用途", "流转用途", "土地用途"}, Required: true},
	{Key: "schedule", Aliases: []string{"支付方式", "租金支付方式", "付款方式", "支付期限"}},
	{Key: "consent", Aliases: []string{"发包方同意", "发包方同意书", "发包方同意文号"}},
}

// Transfers imports transfer contracts (transfer.ImportTransfers): each new
// contract waits for 鉴证 by the town's service centre.
func Transfers(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.NewTransferLine]{
		name:   "transfers",
		fields: TransferFields,
		parse:  parseTransferLine,
		key:    func(l shebao.NewTransferLine) string { return l.No + "/" + l.ParcelCode + "/" + l.Deposit },
		store: func(ctx context.Context, run string, items []item[shebao.NewTransferLine]) ([]shebao.Outcome, []error, error) {
			ls := make([]shebao.NewTransferLine, len(items))
			for i, it := range items {
				ls[i] = it.v
			}
			return svc.Transfer.ImportTransfers(ctx, run, ls)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseTransferLine(r sheet.Row) (shebao.NewTransferLine, error) {
	v := func(k string) string { return strings.TrimSpace(r.Values[k]) }
	l := shebao.NewTransferLine{No: v("no"), ParcelCode: v("parcel"), Area: strings.TrimSuffix(v("area"), "亩"),
		TransferorIDNo: v("from"), TransfereeID: v("to"), TransfereeName: v("to_name"), Form: v("form"),
		Rent: strings.TrimSuffix(strings.TrimSuffix(v("rent"), "元/亩/年"), "元"), Purpose: v("purpose"), Consent: v("consent"), Schedule: v("schedule"),
		Deposit: v("deposit")}
	if l.ParcelCode == "" && l.Deposit == "" {
		return l, shebao.FieldErrorf("地块编码", "地块编码不能为空(合作社贷出存入的土地时填写存入合同号)")
	}
	for _, f := range []struct{ key, name string }{{"parcel", "地块编码"}, {"from", "转出方身份证号"}, {"to", "受入方"}} {
		if r.PrecisionLost(f.key) {
			return l, shebao.FieldErrorf(f.name, "%s“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", f.name, r.Values[f.key])
		}
	}
	for _, f := range []struct {
		key, name string
		dst       *string
	}{{"start", "起始日期", &l.Start}, {"end", "结束日期", &l.End}} {
		d, err := sheet.ParseDate(r.Values[f.key])
		if err != nil {
			return l, shebao.FieldErrorf(f.name, "%s", err.Error())
		}
		*f.dst = d.Format(shebao.DateLayout)
	}
	return l, nil
}
