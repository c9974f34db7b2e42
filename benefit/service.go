// Package benefit is 待遇, money out: the determination of pensions and the
// other benefits (unemployment, maternity, work injury), a person's benefits
// and their changes, the monthly payroll with its back pays (补发) and the
// retirees' medical account credit, the yearly adjustment, and overpayments
// (多发待遇) with their recovery and write-off.
//
// The rules are here and in policy; the store (sqldb) reads what a rule
// needs and writes its outcome, set-based where a batch needs it, inside
// the units of work this service opens (Store.InTx). The batch jobs — the
// payroll, its back pays, the retirees' credit, the yearly adjustment — run
// on the one batch runner (package batch).
package benefit

import (
	"context"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
// Every method enforces the actor's jurisdiction and rights, and joins the
// unit of work of its context.
type Store interface {
	batch.Store // InTx and the run records
	PolicySet(ctx context.Context) (*policy.Set, error)

	// Determinations: what they read of a person's record.
	DeterminationPerson(ctx context.Context, idNo string) (*shebao.Person, error)
	PaidBillMonths(ctx context.Context, idNo, scheme, upto string) ([]shebao.ContributionMonth, error)
	FlexPensionMonths(ctx context.Context, idNo, upto string) ([]shebao.ContributionMonth, error)
	ContributionHistory(ctx context.Context, idNo, scheme string, uptoYear int) ([]shebao.ContributionYear, error)
	AccountBalance(ctx context.Context, fund, idNo string) (shebao.Money, error)
	// AccountYear returns the account's opening balance, credits of the
	// year up to the date through, and interest of the year (determine.go,
	// yearInterest).
	AccountYear(ctx context.Context, fund, idNo string, year int, through string) (*shebao.AccountYear, error)
	SchemeCoverage(ctx context.Context, idNo, scheme string) ([]shebao.SchemeCoverage, error)
	MaternityEmployer(ctx context.Context, idNo, uscc, date string, year int) (*shebao.EmployerWages, error)
	InjuryBases(ctx context.Context, idNo, from, to string) (shebao.Money, int64, error)
	// EndedEmployment returns the person's employment that ended last on
	// or before the date (nil when none), with the months of it the
	// employer paid 210 for.
	EndedEmployment(ctx context.Context, idNo, date string) (*shebao.EndedEmployment, error)
	AuditBenefitPreview(ctx context.Context, idNo, region, source string) error
	SubmitDetermination(ctx context.Context, b shebao.NewBenefit) (*shebao.Approval, error)

	// Benefits.
	CreateBenefits(ctx context.Context, bs []shebao.NewBenefit) (created int, err error)
	StartBenefitEnrollment(ctx context.Context, idNo, scheme, month, reason string) error
	FindBenefits(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error)
	FindBenefit(ctx context.Context, id string) (*shebao.Benefit, error)
	ChangeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error)

	// The payroll.
	PayrollDeaths(ctx context.Context, month shebao.Period) (stopped, found int, err error)
	PayrollSkipped(ctx context.Context, month shebao.Period) (deceased, suspended int, err error)
	CountBenefits(ctx context.Context) (int, error)
	BenefitBound(ctx context.Context, kind, lo string, n int) (string, error)
	PayBenefits(ctx context.Context, req shebao.PayrollChunkRequest) (*shebao.PayrollChunkResult, error)
	PostBenefitEntries(ctx context.Context, es []*shebao.Entry) (int, error)
	MonthGroups(ctx context.Context, month shebao.Period, own []shebao.PayrollGroup, ownN int) ([]shebao.PayrollGroup, error)
	PendingReleaseBatches(ctx context.Context, month shebao.Period) (map[string]bool, error)
	SubmitBenefitApproval(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error)
	AuditPayrollRun(ctx context.Context, month shebao.Period, detail map[string]any) error
	PendingPaymentSums(ctx context.Context, month shebao.Period, batches []string) ([]shebao.FundSum, error)
	MarkReleased(ctx context.Context, month shebao.Period, batches []string) error
	CreditRetirees(ctx context.Context, req shebao.RetireeCreditRequest) (*shebao.RetireeCreditResult, error)
	PayrollTotals(ctx context.Context, month string, region string) (*shebao.PayrollSummary, error)
	FindPayments(ctx context.Context, f shebao.PaymentFilter) ([]*shebao.BenefitPayment, int, error)
	EachPayment(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BenefitPayment) error) error

	// Back payments.
	BackPayCandidates(ctx context.Context, since time.Time) ([]string, error)
	BackPayDue(ctx context.Context, lo, hi string) ([]shebao.BackPayDue, error)
	RecordBackPays(ctx context.Context, lo, hi string, bs []shebao.NewBackPay) (*shebao.BackPayBatch, error)
	BackPayGroups(ctx context.Context, month shebao.Period) ([]shebao.PayrollGroup, error)
	BackPayTotals(ctx context.Context, month shebao.Period) ([]shebao.PayrollGroup, error)
	PendingBackPaySums(ctx context.Context, month shebao.Period, batches []string) ([]shebao.FundSum, error)
	CancelledInRelease(ctx context.Context, month shebao.Period, batches []string) (int, shebao.Money, error)
	FindBackPays(ctx context.Context, f shebao.BackPayFilter) ([]*shebao.BackPay, int, error)
	EachBackPay(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BackPayLine) error) error

	// The yearly adjustment.
	AuthorizeAdjustment(ctx context.Context) error
	AdjustmentCounts(ctx context.Context, yearStart, from, source string) (already, later int, err error)
	AdjustmentCandidates(ctx context.Context, yearStart, prev, from, source, lo, hi string) ([]shebao.PensionToAdjust, error)
	AddBenefitAmounts(ctx context.Context, year int, from string, as []shebao.AdjustedAmount) (added int, increase shebao.Money, err error)
	LastPaidMonth(ctx context.Context, kind, from string) (string, error)

	// Overpayments.
	DetectOverpayments(ctx context.Context) (int, error)
	FindOverpayments(ctx context.Context, f shebao.OverpaymentFilter) ([]*shebao.Overpayment, int, shebao.Money, error)
	OpenOverpayment(ctx context.Context, benefitID string, month shebao.Period) (*shebao.Overpayment, error)
	// OverpaymentByReceipt: the overpayment recovered under a voucher, or nil.
	OverpaymentByReceipt(ctx context.Context, receipt string) (*shebao.Overpayment, error)
	OverpaidPayment(ctx context.Context, benefitID string, month shebao.Period) (*shebao.BenefitPayment, error)
	SettleOverpayment(ctx context.Context, o *shebao.Overpayment, status, date, reason string) error
	ReturnToAccount(ctx context.Context, date, source, description string, m shebao.AccountMovement) error
	PendingWriteOff(ctx context.Context, benefitID, month string) (*shebao.Approval, error)
}

