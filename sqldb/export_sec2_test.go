package sqldb

import "context"

// QueryString reads one text value outside the store's rules, for tests
// that check what a migration or a write left in a column.
func (db *DB) QueryString(ctx context.Context, query string, args ...any) (string, error) {
	var s string
	err := db.queryRow(ctx, query, args...).Scan(&s)
	return s, err
}
