package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

const enrollmentColumns = `n.id, n.id_no, p.name, n.scheme, n.year, n.employer_uscc, COALESCE(e.name, ''), n.household_id,
	n.region_code, n.status, n.start_date, n.end_date, n.end_reason, n.version, n.created_at, n.updated_at, COALESCE(r.name, '')`

const enrollmentFrom = ` FROM enrollments n JOIN persons p ON p.id_no = n.id_no
	LEFT JOIN employers e ON e.uscc = n.employer_uscc LEFT JOIN regions r ON r.code = n.region_code`

func scanEnrollment(s rowScanner) (*shebao.Enrollment, error) {
	var n shebao.Enrollment
	var created, updated string
	if err := s.Scan(&n.ID, &n.IDNo, &n.Name, &n.Scheme, &n.Year, &n.Employer, &n.EmpName, &n.Household,
		&n.Region, &n.Status, &n.StartDate, &n.EndDate, &n.EndReason, &n.Version, &created, &updated, &n.RegionName); err != nil {
		return nil, err
	}
	if s, ok := shebao.FindScheme(n.Scheme); ok {
		n.SchemeName = s.Name
	}
	n.CreatedAt, n.UpdatedAt = parseTime(created), parseTime(updated)
	return &n, nil
}

func parseDate(field, s string) (time.Time, error) { return shebao.ParseDate(field, s) }

// describe names an enrollment for messages: 城乡居民基本养老保险(170,参保缴费,自2010-01-01).
func describe(n *shebao.Enrollment) string {
	name := n.Scheme
	if s, ok := shebao.FindScheme(n.Scheme); ok {
		name = s.Name
	}
	extra := ""
	if n.Employer != "" {
		extra = ",单位" + n.Employer
		if n.EmpName != "" {
			extra = ",单位" + n.EmpName
		}
	}
	if n.Year != 0 {
		extra += fmt.Sprintf(",%d年度", n.Year)
	}
	return fmt.Sprintf("%s(%s,%s,自%s%s)", name, n.Scheme, n.Status, n.StartDate, extra)
}

func (tx *Tx) findEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error) {
	n, err := scanEnrollment(tx.QueryRow(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+` WHERE n.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return n, err
}

// slotHolder returns the open enrollment that holds the person's slot.
func (tx *Tx) slotHolder(ctx context.Context, idNo, slot string) (*shebao.Enrollment, error) {
	var id string
	err := tx.QueryRow(ctx, `SELECT enrollment_id FROM enrollment_slots WHERE id_no = $1 AND slot = $2`, idNo, slot).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return tx.findEnrollment(ctx, id)
}

// event appends an event to an enrollment's history and audits it.
func (tx *Tx) enrollmentEvent(ctx context.Context, n *shebao.Enrollment, action, from, to, date, reason string) error {
	a, _ := shebao.ActorFrom(ctx)
	var seq int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM enrollment_events WHERE enrollment_id = $1`, n.ID).Scan(&seq); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO enrollment_events (enrollment_id, seq, action, from_status, to_status, event_date, reason, employer_uscc, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		n.ID, seq, action, from, to, date, reason, n.Employer, a.Name, fmtTime(tx.now)); err != nil {
		return err
	}
	return tx.audit(ctx, "enrollment."+action, "enrollment", n.ID, n.Region,
		map[string]string{"status": from},
		map[string]string{"id_no": n.IDNo, "scheme": n.Scheme, "status": to, "date": date, "reason": reason, "employer": n.Employer})
}

// Enroll enrolls a person in one scheme. The rules of DOMAIN.md §4 are
// checked at entry: the person must be registered and alive; employee
// schemes need an employer and residents' schemes must not have one; a
// person is in at most one of 110/120/170 and one of 310/390 at a time, and
// with one employer for 110. The error names the conflicting enrollment.
func (db *DB) Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.Enroll(ctx, req)
		return err
	})
	return out, err
}

