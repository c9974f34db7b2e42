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
type Store interface {
	batch.Store
	PolicySet(ctx context.Context) (*policy.Set, error)

	// Declarations (declarations.go).
	DeclarationFacts(ctx context.Context, ds []shebao.Declaration) (*shebao.DeclarationFacts, error)
	SaveDeclarations(ctx context.Context, run string, fresh []shebao.Declaration, changed []shebao.DeclarationChange) error
	// The assessment (assess.go).
	AssessmentRegions(ctx context.Context, period shebao.Period) ([]string, error)
	StageAssessment(ctx context.Context, period shebao.Period, p policy.AssessParams) (*shebao.AssessStaged, error)
	WriteAssessment(ctx context.Context, period shebao.Period, st *shebao.AssessStaged, rewrite []string) error
	AssessmentTotals(ctx context.Context, period shebao.Period) (*shebao.AssessResult, error)
	ApplyCreditsAfterAssessment(ctx context.Context) error
	RecordAssessment(ctx context.Context, res *shebao.AssessResult) error

	FindBill(ctx context.Context, uscc string, period shebao.Period) (*shebao.Bill, error)
	RegisterFlexBase(ctx context.Context, fb shebao.FlexBase) error
	ImportFlexBases(ctx context.Context, fbs []shebao.FlexBase) (out []shebao.Outcome, errs []error, err error)
	AssessFlex(ctx context.Context, period shebao.Period) (int, error)
	RecordFlexPayment(ctx context.Context, receipt string, idNo string, amount shebao.Money, paidOn string) (*shebao.FlexPaymentResult, error)
	FlexArrears(ctx context.Context, idNo string, asOf string) ([]shebao.Arrear, error)
	RecordFlexCorrection(ctx context.Context, r shebao.FlexCorrectionRequest) (*shebao.Approval, error)
	RecordFlexRefund(ctx context.Context, r shebao.FlexRefundRequest) (*shebao.Approval, error)
	// Contribution history (history.go).
	ContributionYearFacts(ctx context.Context, run string, ids []string) (*shebao.YearFacts, error)
	SaveContributionYears(ctx context.Context, run string, cs []shebao.ContributionYear) error
	ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error)
	LateFees(ctx context.Context, uscc string, period shebao.Period) (*shebao.LateFeeStatus, error)
	BillWithLateFee(ctx context.Context, uscc string, period shebao.Period) (*shebao.BillLateFee, error)
	RegisterConversion(ctx context.Context, region string, convertedOn string) (*shebao.VillageConversion, error)
	JoinConversion(ctx context.Context, region string, ids []string) (int, []error, error)
	RecordLumpSumPayment(ctx context.Context, p shebao.LumpSumPayment) (*shebao.LumpSumPerson, bool, error)
	ImportLumpSumPayments(ctx context.Context, run string, ps []shebao.LumpSumPayment) (out []shebao.Outcome, errs []error, err error)
	ConversionQuote(ctx context.Context, region string) (*shebao.VillageConversion, []*shebao.LumpSumPerson, error)
	ConversionReports(ctx context.Context, region string) ([]shebao.ConversionReport, error)
	RecordPayment(ctx context.Context, p shebao.Payment) (*shebao.PaymentResult, error)
	ImportPayments(ctx context.Context, run string, ps []shebao.Payment) (out []shebao.Outcome, errs []error, err error)
	Arrears(ctx context.Context, uscc string, asOf string) ([]shebao.Arrear, shebao.Money, shebao.Money, error)
	RecordRefund(ctx context.Context, r shebao.RefundRequest) (*shebao.Approval, error)
	RecordCorrection(ctx context.Context, r shebao.CorrectionRequest) (*shebao.Approval, error)
	Suspense(ctx context.Context, uscc string) ([]shebao.CreditHeld, shebao.Money, error)
	ApplyCredit(ctx context.Context, uscc string, date string) (*shebao.CreditResult, error)
	RecordResidentContribution(ctx context.Context, c shebao.ResidentContribution) (*shebao.ResidentContribution, bool, error)
	ImportResidentContributions(ctx context.Context, run string, cs []shebao.ResidentContribution) (out []shebao.Outcome, errs []error, err error)
	ResidentContributions(ctx context.Context, idNo string) ([]*shebao.ResidentContribution, error)
	ExecuteRefund(ctx context.Context, payload []byte) (string, error)
	ExecuteCorrection(ctx context.Context, payload []byte) (string, error)
	ExecuteFlexCorrection(ctx context.Context, payload []byte) (string, error)
	ExecuteFlexRefund(ctx context.Context, payload []byte) (string, error)
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

