package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Reading the counters (counters.go): sums of the deltas of a region over
// a span of days, and their monthly sums. Scoped like every read: the
// actor's role must read statistics, and every region asked for must lie
// in the actor's jurisdiction (ENOTFOUND otherwise, as if it did not
// exist). The region "" is the whole database, for an actor whose
// jurisdiction is all of it.

// statsScope checks that the actor may read statistics.
func statsScope(ctx context.Context) (scope, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, err
	}
	if !shebao.RoleOf(sc.actor).May(shebao.Read(shebao.EntityStats)) {
		return sc, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", sc.actor.RoleName(), shebao.EntityName(shebao.EntityStats))
	}
	return sc, nil
}

// StatRegion returns the region of a statistic — code ("" for the actor's
// jurisdiction: the whole database for an administrator without one, the
// zero Region) — and its child regions by code. A region outside the
// actor's jurisdiction is not found.
func (db *DB) StatRegion(ctx context.Context, code string) (*shebao.Region, []shebao.Region, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	if code == "" && !sc.all {
		code = sc.actor.Region
	}
	self := &shebao.Region{}
	if code != "" {
		r, err := idno.ParseRegion(code)
		if err != nil {
			return nil, nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
		}
		if !sc.contains(r.Code) {
			return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
		}
		err = db.queryRow(ctx, `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE code = $1`, r.Code).
			Scan(&self.Code, &self.Name, &self.Level, &self.Parent)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	q, args := `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE parent_code = $1 ORDER BY code`, []any{self.Code}
	if self.Code == "" {
		q, args = `SELECT code, name, level, COALESCE(parent_code, '') FROM regions WHERE parent_code IS NULL ORDER BY code`, nil
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	children := []shebao.Region{}
	for rows.Next() {
		var c shebao.Region
		if err := rows.Scan(&c.Code, &c.Name, &c.Level, &c.Parent); err != nil {
			return nil, nil, err
		}
		children = append(children, c)
	}
	return self, children, rows.Err()
}

// counterRegions checks the regions asked for and returns the codes whose
// rows to read for each: a code itself, or for "" (the whole database)
// the top-level regions.
func (db *DB) counterRegions(ctx context.Context, regions []string) (map[string][]string, []string, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	of := map[string][]string{}
	var codes []string
	for _, r := range regions {
		if r == "" {
			if !sc.all {
				return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "区划不存在")
			}
			_, tops, err := db.StatRegion(ctx, "")
			if err != nil {
				return nil, nil, err
			}
			for _, t := range tops {
				of[r] = append(of[r], t.Code)
				codes = append(codes, t.Code)
			}
			continue
		}
		if !sc.contains(r) {
			return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r)
		}
		of[r] = append(of[r], r)
		codes = append(codes, r)
	}
	return of, codes, nil
}