// Service determines and pays benefits.
type Service struct {
	store  Store
	runner *batch.Runner
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, runner: batch.New(store)} }

// SubmitDetermination puts a computed entitlement into the approval queue
// (经办): it is created, and paid, only when another clerk approves it
// (复核).
func (s *Service) SubmitDetermination(ctx context.Context, b shebao.NewBenefit) (*shebao.Approval, error) {
	var err error
	if b.BankAccount, err = shebao.NormalizeBankAccount("bank_account", b.BankAccount); err != nil {
		return nil, err
	}
	return s.store.SubmitDetermination(ctx, b)
}

// CreateBenefits creates entitlements that need no approval (a land
// batch's allowances), or that a caller has already approved. An
// entitlement already created from the same source is left as it is: the
// count is of the new ones.
func (s *Service) CreateBenefits(ctx context.Context, bs []shebao.NewBenefit) (created int, err error) {
	for i := range bs {
		if bs[i].BankAccount, err = shebao.NormalizeBankAccount("bank_account", bs[i].BankAccount); err != nil {
			return 0, err
		}
	}
	return s.store.CreateBenefits(ctx, bs)
}

// FindBenefits lists benefits in the actor's jurisdiction. A list for one
// person is an audited read of that person's record.
func (s *Service) FindBenefits(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error) {
	return s.store.FindBenefits(ctx, f)
}

// FindBenefit returns one benefit with its amounts over time (an audited
// read of personal data).
func (s *Service) FindBenefit(ctx context.Context, id string) (*shebao.Benefit, error) {
	return s.store.FindBenefit(ctx, id)
}

// ChangeBenefit suspends, resumes or stops a benefit (暂停、恢复、终止发放)
// with a reason (shebao.Benefit.Change). A stop ends the benefit with the
// month before the given month.
func (s *Service) ChangeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error) {
	return s.store.ChangeBenefit(ctx, id, ch)
}

// PayrollTotals returns the month's payroll in the actor's jurisdiction
// (narrowed to region if given): totals by scheme, kind and status.
func (s *Service) PayrollTotals(ctx context.Context, month string, region string) (*shebao.PayrollSummary, error) {
	return s.store.PayrollTotals(ctx, month, region)
}

// FindPayments lists a month's payments in the actor's jurisdiction, one
// page, ordered by region, ID number and benefit. The read of personal
// data is audited (one entry per page).
func (s *Service) FindPayments(ctx context.Context, f shebao.PaymentFilter) ([]*shebao.BenefitPayment, int, error) {
	return s.store.FindPayments(ctx, f)
}

// EachPayment streams a month's payments in the actor's jurisdiction, in
// the order of FindPayments, to fn: for the bank disbursement file (代发
// 文件), which carries full ID numbers and accounts: for roles that may
// see full numbers (FullID or Reveal), and audited as a read_full. Limit
// and Offset are ignored.
func (s *Service) EachPayment(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BenefitPayment) error) error {
	return s.store.EachPayment(ctx, f, fn)
}

// FindBackPays lists back payments in the actor's jurisdiction, one page,
// with ID numbers masked unless the role may see them. The read is audited.
func (s *Service) FindBackPays(ctx context.Context, f shebao.BackPayFilter) ([]*shebao.BackPay, int, error) {
	return s.store.FindBackPays(ctx, f)
}

// EachBackPay streams the back payments paid with the payroll of month
// (f.Month, the pay month) in the actor's jurisdiction to fn — those with
// the status f.Status (待发放 or 已发放; "" both; never the lowered months
// turned into overpayments, 转追回) — ordered by region, ID number, benefit
// and month: for the bank disbursement file (代发文件), which carries full ID
// numbers and accounts, so only for roles that may see full numbers and
// audited as a read_full. The account is the benefit's 收款账号 now.
// Scheme and Kind filter as for EachPayment; Limit and Offset are ignored.
func (s *Service) EachBackPay(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BackPayLine) error) error {
	return s.store.EachBackPay(ctx, f, fn)
}

// DetectOverpayments finds the payments made after a person's death in the
// actor's jurisdiction (a death recorded after the payroll), stops the
// deceased persons' benefits, and returns how many overpayments are new.
// It is set-based in the store, as every payroll run and every
// death-register match does it.
func (s *Service) DetectOverpayments(ctx context.Context) (int, error) {
	return s.store.DetectOverpayments(ctx)
}

// FindOverpayments lists overpayments in the actor's jurisdiction, one
// page, with the total count and amount of the selection.
func (s *Service) FindOverpayments(ctx context.Context, f shebao.OverpaymentFilter) ([]*shebao.Overpayment, int, shebao.Money, error) {
	return s.store.FindOverpayments(ctx, f)
}
