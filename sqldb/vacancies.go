package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/policy"
)

// 职业介绍 (employ.Service, issue #19 items 4 and 7, docs/DOMAIN.md §10):
// vacancies of employers with their skill words, the matching of job
// seekers of the register to them (set-based), referrals with their
// outcome, and labour export.
//
// Jurisdiction: a vacancy is of the region of its place of work; a
// referral and an export of the person's region. An account of role
// employer (shebao.Role.EmployerOnly) reaches, on top of its region, only
// the vacancies of its own employer (Actor.Employer) and their referrals:
// scope.employer adds the condition to every statement here, whatever face
// asked.

// employerOnly reports whether the scope's actor acts for one employer.
func (s scope) employerOnly() bool { return shebao.RoleOf(s.actor).EmployerOnly }

// employer appends, for an actor acting for one employer, the condition
// that the USCC column col is its employer (nothing at all when the
// account names none). For other actors it appends nothing.
func (s scope) employer(col string, conds []string, args []any) ([]string, []any) {
	if !s.employerOnly() {
		return conds, args
	}
	if s.actor.Employer == "" {
		return append(conds, "1 = 0"), args
	}
	args = append(args, s.actor.Employer)
	return append(conds, col+" = $"+itoa(len(args))), args
}

// ownsVacancy reports whether the scope reaches a vacancy of the region
// and employer.
func (s scope) ownsVacancy(region, uscc string) bool {
	return s.contains(region) && (!s.employerOnly() || s.actor.Employer != "" && s.actor.Employer == uscc)
}

func notFoundVacancy(id string) error {
	return shebao.Errorf(shebao.ENOTFOUND, "未找到岗位%s", id)
}

const vacancyColumns = `v.id, v.employer_uscc, COALESCE(e.name, ''), v.code, v.occupation, v.places, v.skills, v.region_code, COALESCE(g.name, ''),
	v.wage_min, v.wage_max, v.open_from, v.open_until, v.note, v.closed_on, v.version, v.created_by,
	(SELECT COUNT(*) FROM referrals r WHERE r.vacancy_id = v.id),
	(SELECT COUNT(*) FROM referrals r WHERE r.vacancy_id = v.id AND r.outcome = '` + shebao.ReferralHired + `')`

const vacancyFrom = ` FROM vacancies v LEFT JOIN employers e ON e.uscc = v.employer_uscc LEFT JOIN regions g ON g.code = v.region_code`

func scanVacancy(s rowScanner, extra ...any) (*shebao.Vacancy, error) {
	v := &shebao.Vacancy{}
	var lo, hi int64
	err := s.Scan(append([]any{&v.ID, &v.Employer, &v.EmployerName, &v.Code, &v.Occupation, &v.Places, &v.Skills, &v.Region, &v.RegionName,
		&lo, &hi, &v.OpenFrom, &v.OpenUntil, &v.Note, &v.ClosedOn, &v.Version, &v.CreatedBy, &v.Referred, &v.Hired}, extra...)...)
	v.WageMin, v.WageMax = shebao.Money(lo), shebao.Money(hi)
	v.Status = shebao.VacancyOpen
	if v.ClosedOn != "" {
		v.Status = shebao.VacancyClosed
	}
	return v, err
}

// writeVacancySkills replaces the skill words of a vacancy.
func (tx *Tx) writeVacancySkills(ctx context.Context, v *shebao.Vacancy) error {
	if _, err := tx.Exec(ctx, `DELETE FROM vacancy_skills WHERE vacancy_id = $1`, v.ID); err != nil {
		return err
	}
	for i, w := range shebao.SkillWords(v.Skills) {
		if _, err := tx.Exec(ctx, `INSERT INTO vacancy_skills (vacancy_id, skill, pos) VALUES ($1, $2, $3)`, v.ID, w, i+1); err != nil {
			return err
		}
	}
	return nil
}

