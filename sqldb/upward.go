package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Statistics that travel upward (migration 0053, report/upward.go): the
// counters of a region's subtree read for export, the public keys
// registered per region, the submissions accepted and their counters,
// kept apart from the instance's own.

// ExportCounters fills each block with the counters of the region and
// every region below it (its own counters): the sums
// of the years before the block's year and the rows of the months from its
// January to its To, for the keys starting with its prefix. It returns the
// regions of the subtree, parents first. The actor must read statistics
// of the region; the export is audited (stats_export.read).
//
// forward[i], when given, are imported blocks (of the submissions a city
// forwards) whose rows within the region, up to block i's To, are added
// to block i: the city's own counters and its districts' together, as its
// reports read them.
func (db *DB) ExportCounters(ctx context.Context, region string, blocks []shebao.StatsBlock, forward [][]shebao.ImportedBlock) ([]shebao.Region, []shebao.StatsBlock, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	if region == "" || !sc.contains(region) {
		return nil, nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", region)
	}
	lo, hi, err := prefixRange(region)
	if err != nil {
		return nil, nil, err
	}
	var regions []shebao.Region
	err = db.Update(ctx, func(tx *Tx) error {
		regions = nil
		if err := tx.flushCounters(ctx); err != nil { // a unit of work's own writes first
			return err
		}
		if err := tx.scanRows(ctx, `SELECT code, name, level, COALESCE(parent_code, '') FROM regions
			WHERE code BETWEEN $1 AND $2 ORDER BY level, code`, []any{lo, hi}, func(s rowScanner) error {
			var r shebao.Region
			if err := s.Scan(&r.Code, &r.Name, &r.Level, &r.Parent); err != nil {
				return err
			}
			regions = append(regions, r)
			return nil
		}); err != nil {
			return err
		}
		if len(regions) == 0 || regions[0].Code != region {
			return shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", region)
		}
		rows := 0
		for i := range blocks {
			b := &blocks[i]
			b.Base, b.Months = []shebao.StatsBase{}, []shebao.StatsMonth{}
			kcond, args := keyRanges([]string{b.Prefix}, []any{lo, hi, strconv.Itoa(b.Year)})
			if err := tx.scanRows(ctx, `SELECT region_code, key, CAST(SUM(n) AS BIGINT) FROM stats_years
				WHERE region_code BETWEEN $1 AND $2 AND year < $3 AND `+kcond+`
				GROUP BY region_code, key ORDER BY region_code, key`, args, func(s rowScanner) error {
				var r shebao.StatsBase
				if err := s.Scan(&r.Region, &r.Key, &r.N); err != nil {
					return err
				}
				if r.N != 0 {
					b.Base = append(b.Base, r)
				}
				return nil
			}); err != nil {
				return err
			}
			kcond, args = keyRanges([]string{b.Prefix}, []any{lo, hi, fmt.Sprintf("%04d-01", b.Year), b.To})
			if err := tx.scanRows(ctx, `SELECT region_code, key, month, n, `+strings.Join(dayCols, ", ")+` FROM stats_months
				WHERE region_code BETWEEN $1 AND $2 AND month >= $3 AND month <= $4 AND `+kcond+`
				AND NOT (`+allZero+`) ORDER BY region_code, key, month`, args, func(s rowScanner) error {
				var r shebao.StatsMonth
				dest := []any{&r.Region, &r.Key, &r.Month, &r.N}
				for d := range r.Days {
					dest = append(dest, &r.Days[d])
				}
				if err := s.Scan(dest...); err != nil {
					return err
				}
				b.Months = append(b.Months, r)
				return nil
			}); err != nil {
				return err
			}
			if i < len(forward) && len(forward[i]) > 0 {
				if err := tx.forwardRows(ctx, b, forward[i], lo, hi); err != nil {
					return err
				}
			}
			rows += len(b.Base) + len(b.Months)
		}
		month := ""
		if len(blocks) > 0 {
			month = blocks[0].To
		}
		return tx.audit(ctx, "stats_export.read", shebao.EntityStats, region+":"+month, region, nil,
			map[string]any{"region": region, "month": month, "rows": rows})
	})
	if err != nil {
		return nil, nil, err
	}
	return regions, blocks, nil
}