// Enroll is Enroll within a transaction.
func (tx *Tx) Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	scheme, ok := shebao.FindScheme(req.Scheme)
	if !ok {
		return nil, shebao.FieldErrorf("险种", "未知险种“%s”", req.Scheme)
	}
	idNo, err := canonicalIDNo(req.IDNo)
	if err != nil {
		return nil, err
	}
	f := enrollFacts{scope: sc, scheme: scheme}
	if f.person, err = tx.findPerson(ctx, idNo); err != nil {
		return nil, err
	}
	if scheme.Kind == shebao.KindEmployee && req.Employer != "" {
		code, err := canonicalUSCC(req.Employer)
		if err != nil {
			return nil, err
		}
		if f.employer, err = tx.findEmployer(ctx, code); err != nil {
			return nil, err
		}
	}
	if f.holder, err = tx.slotHolder(ctx, idNo, scheme.Slot); err != nil {
		return nil, err
	}
	n, expire, err := planEnroll(req, f)
	if err != nil {
		return nil, err
	}
	if scheme.Household {
		if n.Household, err = tx.household(ctx, f.person, req.Household); err != nil {
			return nil, err
		}
	}
	if expire != nil {
		if err := tx.closeEnrollment(ctx, expire, shebao.ActTerminate, shebao.EnrollEnded,
			fmt.Sprintf("%d-12-31", expire.Year), shebao.EndExpired); err != nil {
			return nil, err
		}
	}
	if req.Status != "" && req.StatusDate == "" {
		req.StatusDate = req.Date
	}
	if err := tx.insertEnrollments(ctx, []*shebao.Enrollment{n}, []string{scheme.Slot}, []shebao.EnrollRequest{req}); err != nil {
		if isUniqueViolation(err) {
			return nil, shebao.Errorf(shebao.ECONFLICT, "%s的参保关系正在被他人同时办理,请稍后重试", f.person.Name)
		}
		return nil, err
	}
	if err := tx.audit(ctx, "enrollment."+enrollAction(req), "enrollment", n.ID, n.Region, nil,
		map[string]string{"id_no": n.IDNo, "scheme": n.Scheme, "status": n.Status, "date": n.StartDate, "reason": req.Reason, "employer": n.Employer}); err != nil {
		return nil, err
	}
	return tx.findEnrollment(ctx, n.ID)
}

func enrollAction(req shebao.EnrollRequest) string {
	if req.TransferIn {
		return shebao.ActTransferIn
	}
	return shebao.ActEnroll
}

// enrollFacts is what the store knows that decides an enrollment request.
type enrollFacts struct {
	scope    scope
	scheme   *shebao.Scheme
	person   *shebao.Person   // nil: not registered
	employer *shebao.Employer // nil: none given or not registered
	holder   *shebao.Enrollment
}

// planEnroll applies the rules of DOMAIN.md §4 to a request and the facts:
// the person must be registered (in the actor's jurisdiction) and alive;
// employee schemes need a registered employer and residents' schemes must
// not have one; a person holds at most one open enrollment per slot (110,
// 120 and 170 share one, 310 and 390 another), and so one employer for 110.
// It returns the enrollment to create, and last year's 390 enrollment when
// the new one takes over its slot at the turn of the year. The error names
// the conflicting enrollment. planEnroll does no I/O, so that the single
// path (Enroll) and the bulk path (ImportEnrollments) decide alike.
func planEnroll(req shebao.EnrollRequest, f enrollFacts) (n, expire *shebao.Enrollment, err error) {
	scheme, p := f.scheme, f.person
	if p == nil || !f.scope.contains(p.Region) {
		return nil, nil, shebao.FieldErrorf("身份证号", "身份证号%s的人员未登记,请先办理人员登记", idno.MaskID(req.IDNo))
	}
	if p.Status == shebao.StatusDeceased {
		return nil, nil, shebao.FieldErrorf("身份证号", "%s已于%s死亡,不能参保", p.Name, p.DeathDate)
	}
	date, err := parseDate("参保日期", req.Date)
	if err != nil {
		return nil, nil, err
	}
	if req.Date < p.Birth {
		return nil, nil, shebao.FieldErrorf("参保日期", "参保日期%s早于出生日期%s", req.Date, p.Birth)
	}
	if limit := shebao.Today().AddDate(0, 2, 0); date.After(limit) {
		return nil, nil, shebao.FieldErrorf("参保日期", "参保日期%s晚于%s", req.Date, limit.Format(shebao.DateLayout))
	}
	n = &shebao.Enrollment{ID: newID(), IDNo: p.IDNo, Name: p.Name, Scheme: scheme.Code, SchemeName: scheme.Name,
		Region: p.Region, Status: shebao.EnrollActive, StartDate: req.Date}
	switch req.Status {
	case "", shebao.EnrollActive:
	case shebao.EnrollSuspended, shebao.EnrollBenefit:
		if req.StatusDate == "" {
			req.StatusDate = req.Date
		}
		if _, err := parseDate("状态日期", req.StatusDate); err != nil {
			return nil, nil, err
		}
		if req.StatusDate < req.Date {
			return nil, nil, shebao.FieldErrorf("状态日期", "状态日期%s早于参保日期%s", req.StatusDate, req.Date)
		}
		n.Status = req.Status
	default:
		return nil, nil, shebao.FieldErrorf("参保状态", "参保状态“%s”无效(可为参保缴费、暂停缴费、享受待遇)", req.Status)
	}
	switch scheme.Kind {
	case shebao.KindEmployee:
		if req.Employer == "" {
			return nil, nil, shebao.FieldErrorf("单位", "%s须通过参保单位办理(增员),请填写单位统一社会信用代码", scheme.Name)
		}
		if f.employer == nil {
			return nil, nil, shebao.FieldErrorf("单位", "单位%s未登记,请先办理单位登记", req.Employer)
		}
		n.Employer, n.EmpName = f.employer.USCC, f.employer.Name
	default:
		if req.Employer != "" {
			return nil, nil, shebao.FieldErrorf("单位", "%s以个人或家庭为单位参保,不填写单位", scheme.Name)
		}
	}
	if scheme.Annual {
		n.Year = req.Year
		if n.Year == 0 {
			n.Year = date.Year()
		}
		if n.Year != date.Year() && n.Year != date.Year()+1 {
			return nil, nil, shebao.FieldErrorf("参保年度", "参保年度%d与参保日期%s不符", n.Year, req.Date)
		}
	}
	if h := f.holder; h != nil {
		switch {
		case h.Scheme == shebao.SchemeResidentMedical && scheme.Code == shebao.SchemeResidentMedical && h.Year != 0 && h.Year < n.Year:
			expire = h // last year's 390 enrollment ends with its year
		case h.Scheme == scheme.Code:
			return nil, nil, shebao.Errorf(shebao.ECONFLICT, "%s已参加%s,不能重复参保", p.Name, describe(h))
		default:
			return nil, nil, shebao.Errorf(shebao.ECONFLICT, "%s已参加%s,与%s不能同时参加", p.Name, describe(h), scheme.Name)
		}
	}
	return n, expire, nil
}

