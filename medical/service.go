// Package medical is 医疗保障: hospital and outpatient claims reimbursed by the
// employees' (310) and residents' (390) medical insurance, the individual
// medical account, and the monthly settlement with hospitals.
package medical

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx, the run records of the hospital settlement (batch.Runner).
	batch.Store
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)

	// ClaimData reads what settling claims of the persons with the
	// settlement numbers needs; the actor must be allowed to settle.
	ClaimData(ctx context.Context, ids, numbers []string) (*shebao.ClaimData, error)
	// MedicalAidData reads, after ClaimData in the same unit of work, what
	// deciding the persons' medical assistance needs (medaid.go).
	MedicalAidData(ctx context.Context, ids []string) (*shebao.MedicalAidData, error)
	// AccountBalances are the persons' individual-account balances.
	AccountBalances(ctx context.Context, fund string, ids []string) (map[string]shebao.Money, error)
	// WriteClaims writes settled claims with their entries and movements.
	WriteClaims(ctx context.Context, rs []shebao.ClaimRecord, entries []*shebao.Entry, moves []shebao.AccountMovement) error
	FindClaims(ctx context.Context, f shebao.ClaimFilter) ([]*shebao.Claim, int, error)
	FindClaim(ctx context.Context, id string) (*shebao.Claim, error)

	// ClaimGroups counts the unsettled claims discharged before the date
	// per hospital and scheme, in the jurisdiction.
	ClaimGroups(ctx context.Context, before string) ([]shebao.ClaimGroup, error)
	// CreateSettlements makes the month's settlement of each group from
	// its unsettled claims, and returns them with their sums.
	CreateSettlements(ctx context.Context, month shebao.Period, before string, groups []shebao.ClaimGroup) ([]*shebao.HospitalSettlement, error)
	// DescribeSettlements stores the settlements' figures and explanation.
	DescribeSettlements(ctx context.Context, list []*shebao.HospitalSettlement) error
	SettlementsByID(ctx context.Context, ids []string) ([]*shebao.HospitalSettlement, error)
	MonthSettlements(ctx context.Context, month shebao.Period) ([]*shebao.HospitalSettlement, error)
	// PendingSettlementPayments are the payloads of payments waiting for
	// approval.
	PendingSettlementPayments(ctx context.Context) ([][]byte, error)
	SubmitSettlementPayment(ctx context.Context, region, summary string, payload any) (*shebao.Approval, error)
	// RecordHospitalSettlement audits a run.
	RecordHospitalSettlement(ctx context.Context, month shebao.Period, detail map[string]any) error
	// PaySettlements posts the payment and marks the settlements paid.
	PaySettlements(ctx context.Context, ids []string, entries []*shebao.Entry) error
	FindSettlements(ctx context.Context, f shebao.SettlementFilter) ([]*shebao.HospitalSettlement, error)
}

// Service reimburses medical costs and settles with hospitals.
type Service struct {
	store  Store
	runner *batch.Runner
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, runner: batch.New(store)} }

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

// FindSettlements lists the settlements with hospitals (what was paid or is
// to be paid per hospital), by month, hospital and scheme.
func (s *Service) FindSettlements(ctx context.Context, f shebao.SettlementFilter) ([]*shebao.HospitalSettlement, error) {
	return s.store.FindSettlements(ctx, f)
}
