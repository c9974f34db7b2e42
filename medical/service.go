// Package medical is 医疗保障: hospital and outpatient claims reimbursed by the
// employees' (310) and residents' (390) medical insurance, the individual
// medical account, and the monthly settlement with hospitals.
package medical

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	RecordClaim(ctx context.Context, c shebao.NewClaim) (claim *shebao.Claim, created bool, err error)
	ImportClaims(ctx context.Context, run string, cs []shebao.NewClaim) (out []shebao.Outcome, errs []error, err error)
	FindClaims(ctx context.Context, f shebao.ClaimFilter) ([]*shebao.Claim, int, error)
	FindClaim(ctx context.Context, id string) (*shebao.Claim, error)
	MedicalReport(ctx context.Context, region string, from string, to string) (*shebao.MedicalReport, error)
	SettleHospitals(ctx context.Context, month string) (*shebao.HospitalSettlementResult, error)
	FindSettlements(ctx context.Context, f shebao.SettlementFilter) ([]*shebao.HospitalSettlement, error)
	ExecuteHospitalSettlement(ctx context.Context, payload []byte) (string, error)
}

// Service reimburses medical costs and settles with hospitals.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// RecordClaim settles one claim (the API): created reports whether it is
// new; the same settlement again returns the stored claim.
func (s *Service) RecordClaim(ctx context.Context, c shebao.NewClaim) (claim *shebao.Claim, created bool, err error) {
	return s.store.RecordClaim(ctx, c)
}

// ImportClaims settles a chunk of claims of an import in one transaction:
// a new settlement is Created, one settled before Unchanged; a row that is
// invalid, of a person not enrolled, or contradicts a settled claim is
// rejected with its reason.
func (s *Service) ImportClaims(ctx context.Context, run string, cs []shebao.NewClaim) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportClaims(ctx, run, cs)
}

// FindClaims lists claims in the actor's jurisdiction, ordered by person
// and discharge date. A list for one person is an audited read of that
// person's record; a citizen sees only their own claims.
func (s *Service) FindClaims(ctx context.Context, f shebao.ClaimFilter) ([]*shebao.Claim, int, error) {
	return s.store.FindClaims(ctx, f)
}

// FindClaim returns one claim (an audited read of personal data).
func (s *Service) FindClaim(ctx context.Context, id string) (*shebao.Claim, error) {
	return s.store.FindClaim(ctx, id)
}

// MedicalReport computes the reimbursement indicators of a region (""
// for the actor's jurisdiction) over the discharge months from–to
// (YYYY-MM): per scheme, and per scheme and child region. The persons of a
// child region are counted by the region of each claim.
func (s *Service) MedicalReport(ctx context.Context, region string, from string, to string) (*shebao.MedicalReport, error) {
	return s.store.MedicalReport(ctx, region, from, to)
}

// SettleHospitals settles the month with the hospitals (see the top of
// this file). The actor must be a medical clerk of the district (or
// above): a hospital serves every town.
func (s *Service) SettleHospitals(ctx context.Context, month string) (*shebao.HospitalSettlementResult, error) {
	return s.store.SettleHospitals(ctx, month)
}

// FindSettlements lists the settlements with hospitals (what was paid or is
// to be paid per hospital), by month, hospital and scheme.
func (s *Service) FindSettlements(ctx context.Context, f shebao.SettlementFilter) ([]*shebao.HospitalSettlement, error) {
	return s.store.FindSettlements(ctx, f)
}

// ExecuteHospitalSettlement carries out an approved a month's settlement with the hospitals (shebao.ApproveHospitalSettlement), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteHospitalSettlement(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteHospitalSettlement(ctx, payload)
}
