package ingest

import (
	"context"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ResidentContributionFields are the columns of a village's list of
// residents' annual contributions (城乡居民养老、医保缴费): one row per
// receipt (票据号).
var ResidentContributionFields = []sheet.Field{
	{Key: "receipt", Aliases: []string{"票据号", "收据号", "缴费票据号", "票据编号"}, Required: true},
	idNoField("身份证号"),
	{Key: "year", Aliases: []string{"年度", "缴费年度", "参保年度"}, Required: true},
	{Key: "scheme", Aliases: []string{"险种", "险种代码", "险种名称"}, Required: true},
	{Key: "tier", Aliases: []string{"缴费档次", "缴费金额", "档次", "金额"}},
	{Key: "paid_on", Aliases: []string{"缴费日期", "收款日期", "到账日期"}, Required: true},
	{Key: "name", Aliases: []string{"姓名"}},
}

// ResidentContributions imports residents' annual contributions: each row
// is validated (the person enrolled in the scheme for the year, the tier
// one of the year's tiers), the amounts with subsidies are computed, the
// 170 account credited, the ledger posted and the year written to the
// contribution history (sqldb.ImportResidentContributions), a chunk per
// transaction. A receipt imported before is unchanged.
func ResidentContributions(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.ResidentContribution]{
		name:   "resident-contributions",
		fields: ResidentContributionFields,
		parse:  parseResidentContribution,
		key:    func(c shebao.ResidentContribution) string { return c.ReceiptNo },
		store: func(ctx context.Context, run string, items []item[shebao.ResidentContribution]) ([]shebao.Outcome, []error, error) {
			cs := make([]shebao.ResidentContribution, len(items))
			for i, it := range items {
				cs[i] = it.v
				cs[i].Source = "import:" + run + "#" + strconv.Itoa(it.row)
			}
			return svc.Collect.ImportResidentContributions(ctx, run, cs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseResidentContribution(r sheet.Row) (shebao.ResidentContribution, error) {
	var c shebao.ResidentContribution
	if r.PrecisionLost("receipt") {
		return c, shebao.FieldErrorf("票据号", "票据号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["receipt"])
	}
	if r.PrecisionLost("id_no") {
		return c, shebao.FieldErrorf("身份证号", "身份证号被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写")
	}
	c.ReceiptNo = strings.TrimSpace(r.Values["receipt"])
	c.IDNo = strings.TrimSpace(r.Values["id_no"])
	y, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(r.Values["year"]), "年"))
	if err != nil {
		return c, shebao.FieldErrorf("年度", "年度“%s”无效,应为四位年份", r.Values["year"])
	}
	c.Year = y
	c.Scheme = strings.TrimSpace(r.Values["scheme"])
	if t := strings.TrimSuffix(strings.TrimSpace(r.Values["tier"]), "元"); t != "" {
		fen, err := sheet.ParseYuan(t)
		if err != nil {
			return c, shebao.FieldErrorf("缴费档次", "%s", err.Error())
		}
		c.Tier = shebao.Money(fen)
	}
	d, err := sheet.ParseDate(r.Values["paid_on"])
	if err != nil {
		return c, shebao.FieldErrorf("缴费日期", "%s", err.Error())
	}
	c.PaidOn = d.Format(shebao.DateLayout)
	return c, c.Validate()
}

// LumpSumPaymentFields are the columns of a list of lump-sum payments
// (村改居一次性补缴到账): one row per receipt.
var LumpSumPaymentFields = []sheet.Field{
	{Key: "receipt", Aliases: []string{"票据号", "回单号", "流水号", "收据号"}, Required: true},
	idNoField("身份证号"),
	{Key: "payer", Aliases: []string{"缴费方", "出资方", "缴款方"}, Required: true},
	{Key: "amount", Aliases: []string{"金额", "缴费金额", "到账金额"}, Required: true},
	{Key: "paid_on", Aliases: []string{"到账日期", "缴费日期", "缴款日期"}, Required: true},
	{Key: "name", Aliases: []string{"姓名"}},
}

// LumpSumPayments imports money received for the lump sums of converted
// villages (sqldb.ImportLumpSumPayments): a receipt imported before is
// unchanged; a payment beyond a party's part is refused.
func LumpSumPayments(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.LumpSumPayment]{
		name:   "lumpsum-payments",
		fields: LumpSumPaymentFields,
		parse:  parseLumpSumPayment,
		key:    func(p shebao.LumpSumPayment) string { return p.ReceiptNo },
		store: func(ctx context.Context, run string, items []item[shebao.LumpSumPayment]) ([]shebao.Outcome, []error, error) {
			ps := make([]shebao.LumpSumPayment, len(items))
			for i, it := range items {
				ps[i] = it.v
				ps[i].Source = "import:" + run + "#" + strconv.Itoa(it.row)
			}
			return svc.Collect.ImportLumpSumPayments(ctx, run, ps)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseLumpSumPayment(r sheet.Row) (shebao.LumpSumPayment, error) {
	var p shebao.LumpSumPayment
	if r.PrecisionLost("receipt") || r.PrecisionLost("id_no") {
		return p, shebao.FieldErrorf("票据号", "票据号或身份证号被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写")
	}
	p.ReceiptNo = strings.TrimSpace(r.Values["receipt"])
	p.IDNo = strings.TrimSpace(r.Values["id_no"])
	p.Payer = r.Values["payer"]
	fen, err := sheet.ParseYuan(r.Values["amount"])
	if err != nil {
		return p, shebao.FieldErrorf("金额", "%s", err.Error())
	}
	p.Amount = shebao.Money(fen)
	d, err := sheet.ParseDate(r.Values["paid_on"])
	if err != nil {
		return p, shebao.FieldErrorf("到账日期", "%s", err.Error())
	}
	p.PaidOn = d.Format(shebao.DateLayout)
	return p, p.Validate()
}
