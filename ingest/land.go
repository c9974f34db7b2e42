package ingest

import (
	"context"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ExpropriationFields are the columns of the land bureau's list of
// expropriation batches (征地批次): one row per approval.
var ExpropriationFields = []sheet.Field{
	{Key: "no", Aliases: []string{"批准文号", "征地批准文号", "批复文号", "征地批文号"}, Required: true},
	{Key: "date", Aliases: []string{"批准日期", "批复日期", "征地批准日期"}, Required: true},
	{Key: "region", Aliases: []string{"区划代码", "村级区划代码", "统计用区划代码", "所属区划", "被征地村"}, Required: true},
	{Key: "area", Aliases: []string{"征收耕地面积", "征地面积", "征收面积"}, Required: true},
	{Key: "farmland", Aliases: []string{"征地前耕地面积", "原有耕地面积", "耕地总面积"}, Required: true},
	{Key: "population", Aliases: []string{"征地前农业人口", "农业人口", "征地前农业人口数"}, Required: true},
}

// Expropriations imports expropriation batches (sqldb.ImportLandBatches):
// keyed by approval number, a repeated row is unchanged and a corrected
// one updates the batch with its history.
func Expropriations(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.NewLandBatch]{
		name:   "expropriations",
		fields: ExpropriationFields,
		parse:  parseExpropriation,
		key:    func(b shebao.NewLandBatch) string { return b.ApprovalNo },
		store: func(ctx context.Context, run string, items []item[shebao.NewLandBatch]) ([]shebao.Outcome, []error, error) {
			bs := make([]shebao.NewLandBatch, len(items))
			for i, it := range items {
				bs[i] = it.v
			}
			return svc.Land.ImportLandBatches(ctx, run, bs)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseExpropriation(r sheet.Row) (shebao.NewLandBatch, error) {
	b := shebao.NewLandBatch{
		ApprovalNo: strings.TrimSpace(r.Values["no"]),
		Region:     strings.TrimSpace(r.Values["region"]),
		AreaTaken:  strings.TrimSpace(r.Values["area"]),
		Farmland:   strings.TrimSpace(r.Values["farmland"]),
	}
	if b.ApprovalNo == "" {
		return b, shebao.FieldErrorf("批准文号", "批准文号不能为空")
	}
	if r.PrecisionLost("region") {
		return b, shebao.FieldErrorf("区划代码", "区划代码“%s”被存成了数字,请将该列设为文本格式后重新填写", r.Values["region"])
	}
	d, err := sheet.ParseDate(r.Values["date"])
	if err != nil {
		return b, shebao.FieldErrorf("批准日期", "%s", err.Error())
	}
	b.ApprovedOn = d.Format(shebao.DateLayout)
	pop := strings.TrimSuffix(strings.TrimSpace(r.Values["population"]), "人")
	n, err := strconv.Atoi(strings.ReplaceAll(pop, ",", ""))
	if err != nil || n <= 0 {
		return b, shebao.FieldErrorf("征地前农业人口", "征地前农业人口“%s”应为正整数", r.Values["population"])
	}
	b.AgriPopulation = n
	return b, nil
}

// RosterFields are the columns of a village's roster (被征地人员名单).
var RosterFields = []sheet.Field{
	idNoField("身份证号"),
	{Key: "no", Aliases: []string{"批准文号", "征地批准文号", "批复文号", "征地批文号"}, Required: true},
	{Key: "name", Aliases: []string{"姓名"}, Required: true},
}

// Roster imports a roster (sqldb.SubmitRoster): each person is checked
// against the batch, and a person already on it is unchanged. Accepting
// the roster (enrollment, 即征即保) is a separate step by the district.
func Roster(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.RosterEntry]{
		name:   "roster",
		fields: RosterFields,
		parse:  parseRosterEntry,
		key:    func(e shebao.RosterEntry) string { return e.IDNo },
		store: func(ctx context.Context, run string, items []item[shebao.RosterEntry]) ([]shebao.Outcome, []error, error) {
			es := make([]shebao.RosterEntry, len(items))
			for i, it := range items {
				es[i] = it.v
			}
			return svc.Land.SubmitRoster(ctx, run, es)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseRosterEntry(r sheet.Row) (shebao.RosterEntry, error) {
	var e shebao.RosterEntry
	if r.PrecisionLost("id_no") {
		return e, shebao.FieldErrorf("身份证号", "身份证号“%s”被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写", r.Values["id_no"])
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return e, err
	}
	e = shebao.RosterEntry{IDNo: id, ApprovalNo: strings.TrimSpace(r.Values["no"]), Name: strings.TrimSpace(r.Values["name"])}
	if e.ApprovalNo == "" {
		return e, shebao.FieldErrorf("批准文号", "批准文号不能为空")
	}
	if e.Name == "" {
		return e, shebao.FieldErrorf("姓名", "姓名不能为空")
	}
	return e, nil
}
