package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// The labour register (employ.Service, docs/DOMAIN.md §10): the village's
// entries (labor_register, with their history) and the statuses derived
// from shebao's own records (labor_derived, rebuilt set-based).

// LaborEntries reads the registered entries of the persons, by number,
// with their versions (unaudited: for the rules of a write, which audits).
func (db *DB) LaborEntries(ctx context.Context, ids []string) (map[string]*shebao.LaborEntry, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	out := map[string]*shebao.LaborEntry{}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT id_no, status, destination, skills, certificates, training_wish, work_wish, version
			FROM labor_register WHERE id_no IN (`+placeholders(1, len(part))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e := &shebao.LaborEntry{}
			if err := rows.Scan(&e.IDNo, &e.Status, &e.Destination, &e.Skills, &e.Certificates, &e.TrainingWish, &e.WorkWish, &e.Version); err != nil {
				rows.Close()
				return nil, err
			}
			out[e.IDNo] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveLaborEntries writes persons' entries of the register: a new one (Old
// nil) or the changes to the one there (Old, at its version, goes to the
// history), each with its audit entry (labor.register, labor.update) under
// the person's region, which must lie in the actor's jurisdiction. The
// labour counters of all their persons are recounted once (an import's
// chunk was a recount per row: 5% of gen's time).
func (db *DB) SaveLaborEntries(ctx context.Context, ws []shebao.LaborWrite) error {
	if len(ws) == 0 {
		return nil
	}
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(ws))
	for i, w := range ws {
		if !sc.contains(w.Region) || sc.ownOnly() && w.Entry.IDNo != sc.actor.IDNo {
			return notFoundPerson(w.Entry.IDNo)
		}
		ids[i] = w.Entry.IDNo
	}
	a := sc.actor
	return db.Update(ctx, func(tx *Tx) error {
		// The registered status is part of the status in force, which the
		// labour counters count.
		cond, args := tx.inKeys("d.id_no", ids, nil)
		return tx.recount(ctx, laborFamily, byCond(cond, args...), func() error {
			for _, w := range ws {
				if err := saveLaborEntry(ctx, tx, a, w.Source, w.Region, w.Old, w.Entry, w.Changes); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// saveLaborEntry is one entry's writes (SaveLaborEntries).
func saveLaborEntry(ctx context.Context, tx *Tx, a shebao.Actor, source, region string, old, e *shebao.LaborEntry, changes []shebao.Change) error {
	now := fmtTime(tx.now)
	if old == nil {
		if _, err := tx.Exec(ctx, `INSERT INTO labor_register (id_no, status, destination, skills, certificates, training_wish, work_wish,
			source, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10)`,
			e.IDNo, e.Status, e.Destination, e.Skills, e.Certificates, e.TrainingWish, e.WorkWish, source, now, a.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "人员%s的台账记录已被他人登记,请刷新后重试", idno.MaskID(e.IDNo))
			}
			return err
		}
		after := *e
		after.Version = 1
		return tx.audit(ctx, "labor.register", shebao.EntityLabor, e.IDNo, region, nil, map[string]any{"entry": after, "source": source})
	}
	if _, err := tx.Exec(ctx, `INSERT INTO labor_register_versions (id_no, version, changed_at, actor, source, before_json, changes_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, old.IDNo, old.Version, now, a.Name, source, jsonText(old), jsonText(changes)); err != nil {
		if isUniqueViolation(err) {
			return shebao.Errorf(shebao.ECONFLICT, "人员%s的台账记录已被他人修改,请刷新后重试", idno.MaskID(e.IDNo))
		}
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE labor_register SET status = $1, destination = $2, skills = $3, certificates = $4, training_wish = $5,
		work_wish = $6, version = version + 1, source = $7, updated_at = $8, updated_by = $9 WHERE id_no = $10 AND version = $11`,
		e.Status, e.Destination, e.Skills, e.Certificates, e.TrainingWish, e.WorkWish, source, now, a.Name, old.IDNo, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shebao.Errorf(shebao.ECONFLICT, "人员%s的台账记录已被他人修改,请刷新后重试", idno.MaskID(e.IDNo))
	}
	after := *e
	after.Version = old.Version + 1
	return tx.audit(ctx, "labor.update", shebao.EntityLabor, e.IDNo, region, old, map[string]any{"entry": after, "changes": changes, "source": source})
}

// laborEmployeeSchemes are the schemes an employer pays for an employee:
// an enrollment of one of them in payment with an employer is employment.
var laborEmployeeSchemes = func() string {
	var qs []string
	for _, s := range shebao.Schemes {
		if s.Kind == shebao.KindEmployee {
			qs = append(qs, "'"+s.Code+"'")
		}
	}
	return strings.Join(qs, ", ")
}()

// laborDeriveSelect is the one statement that derives statuses from
// shebao's records (docs/DOMAIN.md §10), for the rebuild (INSERT …
// SELECT over a range of numbers) and for one person's view. Its rows are
// the living persons of working age on the day (by the birth ranges the
// service computed from policy) that satisfy conds, with
//
//	status   就业 when an employee-scheme enrollment is 参保缴费 with an
//	         employer (the smallest USCC, there being one at a time);
//	         else 失业 when an unemployment benefit is 正常发放 in the month;
//	         else 灵活就业 when a flexible-employment base covers the month;
//	         else 在校 when born after the school age's cut-off; else ''.
//	source   职工参保, 失业保险金, 灵活就业参保, 年龄, or ''.
//
// args are extended with the parameters; the columns are id_no,
// region_code, status, employer_uscc, source, land_lost (1 when the person
// is flagged 被征地: the labour counters' L, migration 0115).
//
// The benefits' status and start month are compared as expressions
// (concatenated with the empty string) so that no engine seeks them by benefits_payroll (status,
// start_month): without statistics SQLite chose it, and read every
// benefit in payment for each person (a rebuild quadratic in the
// district: 71 s of gen's 97 s at 20,000 persons); a person's benefits are
// found by benefits_person (id_no, kind).
func laborDeriveSelect(ages policy.LaborAges, conds []string, args []any) (string, []any) {
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	month := arg(ages.Month)
	active, paying := arg(shebao.EnrollActive), arg(shebao.BenefitActive)
	unemp := arg(shebao.BenefitUnemployment)
	mFrom, mTo, mSchool := arg(ages.Male.From), arg(ages.Male.To), arg(ages.Male.SchoolAfter)
	fFrom, fTo, fSchool := arg(ages.Female.From), arg(ages.Female.To), arg(ages.Female.SchoolAfter)
	alive := arg(shebao.StatusAlive)
	conds = append(conds, `p.status = `+alive,
		`((p.sex = '男' AND p.birth BETWEEN `+mFrom+` AND `+mTo+`) OR (p.sex = '女' AND p.birth BETWEEN `+fFrom+` AND `+fTo+`))`)
	q := `SELECT x.id_no, x.region_code,
		CASE WHEN x.emp <> '' THEN '` + shebao.LaborEmployed + `' WHEN x.unemp = 1 THEN '` + shebao.LaborUnemployed + `'
			WHEN x.flex = 1 THEN '` + shebao.LaborFlexible + `' WHEN x.school = 1 THEN '` + shebao.LaborStudent + `' ELSE '' END,
		x.emp,
		CASE WHEN x.emp <> '' THEN '` + shebao.LaborSourceEmployee + `' WHEN x.unemp = 1 THEN '` + shebao.LaborSourceUnemployment + `'
			WHEN x.flex = 1 THEN '` + shebao.LaborSourceFlex + `' WHEN x.school = 1 THEN '` + shebao.LaborSourceAge + `' ELSE '' END,
		x.land_lost
	FROM (SELECT p.id_no, p.region_code,
		COALESCE((SELECT MIN(e.employer_uscc) FROM enrollments e WHERE e.id_no = p.id_no AND e.scheme IN (` + laborEmployeeSchemes + `)
			AND e.status = ` + active + ` AND e.employer_uscc <> ''), '') AS emp,
		CASE WHEN EXISTS (SELECT 1 FROM benefits b WHERE b.id_no = p.id_no AND b.kind = ` + unemp + ` AND (b.status || '') = ` + paying + `
			AND (b.start_month || '') <= ` + month + ` AND (b.end_month = '' OR b.end_month >= ` + month + `)) THEN 1 ELSE 0 END AS unemp,
		CASE WHEN EXISTS (SELECT 1 FROM flex_bases f WHERE f.id_no = p.id_no AND f.from_period <= ` + month + `
			AND (f.to_period = '' OR f.to_period >= ` + month + `)) THEN 1 ELSE 0 END AS flex,
		CASE WHEN p.birth > (CASE WHEN p.sex = '女' THEN ` + fSchool + ` ELSE ` + mSchool + ` END) THEN 1 ELSE 0 END AS school,
		CASE WHEN (',' || p.flags || ',') LIKE '%,` + shebao.FlagLandLost + `,%' THEN 1 ELSE 0 END AS land_lost
		FROM persons p` + whereClause(conds) + `) x`
	return q, args
}

// LaborDerive derives the status of one person on the day (nil when the
// person is not a living person of working age), unaudited: the caller's
// read of the person's record is audited (FindLaborRecord).
func (db *DB) LaborDerive(ctx context.Context, ages policy.LaborAges, idNo string) (*shebao.LaborDerived, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	q, args := laborDeriveSelect(ages, []string{"p.id_no = $1"}, []any{idNo})
	d := &shebao.LaborDerived{}
	var landLost int
	err := db.queryRow(ctx, q, args...).Scan(&d.IDNo, &d.Region, &d.Status, &d.Employer, &d.Source, &landLost)
	if isNoRows(err) {
		return nil, nil
	}
	return d, err
}

// FindLaborRecord reads one person's line of the register — the person
// and the village's entry — for the actor (an audited read, labor.read;
// a citizen only their own). The derived part and the status in force are
// the service's.
func (db *DB) FindLaborRecord(ctx context.Context, idNo string) (*shebao.LaborRecord, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	if sc.ownOnly() && n != sc.actor.IDNo {
		return nil, notFoundPerson(n)
	}
	var r *shebao.LaborRecord
	err = db.View(ctx, func(tx *Tx) error {
		p, err := tx.findPerson(ctx, n)
		if err != nil || p == nil || !sc.contains(p.Region) {
			return err
		}
		r = &shebao.LaborRecord{IDNo: p.IDNo, Name: p.Name, Sex: p.Sex, Birth: p.Birth, Region: p.Region}
		e := &shebao.LaborEntry{}
		err = tx.QueryRow(ctx, `SELECT id_no, status, destination, skills, certificates, training_wish, work_wish, version, updated_by
			FROM labor_register WHERE id_no = $1`, n).Scan(&e.IDNo, &e.Status, &e.Destination, &e.Skills, &e.Certificates,
			&e.TrainingWish, &e.WorkWish, &e.Version, &r.UpdatedBy)
		switch {
		case isNoRows(err):
		case err != nil:
			return err
		default:
			r.Registered, r.Version = e, e.Version
		}
		return tx.audit(ctx, "labor.read", shebao.EntityLabor, p.IDNo, p.Region, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, notFoundPerson(n)
	}
	return r, nil
}

// laborPersonBound is the condition of persons in the chunk (lo, hi] of
// numbers and in the scope.
func laborChunk(sc scope, col, lo, hi string, conds []string, args []any) ([]string, []any) {
	if lo != "" {
		args = append(args, lo)
		conds = append(conds, col+" > $"+itoa(len(args)))
	}
	if hi != "" {
		args = append(args, hi)
		conds = append(conds, col+" <= $"+itoa(len(args)))
	}
	return conds, args
}

// LaborPersonBound is the number of the n-th person of the actor's
// jurisdiction after lo ("" when fewer are left): the chunks of the
// rebuild.
func (db *DB) LaborPersonBound(ctx context.Context, lo string, n int) (string, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return "", err
	}
	q, args := laborBoundQuery(sc, lo, n)
	var hi string
	err = db.queryRow(ctx, q, args...).Scan(&hi)
	if isNoRows(err) {
		return "", nil
	}
	return hi, err
}

// laborBoundQuery is LaborPersonBound's statement. The region is compared
// as an expression: the persons are walked by number, not found by region
// and sorted (persons_region_name would make each chunk's bound read and
// sort the whole jurisdiction).
func laborBoundQuery(sc scope, lo string, n int) (string, []any) {
	conds, args := laborChunk(sc, "p.id_no", lo, "", nil, nil)
	conds, args = sc.where("(p.region_code || '')", conds, args)
	return `SELECT p.id_no FROM persons p` + whereClause(conds) + ` ORDER BY p.id_no LIMIT 1 OFFSET ` + itoa(n-1), args
}

// laborRebuildSelect is the SELECT of RebuildLaborDerived's INSERT: the
// statuses of the day of the chunk's persons. The chunk's persons are
// found by number (the region as an expression, as in laborBoundQuery),
// not the whole jurisdiction by region.
func laborRebuildSelect(sc scope, ages policy.LaborAges, lo, hi string) (string, []any) {
	conds, args := laborChunk(sc, "p.id_no", lo, hi, nil, nil)
	conds, args = sc.where("(p.region_code || '')", conds, args)
	q, args := laborDeriveSelect(ages, conds, args)
	args = append(args, ages.Date)
	return `SELECT y.*, $` + itoa(len(args)) + ` FROM (` + q + `) y`, args
}

// RebuildLaborDerived replaces the derived statuses of the persons of the
// actor's jurisdiction with numbers in (lo, hi] by those of the day, in
// two set-based statements: the chunk's rows go (also of a person who has
// left the jurisdiction or the working age since), the statuses of the day
// come in. Running it again gives the same rows. It returns the number of
// persons of working age written.
func (db *DB) RebuildLaborDerived(ctx context.Context, ages policy.LaborAges, lo, hi string) (int, error) {
	sc, err := keeperScope(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "labor.derive", shebao.EntityLabor, ""); err != nil {
		return 0, err
	}
	var n int
	err = db.Update(ctx, func(tx *Tx) error {
		// The labour counters of the chunk's rows (every row with a number
		// in it: those the DELETE takes and the INSERT gives).
		rc, rargs := laborChunk(sc, "d.id_no", lo, hi, nil, nil)
		sel := selection{all: len(rc) == 0, cond: strings.Join(rc, " AND "), args: rargs}
		return tx.recount(ctx, laborFamily, sel, func() error {
			var err error
			n, err = rebuildLaborChunk(ctx, tx, sc, ages, lo, hi)
			return err
		})
	})
	return n, err
}

// rebuildLaborChunk is RebuildLaborDerived's two statements.
func rebuildLaborChunk(ctx context.Context, tx *Tx, sc scope, ages policy.LaborAges, lo, hi string) (int, error) {
	var n int
	err := func() error {
		dc, dargs := laborChunk(sc, "id_no", lo, hi, nil, nil)
		if !sc.all {
			pc, pargs := laborChunk(sc, "p.id_no", lo, hi, nil, dargs)
			pc, pargs = sc.where("p.region_code", pc, pargs)
			dargs = append(pargs, sc.lo, sc.hi)
			dc = append(dc, `(region_code BETWEEN $`+itoa(len(dargs)-1)+` AND $`+itoa(len(dargs))+
				` OR id_no IN (SELECT p.id_no FROM persons p`+whereClause(pc)+`))`)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM labor_derived`+whereClause(dc), dargs...); err != nil {
			return err
		}
		q, args := laborRebuildSelect(sc, ages, lo, hi)
		res, err := tx.Exec(ctx, `INSERT INTO labor_derived (id_no, region_code, status, employer_uscc, source, land_lost, as_of)
			`+q, args...)
		if err != nil {
			return err
		}
		c, err := res.RowsAffected()
		n = int(c)
		return err
	}()
	return n, err
}

