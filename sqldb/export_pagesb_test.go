package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
)

// ExplainClaimsPage is the plan of the page statement of FindClaims for
// the actor of ctx and the filter: EXPLAIN QUERY PLAN on SQLite, EXPLAIN
// on PostgreSQL (where the test only checks that it runs).
func (db *DB) ExplainClaimsPage(ctx context.Context, f shebao.ClaimFilter) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	_, where, args, order, err := claimsPage(sc, f)
	if err != nil {
		return "", err
	}
	explain := "EXPLAIN "
	if db.Dialect != Postgres {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.read.QueryContext(ctx, db.q(explain+db.claimSelect()+where+` ORDER BY `+order+` LIMIT 50`), args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		out = append(out, toString(vals[len(vals)-1]))
	}
	return strings.Join(out, "\n"), rows.Err()
}
