package batch_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// keys is a job's items: "k01" … "k10".
var keys = func() []string {
	var ks []string
	for i := 1; i <= 10; i++ {
		ks = append(ks, fmt.Sprintf("k%02d", i))
	}
	return ks
}()

// job returns a job over keys in chunks of three, recording the ranges its
// chunks were given.
func job(ranges *[][2]string) batch.Job {
	return batch.Job{Kind: "test", Period: "2025-01",
		Total: func(context.Context) (int, error) { return len(keys), nil },
		Bound: func(_ context.Context, lo string) (string, error) {
			i, _ := slices.BinarySearch(keys, lo)
			if lo != "" && i < len(keys) && keys[i] == lo {
				i++
			}
			if i+3 > len(keys)-1 {
				return "", nil
			}
			return keys[i+2], nil
		},
		Chunk: func(_ context.Context, lo, hi string) (int, error) {
			*ranges = append(*ranges, [2]string{lo, hi})
			n := 0
			for _, k := range keys {
				if k > lo && (hi == "" || k <= hi) {
					n++
				}
			}
			return n, nil
		},
		Finish: func(context.Context) (any, error) { return map[string]int{"items": len(keys)}, nil },
	}
}

func admin() context.Context { return shebao.WithActor(context.Background(), shebao.SystemActor) }

func TestRunnerChunksProgressAndRecord(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := batch.New(db)
		var ranges [][2]string
		var progress []int
		j := job(&ranges)
		j.Progress = func(done, total int) { progress = append(progress, done) }
		run, err := r.Run(admin(), j)
		if err != nil {
			t.Fatal(err)
		}
		want := [][2]string{{"", "k03"}, {"k03", "k06"}, {"k06", "k09"}, {"k09", ""}}
		if !slices.Equal(ranges, want) {
			t.Errorf("chunks %v, want %v", ranges, want)
		}
		if !slices.Equal(progress, []int{3, 6, 9, 10}) {
			t.Errorf("progress %v", progress)
		}
		if run.Status != batch.StatusDone || run.Done != 10 || run.Total != 10 || run.Actor != "system" || run.FinishedAt == nil {
			t.Errorf("run record %+v", run)
		}
		if got, want := string(run.Detail), `{"items":10}`; got != want {
			t.Errorf("detail %s, want %s", got, want)
		}
	})
}

// AfterChunk runs after each chunk has committed, outside its unit of work,
// numbered from 1; its error stops the run with the chunks before kept, and
// running the job again finishes it.
func TestRunnerAfterChunk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := batch.New(db)
		var ranges [][2]string
		j := job(&ranges)
		var after []int
		upkeep := errors.New("upkeep failed")
		j.AfterChunk = func(ctx context.Context, chunks int) error {
			// Outside the unit of work: the run record already holds the
			// chunk, as another connection reads it.
			run, err := r.Find(admin(), "test", "2025-01")
			if err != nil {
				return err
			}
			after = append(after, chunks)
			if run.Done != min(3*chunks, 10) {
				t.Errorf("after chunk %d the record holds %d done, want %d", chunks, run.Done, min(3*chunks, 10))
			}
			if chunks == 2 && len(after) == 2 {
				return upkeep
			}
			return nil
		}
		if _, err := r.Run(admin(), j); !errors.Is(err, upkeep) {
			t.Fatalf("err %v, want the upkeep's", err)
		}
		if run, err := r.Find(admin(), "test", "2025-01"); err != nil || run.Status != batch.StatusRunning || run.Cursor != "k06" {
			t.Fatalf("after the failed upkeep: %+v %v", run, err)
		}
		run, err := r.Run(admin(), j)
		if err != nil || run.Status != batch.StatusDone {
			t.Fatalf("run again: %+v %v", run, err)
		}
		if !slices.Equal(after, []int{1, 2, 1, 2, 3, 4}) {
			t.Errorf("AfterChunk saw %v, want 1, 2 then 1–4 again", after)
		}
	})
}

// A chunk that fails leaves the run recorded as running where it stopped,
// with the chunks before it kept; running the job again starts from the
// beginning (so that nothing added meanwhile is missed) and finishes it.
func TestRunnerFailureAndRerun(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := batch.New(db)
		var ranges [][2]string
		j := job(&ranges)
		chunk := j.Chunk
		boom := errors.New("boom")
		j.Chunk = func(ctx context.Context, lo, hi string) (int, error) {
			if lo == "k06" {
				return 0, boom
			}
			return chunk(ctx, lo, hi)
		}
		if _, err := r.Run(admin(), j); !errors.Is(err, boom) {
			t.Fatalf("err %v, want boom", err)
		}
		run, err := r.Find(admin(), "test", "2025-01")
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != batch.StatusRunning || run.Cursor != "k06" || run.Done != 6 {
			t.Errorf("interrupted run %+v", run)
		}
		ranges = nil
		j.Chunk = chunk
		if run, err = r.Run(admin(), j); err != nil || run.Status != batch.StatusDone {
			t.Fatalf("rerun %+v, %v", run, err)
		}
		if len(ranges) != 4 || ranges[0][0] != "" {
			t.Errorf("rerun chunks %v", ranges)
		}
	})
}

// Two runs of one job at the same time take each chunk in turn: no two
// chunks of the job are ever inside their units of work together.
func TestRunnerConcurrentRunsTakeTurns(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := batch.New(db)
		// The record exists before the race, as after any first run.
		var warm [][2]string
		if _, err := r.Run(admin(), job(&warm)); err != nil {
			t.Fatal(err)
		}
		var inside, overlaps atomic.Int32
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var ranges [][2]string
				j := job(&ranges)
				chunk := j.Chunk
				j.Chunk = func(ctx context.Context, lo, hi string) (int, error) {
					if inside.Add(1) > 1 {
						overlaps.Add(1)
					}
					defer inside.Add(-1)
					time.Sleep(20 * time.Millisecond) // long enough for the other run to arrive
					return chunk(ctx, lo, hi)
				}
				_, errs[i] = r.Run(admin(), j)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := overlaps.Load(); n != 0 {
			t.Errorf("%d chunks ran while another chunk of the same job was inside its unit of work", n)
		}
	})
}
