// Package batch runs shebao's batch jobs — the monthly assessment, the
// yearly interest, the monthly payroll with its back pays, the yearly
// pension adjustment, the hospital settlement, the land allowances, the
// synthetic district — in one way:
//
//   - A run record per job kind and period (batch_runs): who started it,
//     when, its status, how far it got, its totals. There is one record per
//     (kind, period); running a job again reuses it.
//   - Chunks: the job's items are taken in ranges of their key, (lo, hi],
//     each range done in one unit of work (one transaction), so memory and
//     lock times stay flat however large the district, and a crash loses at
//     most the chunk in progress.
//   - Idempotency and resume: a chunk must leave out what an earlier run
//     (or an interrupted one) already did, so running a job again after a
//     crash finishes it, and running it again after it finished changes
//     nothing. The runner always takes the whole key range: items added
//     below an interrupted run's position are not missed.
//   - Concurrent runs of one kind and period take the chunks in turn: each
//     chunk locks the run record in its unit of work, so a second run waits
//     for the first one's chunk to commit and then finds its work done.
//     What still collides (a write of another process that the chunk
//     cannot see yet) fails the chunk with ECONFLICT; running the job again
//     finishes it, and nothing is done twice.
//   - Progress: after every chunk the run record holds the items done and
//     the total, readable by any process (the UI polls it), and the job's
//     Progress callback is called.
//
// The rules of each job (what an item is, what a chunk writes) are its
// capability's; this package only runs them.
package batch

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shebao/shebao"
)

// Statuses of a run.
const (
	StatusRunning = shebao.RunRunning
	StatusDone    = shebao.RunDone
)

// Run is the record of one job over one period.
type Run struct {
	Kind       string          `json:"kind"`
	Period     string          `json:"period"`
	Status     string          `json:"status"`
	Actor      string          `json:"actor"`
	StartedAt  time.Time       `json:"started_at"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	Cursor     string          `json:"cursor,omitempty"` // the upper bound of the last chunk done
	Done       int             `json:"done"`             // items scanned so far
	Total      int             `json:"total"`            // items to scan (0 = unknown)
	Detail     json.RawMessage `json:"detail,omitempty"` // the job's totals, when done
}

// StatusName is the Chinese name of the run's status.
func (r *Run) StatusName() string { return shebao.RunStatusName(r.Status) }

// Store keeps the run records (implemented by sqldb).
type Store interface {
	// InTx runs fn as one unit of work: store calls made with the context
	// fn receives share one transaction.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// BeginRun marks the run of kind and period as running by the
	// context's actor, creating its record if needed, with the total.
	BeginRun(ctx context.Context, kind, period string, total int) (*Run, error)
	// LockRun locks the run's record until the unit of work of ctx ends.
	LockRun(ctx context.Context, kind, period string) error
	// AdvanceRun records, in the unit of work of ctx, that the run has
	// done its items up to cursor.
	AdvanceRun(ctx context.Context, kind, period, cursor string, done int) error
	// FinishRun marks the run done with its detail, in the unit of work
	// of ctx.
	FinishRun(ctx context.Context, kind, period string, detail any) error
	// FindRun returns the run's record, or nil.
	FindRun(ctx context.Context, kind, period string) (*Run, error)
}

// Job is one run of a job, described to the runner.
type Job struct {
	Kind   string // e.g. assessment, interest, payroll
	Period string // e.g. 2025-03, 2024

	// Total counts the items the run will scan, for progress (optional).
	Total func(ctx context.Context) (int, error)
	// Bound returns the upper bound (inclusive) of the chunk after the key
	// lo ("" = from the start): typically the key of the chunk-th item
	// after lo. "" means the chunk runs to the end, and is the last. A job
	// done in one unit of work returns "".
	Bound func(ctx context.Context, lo string) (string, error)
	// Chunk does the items with keys in (lo, hi] (hi "" = no upper bound)
	// in the unit of work ctx carries, leaving out what was done before,
	// and returns how many items it scanned (for progress).
	Chunk func(ctx context.Context, lo, hi string) (int, error)
	// Finish, when set, runs after the last chunk in a unit of work of its
	// own, and returns the run's detail (its totals), stored with the
	// record.
	Finish func(ctx context.Context) (any, error)
	// Progress, when set, is called after each chunk with the items done
	// and the total.
	Progress func(done, total int)
	// AfterChunk, when set, runs after each chunk has committed, outside
	// any unit of work, with the number of chunks this run has done (from
	// 1): upkeep a long job owes the database between its chunks (gen
	// refreshes PostgreSQL's planner statistics as its tables grow). Its
	// error stops the run where it is, as a chunk's does.
	AfterChunk func(ctx context.Context, chunks int) error
}

// Runner runs jobs over a store.
type Runner struct {
	store Store
}

// New returns a runner over the store.
func New(store Store) *Runner { return &Runner{store: store} }

// Run runs the job from the start of its key range to the end, chunk by
// chunk, and finishes it. An error leaves the run recorded as running,
// where it stopped; running the job again finishes it.
func (r *Runner) Run(ctx context.Context, j Job) (*Run, error) {
	total := 0
	if j.Total != nil {
		var err error
		if total, err = j.Total(ctx); err != nil {
			return nil, err
		}
	}
	if _, err := r.store.BeginRun(ctx, j.Kind, j.Period, total); err != nil {
		return nil, err
	}
	lo, done, chunks := "", 0, 0
	for {
		hi, err := j.Bound(ctx, lo)
		if err != nil {
			return nil, err
		}
		var n int
		if err := r.store.InTx(ctx, func(ctx context.Context) error {
			if err := r.store.LockRun(ctx, j.Kind, j.Period); err != nil {
				return err
			}
			var err error
			if n, err = j.Chunk(ctx, lo, hi); err != nil {
				return err
			}
			return r.store.AdvanceRun(ctx, j.Kind, j.Period, hi, done+n)
		}); err != nil {
			return nil, err
		}
		done += n
		if total > 0 && done > total {
			total = done
		}
		if j.Progress != nil {
			j.Progress(done, total)
		}
		chunks++
		if j.AfterChunk != nil {
			if err := j.AfterChunk(ctx, chunks); err != nil {
				return nil, err
			}
		}
		if hi == "" {
			break
		}
		lo = hi
	}
	if err := r.store.InTx(ctx, func(ctx context.Context) error {
		var detail any
		if j.Finish != nil {
			var err error
			if detail, err = j.Finish(ctx); err != nil {
				return err
			}
		}
		return r.store.FinishRun(ctx, j.Kind, j.Period, detail)
	}); err != nil {
		return nil, err
	}
	return r.store.FindRun(ctx, j.Kind, j.Period)
}

// Find returns the record of a run, or nil when the job never ran for
// the period.
func (r *Runner) Find(ctx context.Context, kind, period string) (*Run, error) {
	return r.store.FindRun(ctx, kind, period)
}

// Conflict is the error of a chunk whose writes collided with another run
// of the same job: nothing of the chunk was kept, and running the job
// again finishes it.
func Conflict(what string) error {
	return shebao.Errorf(shebao.ECONFLICT, "%s:另一任务正在处理同一批数据,请待其完成后重新运行(已完成的不会重复)", what)
}
