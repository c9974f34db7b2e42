package sqldb

import "context"

// ContributionYearSums returns the rows and the sum of base_total of
// contribution_years of a scheme with 12 months, for tests.
func (db *DB) ContributionYearSums(scheme string) (n, base int64, err error) {
	err = db.queryRow(context.Background(), `SELECT COUNT(*), CAST(COALESCE(SUM(base_total), 0) AS BIGINT) FROM contribution_years
		WHERE scheme = $1 AND months = 12`, scheme).Scan(&n, &base)
	return n, base, err
}
