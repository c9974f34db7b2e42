package ingest

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// LaborFields are the columns of the labour register (劳动力资源台账) as
// villages keep it: one row per person of working age.
var LaborFields = []sheet.Field{
	idNoField("身份证号"),
	{Key: "status", Aliases: []string{"就业状态", "就业情况", "就业类型", "状态"}, Required: true},
	{Key: "destination", Aliases: []string{"转移地点", "转移去向", "务工地点", "就业地点"}},
	{Key: "skills", Aliases: []string{"技能", "专业技能", "技能特长", "特长"}},
	{Key: "certificates", Aliases: []string{"证书", "职业资格证书", "技能等级证书", "职业技能等级"}},
	{Key: "training_wish", Aliases: []string{"培训意愿", "培训需求", "意愿培训工种"}},
	{Key: "work_wish", Aliases: []string{"就业意愿", "务工意愿", "求职意向"}},
	{Key: "name", Aliases: []string{"姓名"}},
}

// Labor imports lines of the labour register (employ.Service.ImportLabor):
// a person unknown or outside the jurisdiction, deceased or not of working
// age today, or an unknown status, is refused by row; the same row again
// changes nothing; a changed row updates the entry and keeps its history.
func Labor(ctx context.Context, svc *app.App, path string, opt Options) (*Summary, error) {
	k := kind[shebao.LaborEntry]{
		name:   "labor",
		fields: LaborFields,
		parse:  parseLabor,
		key:    func(e shebao.LaborEntry) string { return e.IDNo },
		store: func(ctx context.Context, run string, items []item[shebao.LaborEntry]) ([]shebao.Outcome, []error, error) {
			es := make([]shebao.LaborEntry, len(items))
			for i, it := range items {
				es[i] = it.v
			}
			return svc.Employ.ImportLabor(ctx, run, es)
		},
	}
	return run(ctx, svc, k, path, opt)
}

func parseLabor(r sheet.Row) (shebao.LaborEntry, error) {
	var e shebao.LaborEntry
	if r.PrecisionLost("id_no") {
		return e, shebao.FieldErrorf("身份证号", "身份证号被存成了数字,已丢失末几位,请将该列设为文本格式后重新填写")
	}
	id, err := canonicalID(r.Values["id_no"])
	if err != nil {
		return e, err
	}
	e = shebao.LaborEntry{IDNo: id, Status: r.Values["status"], Destination: r.Values["destination"], Skills: r.Values["skills"],
		Certificates: r.Values["certificates"], TrainingWish: r.Values["training_wish"], WorkWish: r.Values["work_wish"]}
	return e, e.Check()
}
