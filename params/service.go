// Package params is the stored policy (政策参数): loading a policy file, the
// parameters in force, and the history of each parameter.
package params

import (
	"context"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	LoadPolicy(ctx context.Context, file string, sha string, ps []policy.Param) (*policy.Load, error)
	PolicySet(ctx context.Context) (*policy.Set, error)
	PolicyHistory(ctx context.Context, key string) ([]policy.Version, error)
}

// Service loads and serves the policy parameters.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// LoadPolicy stores validated parameters. A parameter is identified by key,
// region and start date: a new one is added, a changed one (end date,
// value, source or example mark) supersedes the stored row, which stays as
// history; parameters the file does not mention are left in force, so a
// district file may carry only its overrides. Loading the same file twice
// changes nothing.
func (s *Service) LoadPolicy(ctx context.Context, file string, sha string, ps []policy.Param) (*policy.Load, error) {
	return s.store.LoadPolicy(ctx, file, sha, ps)
}

// PolicySet returns the parameters in force (not superseded) as a lookup
// set. Periods and regions are resolved by policy.Set.
func (s *Service) PolicySet(ctx context.Context) (*policy.Set, error) {
	return s.store.PolicySet(ctx)
}

// PolicyHistory returns every stored value of a key, superseded ones
// included, oldest first.
func (s *Service) PolicyHistory(ctx context.Context, key string) ([]policy.Version, error) {
	return s.store.PolicyHistory(ctx, key)
}