// forwardRows adds the rows of imported blocks within lo … hi (their
// base, and their months up to b.To) to the block b, row by row, and
// sorts the block again.
func (tx *Tx) forwardRows(ctx context.Context, b *shebao.StatsBlock, from []shebao.ImportedBlock, lo, hi string) error {
	base := map[[2]string]int{}
	for i, r := range b.Base {
		base[[2]string{r.Region, r.Key}] = i
	}
	months := map[[3]string]int{}
	for i, r := range b.Months {
		months[[3]string{r.Region, r.Key, r.Month}] = i
	}
	for _, f := range from {
		kcond, args := keyRanges([]string{b.Prefix}, []any{f.Digest, f.Block, lo, hi, b.To})
		if err := tx.scanRows(ctx, `SELECT region_code, key, month, n, `+strings.Join(dayCols, ", ")+` FROM stats_import_rows
			WHERE digest = $1 AND block = $2 AND region_code BETWEEN $3 AND $4 AND month <= $5 AND `+kcond, args, func(s rowScanner) error {
			var r shebao.StatsMonth
			dest := []any{&r.Region, &r.Key, &r.Month, &r.N}
			for d := range r.Days {
				dest = append(dest, &r.Days[d])
			}
			if err := s.Scan(dest...); err != nil {
				return err
			}
			if r.Month == "" {
				k := [2]string{r.Region, r.Key}
				if i, ok := base[k]; ok {
					b.Base[i].N += r.N
				} else {
					base[k] = len(b.Base)
					b.Base = append(b.Base, shebao.StatsBase{Region: r.Region, Key: r.Key, N: r.N})
				}
				return nil
			}
			k := [3]string{r.Region, r.Key, r.Month}
			if i, ok := months[k]; ok {
				m := &b.Months[i]
				m.N += r.N
				for d := range m.Days {
					m.Days[d] += r.Days[d]
				}
			} else {
				months[k] = len(b.Months)
				b.Months = append(b.Months, r)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	sort.Slice(b.Base, func(i, j int) bool {
		x, y := b.Base[i], b.Base[j]
		return x.Region < y.Region || x.Region == y.Region && x.Key < y.Key
	})
	sort.Slice(b.Months, func(i, j int) bool {
		x, y := b.Months[i], b.Months[j]
		if x.Region != y.Region {
			return x.Region < y.Region
		}
		if x.Key != y.Key {
			return x.Key < y.Key
		}
		return x.Month < y.Month
	})
	return nil
}

// EmployerCounts returns the employers registered at each region code
// within the region (not rolled up), for an actor who reads its
// statistics.
func (db *DB) EmployerCounts(ctx context.Context, region string) ([]shebao.StatsEmployers, error) {
	area, err := statArea(ctx, region)
	if err != nil {
		return nil, err
	}
	conds, args := area.where("region_code", nil, nil)
	out := []shebao.StatsEmployers{}
	err = db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT region_code, COUNT(*) FROM employers`+whereClause(conds)+` GROUP BY region_code ORDER BY region_code`, args,
			func(s rowScanner) error {
				var e shebao.StatsEmployers
				if err := s.Scan(&e.Region, &e.N); err != nil {
					return err
				}
				out = append(out, e)
				return nil
			})
	})
	return out, err
}

// fingerprintOK is the form of a key's fingerprint.
func fingerprintOK(f string) bool {
	if len(f) != 16 {
		return false
	}
	for _, c := range f {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// TrustKey registers the public key of the region's submissions, in
// place of the one in force (kept, with the time it was replaced). The
// region must be in the actor's jurisdiction and below it (an instance
// does not receive its own figures), and the actor must write statistics.
// Registering the key in force again changes nothing (false).
func (db *DB) TrustKey(ctx context.Context, k *shebao.TrustedKey) (bool, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return false, err
	}
	if err := authorize(sc.actor, "stats.trust", shebao.EntityStats, k.Region); err != nil {
		return false, err
	}
	if !fingerprintOK(k.Fingerprint) || k.PublicKey == "" {
		return false, shebao.FieldErrorf("公钥", "公钥无效")
	}
	changed := false
	err = db.Update(ctx, func(tx *Tx) error {
		changed = false
		if err := tx.checkBelow(ctx, sc, k.Region); err != nil {
			return err
		}
		var before *shebao.TrustedKey
		old, err := tx.trustedKey(ctx, k.Region)
		if err != nil {
			return err
		}
		if old != nil {
			if old.Fingerprint == k.Fingerprint {
				return nil
			}
			before = old
			if _, err := tx.Exec(ctx, `UPDATE stats_trusted_keys SET replaced_at = $1 WHERE region_code = $2 AND replaced_at = ''`,
				fmtTime(tx.now), k.Region); err != nil {
				return err
			}
		}
		k.RegisteredAt, k.RegisteredBy, k.ReplacedAt = fmtTime(tx.now), sc.actor.Name, ""
		// A key registered before, replaced and now registered again
		// takes its old row back.
		if _, err := tx.Exec(ctx, `INSERT INTO stats_trusted_keys (region_code, fingerprint, public_key, registered_at, registered_by)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code, fingerprint) DO UPDATE SET replaced_at = '',
			registered_at = excluded.registered_at, registered_by = excluded.registered_by`,
			k.Region, k.Fingerprint, k.PublicKey, k.RegisteredAt, k.RegisteredBy); err != nil {
			return err
		}
		changed = true
		return tx.audit(ctx, "stats.trust", shebao.EntityStats, k.Region, k.Region, before, k)
	})
	return changed, err
}

// checkBelow checks that a region exists and lies strictly below the
// actor's jurisdiction (anywhere, for an actor of the whole database).
func (tx *Tx) checkBelow(ctx context.Context, sc scope, code string) error {
	r, err := idno.ParseRegion(code)
	if err != nil || r.Code != code {
		return shebao.FieldErrorf("区划代码", "区划代码“%s”无效", code)
	}
	if !sc.contains(code) || !sc.all && code == sc.actor.Region {
		return shebao.FieldErrorf("区划代码", "区划%s不在本级的下级管辖范围内", code)
	}
	return tx.checkRegion(ctx, sc, "区划代码", code)
}

// trustedKey reads the key in force for a region (nil if none).
func (tx *Tx) trustedKey(ctx context.Context, region string) (*shebao.TrustedKey, error) {
	k := &shebao.TrustedKey{Region: region}
	err := tx.QueryRow(ctx, `SELECT fingerprint, public_key, registered_at, registered_by FROM stats_trusted_keys
		WHERE region_code = $1 AND replaced_at = ''`, region).Scan(&k.Fingerprint, &k.PublicKey, &k.RegisteredAt, &k.RegisteredBy)
	if isNoRows(err) {
		return nil, nil
	}
	return k, err
}

// TrustedKey returns the key in force for the region's submissions (nil
// if none), for an actor who reads statistics of the region.
func (db *DB) TrustedKey(ctx context.Context, region string) (*shebao.TrustedKey, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, err
	}
	if !sc.contains(region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", region)
	}
	var k *shebao.TrustedKey
	err = db.View(ctx, func(tx *Tx) error {
		var err error
		k, err = tx.trustedKey(ctx, region)
		return err
	})
	return k, err
}

// SaveSubmission keeps a district's submission (its signature checked by
// the service against the key in force, whose fingerprint s names): the
// regions below the district the instance lacks are added, the counters
// of every block are stored (the district's own rows also under each
// region above it), and the submission of the same month in force, if
// any, is superseded by it and kept. A file already received (the same
// digest) changes nothing (false). Refused: a district not strictly below
// the actor's jurisdiction, a key no longer in force, a district whose
// records this instance keeps itself (it would be counted twice), and a
// file older than the submission in force for the month.
//
// The figures (format 2; nil for a file of format 1) are kept with it.
// A region's data reaches an instance by one way only: a file with data
// of a region that submitted to this instance directly (a submission in
// force of a region below it), or a region's file whose data a
// submission in force of a region above it already carries (a city
// forwarding it), is refused — it would be counted twice, and neither can
// be said to be the right one.
func (db *DB) SaveSubmission(ctx context.Context, s *shebao.StatsSubmission, regions []shebao.Region, blocks []shebao.StatsBlock, figures *shebao.StatsFigures) (bool, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return false, err
	}
	if err := authorize(sc.actor, "stats.import", shebao.EntityStats, s.Region); err != nil {
		return false, err
	}
	created := false
	err = db.Update(ctx, func(tx *Tx) error {
		created = false
		if err := tx.flushCounters(ctx); err != nil { // a unit of work's own writes first
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM stats_submissions WHERE digest = $1`, s.Digest).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if err := tx.checkBelow(ctx, sc, s.Region); err != nil {
			return err
		}
		k, err := tx.trustedKey(ctx, s.Region)
		if err != nil {
			return err
		}
		if k == nil || k.Fingerprint != s.KeyFingerprint {
			return shebao.FieldErrorf("签名", "区划%s登记的公钥已变更,请重新导入", s.Region)
		}
		lo, hi, err := prefixRange(s.Region)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM stats_months WHERE region_code BETWEEN $1 AND $2 LIMIT 1) x`,
			lo, hi).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return shebao.FieldErrorf("区划代码", "区划%s的业务数据由本系统经办,不能再导入其上报的统计数据(否则重复计算)", s.Region)
		}
		if err := tx.checkOneWay(ctx, s.Region, blocks, figures); err != nil {
			return err
		}
		var old shebao.StatsSubmission
		err = tx.QueryRow(ctx, `SELECT digest, created FROM stats_submissions WHERE region_code = $1 AND month = $2 AND superseded_by = ''`,
			s.Region, s.Month).Scan(&old.Digest, &old.Created)
		switch {
		case isNoRows(err):
		case err != nil:
			return err
		case old.Created >= s.Created:
			return shebao.FieldErrorf("导出时间", "该文件导出于%s,早于已接收的%s月报表(导出于%s),不予替换", s.Created, s.Month, old.Created)
		}
		// The regions below the district that this instance lacks, parents
		// first (the file lists them so).
		for _, r := range regions {
			if r.Code == s.Region {
				continue
			}
			var have int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, r.Code).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
				r.Code, r.Name, r.Level, r.Parent, fmtTime(tx.now)); err != nil {
				return err
			}
			if err := tx.audit(ctx, "region.create", shebao.EntityRegion, r.Code, r.Code, nil, r); err != nil {
				return err
			}
		}
		s.ReceivedAt, s.ReceivedBy = fmtTime(tx.now), sc.actor.Name
		// The earlier submission of the month steps aside (one in force per
		// region and month: stats_submissions_current), kept as history.
		if old.Digest != "" {
			if _, err := tx.Exec(ctx, `UPDATE stats_submissions SET superseded_by = $1, superseded_at = $2 WHERE digest = $3`,
				s.Digest, s.ReceivedAt, old.Digest); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stats_submissions (digest, region_code, month, sender, created, key_fingerprint,
			received_at, received_by, row_count, format, figures_as_of, fund_count, land_batches, employers, includes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			s.Digest, s.Region, s.Month, s.Sender, s.Created, s.KeyFingerprint, s.ReceivedAt, s.ReceivedBy, s.Rows,
			s.Format, s.FiguresAsOf, s.Funds, s.LandBatches, s.Employers, strings.Join(s.Includes, ",")); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "区划%s %s月的报表正被同时导入,请重试", s.Region, s.Month)
			}
			return err
		}
		// The district's own rows are kept under every region above it too.
		above := lineageOf(s.Region)
		above = above[:len(above)-1]
		var rows [][]any
		for i, b := range blocks {
			if _, err := tx.Exec(ctx, `INSERT INTO stats_import_blocks (digest, block, year, prefix, upto) VALUES ($1, $2, $3, $4, $5)`,
				s.Digest, i, b.Year, b.Prefix, b.To); err != nil {
				return err
			}
			add := func(region, key, month string, n int64, days *[31]int64) {
				codes := []string{region}
				if region == s.Region {
					codes = append(codes, above...)
				}
				for _, c := range codes {
					r := make([]any, 0, 37)
					r = append(r, s.Digest, int64(i), c, key, month, n)
					for d := 0; d < 31; d++ {
						if days == nil {
							r = append(r, int64(0))
						} else {
							r = append(r, days[d])
						}
					}
					rows = append(rows, r)
				}
			}
			for _, r := range b.Base {
				add(r.Region, r.Key, "", r.N, nil)
			}
			for _, r := range b.Months {
				add(r.Region, r.Key, r.Month, r.N, &r.Days)
			}
		}
		types := []string{"text", "bigint", "text", "text", "text", "bigint"}
		for range dayCols {
			types = append(types, "bigint")
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "stats_import_rows",
			cols: append([]string{"digest", "block", "region_code", "key", "month", "n"}, dayCols...), pgTypes: types}, rows); err != nil {
			return err
		}
		if figures != nil {
			if err := tx.saveFigures(ctx, s.Digest, figures); err != nil {
				return err
			}
		}
		created = true
		var before any
		if old.Digest != "" {
			before = map[string]string{"digest": old.Digest, "created": old.Created}
		}
		return tx.audit(ctx, "stats.import", shebao.EntityStats, s.Region+":"+s.Month, s.Region, before, s)
	})
	return created, err
}

// saveFigures keeps a submission's figures, one row per entry.
func (tx *Tx) saveFigures(ctx context.Context, digest string, f *shebao.StatsFigures) error {
	var rows [][]any
	add := func(kind, region string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		rows = append(rows, []any{digest, kind, int64(len(rows)), region, string(b)})
		return nil
	}
	for _, x := range f.Funds {
		if err := add("fund", x.Region, x); err != nil {
			return err
		}
	}
	for _, x := range f.Land {
		if err := add("land", x.Region, x); err != nil {
			return err
		}
	}
	for _, x := range f.Employers {
		if err := add("employers", x.Region, x); err != nil {
			return err
		}
	}
	for _, x := range f.Includes {
		if err := add("includes", x.Region, x); err != nil {
			return err
		}
	}
	for _, x := range f.LumpSums {
		if err := add("lumpsum", x.Region, x); err != nil {
			return err
		}
	}
	return tx.bulkInsert(ctx, bulkTable{name: "stats_import_figures", cols: []string{"digest", "kind", "seq", "region_code", "body"},
		pgTypes: []string{"text", "text", "bigint", "text", "text"}}, rows)
}

// checkOneWay refuses a submission of region with data of a region that
// submits here directly, or whose region's data a submission in force of
// a region above it already carries (see SaveSubmission).
func (tx *Tx) checkOneWay(ctx context.Context, region string, blocks []shebao.StatsBlock, figures *shebao.StatsFigures) error {
	// The regions the new file has data of.
	has := map[string]bool{}
	for _, b := range blocks {
		for _, r := range b.Base {
			has[r.Region] = true
		}
		for _, r := range b.Months {
			has[r.Region] = true
		}
	}
	if figures != nil {
		for _, x := range figures.Funds {
			has[x.Region] = true
		}
		for _, x := range figures.Land {
			has[x.Region] = true
		}
		for _, x := range figures.Employers {
			has[x.Region] = true
		}
	}
	lo, hi, err := prefixRange(region)
	if err != nil {
		return err
	}
	type sub struct{ region, month string }
	var below []sub
	if err := tx.scanRows(ctx, `SELECT region_code, MAX(month) FROM stats_submissions WHERE superseded_by = ''
		AND region_code BETWEEN $1 AND $2 AND region_code <> $3 GROUP BY region_code ORDER BY region_code`, []any{lo, hi, region},
		func(s rowScanner) error {
			var x sub
			if err := s.Scan(&x.region, &x.month); err != nil {
				return err
			}
			below = append(below, x)
			return nil
		}); err != nil {
		return err
	}
	for _, x := range below {
		r, err := idno.ParseRegion(x.region)
		if err != nil {
			continue
		}
		for code := range has {
			if r.Contains(code) {
				return shebao.FieldErrorf("区划代码", "区划%s已直接向本级上报统计数据(最近%s),%s的上报文件又含其数据,不予接收(否则重复计算;请由其一上报)",
					x.region, x.month, region)
			}
		}
	}
	for _, up := range lineageOf(region) {
		if up == region {
			continue
		}
		var month string
		err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(s.month), '') FROM stats_submissions s WHERE s.region_code = $1 AND s.superseded_by = ''
			AND (EXISTS (SELECT 1 FROM stats_import_rows r WHERE r.digest = s.digest AND r.region_code BETWEEN $2 AND $3)
			OR EXISTS (SELECT 1 FROM stats_import_figures f WHERE f.digest = s.digest AND f.kind <> 'includes' AND f.region_code BETWEEN $2 AND $3))`,
			up, lo, hi).Scan(&month)
		if err != nil && !isNoRows(err) {
			return err
		}
		if month != "" {
			return shebao.FieldErrorf("区划代码", "区划%s的统计数据已由上级%s汇总上报本级(最近%s),不能再直接上报(否则重复计算;请由其一上报)", region, up, month)
		}
	}
	return nil
}

