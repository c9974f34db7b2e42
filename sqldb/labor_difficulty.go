package sqldb

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// 失业登记, 就业困难人员 and 零就业家庭 (employ.Service, docs/DOMAIN.md §10).

const unemploymentColumns = `u.id, u.id_no, p.name, u.region_code, u.registered_on, u.reason, u.ended_on, u.end_reason, u.created_by`

func scanUnemployment(s rowScanner) (*shebao.UnemploymentRegistration, error) {
	u := &shebao.UnemploymentRegistration{}
	err := s.Scan(&u.ID, &u.IDNo, &u.Name, &u.Region, &u.RegisteredOn, &u.Reason, &u.EndedOn, &u.EndReason, &u.CreatedBy)
	return u, err
}

// OpenUnemployment is the person's open unemployment registration (nil
// when none), unaudited: for the rules of a write, which audits.
func (db *DB) OpenUnemployment(ctx context.Context, idNo string) (*shebao.UnemploymentRegistration, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	u, err := scanUnemployment(db.queryRow(ctx, `SELECT `+unemploymentColumns+` FROM unemployment_registrations u JOIN persons p ON p.id_no = u.id_no
		WHERE u.id_no = $1 AND u.ended_on = ''`, idNo))
	if isNoRows(err) {
		return nil, nil
	}
	return u, err
}

// SaveUnemployment writes a new registration (ID empty: one is given) or
// the end of an open one, with its audit entry (unemployment.register,
// unemployment.end) under the person's region, which must lie in the
// actor's jurisdiction.
func (db *DB) SaveUnemployment(ctx context.Context, u *shebao.UnemploymentRegistration) error {
	sc, err := keeperScope(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(u.Region) {
		return notFoundPerson(u.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		if u.ID == "" {
			u.ID = newID()
			if err := tx.recount(ctx, unemploymentFamily, createdBy("u.id = $1", u.ID), func() error {
				_, err := tx.Exec(ctx, `INSERT INTO unemployment_registrations (id, id_no, region_code, registered_on, reason, created_at, created_by,
				updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7)`, u.ID, u.IDNo, u.Region, u.RegisteredOn, u.Reason, now, sc.actor.Name)
				if isUniqueViolation(err) {
					return shebao.FieldErrorf("身份证号", "该人员已有未终止的失业登记")
				}
				return err
			}); err != nil {
				return err
			}
			return tx.audit(ctx, "unemployment.register", shebao.EntityLabor, u.IDNo, u.Region, nil, u)
		}
		if err := tx.recount(ctx, unemploymentFamily, byCond("u.id = $1", u.ID), func() error {
			res, err := tx.Exec(ctx, `UPDATE unemployment_registrations SET ended_on = $1, end_reason = $2, updated_at = $3, updated_by = $4
			WHERE id = $5 AND ended_on = ''`, u.EndedOn, u.EndReason, now, sc.actor.Name, u.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "该失业登记已被他人终止,请刷新后重试")
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "unemployment.end", shebao.EntityLabor, u.IDNo, u.Region, nil, u)
	})
}

// FindUnemployment lists the registrations of the actor's jurisdiction
// (open only, or all), newest first (an audited list, unemployment.list).
func (db *DB) FindUnemployment(ctx context.Context, open bool) ([]*shebao.UnemploymentRegistration, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("u.region_code", nil, nil)
	conds, args = sc.own("u.id_no", conds, args)
	if open {
		conds = append(conds, "u.ended_on = ''")
	}
	var out []*shebao.UnemploymentRegistration
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+unemploymentColumns+` FROM unemployment_registrations u JOIN persons p ON p.id_no = u.id_no`+
			whereClause(conds)+` ORDER BY u.registered_on DESC, u.id_no LIMIT 5000`, args, func(s rowScanner) error {
			u, err := scanUnemployment(s)
			out = append(out, u)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "unemployment.list", shebao.EntityLabor, listKey(sc, ""), sc.region(), nil,
			listDetail(map[string]any{"open": open}, len(out), countPersons(out, func(u *shebao.UnemploymentRegistration) string { return u.IDNo })))
	})
	return out, err
}

const hardshipColumns = `h.id, h.id_no, p.name, h.region_code, h.reason, h.basis, h.certified_on, h.valid_until, h.ended_on, h.end_reason, h.created_by`

func scanHardship(s rowScanner) (*shebao.HardshipCertification, error) {
	h := &shebao.HardshipCertification{}
	err := s.Scan(&h.ID, &h.IDNo, &h.Name, &h.Region, &h.Reason, &h.Basis, &h.CertifiedOn, &h.ValidUntil, &h.EndedOn, &h.EndReason, &h.CreatedBy)
	return h, err
}

// OpenHardship is the person's open certification (nil when none),
// unaudited.
func (db *DB) OpenHardship(ctx context.Context, idNo string) (*shebao.HardshipCertification, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	h, err := scanHardship(db.queryRow(ctx, `SELECT `+hardshipColumns+` FROM hardship_certifications h JOIN persons p ON p.id_no = h.id_no
		WHERE h.id_no = $1 AND h.ended_on = ''`, idNo))
	if isNoRows(err) {
		return nil, nil
	}
	return h, err
}

