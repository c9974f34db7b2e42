// Package collect is 征缴, money in: employers' declarations and the monthly
// assessment (核定), bills, bank payments and their allocation, late fees,
// 暂收款, refunds and corrections; flexible employment (灵活就业), residents'
// annual contributions, the 村改居 lump sums, and the contribution history
// migrated from earlier systems.
package collect

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
// Its money-in methods are data access: they read what a rule needs and
// write its outcome, keeping the jurisdiction scope, the authorization
// and the audit append; the rules are the service's.
type Store interface {
	// InTx runs fn as one unit of work (store calls with its context join
	// it); PolicySet is the parameters in force.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	PolicySet(ctx context.Context) (*policy.Set, error)

	ImportDeclarations(ctx context.Context, run string, ds []shebao.Declaration) (out []shebao.Outcome, errs []error, err error)
	Assess(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error)
	FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error)
	ImportContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) (out []shebao.Outcome, errs []error, err error)
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
	BillOf(ctx context.Context, payer *shebao.Payer, period shebao.Period) (*shebao.OpenBill, error)
	BillSchemes(ctx context.Context, payer *shebao.Payer, periods []shebao.Period) (due, allocated map[shebao.Period]map[string]shebao.Money, err error)
	AllocatedByScheme(ctx context.Context, payer *shebao.Payer, paymentIDs []string) (map[shebao.Period]map[string]shebao.Money, error)
	AllocationSeqs(ctx context.Context, payer *shebao.Payer) (map[string]int, error)
	Allocate(ctx context.Context, payer *shebao.Payer, rows []shebao.AllocationRow) error
	BillReversals(ctx context.Context, payer *shebao.Payer, period shebao.Period) (int, error)
	BillAccountLines(ctx context.Context, payer *shebao.Payer, period shebao.Period) ([]shebao.AccountMovement, error)
	// Late fees (sqldb/latefees.go).
	InsertLateFees(ctx context.Context, payer *shebao.Payer, rows []shebao.LateFeeRow) error
	InsertFeeCollections(ctx context.Context, payer *shebao.Payer, rows []shebao.FeeCollection) error
	FeeTotals(ctx context.Context, payer *shebao.Payer) (assessed, collected map[string]shebao.Money, err error)
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

	// Flexible employment (sqldb/flex.go).
	FlexBasesOf(ctx context.Context, idNo string) ([]shebao.FlexBase, error)
	InsertFlexBase(ctx context.Context, fb shebao.FlexBase, region string) error
	FlexBasesInForce(ctx context.Context, period shebao.Period) ([]shebao.FlexBaseInForce, error)
	InsertFlexBills(ctx context.Context, period shebao.Period, bills []shebao.FlexBillRow) (int, error)

	RegisterConversion(ctx context.Context, region string, convertedOn string) (*shebao.VillageConversion, error)
	JoinConversion(ctx context.Context, region string, ids []string) (int, []error, error)
	RecordLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) (*shebao.LumpSumPerson, bool, error)
	ImportLumpSumPayments(ctx context.Context, run string, ps []shebao.LumpSumPayment) (out []shebao.Outcome, errs []error, err error)
	ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error)
	ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error)
	RecordResidentContribution(ctx context.Context, c shebao.ResidentContribution) (*shebao.ResidentContribution, bool, error)
	ImportResidentContributions(ctx context.Context, run string, cs []shebao.ResidentContribution) (out []shebao.Outcome, errs []error, err error)
	ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error)
}

// Service collects contributions from every payer.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// ImportDeclarations stores a chunk of monthly wage declarations. A
// declaration is accepted only for a person enrolled, and paying
// (参保缴费), in an employee scheme through that employer by the end of the
// month: 增员 comes first. Declaring the same wage again is unchanged; a
// different wage replaces the earlier one (the audit keeps both).
func (s *Service) ImportDeclarations(ctx context.Context, run string, ds []shebao.Declaration) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportDeclarations(ctx, run, ds)
}

