package sqldb

import (
	"context"

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
	return db.explainPlan(ctx, db.claimSelect()+where+` ORDER BY `+order+` LIMIT 50`, args)
}
