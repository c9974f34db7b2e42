// Package app assembles shebao's services over one store: the registry
// and every capability built on it. It holds no rules of its own; it is
// the list of services that the faces (web, ingest, the CLI, demo, gen)
// are given, so that none of them reaches the storage directly. The only
// package that chooses the store (sqldb on SQLite or PostgreSQL) is
// cmd/shebao; tests choose it with sqldb's test kit.
package app

import (
	"github.com/shebao/shebao"
	"github.com/shebao/shebao/access"
	"github.com/shebao/shebao/approve"
	"github.com/shebao/shebao/assist"
	"github.com/shebao/shebao/audit"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/certificate"
	"github.com/shebao/shebao/collect"
	"github.com/shebao/shebao/employ"
	"github.com/shebao/shebao/enroll"
	"github.com/shebao/shebao/land"
	"github.com/shebao/shebao/ledger"
	"github.com/shebao/shebao/medical"
	"github.com/shebao/shebao/params"
	"github.com/shebao/shebao/registry"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/transfer"
)

// Store is everything the services need of the storage: the union of
// their store interfaces, which sqldb.DB implements.
type Store interface {
	registry.Store
	enroll.Store
	collect.Store
	benefit.Store
	medical.Store
	land.Store
	ledger.Store
	report.Store
	access.Store
	audit.Store
	approve.Store
	params.Store
	batch.Store
	certificate.Store
	assist.Store
	employ.Store
	transfer.Store // land contracting and transfer
}

// App is the set of services, one per capability.
type App struct {
	Registry *registry.Service // 登记: regions, persons, employers, duplicates, outside lists
	Enroll   *enroll.Service   // 参保: enrollments, 增员/减员
	Collect  *collect.Service  // 征缴: declarations, assessment, payments, refunds, other payers
	Benefit  *benefit.Service  // 待遇: determinations, benefits, payroll, overpayments
	Medical  *medical.Service  // 医保: claims, hospital settlement
	Land     *land.Service     // 被征地农民: batches, rosters, funds, allowances
	Ledger   *ledger.Service   // 基金账务: ledger, individual accounts, interest, statements
	Report   *report.Service   // 统计
	Access   *access.Service   // users, sign-in, sessions, tokens
	Audit    *audit.Service    // the audit log
	Approve  *approve.Service  // 经办 → 复核
	Params   *params.Service   // 政策参数
	Batch    *batch.Runner     // run records and progress of the batch jobs
	// Certificate issues 参保缴费证明 and 个人权益记录单 from the figures
	// of the services above.
	Certificate *certificate.Service
	// Assist is social assistance (社会救助): 低保 quotes.
	Assist *assist.Service
	// Employ is the employment service (就业): the labour register.
	Employ *employ.Service
	// Transfer is rural land contracting and the transfer of the
	// operating right (土地承包和流转).
	Transfer *transfer.Service
}

// New builds every service over the store.
func New(store Store) *App {
	a := &App{
		Registry: registry.New(store),
		Enroll:   enroll.New(store),
		Collect:  collect.New(store),
		Benefit:  benefit.New(store),
		Medical:  medical.New(store),
		Land:     land.New(store),
		Ledger:   ledger.New(store),
		Report:   report.New(store),
		Access:   access.New(store),
		Audit:    audit.New(store),
		Params:   params.New(store),
		Batch:    batch.New(store),
		Employ:   employ.New(store),
		Transfer: transfer.New(store),
	}
	a.Certificate = certificate.New(store, certificate.Sources{
		FindPerson:            a.Registry.FindPerson,
		FindRegion:            a.Registry.FindRegion,
		FindEnrollments:       a.Enroll.FindEnrollments,
		PaidYears:             a.Benefit.PaidYears,
		ResidentContributions: a.Collect.ResidentContributions,
		AccountStatement:      a.Ledger.AccountStatement,
		FindBenefits:          a.Benefit.FindBenefits,
	})
	a.Assist = assist.New(store, assist.Sources{
		FindPerson:   a.Registry.FindPerson,
		FindBenefits: a.Benefit.FindBenefits,
		FindBenefit:  a.Benefit.FindBenefit,
	})
	// 特困人员救助供养 (tekun): a death recorded in the registry ends the
	// person's 特困 case and flag.
	a.Registry.UseAfterDeath(a.Assist.TekunDeath)
	// 职业介绍 (employ, issue #19 item 4): a 录用 is the employer's 增员.
	a.Employ.UseHire(a.Enroll.HireWith)
	// What each kind of approval does when a checker approves it: the one
	// table of executors (shebao.ApprovalKinds lists the kinds).
	a.Approve = approve.New(store, approve.Executors{
		shebao.ApproveMergePersons:       a.Registry.ExecuteMerge,
		shebao.ApproveDetermination:      a.Benefit.ExecuteDetermination,
		shebao.ApprovePayrollRelease:     a.Benefit.ExecutePayrollRelease,
		shebao.ApproveWriteOff:           a.Benefit.ExecuteWriteOff,
		shebao.ApprovePaymentRefund:      a.Collect.ExecuteRefund,
		shebao.ApprovePaymentCorrect:     a.Collect.ExecuteCorrection,
		shebao.ApproveFlexCorrect:        a.Collect.ExecuteFlexCorrection,
		shebao.ApproveFlexRefund:         a.Collect.ExecuteFlexRefund,
		shebao.ApproveResidentRefund:     a.Collect.ExecuteResidentRefund,
		shebao.ApproveResidentCorrect:    a.Collect.ExecuteResidentCorrection,
		shebao.ApproveLumpSumRefund:      a.Collect.ExecuteLumpSumRefund,
		shebao.ApproveLumpSumCorrect:     a.Collect.ExecuteLumpSumCorrection,
		shebao.ApproveHospitalSettlement: a.Medical.ExecuteHospitalSettlement,
		// 社会救助 (issue #18)
		shebao.ApproveDibao:           a.Assist.ExecuteDecision,
		shebao.ApproveDibaoChange:     a.Assist.ExecuteChange,
		shebao.ApproveTemporaryRelief: a.Assist.ExecuteRelief,
		// 特困人员救助供养 (tekun)
		shebao.ApproveTekun:       a.Assist.ExecuteTekun,
		shebao.ApproveTekunChange: a.Assist.ExecuteTekunChange,
		// 就业 (employ)
		shebao.ApprovePostPlacement: a.Employ.ExecutePlacement,
		// 职业培训 (employ, issue #19 item 3)
		shebao.ApproveTrainingSubsidy: a.Employ.ExecuteTrainingSubsidy,
		// 社会保险补贴 of employers and flexible workers (employ, issue #19 item 5)
		shebao.ApproveInsuranceSubsidy: a.Employ.ExecuteGrant,
		// Land contracting and transfer.
		shebao.ApproveTransferVerify: a.Transfer.ExecuteVerify,
		shebao.ApproveTransferReview: a.Transfer.ExecuteReview,
	})
	// What a rejection (退回) does beyond recording it, for the kinds whose
	// rejection is a decision; the others wait for the maker to correct.
	a.Approve.UseRejecters(approve.Rejecters{
		// 社会救助 (assistui, issue #18): a rejected 低保 decision closes the
		// case as 不予保障; a rejected change keeps the case as it was.
		shebao.ApproveDibao:       a.Assist.RejectDecision,
		shebao.ApproveDibaoChange: a.Assist.RejectChange,
	})
	return a
}