// SaveHardship writes a new certification (ID empty) or the end of an
// open one, with its audit entry (hardship.certify, hardship.end).
func (db *DB) SaveHardship(ctx context.Context, h *shebao.HardshipCertification) error {
	sc, err := keeperScope(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(h.Region) {
		return notFoundPerson(h.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		if h.ID == "" {
			h.ID = newID()
			if err := tx.recount(ctx, hardshipFamily, createdBy("h.id = $1", h.ID), func() error {
				_, err := tx.Exec(ctx, `INSERT INTO hardship_certifications (id, id_no, region_code, reason, basis, certified_on, valid_until,
				created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9)`,
					h.ID, h.IDNo, h.Region, h.Reason, h.Basis, h.CertifiedOn, h.ValidUntil, now, sc.actor.Name)
				if isUniqueViolation(err) {
					return shebao.FieldErrorf("身份证号", "该人员已有未终止的就业困难人员认定")
				}
				return err
			}); err != nil {
				return err
			}
			return tx.audit(ctx, "hardship.certify", shebao.EntityLabor, h.IDNo, h.Region, nil, h)
		}
		if err := tx.recount(ctx, hardshipFamily, byCond("h.id = $1", h.ID), func() error {
			res, err := tx.Exec(ctx, `UPDATE hardship_certifications SET ended_on = $1, end_reason = $2, updated_at = $3, updated_by = $4
			WHERE id = $5 AND ended_on = ''`, h.EndedOn, h.EndReason, now, sc.actor.Name, h.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "该就业困难人员认定已被他人终止,请刷新后重试")
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "hardship.end", shebao.EntityLabor, h.IDNo, h.Region, nil, h)
	})
}

// FindHardship lists the certifications of the actor's jurisdiction (open
// only, or all), newest first (an audited list, hardship.list).
func (db *DB) FindHardship(ctx context.Context, open bool) ([]*shebao.HardshipCertification, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("h.region_code", nil, nil)
	conds, args = sc.own("h.id_no", conds, args)
	if open {
		conds = append(conds, "h.ended_on = ''")
	}
	var out []*shebao.HardshipCertification
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+hardshipColumns+` FROM hardship_certifications h JOIN persons p ON p.id_no = h.id_no`+
			whereClause(conds)+` ORDER BY h.certified_on DESC, h.id_no LIMIT 5000`, args, func(s rowScanner) error {
			h, err := scanHardship(s)
			out = append(out, h)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "hardship.list", shebao.EntityLabor, listKey(sc, ""), sc.region(), nil,
			listDetail(map[string]any{"open": open}, len(out), countPersons(out, func(h *shebao.HardshipCertification) string { return h.IDNo })))
	})
	return out, err
}

// HouseholdOf is the household the person is a member of ("" none).
func (db *DB) HouseholdOf(ctx context.Context, idNo string) (string, error) {
	if _, err := scopeOf(ctx); err != nil {
		return "", err
	}
	var h string
	err := db.queryRow(ctx, `SELECT household_id FROM household_members WHERE id_no = $1`, idNo).Scan(&h)
	if isNoRows(err) {
		return "", nil
	}
	return h, err
}

// laborWorking are the statuses in force that count as work for a
// zero-employment household; 失业 is the one that makes it.
var laborWorking = fmt.Sprintf("'%s', '%s', '%s', '%s'", shebao.LaborEmployed, shebao.LaborFlexible, shebao.LaborFarming, shebao.LaborTransferred)

