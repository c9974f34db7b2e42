package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	if err := tx.insertEvents(ctx, [][]any{{n.ID, n.IDNo, int64(seq), action, from, to, date, reason, n.Employer, a.Name, fmtTime(tx.now)}}); err != nil {
		return err
	}
	return tx.audit(ctx, "enrollment."+action, "enrollment", n.ID, n.Region,
		map[string]string{"status": from},
		map[string]string{"id_no": n.IDNo, "scheme": n.Scheme, "status": to, "date": date, "reason": reason, "employer": n.Employer})
}

// Jurisdiction-free reads and the writes of enrollment (package enroll
// holds the flows; shebao.PlanEnrollment and shebao.PlanChange the rules).

// EnrollmentData reads, in one query each, the persons with the numbers
// (wherever registered: the rule tells an unregistered person from one of
// another jurisdiction by the jurisdiction), the employers with the codes,
// the persons' open enrollments by slot, the households they belong to and
// the households named. It joins the unit of work of ctx.
func (db *DB) EnrollmentData(ctx context.Context, ids, usccs, households []string) (*shebao.EnrollmentData, error) {
	var d *shebao.EnrollmentData
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		d = &shebao.EnrollmentData{}
		if d.Persons, err = tx.personsByID(ctx, ids); err != nil {
			return err
		}
		if d.Employers, err = tx.employersByUSCC(ctx, usccs); err != nil {
			return err
		}
		if d.Holders, err = tx.slotHolders(ctx, ids); err != nil {
			return err
		}
		d.Member, d.HouseholdRegion, err = tx.households(ctx, ids, households)
		return err
	})
	return d, err
}

// SlotHolder returns the open enrollment that holds the person's slot, or nil.
func (db *DB) SlotHolder(ctx context.Context, idNo, slot string) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.slotHolder(ctx, idNo, slot)
		return err
	})
	return out, err
}

// CreateEnrollment writes one planned enrollment (shebao.PlanEnrollment)
// with its slot and events, audits it, and returns it as stored. The slot
// is the guarantee of exclusivity under concurrent writers: a second
// enrollment in a slot another writer took meanwhile fails on the slot's
// primary key and is a conflict to retry.
func (db *DB) CreateEnrollment(ctx context.Context, n *shebao.Enrollment, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEnrollments(ctx, []*shebao.Enrollment{n}, []shebao.EnrollRequest{req}); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s的参保关系正在被他人同时办理,请稍后重试", n.Name)
			}
			return err
		}
		if err := tx.audit(ctx, "enrollment."+shebao.EnrollAction(req), "enrollment", n.ID, n.Region, nil,
			map[string]string{"id_no": n.IDNo, "scheme": n.Scheme, "status": n.Status, "date": n.StartDate, "reason": req.Reason, "employer": n.Employer}); err != nil {
			return err
		}
		var err error
		out, err = tx.findEnrollment(ctx, n.ID)
		return err
	})
	return out, err
}

// ImportEnrollmentRows writes the planned enrollments of an import chunk
// with bulk inserts, and one audit entry naming them.
func (db *DB) ImportEnrollmentRows(ctx context.Context, run string, ns []*shebao.Enrollment, reqs []shebao.EnrollRequest) error {
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.insertEnrollments(ctx, ns, reqs); err != nil {
			return err
		}
		if len(ns) == 0 {
			return nil
		}
		created := make([]string, len(ns))
		for i, n := range ns {
			created[i] = n.ID
		}
		return tx.audit(ctx, "enrollment.import", "import", run, "", nil, map[string]any{"created": created})
	})
}

// CloseEnrollment moves an open enrollment to a closed status and frees
// its slot, with its event and audit entry.
func (db *DB) CloseEnrollment(ctx context.Context, n *shebao.Enrollment, action, to, date, reason string) error {
	return db.Update(ctx, func(tx *Tx) error { return tx.closeEnrollment(ctx, n, action, to, date, reason) })
}

