package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// ExplainLaborRebuild is the plan of the labour register rebuild's two
// statements for the actor of ctx (a chunk's bound, then its statuses):
// EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
func (db *DB) ExplainLaborRebuild(ctx context.Context, ages policy.LaborAges, lo, hi string) (string, error) {
	sc, err := keeperScope(ctx)
	if err != nil {
		return "", err
	}
	explain := "EXPLAIN "
	if db.Dialect != Postgres {
		explain = "EXPLAIN QUERY PLAN "
	}
	var out []string
	bq, bargs := laborBoundQuery(sc, lo, 10000)
	rq, rargs := laborRebuildSelect(sc, ages, lo, hi)
	for _, s := range []struct {
		q    string
		args []any
	}{{bq, bargs}, {rq, rargs}} {
		rows, err := db.read.QueryContext(ctx, db.q(explain+s.q), s.args...)
		if err != nil {
			return "", err
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			out = append(out, toString(vals[len(vals)-1]))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		out = append(out, "--")
	}
	return strings.Join(out, "\n"), nil
}

// PendingCounterRows is the number of month rows of counter changes the
// unit of work of ctx holds, not yet added to the counters (-1 outside a
// unit of work).
func (db *DB) PendingCounterRows(ctx context.Context) int {
	tx := db.txFrom(ctx)
	if tx == nil {
		return -1
	}
	if tx.counters == nil {
		return 0
	}
	return len(tx.counters.months)
}

// ExplainProjectHeads is the plan of ProjectHeads' statement for ids.
func (db *DB) ExplainProjectHeads(ctx context.Context, ids []string) (string, error) {
	q, args := projectHeadsQuery(&Tx{db: db}, ids)
	return db.explainPlan(ctx, q, args)
}

// ExplainAssistCasesOf is the plan of AssistCasesOf's statement for the
// actor of ctx.
func (db *DB) ExplainAssistCasesOf(ctx context.Context, idNo string) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	q, args := assistCasesOfQuery(sc, idNo)
	return db.explainPlan(ctx, q, args)
}

// assessParts names the parts of the assessment's lines for the tests.
var assessParts = map[string]assessPart{"all": assessAll, "declared": assessDeclared, "undeclared": assessUndeclared}

// AssessLinesSQL is the SELECT of one part of the assessment's lines
// ("all", "declared" or "undeclared") for the actor of ctx, with its
// arguments.
func (db *DB) AssessLinesSQL(ctx context.Context, period shebao.Period, p policy.AssessParams, part string) (string, []any, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", nil, err
	}
	q, args := assessLinesQuery(&Tx{db: db}, sc, period, p, nil, assessParts[part], "test")
	return q, args, nil
}

// ExplainAssessPart is the plan of one part of the assessment's lines
// ("all", "declared" or "undeclared") with its own arguments.
func (db *DB) ExplainAssessPart(ctx context.Context, period shebao.Period, p policy.AssessParams, part string) (string, error) {
	q, args, err := db.AssessLinesSQL(ctx, period, p, part)
	if err != nil {
		return "", err
	}
	return db.explainPlan(ctx, q, args)
}

// ExplainAssessBills is the plan of the assessment's INSERT of the bills
// of the employers rewrite.
func (db *DB) ExplainAssessBills(ctx context.Context, period shebao.Period, rewrite []string) (string, error) {
	q, args := assessBillsQuery(&Tx{db: db}, period, rewrite)
	return db.explainPlan(ctx, q, args)
}
