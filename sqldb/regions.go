package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Region names are public reference data: every signed-in actor may read the
// whole tree (a village assistant must see the names of its town and
// district). Writes are limited to the actor's jurisdiction.

// FindRegion returns one region by code (any accepted form).
func (db *DB) FindRegion(ctx context.Context, code string) (*shebao.Region, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	r, err := idno.ParseRegion(code)
	if err != nil {
		return nil, shebao.FieldErrorf("区划代码", "%s", err.Error())
	}
	rows, _, err := db.FindRegions(ctx, shebao.RegionFilter{Code: r.Code, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "区划%s不存在", r.Code)
	}
	return rows[0], nil
}

// FindRegions returns the regions matching f, ordered by code, and the
// total number of matches.
func (db *DB) FindRegions(ctx context.Context, f shebao.RegionFilter) ([]*shebao.Region, int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	if f.Code != "" {
		args = append(args, f.Code)
		conds = append(conds, "code = $"+itoa(len(args)))
	}
	if f.Parent != "" {
		r, err := idno.ParseRegion(f.Parent)
		if err != nil {
			return nil, 0, shebao.FieldErrorf("上级区划", "%s", err.Error())
		}
		args = append(args, r.Code)
		conds = append(conds, "parent_code = $"+itoa(len(args)))
	}
	if f.Prefix != "" {
		lo, hi, err := prefixRange(f.Prefix)
		if err != nil {
			return nil, 0, err
		}
		args = append(args, lo, hi)
		conds = append(conds, "code BETWEEN $"+itoa(len(args)-1)+" AND $"+itoa(len(args)))
	}
	if f.Level != 0 {
		args = append(args, f.Level)
		conds = append(conds, "level = $"+itoa(len(args)))
	}
	if f.Name != "" {
		args = append(args, "%"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Name)+"%")
		conds = append(conds, `name LIKE $`+itoa(len(args))+` ESCAPE '\'`)
	}
	return findPage(ctx, db, `regions`, `SELECT code, name, level, COALESCE(parent_code, '') FROM regions`, whereClause(conds), args,
		"code", f.Limit, f.Offset, func(s rowScanner) (*shebao.Region, error) {
			var r shebao.Region
			err := s.Scan(&r.Code, &r.Name, &r.Level, &r.Parent)
			return &r, err
		})
}

// findPage counts the rows of countFrom matching where and reads one page
// of them, ordered, through scan: the shape of every search in the store.
func findPage[T any](ctx context.Context, db *DB, countFrom, selectFrom, where string, args []any, order string,
	limit, offset int, scan func(rowScanner) (T, error)) ([]T, int, error) {
	var total int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+countFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, offset = page(limit, offset)
	rows, err := db.query(ctx, selectFrom+where+` ORDER BY `+order+` LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// page bounds a requested page size: at most 1000 rows, 50 by default.
func page(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = 50
	}
	if limit > 1000 {
		limit = 1000
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// SaveRegion creates a region, or renames it when it exists. The parent must
// exist; level and parent are derived from the code.
func (db *DB) SaveRegion(ctx context.Context, r *shebao.Region) (bool, error) {
	var created bool
	err := db.Update(ctx, func(tx *Tx) error {
		c, _, err := tx.SaveRegion(ctx, r)
		created = c
		return err
	})
	return created, err
}

// SaveRegion is SaveRegion within a transaction. It reports whether the
// region was created and whether an existing one changed.
func (tx *Tx) SaveRegion(ctx context.Context, r *shebao.Region) (created, changed bool, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return false, false, err
	}
	if err := shebao.NormalizeRegion(r); err != nil {
		return false, false, err
	}
	if !sc.contains(r.Code) {
		return false, false, shebao.Errorf(shebao.EFORBIDDEN, "无权维护辖区以外的区划%s", r.Code)
	}
	var oldName string
	err = tx.QueryRow(ctx, `SELECT name FROM regions WHERE code = $1`, r.Code).Scan(&oldName)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var parent any
		if r.Parent != "" {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, r.Parent).Scan(&n); err != nil {
				return false, false, err
			}
			if n == 0 {
				return false, false, shebao.FieldErrorf("区划代码", "上级区划%s不存在,请先导入上级区划", r.Parent)
			}
			parent = r.Parent
		}
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `INSERT INTO regions (code, name, level, parent_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			r.Code, r.Name, r.Level, parent, now); err != nil {
			if isUniqueViolation(err) {
				return false, false, shebao.Errorf(shebao.ECONFLICT, "区划%s正被他人同时登记,请重试", r.Code)
			}
			return false, false, err
		}
		return true, false, tx.audit(ctx, "region.create", "region", r.Code, r.Code, nil, r)
	case err != nil:
		return false, false, err
	case oldName == r.Name:
		return false, false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE regions SET name = $1, updated_at = $2 WHERE code = $3`, r.Name, fmtTime(tx.now), r.Code); err != nil {
		return false, false, err
	}
	before := *r
	before.Name = oldName
	return false, true, tx.audit(ctx, "region.update", "region", r.Code, r.Code, before, r)
}

// RegionNames returns the code → name map of all regions, for validating
// imports in memory. A province has on the order of 10⁴–10⁵ regions.
func (db *DB) RegionNames(ctx context.Context) (map[string]string, error) {
	rows, err := db.query(ctx, `SELECT code, name FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := make(map[string]string)
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		m[c] = n
	}
	return m, rows.Err()
}

// StoreRegion is SaveRegion in the unit of work of ctx, reporting whether
// the region was created and whether an existing one was renamed.
func (db *DB) StoreRegion(ctx context.Context, r *shebao.Region) (created, changed bool, err error) {
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		created, changed, err = tx.SaveRegion(ctx, r)
		return err
	})
	return created, changed, err
}

// Jurisdiction returns the jurisdiction of the context's actor, for the
// services' rules about regions outside it (the store's own reads and
// writes keep applying it as their scope).
func (db *DB) Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return shebao.Jurisdiction{}, err
	}
	return sc.jurisdiction(), nil
}

func (s scope) jurisdiction() shebao.Jurisdiction {
	return shebao.Jurisdiction{All: s.all, Lo: s.lo, Hi: s.hi}
}

// CheckRegion verifies that a region lies in the actor's jurisdiction and
// exists; the error names the field.
func (db *DB) CheckRegion(ctx context.Context, field, code string) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error { return tx.checkRegion(ctx, sc, field, code) })
}
