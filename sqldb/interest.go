package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// InterestResult is what an interest run did.
type InterestResult struct {
	Year     int          `json:"year"`
	Rate     string       `json:"rate"`
	Source   string       `json:"source"` // the policy document of the rate
	Accounts int          `json:"accounts"`
	Credited int          `json:"credited"` // accounts credited by this run (0 when run again)
	Total    shebao.Money `json:"total"`    // interest of the year over all accounts
	Formula  string       `json:"formula"`
}

// interestChunk is how many accounts one transaction credits.
var interestChunk = 10000

// RunInterest credits a year's interest to every pension individual account
// (fund 110) at the year's 记账利率, by the annual formula of
// policy.AccountInterest, as movements of kind interest dated 31 December
// with the matching ledger entry. The balances are read set-based (one
// GROUP BY over the movements) and streamed; accounts are credited in
// chunks, each in its own transaction, keyed "interest:<year>", so a run
// that stops half way is finished by running it again and a second run
// changes nothing.
func (db *DB) RunInterest(ctx context.Context, year int) (*InterestResult, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if !sc.all {
		return nil, shebao.Errorf(shebao.EFORBIDDEN, "个人账户计息须由全库管理员或批处理执行")
	}
	if year < 1997 || year > shebao.Today().Year() {
		return nil, shebao.FieldErrorf("year", "计息年度%d无效", year)
	}
	set, err := db.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	rate, param, err := set.Rate("interest.110", "", jan1)
	if err != nil {
		return nil, fmt.Errorf("%d年记账利率: %w", year, err)
	}
	res := &InterestResult{Year: year, Rate: rate.Percent(), Source: param.Cite(),
		Formula: "上年末累计储存额 × 记账利率 + 本年记账额 × 记账利率 × 1.083 × 1/2(劳办发〔1997〕116号)"}
	start, end := jan1.Format(shebao.DateLayout), fmt.Sprintf("%d-12-31", year)
	source := "interest:" + strconv.Itoa(year)
	// The year's interest movement (dated 31 December, so never in the
	// opening balance) is read too: accounts credited by an earlier run are
	// checked and left out of the chunks.
	rows, err := db.query(ctx, `SELECT id_no,
			SUM(CASE WHEN moved_on < $1 THEN amount ELSE 0 END),
			SUM(CASE WHEN moved_on >= $1 AND moved_on <= $2 AND kind IN ('credit', 'transfer_in') THEN amount ELSE 0 END),
			SUM(CASE WHEN kind = 'interest' AND source = $3 THEN amount ELSE 0 END),
			COUNT(CASE WHEN kind = 'interest' AND source = $3 THEN 1 END)
		FROM account_movements WHERE fund = '110' AND moved_on <= $2
		GROUP BY id_no ORDER BY id_no`, start, end, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var chunk []shebao.AccountMovement
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		// Each chunk's ledger entry has its own source, the first account
		// of the chunk: one entry per fund, kind and source is all the
		// ledger takes. Chunks hold only accounts not yet credited, so the
		// entry covers exactly the chunk's movements and its first account
		// names no earlier entry, however the accounts changed since an
		// interrupted run. A chunk is one transaction, so a run after a
		// crash finds whole chunks done or not done; with the same
		// accounts, the rest is cut as an uninterrupted run cuts it.
		n, err := db.MoveAccounts(ctx, end, source+":"+chunk[0].IDNo, fmt.Sprintf("%d年度个人账户记账利息(记账利率%s)", year, rate.Percent()), chunk)
		res.Credited += n
		chunk = chunk[:0]
		return err
	}
	for rows.Next() {
		var id string
		var opening, credits, credited, done int64
		if err := rows.Scan(&id, &opening, &credits, &credited, &done); err != nil {
			return nil, err
		}
		res.Accounts++
		interest, _ := policy.AccountInterest(shebao.Money(opening), shebao.Money(credits), rate)
		if done > 0 {
			if shebao.Money(credited) != interest {
				return nil, movementConflict(shebao.AccountMovement{IDNo: id, Fund: "110", Kind: shebao.MoveInterest, Source: source, Amount: interest})
			}
			res.Total += interest
			continue
		}
		if interest <= 0 {
			continue
		}
		res.Total += interest
		chunk = append(chunk, shebao.AccountMovement{IDNo: id, Fund: "110", Date: end, Kind: shebao.MoveInterest, Source: source, Amount: interest})
		if len(chunk) >= interestChunk {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return res, nil
}
