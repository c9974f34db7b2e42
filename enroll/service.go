// Package enroll is 参保登记: a person's enrollment in a scheme, its lifecycle
// (参保缴费 → 暂停缴费 / 转出 / 终止, → 享受待遇) and the employer's 增员 and 减员.
package enroll

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error)
	ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error)
	Hire(ctx context.Context, idNo string, uscc string, date string, schemes []string) ([]*shebao.Enrollment, error)
	Leave(ctx context.Context, idNo string, uscc string, date string, reason string) ([]*shebao.Enrollment, error)
	FindEnrollments(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error)
	FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error)
	ImportEnrollments(ctx context.Context, run string, reqs []shebao.EnrollRequest) (out []shebao.Outcome, errs []error, err error)
}

// Service enrolls persons in schemes and keeps the lifecycle of each enrollment.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// Enroll is Enroll within a transaction.
func (s *Service) Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	return s.store.Enroll(ctx, req)
}

// ChangeEnrollment is ChangeEnrollment within a transaction.
func (s *Service) ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error) {
	return s.store.ChangeEnrollment(ctx, id, req)
}

// Hire is 增员: the employer takes on the person, who joins the employee
// schemes (by default all five, 五险) through it. A scheme the person is
// suspended in continues with the new employer; one the person is active in
// with another employer is a conflict (one employer at a time).
func (s *Service) Hire(ctx context.Context, idNo string, uscc string, date string, schemes []string) ([]*shebao.Enrollment, error) {
	return s.store.Hire(ctx, idNo, uscc, date, schemes)
}

// Leave is 减员: the person leaves the employer; contributions through it
// stop (暂停缴费) until another employer takes the person on.
func (s *Service) Leave(ctx context.Context, idNo string, uscc string, date string, reason string) ([]*shebao.Enrollment, error) {
	return s.store.Leave(ctx, idNo, uscc, date, reason)
}

// FindEnrollments lists enrollments within the actor's jurisdiction.
func (s *Service) FindEnrollments(ctx context.Context, f shebao.EnrollmentFilter) ([]*shebao.Enrollment, int, error) {
	return s.store.FindEnrollments(ctx, f)
}

// FindEnrollment returns one enrollment with its history.
func (s *Service) FindEnrollment(ctx context.Context, id string) (*shebao.Enrollment, error) {
	return s.store.FindEnrollment(ctx, id)
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
func (s *Service) ImportEnrollments(ctx context.Context, run string, reqs []shebao.EnrollRequest) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportEnrollments(ctx, run, reqs)
}
