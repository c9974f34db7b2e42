// Package collect is 征缴, money in: employers' declarations and the monthly
// assessment (核定), bills, bank payments and their allocation, late fees,
// 暂收款, refunds and corrections; flexible employment (灵活就业), residents'
// annual contributions, the 村改居 lump sums, and the contribution history
// migrated from earlier systems.
package collect

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
// Its methods are data access: they read what a rule needs and write its
// outcome, keeping the jurisdiction scope, the authorization and the
// audit append; the rules are the service's.
type Store interface {
	batch.Store
	PolicySet(ctx context.Context) (*policy.Set, error)

	// Declarations (declarations.go).
	DeclarationFacts(ctx context.Context, ds []shebao.Declaration) (*shebao.DeclarationFacts, error)
	SaveDeclarations(ctx context.Context, run string, fresh []shebao.Declaration, changed []shebao.DeclarationChange) error
	// The assessment (assess.go).
	AssessmentRegions(ctx context.Context, period shebao.Period) ([]string, error)
	StageAssessment(ctx context.Context, period shebao.Period, p policy.AssessParams, employers []string) (*shebao.AssessStaged, error)
	WriteAssessment(ctx context.Context, period shebao.Period, st *shebao.AssessStaged, rewrite []string) error
	AssessmentTotals(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error)
	RecordAssessment(ctx context.Context, res *shebao.AssessResult) error
	FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error)
	// Contribution history (history.go).
	ContributionYearFacts(ctx context.Context, run string, ids []string) (*shebao.YearFacts, error)
	SaveContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) error
	ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error)

	// Payers and their payments (sqldb/payments.go). Keys are canonical.
	FindPayer(ctx context.Context, kind, key string, lock bool) (*shebao.Payer, error)
	PaymentsByReceipt(ctx context.Context, payerKind, receipt string) ([]shebao.Payment, error)
	InsertPayment(ctx context.Context, p *shebao.Payment) error
	PayerPayments(ctx context.Context, payer *shebao.Payer) ([]shebao.PaymentTotals, error)
	RecordedAllocations(ctx context.Context, paymentID string) ([]shebao.Allocation, shebao.Money, error)
	PayersHoldingCredit(ctx context.Context, payerKind string) ([]string, error)
	// Bills and allocations.
	OpenBills(ctx context.Context, payer *shebao.Payer) ([]shebao.OpenBill, error)
	BillsAsOf(ctx context.Context, payer *shebao.Payer, asOf string) ([]shebao.OpenBill, error)
	BillOf(ctx context.Context, payer *shebao.Payer, period shebao.Period) (*shebao.OpenBill, error)
	BillSchemes(ctx context.Context, payer *shebao.Payer, periods []shebao.Period) (due, allocated map[shebao.Period]map[string]shebao.Money, err error)
	AllocatedByScheme(ctx context.Context, payer *shebao.Payer, paymentIDs []string) (map[shebao.Period]map[string]shebao.Money, error)
	AllocationSeqs(ctx context.Context, payer *shebao.Payer) (map[string]int, error)
	Allocate(ctx context.Context, payer *shebao.Payer, rows []shebao.AllocationRow) error
	BillReversals(ctx context.Context, payer *shebao.Payer, period shebao.Period) (int, error)
	// The settlement of a month declared late (settle.go, sqldb/settle.go).
	UndeclaredBills(ctx context.Context, period shebao.Period, employers []string) ([]string, error)
	PeriodAllocations(ctx context.Context, payer *shebao.Payer, period shebao.Period) (map[string]map[string]shebao.Money, error)
	SupersedeBill(ctx context.Context, payer *shebao.Payer, period shebao.Period, run string, released, cancelled shebao.Money) error
	BillAccountLines(ctx context.Context, payer *shebao.Payer, period shebao.Period) ([]shebao.AccountMovement, error)
	// Late fees (sqldb/latefees.go).
	InsertLateFees(ctx context.Context, payer *shebao.Payer, rows []shebao.LateFeeRow) error
	InsertFeeCollections(ctx context.Context, payer *shebao.Payer, rows []shebao.FeeCollection) error
	FeeTotals(ctx context.Context, payer *shebao.Payer) (assessed, collected map[string]shebao.Money, err error)
	FeeTotalsAsOf(ctx context.Context, payer *shebao.Payer, asOf string) (assessed, collected map[string]shebao.Money, err error)
	FeesCollectedBy(ctx context.Context, payer *shebao.Payer, paymentIDs []string) (map[string]shebao.Money, error)
	LateFeesBy(ctx context.Context, payer *shebao.Payer, paymentID string) ([]shebao.LateFeeRow, error)
	NextFeeSeq(ctx context.Context, paymentID string) (int, error)
	LateFeeList(ctx context.Context, payer *shebao.Payer, period shebao.Period) ([]shebao.LateFee, error)
	LateFeesByPeriod(ctx context.Context, payer *shebao.Payer, upto shebao.Period) (map[shebao.Period]shebao.Money, error)
	// The ledger, approvals and the audit, for money in.
	PostMoneyIn(ctx context.Context, es []*shebao.Entry) error
	MoveAccountsMoneyIn(ctx context.Context, date, source, description string, ms []shebao.AccountMovement) error
	ReversalApprovals(ctx context.Context, kind string) ([]*shebao.Approval, error)
	SubmitReversal(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error)
	AuditMoneyIn(ctx context.Context, action, key, region string, after any) error
	AuditMoneyRead(ctx context.Context, action, key, region string, after any) error

	// Flexible employment (sqldb/flex.go).
	FlexBasesOf(ctx context.Context, idNo string) ([]shebao.FlexBase, error)
	InsertFlexBase(ctx context.Context, fb shebao.FlexBase, region string) error
	FlexBasesInForce(ctx context.Context, period shebao.Period) ([]shebao.FlexBaseInForce, error)
	InsertFlexBills(ctx context.Context, period shebao.Period, bills []shebao.FlexBillRow) (int, error)

	// Residents' contributions (sqldb/residents.go).
	ResidentFacts(ctx context.Context, ids, receipts []string) (*shebao.ResidentFacts, error)
	// MedicalAidData gives the persons' flag history (the 低保 and 五保 flags
	// as held in a contribution's year, residents_medaid.go).
	MedicalAidData(ctx context.Context, ids []string) (*shebao.MedicalAidData, error)
	InsertResidentContributions(ctx context.Context, cs []*shebao.ResidentContribution, years []shebao.ContributionYear,
		moves []shebao.AccountMovement, entries []*shebao.Entry) error
	InsertContributionYears(ctx context.Context, years []shebao.ContributionYear) error
	DeleteContributionYears(ctx context.Context, idNo, source string) error
	ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error)
	ResidentReceipt(ctx context.Context, receipt string) (*shebao.ResidentContribution, error)

	// Lump sums of converted villages (sqldb/lumpsum.go).
	RegionName(ctx context.Context, code string) (string, error)
	Conversion(ctx context.Context, region string) (*shebao.VillageConversion, error)
	InsertConversion(ctx context.Context, v *shebao.VillageConversion) error
	LumpSumCandidates(ctx context.Context, ids []string) (map[string]*shebao.Person, map[string]string, error)
	InsertLumpSumPersons(ctx context.Context, v *shebao.VillageConversion, ids []string) error
	LockLumpSum(ctx context.Context, id string) (*shebao.LumpSumPerson, error)
	LumpSumPerson(ctx context.Context, id string) (*shebao.LumpSumPerson, error)
	ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error)
	ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error)
}

// Service collects contributions from every payer.
type Service struct {
	store Store
	batch *batch.Runner
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, batch: batch.New(store)} }

// FindBill returns an employer's bill for a month with every line and its
// explanation.
func (s *Service) FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error) {
	return s.store.FindBill(ctx, uscc, period)
}

// ContributionYears returns a person's yearly history, oldest first.
func (s *Service) ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error) {
	return s.store.ContributionYears(ctx, idNo)
}
