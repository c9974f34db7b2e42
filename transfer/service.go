// Package transfer is rural land contracting and the transfer of the
// operating right (土地承包和流转, docs/DOMAIN.md §8): the registry of
// 发包方, 承包方, 承包地块 and 承包合同 read from the 确权 data, and the
// transfer contracts (流转合同) with the rules that refuse them, their
// verification (鉴证) by the town's 土地流转服务中心 through the approval
// queue, and the statistics of land transferred.
//
// The rules about one value (codes, forms, purposes, terms) are the root's
// and idno's; the rules that read data (is the head a person of the
// registry, is the parcel's area free for the period, does the contract
// run that long) are here; the SQL is sqldb's.
package transfer

import (
	"context"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx runs fn as one unit of work (sqldb.DB.InTx).
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)
	// CheckRegion verifies a region is in the jurisdiction and exists.
	CheckRegion(ctx context.Context, field, code string) error
	RegionNamesOf(ctx context.Context, codes []string) (map[string]string, error)

	// ContractingData reads the parcels, contracts, heads and 发包方 with
	// the keys, wherever they lie, locking the parcels and contracts read.
	ContractingData(ctx context.Context, parcels, contracts, heads, issuers []string) (*shebao.ContractingData, error)
	// SaveContracting writes a chunk of the registry with its history and
	// one audit entry per record written.
	SaveContracting(ctx context.Context, run string, w *shebao.ContractingWrites) error
	FindLandContracts(ctx context.Context, f shebao.LandContractFilter) ([]*shebao.LandContract, int, error)
	// FindLandContract is a contract in the jurisdiction with its parcels
	// (an audited read), or ENOTFOUND.
	FindLandContract(ctx context.Context, code string) (*shebao.LandContract, error)
	// ContractingHistory lists the superseded states of a contract and its
	// parcels, newest first.
	ContractingHistory(ctx context.Context, code string) ([]shebao.ContractingVersion, error)

	// TransferData reads the transfers with the numbers (with their
	// lines), the parcels with their contracts and the spans other
	// transfers take of them, the names of the persons and the 资格审查 in
	// force of the USCCs, wherever they lie, locking the parcels.
	TransferData(ctx context.Context, nos, parcels, persons, usccs []string) (*shebao.TransferData, error)
	// SaveTransfers writes a chunk of transfers with their history, and
	// submits each new one for 鉴证 (shebao.ApproveTransferVerify).
	SaveTransfers(ctx context.Context, run string, w *shebao.TransferWrites) error
	FindTransfers(ctx context.Context, f shebao.TransferFilter) ([]*shebao.Transfer, int, error)
	// FindTransfer is a transfer in the jurisdiction with its lines (an
	// audited read), or ENOTFOUND.
	FindTransfer(ctx context.Context, no string) (*shebao.Transfer, error)
	VerifyTransfer(ctx context.Context, t *shebao.Transfer, on string) error
	EndTransfer(ctx context.Context, t *shebao.Transfer, on, reason string) error
	SubmitTransferApproval(ctx context.Context, kind, region, summary string, payload any) (*shebao.Approval, error)
	RecordTransferReview(ctx context.Context, r shebao.TransferReview) error

	// FindRentPayment is the payment with the receipt, wherever it lies,
	// or nil.
	FindRentPayment(ctx context.Context, receipt string) (*shebao.RentPayment, error)
	// RentPaid sums the payments of each contract made by the date ("" all).
	RentPaid(ctx context.Context, nos []string, upTo string) (map[string]shebao.Money, error)
	InsertRentPayment(ctx context.Context, p *shebao.RentPayment, region string) error
	// ArrearsTransfers are the verified contracts of the region (in the
	// jurisdiction) begun by the date, with their lines: an audited list.
	ArrearsTransfers(ctx context.Context, region, date string) ([]*shebao.Transfer, error)
	// SaveDispute creates a dispute (old nil) or records its mediation.
	SaveDispute(ctx context.Context, t *shebao.Transfer, d, old *shebao.Dispute) error
	// TransferStatData reads what the statistics need of the region (in
	// the jurisdiction) on the date.
	TransferStatData(ctx context.Context, region, date string) (*shebao.TransferStatData, error)
	// TransferPriceRows are the rents of the verified contracts of the
	// region (in the jurisdiction) begun after from up to to, once per
	// contract, village and land class.
	TransferPriceRows(ctx context.Context, region, from, to string) ([]shebao.PriceRow, error)

	// FindIntent is the intent with the number, wherever it lies, or nil.
	FindIntent(ctx context.Context, no string) (*shebao.Intent, error)
	InsertIntent(ctx context.Context, it *shebao.Intent) error
	// FindIntents lists the intents of the kind ("" both) in the region,
	// narrowed to the jurisdiction (an audited list): public, the active
	// ones without personal data; else all, a citizen's own only.
	FindIntents(ctx context.Context, region, kind string, public bool) ([]shebao.Intent, error)
	// WithdrawIntent marks an active intent withdrawn (nothing if it is
	// not active).
	WithdrawIntent(ctx context.Context, no, reason string) error

	// The 增减挂钩 project ledger (projects.go).
	// LandProjectData reads the project with its plots and entries,
	// wherever it lies, or nil, locking it.
	LandProjectData(ctx context.Context, code string) (*shebao.LandProject, error)
	// ProjectHead is a registered person's name, region and the 户号 of
	// the household the person heads (found false when not registered).
	ProjectHead(ctx context.Context, idNo string) (name, region, household string, found bool, err error)
	// ProjectHeads reads the registered persons among the ids with the
	// 户号 of the household each heads.
	ProjectHeads(ctx context.Context, ids []string) (map[string]*shebao.ProjectHead, error)
	// SaveProjectPlots writes an import chunk's new and corrected plots,
	// keeping the previous states.
	SaveProjectPlots(ctx context.Context, p *shebao.LandProject, news []shebao.ProjectPlot, changes []shebao.ProjectPlotChange) error
	// InsertResettlement records a household's resettlement (安置).
	InsertResettlement(ctx context.Context, p *shebao.LandProject, r shebao.ProjectResettlement, region string) error
	InsertLandProject(ctx context.Context, p *shebao.LandProject) error
	InsertProjectPlot(ctx context.Context, p *shebao.LandProject, pl shebao.ProjectPlot) error
	InsertProjectEntry(ctx context.Context, p *shebao.LandProject, e shebao.ProjectEntry) error
	CloseLandProject(ctx context.Context, p *shebao.LandProject, on string) error
	// FindLandProject is a project in the jurisdiction with its plots and
	// entries (an audited read), or ENOTFOUND.
	FindLandProject(ctx context.Context, code string) (*shebao.LandProject, error)
	// FindLandProjects lists the projects of the region in the
	// jurisdiction (an audited list).
	FindLandProjects(ctx context.Context, region string) ([]*shebao.LandProject, error)
}

