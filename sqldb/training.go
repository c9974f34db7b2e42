package sqldb

import (
	"context"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// 职业培训 (employ.Service, issue #19 item 3, docs/DOMAIN.md §10).

// InsertCourse registers a course of a region in the actor's jurisdiction,
// with its audit entry (training.create).
func (db *DB) InsertCourse(ctx context.Context, c *shebao.TrainingCourse) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(c.Region) {
		return shebao.FieldErrorf("区划", "区划%s不在您的管辖范围内", c.Region)
	}
	return db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, c.Region).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return shebao.FieldErrorf("区划", "区划代码%s未登记", c.Region)
		}
		c.ID, c.CreatedBy = newID(), sc.actor.Name
		if _, err := tx.Exec(ctx, `INSERT INTO training_courses (id, name, region_code, provider, occupation, level, start_date, end_date,
			hours, places, payee, bank_account, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			c.ID, c.Name, c.Region, c.Provider, c.Occupation, c.Level, c.Start, c.End, c.Hours, c.Places, c.Payee, c.BankAccount,
			fmtTime(tx.now), sc.actor.Name); err != nil {
			return err
		}
		return tx.audit(ctx, "training.create", shebao.EntityTraining, c.ID, c.Region, nil, c)
	})
}

const courseColumns = `c.id, c.name, c.region_code, c.provider, c.occupation, c.level, c.start_date, c.end_date, c.hours, c.places,
	c.payee, c.bank_account, c.created_by, COALESCE(e.n, 0)`

// courseFrom joins each course with its count of enrolments. A join with
// the counts grouped by course, rather than a subquery per course row:
// Citus plans no correlated subquery over a reference table
// (training_courses) into a distributed one (training_enrolments); the
// grouped counts are planned apart. Same meaning on every engine.
const courseFrom = ` FROM training_courses c LEFT JOIN (SELECT course_id, COUNT(*) AS n FROM training_enrolments GROUP BY course_id) e
	ON e.course_id = c.id`

func scanCourse(s rowScanner) (*shebao.TrainingCourse, error) {
	c := &shebao.TrainingCourse{}
	err := s.Scan(&c.ID, &c.Name, &c.Region, &c.Provider, &c.Occupation, &c.Level, &c.Start, &c.End, &c.Hours, &c.Places,
		&c.Payee, &c.BankAccount, &c.CreatedBy, &c.Enrolled)
	return c, err
}

// FindCourse reads a course of the actor's jurisdiction with its number
// of enrolments; ENOTFOUND outside. Inside a transaction that writes, the
// course row is locked first (on PostgreSQL), so that two enrolments at
// once cannot both take its last place.
func (db *DB) FindCourse(ctx context.Context, id string) (*shebao.TrainingCourse, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	var c *shebao.TrainingCourse
	err = db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE training_courses SET places = places WHERE id = $1`, id); err != nil {
			return err
		}
		var err error
		c, err = scanCourse(tx.QueryRow(ctx, `SELECT `+courseColumns+courseFrom+` WHERE c.id = $1`, id))
		return err
	})
	if isNoRows(err) || err == nil && !sc.contains(c.Region) {
		return nil, shebao.Errorf(shebao.ENOTFOUND, "未找到培训班%s", id)
	}
	return c, err
}

// FindCourses lists the courses of the actor's jurisdiction, newest first.
func (db *DB) FindCourses(ctx context.Context) ([]*shebao.TrainingCourse, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("c.region_code", nil, nil)
	var out []*shebao.TrainingCourse
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+courseColumns+courseFrom+whereClause(conds)+` ORDER BY c.start_date DESC, c.id`, args,
			func(s rowScanner) error {
				c, err := scanCourse(s)
				out = append(out, c)
				return err
			})
	})
	return out, err
}

