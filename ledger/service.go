// Package ledger is 基金账务: one double-entry ledger per scheme fund, the
// individual accounts (个人账户) with their movements, the yearly interest
// (记账利息), statements, the ledger check and the fund status with its
// 抗风险支付能力.
package ledger

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

	Post(ctx context.Context, e *shebao.Entry) (posted bool, err error)
	PostMany(ctx context.Context, es []*shebao.Entry) (posted int, err error)
	CreditAccount(ctx context.Context, idNo string, fund string, date string, kind string, source string, amount shebao.Money) (applied bool, err error)
	CreditAccounts(ctx context.Context, ms []shebao.AccountMovement) (applied int, err error)
	MoveAccounts(ctx context.Context, date string, source string, description string, ms []shebao.AccountMovement) (applied int, err error)
	LedgerFunds(ctx context.Context) ([]shebao.Fund, error)
	LedgerChart(ctx context.Context, fund string) ([]shebao.Account, error)
	FindEntry(ctx context.Context, id string) (*shebao.Entry, error)
	IndividualAccount(ctx context.Context, idNo string, fund string) (shebao.Money, bool, error)
	CheckLedger(ctx context.Context) (*shebao.LedgerCheck, error)
	FundStatus(ctx context.Context, asOf string) ([]shebao.FundStatus, error)
	// The interest run (interest.go).
	InterestAccounts(ctx context.Context, fund, end string) (int, error)
	InterestBound(ctx context.Context, fund, lo string, n int) (string, error)
	CreditInterest(ctx context.Context, r shebao.InterestRun, lo, hi string) (accounts, credited int, total shebao.Money, err error)
	StatementMovements(ctx context.Context, idNo string, year int) (*shebao.Statement, error)
	// The 社会救助资金 (assist_fund.go).
	AssistFundStore
}

// Service keeps the funds' books and the individual accounts.
type Service struct {
	store Store
	batch *batch.Runner

	// InterestChunk is how many accounts the interest run credits in one
	// unit of work (0: 10,000).
	InterestChunk int
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, batch: batch.New(store)} }

// Post posts one journal entry in a transaction of its own (see Tx.Post).
func (s *Service) Post(ctx context.Context, e *shebao.Entry) (posted bool, err error) {
	return s.store.Post(ctx, e)
}

// PostMany posts a batch of entries in a transaction of its own (see
// Tx.PostMany).
func (s *Service) PostMany(ctx context.Context, es []*shebao.Entry) (posted int, err error) {
	return s.store.PostMany(ctx, es)
}

// CreditAccount moves one individual account in a transaction of its own
// (see Tx.CreditAccount). Outside a batch job this is for corrections: the
// matching ledger entry must then be posted too (Tx.CreditAccount).
func (s *Service) CreditAccount(ctx context.Context, idNo string, fund string, date string, kind string, source string, amount shebao.Money) (applied bool, err error) {
	return s.store.CreditAccount(ctx, idNo, fund, date, kind, source, amount)
}

// CreditAccounts applies a batch of movements in a transaction of its own
// (see Tx.CreditAccounts).
func (s *Service) CreditAccounts(ctx context.Context, ms []shebao.AccountMovement) (applied int, err error) {
	return s.store.CreditAccounts(ctx, ms)
}

// MoveAccounts applies the movements of one event and posts their entry in
// a transaction of its own (see Tx.MoveAccounts).
func (s *Service) MoveAccounts(ctx context.Context, date string, source string, description string, ms []shebao.AccountMovement) (applied int, err error) {
	return s.store.MoveAccounts(ctx, date, source, description, ms)
}

// LedgerFunds returns the funds as stored (ledger_funds), in code order.
func (s *Service) LedgerFunds(ctx context.Context) ([]shebao.Fund, error) {
	return s.store.LedgerFunds(ctx)
}

// LedgerChart returns the stored chart of accounts of a fund, in code
// order; of every fund when fund is "".
func (s *Service) LedgerChart(ctx context.Context, fund string) ([]shebao.Account, error) {
	return s.store.LedgerChart(ctx, fund)
}

// FindEntry returns a posted journal entry with its lines.
func (s *Service) FindEntry(ctx context.Context, id string) (*shebao.Entry, error) {
	return s.store.FindEntry(ctx, id)
}

// IndividualAccount returns the balance of a person's individual account
// in the fund, and whether the account exists: for the fund's clerks, and
// for an insured citizen their own (the benefit work divides it by the
// 计发月数). A person outside the actor's jurisdiction is not found.
func (s *Service) IndividualAccount(ctx context.Context, idNo string, fund string) (shebao.Money, bool, error) {
	return s.store.IndividualAccount(ctx, idNo, fund)
}

// CheckLedger checks the double entry of every fund with set-based
// queries: the sums of debits and credits per fund; every entry balanced
// with at least two lines; every line of its entry's fund and date; and,
// for funds with individual accounts, the liability 2301 against the sum
// of the accounts' balances, the sum of their movements against the sum of
// balances, and each account against its own movements. It changes
// nothing; anyone who may read the fund's books may run it.
func (s *Service) CheckLedger(ctx context.Context) (*shebao.LedgerCheck, error) {
	return s.store.CheckLedger(ctx)
}

// FundStatus returns the status of every fund on asOf (YYYY-MM-DD; ""
// is today): balance = assets − liabilities (net assets, individual
// accounts counted as a liability; Accumulated adds them back), income and
// expenditure of the twelve months ending on asOf, and 抗风险支付能力 =
// balance ÷ (expenditure of those months ÷ 12), with the formula and its
// inputs in Explanation (shebao.FundStatus). Only entries dated on or
// before asOf count. One GROUP BY over the lines, by fund and account.
func (s *Service) FundStatus(ctx context.Context, asOf string) ([]shebao.FundStatus, error) {
	return s.store.FundStatus(ctx, asOf)
}