// RegisterFlexBase records a chosen base. The base must lie within the
// floor and ceiling in force for the person's region in the first month;
// outside it is refused with the field and the limits. Ranges of one person
// may not overlap; the same registration again changes nothing.
func (s *Service) RegisterFlexBase(ctx context.Context, fb shebao.FlexBase) error {
	return s.store.RegisterFlexBase(ctx, fb)
}

// ImportFlexBases registers a chunk of chosen bases in one transaction
// (the import and the API): a new registration is Created, the same one
// again Unchanged; a row that is invalid, of a person not registered, out
// of the limits or overlapping another range is rejected with its field
// and reason, and the other rows still land.
func (s *Service) ImportFlexBases(ctx context.Context, fbs []shebao.FlexBase) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportFlexBases(ctx, fbs)
}

// AssessFlex writes the personal bills of a month for every registered
// base covering it (in the actor's jurisdiction): amount = base × rate,
// account part = base × account rate, each explained; a base that the
// month's floor or ceiling no longer admits is clamped, and says so. A bill
// assessed before is kept as it is. It returns the bills written.
func (s *Service) AssessFlex(ctx context.Context, period shebao.Period) (int, error) {
	return s.store.AssessFlex(ctx, period)
}

// RecordFlexPayment records a person's bank receipt and allocates it to
// their unpaid personal bills oldest first; a bill paid in full credits
// its account part. The same receipt again changes nothing; with another
// person, amount or date it is ECONFLICT.
func (s *Service) RecordFlexPayment(ctx context.Context, receipt string, idNo string, amount shebao.Money, paidOn string) (*shebao.FlexPaymentResult, error) {
	return s.store.RecordFlexPayment(ctx, receipt, idNo, amount, paidOn)
}

// FlexArrears returns a person's personal bills overdue and unpaid on asOf
// with the late fee (late_fee.daily × days since the due date, 社会保险法
// 第八十六条), explained.
func (s *Service) FlexArrears(ctx context.Context, idNo string, asOf string) ([]shebao.Arrear, error) {
	return s.store.FlexArrears(ctx, idNo, asOf)
}

// RecordFlexCorrection submits the correction (冲正) of a personal payment
// for a second clerk's approval (kind flex.correct). Once approved, the
// payment is reversed in full: the person's bills, late fees, account and
// the ledger are as if it had never been recorded (by new rows and
// entries). The same request again returns the approval already made.
func (s *Service) RecordFlexCorrection(ctx context.Context, r shebao.FlexCorrectionRequest) (*shebao.Approval, error) {
	return s.store.RecordFlexCorrection(ctx, r)
}

// RecordFlexRefund submits the refund of a personal payment's 暂收款 for a
// second clerk's approval (kind flex.refund), checked against the payment
// as it is now (at most the 暂收款 it holds) and carried out when approved,
// checked again then. The same request (same voucher number) again returns
// the approval already made; another under that number is ECONFLICT.
func (s *Service) RecordFlexRefund(ctx context.Context, r shebao.FlexRefundRequest) (*shebao.Approval, error) {
	return s.store.RecordFlexRefund(ctx, r)
}

// ContributionYears returns a person's yearly history, oldest first.
func (s *Service) ContributionYears(ctx context.Context, idNo string) ([]shebao.ContributionYear, error) {
	return s.store.ContributionYears(ctx, idNo)
}

// LateFees returns the employer's late fees (滞纳金) assessed when money
// for its bills arrived late, oldest first, with what was paid of them and
// what is outstanding (collected by its next payment before any bill).
// period "" is every period.
func (s *Service) LateFees(ctx context.Context, uscc string, period shebao.Period) (*shebao.LateFeeStatus, error) {
	return s.store.LateFees(ctx, uscc, period)
}