var enrollmentTable = bulkTable{
	name: "enrollments",
	cols: []string{"id", "id_no", "scheme", "year", "employer_uscc", "household_id", "region_code", "status",
		"start_date", "created_at", "created_by", "updated_at", "updated_by"},
	pgTypes: []string{"text", "text", "text", "bigint", "text", "text", "text", "text", "text", "text", "text", "text", "text"},
}

var slotTable = bulkTable{
	name: "enrollment_slots", cols: []string{"id_no", "slot", "enrollment_id"}, pgTypes: []string{"text", "text", "text"},
}

var eventTable = bulkTable{
	name:    "enrollment_events",
	cols:    []string{"enrollment_id", "seq", "action", "from_status", "to_status", "event_date", "reason", "employer_uscc", "actor", "at"},
	pgTypes: []string{"text", "bigint", "text", "text", "text", "text", "text", "text", "text", "text"},
}

// insertEnrollments writes new enrollments with their slots and events, in
// bulk: the enrollment itself, and for a record taken over in another
// status (享受待遇, 暂停缴费) the change to it.
func (tx *Tx) insertEnrollments(ctx context.Context, ns []*shebao.Enrollment, slots []string, reqs []shebao.EnrollRequest) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	ens := make([][]any, len(ns))
	sls := make([][]any, len(ns))
	evs := make([][]any, 0, len(ns))
	for i, n := range ns {
		ens[i] = []any{n.ID, n.IDNo, n.Scheme, int64(n.Year), n.Employer, n.Household, n.Region, n.Status, n.StartDate, now, a.Name, now, a.Name}
		sls[i] = []any{n.IDNo, slots[i], n.ID}
		if n.Status == shebao.EnrollActive {
			evs = append(evs, []any{n.ID, int64(1), enrollAction(reqs[i]), "", n.Status, n.StartDate, reqs[i].Reason, n.Employer, a.Name, now})
			continue
		}
		action := shebao.ActStartBenefit
		if n.Status == shebao.EnrollSuspended {
			action = shebao.ActSuspend
		}
		evs = append(evs, []any{n.ID, int64(1), enrollAction(reqs[i]), "", shebao.EnrollActive, n.StartDate, reqs[i].Reason, n.Employer, a.Name, now},
			[]any{n.ID, int64(2), action, shebao.EnrollActive, n.Status, reqs[i].StatusDate, "原系统迁入时的状态", n.Employer, a.Name, now})
	}
	if err := tx.bulkInsert(ctx, enrollmentTable, ens); err != nil {
		return err
	}
	if err := tx.bulkInsert(ctx, slotTable, sls); err != nil {
		return err
	}
	if err := tx.bulkInsert(ctx, eventTable, evs); err != nil {
		return err
	}
	return tx.stopUnemploymentOnReemployment(ctx, reemployedOf(ns)) // 增员: 失业保险金停发 (other_benefits.go)
}