var enrollmentTable = bulkTable{
	name: "enrollments",
	cols: []string{"id", "id_no", "scheme", "year", "employer_uscc", "household_id", "region_code", "status",
		"start_date", "created_at", "created_by", "updated_at", "updated_by"},
	pgTypes:  []string{"text", "text", "text", "bigint", "text", "text", "text", "text", "text", "text", "text", "text", "text"},
	rowByRow: true, // no statement journal on SQLite (bulk.go)
}

var slotTable = bulkTable{
	name: "enrollment_slots", cols: []string{"id_no", "slot", "enrollment_id"}, pgTypes: []string{"text", "text", "text"},
	rowByRow: true,
}

var eventTable = bulkTable{
	name: "enrollment_events",
	cols: []string{"enrollment_id", "id_no", "seq", "action", "from_status", "to_status", "event_date", "reason", "employer_uscc",
		"actor", "at"},
	pgTypes:  []string{"text", "text", "bigint", "text", "text", "text", "text", "text", "text", "text", "text"},
	rowByRow: true,
}

// insertEvents writes rows of eventTable; before migration 0123 (a
// migration test's district) an event has no id_no column.
func (tx *Tx) insertEvents(ctx context.Context, rows [][]any) error {
	t := eventTable
	if !tx.db.enrollmentsKeyed.Load() {
		t, rows = t.withoutColumn(1, rows)
	}
	return tx.bulkInsert(ctx, t, rows)
}

// eventsOf is the condition joining the enrollment_events ev to their
// enrollment n: through the person too (migration 0123), which a Citus
// cluster needs to join them on the person's shard; a schema before 0123
// (a migration test's generated district) has no ev.id_no.
func (tx *Tx) eventsOf(ev, n string) string {
	if tx.db.enrollmentsKeyed.Load() {
		return ev + ".enrollment_id = " + n + ".id AND " + ev + ".id_no = " + n + ".id_no"
	}
	return ev + ".enrollment_id = " + n + ".id"
}

// insertEnrollments writes new enrollments with their slots and events, in
// bulk: the enrollment itself, and for a record taken over in another
// status (享受待遇, 暂停缴费) the change to it. An enrollment without an ID
// gets one.
func (tx *Tx) insertEnrollments(ctx context.Context, ns []*shebao.Enrollment, reqs []shebao.EnrollRequest) error {
	a, _ := shebao.ActorFrom(ctx)
	now := fmtTime(tx.now)
	ens := make([][]any, len(ns))
	sls := make([][]any, len(ns))
	evs := make([][]any, 0, len(ns))
	for i, n := range ns {
		if n.ID == "" {
			n.ID = newID()
		}
		scheme, ok := shebao.FindScheme(n.Scheme)
		if !ok {
			return fmt.Errorf("enrollment of unknown scheme %q", n.Scheme)
		}
		ens[i] = []any{n.ID, n.IDNo, n.Scheme, int64(n.Year), n.Employer, n.Household, n.Region, n.Status, n.StartDate, now, a.Name, now, a.Name}
		sls[i] = []any{n.IDNo, scheme.Slot, n.ID}
		if n.Status == shebao.EnrollActive {
			evs = append(evs, []any{n.ID, n.IDNo, int64(1), shebao.EnrollAction(reqs[i]), "", n.Status, n.StartDate, reqs[i].Reason, n.Employer, a.Name, now})
			continue
		}
		action := shebao.ActStartBenefit
		if n.Status == shebao.EnrollSuspended {
			action = shebao.ActSuspend
		}
		evs = append(evs, []any{n.ID, n.IDNo, int64(1), shebao.EnrollAction(reqs[i]), "", shebao.EnrollActive, n.StartDate, reqs[i].Reason, n.Employer, a.Name, now},
			[]any{n.ID, n.IDNo, int64(2), action, shebao.EnrollActive, n.Status, reqs[i].StatusDate, "原系统迁入时的状态", n.Employer, a.Name, now})
	}
	persons := make([]string, len(ns))
	for i, n := range ns {
		persons[i] = n.IDNo
	}
	if err := tx.recount(ctx, personsFamily, byKeysSel(nonEmpty(persons)...), func() error {
		if err := tx.bulkInsert(ctx, enrollmentTable, ens); err != nil {
			return err
		}
		if err := tx.bulkInsert(ctx, slotTable, sls); err != nil {
			return err
		}
		return tx.insertEvents(ctx, evs)
	}); err != nil {
		return err
	}
	return tx.stopUnemploymentOnReemployment(ctx, reemployedOf(ns)) // 增员: 失业保险金停发 (other_benefits.go)
}

