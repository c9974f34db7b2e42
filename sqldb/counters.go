package sqldb

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The statistics counters (migration 0050, shebao.CounterDelta): every
// indicator of a region at any date is a sum of dated changes, kept summed
// per region, key and month (stats_months, with the month's days) and per
// region, key and year (stats_years), at every level a region lies in.
//
// They are kept in the same transaction as the records they count, by one
// mechanism: recount. A write that changes what a counter family reads
// (counters_families.go lists the families and the tables each reads)
// runs inside recount, which reads the contribution of the records the
// write touches before it, runs it, reads their contribution again, and
// adds the difference to the counters. The contribution is computed from
// the records alone, the same way a full recount does (RebuildCounters,
// VerifyCounters): so the counters after any sequence of writes are what a
// recount of the records gives, which TestCountersKeptEqualRecount checks
// on both engines after random writes through every path, and
// TestEveryCountedWriteRecounts checks that every statement writing a
// counted table sits in a function that recounts (or says why it need not).
//
// Counter rows are written in the order of their keys, so that two
// writers on PostgreSQL lock the rows they share in the same order and
// cannot deadlock on them; the rows of a district are shared by all its
// writers, who take turns on them until they commit.

// counterFamily is one family of counters: what it reads and how it
// turns the records into deltas.
type counterFamily struct {
	name string
	// tables are the tables whose writes change the family's counts.
	tables []string
	// load emits the deltas of the records selected.
	load func(ctx context.Context, tx *Tx, sel selection, emit func(shebao.CounterDelta)) error
	// keyed is true for a family whose selections are keys (persons),
	// which recount calls may nest on: an inner call leaves the keys an
	// outer call already recounts to it.
	keyed bool
}

// selection chooses the records of a family whose counts a write changes:
// entity keys (keys), a condition on the family's table with its
// arguments (cond, args, numbered from $1), or every record (all).
// created says that no record the selection chooses exists before the
// write: it names what the write itself creates (a batch id the write has
// just made up), so their contribution before it is nothing and recount
// does not read it.
type selection struct {
	keys []string
	cond string
	args []any
	all  bool
	// created: the write inserts the records of keys, and fails (its
	// transaction with it) if any of them existed — so they counted
	// nothing before it, and the first load is skipped. For persons it
	// also means they have no enrollments yet (an enrollment refers to
	// its person), which the load then does not look for.
	created bool
}

// byKeys selects records by their keys.
func byKeysSel(keys ...string) selection { return selection{keys: keys} }

// created selects records by the keys a write creates (selection.created).
func createdSel(keys ...string) selection { return selection{keys: keys, created: true} }

// byCond selects records by a condition.
func byCond(cond string, args ...any) selection { return selection{cond: cond, args: args} }

// createdBy selects records by a condition that only records created by
// the write can meet (e.g. the new batch id it writes): recount reads
// nothing before the write. A bulk job's chunk is such a write, and the
// read it skips cost an index probe per chunk for nothing (issue #20).
func createdBy(cond string, args ...any) selection {
	return selection{cond: cond, args: args, created: true}
}

// recount keeps the counters of family f right across write: it takes the
// contribution of the selected records out, runs write, and puts their
// new contribution in, in the same transaction. Every write of a table a
// family reads goes through it (counters_families.go says which).
func (tx *Tx) recount(ctx context.Context, f *counterFamily, sel selection, write func() error) error {
	if !tx.db.counting.Load() {
		return write() // a schema without the counters yet (checkCounting)
	}
	if f.keyed {
		sel.keys = tx.claimKeys(f.name, sel.keys)
		defer tx.releaseKeys(f.name, sel.keys)
		if len(sel.keys) == 0 {
			return write()
		}
	}
	if tx.counters == nil {
		tx.counters = newCounterBuffer()
	}
	buf := tx.counters
	if !sel.created {
		if err := f.load(ctx, tx, sel, func(d shebao.CounterDelta) { buf.add(d, -1) }); err != nil {
			return fmt.Errorf("统计计数(%s): %w", f.name, err)
		}
	}
	if err := write(); err != nil {
		return err
	}
	if err := f.load(ctx, tx, sel, func(d shebao.CounterDelta) { buf.add(d, 1) }); err != nil {
		return fmt.Errorf("统计计数(%s): %w", f.name, err)
	}
	if len(buf.months) >= pendingCounterRows {
		return tx.flushCounters(ctx)
	}
	return nil
}

