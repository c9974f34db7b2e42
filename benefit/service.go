// Package benefit is 待遇, money out: the determination of pensions and the
// other benefits (unemployment, maternity, work injury), a person's benefits
// and their changes, the monthly payroll with its back pays (补发), the
// yearly adjustment, and overpayments (多发待遇) with their recovery.
package benefit

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	CalcPension(ctx context.Context, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error)
	Determine(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error)
	SubmitDetermination(ctx context.Context, b shebao.NewBenefit) (*shebao.Approval, error)
	CreateBenefits(ctx context.Context, bs []shebao.NewBenefit) (created int, err error)
	FindBenefits(ctx context.Context, f shebao.BenefitFilter) ([]*shebao.Benefit, int, error)
	FindBenefit(ctx context.Context, id string) (*shebao.Benefit, error)
	ChangeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error)
	DetermineUnemployment(ctx context.Context, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error)
	DetermineMaternity(ctx context.Context, req shebao.MaternityRequest) (*shebao.OtherDetermination, error)
	DetermineInjury(ctx context.Context, req shebao.InjuryRequest) (*shebao.OtherDetermination, error)
	RunPayroll(ctx context.Context, month string, opts shebao.PayrollOptions) (*shebao.PayrollResult, error)
	PayrollTotals(ctx context.Context, month string, region string) (*shebao.PayrollSummary, error)
	FindPayments(ctx context.Context, f shebao.PaymentFilter) ([]*shebao.BenefitPayment, int, error)
	EachPayment(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BenefitPayment) error) error
	FindBackPays(ctx context.Context, f shebao.BackPayFilter) ([]*shebao.BackPay, int, error)
	EachBackPay(ctx context.Context, f shebao.PaymentFilter, fn func(*shebao.BackPayLine) error) error
	RunAdjustment(ctx context.Context, year int, fromMonth string) (*shebao.AdjustmentResult, error)
	DetectOverpayments(ctx context.Context) (int, error)
	FindOverpayments(ctx context.Context, f shebao.OverpaymentFilter) ([]*shebao.Overpayment, int, shebao.Money, error)
	RecoverOverpayment(ctx context.Context, benefitID string, month string) (*shebao.Overpayment, error)
	SubmitWriteOff(ctx context.Context, req shebao.WriteOffRequest) (*shebao.Approval, bool, error)
	ExecuteDetermination(ctx context.Context, payload []byte) (string, error)
	ExecutePayrollRelease(ctx context.Context, payload []byte) (string, error)
	ExecuteWriteOff(ctx context.Context, payload []byte) (string, error)
}

// Service determines and pays benefits.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// CalcPension computes a what-if employee pension (国发〔2005〕38号) from
// the figures given; what is not given comes from the policy in force.
// Fewer than 15 years is an error with the reason. Anyone who reads
// benefits may use it; it reads no personal record.
func (s *Service) CalcPension(ctx context.Context, req shebao.PensionCalcRequest) (*shebao.PensionCalc, error) {
	return s.store.CalcPension(ctx, req)
}

// Determine computes a pension of the kind from the person's record and the
// policy in force, and — unless req.Preview — submits it for approval
// (经办): the benefit is created when another clerk approves (复核).
func (s *Service) Determine(ctx context.Context, req shebao.DeterminationRequest) (*shebao.Determination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.store.Determine(ctx, req)
}

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
// with a reason. A stop ends the benefit with the month before the given
// month.
func (s *Service) ChangeBenefit(ctx context.Context, id string, ch shebao.BenefitChange) (*shebao.Benefit, error) {
	return s.store.ChangeBenefit(ctx, id, ch)
}

// DetermineUnemployment computes the unemployment benefit (see the top of
// this file) and, unless a preview, submits it for approval.
func (s *Service) DetermineUnemployment(ctx context.Context, req shebao.UnemploymentRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.store.DetermineUnemployment(ctx, req)
}