// keyRanges returns the condition that a key starts with one of the
// prefixes, as ranges (key >= p AND key < p') that the primary key's index
// serves, with its arguments appended.
func keyRanges(prefixes []string, args []any) (string, []any) {
	var ors []string
	for _, p := range prefixes {
		if p == "" {
			return "1 = 1", args
		}
		hi := []byte(p)
		hi[len(hi)-1]++
		args = append(args, p, string(hi))
		ors = append(ors, fmt.Sprintf("(key >= $%d AND key < $%d)", len(args)-1, len(args)))
	}
	if len(ors) == 0 {
		return "1 = 0", args
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// keyRangeConds returns one condition per prefix that a key starts with
// it (key >= p AND key < p'), with its arguments appended; a prefix that
// another one of the list starts is left out, so that the conditions
// select disjoint keys. A prefix "" is every key; no prefixes, none.
func keyRangeConds(prefixes []string, args []any) ([]string, []any) {
	if slices.Contains(prefixes, "") {
		return []string{"1 = 1"}, args
	}
	var conds []string
	for i, p := range prefixes {
		covered := false
		for j, q := range prefixes {
			if j != i && strings.HasPrefix(p, q) && (p != q || j < i) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		hi := []byte(p)
		hi[len(hi)-1]++
		args = append(args, p, string(hi))
		conds = append(conds, fmt.Sprintf("key >= $%d AND key < $%d", len(args)-1, len(args)))
	}
	if len(conds) == 0 {
		return []string{"1 = 0"}, args
	}
	return conds, args
}

// daySum is the SQL sum of the day columns from day a to day b (1 … 31).
func daySum(a, b int) string {
	if a == 1 && b >= 31 {
		return "n"
	}
	var parts []string
	for d := a; d <= b && d <= 31; d++ {
		parts = append(parts, dayCols[d-1])
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " + ")
}

// spanTerm is one part of a span of days: rows of one table with the
// period between lo and hi (inclusive; "" unbounded), summed as expr.
type spanTerm struct {
	years  bool
	lo, hi string
	expr   string
	negate bool // subtracted (afterTerms)
}

// afterTerms are the days after to (YYYY-MM-DD), to be taken from the
// running totals: the days of to's month after it, the months of its year
// after its month, and the years after its year — each subtracted.
func afterTerms(to string) []spanTerm {
	tm, td := to[:7], atoi2(to[8:10])
	var terms []spanTerm
	if td < 31 {
		terms = append(terms, spanTerm{lo: tm, hi: tm, expr: daySum(td+1, 31), negate: true})
	}
	if tm[5:] != "12" {
		terms = append(terms, spanTerm{lo: nextMonth(tm), hi: to[:4] + "-12", negate: true})
	}
	y, _ := strconv.Atoi(to[:4])
	return append(terms, spanTerm{years: true, lo: strconv.Itoa(y + 1), negate: true})
}

func prevMonth(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, -1, 0).Format("2006-01")
}

func nextMonth(m string) string {
	t, _ := time.Parse("2006-01", m)
	return t.AddDate(0, 1, 0).Format("2006-01")
}

// spanTerms splits the days from … to (YYYY-MM-DD; from "" for all days up
// to to) into whole years, whole months and the days of partial months.
func spanTerms(from, to string) []spanTerm {
	tm, td := to[:7], atoi2(to[8:10])
	if from == "" {
		y, _ := strconv.Atoi(to[:4])
		terms := []spanTerm{{years: true, hi: strconv.Itoa(y - 1)}}
		if tm[5:] != "01" {
			terms = append(terms, spanTerm{lo: to[:4] + "-01", hi: prevMonth(tm)})
		}
		return append(terms, spanTerm{lo: tm, hi: tm, expr: daySum(1, td)})
	}
	fm, fd := from[:7], atoi2(from[8:10])
	if fm == tm {
		return []spanTerm{{lo: fm, hi: fm, expr: daySum(fd, td)}}
	}
	terms := []spanTerm{{lo: fm, hi: fm, expr: daySum(fd, 31)}}
	if fm[:4] == tm[:4] {
		if nextMonth(fm) <= prevMonth(tm) {
			terms = append(terms, spanTerm{lo: nextMonth(fm), hi: prevMonth(tm)})
		}
	} else {
		if fm[5:] != "12" {
			terms = append(terms, spanTerm{lo: nextMonth(fm), hi: fm[:4] + "-12"})
		}
		fy, _ := strconv.Atoi(fm[:4])
		ty, _ := strconv.Atoi(tm[:4])
		if fy+1 <= ty-1 {
			terms = append(terms, spanTerm{years: true, lo: strconv.Itoa(fy + 1), hi: strconv.Itoa(ty - 1)})
		}
		if tm[5:] != "01" {
			terms = append(terms, spanTerm{lo: tm[:4] + "-01", hi: prevMonth(tm)})
		}
	}
	return append(terms, spanTerm{lo: tm, hi: tm, expr: daySum(1, td)})
}

func atoi2(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// CounterSums returns, for each region asked for ("" the whole database)
// and each key starting with one of prefixes, the sum of the deltas dated
// from … to (YYYY-MM-DD, inclusive): from "" sums every delta up to to,
// the value of a stock as of that day. Keys without a delta are absent.
func (db *DB) CounterSums(ctx context.Context, regions, prefixes []string, from, to string) (map[string]map[string]int64, error) {
	if _, err := time.Parse(shebao.DateLayout, to); err != nil {
		return nil, shebao.FieldErrorf("日期", "日期“%s”无效,应为YYYY-MM-DD", to)
	}
	if from != "" {
		if _, err := time.Parse(shebao.DateLayout, from); err != nil {
			return nil, shebao.FieldErrorf("起始日期", "起始日期“%s”无效,应为YYYY-MM-DD", from)
		}
	}
	out := map[string]map[string]int64{}
	for _, r := range regions {
		out[r] = map[string]int64{}
	}
	if from != "" && from > to {
		return out, nil
	}
	of, codes, err := db.counterRegions(ctx, regions)
	if err != nil || len(codes) == 0 {
		return out, err
	}
	q, args := db.counterSumsQuery(codes, prefixes, from, to)
	sums := map[string]map[string]int64{}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, key string
		var n int64
		if err := rows.Scan(&code, &key, &n); err != nil {
			return nil, err
		}
		if sums[code] == nil {
			sums[code] = map[string]int64{}
		}
		sums[code][key] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for r, cs := range of {
		for _, c := range cs {
			for k, n := range sums[c] {
				out[r][k] += n
			}
		}
	}
	return out, nil
}

// paidByKind sums the payroll's payments (the b.paid counters: amounts
// of every payment, released or not, on the first day of the month paid
// for) of each region by benefit kind over the months fromM … the month of
// to (YYYY-MM-DD): what the statistics of the assistance and employment
// lines pay, read from a few counter rows instead of a year of payments.
func (db *DB) paidByKind(ctx context.Context, codes []string, fromM, to string) (map[string]map[string]shebao.Money, error) {
	sums, err := db.CounterSums(ctx, codes, []string{shebao.CounterPaid + "|"}, fromM+"-01", to)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]shebao.Money{}
	for _, code := range codes {
		byKind := map[string]shebao.Money{}
		for key, n := range sums[code] {
			if _, dims := shebao.CounterDims(key); len(dims) == 2 {
				byKind[dims[1]] += shebao.Money(n)
			}
		}
		out[code] = byKind
	}
	return out, nil
}

// counterSumsQuery is the statement of CounterSums: the sums by region
// and key of the counters of the regions (their own rows) whose key starts
// with one of the prefixes, over the days from … to.
//
// Each key range is its own SELECT (UNION ALL; the ranges of prefixes
// that do not contain one another are disjoint): with the ranges ORed in
// one condition, SQLite sought each region's rows by the region alone and
// read all of them — every key and month, the births of a century — for
// every term (the district's benefits 0.5 s at 100,000 persons in the
// sqlite3 shell; TestCounterSumsPlan).
func (db *DB) counterSumsQuery(codes, prefixes []string, from, to string) (string, []any) {
	var args []any
	rcond, args := db.inCodes("region_code", codes, args)
	kconds, args := keyRangeConds(prefixes, args)
	var parts []string
	add := func(sel, cond string) {
		for _, kc := range kconds {
			parts = append(parts, sel+` WHERE `+rcond+` AND `+kc+cond)
		}
	}
	terms := spanTerms(from, to)
	if from == "" && db.totals.Load() {
		// A stock: the running total less what is dated after to.
		add(`SELECT region_code, key, n AS v FROM stats_totals`, "")
		terms = afterTerms(to)
	}
	for _, t := range terms {
		table, col, expr := "stats_months", "month", t.expr
		if t.years {
			table, col = "stats_years", "year"
		}
		if expr == "" {
			expr = "n"
		}
		if t.negate {
			expr = "-(" + expr + ")"
		}
		cond := ""
		if t.lo != "" && t.lo == t.hi {
			// One period: sought by it (the by-period indexes of
			// migration 0109) rather than walking each key's periods.
			args = append(args, t.lo)
			add(`SELECT region_code, key, `+expr+` AS v FROM `+table, fmt.Sprintf(" AND %s = $%d", col, len(args)))
			continue
		}
		// A span of periods is read by key (the primary key; the unary +
		// keeps SQLite off the by-period index, which would read every
		// key of every period of the span); the open-ended years after a
		// stock's day by period (few, most often none).
		pcol, keyFirst := col, true
		if db.Dialect != Postgres {
			if t.hi == "" {
				keyFirst = false
			} else {
				pcol = "+" + col
			}
		}
		if t.lo != "" {
			args = append(args, t.lo)
			cond += fmt.Sprintf(" AND %s >= $%d", pcol, len(args))
		}
		if t.hi != "" {
			args = append(args, t.hi)
			cond += fmt.Sprintf(" AND %s <= $%d", pcol, len(args))
		}
		if !keyFirst {
			// The unary + keeps SQLite off the primary key's key range.
			for _, kc := range kconds {
				parts = append(parts, `SELECT region_code, key, `+expr+` AS v FROM `+table+` WHERE `+rcond+` AND `+
					strings.ReplaceAll(kc, "key ", "+key ")+cond)
			}
			continue
		}
		add(`SELECT region_code, key, `+expr+` AS v FROM `+table, cond)
	}
	return `SELECT region_code, key, CAST(SUM(v) AS BIGINT) FROM (` + strings.Join(parts, " UNION ALL ") + `) q GROUP BY region_code, key`, args
}

// CounterMonths returns, for each region asked for and each key starting
// with one of prefixes, the sum of the deltas of each month from … to
// (YYYY-MM): region → month → key → sum. Months without a delta are absent.
func (db *DB) CounterMonths(ctx context.Context, regions, prefixes []string, from, to string) (map[string]map[string]map[string]int64, error) {
	for _, m := range []string{from, to} {
		if _, err := time.Parse("2006-01", m); err != nil {
			return nil, shebao.FieldErrorf("月份", "月份“%s”无效,应为YYYY-MM", m)
		}
	}
	out := map[string]map[string]map[string]int64{}
	for _, r := range regions {
		out[r] = map[string]map[string]int64{}
	}
	of, codes, err := db.counterRegions(ctx, regions)
	if err != nil || len(codes) == 0 {
		return out, err
	}
	var args []any
	rcond, args := db.inCodes("region_code", codes, args)
	kconds, args := keyRangeConds(prefixes, args)
	args = append(args, from, to)
	var parts []string
	for _, kc := range kconds { // one SELECT per range (counterSumsQuery)
		parts = append(parts, `SELECT region_code, key, month, n FROM stats_months WHERE `+rcond+` AND `+kc+
			fmt.Sprintf(` AND month >= $%d AND month <= $%d`, len(args)-1, len(args)))
	}
	rows, err := db.query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byCode := map[string]map[string]map[string]int64{}
	for rows.Next() {
		var code, key, month string
		var n int64
		if err := rows.Scan(&code, &key, &month, &n); err != nil {
			return nil, err
		}
		if byCode[code] == nil {
			byCode[code] = map[string]map[string]int64{}
		}
		if byCode[code][month] == nil {
			byCode[code][month] = map[string]int64{}
		}
		byCode[code][month][key] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for r, cs := range of {
		for _, c := range cs {
			for m, keys := range byCode[c] {
				if out[r][m] == nil {
					out[r][m] = map[string]int64{}
				}
				for k, n := range keys {
					out[r][m][k] += n
				}
			}
		}
	}
	return out, nil
}

// inCodes is the condition that col is one of a few region codes (a
// region and its children: tens, at most a few hundred), with its
// arguments appended. On SQLite each code is its own parameter: with
// inKeys' json_each list, a key condition of several ranges (keyRanges'
// OR) made SQLite scan the whole counters table once per range instead of
// seeking each region's rows (the district's dashboard 0.7 s instead of
// 0.07 s at 20,000 persons in the sqlite3 shell; TestCounterSumsPlan).
// Beyond 200 codes, and on PostgreSQL, it is inKeys.
func (db *DB) inCodes(col string, codes []string, args []any) (string, []any) {
	if db.Dialect == Postgres || len(codes) > 200 {
		return (&Tx{db: db}).inKeys(col, codes, args)
	}
	ph := make([]string, len(codes))
	for i, c := range codes {
		args = append(args, c)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")", args
}

// rebuildCounters counts every family afresh from the records into the
// tables t (emptied first), in the transaction tx.
func rebuildCounters(ctx context.Context, tx *Tx, t counterTableNames) error {
	// The transaction's own pending changes first (flushCounters): the
	// counters it rebuilds or compares with are then what it wrote.
	if err := tx.flushCounters(ctx); err != nil {
		return err
	}
	for _, table := range []string{t.months, t.years, t.totals} {
		if table == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+table); err != nil {
			return err
		}
	}
	for _, f := range counterFamilies {
		if isLandFamily(f) && !tx.db.landCounters.Load() {
			continue // a schema before migration 0120
		}
		buf := newCounterBuffer()
		emit := func(d shebao.CounterDelta) { buf.add(d, 1) }
		if f == personsFamily {
			// A page of persons at a time, so that the buffer stays small.
			last := ""
			for {
				var ids []string
				if err := tx.scanRows(ctx, `SELECT id_no FROM persons WHERE id_no > $1 ORDER BY id_no LIMIT 5000`, []any{last},
					func(s rowScanner) error {
						var id string
						if err := s.Scan(&id); err != nil {
							return err
						}
						ids = append(ids, id)
						return nil
					}); err != nil {
					return err
				}
				if len(ids) == 0 {
					break
				}
				if err := loadPersonsByID(ctx, tx, ids, true, emit); err != nil {
					return err
				}
				if err := buf.flush(ctx, tx, t); err != nil {
					return err
				}
				last = ids[len(ids)-1]
			}
			continue
		}
		if err := f.load(ctx, tx, selection{all: true}, emit); err != nil {
			return fmt.Errorf("统计计数(%s): %w", f.name, err)
		}
		if err := buf.flush(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

// adminScope requires an actor whose jurisdiction is the whole database.
func adminScope(ctx context.Context) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.all {
		return shebao.Errorf(shebao.EFORBIDDEN, "重建或核对统计计数须由全库管理员执行")
	}
	return nil
}

// RebuildCounters counts every statistic afresh from the records, in one
// transaction, and notes when. It changes nothing when the counters were
// right.
func (db *DB) RebuildCounters(ctx context.Context) error {
	if err := adminScope(ctx); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := rebuildCounters(ctx, tx, db.counterTables()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE stats_state SET built = $1 WHERE id = 1`, fmtTime(tx.now))
		return err
	})
}

// ensureCounters counts the records once into the counters of a database
// that had records before it had counters (migration 0050).
func (db *DB) ensureCounters(ctx context.Context) error {
	var built string
	if err := db.queryRow(ctx, `SELECT built FROM stats_state WHERE id = 1`).Scan(&built); err != nil {
		return err
	}
	if names, ok := strings.CutPrefix(built, addFamiliesMark); ok {
		return db.addFamilies(ctx, strings.Split(names, ","))
	}
	if built != "" {
		return nil
	}
	return db.RebuildCounters(shebao.WithActor(ctx, shebao.SystemActor))
}

// addFamiliesMark begins the stats_state.built mark of a migration that
// adds counter families to counters already built: the families' names
// follow, comma-separated (migration 0120). ensureCounters then counts
// those families alone into the counters — their keys are new, so there
// is nothing to take out — instead of every family afresh (a recount of
// every family took 4 minutes at 1,000,000 persons on SQLite, during which
// the server does not start; the three land families take seconds).
const addFamiliesMark = "add:"

// addFamilies counts the families named into the counters, in one
// transaction, and notes when.
func (db *DB) addFamilies(ctx context.Context, names []string) error {
	ctx = shebao.WithActor(ctx, shebao.SystemActor)
	return db.Update(ctx, func(tx *Tx) error {
		for _, f := range counterFamilies {
			if !slices.Contains(names, f.name) {
				continue
			}
			buf := newCounterBuffer()
			if err := f.load(ctx, tx, selection{all: true}, func(d shebao.CounterDelta) { buf.add(d, 1) }); err != nil {
				return fmt.Errorf("统计计数(%s): %w", f.name, err)
			}
			if err := buf.flush(ctx, tx, db.counterTables()); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `UPDATE stats_state SET built = $1 WHERE id = 1`, fmtTime(tx.now))
		return err
	})
}

// errRollback ends a transaction whose writes are not to be kept.
var errRollback = errors.New("rollback")

// allZero is the condition that a stats_months row holds nothing.
var allZero = "n = 0 AND " + strings.Join(dayCols, " = 0 AND ") + " = 0"

// VerifyCounters counts every statistic afresh from the records and
// compares the count with the counters kept: it returns the rows that
// differ ("kept" rows the recount lacks or has otherwise, "recounted"
// rows the counters lack or hold otherwise), at most limit of them (0: no
// limit), and nothing when they agree. It writes nothing.
func (db *DB) VerifyCounters(ctx context.Context, limit int) ([]string, error) {
	if err := adminScope(ctx); err != nil {
		return nil, err
	}
	var diffs []string
	err := db.Update(ctx, func(tx *Tx) error {
		diffs = nil
		if err := rebuildCounters(ctx, tx, db.checkTables()); err != nil {
			return err
		}
		cols := "region_code, key, month, n, " + strings.Join(dayCols, ", ")
		compare := []struct{ label, a, b, cols, nonzero string }{
			{"kept", "stats_months", "stats_check_months", cols, allZero},
			{"recounted", "stats_check_months", "stats_months", cols, allZero},
			{"kept", "stats_years", "stats_check_years", "region_code, key, year, n", "n = 0"},
			{"recounted", "stats_check_years", "stats_years", "region_code, key, year, n", "n = 0"},
		}
		if db.totals.Load() {
			// The running totals, shown with the period "total".
			compare = append(compare,
				struct{ label, a, b, cols, nonzero string }{"kept", "stats_totals", "stats_check_totals", "region_code, key, 'total' AS period, n", "n = 0"},
				struct{ label, a, b, cols, nonzero string }{"recounted", "stats_check_totals", "stats_totals", "region_code, key, 'total' AS period, n", "n = 0"})
		}
		for _, q := range compare {
			period := strings.Split(q.cols, ", ")[2]
			if _, alias, ok := strings.Cut(period, " AS "); ok {
				period = alias
			}
			if err := tx.scanRows(ctx, `SELECT region_code, key, `+period+`, n FROM (
				SELECT `+q.cols+` FROM `+q.a+` WHERE NOT (`+q.nonzero+`)
				EXCEPT SELECT `+q.cols+` FROM `+q.b+` WHERE NOT (`+q.nonzero+`)) x ORDER BY 1, 2, 3`, nil, func(s rowScanner) error {
				var code, key, period string
				var n int64
				if err := s.Scan(&code, &key, &period, &n); err != nil {
					return err
				}
				if limit == 0 || len(diffs) < limit {
					diffs = append(diffs, fmt.Sprintf("%s %s %s %s %d", q.label, code, key, period, n))
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	return diffs, err
}