// InsertVacancy registers a vacancy (vacancy.create): its place of work in
// the actor's jurisdiction, its employer registered — for an employer's
// account, its own.
func (db *DB) InsertVacancy(ctx context.Context, v *shebao.Vacancy) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if sc.employerOnly() && v.Employer != sc.actor.Employer {
		return shebao.FieldErrorf("单位", "用人单位账户只能发布本单位(%s)的岗位", sc.actor.Employer)
	}
	if !sc.contains(v.Region) {
		return shebao.FieldErrorf("工作地点", "工作地点%s不在您的管辖范围内", v.Region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.vacancyRegion(ctx, v.Region); err != nil {
			return err
		}
		e, err := tx.findEmployer(ctx, v.Employer)
		if err != nil {
			return err
		}
		if e == nil {
			return shebao.FieldErrorf("单位", "统一社会信用代码为%s的单位未登记,请先办理单位参保登记", v.Employer)
		}
		v.EmployerName, v.ID, v.CreatedBy, v.Version, v.Status = e.Name, newID(), sc.actor.Name, 1, shebao.VacancyOpen
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `INSERT INTO vacancies (id, employer_uscc, occupation, places, skills, region_code, wage_min, wage_max,
			open_from, open_until, note, created_at, created_by, updated_at, updated_by, code)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12, $13, $14)`,
			v.ID, v.Employer, v.Occupation, v.Places, v.Skills, v.Region, int64(v.WageMin), int64(v.WageMax),
			v.OpenFrom, v.OpenUntil, v.Note, now, sc.actor.Name, v.Code); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "单位%s的岗位编号%s已登记", v.Employer, v.Code)
			}
			return err
		}
		if err := tx.writeVacancySkills(ctx, v); err != nil {
			return err
		}
		return tx.audit(ctx, "vacancy.create", shebao.EntityVacancy, v.ID, v.Region, nil, v)
	})
}

// vacancyRegion checks that the place of work is a registered region.
func (tx *Tx) vacancyRegion(ctx context.Context, code string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, code).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return shebao.FieldErrorf("工作地点", "区划代码%s未登记", code)
	}
	return nil
}

// FindVacancy reads a vacancy the actor reaches; ENOTFOUND otherwise (an
// employer asking for another employer's vacancy learns nothing of it).
// Inside a transaction that writes, the row is locked first (on
// PostgreSQL), so that two 录用 at once cannot both take its last place.
func (db *DB) FindVacancy(ctx context.Context, id string) (*shebao.Vacancy, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var v *shebao.Vacancy
	read := func(tx *Tx) error {
		var err error
		v, err = scanVacancy(tx.QueryRow(ctx, `SELECT `+vacancyColumns+vacancyFrom+` WHERE v.id = $1`, id))
		return err
	}
	if db.txFrom(ctx) != nil {
		err = db.Update(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(ctx, `UPDATE vacancies SET version = version WHERE id = $1`, id); err != nil {
				return err
			}
			return read(tx)
		})
	} else {
		err = db.View(ctx, read)
	}
	if isNoRows(err) || err == nil && !sc.ownsVacancy(v.Region, v.Employer) {
		return nil, notFoundVacancy(id)
	}
	return v, err
}

// FindVacancies lists the vacancies the actor reaches, newest first.
func (db *DB) FindVacancies(ctx context.Context, f shebao.VacancyFilter) ([]*shebao.Vacancy, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("v.region_code", nil, nil)
	conds, args = sc.employer("v.employer_uscc", conds, args)
	if f.Employer != "" {
		args = append(args, f.Employer)
		conds = append(conds, "v.employer_uscc = $"+itoa(len(args)))
	}
	if f.Code != "" {
		args = append(args, f.Code)
		conds = append(conds, "v.code = $"+itoa(len(args)))
	}
	if f.Open {
		args = append(args, f.Date)
		d := "$" + itoa(len(args))
		conds = append(conds, "v.closed_on = ''", "v.open_from <= "+d, "v.open_until >= "+d)
	}
	var out []*shebao.Vacancy
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+vacancyColumns+vacancyFrom+whereClause(conds)+` ORDER BY v.open_from DESC, v.id`, args,
			func(s rowScanner) error {
				v, err := scanVacancy(s)
				out = append(out, v)
				return err
			})
	})
	return out, err
}

