// Package enroll is 参保登记: a person's enrollment in a scheme, its lifecycle
// (参保缴费 → 暂停缴费 / 转出 / 终止, → 享受待遇) and the employer's 增员 and 减员.
//
// The rules of one enrollment are the root's (shebao.PlanEnrollment,
// shebao.PlanChange, shebao.Repeats); this service reads what they need,
// applies them to one request or to a whole import chunk alike, and writes
// the outcome in one unit of work. That a person holds at most one open
// enrollment per slot (110/120/170, 310/390) is decided here and guaranteed
// by the store under concurrent writers (its enrollment_slots table: a
// second writer's insert fails and the request is a conflict).
package enroll

import (
	"context"

	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx runs fn as one unit of work (see sqldb.DB.InTx).
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)
	// EnrollmentData reads the persons, employers, open enrollments and
	// households that requests for these numbers, codes and 户号 need.
	EnrollmentData(ctx context.Context, ids, usccs, households []string) (*shebao.EnrollmentData, error)
	// SlotHolder is the open enrollment holding a person's slot, or nil.
	SlotHolder(ctx context.Context, idNo, slot string) (*shebao.Enrollment, error)
	// CreateEnrollment writes one planned enrollment (with its slot, its
	// events and its audit entry) and returns it as stored; a slot taken
	// meanwhile by another writer is ECONFLICT.
	CreateEnrollment(ctx context.Context, n *shebao.Enrollment, req shebao.EnrollRequest) (*shebao.Enrollment, error)
	// ImportEnrollmentRows writes the planned enrollments of an import
	// chunk in bulk, with one audit entry for the chunk.
	ImportEnrollmentRows(ctx context.Context, run string, ns []*shebao.Enrollment, reqs []shebao.EnrollRequest) error
	// CloseEnrollment moves an open enrollment to a closed status and
	// frees its slot.
	CloseEnrollment(ctx context.Context, n *shebao.Enrollment, action, to, date, reason string) error
	// WriteHouseholds creates households and sets memberships.
	WriteHouseholds(ctx context.Context, hs []shebao.NewHousehold, members map[string]string) error
	// ChangeEnrollment applies a lifecycle action (shebao.PlanChange) to an
	// enrollment in the actor's jurisdiction.
	ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error)
	// HasEmployment reports whether the person works for the employer now.
	HasEmployment(ctx context.Context, idNo, uscc string) (bool, error)
	// StartEmployment records the employment from the date (and stops an
	// unemployment benefit the person draws).
	// rural marks a 农民合同制工人's employment (shebao.Employment).
	StartEmployment(ctx context.Context, idNo, uscc, date string, rural bool) error
	// RecordEmployments records the employments of imported employees
	// (employments.go), leaving out one the person already has open with
	// the employer.
	RecordEmployments(ctx context.Context, es []shebao.Employment) error
	// EndEmployment ends the current employment; false when there is none.
	EndEmployment(ctx context.Context, idNo, uscc, date, reason string) (bool, error)
	// ActiveEnrollmentIDs are the person's enrollments through the
	// employer that are 参保缴费.
	ActiveEnrollmentIDs(ctx context.Context, idNo, uscc string) ([]string, error)
	FindEnrollments(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error)
	FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error)
}

// Service enrolls persons in schemes and keeps the lifecycle of each enrollment.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// Enroll enrolls a person in one scheme, by the rules of
// shebao.PlanEnrollment: the error names the conflicting enrollment.
// Enrolling in the next year's 390 ends last year's at 31 December.
func (s *Service) Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	var out *shebao.Enrollment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		out, err = s.enroll(ctx, req)
		return err
	})
	return out, err
}

// enroll is Enroll in the unit of work of ctx.
func (s *Service) enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, err
	}
	scheme, ok := shebao.FindScheme(req.Scheme)
	if !ok {
		return nil, shebao.FieldErrorf("险种", "未知险种“%s”", req.Scheme)
	}
	idNo, err := shebao.CanonicalIDNo(req.IDNo)
	if err != nil {
		return nil, err
	}
	// Only an employee scheme looks its employer up: for a residents'
	// scheme any employer is refused by the plan, whatever it is.
	var uscc string
	if scheme.Kind == shebao.KindEmployee && req.Employer != "" {
		if uscc, err = shebao.CanonicalUSCC(req.Employer); err != nil {
			return nil, err
		}
	}
	d, err := s.store.EnrollmentData(ctx, []string{idNo}, nonEmpty([]string{uscc}), nonEmpty([]string{req.Household}))
	if err != nil {
		return nil, err
	}
	f := shebao.EnrollFacts{Jurisdiction: j, Scheme: scheme, Person: d.Persons[idNo], Holder: d.Holders[shebao.HolderKey(idNo, scheme.Slot)]}
	if uscc != "" {
		f.Employer = d.Employers[uscc]
	}
	n, expire, err := shebao.PlanEnrollment(req, f)
	if err != nil {
		return nil, err
	}
	if scheme.Household {
		hh := newHouseholds(d)
		if n.Household, err = hh.resolve(f.Person, req.Household); err != nil {
			return nil, err
		}
		if err := hh.write(ctx, s.store); err != nil {
			return nil, err
		}
	}
	if expire != nil {
		if err := s.store.CloseEnrollment(ctx, expire, shebao.ActTerminate, shebao.EnrollEnded,
			shebao.ExpiryDate(expire.Year), shebao.EndExpired); err != nil {
			return nil, err
		}
	}
	if req.Status != "" && req.StatusDate == "" {
		req.StatusDate = req.Date
	}
	return s.store.CreateEnrollment(ctx, n, req)
}

