package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
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
	plan, err := db.explainPlan(ctx, q, args)
	return plan, n, err
}

// ExplainAudit is the plan of the audit page's statement (FindAudit) for
// the entries of the region range lo–hi, run as well.
func (db *DB) ExplainAudit(ctx context.Context, lo, hi string, limit int) (string, int, error) {
	q := auditQuery([]string{"region_code BETWEEN $1 AND $2"}, limit)
	args := []any{lo, hi}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return "", 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	plan, err := db.explainPlan(ctx, q, args)
	return plan, n, err
}

// explainPlan is EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL, of q.
func (db *DB) explainPlan(ctx context.Context, q string, args []any) (string, error) {
	explain := "EXPLAIN "
	if db.Dialect != Postgres {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.read.QueryContext(ctx, db.q(explain+q), args...)
	if err != nil {
		return "", err
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
			return "", err
		}
		lines = append(lines, toString(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// ExplainOpenEnrollments returns the plan of FindEnrollments' count of a
// village's open enrollments of a scheme and status.
func (db *DB) ExplainOpenEnrollments(ctx context.Context, region string) (string, error) {
	return db.explainPlan(ctx, `SELECT COUNT(*) FROM enrollments n WHERE n.scheme = $1 AND n.status = $2 AND `+openEnrollmentCond+
		` AND n.region_code BETWEEN $3 AND $4`, []any{"110", shebao.EnrollActive, region, region})
}

// ExplainEmploymentPayments returns the plan of the employment report's
// count of the persons paid 公益性岗位 subsidies in a span of months.
func (db *DB) ExplainEmploymentPayments(ctx context.Context) (string, error) {
	return db.explainPlan(ctx, `SELECT COUNT(DISTINCT b.id_no) FROM benefit_payments b WHERE `+employmentPaymentsCond+
		` AND b.region_code BETWEEN $1 AND $2 AND b.kind IN ('`+shebao.BenefitPublicPost+`', '`+shebao.BenefitPostInsurance+`') AND b.month BETWEEN $3 AND $4`,
		[]any{"640106000000", "640106999999", "2026-01", "2026-12"})
}
