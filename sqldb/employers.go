package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/shebao/shebao"
)

const employerColumns = `e.uscc, e.name, e.industry, e.risk_class, e.region_code, e.contact, e.phone, e.address,
	e.version, e.source, e.created_at, e.updated_at, COALESCE(r.name, '')`

const employerFrom = ` FROM employers e LEFT JOIN regions r ON r.code = e.region_code`

func scanEmployer(s rowScanner) (*shebao.Employer, error) {
	var e shebao.Employer
	var created, updated string
	if err := s.Scan(&e.USCC, &e.Name, &e.Industry, &e.RiskClass, &e.Region, &e.Contact, &e.Phone, &e.Address,
		&e.Version, &e.Source, &created, &updated, &e.RegionName); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = parseTime(created), parseTime(updated)
	return &e, nil
}

// canonicalUSCC is shebao.CanonicalUSCC, by its short name in the store.
func canonicalUSCC(s string) (string, error) { return shebao.CanonicalUSCC(s) }

func notFoundEmployer(uscc string) error { return shebao.EmployerNotFound(uscc) }

func (tx *Tx) findEmployer(ctx context.Context, uscc string) (*shebao.Employer, error) {
	e, err := scanEmployer(tx.QueryRow(ctx, `SELECT `+employerColumns+employerFrom+` WHERE e.uscc = $1`, uscc))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return e, err
}

// FindEmployer returns the employer with the code, within the actor's
// jurisdiction, for roles that read employers. The record names its
// contact person and phone: the read is audited (employer.read).
func (db *DB) FindEmployer(ctx context.Context, uscc string) (*shebao.Employer, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "employer.read", shebao.EntityEmployer, code); err != nil {
		return nil, err
	}
	e, err := scanEmployer(db.queryRow(ctx, `SELECT `+employerColumns+employerFrom+` WHERE e.uscc = $1`, code))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.contains(e.Region) {
		return nil, notFoundEmployer(code)
	}
	if err != nil {
		return nil, err
	}
	if err := db.recordRead(ctx, "employer.read", shebao.EntityEmployer, e.USCC, e.Region, nil, nil); err != nil {
		return nil, err
	}
	return e, nil
}

// FindEmployers searches employers within the actor's jurisdiction, for
// roles that read employers: an audited read (employer.search by code or
// name, employer.list otherwise; "persons" counts the records naming a
// contact person).
func (db *DB) FindEmployers(ctx context.Context, f shebao.EmployerFilter) ([]*shebao.Employer, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	action := "employer.list"
	if f.USCC != "" || strings.TrimSpace(f.Name) != "" {
		action = "employer.search"
	}
	if err := authorize(sc.actor, action, shebao.EntityEmployer, ""); err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	var code string
	if f.USCC != "" {
		if code, err = canonicalUSCC(f.USCC); err != nil {
			return nil, 0, err
		}
		args = append(args, code)
		conds = append(conds, "e.uscc = $"+itoa(len(args)))
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		args = append(args, "%"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(name)+"%")
		conds = append(conds, `e.name LIKE $`+itoa(len(args))+` ESCAPE '\'`)
	}
	conds, args = sc.where("e.region_code", conds, args)
	out, total, err := findPage(ctx, db, `employers e`, `SELECT `+employerColumns+employerFrom, whereClause(conds), args,
		"e.region_code, e.name, e.uscc", f.Limit, f.Offset, scanEmployer)
	if err != nil {
		return nil, 0, err
	}
	contacts := 0
	for _, e := range out {
		if e.Contact != "" || e.Phone != "" {
			contacts++
		}
	}
	filter := map[string]any{"uscc": code, "name": strings.TrimSpace(f.Name), "region": f.Region, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, action, shebao.EntityEmployer, code, filter, len(out), contacts); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

var employerTable = bulkTable{
	name: "employers",
	cols: []string{"uscc", "name", "industry", "risk_class", "region_code", "contact", "phone", "address",
		"version", "source", "created_at", "created_by", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "bigint", "text", "text", "text", "text",
		"bigint", "text", "text", "text", "text", "text"},
}

func (tx *Tx) insertEmployers(ctx context.Context, es []*shebao.Employer) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	rows := make([][]any, len(es))
	for i, e := range es {
		rows[i] = []any{e.USCC, e.Name, e.Industry, int64(e.RiskClass), e.Region, e.Contact, e.Phone, e.Address,
			int64(1), e.Source, now, a.Name, now, a.Name}
	}
	return tx.bulkInsert(ctx, employerTable, rows)
}