// pendingCounterRows bounds the month rows a transaction holds before it
// adds them to the counters (about 300 bytes each: 60 MB).
const pendingCounterRows = 200000

// flushCounters adds the transaction's pending counter changes to the
// counters. recount gathers the changes of every write of a transaction
// in one buffer (tx.counters), summed per row, and they are added once —
// before the commit (update), before anything of the transaction reads or
// rebuilds the counters (rebuildCounters, the statistics export and
// import), or when the buffer grows past pendingCounterRows — in one
// multi-row upsert per table in the order of the rows' keys: a unit of
// work of many writes (a chunk of gen or of a batch job, an import of
// thousands of rows) writes each counter row once instead of once per
// write, and holds the counter rows' locks only from there to its commit.
func (tx *Tx) flushCounters(ctx context.Context) error {
	if tx.counters == nil {
		return nil
	}
	return tx.counters.flush(ctx, tx, tx.db.counterTables())
}

// recountCreated keeps the counters of family f right across write, a
// write that only creates records (a new batch of a bulk job) and sees
// each of them as it writes it (the rows its INSERT … RETURNING gives
// back): write emits the contribution of the records it creates, computed
// by the same function as f's load (so that the counters stay what a
// recount gives), and it is added to the counters — one upsert per
// counter table — without reading the records before or after. A keyed
// family's recount nesting does not apply: the records are new.
func (tx *Tx) recountCreated(ctx context.Context, f *counterFamily, write func(emit func(shebao.CounterDelta)) error) error {
	if !tx.db.counting.Load() {
		return write(func(shebao.CounterDelta) {})
	}
	if tx.counters == nil {
		tx.counters = newCounterBuffer()
	}
	buf := tx.counters // added at the commit with the transaction's other changes (flushCounters)
	if err := write(func(d shebao.CounterDelta) { buf.add(d, 1) }); err != nil {
		return err
	}
	if len(buf.months) >= pendingCounterRows {
		return tx.flushCounters(ctx)
	}
	return nil
}

// claimKeys returns those of keys that no recount of the family in this
// transaction holds yet, and holds them.
func (tx *Tx) claimKeys(family string, keys []string) []string {
	if tx.recounting == nil {
		tx.recounting = map[string]map[string]bool{}
	}
	held := tx.recounting[family]
	if held == nil {
		held = map[string]bool{}
		tx.recounting[family] = held
	}
	var out []string
	for _, k := range keys {
		if !held[k] {
			held[k] = true
			out = append(out, k)
		}
	}
	return out
}

func (tx *Tx) releaseKeys(family string, keys []string) {
	for _, k := range keys {
		delete(tx.recounting[family], k)
	}
}

// counterTableNames name the tables a buffer is written to: the counters
// themselves, or the tables a verification counts into. totals is ""
// on a schema before migration 0109.
type counterTableNames struct{ months, years, totals string }

var (
	counterTables = counterTableNames{"stats_months", "stats_years", "stats_totals"}
	checkTables   = counterTableNames{"stats_check_months", "stats_check_years", "stats_check_totals"}
)

// counterTables returns the counters' tables of the database's schema.
func (db *DB) counterTables() counterTableNames {
	if !db.totals.Load() {
		return counterTableNames{months: counterTables.months, years: counterTables.years}
	}
	return counterTables
}

// checkTables returns the tables a verification counts into.
func (db *DB) checkTables() counterTableNames {
	if !db.totals.Load() {
		return counterTableNames{months: checkTables.months, years: checkTables.years}
	}
	return checkTables
}

// monthCounts is one stats_months row: the month's sum and its days'.
type monthCounts struct {
	n    int64
	days [31]int64
}

type counterRow struct{ region, key, period string }

// counterBuffer sums deltas into the rows they change, at every level.
type counterBuffer struct {
	months map[counterRow]*monthCounts
	years  map[counterRow]int64
}

func newCounterBuffer() *counterBuffer {
	return &counterBuffer{months: map[counterRow]*monthCounts{}, years: map[counterRow]int64{}}
}

// lineages caches the codes each region code is counted under.
var lineages sync.Map

func lineageOf(code string) []string {
	if l, ok := lineages.Load(code); ok {
		return l.([]string)
	}
	var l []string
	if r, err := idno.ParseRegion(code); err == nil && r.Code == code {
		l = r.Lineage()
	}
	if len(l) == 0 {
		l = []string{code} // not a valid code: counted where it is, and nowhere above
	}
	lineages.Store(code, l)
	return l
}

