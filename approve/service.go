// Package approve is the maker-checker queue (经办 → 复核): operations that
// change entitlements or money wait for a second user, who decides them.
package approve

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	FindApprovals(ctx context.Context, status string, limit int) ([]*shebao.Approval, error)
	DecideApproval(ctx context.Context, id string, approve bool, note string) (*shebao.Approval, error)
}

// Service keeps the approval queue.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// FindApprovals lists approvals in the actor's jurisdiction with the status
// (default: pending), oldest first: only those of kinds whose subject the
// actor may read (shebao.Actor.MaySee), so that the queue shows nobody a
// record their role could not open.
func (s *Service) FindApprovals(ctx context.Context, status string, limit int) ([]*shebao.Approval, error) {
	return s.store.FindApprovals(ctx, status, limit)
}

// DecideApproval approves or rejects a pending operation (复核). The checker
// must be another user than the maker, allowed to do the operation, and
// have it in their jurisdiction. An approved operation is carried out in the
// same transaction: if it fails, nothing is recorded and it stays pending.
func (s *Service) DecideApproval(ctx context.Context, id string, approve bool, note string) (*shebao.Approval, error) {
	return s.store.DecideApproval(ctx, id, approve, note)
}