// CreateEmployer registers a new employer.
func (db *DB) CreateEmployer(ctx context.Context, e *shebao.Employer) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := shebao.NormalizeEmployer(e); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "所属区划", e.Region); err != nil {
			return err
		}
		if old, err := tx.findEmployer(ctx, e.USCC); err != nil {
			return err
		} else if old != nil {
			return shebao.Errorf(shebao.ECONFLICT, "统一社会信用代码%s已登记(%s)", e.USCC, old.Name)
		}
		e.Source = "api"
		if err := tx.insertEmployers(ctx, []*shebao.Employer{e}); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "统一社会信用代码%s已登记", e.USCC)
			}
			return err
		}
		stored, err := tx.findEmployer(ctx, e.USCC)
		if err != nil {
			return err
		}
		*e = *stored
		return tx.audit(ctx, "employer.create", "employer", e.USCC, e.Region, nil, e)
	})
}

// UpdateEmployer changes an employer's record, keeping the previous state.
// With u.Version the edit applies only to that version of the record
// (shebao.CheckEditVersion), as UpdatePerson.
func (db *DB) UpdateEmployer(ctx context.Context, uscc string, u shebao.EmployerUpdate) (*shebao.Employer, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	code, err := canonicalUSCC(uscc)
	if err != nil {
		return nil, err
	}
	var out *shebao.Employer
	err = db.Update(ctx, func(tx *Tx) error {
		old, err := tx.findEmployer(ctx, code)
		if err != nil {
			return err
		}
		if old == nil || !sc.contains(old.Region) {
			return notFoundEmployer(code)
		}
		if err := shebao.CheckEditVersion("单位"+code, u.Version, old.Version); err != nil {
			return err
		}
		e := *old
		u.Apply(&e)
		if err := shebao.NormalizeEmployer(&e); err != nil {
			return err
		}
		if e.Region != old.Region {
			if err := tx.checkRegion(ctx, sc, "所属区划", e.Region); err != nil {
				return err
			}
		}
		changes := shebao.EmployerChanges(old, &e)
		if len(changes) == 0 {
			out = old
			return nil
		}
		e.Source = "api"
		if err := tx.updateEmployer(ctx, u.Reason, old, &e, changes); err != nil {
			return err
		}
		out, err = tx.findEmployer(ctx, code)
		return err
	})
	return out, err
}

func (tx *Tx) updateEmployer(ctx context.Context, reason string, old, e *shebao.Employer, changes []shebao.Change) error {
	a, _ := shebao.ActorFrom(ctx)
	source := e.Source
	now := fmtTime(tx.now)
	if _, err := tx.Exec(ctx, `INSERT INTO employer_versions (uscc, version, changed_at, actor, source, reason, before_json, changes_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		old.USCC, old.Version, now, a.Name, source, reason, jsonText(old), jsonText(changes)); err != nil {
		return err
	}
	// The employer's region is where its employees count as workers
	// (shebao.CounterWorkers): a move recounts the persons it employs.
	var employees []string
	if e.Region != old.Region {
		if err := tx.scanRows(ctx, `SELECT DISTINCT id_no FROM enrollments WHERE employer_uscc = $1`, []any{old.USCC}, func(s rowScanner) error {
			var id string
			err := s.Scan(&id)
			employees = append(employees, id)
			return err
		}); err != nil {
			return err
		}
	}
	err := tx.recount(ctx, personsFamily, byKeysSel(employees...), func() error {
		res, err := tx.Exec(ctx, `UPDATE employers SET name = $1, industry = $2, risk_class = $3, region_code = $4, contact = $5,
		phone = $6, address = $7, version = version + 1, source = $8, updated_at = $9, updated_by = $10
		WHERE uscc = $11 AND version = $12`,
			e.Name, e.Industry, e.RiskClass, e.Region, e.Contact, e.Phone, e.Address, source, now, a.Name, old.USCC, old.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "单位%s的记录已被他人修改,请刷新后重试", old.USCC)
		}
		return nil
	})
	if err != nil {
		return err
	}
	after := *e
	after.Version = old.Version + 1
	return tx.audit(ctx, "employer.update", "employer", old.USCC, e.Region, old, map[string]any{"employer": after, "changes": changes, "reason": reason, "source": source})
}

// EmployersByUSCC reads the employers with the codes, wherever registered.
func (db *DB) EmployersByUSCC(ctx context.Context, codes []string) (map[string]*shebao.Employer, error) {
	var out map[string]*shebao.Employer
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.employersByUSCC(ctx, codes)
		return err
	})
	return out, err
}

// InsertEmployers registers new, normalised employers of import run `run`,
// with one audit entry for the chunk.
func (db *DB) InsertEmployers(ctx context.Context, run string, es []*shebao.Employer) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEmployers(ctx, es); err != nil {
			return err
		}
		if len(es) == 0 {
			return nil
		}
		created := make([]string, len(es))
		for i, e := range es {
			created[i] = e.USCC
		}
		return tx.audit(ctx, "employer.import", "import", run, "", nil, map[string]any{"created": created})
	})
}

// ChangeEmployer writes a changed employer with its history and audit entry.
func (db *DB) ChangeEmployer(ctx context.Context, reason string, old, e *shebao.Employer, changes []shebao.Change) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.updateEmployer(ctx, reason, old, e, changes) })
}