// InsertEnrolment enrols a person on a course (training.enrol); ECONFLICT
// when already enrolled.
func (db *DB) InsertEnrolment(ctx context.Context, e *shebao.TrainingEnrolment) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(e.Region) {
		return notFoundPerson(e.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.recount(ctx, trainingFamily, createdBy("t.course_id = $1 AND t.id_no = $2", e.CourseID, e.IDNo), func() error {
			_, err := tx.Exec(ctx, `INSERT INTO training_enrolments (course_id, id_no, region_code, status, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, e.CourseID, e.IDNo, e.Region, e.Status, fmtTime(tx.now), sc.actor.Name)
			return err
		}); err != nil {
			if isUniqueViolation(err) {
				return shebao.Errorf(shebao.ECONFLICT, "%s已报名该培训班", e.Name)
			}
			return err
		}
		return tx.audit(ctx, "training.enrol", shebao.EntityTraining, e.IDNo, e.Region, nil, e)
	})
}

const enrolmentColumns = `e.course_id, e.id_no, p.name, e.region_code, e.status, e.attended, e.certificate, e.cert_no, e.completed_on,
	e.bank_account, e.subsidy_batch`

func scanEnrolment(s rowScanner) (*shebao.TrainingEnrolment, error) {
	e := &shebao.TrainingEnrolment{}
	err := s.Scan(&e.CourseID, &e.IDNo, &e.Name, &e.Region, &e.Status, &e.Attended, &e.Certificate, &e.CertNo, &e.CompletedOn,
		&e.BankAccount, &e.Subsidy)
	return e, err
}

// CourseEnrolments reads a course's enrolments (unaudited: for the
// rules; FindEnrolments is the audited list).
func (db *DB) CourseEnrolments(ctx context.Context, courseID string) ([]*shebao.TrainingEnrolment, error) {
	if _, err := scopeOf(ctx); err != nil {
		return nil, err
	}
	var out []*shebao.TrainingEnrolment
	err := db.View(ctx, func(tx *Tx) error {
		out = nil
		return tx.scanRows(ctx, `SELECT `+enrolmentColumns+` FROM training_enrolments e JOIN persons p ON p.id_no = e.id_no
			WHERE e.course_id = $1 ORDER BY e.id_no`, []any{courseID}, func(s rowScanner) error {
			e, err := scanEnrolment(s)
			out = append(out, e)
			return err
		})
	})
	return out, err
}

// FindEnrolments lists a course's enrolments in the actor's jurisdiction
// (an audited list, training.list).
func (db *DB) FindEnrolments(ctx context.Context, courseID string) ([]*shebao.TrainingEnrolment, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return nil, err
	}
	conds, args := sc.where("e.region_code", []string{"e.course_id = $1"}, []any{courseID})
	var out []*shebao.TrainingEnrolment
	err = db.View(ctx, func(tx *Tx) error {
		out = nil
		if err := tx.scanRows(ctx, `SELECT `+enrolmentColumns+` FROM training_enrolments e JOIN persons p ON p.id_no = e.id_no`+
			whereClause(conds)+` ORDER BY e.id_no`, args, func(s rowScanner) error {
			e, err := scanEnrolment(s)
			out = append(out, e)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "training.list", shebao.EntityTraining, courseID, sc.region(), nil,
			listDetail(nil, len(out), countPersons(out, func(e *shebao.TrainingEnrolment) string { return e.IDNo })))
	})
	return out, err
}

// SaveOutcome records an enrolment's attendance and outcome, with its
// audit entry (training.complete) keeping the previous state.
func (db *DB) SaveOutcome(ctx context.Context, old, e *shebao.TrainingEnrolment) error {
	sc, err := scopeOf(ctx)
	if err != nil {
		return err
	}
	if !sc.contains(e.Region) {
		return notFoundPerson(e.IDNo)
	}
	return db.Update(ctx, func(tx *Tx) error {
		if err := tx.recount(ctx, trainingFamily, byCond("t.course_id = $1 AND t.id_no = $2", e.CourseID, e.IDNo), func() error {
			_, err := tx.Exec(ctx, `UPDATE training_enrolments SET status = $3, attended = $4, certificate = $5, cert_no = $6, completed_on = $7,
			bank_account = $8 WHERE course_id = $1 AND id_no = $2 AND subsidy_batch = ''`,
				e.CourseID, e.IDNo, e.Status, e.Attended, e.Certificate, e.CertNo, e.CompletedOn, e.BankAccount)
			return err
		}); err != nil {
			return err
		}
		return tx.audit(ctx, "training.complete", shebao.EntityTraining, e.IDNo, e.Region, old, e)
	})
}

// SubmitTrainingSubsidy puts a course's subsidies into the approval queue
// of the region (training.subsidy).
func (db *DB) SubmitTrainingSubsidy(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.submitApproval(ctx, shebao.ApproveTrainingSubsidy, region, summary, payload)
		return err
	})
	return out, err
}

// PendingTrainingSubsidies counts the subsidies of the course waiting for
// approval (from the payloads of the queue).
func (db *DB) PendingTrainingSubsidies(ctx context.Context, courseID string) (int, error) {
	if _, err := scopeOf(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		n = 0
		return tx.scanRows(ctx, `SELECT payload FROM approvals WHERE kind = $1 AND status = $2`,
			[]any{shebao.ApproveTrainingSubsidy, shebao.ApprovalPending}, func(s rowScanner) error {
				var body string
				if err := s.Scan(&body); err != nil {
					return err
				}
				if strings.Contains(body, `"course_id":"`+courseID+`"`) {
					n++
				}
				return nil
			})
	})
	return n, err
}

// MarkTrainingSubsidy marks the enrolments paid by an approved submission
// (its batch); ECONFLICT when one was already paid by another.
func (db *DB) MarkTrainingSubsidy(ctx context.Context, courseID, batch string, ids []string) error {
	return db.Update(ctx, func(tx *Tx) error {
		for _, id := range ids {
			res, err := tx.Exec(ctx, `UPDATE training_enrolments SET subsidy_batch = $3
				WHERE course_id = $1 AND id_no = $2 AND subsidy_batch = ''`, courseID, id, batch)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return shebao.Errorf(shebao.ECONFLICT, "该培训班%s的补贴已核定,不能重复核定,请驳回", idno.MaskID(id))
			}
		}
		return nil
	})
}

// CreateTrainingBenefits creates the one-off subsidies of an approved
// training.subsidy (kind training only), audited as training.subsidy: the
// right it needs is the training line's, not the benefits line's. It
// returns how many were created: a person already subsidised for the
// occupation and level (the same source) is not paid again.
func (db *DB) CreateTrainingBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error) {
	sc, err := scopeOf(ctx)
	if err != nil {
		return 0, err
	}
	if err := authorize(sc.actor, "training.subsidy", shebao.EntityTraining, ""); err != nil {
		return 0, err
	}
	for _, b := range bs {
		if b.Kind != shebao.BenefitTraining {
			return 0, shebao.Errorf(shebao.EINVALID, "职业培训补贴不能核定%s", b.Kind)
		}
	}
	var n int
	err = db.Update(ctx, func(tx *Tx) error {
		var err error
		n, err = tx.createBenefitsAs(ctx, bs, "training.subsidy", shebao.EntityTraining)
		return err
	})
	return n, err
}

// TrainingSubsidized reports whether the person already has a training
// subsidy of the source (occupation and level), unaudited, for the rules.
func (db *DB) TrainingSubsidized(ctx context.Context, idNo, source string) (bool, error) {
	if _, err := scopeOf(ctx); err != nil {
		return false, err
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM benefits WHERE id_no = $1 AND kind = $2 AND source = $3`,
		idNo, shebao.BenefitTraining, source).Scan(&n)
	return n > 0, err
}