// household returns the household id for a resident: the given 户号 (created
// when new, with the person as head), else the household the person already
// belongs to, else a new household of their own.
func (tx *Tx) household(ctx context.Context, p *shebao.Person, given string) (string, error) {
	var current string
	err := tx.QueryRow(ctx, `SELECT household_id FROM household_members WHERE id_no = $1`, p.IDNo).Scan(&current)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if given == "" && current != "" {
		return current, nil
	}
	id := given
	if id == "" {
		id = householdIDFor(p.IDNo)
	}
	// ON CONFLICT: two clerks may enroll members of one new household at once.
	if _, err := tx.Exec(ctx, `INSERT INTO households (id, region_code, head_id_no, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO NOTHING`, id, p.Region, p.IDNo, fmtTime(tx.now)); err != nil {
		return "", err
	}
	var region string
	if err := tx.QueryRow(ctx, `SELECT region_code FROM households WHERE id = $1`, id).Scan(&region); err != nil {
		return "", err
	}
	if region != p.Region {
		return "", shebao.FieldErrorf("户号", "户号%s属于区划%s,与%s的所属区划%s不符", id, region, p.Name, p.Region)
	}
	if current == id {
		return id, nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO household_members (household_id, id_no) VALUES ($1, $2)
		ON CONFLICT (id_no) DO UPDATE SET household_id = excluded.household_id`, id, p.IDNo); err != nil {
		return "", err
	}
	return id, nil
}

// closeEnrollment moves an open enrollment to a closed status and frees its slot.
func (tx *Tx) closeEnrollment(ctx context.Context, n *shebao.Enrollment, action, to, date, reason string) error {
	a, _ := shebao.ActorFrom(ctx)
	res, err := tx.Exec(ctx, `UPDATE enrollments SET status = $1, end_date = $2, end_reason = $3, version = version + 1,
		updated_at = $4, updated_by = $5 WHERE id = $6 AND version = $7`, to, date, reason, fmtTime(tx.now), a.Name, n.ID, n.Version)
	if err != nil {
		return err
	}
	if err := oneRow(res, n); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM enrollment_slots WHERE enrollment_id = $1`, n.ID); err != nil {
		return err
	}
	return tx.enrollmentEvent(ctx, n, action, n.Status, to, date, reason)
}

// ChangeEnrollment applies a lifecycle action to an enrollment.
func (db *DB) ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.ChangeEnrollment(ctx, id, req)
		return err
	})
	return out, err
}

// ChangeEnrollment is ChangeEnrollment within a transaction.
func (tx *Tx) ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n, err := tx.findEnrollment(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == nil || !sc.contains(n.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到参保记录%s", id)
	}
	to, err := shebao.Transition(n.Status, req.Action)
	if err != nil {
		return nil, err
	}
	if _, err := parseDate("日期", req.Date); err != nil {
		return nil, err
	}
	if req.Date < n.StartDate {
		return nil, shebao.FieldErrorf("日期", "日期%s早于参保日期%s", req.Date, n.StartDate)
	}
	if req.Action == shebao.ActTerminate && req.Reason == "" {
		return nil, shebao.FieldErrorf("原因", "终止参保须说明原因(死亡、出国(境)定居、重复参保等)")
	}
	if !shebao.IsOpen(to) {
		if err := tx.closeEnrollment(ctx, n, req.Action, to, req.Date, req.Reason); err != nil {
			return nil, err
		}
		return tx.findEnrollment(ctx, id)
	}
	employer := n.Employer
	if req.Action == shebao.ActChangeEmp {
		code, err := canonicalUSCC(req.Employer)
		if err != nil {
			return nil, err
		}
		emp, err := tx.findEmployer(ctx, code)
		if err != nil {
			return nil, err
		}
		if emp == nil {
			return nil, shebao.FieldErrorf("单位", "单位%s未登记", code)
		}
		employer = emp.USCC
	}
	a, _ := shebao.ActorFrom(ctx)
	res, err := tx.Exec(ctx, `UPDATE enrollments SET status = $1, employer_uscc = $2, version = version + 1, updated_at = $3, updated_by = $4
		WHERE id = $5 AND version = $6`, to, employer, fmtTime(tx.now), a.Name, id, n.Version)
	if err != nil {
		return nil, err
	}
	if err := oneRow(res, n); err != nil {
		return nil, err
	}
	from := n.Status
	n.Employer = employer
	if err := tx.enrollmentEvent(ctx, n, req.Action, from, to, req.Date, req.Reason); err != nil {
		return nil, err
	}
	return tx.findEnrollment(ctx, id)
}