// ImportedFigures lists the figures of the submissions in force (format
// 2) that give the figures on day: of each submitting region, its
// submission of the latest month whose figures are of day or before. They
// hold sums only; the report service keeps those within the region asked
// for.
func (db *DB) ImportedFigures(ctx context.Context, day string) ([]shebao.ImportedFigures, error) {
	if _, err := statsScope(ctx); err != nil {
		return nil, err
	}
	var out []shebao.ImportedFigures
	err := db.View(ctx, func(tx *Tx) error {
		out = nil
		at := map[string]int{}
		return tx.scanRows(ctx, `SELECT s.digest, s.region_code, s.month, s.figures_as_of, f.kind, f.body
			FROM stats_submissions s JOIN stats_import_figures f ON f.digest = s.digest
			WHERE s.superseded_by = '' AND s.figures_as_of <> '' AND s.figures_as_of <= $1
			AND s.month = (SELECT MAX(l.month) FROM stats_submissions l WHERE l.region_code = s.region_code AND l.superseded_by = ''
				AND l.figures_as_of <> '' AND l.figures_as_of <= $1)
			ORDER BY s.region_code, s.month, f.kind, f.seq`, []any{day}, func(r rowScanner) error {
			var digest, region, month, asOf, kind, body string
			if err := r.Scan(&digest, &region, &month, &asOf, &kind, &body); err != nil {
				return err
			}
			i, ok := at[digest]
			if !ok {
				i = len(out)
				at[digest] = i
				out = append(out, shebao.ImportedFigures{Digest: digest, District: region, Month: month, StatsFigures: shebao.StatsFigures{AsOf: asOf}})
			}
			f := &out[i]
			var err error
			switch kind {
			case "fund":
				var x shebao.StatsFund
				err = json.Unmarshal([]byte(body), &x)
				f.Funds = append(f.Funds, x)
			case "land":
				var x shebao.StatsLandBatch
				err = json.Unmarshal([]byte(body), &x)
				x.SetLag(x.LagSum, x.WorstLagDays) // the average again from the sum
				f.Land = append(f.Land, x)
			case "employers":
				var x shebao.StatsEmployers
				err = json.Unmarshal([]byte(body), &x)
				f.Employers = append(f.Employers, x)
			case "includes":
				var x shebao.StatsIncluded
				err = json.Unmarshal([]byte(body), &x)
				f.Includes = append(f.Includes, x)
			case "lumpsum":
				var x shebao.StatsLumpSum
				err = json.Unmarshal([]byte(body), &x)
				f.LumpSums = append(f.LumpSums, x)
			}
			return err
		})
	})
	return out, err
}