// SaveVacancy writes the changes of a vacancy the actor reaches
// (vacancy.update) or its closing (vacancy.close, closed set), at the
// version it was read: a change by someone else meanwhile is ECONFLICT.
func (db *DB) SaveVacancy(ctx context.Context, old, v *shebao.Vacancy, closed bool) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.ownsVacancy(old.Region, old.Employer) {
		return notFoundVacancy(old.ID)
	}
	if !sc.contains(v.Region) {
		return shebao.FieldErrorf("工作地点", "工作地点%s不在您的管辖范围内", v.Region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if v.Region != old.Region {
			if err := tx.vacancyRegion(ctx, v.Region); err != nil {
				return err
			}
		}
		res, err := tx.Exec(ctx, `UPDATE vacancies SET occupation = $3, places = $4, skills = $5, region_code = $6, wage_min = $7, wage_max = $8,
			open_from = $9, open_until = $10, note = $11, closed_on = $12, version = version + 1, updated_at = $13, updated_by = $14
			WHERE id = $1 AND version = $2`,
			old.ID, old.Version, v.Occupation, v.Places, v.Skills, v.Region, int64(v.WageMin), int64(v.WageMax),
			v.OpenFrom, v.OpenUntil, v.Note, v.ClosedOn, fmtTime(tx.now), sc.actor.Name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "岗位%s已被他人修改,请刷新后重试", old.ID)
		}
		v.Version = old.Version + 1
		action := "vacancy.update"
		if closed {
			action = "vacancy.close"
		} else if err := tx.writeVacancySkills(ctx, v); err != nil {
			return err
		}
		return tx.audit(ctx, action, shebao.EntityVacancy, v.ID, v.Region, old, v)
	})
}

// seekerSQL is the condition and ranking columns of the job seekers of
// the register, over persons p, their entry l (LEFT JOIN labor_register)
// and their open 失业登记 u (LEFT JOIN): a living person of working age
// (ages) who is registered unemployed, or registered 失业 on the
// register, or has a work wish, and is not in an employee enrollment in
// payment (an insured employee is working). seeker is 1 for a registered
// unemployed person, 2 for 失业 on the register, 3 for a work wish.
func seekerSQL(ages policy.LaborAges, conds []string, args []any) ([]string, []any, string) {
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)) }
	alive, active, unemployed := arg(shebao.StatusAlive), arg(shebao.EnrollActive), arg(shebao.LaborUnemployed)
	mFrom, mTo := arg(ages.Male.From), arg(ages.Male.To)
	fFrom, fTo := arg(ages.Female.From), arg(ages.Female.To)
	conds = append(conds, `p.status = `+alive,
		`((p.sex = '男' AND p.birth BETWEEN `+mFrom+` AND `+mTo+`) OR (p.sex = '女' AND p.birth BETWEEN `+fFrom+` AND `+fTo+`))`,
		`(u.id_no IS NOT NULL OR l.status = `+unemployed+` OR COALESCE(l.work_wish, '') <> '')`,
		`NOT EXISTS (SELECT 1 FROM enrollments n WHERE n.id_no = p.id_no AND n.scheme IN (`+laborEmployeeSchemes+`)
			AND n.status = `+active+` AND n.employer_uscc <> '')`)
	seeker := `CASE WHEN u.id_no IS NOT NULL THEN 1 WHEN l.status = ` + unemployed + ` THEN 2 ELSE 3 END`
	return conds, args, seeker
}

// skillMatch is the condition that a skill word (column) is in the
// person's skills or certificates (columns or parameters).
func skillMatch(word, skills, certs string) string {
	return `(` + skills + ` LIKE '%' || ` + word + ` || '%' OR ` + certs + ` LIKE '%' || ` + word + ` || '%')`
}

// placeSQL is the closeness of two region-code expressions
// (shebao.PlaceCloseness): 3 one village, 2 one town, 1 one district.
func placeSQL(a, b string) string {
	return `CASE WHEN ` + a + ` = ` + b + ` THEN 3 WHEN SUBSTR(` + a + `, 1, 9) = SUBSTR(` + b + `, 1, 9) THEN 2
		WHEN SUBSTR(` + a + `, 1, 6) = SUBSTR(` + b + `, 1, 6) THEN 1 ELSE 0 END`
}

