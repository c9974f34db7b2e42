package sqldb

import (
	"context"
	"sort"
)

// The ledger's sums per day (migration 0116): every journal line posted
// adds its debit and credit to the row of its fund, account and day in
// ledger_days, and every entry one to its fund and day in
// ledger_entry_days, in the transaction that posts them. The ledger is
// append-only (a correction is a new entry), so the sums are only ever
// added to. The status of the funds reads these sums instead of every line
// (FundStatus: 623 ms at 1,000,000 persons on SQLite before, issue #16
// item 7), and the ledger check compares them with the lines.
//
// The sums of a transaction are gathered in a buffer and added at its
// commit (update), in the order of their keys: two transactions that post
// into the same fund on the same day hold the rows' locks only from there
// to their commits, and take them in the same order.

var (
	ledgerDayTable = bulkTable{
		name:    "ledger_days",
		cols:    []string{"fund", "account", "posted", "debit", "credit", "lines"},
		pgTypes: []string{"text", "text", "text", "bigint", "bigint", "bigint"},
		conflict: "ON CONFLICT (fund, account, posted) DO UPDATE SET debit = ledger_days.debit + excluded.debit, " +
			"credit = ledger_days.credit + excluded.credit, lines = ledger_days.lines + excluded.lines",
	}
	ledgerEntryDayTable = bulkTable{
		name:     "ledger_entry_days",
		cols:     []string{"fund", "posted", "entries"},
		pgTypes:  []string{"text", "text", "bigint"},
		conflict: "ON CONFLICT (fund, posted) DO UPDATE SET entries = ledger_entry_days.entries + excluded.entries",
	}
)

type ledgerDayKey struct{ fund, account, posted string }

type ledgerDaySum struct{ debit, credit, lines int64 }

// ledgerDayBuffer holds a transaction's sums until they are added.
type ledgerDayBuffer struct {
	lines   map[ledgerDayKey]*ledgerDaySum
	entries map[[2]string]int64 // fund, day
}

// addLedgerLine adds a posted line to the transaction's sums.
func (tx *Tx) addLedgerLine(fund, account, posted string, debit, credit int64) {
	if !tx.db.ledgerDays.Load() {
		return // a schema before migration 0116: the migration sums the lines
	}
	b := tx.ledgerDayBuffer()
	k := ledgerDayKey{fund, account, posted}
	s := b.lines[k]
	if s == nil {
		s = &ledgerDaySum{}
		b.lines[k] = s
	}
	s.debit += debit
	s.credit += credit
	s.lines++
}

// addLedgerEntry adds a posted entry to the transaction's counts.
func (tx *Tx) addLedgerEntry(fund, posted string) {
	if !tx.db.ledgerDays.Load() {
		return
	}
	tx.ledgerDayBuffer().entries[[2]string{fund, posted}]++
}

func (tx *Tx) ledgerDayBuffer() *ledgerDayBuffer {
	if tx.ledgerDays == nil {
		tx.ledgerDays = &ledgerDayBuffer{lines: map[ledgerDayKey]*ledgerDaySum{}, entries: map[[2]string]int64{}}
	}
	return tx.ledgerDays
}

// flushLedgerDays adds the transaction's pending sums to ledger_days and
// ledger_entry_days, one upsert per table in key order; before the commit,
// and before a read of the sums in the same unit of work.
func (tx *Tx) flushLedgerDays(ctx context.Context) error {
	b := tx.ledgerDays
	if b == nil {
		return nil
	}
	tx.ledgerDays = nil
	keys := make([]ledgerDayKey, 0, len(b.lines))
	for k := range b.lines {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, c := keys[i], keys[j]
		if a.fund != c.fund {
			return a.fund < c.fund
		}
		if a.account != c.account {
			return a.account < c.account
		}
		return a.posted < c.posted
	})
	rows := make([][]any, len(keys))
	for i, k := range keys {
		s := b.lines[k]
		rows[i] = []any{k.fund, k.account, k.posted, s.debit, s.credit, s.lines}
	}
	if err := tx.bulkInsert(ctx, ledgerDayTable, rows); err != nil {
		return err
	}
	days := make([][2]string, 0, len(b.entries))
	for k := range b.entries {
		days = append(days, k)
	}
	sort.Slice(days, func(i, j int) bool {
		if days[i][0] != days[j][0] {
			return days[i][0] < days[j][0]
		}
		return days[i][1] < days[j][1]
	})
	rows = make([][]any, len(days))
	for i, k := range days {
		rows[i] = []any{k[0], k[1], b.entries[k]}
	}
	return tx.bulkInsert(ctx, ledgerEntryDayTable, rows)
}

// flushLedgerDaysIn adds the pending sums of the unit of work ctx carries
// (InTx), if any, so that a read of the sums in it sees its own postings.
func (db *DB) flushLedgerDaysIn(ctx context.Context) error {
	if tx := db.txFrom(ctx); tx != nil && !tx.view {
		return tx.flushLedgerDays(ctx)
	}
	return nil
}

// ledgerDaysFrom is the table of the sums per fund, account and day that
// the fund status reads, and ledgerEntryDaysFrom that of the entries per
// fund and day: the kept sums, or on a schema before migration 0116 the
// same sums computed from the lines and entries.
func (db *DB) ledgerDaysFrom() string {
	if db.ledgerDays.Load() {
		return "ledger_days"
	}
	return "(SELECT fund, account, posted, SUM(debit) AS debit, SUM(credit) AS credit FROM journal_lines GROUP BY fund, account, posted) ld"
}

func (db *DB) ledgerEntryDaysFrom() string {
	if db.ledgerDays.Load() {
		return "ledger_entry_days"
	}
	return "(SELECT fund, posted, COUNT(*) AS entries FROM journal_entries GROUP BY fund, posted) le"
}