// DetermineMaternity computes the maternity allowance (see the top of this
// file) and, unless a preview, submits it for approval.
func (s *Service) DetermineMaternity(ctx context.Context, req shebao.MaternityRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.store.DetermineMaternity(ctx, req)
}

// DetermineInjury computes the work-injury lump sum (see the top of this
// file) and, unless a preview, submits it for approval.
func (s *Service) DetermineInjury(ctx context.Context, req shebao.InjuryRequest) (*shebao.OtherDetermination, error) {
	var err error
	if req.BankAccount, err = shebao.NormalizeBankAccount("bank_account", req.BankAccount); err != nil {
		return nil, err
	}
	return s.store.DetermineInjury(ctx, req)
}

// RunPayroll pays the month's benefits in the actor's jurisdiction (see
// the comment at the top of this file) and submits the release of the new
// payments for approval. Running it again creates no payment, posts
// nothing and submits nothing, unless benefits were added or resumed in
// between: then it pays those and submits their release.
func (s *Service) RunPayroll(ctx context.Context, month string, opts shebao.PayrollOptions) (*shebao.PayrollResult, error) {
	return s.store.RunPayroll(ctx, month, opts)
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
// see full numbers (FullID or Reveal), and audited as a read_full. Limit and Offset are ignored.
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

// RunAdjustment applies the yearly pension adjustment (养老金调整) in force
// on 1 January of the year to every employee pension (110) that started
// before the year, from fromMonth (default January of the year): a new
// amount = the amount in force the month before + policy.PensionAdjustment
// (fixed + % of the pension + per whole year of contribution + the age
// extra reached by 31 December of the year), the account part unchanged
// (the pooled fund pays the increase). Pensions are streamed in ID order and
// adjusted in chunks, each one transaction, with source "adjust:YYYY", so a
// run that stops half way is finished by running it again and a second run
// changes nothing.
func (s *Service) RunAdjustment(ctx context.Context, year int, fromMonth string) (*shebao.AdjustmentResult, error) {
	return s.store.RunAdjustment(ctx, year, fromMonth)
}

// DetectOverpayments finds the payments made after a person's death in the
// actor's jurisdiction (a death recorded after the payroll), stops the
// deceased persons' benefits, and returns how many overpayments are new.
func (s *Service) DetectOverpayments(ctx context.Context) (int, error) {
	return s.store.DetectOverpayments(ctx)
}

// FindOverpayments lists overpayments in the actor's jurisdiction, one
// page, with the total count and amount of the selection.
func (s *Service) FindOverpayments(ctx context.Context, f shebao.OverpaymentFilter) ([]*shebao.Overpayment, int, shebao.Money, error) {
	return s.store.FindOverpayments(ctx, f)
}

// RecoverOverpayment records an overpayment as recovered (已追回) on the
// day the money came back, and posts it (see the comment at the top of
// this file). Only a payment released to the bank can be recovered.
func (s *Service) RecoverOverpayment(ctx context.Context, benefitID string, month string) (*shebao.Overpayment, error) {
	return s.store.RecoverOverpayment(ctx, benefitID, month)
}

// SubmitWriteOff puts the write-off of an open overpayment (待追回) in the
// approval queue, with the reason it cannot be recovered, and reports
// whether it was submitted now: the same request while one is waiting
// returns that approval (false).
func (s *Service) SubmitWriteOff(ctx context.Context, req shebao.WriteOffRequest) (*shebao.Approval, bool, error) {
	return s.store.SubmitWriteOff(ctx, req)
}

// ExecuteDetermination carries out an approved a benefit determination (shebao.ApproveDetermination), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteDetermination(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteDetermination(ctx, payload)
}

// ExecutePayrollRelease carries out an approved the release of a month's payroll (shebao.ApprovePayrollRelease), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecutePayrollRelease(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecutePayrollRelease(ctx, payload)
}

// ExecuteWriteOff carries out an approved the write-off of an overpayment (shebao.ApproveWriteOff), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteWriteOff(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteWriteOff(ctx, payload)
}