// VacancySeekers ranks the job seekers of the actor's jurisdiction for a
// vacancy, in one statement: by the number of the vacancy's skill words
// found in their skills or certificates, then by the closeness of their
// region to the place of work, then whether their work wish names the
// occupation, then registered unemployed before 失业 on the register
// before a work wish alone, then by number. Persons already referred to
// the vacancy are left out. The matched words come from a second
// statement over the persons found. An audited list of the register
// (labor.list): an employer's account, which does not read the register,
// is refused.
func (db *DB) VacancySeekers(ctx context.Context, ages policy.LaborAges, v *shebao.Vacancy, limit int) ([]*shebao.JobMatch, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	args := []any{v.ID, v.Region, v.Occupation}
	conds, args := sc.where("p.region_code", []string{
		`NOT EXISTS (SELECT 1 FROM referrals r WHERE r.vacancy_id = $1 AND r.id_no = p.id_no)`}, args)
	conds, args, seeker := seekerSQL(ages, conds, args)
	args = append(args, limit)
	q := `SELECT p.id_no, p.name, p.region_code, ` + seeker + ` AS seeker,
		(SELECT COUNT(*) FROM vacancy_skills s WHERE s.vacancy_id = $1
			AND ` + skillMatch("s.skill", "COALESCE(l.skills, '')", "COALESCE(l.certificates, '')") + `) AS nskills,
		` + placeSQL("p.region_code", "CAST($2 AS TEXT)") + ` AS place,
		CASE WHEN COALESCE(l.work_wish, '') LIKE '%' || CAST($3 AS TEXT) || '%' THEN 1 ELSE 0 END AS wish
		FROM persons p LEFT JOIN labor_register l ON l.id_no = p.id_no
		LEFT JOIN unemployment_registrations u ON u.id_no = p.id_no AND u.ended_on = ''` + whereClause(conds) + `
		ORDER BY nskills DESC, place DESC, wish DESC, seeker, p.id_no LIMIT $` + itoa(len(args))
	var out []*shebao.JobMatch
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		byID := map[string]*shebao.JobMatch{}
		if err := tx.scanRows(ctx, q, args, func(s rowScanner) error {
			m := &shebao.JobMatch{}
			var seeker, n, wish int
			if err := s.Scan(&m.IDNo, &m.Name, &m.Region, &seeker, &n, &m.Place, &wish); err != nil {
				return err
			}
			m.Seeker = []string{"", shebao.SeekerRegistered, shebao.SeekerUnemployed, shebao.SeekerWish}[seeker]
			m.Wish, m.Skills, m.Rank = wish == 1, []string{}, len(out)+1
			out = append(out, m)
			byID[m.IDNo] = m
			return nil
		}); err != nil {
			return err
		}
		if len(out) > 0 {
			ids := make([]any, 0, len(out)+1)
			ids = append(ids, v.ID)
			for _, m := range out {
				ids = append(ids, m.IDNo)
			}
			if err := tx.scanRows(ctx, `SELECT l.id_no, s.skill FROM labor_register l JOIN vacancy_skills s ON s.vacancy_id = $1
				AND `+skillMatch("s.skill", "l.skills", "l.certificates")+`
				WHERE l.id_no IN (`+placeholders(2, len(out))+`) ORDER BY l.id_no, s.pos`, ids, func(s rowScanner) error {
				var id, w string
				if err := s.Scan(&id, &w); err != nil {
					return err
				}
				byID[id].Skills = append(byID[id].Skills, w)
				return nil
			}); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "labor.list", shebao.EntityLabor, v.ID, sc.region(),
			nil, listDetail(map[string]any{"vacancy": v.ID}, len(out), len(out)))
	})
	return out, err
}

