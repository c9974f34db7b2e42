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
	// DecideApprovalWith is DecideApproval with what a rejection does
	// (reject, nil for nothing), in the rejecting unit of work.
	DecideApprovalWith(ctx context.Context, id string, approve bool, note string,
		execute func(ctx context.Context, ap *shebao.Approval) (string, error),
		reject func(ctx context.Context, ap *shebao.Approval) error) (*shebao.Approval, error)
}

// Executor carries out an approved operation from its payload, in the
// approving unit of work (ctx carries it), and says what it did in a
// Chinese sentence.
type Executor func(ctx context.Context, payload []byte) (string, error)

// Executors is the table of what each approval kind does when approved.
type Executors map[string]Executor

// Rejecter is what a rejection (退回) of a kind does beyond recording it,
// in the rejecting unit of work (ctx carries it), with the checker's note:
// for most kinds nothing (the maker corrects and submits again); a kind
// whose rejection is a final decision (a 低保 application refused by the
// district) closes its record here.
type Rejecter func(ctx context.Context, payload []byte, note string) error

// Rejecters is the table of what a rejection does, by kind; a kind not in
// it is only recorded as rejected.
type Rejecters map[string]Rejecter

// Service keeps the approval queue.
type Service struct {
	store     Store
	executors Executors
	rejecters Rejecters
}

// UseRejecters sets what a rejection of each listed kind does (app wires
// it next to the executors).
func (s *Service) UseRejecters(r Rejecters) { s.rejecters = r }

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
	return s.store.DecideApprovalWith(ctx, id, approve, note, s.execute, s.reject)
}

func (s *Service) reject(ctx context.Context, ap *shebao.Approval) error {
	if rej, ok := s.rejecters[ap.Kind]; ok {
		return rej(ctx, ap.Payload, ap.Note)
	}
	return nil
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
