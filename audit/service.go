// Package audit reads and verifies the hash-chained audit log that every
// write and every read of personal data appends to.
package audit

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	VerifyAudit(ctx context.Context) (ok bool, firstBad int64, err error)
	CheckAudit(ctx context.Context) (*shebao.AuditCheck, error)
	RecordFullView(ctx context.Context, idNo string) error
	FindAudit(ctx context.Context, f shebao.AuditFilter) ([]*shebao.AuditEntry, error)
}

// Service reads and verifies the audit log.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// VerifyAudit checks the audit chain: ok, or the seq of the first bad entry.
func (s *Service) VerifyAudit(ctx context.Context) (ok bool, firstBad int64, err error) {
	return s.store.VerifyAudit(ctx)
}

// CheckAudit recomputes the audit chain from the first entry to the head
// and reports the first entry that does not fit: a changed field (its hash
// differs), a removed entry (a gap in seq, or a head beyond the last
// entry), entries swapped (hashes over seq and the previous hash differ),
// or a row inserted beside the chain (no seq). Only an administrator of
// the whole database may run it: it reads every entry.
func (s *Service) CheckAudit(ctx context.Context) (*shebao.AuditCheck, error) {
	return s.store.CheckAudit(ctx)
}

// RecordFullView audits that the actor was shown the full ID and phone
// numbers of a person (person.read_full), after checking that the person is
// in the actor's jurisdiction and that the role may see full numbers. The
// web layer calls it before it answers ?full=1.
func (s *Service) RecordFullView(ctx context.Context, idNo string) error {
	return s.store.RecordFullView(ctx, idNo)
}

// FindAudit returns audit entries, newest first, within the actor's scope.
// Only roles that read the audit log (administrators, auditors) may.
func (s *Service) FindAudit(ctx context.Context, f shebao.AuditFilter) ([]*shebao.AuditEntry, error) {
	return s.store.FindAudit(ctx, f)
}
