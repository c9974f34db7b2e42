// Package registry is the one registry of 五险合一: regions, persons, employers and
// imports of them, the review of likely double registrations (重复参保) and the
// comparison with outside lists (another district, civil affairs' 低保 list,
// the death register). Every scheme builds on it.
package registry

import (
	"context"
	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	FindPerson(ctx context.Context, idNo string) (*shebao.Person, error)
	FindPersons(ctx context.Context, f shebao.PersonFilter) ([]*shebao.Person, int, error)
	CreatePerson(ctx context.Context, p *shebao.Person) error
	UpdatePerson(ctx context.Context, idNo string, u shebao.PersonUpdate) (*shebao.Person, error)
	PersonHistory(ctx context.Context, idNo string) ([]*shebao.PersonVersion, error)
	FindEmployer(ctx context.Context, uscc string) (*shebao.Employer, error)
	FindEmployers(ctx context.Context, f shebao.EmployerFilter) ([]*shebao.Employer, int, error)
	CreateEmployer(ctx context.Context, e *shebao.Employer) error
	UpdateEmployer(ctx context.Context, uscc string, u shebao.EmployerUpdate) (*shebao.Employer, error)
	ImportEmployers(ctx context.Context, run string, es []*shebao.Employer) (out []shebao.Outcome, errs []error, err error)
	FindRegion(ctx context.Context, code string) (*shebao.Region, error)
	FindRegions(ctx context.Context, f shebao.RegionFilter) ([]*shebao.Region, int, error)
	SaveRegion(ctx context.Context, r *shebao.Region) (bool, error)
	RegionNames(ctx context.Context) (map[string]string, error)
	ImportRegions(ctx context.Context, rs []*shebao.Region) (out []shebao.Outcome, errs []error, err error)
	ImportPersons(ctx context.Context, run string, ps []*shebao.Person) (out []shebao.Outcome, errs []error, err error)
	StartImportRun(ctx context.Context, kind string, fileName string, sha string) (string, error)
	FinishImportRun(ctx context.Context, r shebao.ImportRun) error
	CountImportRuns(ctx context.Context, status string) (int, error)
	ScanDuplicates(ctx context.Context) (*shebao.ScanResult, error)
	FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error)
	DismissDuplicate(ctx context.Context, a string, b string, note string) error
	MergeDuplicate(ctx context.Context, keep string, drop string, note string) (*shebao.Approval, error)
	MatchList(ctx context.Context, list string, entries []shebao.ListEntry) ([]*shebao.Match, error)
	ExecuteMerge(ctx context.Context, payload []byte) (string, error)
}

// Service is the registry of regions, persons and employers.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// FindPerson returns the person with the ID number, if the actor's
// jurisdiction covers them. The read is audited: personal data is never
// looked at without a trace. Outside the jurisdiction the answer is
// ENOTFOUND, exactly as if the person did not exist.
func (s *Service) FindPerson(ctx context.Context, idNo string) (*shebao.Person, error) {
	return s.store.FindPerson(ctx, idNo)
}

// FindPersons searches persons within the actor's jurisdiction. Results are
// ordered by region and name; total counts all matches.
func (s *Service) FindPersons(ctx context.Context, f shebao.PersonFilter) ([]*shebao.Person, int, error) {
	return s.store.FindPersons(ctx, f)
}

// CreatePerson registers a new person. The number must not be registered yet.
func (s *Service) CreatePerson(ctx context.Context, p *shebao.Person) error {
	return s.store.CreatePerson(ctx, p)
}

// UpdatePerson changes a person's record, keeping the previous state in the
// history with the actor and the reason.
func (s *Service) UpdatePerson(ctx context.Context, idNo string, u shebao.PersonUpdate) (*shebao.Person, error) {
	return s.store.UpdatePerson(ctx, idNo, u)
}

// PersonHistory returns the superseded states of a person, newest first.
func (s *Service) PersonHistory(ctx context.Context, idNo string) ([]*shebao.PersonVersion, error) {
	return s.store.PersonHistory(ctx, idNo)
}

// FindEmployer returns the employer with the code, within the actor's
// jurisdiction.
func (s *Service) FindEmployer(ctx context.Context, uscc string) (*shebao.Employer, error) {
	return s.store.FindEmployer(ctx, uscc)
}

// FindEmployers searches employers within the actor's jurisdiction.
func (s *Service) FindEmployers(ctx context.Context, f shebao.EmployerFilter) ([]*shebao.Employer, int, error) {
	return s.store.FindEmployers(ctx, f)
}

// CreateEmployer registers a new employer.
func (s *Service) CreateEmployer(ctx context.Context, e *shebao.Employer) error {
	return s.store.CreateEmployer(ctx, e)
}

// UpdateEmployer changes an employer's record, keeping the previous state.
func (s *Service) UpdateEmployer(ctx context.Context, uscc string, u shebao.EmployerUpdate) (*shebao.Employer, error) {
	return s.store.UpdateEmployer(ctx, uscc, u)
}

