package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
)

// transferredInSQL is how the employment report counted 外来务工 before
// the workers' counters (shebao.CounterWorkers; issue #16 item 7): it
// counts the employees (110, 参保缴费 from $4 or before)
// of the employers of the region $1 … $2 whose own region lies outside it
// (外来务工). It reads the employer's index alone, which carries the
// enrollment's region, start and person (migration 0110).
const transferredInSQL = `SELECT COUNT(DISTINCT e.id_no) FROM enrollments e JOIN employers m ON m.uscc = e.employer_uscc
	WHERE m.region_code BETWEEN $1 AND $2 AND NOT (e.region_code BETWEEN $1 AND $2) AND e.scheme = '` + shebao.SchemeEmployeePension + `'
	AND e.status = '` + shebao.EnrollActive + `' AND e.start_date <= $4`

// LiveTransferredIn counts the region's 外来务工 on the day straight from
// the enrollments (transferredInSQL), for the tests to compare the
// counters with.
func (db *DB) LiveTransferredIn(ctx context.Context, region, day string) (int64, error) {
	lo, hi, err := prefixRange(region)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.queryRow(ctx, strings.Replace(transferredInSQL, "$4", "$3", 1), lo, hi, day).Scan(&n)
	return n, err
}