// Hire is 增员: the employer takes on the person, who joins the employee
// schemes (by default all five, 五险) through it. A scheme the person is
// suspended in continues with the new employer; one the person is active in
// with another employer is a conflict (one employer at a time).
func (db *DB) Hire(ctx context.Context, idNo, uscc, date string, schemes []string) ([]*shebao.Enrollment, error) {
	if len(schemes) == 0 {
		schemes = shebao.EmployeeBundle
	}
	var out []*shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		out = nil
		n, err := canonicalIDNo(idNo)
		if err != nil {
			return err
		}
		code, err := canonicalUSCC(uscc)
		if err != nil {
			return err
		}
		if _, err := tx.personInScope(ctx, n); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM employments WHERE id_no = $1 AND employer_uscc = $2 AND end_date = ''`, n, code).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return shebao.Errorf(shebao.ECONFLICT, "该人员已是单位%s的在职参保职工", code)
		}
		for _, s := range schemes {
			scheme, ok := shebao.FindScheme(s)
			if !ok || scheme.Kind != shebao.KindEmployee {
				return shebao.FieldErrorf("险种", "“%s”不是职工险种", s)
			}
			holder, err := tx.slotHolder(ctx, n, scheme.Slot)
			if err != nil {
				return err
			}
			if holder != nil && holder.Scheme == scheme.Code && holder.Status == shebao.EnrollSuspended {
				req := shebao.ChangeRequest{Action: shebao.ActChangeEmp, Date: date, Employer: code, Reason: "增员"}
				e, err := tx.ChangeEnrollment(ctx, holder.ID, req)
				if err != nil {
					return err
				}
				out = append(out, e)
				continue
			}
			e, err := tx.Enroll(ctx, shebao.EnrollRequest{IDNo: n, Scheme: scheme.Code, Employer: code, Date: date, Reason: "增员"})
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		if _, err = tx.Exec(ctx, `INSERT INTO employments (id, id_no, employer_uscc, start_date) VALUES ($1, $2, $3, $4)`, newID(), n, code, date); err != nil {
			return err
		}
		return tx.stopUnemploymentOnReemployment(ctx, []reemployment{{n, date}}) // 失业保险金停发 (other_benefits.go)
	})
	return out, err
}

// Leave is 减员: the person leaves the employer; contributions through it
// stop (暂停缴费) until another employer takes the person on.
func (db *DB) Leave(ctx context.Context, idNo, uscc, date, reason string) ([]*shebao.Enrollment, error) {
	var out []*shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		out = nil
		n, err := canonicalIDNo(idNo)
		if err != nil {
			return err
		}
		code, err := canonicalUSCC(uscc)
		if err != nil {
			return err
		}
		if _, err := tx.personInScope(ctx, n); err != nil {
			return notFoundPerson(n)
		}
		if _, err := parseDate("减员日期", date); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE employments SET end_date = $1, end_reason = $2 WHERE id_no = $3 AND employer_uscc = $4 AND end_date = ''`,
			date, reason, n, code)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return shebao.Errorf(shebao.ENOTFOUND, "该人员不是单位%s的在职参保职工", code)
		}
		rows, err := tx.Query(ctx, `SELECT id FROM enrollments WHERE id_no = $1 AND employer_uscc = $2 AND status = $3`, n, code, shebao.EnrollActive)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			e, err := tx.ChangeEnrollment(ctx, id, shebao.ChangeRequest{Action: shebao.ActSuspend, Date: date, Reason: "减员:" + reason})
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// FindEnrollments lists enrollments within the actor's jurisdiction.
func (db *DB) FindEnrollments(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	if sc, err = sc.narrow(f.Region); err != nil {
		return nil, 0, err
	}
	var conds []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, cond+itoa(len(args)))
	}
	if f.IDNo != "" {
		n, err := canonicalIDNo(f.IDNo)
		if err != nil {
			return nil, 0, err
		}
		add("n.id_no = $", n)
	}
	if f.Scheme != "" {
		s, ok := shebao.FindScheme(f.Scheme)
		if !ok {
			return nil, 0, shebao.FieldErrorf("险种", "未知险种“%s”", f.Scheme)
		}
		add("n.scheme = $", s.Code)
	}
	if f.Status != "" {
		add("n.status = $", f.Status)
	}
	if f.Employer != "" {
		code, err := canonicalUSCC(f.Employer)
		if err != nil {
			return nil, 0, err
		}
		add("n.employer_uscc = $", code)
	}
	if f.OpenOnly {
		conds = append(conds, "n.id IN (SELECT enrollment_id FROM enrollment_slots)")
	}
	conds, args = sc.where("n.region_code", conds, args)
	return findPage(ctx, db, `enrollments n`, `SELECT `+enrollmentColumns+enrollmentFrom, whereClause(conds), args,
		"n.id_no, n.scheme, n.start_date", f.Limit, f.Offset, scanEnrollment)
}

