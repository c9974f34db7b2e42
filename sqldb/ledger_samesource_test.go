package sqldb_test

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Two chunks of movements under one source whose sums happen to be equal:
// the second chunk's entry has the same lines as the first's and would be
// taken for a re-post, leaving its movements without their liability. It
// is refused, and the books stay balanced. (Found by the interest crash
// test's data, which cut opening balances into chunks of equal sum.)
func TestMoveAccountsSameSourceEqualSum(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ids := ledgerPersons(t, db, 2)
		chunk := func(id string) []shebao.AccountMovement {
			return []shebao.AccountMovement{{IDNo: id, Fund: "110", Date: "2023-12-31", Kind: shebao.MoveCredit, Source: "opening", Amount: shebao.Yuan(500)}}
		}
		if n, err := db.MoveAccounts(ledgerFinance, "2023-12-31", "opening", "期初余额", chunk(ids[0])); err != nil || n != 1 {
			t.Fatalf("first chunk: %d %v", n, err)
		}
		_, err := db.MoveAccounts(ledgerFinance, "2023-12-31", "opening", "期初余额", chunk(ids[1]))
		wantError(t, err, shebao.ECONFLICT, "已记账")
		if _, ok, _ := db.IndividualAccount(admin, ids[1], "110"); ok {
			t.Error("the refused chunk opened an account")
		}
		// The first chunk again: nothing moves, nothing is refused.
		if n, err := db.MoveAccounts(ledgerFinance, "2023-12-31", "opening", "期初余额", chunk(ids[0])); err != nil || n != 0 {
			t.Fatalf("re-run: %d %v", n, err)
		}
		if res, fc := ledgerCheck(t, db, "110"); !res.Balanced || fc.Accounts.Liability != shebao.Yuan(500) {
			t.Fatalf("books: %v %+v", res.Problems, fc.Accounts)
		}
	})
}
