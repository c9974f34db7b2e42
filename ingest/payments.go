package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sheet"
)

// PaymentFields are the columns of a bank's list of payments received
// (银行到账明细): one row per receipt.
var PaymentFields = []sheet.Field{
	{Key: "receipt", Aliases: []string{"回单号", "流水号", "银行回单号", "交易流水号", "电子回单号"}, Required: true},
	{Key: "uscc", Aliases: []string{"统一社会信用代码", "单位统一社会信用代码", "社会信用代码", "缴款单位代码"}, Required: true},
	{Key: "amount", Aliases: []string{"金额", "到账金额", "缴款金额", "交易金额"}, Required: true},
	{Key: "paid_on", Aliases: []string{"到账日期", "缴款日期", "交易日期", "入账日期"}, Required: true},
	{Key: "name", Aliases: []string{"单位名称", "缴款单位", "付款人名称"}},
}

// Payments imports payments received: each row is recorded and allocated
// to the employer's unpaid bills oldest first (sqldb.RecordPayment); a
// receipt imported before is unchanged.
func Payments(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.Payment]{
		name:   "payments",
		fields: PaymentFields,
		parse:  parsePayment,
		key:    func(p shebao.Payment) string { return p.ReceiptNo },
		store: func(ctx context.Context, run string, items []item[shebao.Payment]) ([]shebao.Outcome, []error, error) {
			ps := make([]shebao.Payment, len(items))
			for i, it := range items {
				ps[i] = it.v
			}
			return svc.Collect.ImportPayments(ctx, run, ps)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parsePayment(r sheet.Row) (shebao.Payment, error) {
	var p shebao.Payment
	if r.PrecisionLost("receipt") {
		return p, shebao.FieldErrorf("回单号", "回单号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["receipt"])
	}
	p.ReceiptNo = strings.TrimSpace(r.Values["receipt"])
	u, err := idno.ParseUSCC(r.Values["uscc"])
	if err != nil {
		return p, shebao.FieldErrorf("统一社会信用代码", "%s", err.Error())
	}
	fen, err := sheet.ParseYuan(r.Values["amount"])
	if err != nil {
		return p, shebao.FieldErrorf("金额", "%s", err.Error())
	}
	d, err := sheet.ParseDate(r.Values["paid_on"])
	if err != nil {
		return p, shebao.FieldErrorf("到账日期", "%s", err.Error())
	}
	p = shebao.Payment{ReceiptNo: p.ReceiptNo, Kind: shebao.PaymentKindPayment, Employer: u.Code, Amount: shebao.Money(fen),
		PaidOn: d.Format(shebao.DateLayout)}
	return p, p.Validate()
}
