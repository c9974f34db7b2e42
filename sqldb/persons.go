package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

const personColumns = `p.id_no, p.name, p.sex, p.birth, p.hukou, p.region_code, p.phone, p.status, p.death_date, p.flags,
	p.version, p.source, p.created_at, p.updated_at, COALESCE(r.name, '')`

const personFrom = ` FROM persons p LEFT JOIN regions r ON r.code = p.region_code`

type rowScanner interface{ Scan(dest ...any) error }

func scanPerson(s rowScanner) (*shebao.Person, error) {
	var p shebao.Person
	var flags, created, updated string
	if err := s.Scan(&p.IDNo, &p.Name, &p.Sex, &p.Birth, &p.Hukou, &p.Region, &p.Phone, &p.Status, &p.DeathDate, &flags,
		&p.Version, &p.Source, &created, &updated, &p.RegionName); err != nil {
		return nil, err
	}
	p.Flags = splitList(flags)
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return &p, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// canonicalIDNo is shebao.CanonicalIDNo, by its short name in the store.
func canonicalIDNo(s string) (string, error) { return shebao.CanonicalIDNo(s) }

func notFoundPerson(idNo string) error { return shebao.PersonNotFound(idNo) }

// FindPerson returns the person with the ID number, if the actor's
// jurisdiction covers them. The read is audited: personal data is never
// looked at without a trace. Outside the jurisdiction the answer is
// ENOTFOUND, exactly as if the person did not exist.
func (db *DB) FindPerson(ctx context.Context, idNo string) (*shebao.Person, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	var p *shebao.Person
	err = db.View(ctx, func(tx *Tx) error {
		p, err = tx.findPerson(ctx, n)
		if err != nil {
			return err
		}
		if p == nil || !sc.contains(p.Region) {
			p = nil
			return nil
		}
		return tx.audit(ctx, "person.read", "person", p.IDNo, p.Region, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, notFoundPerson(n)
	}
	// The one view of a person: every enrollment across all schemes.
	if p.Enrollments, err = db.personEnrollments(ctx, p.IDNo); err != nil {
		return nil, err
	}
	return p, nil
}

// findPerson reads a person inside the transaction, unscoped and unaudited:
// callers check scope and record what they do with it. nil when absent.
func (tx *Tx) findPerson(ctx context.Context, idNo string) (*shebao.Person, error) {
	p, err := scanPerson(tx.QueryRow(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id_no = $1`, idNo))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// FindPersons searches persons within the actor's jurisdiction (a citizen:
// their own record only). Results are ordered by region and name; total
// counts all matches. Every call is an audited read (person.search when it
// looks up a number or a name, person.list otherwise), one entry with the
// filter and how many persons it returned.
// likeEscaper escapes a text for LIKE … ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (db *DB) FindPersons(ctx context.Context, f shebao.PersonFilter) ([]*shebao.Person, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	var id string
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return nil, 0, err
		}
		args = append(args, id)
		conds = append(conds, "p.id_no = $"+itoa(len(args)))
	}
	if f.IDTail != "" {
		tail, err := idno.ParseIDTail(f.IDTail)
		if err != nil {
			return nil, 0, shebao.FieldErrorf("身份证号后几位", "身份证号后几位%s", err.Error())
		}
		args = append(args, "%"+tail)
		conds = append(conds, "p.id_no LIKE $"+itoa(len(args)))
	}
	if hh := strings.TrimSpace(f.Household); hh != "" {
		args = append(args, hh)
		conds = append(conds, "p.id_no IN (SELECT m.id_no FROM household_members m WHERE m.household_id = $"+itoa(len(args))+")")
	}
	if part := strings.TrimSpace(f.NamePart); part != "" {
		args = append(args, "%"+likeEscaper.Replace(part)+"%")
		conds = append(conds, `p.name LIKE $`+itoa(len(args))+` ESCAPE '\'`)
	}
	action := "person.list"
	if f.IDNo != "" || f.IDTail != "" || f.Household != "" || strings.TrimSpace(f.Name) != "" || strings.TrimSpace(f.NamePart) != "" {
		action = "person.search"
	}
	key := listKey(sc, id)
	if err := authorize(sc.actor, action, shebao.EntityPerson, key); err != nil {
		return nil, 0, err
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		// A prefix as a range: index-friendly on both engines (byte order
		// on SQLite, and on PostgreSQL databases created with C collation).
		args = append(args, name, name+"\U0010FFFF")
		conds = append(conds, "p.name >= $"+itoa(len(args)-1)+" AND p.name < $"+itoa(len(args)))
	}
	if f.Flag != "" {
		// Flags are stored sorted and comma-separated; match a whole flag.
		args = append(args, "%,"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Flag)+",%")
		conds = append(conds, `(',' || p.flags || ',') LIKE $`+itoa(len(args))+` ESCAPE '\'`)
	}
	conds, args = sc.own("p.id_no", conds, args)
	regionCol := "p.region_code"
	if strings.TrimSpace(f.Name) != "" && shebao.RegionCodeLevel(sc.lo) < shebao.LevelVillage {
		// A name's prefix over a town or more: found by the name's index
		// (persons_name: the few with the prefix) and checked against the
		// jurisdiction, not by the region's index over every person of
		// it. SQLite, without statistics, took the region's range: 90 ms
		// for the count alone at 1,000,000 persons (bench http's searches,
		// issue #20 item 2); "|| ''" keeps the column out of its choice.
		regionCol = "(p.region_code || '')"
	}
	conds, args = sc.where(regionCol, conds, args)
	countQ := personCountQuery(conds, f.IDNo == "")
	if f.IDNo == "" {
		// Registrations merged into another are history, not people.
		conds = append(conds, "p.merged_into = ''")
	}
	out, total, err := findPersonsPage(ctx, db, countQ, whereClause(conds), args, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"id_no": id, "id_tail": f.IDTail, "name": strings.TrimSpace(f.Name), "name_part": strings.TrimSpace(f.NamePart),
		"household": strings.TrimSpace(f.Household), "region": f.Region, "flag": f.Flag,
		"offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, action, shebao.EntityPerson, key, filter, len(out), len(out)); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// personCountQuery is the statement counting the persons that match conds
// (the pager's total of 人员查询), without those merged into another
// registration when unmerged is set. It is exact and reads no person's row
// for the usual filters (jurisdiction, name): the matches are counted in
// the index persons_region_name (region_code, name), less the merged ones
// among them, found through the partial index persons_merged (migration
// 0103), which holds the few merged registrations only. Counting with the
// condition "merged_into is empty" instead read every person's row of the
// jurisdiction: 0.17–0.43 s for 20,000 persons on SQLite under load, and
// seconds for the district's 100,000 (docs/BENCHMARKS.md, issue #15).
func personCountQuery(conds []string, unmerged bool) string {
	all := `SELECT COUNT(*) FROM persons p` + whereClause(conds)
	if !unmerged {
		return all
	}
	merged := `SELECT COUNT(*) FROM persons p` + whereClause(append(slices.Clip(conds), "p.merged_into <> ''"))
	return `SELECT (` + all + `) - (` + merged + `)`
}

// findPersonsPage reads one page of persons in region, name and number
// order with the total the count query gives.
func findPersonsPage(ctx context.Context, db *DB, countQ, where string, args []any, limit, offset int) ([]*shebao.Person, int, error) {
	var total int
	if err := db.queryRow(ctx, countQ, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit, offset = page(limit, offset)
	rows, err := db.query(ctx, `SELECT `+personColumns+personFrom+where+` ORDER BY p.region_code, p.name, p.id_no LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*shebao.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// checkRegion verifies that a region exists and lies in the actor's scope.
func (tx *Tx) checkRegion(ctx context.Context, sc scope, field, code string) error {
	if !sc.contains(code) {
		return shebao.FieldErrorf(field, "区划%s不在您的管辖范围内", code)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return shebao.FieldErrorf(field, "区划%s不存在", code)
	}
	return nil
}

// CreatePerson registers a new person. The number must not be registered yet.
func (db *DB) CreatePerson(ctx context.Context, p *shebao.Person) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if err := shebao.NormalizePerson(p, shebao.Today()); err != nil {
		return err
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.checkRegion(ctx, sc, "所属区划", p.Region); err != nil {
			return err
		}
		if old, err := tx.findPerson(ctx, p.IDNo); err != nil {
			return err
		} else if old != nil {
			if !sc.contains(old.Region) {
				return shebao.Errorf(shebao.ECONFLICT, "身份证号%s已在其他辖区登记", idno.MaskID(p.IDNo))
			}
			return shebao.Errorf(shebao.ECONFLICT, "身份证号%s已登记(%s,%s)", idno.MaskID(p.IDNo), old.Name, old.RegionName)
		}
		p.Source = "api"
		if err := tx.insertPersons(ctx, []*shebao.Person{p}); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "身份证号%s已登记", idno.MaskID(p.IDNo))
			}
			return err
		}
		stored, err := tx.findPerson(ctx, p.IDNo)
		if err != nil {
			return err
		}
		*p = *stored
		return tx.audit(ctx, "person.create", "person", p.IDNo, p.Region, nil, p)
	})
}

// UpdatePerson changes a person's record, keeping the previous state in the
// history with the actor and the reason. With u.Version the edit applies
// only to that version of the record (shebao.CheckEditVersion); the write
// itself is conditional on the version read, so that two concurrent edits
// cannot both land.
func (db *DB) UpdatePerson(ctx context.Context, idNo string, u shebao.PersonUpdate) (*shebao.Person, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n, err := canonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	var out *shebao.Person
	err = db.Update(ctx, func(tx *Tx) error {
		old, err := tx.findPerson(ctx, n)
		if err != nil {
			return err
		}
		if old == nil || !sc.contains(old.Region) {
			return notFoundPerson(n)
		}
		if err := shebao.CheckEditVersion("人员"+idno.MaskID(n), u.Version, old.Version); err != nil {
			return err
		}
		p := *old
		p.Flags = append([]string(nil), old.Flags...)
		u.Apply(&p)
		if err := shebao.NormalizePerson(&p, shebao.Today()); err != nil {
			return err
		}
		if p.Region != old.Region {
			if err := tx.checkRegion(ctx, sc, "所属区划", p.Region); err != nil {
				return err
			}
		}
		changes := shebao.PersonChanges(old, &p)
		if len(changes) == 0 {
			out = old
			return nil
		}
		p.Source = "api"
		if err := tx.updatePerson(ctx, u.Reason, old, &p, changes); err != nil {
			return err
		}
		out, err = tx.findPerson(ctx, n)
		return err
	})
	return out, err
}

// updatePerson writes a changed person: the old state into person_versions,
// the new one into persons with the version incremented, and the audit
// entry with before and after.
func (tx *Tx) updatePerson(ctx context.Context, reason string, old, p *shebao.Person, changes []shebao.Change) error {
	a, _ := shebao.ActorFrom(ctx)
	source := p.Source
	now := fmtTime(tx.now)
	if _, err := tx.Exec(ctx, `INSERT INTO person_versions (id_no, version, changed_at, actor, source, reason, before_json, changes_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		old.IDNo, old.Version, now, a.Name, source, reason, jsonText(old), jsonText(changes)); err != nil {
		return err
	}
	// The region, hukou, status and death date count in the statistics.
	if err := tx.recount(ctx, personsFamily, byKeysSel(old.IDNo), func() error {
		res, err := tx.Exec(ctx, `UPDATE persons SET name = $1, hukou = $2, region_code = $3, phone = $4, status = $5, death_date = $6,
			flags = $7, version = version + 1, source = $8, updated_at = $9, updated_by = $10
			WHERE id_no = $11 AND version = $12`,
			p.Name, p.Hukou, p.Region, p.Phone, p.Status, p.DeathDate, strings.Join(p.Flags, ","), source, now, a.Name,
			old.IDNo, old.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "人员%s的记录已被他人修改,请刷新后重试", idno.MaskID(old.IDNo))
		}
		return nil
	}); err != nil {
		return err
	}
	after := *p
	after.Version = old.Version + 1
	return tx.audit(ctx, "person.update", "person", old.IDNo, p.Region, old, map[string]any{"person": after, "changes": changes, "reason": reason, "source": source})
}

// PersonHistory returns the superseded states of a person, newest first.
func (db *DB) PersonHistory(ctx context.Context, idNo string) ([]*shebao.PersonVersion, error) {
	p, err := db.FindPerson(ctx, idNo)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT version, changed_at, actor, source, reason, before_json, changes_json
		FROM person_versions WHERE id_no = $1 ORDER BY version DESC`, p.IDNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.PersonVersion
	for rows.Next() {
		var v shebao.PersonVersion
		var at, before, changes string
		if err := rows.Scan(&v.Version, &at, &v.Actor, &v.Source, &v.Reason, &before, &changes); err != nil {
			return nil, err
		}
		v.ChangedAt = parseTime(at)
		v.Before = new(shebao.Person)
		if err := json.Unmarshal([]byte(before), v.Before); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(changes), &v.Changes); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}
