// Package approve is the maker-checker queue (经办 → 复核): operations that
// change entitlements or money wait for a second user, who decides them.
// Who may submit, see and decide which kind is the root's rule
// (shebao.Actor.MaySubmit, MaySee, MayDecide); what an approved operation
// does is its capability's, listed in the Executors table that app wires.
package approve

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	FindApprovals(ctx context.Context, status string, limit int) ([]*shebao.Approval, error)
	DecideApproval(ctx context.Context, id string, approve bool, note string,
		execute func(ctx context.Context, ap *shebao.Approval) (string, error)) (*shebao.Approval, error)
}

// Executor carries out an approved operation from its payload, in the
// approving unit of work (ctx carries it), and says what it did in a
// Chinese sentence.
type Executor func(ctx context.Context, payload []byte) (string, error)

// Executors is the table of what each approval kind does when approved.
type Executors map[string]Executor

// Service keeps the approval queue.
type Service struct {
	store     Store
	executors Executors
}

// New returns the service over the store with the executors of every kind.
func New(store Store, executors Executors) *Service {
	return &Service{store: store, executors: executors}
}

// FindApprovals lists approvals in the actor's jurisdiction with the status
// (default: pending), oldest first: only those of kinds whose subject the
// actor may read.
func (s *Service) FindApprovals(ctx context.Context, status string, limit int) ([]*shebao.Approval, error) {
	return s.store.FindApprovals(ctx, status, limit)
}

// DecideApproval approves or rejects a pending operation (复核). An
// approved operation is carried out by its kind's executor in the same
// transaction: if it fails, nothing is recorded and it stays pending.
func (s *Service) DecideApproval(ctx context.Context, id string, approve bool, note string) (*shebao.Approval, error) {
	return s.store.DecideApproval(ctx, id, approve, note, s.execute)
}

func (s *Service) execute(ctx context.Context, ap *shebao.Approval) (string, error) {
	exec, ok := s.executors[ap.Kind]
	if !ok {
		return "", fmt.Errorf("no executor for approval kind %q", ap.Kind)
	}
	return exec(ctx, ap.Payload)
}

// Kinds lists the kinds that have an executor, for the test that every
// approval kind can be carried out.
func (s *Service) Kinds() []string {
	out := make([]string, 0, len(s.executors))
	for k := range s.executors {
		out = append(out, k)
	}
	return out
}
