// Package report is statistics: the indicators of a jurisdiction that the
// work reports quote.
package report

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	Stats(ctx context.Context, region string) (*shebao.Stats, error)
}

// Service computes statistics.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// Stats counts persons, insured persons, pension coverage and open
// enrollments in region (any accepted form of the code; "" is the actor's
// jurisdiction), and the same person counts for each child region. The
// actor's role must read statistics.
func (s *Service) Stats(ctx context.Context, region string) (*shebao.Stats, error) {
	return s.store.Stats(ctx, region)
}