// Assess runs the monthly assessment (核定) for the employers in the
// actor's jurisdiction, set-based, in one transaction: each declared wage is
// clamped to the base floor and ceiling of the employer's region, and every
// employee scheme the person pays into through the employer gets a line with
// the employer and individual amounts at the rates in force (work injury by
// the employer's risk class); an employer that declared nothing while it has
// paying employees is assessed at 110% of its previous month (社会保险法
// 第六十二条). Lines are computed into a staging table and compared with the
// stored ones: only employers whose lines differ are rewritten, so running
// the assessment again changes nothing unless declarations changed.
// In the same unit of work, the 暂收款 held by employers in the
// jurisdiction goes to their bills not paid in full (suspense.go).
func (s *Service) Assess(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error) {
	var res *shebao.AssessResult
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if res, err = s.store.Assess(ctx, period); err != nil {
			return err
		}
		return s.applyCreditAfterAssessment(ctx)
	})
	return res, err
}

// FindBill returns an employer's bill for a month with every line and its
// explanation.
func (s *Service) FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error) {
	return s.store.FindBill(ctx, uscc, period)
}

// ImportContributionYears stores yearly contribution history (历年缴费记录
// 迁移), set-based: one read of the persons, one bulk upsert. A record for
// a person not registered or outside the jurisdiction is rejected with the
// reason; the others land. Importing the same file again changes nothing; a
// corrected record replaces the year (the audit entry lists the run).
func (s *Service) ImportContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportContributionYears(ctx, run, cs)
}

// ContributionYears returns a person's yearly history, oldest first.
func (s *Service) ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error) {
	return s.store.ContributionYears(ctx, idNo)
}

// RegisterConversion registers the conversion of a village on a date and
// fixes the per-person cost from the policy in force. Registering the
// same village again with the same date returns the registration; another
// date is ECONFLICT.
func (s *Service) RegisterConversion(ctx context.Context, region string, convertedOn string) (*shebao.VillageConversion, error) {
	return s.store.RegisterConversion(ctx, region, convertedOn)
}

// JoinConversion records persons of the village who opt into the lump
// sum. A person must be registered in the village; one who joined before is
// left as is; one who joined another village's conversion is refused. It
// returns the number added and an error per person (nil when fine).
func (s *Service) JoinConversion(ctx context.Context, region string, ids []string) (int, []error, error) {
	return s.store.JoinConversion(ctx, region, ids)
}

// RecordLumpSumPayment records money received for one person's lump sum
// in a transaction of its own; repeat = true when the receipt was recorded
// before (nothing changed).
func (s *Service) RecordLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) (*shebao.LumpSumPerson, bool, error) {
	return s.store.RecordLumpSumPayment(ctx, p)
}

// ImportLumpSumPayments records a chunk of lump-sum payments in one
// transaction, row by row (each locks its person): Created, Unchanged for
// a receipt recorded before, or the row's error.
func (s *Service) ImportLumpSumPayments(ctx context.Context, run string, ps []shebao.LumpSumPayment) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportLumpSumPayments(ctx, run, ps)
}

// ConversionQuote returns a converted village's registration and its
// persons with what each has paid (read audited).
func (s *Service) ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error) {
	return s.store.ConversionQuote(ctx, region)
}

// ConversionReports returns, for every converted village in the region
// (and the actor's jurisdiction), what its lump sums cost, what each party
// paid and the shortfall, with one GROUP BY.
func (s *Service) ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error) {
	return s.store.ConversionReports(ctx, region)
}

// RecordResidentContribution records one resident's annual contribution in
// a transaction of its own (see the top of this file) and returns it with
// its amounts and explanation; repeat = true when the receipt was recorded
// before (nothing changed).
func (s *Service) RecordResidentContribution(ctx context.Context, c shebao.ResidentContribution) (*shebao.ResidentContribution, bool, error) {
	return s.store.RecordResidentContribution(ctx, c)
}

// ImportResidentContributions records a chunk of contributions in one
// transaction: Created for a new receipt, Unchanged for one recorded
// before; a row that is invalid or refused gets its error.
func (s *Service) ImportResidentContributions(ctx context.Context, run string, cs []shebao.ResidentContribution) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportResidentContributions(ctx, run, cs)
}

// ResidentContributions returns a person's residents' contributions, newest
// year first (read audited).
func (s *Service) ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error) {
	return s.store.ResidentContributions(ctx, idNo)
}
