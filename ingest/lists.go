package ingest

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// ListFields are the columns of an outside list (another district's
// insured, the 低保 list, the death register).
var ListFields = []sheet.Field{
	idNoField("公民身份号码"),
	{Key: "name", Aliases: []string{"姓名"}},
	{Key: "death_date", Aliases: []string{"死亡日期", "死亡时间"}},
}

// MatchReport is the result of matching an outside list.
type MatchReport struct {
	*Summary
	List    string          `json:"list"`
	Matches []*shebao.Match `json:"matches"`
}

// MatchList matches an outside list against the registry (sqldb.MatchList):
// a report of every match with the suggested action. Rows whose ID number is
// invalid are reported as errors; rows not in the registry are read and
// counted as unchanged.
func MatchList(ctx context.Context, svc *app.App, list, path string, opt Options) (*MatchReport, error) {
	rep := &MatchReport{List: list, Matches: []*shebao.Match{}}
	k := kind[shebao.ListEntry]{
		name:   "list:" + list,
		fields: ListFields,
		parse: func(r sheet.Row) (shebao.ListEntry, error) {
			id, err := canonicalID(r.Values["id_no"])
			if err != nil {
				return shebao.ListEntry{}, err
			}
			e := shebao.ListEntry{Row: r.Num, IDNo: id, Name: r.Values["name"]}
			if d := r.Values["death_date"]; d != "" {
				t, err := sheet.ParseDate(d)
				if err != nil {
					return e, shebao.FieldErrorf("死亡日期", "%s", err.Error())
				}
				e.DeathDate = t.Format(shebao.DateLayout)
			} else if list == shebao.ListDeath {
				return e, shebao.FieldErrorf("死亡日期", "死亡登记须有死亡日期")
			}
			return e, nil
		},
		key: func(e shebao.ListEntry) string { return e.IDNo },
		store: func(ctx context.Context, run string, items []item[shebao.ListEntry]) ([]shebao.Outcome, []error, error) {
			es := make([]shebao.ListEntry, len(items))
			for i, it := range items {
				es[i] = it.v
			}
			ms, err := svc.Registry.MatchList(ctx, list, es)
			if err != nil {
				return nil, nil, err
			}
			applied := map[int]bool{}
			for _, m := range ms {
				if m.Applied != "" {
					applied[m.Row] = true
				}
			}
			rep.Matches = append(rep.Matches, ms...)
			out := make([]shebao.Outcome, len(items))
			for i, it := range items {
				out[i] = shebao.Unchanged
				if applied[it.row] {
					out[i] = shebao.Updated
				}
			}
			return out, make([]error, len(items)), nil
		},
	}
	s, err := run(ctx, svc, k, path, opt)
	rep.Summary = s
	return rep, err
}