// Submissions lists the submissions received for regions in the actor's
// jurisdiction — region "" all of them — and month ("" every month): those
// in force and those superseded, by region, month and time received.
func (db *DB) Submissions(ctx context.Context, region, month string) ([]shebao.StatsSubmission, error) {
	sc, err := statsScope(ctx)
	if err != nil {
		return nil, err
	}
	if sc, err = sc.narrow(region); err != nil {
		return nil, err
	}
	conds, args := sc.where("s.region_code", []string{"1 = 1"}, nil)
	if month != "" {
		args = append(args, month)
		conds = append(conds, fmt.Sprintf("s.month = $%d", len(args)))
	}
	out := []shebao.StatsSubmission{}
	err = db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT s.digest, s.region_code, COALESCE(r.name, ''), s.month, s.sender, s.created, s.key_fingerprint,
			s.received_at, s.received_by, s.superseded_by, s.superseded_at, s.row_count,
			s.format, s.figures_as_of, s.fund_count, s.land_batches, s.employers, s.includes
			FROM stats_submissions s LEFT JOIN regions r ON r.code = s.region_code
			WHERE `+strings.Join(conds, " AND ")+` ORDER BY s.region_code, s.month, s.received_at`, args, func(r rowScanner) error {
			var s shebao.StatsSubmission
			var includes string
			if err := r.Scan(&s.Digest, &s.Region, &s.RegionName, &s.Month, &s.Sender, &s.Created, &s.KeyFingerprint,
				&s.ReceivedAt, &s.ReceivedBy, &s.SupersededBy, &s.SupersededAt, &s.Rows,
				&s.Format, &s.FiguresAsOf, &s.Funds, &s.LandBatches, &s.Employers, &includes); err != nil {
				return err
			}
			s.Includes = []string{}
			if includes != "" {
				s.Includes = strings.Split(includes, ",")
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

// ImportedBlocks lists the blocks of the submissions in force. They hold
// sums only; which of their rows an actor reads is scoped by
// ImportedRows.
func (db *DB) ImportedBlocks(ctx context.Context) ([]shebao.ImportedBlock, error) {
	if _, err := statsScope(ctx); err != nil {
		return nil, err
	}
	var out []shebao.ImportedBlock
	err := db.View(ctx, func(tx *Tx) error {
		return tx.scanRows(ctx, `SELECT b.digest, b.block, s.region_code, s.month, b.year, b.prefix, b.upto
			FROM stats_import_blocks b JOIN stats_submissions s ON s.digest = b.digest
			WHERE s.superseded_by = '' ORDER BY s.region_code, s.month, b.block`, nil, func(r rowScanner) error {
			var b shebao.ImportedBlock
			if err := r.Scan(&b.Digest, &b.Block, &b.District, &b.Month, &b.Year, &b.Prefix, &b.To); err != nil {
				return err
			}
			out = append(out, b)
			return nil
		})
	})
	return out, err
}

// ImportedRows returns the rows of the blocks (digest and block) for
// each region asked for ("" the whole database, as CounterSums) whose key
// starts with one of prefixes; each row's Region is the region asked for.
func (db *DB) ImportedRows(ctx context.Context, blocks []shebao.ImportedBlock, regions, prefixes []string) ([]shebao.ImportedRow, error) {
	if len(blocks) == 0 {
		return nil, nil
	}
	of, codes, err := db.counterRegions(ctx, regions)
	if err != nil || len(codes) == 0 {
		return nil, err
	}
	asked := map[string][]string{}
	for r, cs := range of {
		for _, c := range cs {
			asked[c] = append(asked[c], r)
		}
	}
	var digests []string
	want := map[string]bool{}
	for _, b := range blocks {
		want[b.Digest+"|"+strconv.Itoa(b.Block)] = true
		digests = append(digests, b.Digest)
	}
	sort.Strings(digests)
	digests = compactStrings(digests)
	var args []any
	dcond, args := (&Tx{db: db}).inKeys("digest", digests, args)
	rcond, args := db.inCodes("region_code", codes, args)
	kcond, args := keyRanges(prefixes, args)
	rows, err := db.query(ctx, `SELECT digest, block, region_code, key, month, n, `+strings.Join(dayCols, ", ")+
		` FROM stats_import_rows WHERE `+dcond+` AND `+rcond+` AND `+kcond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shebao.ImportedRow
	for rows.Next() {
		var r shebao.ImportedRow
		dest := []any{&r.Digest, &r.Block, &r.Region, &r.Key, &r.Month, &r.N}
		for d := range r.Days {
			dest = append(dest, &r.Days[d])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if !want[r.Digest+"|"+strconv.Itoa(r.Block)] {
			continue
		}
		for _, a := range asked[r.Region] {
			r := r
			r.Region = a
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