// closeEnrollment moves an open enrollment to a closed status and frees its slot.
func (tx *Tx) closeEnrollment(ctx context.Context, n *shebao.Enrollment, action, to, date, reason string) error {
	a, _ := shebao.ActorFrom(ctx)
	return tx.recount(ctx, personsFamily, byKeysSel(n.IDNo), func() error {
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
	})
}

// ChangeEnrollment applies a lifecycle action to an enrollment in the
// actor's jurisdiction: shebao.PlanChange decides the new status, a change
// of employer needs a registered employer; the write is optimistic on the
// enrollment's version. It stays one store method because other
// capabilities' units of work in the store (a determination starting a
// benefit) change enrollments too.
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
	to, err := shebao.PlanChange(n, req)
	if err != nil {
		return nil, err
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
	if err := tx.recount(ctx, personsFamily, byKeysSel(n.IDNo), func() error {
		res, err := tx.Exec(ctx, `UPDATE enrollments SET status = $1, employer_uscc = $2, version = version + 1, updated_at = $3, updated_by = $4
			WHERE id = $5 AND version = $6`, to, employer, fmtTime(tx.now), a.Name, id, n.Version)
		if err != nil {
			return err
		}
		if err := oneRow(res, n); err != nil {
			return err
		}
		from := n.Status
		n.Employer = employer
		return tx.enrollmentEvent(ctx, n, req.Action, from, to, req.Date, req.Reason)
	}); err != nil {
		return nil, err
	}
	return tx.findEnrollment(ctx, id)
}

// HasEmployment reports whether the person is an employee of the
// employer now (an employment without an end date).
func (db *DB) HasEmployment(ctx context.Context, idNo, uscc string) (bool, error) {
	var open int
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT COUNT(*) FROM employments WHERE id_no = $1 AND employer_uscc = $2 AND end_date = ''`, idNo, uscc).Scan(&open)
	})
	return open > 0, err
}

// StartEmployment records the person's employment with the employer from
// the date, which stops an unemployment benefit the person draws (失业保险金
// 停发, other_benefits.go).
func (db *DB) StartEmployment(ctx context.Context, idNo, uscc, date string, rural bool) error {
	return db.Update(ctx, func(tx *Tx) error {
		// rural_contract is written only when marked (the column's default
		// is 0), as the import does and for the same reason
		// (ruralEmploymentTable, employments.go).
		q, args := `INSERT INTO employments (id, id_no, employer_uscc, start_date) VALUES ($1, $2, $3, $4)`, []any{newID(), idNo, uscc, date}
		if rural {
			q = `INSERT INTO employments (id, id_no, employer_uscc, start_date, rural_contract) VALUES ($1, $2, $3, $4, 1)`
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
		return tx.stopUnemploymentOnReemployment(ctx, []reemployment{{idNo, date}})
	})
}

// EndEmployment ends the person's current employment with the employer on
// the date; false when there is none.
func (db *DB) EndEmployment(ctx context.Context, idNo, uscc, date, reason string) (bool, error) {
	var ended bool
	err := db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE employments SET end_date = $1, end_reason = $2 WHERE id_no = $3 AND employer_uscc = $4 AND end_date = ''`,
			date, reason, idNo, uscc)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		ended = k > 0
		return nil
	})
	return ended, err
}