// PersonVacancies ranks the vacancies of the actor's jurisdiction open on
// the day that fit one person's line of the register, in one statement,
// by the same order as VacancySeekers (skills, place, wish), then the
// earliest closing day. An audited read of the person's line (labor.read).
func (db *DB) PersonVacancies(ctx context.Context, p *shebao.Person, e *shebao.LaborEntry, day string) ([]*shebao.JobMatch, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if e == nil {
		e = &shebao.LaborEntry{}
	}
	args := []any{e.Skills, e.Certificates, p.Region, e.WorkWish, day}
	conds, args := sc.where("v.region_code", []string{"v.closed_on = ''", "v.open_from <= $5", "v.open_until >= $5",
		`(SELECT COUNT(*) FROM referrals r WHERE r.vacancy_id = v.id AND r.outcome = '` + shebao.ReferralHired + `') < v.places`}, args)
	q := `SELECT ` + vacancyColumns + `,
		(SELECT COUNT(*) FROM vacancy_skills s WHERE s.vacancy_id = v.id AND ` + skillMatch("s.skill", "CAST($1 AS TEXT)", "CAST($2 AS TEXT)") + `) AS nskills,
		` + placeSQL("v.region_code", "CAST($3 AS TEXT)") + ` AS place,
		CASE WHEN CAST($4 AS TEXT) LIKE '%' || v.occupation || '%' THEN 1 ELSE 0 END AS wish` + vacancyFrom + whereClause(conds) + `
		ORDER BY nskills DESC, place DESC, wish DESC, v.open_until, v.id`
	var out []*shebao.JobMatch
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		byID := map[string]*shebao.JobMatch{}
		if err := tx.scanRows(ctx, q, args, func(s rowScanner) error {
			m := &shebao.JobMatch{Skills: []string{}}
			var n, wish int
			v, err := scanVacancy(s, &n, &m.Place, &wish)
			if err != nil {
				return err
			}
			m.Vacancy, m.Wish, m.Rank = v, wish == 1, len(out)+1
			out = append(out, m)
			byID[v.ID] = m
			return nil
		}); err != nil {
			return err
		}
		if len(out) > 0 {
			ids := []any{e.Skills, e.Certificates}
			for _, m := range out {
				ids = append(ids, m.Vacancy.ID)
			}
			if err := tx.scanRows(ctx, `SELECT s.vacancy_id, s.skill FROM vacancy_skills s
				WHERE s.vacancy_id IN (`+placeholders(3, len(out))+`) AND `+skillMatch("s.skill", "CAST($1 AS TEXT)", "CAST($2 AS TEXT)")+`
				ORDER BY s.vacancy_id, s.pos`, ids, func(s rowScanner) error {
				var id, w string
				if err := s.Scan(&id, &w); err != nil {
					return err
				}
				byID[id].Skills = append(byID[id].Skills, w)
				return nil
			}); err != nil {
				return err
			}
		}
		return tx.audit(ctx, "labor.read", shebao.EntityLabor, p.IDNo, p.Region, nil,
			listDetail(map[string]any{"vacancies_on": day}, len(out), 1))
	})
	return out, err
}

const referralColumns = `r.id, r.vacancy_id, v.employer_uscc, v.occupation, r.id_no, p.name, r.region_code, r.referred_on, r.outcome,
	r.outcome_on, r.note, r.enrollments, r.unemployment, r.created_by`

const referralFrom = ` FROM referrals r JOIN vacancies v ON v.id = r.vacancy_id JOIN persons p ON p.id_no = r.id_no`

func scanReferral(s rowScanner) (*shebao.Referral, error) {
	r := &shebao.Referral{}
	err := s.Scan(&r.ID, &r.VacancyID, &r.Employer, &r.Occupation, &r.IDNo, &r.Name, &r.Region, &r.ReferredOn, &r.Outcome,
		&r.OutcomeOn, &r.Note, &r.Enrollments, &r.Unemployment, &r.CreatedBy)
	return r, err
}

