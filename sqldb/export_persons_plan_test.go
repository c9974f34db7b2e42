package sqldb

import (
	"context"
	"strings"
)

// ExplainPersonCount is the plan of 人员查询's pager total for the persons
// of the region range lo–hi whose name contains part ("" for any):
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL. The statement is
// also run, so that a PostgreSQL plan is one of a statement that works.
func (db *DB) ExplainPersonCount(ctx context.Context, lo, hi, part string) (string, int, error) {
	conds := []string{"p.region_code BETWEEN $1 AND $2"}
	args := []any{lo, hi}
	if part != "" {
		args = append(args, "%"+likeEscaper.Replace(part)+"%")
		conds = append(conds, `p.name LIKE $3 ESCAPE '\'`)
	}
	q := personCountQuery(conds, true)
	var n int
	if err := db.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return "", 0, err
	}
	explain := "EXPLAIN "
	if db.Dialect != Postgres {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.read.QueryContext(ctx, db.q(explain+q), args...)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", 0, err
		}
		lines = append(lines, toString(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n"), n, rows.Err()
}
