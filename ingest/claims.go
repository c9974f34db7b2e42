package ingest

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ClaimFields are the columns of a list of medical settlements (医疗费用
// 结算明细) from hospitals or the settlement system: one row per hospital
// stay or outpatient visit.
var ClaimFields = []sheet.Field{
	{Key: "settlement", Aliases: []string{"结算单号", "单据号", "结算号", "结算流水号", "单据编号", "结算单据号"}, Required: true},
	idNoField("身份证号"),
	{Key: "scheme", Aliases: []string{"险种", "险种类型", "参保险种", "医保类型", "险种代码"}, Required: true},
	{Key: "hospital", Aliases: []string{"医院名称", "医疗机构名称", "定点医疗机构", "医院", "就诊医院"}, Required: true},
	{Key: "level", Aliases: []string{"医院等级", "医疗机构等级", "等级"}, Required: true},
	{Key: "admitted", Aliases: []string{"入院日期", "就诊日期", "门诊日期"}, Required: true},
	{Key: "discharged", Aliases: []string{"出院日期", "结算日期"}},
	{Key: "total", Aliases: []string{"总费用", "医疗总费用", "费用总额", "总金额"}, Required: true},
	{Key: "eligible", Aliases: []string{"合规费用", "政策范围内费用", "符合政策范围费用", "政策内费用"}, Required: true},
	{Key: "type", Aliases: []string{"医疗类别", "就诊类型", "结算类别", "类别"}},
	{Key: "name", Aliases: []string{"姓名"}},
}

// Claims imports medical settlements: each new settlement is reimbursed
// (sqldb.ImportClaims) — within a chunk in discharge-date order, since the
// annual cap is used up in that order; a settlement imported before is
// unchanged and never recomputed.
func Claims(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.NewClaim]{
		name:   "claims",
		fields: ClaimFields,
		parse:  parseClaim,
		key:    func(c shebao.NewClaim) string { return c.SettlementNo },
		store: func(ctx context.Context, run string, items []item[shebao.NewClaim]) ([]shebao.Outcome, []error, error) {
			cs := make([]shebao.NewClaim, len(items))
			for i, it := range items {
				cs[i] = it.v
				cs[i].Source = "import:" + run + "#" + itoa(it.row)
			}
			return svc.Medical.ImportClaims(ctx, run, cs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseClaim(r sheet.Row) (shebao.NewClaim, error) {
	var c shebao.NewClaim
	if r.PrecisionLost("settlement") {
		return c, shebao.FieldErrorf("结算单号", "结算单号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["settlement"])
	}
	c.SettlementNo = strings.TrimSpace(r.Values["settlement"])
	if c.SettlementNo == "" {
		return c, shebao.FieldErrorf("结算单号", "结算单号不能为空")
	}
	if r.PrecisionLost("id_no") {
		return c, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return c, err
	}
	c.IDNo = id
	c.Scheme = strings.TrimSpace(r.Values["scheme"])
	c.Type = strings.TrimSpace(r.Values["type"])
	c.Hospital = strings.TrimSpace(r.Values["hospital"])
	level, ok := shebao.ParseHospitalLevel(r.Values["level"])
	if !ok {
		return c, shebao.FieldErrorf("医院等级", "医院等级“%s”无效,应为一级、二级、三级(或1、2、3)或基层", r.Values["level"])
	}
	c.Level = level
	d, err := sheet.ParseDate(r.Values["admitted"])
	if err != nil {
		return c, shebao.FieldErrorf("入院日期", "%s", err.Error())
	}
	c.Admitted = d.Format(shebao.DateLayout)
	if v := strings.TrimSpace(r.Values["discharged"]); v != "" {
		d, err := sheet.ParseDate(v)
		if err != nil {
			return c, shebao.FieldErrorf("出院日期", "%s", err.Error())
		}
		c.Discharged = d.Format(shebao.DateLayout)
	}
	total, err := sheet.ParseYuan(r.Values["total"])
	if err != nil {
		return c, shebao.FieldErrorf("总费用", "%s", err.Error())
	}
	eligible, err := sheet.ParseYuan(r.Values["eligible"])
	if err != nil {
		return c, shebao.FieldErrorf("合规费用", "%s", err.Error())
	}
	c.TotalCost, c.Eligible = shebao.Money(total), shebao.Money(eligible)
	return c, c.Normalize(shebao.Today())
}