// LaborDerivedCounts counts the derived statuses of the actor's
// jurisdiction by status ("" = nothing derived), and the day of the rebuild
// ("" when never rebuilt), and audits the rebuild's end (labor.derive).
func (db *DB) LaborDerivedCounts(ctx context.Context, date string) (map[string]int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	err = db.Update(ctx, func(tx *Tx) error {
		clear(out)
		conds, args := sc.where("region_code", nil, nil)
		rows, err := tx.Query(ctx, `SELECT status, COUNT(*) FROM labor_derived`+whereClause(conds)+` GROUP BY status`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st string
			var c int
			if err := rows.Scan(&st, &c); err != nil {
				return err
			}
			out[st] = c
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.audit(ctx, "labor.derive", shebao.EntityLabor, date, sc.region(), nil, out)
	})
	return out, err
}

// laborStatusSQL is the status in force of a line of the register in SQL
// (d: labor_derived, r: labor_register), the same rule as
// shebao.ResolveLabor: a status derived from an insurance record, except
// 转移就业 registered against 就业 derived; else the registered one; else
// the derived one (by age, or ”).
const laborStatusSQL = `CASE
	WHEN d.source IN ('` + shebao.LaborSourceEmployee + `', '` + shebao.LaborSourceUnemployment + `', '` + shebao.LaborSourceFlex + `')
		AND NOT (r.status = '` + shebao.LaborTransferred + `' AND d.status = '` + shebao.LaborEmployed + `') THEN d.status
	WHEN r.status IS NOT NULL THEN r.status
	ELSE COALESCE(d.status, '') END`

// laborDisagreeSQL is the condition that the register and the data
// disagree (shebao.ResolveLabor's Disagreement).
const laborDisagreeSQL = `(d.source IN ('` + shebao.LaborSourceEmployee + `', '` + shebao.LaborSourceUnemployment + `', '` + shebao.LaborSourceFlex + `')
	AND r.status IS NOT NULL AND r.status <> d.status
	AND NOT (r.status = '` + shebao.LaborTransferred + `' AND d.status = '` + shebao.LaborEmployed + `'))`

// FindLabor lists lines of the register in the actor's jurisdiction: the
// persons of working age at the last rebuild and every person with an
// entry, by region and number, with their registered and derived parts (an
// audited list, labor.list). The status in force and the disagreement are
// filled by shebao.ResolveLabor; the filters use the same rule in SQL.
func (db *DB) FindLabor(ctx context.Context, f shebao.LaborFilter) ([]*shebao.LaborRecord, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	conds, args := sc.where("p.region_code", []string{"(d.id_no IS NOT NULL OR r.id_no IS NOT NULL)"}, nil)
	conds, args = sc.own("p.id_no", conds, args)
	if f.Status != "" {
		args = append(args, f.Status)
		conds = append(conds, laborStatusSQL+" = $"+itoa(len(args)))
	}
	if f.Disagreements {
		conds = append(conds, laborDisagreeSQL)
	}
	from := ` FROM persons p LEFT JOIN labor_derived d ON d.id_no = p.id_no LEFT JOIN labor_register r ON r.id_no = p.id_no` + whereClause(conds)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var out []*shebao.LaborRecord
	var total int
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		count := `SELECT COUNT(*)` + from
		if f.CountUpTo > 0 { // bounded: at most CountUpTo+1 lines read (see shebao.LaborFilter)
			count = `SELECT COUNT(*) FROM (SELECT 1` + from + ` LIMIT ` + itoa(f.CountUpTo+1) + `) x`
		}
		if err := tx.QueryRow(ctx, count, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT p.id_no, p.name, p.sex, p.birth, p.region_code, COALESCE(d.status, ''), COALESCE(d.employer_uscc, ''),
			COALESCE(d.source, ''), COALESCE(d.as_of, ''), COALESCE(d.id_no, ''), COALESCE(r.status, ''), COALESCE(r.destination, ''), COALESCE(r.skills, ''),
			COALESCE(r.certificates, ''), COALESCE(r.training_wish, ''), COALESCE(r.work_wish, ''), COALESCE(r.version, 0), COALESCE(r.updated_by, '')`+
			from+` ORDER BY p.region_code, p.id_no LIMIT `+itoa(limit)+` OFFSET `+itoa(max(f.Offset, 0)), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := &shebao.LaborRecord{}
			d := &shebao.LaborDerived{}
			e := &shebao.LaborEntry{}
			var derivedID string
			if err := rows.Scan(&r.IDNo, &r.Name, &r.Sex, &r.Birth, &r.Region, &d.Status, &d.Employer, &d.Source, &r.Date, &derivedID,
				&e.Status, &e.Destination, &e.Skills, &e.Certificates, &e.TrainingWish, &e.WorkWish, &e.Version, &r.UpdatedBy); err != nil {
				return err
			}
			if derivedID != "" && d.Status != "" {
				d.IDNo, d.Region = r.IDNo, r.Region
				r.Derived = d
			}
			if e.Version > 0 {
				e.IDNo = r.IDNo
				r.Registered, r.Version = e, e.Version
			}
			shebao.ResolveLabor(r)
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.audit(ctx, "labor.list", shebao.EntityLabor, listKey(sc, ""), sc.region(), nil,
			listDetail(map[string]any{"region": f.Region, "status": f.Status, "disagreements": f.Disagreements, "offset": f.Offset},
				len(out), countPersons(out, func(r *shebao.LaborRecord) string { return r.IDNo })))
	})
	return out, total, err
}
