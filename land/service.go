// Package land is the security of land-expropriated farmers (被征地农民, 即征即保):
// expropriation batches, the villages' rosters, acceptance and enrollment,
// funds received, the monthly living allowance, warnings and the land report.
//
// The law requires the security arranged before the land is taken (土地管理法
// 2019 第四十七、四十八条: the costs 测算并落实、保证足额到位 before the
// application; 社会保险法 第九十六条: 征收农村集体所有的土地，应当足额安排被征地农民
// 的社会保险费). The formulas and parameters (persons to secure, age bands,
// funding split, allowance bands) are policy's; this service applies them
// to the batches, rosters and persons the store reads, and writes the
// outcome in one unit of work.
package land

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx, the run records of the allowance run (batch.Runner).
	batch.Store
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)
	// CheckRegion verifies a region is in the jurisdiction and exists.
	CheckRegion(ctx context.Context, field, code string) error

	// LandBatchesByNo reads batches wherever they lie (for the rules).
	LandBatchesByNo(ctx context.Context, nos []string) (map[string]*shebao.LandBatch, error)
	// RosterCounts is the number of persons on each batch's roster.
	RosterCounts(ctx context.Context, nos []string) (map[string]int, error)
	InsertLandBatches(ctx context.Context, run string, bs []*shebao.LandBatch) error
	UpdateLandBatch(ctx context.Context, old, b *shebao.LandBatch, changes []shebao.Change) error
	// LandBatchInScope is the batch in the jurisdiction, or ENOTFOUND.
	LandBatchInScope(ctx context.Context, no string) (*shebao.LandBatch, error)
	FindLandBatches(ctx context.Context, f shebao.LandBatchFilter) ([]*shebao.LandBatch, int, error)
	FindLandBatch(ctx context.Context, no string) (*shebao.LandBatch, error)
	LandBatchHistory(ctx context.Context, no string) ([]shebao.LandBatchVersion, error)

	// RosterData reads what a submission needs (locking the batches).
	RosterData(ctx context.Context, nos, ids []string) (*shebao.RosterData, error)
	// InsertRosterLines stores the lines of a submission and audits it
	// with the detail, also when there is no line to store.
	InsertRosterLines(ctx context.Context, run string, lines []*shebao.RosterLine, sources []string, detail map[string]any) error
	FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error)
	// RosterLines are a batch's lines with the status, unaudited.
	RosterLines(ctx context.Context, no, status string) ([]*shebao.RosterLine, error)

	// EnrollmentData reads the persons and their open enrollments.
	EnrollmentData(ctx context.Context, ids, usccs, households []string) (*shebao.EnrollmentData, error)
	// EnrollRoster writes the 910 enrollments of accepted persons.
	EnrollRoster(ctx context.Context, b *shebao.LandBatch, date, reason string, ns []*shebao.Enrollment, reqs []shebao.EnrollRequest) error
	// ChangePerson writes a changed person with its history.
	ChangePerson(ctx context.Context, reason string, old, p *shebao.Person, changes []shebao.Change) error
	MarkRosterEnrolled(ctx context.Context, no string, ids []string, date string) error
	// VillageConversionPersons are those who chose the lump-sum employee
	// pension of their converted village (村改居).
	VillageConversionPersons(ctx context.Context, ids []string) (map[string]bool, error)
	// CreateLandBenefits creates benefits not created yet.
	CreateLandBenefits(ctx context.Context, bs []shebao.NewBenefit) (int, error)
	PostLandSubsidy(ctx context.Context, e *shebao.Entry) error
	RecordRosterAcceptance(ctx context.Context, b *shebao.LandBatch, detail map[string]any) error

	// LandRosterBound is the number of the n-th enrolled roster person
	// after lo ("" when fewer are left).
	LandRosterBound(ctx context.Context, lo string, n int) (string, error)
	// LandAllowanceDues reads the enrolled roster persons in (lo, hi]
	// with their land allowance and its amount in the month.
	LandAllowanceDues(ctx context.Context, month shebao.Period, lo, hi string) ([]shebao.LandAllowanceDue, error)
	// AdjustLandAllowance gives an allowance a new amount from a month.
	AdjustLandAllowance(ctx context.Context, benefitID, region string, am shebao.BenefitAmount, before shebao.Money, band string) (bool, error)

	FindLandFund(ctx context.Context, receipt string) (*shebao.LandFund, error)
	InsertLandFund(ctx context.Context, f shebao.LandFund, b *shebao.LandBatch, e *shebao.Entry) error

	// LandFigures are the batches of the region with their figures.
	// asOf (YYYY-MM-DD) gives the figures on that day, "" now.
	LandFigures(ctx context.Context, region, asOf string) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error)
	// LandSecuring are the batches of the region with the figures of
	// their securing today alone (to secure, on roster, enrolled).
	LandSecuring(ctx context.Context, region string) ([]*shebao.LandBatch, map[string]*shebao.LandFigures, error)
	RegionNamesOf(ctx context.Context, codes []string) (map[string]string, error)
}

// Service secures land-expropriated farmers.
type Service struct {
	store  Store
	runner *batch.Runner
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, runner: batch.New(store)} }

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

// FindRoster lists a batch's roster (an audited read of personal data).
func (s *Service) FindRoster(ctx context.Context, no string) ([]*shebao.RosterLine, error) {
	return s.store.FindRoster(ctx, no)
}

// begin checks, before any work, that the context has an actor and that
// the actor's role may do the action (shebao.Actor.Authorize, the one rule
// of who may do what), so that a role that may not is refused first; the
// store asks again when it writes.
func (s *Service) begin(ctx context.Context, action, entity, key string) (shebao.Jurisdiction, error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return j, err
	}
	a, _ := shebao.ActorFrom(ctx)
	return j, a.Authorize(shebao.AuditAction(action, entity), key)
}

// sourceOf is the source of a record written by row i (from 0) of import
// run `run`, or "api".
func sourceOf(run string, i int) string {
	if run == "api" {
		return "api"
	}
	return shebao.ImportSource(run, i+1)
}

// nonEmpty returns the distinct non-empty keys, in their first order.
func nonEmpty(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