// InsertReferral records a referral (referral.create) of a person of the
// actor's jurisdiction; ECONFLICT when the person was referred to the
// vacancy before.
func (db *DB) InsertReferral(ctx context.Context, r *shebao.Referral) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(r.Region) || sc.employerOnly() {
		return notFoundPerson(r.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		r.ID, r.CreatedBy, r.Outcome = newID(), sc.actor.Name, shebao.ReferralPending
		now := fmtTime(tx.now)
		if _, err := tx.Exec(ctx, `INSERT INTO referrals (id, vacancy_id, id_no, region_code, referred_on, outcome, note,
			created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9)`,
			r.ID, r.VacancyID, r.IDNo, r.Region, r.ReferredOn, r.Outcome, r.Note, now, sc.actor.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s已被推荐到该岗位", r.Name)
			}
			return err
		}
		return tx.audit(ctx, "referral.create", shebao.EntityReferral, r.IDNo, r.Region, nil, r)
	})
}

// FindReferral reads a referral of a person of the actor's jurisdiction
// (unaudited: for the rules of its outcome, which audits); ENOTFOUND
// otherwise.
func (db *DB) FindReferral(ctx context.Context, id string) (*shebao.Referral, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	r, err := scanReferral(db.queryRow(ctx, `SELECT `+referralColumns+referralFrom+` WHERE r.id = $1`, id))
	if isNoRows(err) || err == nil && (!sc.contains(r.Region) || sc.employerOnly()) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到推荐记录%s", id)
	}
	return r, err
}

// SaveReferralOutcome records the outcome of a pending referral
// (referral.outcome); ECONFLICT when it has one already.
func (db *DB) SaveReferralOutcome(ctx context.Context, old, r *shebao.Referral) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(r.Region) || sc.employerOnly() {
		return shebao.Errorf(shebao.ENOTFOUND, "未找到推荐记录%s", r.ID)
	}
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE referrals SET outcome = $2, outcome_on = $3, note = $4, enrollments = $5, unemployment = $6,
			updated_at = $7, updated_by = $8 WHERE id = $1 AND outcome = $9`,
			r.ID, r.Outcome, r.OutcomeOn, r.Note, r.Enrollments, r.Unemployment, fmtTime(tx.now), sc.actor.Name, shebao.ReferralPending)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "该推荐已有结果,不能再次登记")
		}
		return tx.audit(ctx, "referral.outcome", shebao.EntityReferral, r.IDNo, r.Region, old, r)
	})
}

// FindReferrals lists the referrals of a vacancy (all vacancies when
// vacancyID is ""), an audited list (referral.list): for the clerks, of
// the persons of their jurisdiction; for an employer's account, of its own
// vacancies only.
func (db *DB) FindReferrals(ctx context.Context, vacancyID string) ([]*shebao.Referral, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if vacancyID != "" {
		conds, args = []string{"r.vacancy_id = $1"}, []any{vacancyID}
	}
	if sc.employerOnly() {
		conds, args = sc.where("v.region_code", conds, args)
		conds, args = sc.employer("v.employer_uscc", conds, args)
	} else {
		conds, args = sc.where("r.region_code", conds, args)
	}
	var out []*shebao.Referral
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+referralColumns+referralFrom+whereClause(conds)+` ORDER BY r.referred_on, r.id`, args,
			func(s rowScanner) error {
				r, err := scanReferral(s)
				if sc.employerOnly() {
					// An employer learns the referred persons' names and
					// masked numbers, nothing else of them.
					r.IDNo, r.Region, r.Note, r.Unemployment, r.CreatedBy = idno.MaskID(r.IDNo), "", "", "", ""
				}
				out = append(out, r)
				return err
			}); err != nil {
			return err
		}
		return tx.audit(ctx, "referral.list", shebao.EntityReferral, vacancyID, sc.region(),
			nil, listDetail(map[string]any{"vacancy": vacancyID}, len(out), countPersons(out, func(r *shebao.Referral) string { return r.IDNo })))
	})
	return out, err
}

// InsertLaborExport records a labour export (labor.export) of a person of
// the actor's jurisdiction; ECONFLICT when the same person was recorded
// with the same company from the same day.
func (db *DB) InsertLaborExport(ctx context.Context, x *shebao.LaborExport) error {
	sc, err := keeperScope(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(x.Region) {
		return notFoundPerson(x.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		e, err := tx.findEmployer(ctx, x.Company)
		if err != nil {
			return err
		}
		if e == nil {
			return shebao.FieldErrorf("劳务公司", "统一社会信用代码为%s的劳务公司未登记,请先办理单位登记", x.Company)
		}
		x.CompanyName, x.ID, x.CreatedBy = e.Name, newID(), sc.actor.Name
		if _, err := tx.Exec(ctx, `INSERT INTO labor_exports (id, id_no, region_code, company_uscc, destination, dest_employer, occupation,
			start_date, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			x.ID, x.IDNo, x.Region, x.Company, x.Destination, x.DestEmployer, x.Occupation, x.Start, fmtTime(tx.now), sc.actor.Name); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s已于%s经该劳务公司输出", x.Name, x.Start)
			}
			return err
		}
		return tx.audit(ctx, "labor.export", shebao.EntityLabor, x.IDNo, x.Region, nil, x)
	})
}