// ActiveEnrollmentIDs returns the person's enrollments through the
// employer that are 参保缴费.
func (db *DB) ActiveEnrollmentIDs(ctx context.Context, idNo, uscc string) ([]string, error) {
	var ids []string
	err := db.Update(ctx, func(tx *Tx) error {
		ids = nil
		return tx.scanRows(ctx, `SELECT id FROM enrollments WHERE id_no = $1 AND employer_uscc = $2 AND status = $3`,
			[]any{idNo, uscc, shebao.EnrollActive}, func(s rowScanner) error {
				var id string
				if err := s.Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
				return nil
			})
	})
	return ids, err
}

// FindEnrollments lists enrollments within the actor's jurisdiction (a
// citizen: their own only), an audited read (enrollment.list: one entry
// with the filter and how many enrollments and persons it returned).
// openEnrollmentCond keeps the enrollments n that hold their person's slot,
// correlated on the person (the slots' key). SQLite planned
// "n.id IN (SELECT enrollment_id FROM enrollment_slots)" as a scan of every
// slot with a look-up of each enrollment — 6.2 s for one village of a
// district of 1,000,000 persons (bench http's preparation, issue #20),
// against 12 ms from the region's index (TestOpenEnrollmentsPlan).
const openEnrollmentCond = "EXISTS (SELECT 1 FROM enrollment_slots s WHERE s.id_no = n.id_no AND s.enrollment_id = n.id)"

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
	var id, employer string
	if f.IDNo != "" {
		if id, err = canonicalIDNo(f.IDNo); err != nil {
			return nil, 0, err
		}
		add("n.id_no = $", id)
	}
	key := listKey(sc, id)
	if err := authorize(sc.actor, "enrollment.list", shebao.EntityEnrollment, key); err != nil {
		return nil, 0, err
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
		if employer, err = canonicalUSCC(f.Employer); err != nil {
			return nil, 0, err
		}
		add("n.employer_uscc = $", employer)
	}
	if f.OpenOnly {
		conds = append(conds, openEnrollmentCond)
	}
	conds, args = sc.own("n.id_no", conds, args)
	conds, args = sc.where("n.region_code", conds, args)
	out, total, err := findPage(ctx, db, `enrollments n`, `SELECT `+enrollmentColumns+enrollmentFrom, whereClause(conds), args,
		"n.id_no, n.scheme, n.start_date", f.Limit, f.Offset, scanEnrollment)
	if err != nil {
		return nil, 0, err
	}
	filter := map[string]any{"id_no": id, "scheme": f.Scheme, "status": f.Status, "employer": employer, "open_only": f.OpenOnly,
		"region": f.Region, "offset": f.Offset, "limit": f.Limit}
	if err := db.auditList(ctx, sc, "enrollment.list", shebao.EntityEnrollment, key, filter, len(out),
		countPersons(out, func(n *shebao.Enrollment) string { return n.IDNo })); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindEnrollment returns one enrollment in the actor's jurisdiction (a
