// Package land is the security of land-expropriated farmers (被征地农民, 即征即保):
// expropriation batches, the villages' rosters, acceptance and enrollment,
// funds received, the monthly living allowance, warnings and the land report.
package land

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	ImportLandBatches(ctx context.Context, run string, in []shebao.NewLandBatch) (out []shebao.Outcome, errs []error, err error)
	SaveLandBatch(ctx context.Context, in shebao.NewLandBatch) (*shebao.LandBatch, shebao.Outcome, error)
	FindLandBatches(ctx context.Context, f shebao.LandBatchFilter) ([]*shebao.LandBatch, int, error)
	FindLandBatch(ctx context.Context, no string) (*shebao.LandBatch, error)
	LandBatchHistory(ctx context.Context, no string) ([]shebao.LandBatchVersion, error)
	SubmitRoster(ctx context.Context, run string, entries []shebao.RosterEntry) (out []shebao.Outcome, errs []error, err error)
	FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error)
	AcceptRoster(ctx context.Context, no string, date string) (*shebao.RosterAcceptance, error)
	RunLandAllowances(ctx context.Context, month string) (*shebao.LandAllowanceRun, error)
	RecordLandFund(ctx context.Context, f shebao.LandFund) (out *shebao.LandFund, created bool, err error)
	LandReport(ctx context.Context, region string) (*shebao.LandReport, error)
	LandWarnings(ctx context.Context, region string) ([]shebao.LandWarning, error)
}

// Service secures land-expropriated farmers.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// ImportLandBatches stores a chunk of expropriation batches from the land
// bureau (an import, or the API with run "api"), keyed by approval number:
// a new number is created, a repeat changes nothing, a corrected row
// updates the batch and keeps its previous state in land_batch_versions. A
// batch whose roster is already in may not move to another village nor
// drop below the persons already on its roster. A bad row is rejected with
// its reason and the others land.
func (s *Service) ImportLandBatches(ctx context.Context, run string, in []shebao.NewLandBatch) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportLandBatches(ctx, run, in)
}

// SaveLandBatch creates or corrects one batch (the land bureau's API) and
// returns it with what was done.
func (s *Service) SaveLandBatch(ctx context.Context, in shebao.NewLandBatch) (*shebao.LandBatch, shebao.Outcome, error) {
	return s.store.SaveLandBatch(ctx, in)
}

// FindLandBatches lists the batches in the actor's jurisdiction, newest
// approval first, with their roster and funding figures.
func (s *Service) FindLandBatches(ctx context.Context, f shebao.LandBatchFilter) ([]*shebao.LandBatch, int, error) {
	return s.store.FindLandBatches(ctx, f)
}

// FindLandBatch returns one batch in the actor's jurisdiction.
func (s *Service) FindLandBatch(ctx context.Context, no string) (*shebao.LandBatch, error) {
	return s.store.FindLandBatch(ctx, no)
}

// LandBatchHistory returns the superseded states of a batch, newest first.
func (s *Service) LandBatchHistory(ctx context.Context, no string) ([]shebao.LandBatchVersion, error) {
	return s.store.LandBatchHistory(ctx, no)
}

// SubmitRoster stores a village's roster lines (一次报送或导入的一批): each
// person must be a registered, living resident of the batch's village with
// agricultural hukou, named as registered, on no other batch's roster, and
// the roster may not exceed the batch's persons to secure. Each line gets
// the age band at the approval date and the funding split of that band. A
// line already on the same batch's roster is unchanged; every violation is
// the line's error and the good lines land.
func (s *Service) SubmitRoster(ctx context.Context, run string, entries []shebao.RosterEntry) (out []shebao.Outcome, errs []error, err error) {
	return s.store.SubmitRoster(ctx, run, entries)
}

// FindRoster lists a batch's roster (an audited read of personal data).
func (s *Service) FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error) {
	return s.store.FindRoster(ctx, no)
}

// AcceptRoster accepts the submitted lines of a batch's roster on the date
// (YYYY-MM-DD, "" = today): set-based, in one transaction, the persons are
// enrolled in scheme 910 from that date, flagged 被征地 and, where their
// hukou is still 农业, converted to 非农业 (农转非), each with its history
// and audit entry; the one-off payments of the under-16s and the
// allowances of the persons in an allowance band are created as benefits
// for the monthly payroll (source "land:<批准文号>"); the contribution
// support of the working-age persons is posted as a 910 expense (5093)
// payable to the pension schemes. A person who can no longer be enrolled
// (died since, already in 910) is skipped with the reason and stays
// submitted. Accepting again accepts only lines submitted since.
func (s *Service) AcceptRoster(ctx context.Context, no string, date string) (*shebao.RosterAcceptance, error) {
	return s.store.AcceptRoster(ctx, no, date)
}

// RunLandAllowances creates the land allowances that start in the month or
// before and do not exist yet (persons who reach an allowance band later;
// the working-age persons too where land.pension_band_allowance is 1), and
// gives a running allowance a new amount from the month when the person has
// moved to another allowance band or the standard changed. Set-based: one
// read of the enrolled roster with the persons and their allowances, one
// bulk insert of the new benefits. Running a month again changes nothing.
func (s *Service) RunLandAllowances(ctx context.Context, month string) (*shebao.LandAllowanceRun, error) {
	return s.store.RunLandAllowances(ctx, month)
}

// RecordLandFund records money received for a batch from one payer
// ("直接划入社保部门") and posts it to the 910 fund's ledger: Dr 1002 银行存款,
// Cr the payer's income account (landIncome). Idempotent by receipt
// number: the same receipt again changes nothing (created = false); the
// same number with another batch, payer, amount or date is a conflict.
func (s *Service) RecordLandFund(ctx context.Context, f shebao.LandFund) (out *shebao.LandFund, created bool, err error) {
	return s.store.RecordLandFund(ctx, f)
}

// LandReport gives, for the batches in the region (within the actor's
// jurisdiction), the figures per batch and rolled up by village, town and
// district: persons to secure, on roster, enrolled, receiving, funds
// required / received / gap, average and worst lag.
func (s *Service) LandReport(ctx context.Context, region string) (*shebao.LandReport, error) {
	return s.store.LandReport(ctx, region)
}

// LandWarnings lists the batches in the region whose persons are not all
// secured (persons to secure − enrolled > 0), marking those whose roster is
// late: still incomplete more than land.roster_deadline_days after the
// approval date.
func (s *Service) LandWarnings(ctx context.Context, region string) ([]shebao.LandWarning, error) {
	return s.store.LandWarnings(ctx, region)
}