// FindEnrollment returns one enrollment with its history.
func (db *DB) FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	n, err := scanEnrollment(db.queryRow(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+` WHERE n.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && !sc.contains(n.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到参保记录%s", id)
	}
	if err != nil {
		return nil, err
	}
	evs, err := db.enrollmentHistory(ctx, []string{n.ID})
	if err != nil {
		return nil, err
	}
	n.History = evs[n.ID]
	return n, nil
}

// personEnrollments returns every enrollment of a person with its history,
// for the one view of a person.
func (db *DB) personEnrollments(ctx context.Context, idNo string) ([]*shebao.Enrollment, error) {
	rows, err := db.query(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+` WHERE n.id_no = $1 ORDER BY n.scheme, n.start_date`, idNo)
	if err != nil {
		return nil, err
	}
	var out []*shebao.Enrollment
	var ids []string
	for rows.Next() {
		n, err := scanEnrollment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
		ids = append(ids, n.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	evs, err := db.enrollmentHistory(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, n := range out {
		n.History = evs[n.ID]
	}
	return out, nil
}

func (db *DB) enrollmentHistory(ctx context.Context, ids []string) (map[string][]*shebao.EnrollmentEvent, error) {
	out := map[string][]*shebao.EnrollmentEvent{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, `SELECT enrollment_id, seq, action, from_status, to_status, event_date, reason, employer_uscc, actor, at
		FROM enrollment_events WHERE enrollment_id IN (`+placeholders(1, len(ids))+`) ORDER BY enrollment_id, seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, at string
		var e shebao.EnrollmentEvent
		if err := rows.Scan(&id, &e.Seq, &e.Action, &e.From, &e.To, &e.Date, &e.Reason, &e.Employer, &e.Actor, &at); err != nil {
			return nil, err
		}
		e.ActionName = shebao.ActionNames[e.Action]
		e.At = parseTime(at)
		out[id] = append(out[id], &e)
	}
	return out, rows.Err()
}

// oneRow turns an optimistic-lock miss (the row changed since it was read)
// into a conflict the clerk can retry.
func oneRow(res sql.Result, n *shebao.Enrollment) error {
	if k, _ := res.RowsAffected(); k != 1 {
		return shebao.Errorf(shebao.ECONFLICT, "%s的参保记录已被他人修改,请刷新后重试", n.Name)
	}
	return nil
}