// Service is the land contracting and transfer capability.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// begin checks, before any work, that the context has an actor and that
// the actor's role may do the action; the store asks again when it writes.
func (s *Service) begin(ctx context.Context, action, entity string) (shebao.Jurisdiction, error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return j, err
	}
	a, _ := shebao.ActorFrom(ctx)
	return j, a.Authorize(shebao.AuditAction(action, entity), "")
}

// sourceOf is the source of a record written by row i (from 0) of import
// run `run`, or "api".
func sourceOf(run string, i int) string {
	if run == "api" {
		return "api"
	}
	return shebao.ImportSource(run, i+1)
}

// FindLandContracts lists the contracts in the actor's jurisdiction.
func (s *Service) FindLandContracts(ctx context.Context, f shebao.LandContractFilter) ([]*shebao.LandContract, int, error) {
	return s.store.FindLandContracts(ctx, f)
}

// FindLandContract returns one contract with its parcels.
func (s *Service) FindLandContract(ctx context.Context, code string) (*shebao.LandContract, error) {
	return s.store.FindLandContract(ctx, code)
}

// ContractingHistory returns the superseded states of a contract and its
// parcels, newest first.
func (s *Service) ContractingHistory(ctx context.Context, code string) ([]shebao.ContractingVersion, error) {
	return s.store.ContractingHistory(ctx, code)
}
