package sqldb

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// The store's tests were written when these flows were store methods; the
// flows are services' now (issue #13). These test-only methods call them
// in their new home, over this store, so that the tests read as before.

func (db *DB) services() *app.App { return app.New(db) }

// Enroll is enroll.Service.Enroll.
func (db *DB) Enroll(ctx context.Context, req shebao.EnrollRequest) (*shebao.Enrollment, error) {
	return db.services().Enroll.Enroll(ctx, req)
}

// Hire is enroll.Service.Hire.
func (db *DB) Hire(ctx context.Context, idNo, uscc, date string, schemes []string) ([]*shebao.Enrollment, error) {
	return db.services().Enroll.Hire(ctx, idNo, uscc, date, schemes)
}

// Leave is enroll.Service.Leave.
func (db *DB) Leave(ctx context.Context, idNo, uscc, date, reason string) ([]*shebao.Enrollment, error) {
	return db.services().Enroll.Leave(ctx, idNo, uscc, date, reason)
}

// ImportEnrollments is enroll.Service.ImportEnrollments.
func (db *DB) ImportEnrollments(ctx context.Context, run string, reqs []shebao.EnrollRequest) ([]shebao.Outcome, []error, error) {
	return db.services().Enroll.ImportEnrollments(ctx, run, reqs)
}

// ImportPersons is registry.Service.ImportPersons.
func (db *DB) ImportPersons(ctx context.Context, run string, ps []*shebao.Person) ([]shebao.Outcome, []error, error) {
	return db.services().Registry.ImportPersons(ctx, run, ps)
}

// ScanDuplicates is registry.Service.ScanDuplicates.
func (db *DB) ScanDuplicates(ctx context.Context) (*shebao.ScanResult, error) {
	return db.services().Registry.ScanDuplicates(ctx)
}

// MergeDuplicate is registry.Service.MergeDuplicate.
func (db *DB) MergeDuplicate(ctx context.Context, keep, drop, note string) (*shebao.Approval, error) {
	return db.services().Registry.MergeDuplicate(ctx, keep, drop, note)
}

// DismissDuplicate is registry.Service.DismissDuplicate.
func (db *DB) DismissDuplicate(ctx context.Context, a, b, note string) error {
	return db.services().Registry.DismissDuplicate(ctx, a, b, note)
}

// MatchList is registry.Service.MatchList.
func (db *DB) MatchList(ctx context.Context, list string, entries []shebao.ListEntry) ([]*shebao.Match, error) {
	return db.services().Registry.MatchList(ctx, list, entries)
}

// RecordClaim is medical.Service.RecordClaim.
func (db *DB) RecordClaim(ctx context.Context, c shebao.NewClaim) (*shebao.Claim, bool, error) {
	return db.services().Medical.RecordClaim(ctx, c)
}

// ImportClaims is medical.Service.ImportClaims.
func (db *DB) ImportClaims(ctx context.Context, run string, cs []shebao.NewClaim) ([]shebao.Outcome, []error, error) {
	return db.services().Medical.ImportClaims(ctx, run, cs)
}

// MedicalReport is medical.Service.MedicalReport.
func (db *DB) MedicalReport(ctx context.Context, region, from, to string) (*shebao.MedicalReport, error) {
	return db.services().Medical.MedicalReport(ctx, region, from, to)
}

// SettleHospitals is medical.Service.SettleHospitals.
func (db *DB) SettleHospitals(ctx context.Context, month string) (*shebao.HospitalSettlementResult, error) {
	return db.services().Medical.SettleHospitals(ctx, month)
}

// ImportLandBatches is land.Service.ImportLandBatches.
func (db *DB) ImportLandBatches(ctx context.Context, run string, in []shebao.NewLandBatch) ([]shebao.Outcome, []error, error) {
	return db.services().Land.ImportLandBatches(ctx, run, in)
}

// SubmitRoster is land.Service.SubmitRoster.
func (db *DB) SubmitRoster(ctx context.Context, run string, entries []shebao.RosterEntry) ([]shebao.Outcome, []error, error) {
	return db.services().Land.SubmitRoster(ctx, run, entries)
}

// AcceptRoster is land.Service.AcceptRoster.
func (db *DB) AcceptRoster(ctx context.Context, no, date string) (*shebao.RosterAcceptance, error) {
	return db.services().Land.AcceptRoster(ctx, no, date)
}

// RunLandAllowances is land.Service.RunLandAllowances.
func (db *DB) RunLandAllowances(ctx context.Context, month string) (*shebao.LandAllowanceRun, error) {
	return db.services().Land.RunLandAllowances(ctx, month)
}

// RecordLandFund is land.Service.RecordLandFund.
func (db *DB) RecordLandFund(ctx context.Context, f shebao.LandFund) (*shebao.LandFund, bool, error) {
	return db.services().Land.RecordLandFund(ctx, f)
}

// LandReport is land.Service.LandReport.
func (db *DB) LandReport(ctx context.Context, region string) (*shebao.LandReport, error) {
	return db.services().Land.LandReport(ctx, region)
}

// LandWarnings is land.Service.LandWarnings.
func (db *DB) LandWarnings(ctx context.Context, region string) ([]shebao.LandWarning, error) {
	return db.services().Land.LandWarnings(ctx, region)
}