// ImportEnrollments enrolls a chunk of requests from an import in one
// transaction, set-based: the persons, employers, open enrollments and
// households the chunk refers to are read with one query each, every row is
// decided in memory by the same rules as Enroll (planEnroll), later rows
// seeing earlier ones, and the new rows are written with bulk inserts. A row
// that breaks a rule is rejected with its reason and the others still land.
// A row that repeats an open enrollment exactly (same scheme, start date,
// employer, year) is unchanged, so importing the same file twice changes
// nothing.
func (db *DB) ImportEnrollments(ctx context.Context, run string, reqs []shebao.EnrollRequest) (out []shebao.Outcome, errs []error, err error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	err = db.Update(ctx, func(tx *Tx) error {
		out, errs = make([]shebao.Outcome, len(reqs)), make([]error, len(reqs))
		// Canonical keys first; a bad number or code is the row's error.
		ids := make([]string, len(reqs))
		usccs := make([]string, len(reqs))
		schemes := make([]*shebao.Scheme, len(reqs))
		for i, req := range reqs {
			s, ok := shebao.FindScheme(req.Scheme)
			if !ok {
				errs[i] = shebao.FieldErrorf("险种", "未知险种“%s”", req.Scheme)
				continue
			}
			schemes[i] = s
			if ids[i], err = canonicalIDNo(req.IDNo); err != nil {
				errs[i] = err
				continue
			}
			if req.Employer != "" {
				if usccs[i], err = canonicalUSCC(req.Employer); err != nil {
					errs[i] = err
				}
			}
		}
		persons, err := tx.personsByID(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		employers, err := tx.employersByUSCC(ctx, nonEmpty(usccs))
		if err != nil {
			return err
		}
		holders, err := tx.slotHolders(ctx, nonEmpty(ids))
		if err != nil {
			return err
		}
		hh, err := tx.loadHouseholds(ctx, nonEmpty(ids), reqs)
		if err != nil {
			return err
		}
		var plan []*shebao.Enrollment
		var slots []string
		var planReqs []shebao.EnrollRequest
		for i, req := range reqs {
			if errs[i] != nil {
				continue
			}
			scheme, id := schemes[i], ids[i]
			req.IDNo, req.Employer = id, usccs[i]
			holder := holders[id+"/"+scheme.Slot]
			if holder != nil && repeats(holder, scheme, req) {
				out[i] = shebao.Unchanged
				continue
			}
			f := enrollFacts{scope: sc, scheme: scheme, person: persons[id], employer: employers[usccs[i]], holder: holder}
			n, expire, err := planEnroll(req, f)
			if err != nil {
				errs[i] = err
				continue
			}
			if scheme.Household {
				if n.Household, err = hh.resolve(f.person, req.Household); err != nil {
					errs[i] = err
					continue
				}
			}
			if expire != nil {
				if err := tx.closeEnrollment(ctx, expire, shebao.ActTerminate, shebao.EnrollEnded,
					fmt.Sprintf("%d-12-31", expire.Year), shebao.EndExpired); err != nil {
					return err
				}
			}
			holders[id+"/"+scheme.Slot] = n
			plan = append(plan, n)
			slots = append(slots, scheme.Slot)
			if req.Status != "" && req.StatusDate == "" {
				req.StatusDate = req.Date
			}
			planReqs = append(planReqs, req)
			out[i] = shebao.Created
		}
		if err := hh.write(ctx, tx); err != nil {
			return err
		}
		if err := tx.insertEnrollments(ctx, plan, slots, planReqs); err != nil {
			return err
		}
		if len(plan) > 0 {
			created := make([]string, len(plan))
			for i, n := range plan {
				created[i] = n.ID
			}
			return tx.audit(ctx, "enrollment.import", "import", run, "", nil, map[string]any{"created": created})
		}
		return nil
	})
	return out, errs, err
}

// repeats reports whether a request asks again for an open enrollment.
func repeats(h *shebao.Enrollment, scheme *shebao.Scheme, req shebao.EnrollRequest) bool {
	year := req.Year
	if scheme.Annual && year == 0 && len(req.Date) >= 4 {
		year = atoiSafe(req.Date[:4])
	}
	return h.Scheme == scheme.Code && h.StartDate == req.Date && h.Employer == req.Employer &&
		h.Year == year && (req.Household == "" || h.Household == req.Household)
}

func nonEmpty(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// byKeys reads the rows whose key column is among keys, in one query, into
// a map by key: the set-based look-up of the bulk paths.
func byKeys[T any](ctx context.Context, tx *Tx, selectFrom, keyCol string, keys []string,
	scan func(rowScanner) (T, error), key func(T) string) (map[string]T, error) {
	m := map[string]T{}
	if len(keys) == 0 {
		return m, nil
	}
	cond, args := tx.inKeys(keyCol, keys, nil)
	rows, err := tx.Query(ctx, selectFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		m[key(v)] = v
	}
	return m, rows.Err()
}

// personsByID reads the persons with the numbers, by number.
func (tx *Tx) personsByID(ctx context.Context, ids []string) (map[string]*shebao.Person, error) {
	return byKeys(ctx, tx, `SELECT `+personColumns+personFrom, "p.id_no", ids, scanPerson,
		func(p *shebao.Person) string { return p.IDNo })
}

// employersByUSCC reads the employers with the codes, by code.
func (tx *Tx) employersByUSCC(ctx context.Context, codes []string) (map[string]*shebao.Employer, error) {
	return byKeys(ctx, tx, `SELECT `+employerColumns+employerFrom, "e.uscc", codes, scanEmployer,
		func(e *shebao.Employer) string { return e.USCC })
}

// slotHolders returns the open enrollments of the persons by "id_no/slot".
func (tx *Tx) slotHolders(ctx context.Context, ids []string) (map[string]*shebao.Enrollment, error) {
	m := map[string]*shebao.Enrollment{}
	if len(ids) == 0 {
		return m, nil
	}
	cond, args := tx.inKeys("s.id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT s.slot, `+enrollmentColumns+enrollmentFrom+
		` JOIN enrollment_slots s ON s.enrollment_id = n.id WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var slot string
		var n shebao.Enrollment
		var created, updated string
		if err := rows.Scan(&slot, &n.ID, &n.IDNo, &n.Name, &n.Scheme, &n.Year, &n.Employer, &n.EmpName, &n.Household,
			&n.Region, &n.Status, &n.StartDate, &n.EndDate, &n.EndReason, &n.Version, &created, &updated, &n.RegionName); err != nil {
			return nil, err
		}
		if s, ok := shebao.FindScheme(n.Scheme); ok {
			n.SchemeName = s.Name
		}
		m[n.IDNo+"/"+slot] = &n
	}
	return m, rows.Err()
}

// households resolves residents' households for a chunk in memory and
// writes what is new in bulk.
type households struct {
	region    map[string]string // household id → region
	member    map[string]string // id_no → household id
	newHH     map[string][2]string
	newMember map[string]string
}

func (tx *Tx) loadHouseholds(ctx context.Context, ids []string, reqs []shebao.EnrollRequest) (*households, error) {
	h := &households{region: map[string]string{}, member: map[string]string{}, newHH: map[string][2]string{}, newMember: map[string]string{}}
	if len(ids) == 0 {
		return h, nil
	}
	cond, args := tx.inKeys("m.id_no", ids, nil)
	rows, err := tx.Query(ctx, `SELECT m.id_no, m.household_id, hh.region_code FROM household_members m
		JOIN households hh ON hh.id = m.household_id WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, hid, region string
		if err := rows.Scan(&id, &hid, &region); err != nil {
			rows.Close()
			return nil, err
		}
		h.member[id], h.region[hid] = hid, region
	}
	rows.Close()
	var given []string
	for _, r := range reqs {
		if r.Household != "" {
			given = append(given, r.Household)
		}
	}
	if given = nonEmpty(given); len(given) > 0 {
		cond, args := tx.inKeys("id", given, nil)
		rows, err := tx.Query(ctx, `SELECT id, region_code FROM households WHERE `+cond, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var hid, region string
			if err := rows.Scan(&hid, &region); err != nil {
				rows.Close()
				return nil, err
			}
			h.region[hid] = region
		}
		rows.Close()
	}
	return h, nil
}

// resolve is household() of a single enrollment, in memory.
func (h *households) resolve(p *shebao.Person, given string) (string, error) {
	id := given
	if id == "" {
		if cur, ok := h.member[p.IDNo]; ok {
			return cur, nil
		}
		id = householdIDFor(p.IDNo)
	}
	region, ok := h.region[id]
	if !ok {
		h.region[id] = p.Region
		h.newHH[id] = [2]string{p.Region, p.IDNo}
	} else if region != p.Region {
		return "", shebao.FieldErrorf("户号", "户号%s属于区划%s,与%s的所属区划%s不符", id, region, p.Name, p.Region)
	}
	if h.member[p.IDNo] != id {
		h.member[p.IDNo] = id
		h.newMember[p.IDNo] = id
	}
	return id, nil
}

func (h *households) write(ctx context.Context, tx *Tx) error {
	now := fmtTime(tx.now)
	var hhRows, memRows [][]any
	for id, v := range h.newHH {
		hhRows = append(hhRows, []any{id, v[0], v[1], now})
	}
	for idNo, hid := range h.newMember {
		memRows = append(memRows, []any{hid, idNo})
	}
	if err := tx.bulkInsert(ctx, bulkTable{name: "households", cols: []string{"id", "region_code", "head_id_no", "created_at"},
		pgTypes: []string{"text", "text", "text", "text"}, conflict: "ON CONFLICT (id) DO NOTHING"}, hhRows); err != nil {
		return err
	}
	return tx.bulkInsert(ctx, bulkTable{name: "household_members", cols: []string{"household_id", "id_no"},
		pgTypes: []string{"text", "text"}, conflict: "ON CONFLICT (id_no) DO UPDATE SET household_id = excluded.household_id"}, memRows)
}

func atoiSafe(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// personInScope returns the person if registered within the actor's
// jurisdiction, else the same error as an unregistered person.
func (tx *Tx) personInScope(ctx context.Context, idNo string) (*shebao.Person, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := tx.findPerson(ctx, idNo)
	if err != nil {
		return nil, err
	}
	if p == nil || !sc.contains(p.Region) {
		return nil, shebao.FieldErrorf("身份证号", "身份证号%s的人员未登记,请先办理人员登记", idno.MaskID(idNo))
	}
	return p, nil
}

// householdIDFor is the 户号 given to a resident who forms a household of
// their own: derived from the ID number, so that importing twice finds the
// same household, but without the number in it, since 户号 are shown and
// exported where ID numbers are masked.
func householdIDFor(idNo string) string {
	sum := sha256.Sum256([]byte("household:" + idNo))
	return "H" + hex.EncodeToString(sum[:8])
}