// ChangeEnrollment applies a lifecycle action to an enrollment: the
// transition, date and reason are checked by shebao.PlanChange, a change
// of employer needs a registered employer.
func (s *Service) ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error) {
	return s.store.ChangeEnrollment(ctx, id, req)
}

// Hire is 增员: the employer takes on the person, who joins the employee
// schemes (by default all five, 五险) through it. A scheme the person is
// suspended in continues with the new employer; one the person is active in
// with another employer is a conflict (one employer at a time).
func (s *Service) Hire(ctx context.Context, idNo string, uscc string, date string, schemes []string) ([]*shebao.Enrollment, error) {
	return s.HireWith(ctx, shebao.HireRequest{IDNo: idNo, Employer: uscc, Date: date, Schemes: schemes})
}

// HireWith is Hire with the whole request: RuralContract records the
// employment as a 农民合同制工人's (shebao.Employment.RuralContract).
func (s *Service) HireWith(ctx context.Context, req shebao.HireRequest) ([]*shebao.Enrollment, error) {
	idNo, uscc, date, schemes := req.IDNo, req.Employer, req.Date, req.Schemes
	if len(schemes) == 0 {
		schemes = shebao.EmployeeBundle
	}
	var out []*shebao.Enrollment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		out = nil
		n, code, err := s.employee(ctx, idNo, uscc, shebao.NotRegistered)
		if err != nil {
			return err
		}
		open, err := s.store.HasEmployment(ctx, n, code)
		if err != nil {
			return err
		}
		if open {
			return shebao.Errorf(shebao.ECONFLICT, "该人员已是单位%s的在职参保职工", code)
		}
		for _, sc := range schemes {
			scheme, ok := shebao.FindScheme(sc)
			if !ok || scheme.Kind != shebao.KindEmployee {
				return shebao.FieldErrorf("险种", "“%s”不是职工险种", sc)
			}
			holder, err := s.store.SlotHolder(ctx, n, scheme.Slot)
			if err != nil {
				return err
			}
			var e *shebao.Enrollment
			if holder != nil && holder.Scheme == scheme.Code && holder.Status == shebao.EnrollSuspended {
				// Suspended after 减员 elsewhere: the record continues.
				e, err = s.store.ChangeEnrollment(ctx, holder.ID,
					shebao.ChangeRequest{Action: shebao.ActChangeEmp, Date: date, Employer: code, Reason: "增员"})
			} else {
				e, err = s.enroll(ctx, shebao.EnrollRequest{IDNo: n, Scheme: scheme.Code, Employer: code, Date: date, Reason: "增员"})
			}
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return s.store.StartEmployment(ctx, n, code, date, req.RuralContract)
	})
	return out, err
}