// BillWithLateFee returns an employer's bill for a month (without its
// lines: they carry persons' numbers, `shebao bill` shows them) with its
// late fee. Late fees are paid per employer and fund, not per bill
// (collectLateFees); the employer's late fees paid are attributed to its
// bills oldest period first, so a bill's fee is paid once the fees of
// the months before it are.
func (s *Service) BillWithLateFee(ctx context.Context, uscc string, period shebao.Period) (*shebao.BillLateFee, error) {
	return s.store.BillWithLateFee(ctx, uscc, period)
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

// RecordPayment records one payment and allocates it, in one transaction
// (see the comment at the top of this file). The same receipt number again
// changes nothing and returns the earlier result; the same receipt with
// another employer, amount or date is ECONFLICT.
func (s *Service) RecordPayment(ctx context.Context, p shebao.Payment) (*shebao.PaymentResult, error) {
	return s.store.RecordPayment(ctx, p)
}

// ImportPayments records a chunk of payments (bank receipts) in one
// transaction: a new receipt is Created, a receipt recorded before
// Unchanged; a row that is invalid, of an unknown employer or contradicts
// an earlier receipt is rejected with its reason.
func (s *Service) ImportPayments(ctx context.Context, run string, ps []shebao.Payment) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportPayments(ctx, run, ps)
}

// Arrears returns an employer's bills overdue and not paid in full on asOf
// (YYYY-MM-DD; "" is today), oldest first, with each one's late fee:
// unpaid × the daily rate in force in the employer's region on asOf
// (late_fee.daily, 0.05%) × the days since the due date (社会保险法
// 第八十六条), explained in Chinese; and the totals of the unpaid amounts
// and of the late fees.
func (s *Service) Arrears(ctx context.Context, uscc string, asOf string) ([]shebao.Arrear, shebao.Money, shebao.Money, error) {
	return s.store.Arrears(ctx, uscc, asOf)
}

// RecordRefund submits a refund for approval (经办): it is checked against
// the payment as it is now (at most its 暂收款, or with a reason also what
// it allocated to bills) and carried out when another clerk approves it
// (复核), checked again then. The same request (same receipt number) again
// returns the approval already submitted or decided; another request under
// that receipt number is ECONFLICT.
func (s *Service) RecordRefund(ctx context.Context, r shebao.RefundRequest) (*shebao.Approval, error) {
	return s.store.RecordRefund(ctx, r)
}

// RecordCorrection submits the correction (冲正) of a payment for approval:
// once approved, the payment is reversed in full (what is left of it after
// refunds), and the employer's bills, arrears, late fees, individual
// accounts and ledger are as if it had never been recorded. The right
// payment is then recorded as a new payment with its own receipt number.
// The same request again returns the approval already made.
func (s *Service) RecordCorrection(ctx context.Context, r shebao.CorrectionRequest) (*shebao.Approval, error) {
	return s.store.RecordCorrection(ctx, r)
}

// Suspense returns the payments of an employer that hold 暂收款, oldest
// first, and their total.
func (s *Service) Suspense(ctx context.Context, uscc string) ([]shebao.CreditHeld, shebao.Money, error) {
	return s.store.Suspense(ctx, uscc)
}

// ApplyCredit applies the employer's 暂收款 to its bills not paid in full,
// oldest bill first, oldest payment first, and then what is left of it to
// the late fees outstanding (shebao payments apply). Nothing to apply is
// not an error; applying again changes nothing.
func (s *Service) ApplyCredit(ctx context.Context, uscc string, date string) (*shebao.CreditResult, error) {
	return s.store.ApplyCredit(ctx, uscc, date)
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

// ExecuteRefund carries out an approved a refund of contributions (shebao.ApprovePaymentRefund), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteRefund(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteRefund(ctx, payload)
}

// ExecuteCorrection carries out an approved a correction of a contribution payment (shebao.ApprovePaymentCorrect), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteCorrection(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteCorrection(ctx, payload)
}

// ExecuteFlexCorrection carries out an approved the correction of a flexible-employment payment (shebao.ApproveFlexCorrect), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteFlexCorrection(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteFlexCorrection(ctx, payload)
}

// ExecuteFlexRefund carries out an approved the refund of a flexible-employment payment (shebao.ApproveFlexRefund), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteFlexRefund(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteFlexRefund(ctx, payload)
}