// citizen: their own) with its history, an audited read
// (enrollment.read, keyed by the person).
func (db *DB) FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(sc.actor, "enrollment.read", shebao.EntityEnrollment, ""); err != nil {
		return nil, err
	}
	n, err := scanEnrollment(db.queryRow(ctx, `SELECT `+enrollmentColumns+enrollmentFrom+` WHERE n.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!sc.contains(n.Region) || sc.ownOnly() && n.IDNo != sc.actor.IDNo) {
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
	if err := db.recordRead(ctx, "enrollment.read", shebao.EntityEnrollment, n.IDNo, n.Region, nil, map[string]any{"enrollment": n.ID}); err != nil {
		return nil, err
	}
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
		e.ActionName = shebao.EventName(e.Action, e.From, e.To)
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
		` JOIN enrollment_slots s ON s.enrollment_id = n.id AND s.id_no = n.id_no WHERE `+cond, args...)
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

// households reads the household (户号) of each person and the region of
// each household met: the persons' own and those named.
func (tx *Tx) households(ctx context.Context, ids, named []string) (member, region map[string]string, err error) {
	member, region = map[string]string{}, map[string]string{}
	if len(ids) > 0 {
		cond, args := tx.inKeys("m.id_no", ids, nil)
		if err := tx.scanRows(ctx, `SELECT m.id_no, m.household_id, hh.region_code FROM household_members m
			JOIN households hh ON hh.id = m.household_id WHERE `+cond, args, func(s rowScanner) error {
			var id, hid, r string
			if err := s.Scan(&id, &hid, &r); err != nil {
				return err
			}
			member[id], region[hid] = hid, r
			return nil
		}); err != nil {
			return nil, nil, err
		}
	}
	if len(named) > 0 {
		cond, args := tx.inKeys("id", named, nil)
		if err := tx.scanRows(ctx, `SELECT id, region_code FROM households WHERE `+cond, args, func(s rowScanner) error {
			var hid, r string
			if err := s.Scan(&hid, &r); err != nil {
				return err
			}
			region[hid] = r
			return nil
		}); err != nil {
			return nil, nil, err
		}
	}
	return member, region, nil
}

// WriteHouseholds creates the households and sets the memberships, in
// bulk. Two clerks may create one household at once: a household another
// writer created meanwhile in another region is a conflict.
func (db *DB) WriteHouseholds(ctx context.Context, hs []shebao.NewHousehold, members map[string]string) error {
	return db.Update(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		var hhRows, memRows [][]any
		ids := make([]string, len(hs))
		for i, h := range hs {
			hhRows = append(hhRows, []any{h.ID, h.Region, h.Head, now})
			ids[i] = h.ID
		}
		for idNo, hid := range members {
			memRows = append(memRows, []any{hid, idNo})
		}
		if err := tx.bulkInsert(ctx, bulkTable{name: "households", cols: []string{"id", "region_code", "head_id_no", "created_at"},
			pgTypes: []string{"text", "text", "text", "text"}, conflict: "ON CONFLICT (id) DO NOTHING", rowByRow: true}, hhRows); err != nil {
			return err
		}
		if len(hs) > 0 {
			_, region, err := tx.households(ctx, nil, ids)
			if err != nil {
				return err
			}
			for _, h := range hs {
				if region[h.ID] != h.Region {
					return shebao.FieldErrorf("户号", "户号%s已由他人同时登记在区划%s,与所属区划%s不符", h.ID, region[h.ID], h.Region)
				}
			}
		}
		if len(memRows) == 0 {
			return nil
		}
		// The land transfer households whose members change (the
		// households the members leave and join): recounted.
		ids, changed := make([]string, 0, len(members)), map[string]bool{}
		for idNo, hid := range members {
			ids = append(ids, idNo)
			changed[hid] = true
		}
		if tx.db.landCounters.Load() {
			was, _, err := tx.households(ctx, ids, nil)
			if err != nil {
				return err
			}
			for _, hid := range was {
				changed[hid] = true
			}
		}
		transferors, err := tx.transferorsOfHouseholds(ctx, slices.Sorted(maps.Keys(changed)))
		if err != nil {
			return err
		}
		return tx.recountLand(ctx, transferHouseholdsFamily, tx.transferorsSel(transferors), func() error {
			return tx.bulkInsert(ctx, bulkTable{name: "household_members", cols: []string{"household_id", "id_no"},
				pgTypes: []string{"text", "text"}, conflict: "ON CONFLICT (id_no) DO UPDATE SET household_id = excluded.household_id", rowByRow: true}, memRows)
		})
	})
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

// EnrollmentByID returns an enrollment without its history, wherever it
// lies, or nil.
func (db *DB) EnrollmentByID(ctx context.Context, id string) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.findEnrollment(ctx, id)
		return err
	})
	return out, err
}
