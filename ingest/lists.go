package ingest

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sheet"
	"github.com/shebao/shebao/sqldb"
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
	List    string         `json:"list"`
	Matches []*sqldb.Match `json:"matches"`
}

// MatchList matches an outside list against the registry (sqldb.MatchList):
// a report of every match with the suggested action. Rows whose ID number is
// invalid are reported as errors; rows not in the registry are read and
// counted as unchanged.
func MatchList(ctx context.Context, db *sqldb.DB, list, path string, opt Options) (*MatchReport, error) {
	rep := &MatchReport{List: list, Matches: []*sqldb.Match{}}
	k := kind[sqldb.ListEntry]{
		name:   "list:" + list,
		fields: ListFields,
		parse: func(r sheet.Row) (sqldb.ListEntry, error) {
			id, err := canonicalID(r.Values["id_no"])
			if err != nil {
				return sqldb.ListEntry{}, err
			}
			e := sqldb.ListEntry{Row: r.Num, IDNo: id, Name: r.Values["name"]}
			if d := r.Values["death_date"]; d != "" {
				t, err := sheet.ParseDate(d)
				if err != nil {
					return e, shebao.FieldErrorf("死亡日期", "%s", err.Error())
				}
				e.DeathDate = t.Format(shebao.DateLayout)
			} else if list == sqldb.ListDeath {
				return e, shebao.FieldErrorf("死亡日期", "死亡登记须有死亡日期")
			}
			return e, nil
		},
		key: func(e sqldb.ListEntry) string { return e.IDNo },
		store: func(ctx context.Context, run string, items []item[sqldb.ListEntry]) ([]sqldb.Outcome, []error, error) {
			es := make([]sqldb.ListEntry, len(items))
			for i, it := range items {
				es[i] = it.v
			}
			ms, err := db.MatchList(ctx, list, es)
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
			out := make([]sqldb.Outcome, len(items))
			for i, it := range items {
				out[i] = sqldb.Unchanged
				if applied[it.row] {
					out[i] = sqldb.Updated
				}
			}
			return out, make([]error, len(items)), nil
		},
	}
	s, err := run(ctx, db, k, path, opt)
	rep.Summary = s
	return rep, err
}