// add adds sign × d to the rows of d's month and year at every level of
// d's region. A delta without a valid day is dropped (a record without a
// date counts nowhere).
func (b *counterBuffer) add(d shebao.CounterDelta, sign int64) {
	if len(d.Day) != 10 || d.N == 0 {
		return
	}
	day, err := strconv.Atoi(d.Day[8:10])
	if err != nil || day < 1 || day > 31 {
		return
	}
	v := sign * d.N
	month, year := d.Day[:7], d.Day[:4]
	for _, code := range lineageOf(d.Region) {
		k := counterRow{code, d.Key, month}
		m := b.months[k]
		if m == nil {
			m = &monthCounts{}
			b.months[k] = m
		}
		m.n += v
		m.days[day-1] += v
		b.years[counterRow{code, d.Key, year}] += v
	}
}

func (m *monthCounts) zero() bool {
	if m.n != 0 {
		return false
	}
	for _, d := range m.days {
		if d != 0 {
			return false
		}
	}
	return true
}

func less(a, b counterRow) bool {
	if a.region != b.region {
		return a.region < b.region
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.period < b.period
}

var dayCols = func() []string {
	out := make([]string, 31)
	for i := range out {
		out[i] = fmt.Sprintf("d%02d", i+1)
	}
	return out
}()

// flush adds the buffer's rows to the tables, in key order, and empties it.
func (b *counterBuffer) flush(ctx context.Context, tx *Tx, t counterTableNames) error {
	var mkeys []counterRow
	for k, m := range b.months {
		if !m.zero() {
			mkeys = append(mkeys, k)
		}
	}
	sort.Slice(mkeys, func(i, j int) bool { return less(mkeys[i], mkeys[j]) })
	rows := make([][]any, len(mkeys))
	for i, k := range mkeys {
		m := b.months[k]
		r := make([]any, 0, 35)
		r = append(r, k.region, k.key, k.period, m.n)
		for _, d := range m.days {
			r = append(r, d)
		}
		rows[i] = r
	}
	set := []string{"n = " + t.months + ".n + excluded.n"}
	for _, c := range dayCols {
		set = append(set, c+" = "+t.months+"."+c+" + excluded."+c)
	}
	types := []string{"text", "text", "text", "bigint"}
	for range dayCols {
		types = append(types, "bigint")
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: t.months, cols: append([]string{"region_code", "key", "month", "n"}, dayCols...),
		pgTypes: types, conflict: "ON CONFLICT (region_code, key, month) DO UPDATE SET " + strings.Join(set, ", ")}, rows); err != nil {
		return err
	}
	var ykeys []counterRow
	for k, n := range b.years {
		if n != 0 {
			ykeys = append(ykeys, k)
		}
	}
	sort.Slice(ykeys, func(i, j int) bool { return less(ykeys[i], ykeys[j]) })
	rows = make([][]any, len(ykeys))
	for i, k := range ykeys {
		rows[i] = []any{k.region, k.key, k.period, b.years[k]}
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: t.years, cols: []string{"region_code", "key", "year", "n"},
		pgTypes:  []string{"text", "text", "text", "bigint"},
		conflict: "ON CONFLICT (region_code, key, year) DO UPDATE SET n = " + t.years + ".n + excluded.n"}, rows); err != nil {
		return err
	}
	if t.totals != "" {
		// The running totals: the year rows' changes summed per region
		// and key (ykeys are in key order, so their totals are too).
		rows = rows[:0]
		for _, k := range ykeys {
			n := b.years[k]
			if last := len(rows) - 1; last >= 0 && rows[last][0] == k.region && rows[last][1] == k.key {
				rows[last][2] = rows[last][2].(int64) + n
				continue
			}
			rows = append(rows, []any{k.region, k.key, n})
		}
		rows = slices.DeleteFunc(rows, func(r []any) bool { return r[2].(int64) == 0 })
		if err := tx.bulkInsert(ctx, bulkTable{name: t.totals, cols: []string{"region_code", "key", "n"},
			pgTypes:  []string{"text", "text", "bigint"},
			conflict: "ON CONFLICT (region_code, key) DO UPDATE SET n = " + t.totals + ".n + excluded.n"}, rows); err != nil {
			return err
		}
	}
	b.months, b.years = map[counterRow]*monthCounts{}, map[counterRow]int64{}
	return nil
}
