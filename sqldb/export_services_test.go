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