// ImportEmployers stores a chunk of normalised employers from import run
// `run`, like ImportPersons.
func (s *Service) ImportEmployers(ctx context.Context, run string, es []*shebao.Employer) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportEmployers(ctx, run, es)
}

// FindRegion returns one region by code (any accepted form).
func (s *Service) FindRegion(ctx context.Context, code string) (*shebao.Region, error) {
	return s.store.FindRegion(ctx, code)
}

// FindRegions returns the regions matching f, ordered by code, and the
// total number of matches.
func (s *Service) FindRegions(ctx context.Context, f shebao.RegionFilter) ([]*shebao.Region, int, error) {
	return s.store.FindRegions(ctx, f)
}

// SaveRegion is SaveRegion within a transaction. It reports whether the
// region was created and whether an existing one changed.
func (s *Service) SaveRegion(ctx context.Context, r *shebao.Region) (bool, error) {
	return s.store.SaveRegion(ctx, r)
}

// RegionNames returns the code → name map of all regions, for validating
// imports in memory. A province has on the order of 10⁴–10⁵ regions.
func (s *Service) RegionNames(ctx context.Context) (map[string]string, error) {
	return s.store.RegionNames(ctx)
}

// ImportRegions stores a region list in one transaction, parents before
// children whatever the order of the list. A region that cannot be stored
// (its parent is missing, it lies outside the actor's jurisdiction) gets an
// error in errs; the others are stored.
func (s *Service) ImportRegions(ctx context.Context, rs []*shebao.Region) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportRegions(ctx, rs)
}

// ImportPersons stores a chunk of normalised persons from import run `run`,
// each with its Source set by ImportSource: new numbers are created, changed
// records updated with their history, identical ones left alone, so importing
// the same file twice changes nothing. The persons' regions must exist (the
// importer checks them against RegionNames) and numbers must be unique within
// the chunk. A number already written by an earlier row of the same run, or a
// person outside the actor's jurisdiction, gets an error in errs and is not
// written.
func (s *Service) ImportPersons(ctx context.Context, run string, ps []*shebao.Person) (out []shebao.Outcome, errs []error, err error) {
	return s.store.ImportPersons(ctx, run, ps)
}

// StartImportRun records the start of an import and returns its id, which
// becomes the source of every record the import writes.
func (s *Service) StartImportRun(ctx context.Context, kind string, fileName string, sha string) (string, error) {
	return s.store.StartImportRun(ctx, kind, fileName, sha)
}

// FinishImportRun records the counts and the end of an import.
func (s *Service) FinishImportRun(ctx context.Context, r shebao.ImportRun) error {
	return s.store.FinishImportRun(ctx, r)
}

// CountImportRuns counts import runs with the status (running, done,
// interrupted).
func (s *Service) CountImportRuns(ctx context.Context, status string) (int, error) {
	return s.store.CountImportRuns(ctx, status)
}

// ScanDuplicates looks for persons registered twice within the actor's
// jurisdiction. Candidate pairs are found by set-based joins — the same name
// in the same village, or the same name and birth date anywhere — and then
// scored (shebao.LikelyDuplicate); likely pairs go to the review queue,
// where earlier decisions are kept: a dismissed pair is not raised again.
func (s *Service) ScanDuplicates(ctx context.Context) (*shebao.ScanResult, error) {
	return s.store.ScanDuplicates(ctx)
}

// FindDuplicates lists review-queue entries with the given status (default
// pending), best candidates first.
func (s *Service) FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error) {
	return s.store.FindDuplicates(ctx, status, limit)
}

// DismissDuplicate records that the pair is two different people.
// Dismissing moves no money and changes no entitlement: no second user.
func (s *Service) DismissDuplicate(ctx context.Context, a string, b string, note string) error {
	return s.store.DismissDuplicate(ctx, a, b, note)
}

// MergeDuplicate asks for person drop to be merged into person keep. A
// merge changes entitlements, so it only waits in the approval queue
// (经办); it is carried out when a second user approves it (复核,
// DecideApproval).
func (s *Service) MergeDuplicate(ctx context.Context, keep string, drop string, note string) (*shebao.Approval, error) {
	return s.store.MergeDuplicate(ctx, keep, drop, note)
}

// MatchList matches a chunk of an outside list against the persons in the
// actor's jurisdiction. Matches on the death register are applied at once
// when the name agrees: the death is recorded and the person's open
// enrollments are suspended (暂停缴费 / 暂停发放) for the clerk to settle.
func (s *Service) MatchList(ctx context.Context, list string, entries []shebao.ListEntry) ([]*shebao.Match, error) {
	return s.store.MatchList(ctx, list, entries)
}

// ExecuteMerge carries out an approved merge of two registrations (shebao.ApproveMergePersons), in the approving
// unit of work: the approval service calls it inside DecideApproval.
func (s *Service) ExecuteMerge(ctx context.Context, payload []byte) (string, error) {
	return s.store.ExecuteMerge(ctx, payload)
}
