package sqldb

import "context"

// AccountSums returns the sums of the debits and credits posted to an
// account of a fund, for the tests of back payments, cancellations and
// write-offs.
func (db *DB) AccountSums(ctx context.Context, fund, account string) (debit, credit int64, err error) {
	err = db.queryRow(ctx, `SELECT COALESCE(CAST(SUM(debit) AS BIGINT), 0), COALESCE(CAST(SUM(credit) AS BIGINT), 0)
		FROM journal_lines WHERE fund = $1 AND account = $2`, fund, account).Scan(&debit, &credit)
	return debit, credit, err
}