// FindLaborExports lists the labour exports of the persons of the actor's
// jurisdiction (of one company when given), newest first: an audited list
// (labor.list).
func (db *DB) FindLaborExports(ctx context.Context, company string) ([]*shebao.LaborExport, error) {
	sc, err := keeperScope(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("x.region_code", nil, nil)
	if company != "" {
		args = append(args, company)
		conds = append(conds, "x.company_uscc = $"+itoa(len(args)))
	}
	var out []*shebao.LaborExport
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+exportColumns+exportFrom+whereClause(conds)+` ORDER BY x.start_date DESC, x.id`, args, func(s rowScanner) error {
			x, err := scanExport(s)
			out = append(out, x)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "labor.list", shebao.EntityLabor, strings.TrimSpace(company), sc.region(),
			nil, listDetail(map[string]any{"exports": true, "company": company}, len(out), countPersons(out, func(x *shebao.LaborExport) string { return x.IDNo })))
	})
	return out, err
}

const exportColumns = `x.id, x.id_no, p.name, x.region_code, x.company_uscc, COALESCE(e.name, ''), x.destination,
	x.dest_employer, x.occupation, x.start_date, x.created_by, x.returned_on, x.return_reason`

const exportFrom = ` FROM labor_exports x JOIN persons p ON p.id_no = x.id_no LEFT JOIN employers e ON e.uscc = x.company_uscc`

func scanExport(s rowScanner) (*shebao.LaborExport, error) {
	x := &shebao.LaborExport{}
	err := s.Scan(&x.ID, &x.IDNo, &x.Name, &x.Region, &x.Company, &x.CompanyName, &x.Destination, &x.DestEmployer,
		&x.Occupation, &x.Start, &x.CreatedBy, &x.ReturnedOn, &x.ReturnReason)
	return x, err
}

// FindLaborExport reads one labour export of a person of the actor's
// jurisdiction (the register's keepers); ENOTFOUND otherwise.
func (db *DB) FindLaborExport(ctx context.Context, id string) (*shebao.LaborExport, error) {
	sc, err := keeperScope(ctx)
	if err != nil {
		return nil, err
	}
	x, err := scanExport(db.queryRow(ctx, `SELECT `+exportColumns+exportFrom+` WHERE x.id = $1`, id))
	if isNoRows(err) || err == nil && !sc.contains(x.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到劳务输出记录%s", id)
	}
	return x, err
}

// SaveLaborReturn records the return (返乡) of an exported person
// (labor.return), ending the export; ECONFLICT when it has ended already.
func (db *DB) SaveLaborReturn(ctx context.Context, old, x *shebao.LaborExport) error {
	sc, err := keeperScope(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(old.Region) {
		return shebao.Errorf(shebao.ENOTFOUND, "未找到劳务输出记录%s", old.ID)
	}
	return db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE labor_exports SET returned_on = $2, return_reason = $3, returned_by = $4 WHERE id = $1 AND returned_on = ''`,
			x.ID, x.ReturnedOn, x.ReturnReason, sc.actor.Name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shebao.Errorf(shebao.ECONFLICT, "%s的该次劳务输出已登记返乡", old.Name)
		}
		return tx.audit(ctx, "labor.return", shebao.EntityLabor, x.IDNo, x.Region, old, x)
	})
}