// Leave is 减员: the person leaves the employer; contributions through it
// stop (暂停缴费) until another employer takes the person on.
func (s *Service) Leave(ctx context.Context, idNo string, uscc string, date string, reason string) ([]*shebao.Enrollment, error) {
	var out []*shebao.Enrollment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		out = nil
		n, code, err := s.employee(ctx, idNo, uscc, shebao.PersonNotFound)
		if err != nil {
			return err
		}
		if _, err := shebao.ParseDate("减员日期", date); err != nil {
			return err
		}
		ended, err := s.store.EndEmployment(ctx, n, code, date, reason)
		if err != nil {
			return err
		}
		if !ended {
			return shebao.Errorf(shebao.ENOTFOUND, "该人员不是单位%s的在职参保职工", code)
		}
		ids, err := s.store.ActiveEnrollmentIDs(ctx, n, code)
		if err != nil {
			return err
		}
		for _, id := range ids {
			e, err := s.store.ChangeEnrollment(ctx, id, shebao.ChangeRequest{Action: shebao.ActSuspend, Date: date, Reason: "减员:" + reason})
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// employee canonicalises the numbers of a 增员 or 减员 and checks that the
// person is registered in the actor's jurisdiction (else missing(idNo)).
func (s *Service) employee(ctx context.Context, idNo, uscc string, missing func(string) error) (string, string, error) {
	n, err := shebao.CanonicalIDNo(idNo)
	if err != nil {
		return "", "", err
	}
	code, err := shebao.CanonicalUSCC(uscc)
	if err != nil {
		return "", "", err
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return "", "", err
	}
	d, err := s.store.EnrollmentData(ctx, []string{n}, nil, nil)
	if err != nil {
		return "", "", err
	}
	if p := d.Persons[n]; p == nil || !j.Contains(p.Region) {
		return "", "", missing(n)
	}
	return n, code, nil
}

// FindEnrollments lists enrollments within the actor's jurisdiction.
func (s *Service) FindEnrollments(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error) {
	return s.store.FindEnrollments(ctx, f)
}

// FindEnrollment returns one enrollment with its history.
func (s *Service) FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error) {
	return s.store.FindEnrollment(ctx, id)
}

// ImportEnrollments enrolls a chunk of requests from an import in one unit
// of work, set-based: what the chunk refers to is read at once
// (EnrollmentData), every row is decided in memory by the same rules as
// Enroll (shebao.PlanEnrollment), later rows seeing earlier ones, and the
// new rows are written in bulk. A row that breaks a rule is rejected with
// its reason and the others still land. A row that repeats an open
// enrollment exactly (shebao.Repeats) is unchanged, so importing the same
// file twice changes nothing.
func (s *Service) ImportEnrollments(ctx context.Context, run string, reqs []shebao.EnrollRequest) (out []shebao.Outcome, errs []error, err error) {
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		j, err := s.store.Jurisdiction(ctx)
		if err != nil {
			return err
		}
		out, errs = make([]shebao.Outcome, len(reqs)), make([]error, len(reqs))
		// Canonical keys first; a bad number or code is the row's error.
		ids := make([]string, len(reqs))
		usccs := make([]string, len(reqs))
		schemes := make([]*shebao.Scheme, len(reqs))
		var given []string
		for i, req := range reqs {
			if req.Household != "" {
				given = append(given, req.Household)
			}
			sc, ok := shebao.FindScheme(req.Scheme)
			if !ok {
				errs[i] = shebao.FieldErrorf("险种", "未知险种“%s”", req.Scheme)
				continue
			}
			schemes[i] = sc
			if ids[i], err = shebao.CanonicalIDNo(req.IDNo); err != nil {
				errs[i] = err
				continue
			}
			if req.Employer != "" {
				if usccs[i], err = shebao.CanonicalUSCC(req.Employer); err != nil {
					errs[i] = err
				}
			}
		}
		d, err := s.store.EnrollmentData(ctx, nonEmpty(ids), nonEmpty(usccs), nonEmpty(given))
		if err != nil {
			return err
		}
		hh := newHouseholds(d)
		var plan []*shebao.Enrollment
		var planReqs []shebao.EnrollRequest
		for i, req := range reqs {
			if errs[i] != nil {
				continue
			}
			scheme, id := schemes[i], ids[i]
			req.IDNo, req.Employer = id, usccs[i]
			key := shebao.HolderKey(id, scheme.Slot)
			holder := d.Holders[key]
			if holder != nil && shebao.Repeats(holder, scheme, req) {
				out[i] = shebao.Unchanged
				continue
			}
			f := shebao.EnrollFacts{Jurisdiction: j, Scheme: scheme, Person: d.Persons[id], Employer: d.Employers[usccs[i]], Holder: holder}
			n, expire, err := shebao.PlanEnrollment(req, f)
			if err != nil {
				errs[i] = err
				continue
			}
			if scheme.Household {
				if n.Household, err = hh.resolve(f.Person, req.Household); err != nil {
					errs[i] = err
					continue
				}
			}
			if expire != nil {
				if err := s.store.CloseEnrollment(ctx, expire, shebao.ActTerminate, shebao.EnrollEnded,
					shebao.ExpiryDate(expire.Year), shebao.EndExpired); err != nil {
					return err
				}
			}
			d.Holders[key] = n
			plan = append(plan, n)
			if req.Status != "" && req.StatusDate == "" {
				req.StatusDate = req.Date
			}
			planReqs = append(planReqs, req)
			out[i] = shebao.Created
		}
		if err := hh.write(ctx, s.store); err != nil {
			return err
		}
		if err := s.store.ImportEnrollmentRows(ctx, run, plan, planReqs); err != nil {
			return err
		}
		// Imported employees are the employer's employees (employments.go).
		return s.store.RecordEmployments(ctx, importedEmployments(plan, planReqs))
	})
	return out, errs, err
}

// nonEmpty returns the distinct non-empty keys, in their first order.
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