// ZeroEmploymentCandidates finds, set-based, the households of the
// actor's jurisdiction (by the household's region) that are zero-employment
// now: among their living members on the register (of working age at the
// last rebuild, or registered), at least one whose status in force is 失业
// and none whose status is 就业, 灵活就业, 务农 or 转移就业 (the same rule
// of the status in force as shebao.ResolveLabor, laborStatusSQL).
func (db *DB) ZeroEmploymentCandidates(ctx context.Context) ([]*shebao.ZeroEmploymentHousehold, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("h.region_code", []string{"p.status = '" + shebao.StatusAlive + "'", "(d.id_no IS NOT NULL OR r.id_no IS NOT NULL)"}, nil)
	var out []*shebao.ZeroEmploymentHousehold
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT h.id, h.region_code, COUNT(*),
				SUM(CASE WHEN `+laborStatusSQL+` = '`+shebao.LaborUnemployed+`' THEN 1 ELSE 0 END)
			FROM households h JOIN household_members m ON m.household_id = h.id JOIN persons p ON p.id_no = m.id_no
			LEFT JOIN labor_derived d ON d.id_no = m.id_no LEFT JOIN labor_register r ON r.id_no = m.id_no`+whereClause(conds)+`
			GROUP BY h.id, h.region_code
			HAVING SUM(CASE WHEN `+laborStatusSQL+` = '`+shebao.LaborUnemployed+`' THEN 1 ELSE 0 END) > 0
				AND SUM(CASE WHEN `+laborStatusSQL+` IN (`+laborWorking+`) THEN 1 ELSE 0 END) = 0
			ORDER BY h.id`, args, func(s rowScanner) error {
			z := &shebao.ZeroEmploymentHousehold{}
			if err := s.Scan(&z.Household, &z.Region, &z.Members, &z.Unemployed); err != nil {
				return err
			}
			out = append(out, z)
			return nil
		})
	})
	return out, err
}

const zeroColumns = `z.id, z.household_id, z.region_code, h.head_id_no, COALESCE(p.name, ''), z.found_on, z.members, z.unemployed, z.cleared_on, z.cleared_reason`

// FindZeroEmployment lists the zero-employment households of the actor's
// jurisdiction: the open ones, or all with the cleared (an audited list,
// zero_household.list: the heads are persons).
func (db *DB) FindZeroEmployment(ctx context.Context, open bool) ([]*shebao.ZeroEmploymentHousehold, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("z.region_code", nil, nil)
	if sc.ownOnly() {
		// A citizen sees only their own household's listing.
		args = append(args, sc.actor.IDNo)
		conds = append(conds, "z.household_id IN (SELECT m.household_id FROM household_members m WHERE m.id_no = $"+itoa(len(args))+")")
	}
	if open {
		conds = append(conds, "z.cleared_on = ''")
	}
	var out []*shebao.ZeroEmploymentHousehold
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+zeroColumns+` FROM zero_employment_households z JOIN households h ON h.id = z.household_id
			LEFT JOIN persons p ON p.id_no = h.head_id_no`+whereClause(conds)+` ORDER BY z.region_code, z.household_id, z.found_on`, args, func(s rowScanner) error {
			z := &shebao.ZeroEmploymentHousehold{}
			if err := s.Scan(&z.ID, &z.Household, &z.Region, &z.Head, &z.HeadName, &z.FoundOn, &z.Members, &z.Unemployed, &z.ClearedOn, &z.ClearedReason); err != nil {
				return err
			}
			out = append(out, z)
			return nil
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "zero_household.list", shebao.EntityLabor, listKey(sc, ""), sc.region(), nil,
			listDetail(map[string]any{"open": open}, len(out), -1))
	})
	return out, err
}

// SaveZeroEmploymentScan lists the households found (new rows) and clears
// the open ones no longer zero-employment (their cleared day and reason),
// with one audit entry (zero_household.scan).
func (db *DB) SaveZeroEmploymentScan(ctx context.Context, scan shebao.ZeroEmploymentScan, found, cleared []*shebao.ZeroEmploymentHousehold) error {
	sc, err := keeperScope(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		for _, z := range found {
			if !sc.contains(z.Region) {
				return shebao.Errorf(shebao.EFORBIDDEN, "户%s不在您的管辖范围内", z.Household)
			}
			z.ID = newID()
			if err := tx.recount(ctx, zeroFamily, createdBy("z.id = $1", z.ID), func() error {
				_, err := tx.Exec(ctx, `INSERT INTO zero_employment_households (id, household_id, region_code, found_on, members, unemployed)
				VALUES ($1, $2, $3, $4, $5, $6)`, z.ID, z.Household, z.Region, z.FoundOn, z.Members, z.Unemployed)
				if isUniqueViolation(err) {
					return shebao.Errorf(shebao.ECONFLICT, "户%s已被他人列为零就业家庭,请重新筛查", z.Household)
				}
				return err
			}); err != nil {
				return err
			}
		}
		for _, z := range cleared {
			if !sc.contains(z.Region) {
				return shebao.Errorf(shebao.EFORBIDDEN, "户%s不在您的管辖范围内", z.Household)
			}
			if err := tx.recount(ctx, zeroFamily, byCond("z.id = $1", z.ID), func() error {
				_, err := tx.Exec(ctx, `UPDATE zero_employment_households SET cleared_on = $1, cleared_reason = $2 WHERE id = $3 AND cleared_on = ''`,
					z.ClearedOn, z.ClearedReason, z.ID)
				return err
			}); err != nil {
				return err
			}
		}
		hs := func(zs []*shebao.ZeroEmploymentHousehold) []string {
			out := make([]string, len(zs))
			for i, z := range zs {
				out[i] = z.Household
			}
			return out
		}
		return tx.audit(ctx, "zero_household.scan", shebao.EntityLabor, scan.Date, sc.region(), nil,
			map[string]any{"scan": scan, "found": hs(found), "cleared": hs(cleared)})
	})
}

// keeperScope is the scope of a write that only the register's keepers
// make (villages, towns, the district): a role limited to its own records
// (a citizen, who may change only their own wishes) is refused.
func keeperScope(ctx context.Context) (scope, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return sc, err
	}
	if sc.ownOnly() {
		return sc, shebao.Errorf(shebao.EFORBIDDEN, "参保人只能更改本人的培训意愿和就业意愿")
	}
	return sc, nil
}
