package sqldb

import (
	"context"

	"github.com/shebao/shebao"
)

// LiveEmploymentFigures counts, straight from the records, the figures of
// the employment report that are counters since migration 0117 (the
// unemployed, 就业困难人员, 零就业家庭, placements and training), as
// EmploymentFigures counted them before: for the tests to compare.
func (db *DB) LiveEmploymentFigures(ctx context.Context, code, from, to string) (shebao.EmploymentFigures, error) {
	var f shebao.EmploymentFigures
	lo, hi, err := prefixRange(code)
	if err != nil {
		return f, err
	}
	fromM, toM := from[:7], to[:7]
	err = db.queryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.registered_on <= $4
				AND (u.ended_on = '' OR u.ended_on > $4)),
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.registered_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM unemployment_registrations u WHERE u.region_code BETWEEN $1 AND $2 AND u.ended_on <> '' AND u.ended_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM hardship_certifications h WHERE h.region_code BETWEEN $1 AND $2 AND h.certified_on <= $4
				AND (h.ended_on = '' OR h.ended_on > $4)),
			(SELECT COUNT(*) FROM post_placements x WHERE x.region_code BETWEEN $1 AND $2 AND x.priority = '`+shebao.PostPriorityHardship+`'
				AND x.start_month BETWEEN $5 AND $6),
			(SELECT COUNT(*) FROM zero_employment_households z WHERE z.region_code BETWEEN $1 AND $2 AND z.found_on <= $4
				AND (z.cleared_on = '' OR z.cleared_on > $4)),
			(SELECT COUNT(*) FROM zero_employment_households z WHERE z.region_code BETWEEN $1 AND $2 AND z.cleared_on <> '' AND z.cleared_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM post_placements x WHERE x.region_code BETWEEN $1 AND $2 AND x.start_month BETWEEN $5 AND $6),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertPrimary+`'),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertIntermediate+`'),
			(SELECT COUNT(*) FROM training_enrolments t WHERE t.region_code BETWEEN $1 AND $2 AND t.status = '`+shebao.TrainingCompleted+`'
				AND t.completed_on BETWEEN $3 AND $4 AND t.certificate = '`+shebao.CertSenior+`')`,
		lo, hi, from, to, fromM, toM).Scan(&f.Unemployed, &f.UnemployedNew, &f.UnemployedEnded, &f.Hardship, &f.HardshipPlaced, &f.ZeroHouseholds, &f.ZeroCleared,
		&f.Placements, &f.TrainingCompleted, &f.CertPrimary, &f.CertIntermediate, &f.CertSenior)
	return f, err
}
