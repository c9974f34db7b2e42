// Package ingest imports clerks' spreadsheets (.xlsx, .csv) into the
// registry. Every row is validated; good rows land, bad rows are reported
// with the row number as the spreadsheet shows it, the field and the reason,
// and can be written back to a file for the clerk to fix. Files stream in
// chunks, each stored in one transaction, so memory stays flat as files grow
// and an interrupted import is finished by running it again: a row already
// stored is "unchanged" the second time.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sheet"
)

// problems are the errors joined in err (errors.Join), or err alone.
func problems(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, problems(e)...)
		}
		return out
	}
	return []error{err}
}

// RowError is one rejected row: its number as the spreadsheet shows it
// (the header is row 1), the field and the reason.
type RowError struct {
	Row    int    `json:"row"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// MaxErrors bounds the errors kept in a Summary; all of them still go to the
// errors-out file.
const MaxErrors = 10000

// Summary is the result of an import.
type Summary struct {
	Kind            string     `json:"kind"`
	File            string     `json:"file"`
	Run             string     `json:"run"`
	Read            int        `json:"read"`
	Created         int        `json:"created"`
	Updated         int        `json:"updated"`
	Unchanged       int        `json:"unchanged"`
	Rejected        int        `json:"rejected"`
	Errors          []RowError `json:"errors"`
	ErrorsTruncated bool       `json:"errors_truncated,omitempty"`
	IgnoredColumns  []string   `json:"ignored_columns"`
	Seconds         float64    `json:"seconds"`
	// Reassessed: a declarations file's months that had been assessed at
	// the undeclared factor, assessed again on it (by month).
	Reassessed []*shebao.AssessResult `json:"reassessed,omitempty"`
}

// Options tune an import.
type Options struct {
	// ErrorsOut, when set, is an .xlsx or .csv file to which every rejected
	// row is written with its reason, for the clerk to correct and re-import.
	ErrorsOut string
	// Progress, when set, is called after each chunk with the rows read and
	// the reader's progress (bytes or rows done of total; total 0 = unknown).
	Progress func(read int, done, total int64)
	// ChunkSize is the number of rows per transaction (default 10000).
	ChunkSize int
	// Project is the 增减挂钩 project of an import of its 拆旧 households
	// (ProjectPlots); other kinds ignore it.
	Project string
}

// item is one parsed row waiting to be stored.
type item[T any] struct {
	row int
	raw []string
	v   T
}

// kind is what differs between imports of persons, employers, regions…
type kind[T any] struct {
	name   string
	fields []sheet.Field
	// parse turns a row into a record or a row error.
	parse func(r sheet.Row) (T, error)
	// key identifies a record, to find duplicates within a chunk.
	key func(T) string
	// store writes a chunk; errs holds per-record rejections.
	store func(ctx context.Context, run string, items []item[T]) ([]shebao.Outcome, []error, error)
}

// run is the common import loop.
func run[T any](ctx context.Context, svc *app.App, k kind[T], path string, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.ChunkSize <= 0 {
		// Large enough that commits (WAL write and checkpoint on SQLite)
		// are few; small enough that memory stays around 150 MB.
		opt.ChunkSize = 10000
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	rd, err := sheet.Open(path, k.fields)
	if err != nil {
		return nil, err
	}
	defer rd.Close()

	s := &Summary{Kind: k.name, File: filepath.Base(path), Errors: []RowError{}, IgnoredColumns: rd.Unknown()}
	if s.IgnoredColumns == nil {
		s.IgnoredColumns = []string{}
	}
	var out *sheet.Writer
	if opt.ErrorsOut != "" {
		out, err = sheet.Create(opt.ErrorsOut, append(append([]string{"原行号"}, rd.Header()...), "错误字段", "错误原因"))
		if err != nil {
			return nil, err
		}
	}
	s.Run, err = svc.Registry.StartImportRun(ctx, k.name, s.File, sum)
	if err != nil {
		return nil, err
	}
	reject := func(row int, raw []string, err error) error {
		s.Rejected++
		// Every problem of the row (errors.Join of several), each with
		// its field; the errors file gets the row once with all of them.
		var fields, reasons []string
		for _, p := range problems(err) {
			field, reason := "", shebao.ErrorMessage(p)
			var e *shebao.Error
			if errors.As(p, &e) {
				field = e.Field
			}
			fields, reasons = append(fields, field), append(reasons, reason)
			if len(s.Errors) < MaxErrors {
				s.Errors = append(s.Errors, RowError{Row: row, Field: field, Reason: reason})
			} else {
				s.ErrorsTruncated = true
			}
		}
		if out != nil {
			cells := append([]string{itoa(row)}, raw...)
			for len(cells) < len(rd.Header())+1 {
				cells = append(cells, "")
			}
			return out.Write(append(cells, strings.Join(fields, "、"), strings.Join(reasons, ";")))
		}
		return nil
	}

	// The file is read and parsed one chunk ahead of the store, in its own
	// goroutine, so that parsing overlaps the database's work; chunks are
	// stored, and their outcomes counted, strictly in file order.
	batches := make(chan batch[T], 1)
	readCtx, stopReading := context.WithCancel(ctx)
	go readBatches(readCtx, rd, k, opt.ChunkSize, batches)
	// On an early return, stop the reader and wait for it before the file
	// is closed (deferred earlier, so it runs after this).
	defer func() {
		stopReading()
		for range batches {
		}
	}()
	stored := 0 // chunks stored
	for b := range batches {
		s.Read += b.read
		for _, rj := range b.rejects {
			if err := reject(rj.row, rj.raw, rj.err); err != nil {
				return s, err
			}
		}
		if b.err != nil {
			return s, b.err
		}
		if len(b.items) > 0 {
			outcomes, errs, err := k.store(ctx, s.Run, b.items)
			if err != nil {
				return s, err
			}
			// The planner's statistics follow the tables the import grows
			// (registry.Service.RefreshStatisticsAfter).
			stored++
			if err := svc.Registry.RefreshStatisticsAfter(ctx, stored); err != nil {
				return s, err
			}
			for i, it := range b.items {
				if errs[i] != nil {
					if err := reject(it.row, it.raw, errs[i]); err != nil {
						return s, err
					}
					continue
				}
				switch outcomes[i] {
				case shebao.Created:
					s.Created++
				case shebao.Updated:
					s.Updated++
				case shebao.Unchanged:
					s.Unchanged++
				}
			}
		}
		if opt.Progress != nil {
			opt.Progress(s.Read, b.done, b.total)
		}
	}
	if err := ctx.Err(); err != nil {
		return s, err
	}
	if out != nil {
		if err := out.Close(); err != nil {
			return s, err
		}
	}
	s.Seconds = time.Since(start).Seconds()
	status := "done"
	err = svc.Registry.FinishImportRun(ctx, shebao.ImportRun{ID: s.Run, Status: status, Read: s.Read, Created: s.Created,
		Updated: s.Updated, Unchanged: s.Unchanged, Rejected: s.Rejected})
	return s, err
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", shebao.Errorf(shebao.EINVALID, "无法打开文件%s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// batch is one chunk of a file, parsed: the records to store, the rows
// rejected while parsing, and how far the reader got.
type batch[T any] struct {
	items       []item[T]
	rejects     []rejection
	read        int
	done, total int64
	err         error // a whole-file problem; the last batch
}

type rejection struct {
	row int
	raw []string
	err error
}

// readBatches reads and parses the file into batches of up to size records.
// A number twice in one batch is rejected here; twice in different batches
// it is caught by the store (sqldb.ImportSource).
func readBatches[T any](ctx context.Context, rd *sheet.Reader, k kind[T], size int, out chan<- batch[T]) {
	defer close(out)
	send := func(b batch[T]) bool {
		b.done, b.total = rd.Progress()
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	var b batch[T]
	seen := map[string]int{} // key → row, within the batch
	for {
		if ctx.Err() != nil {
			return
		}
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.err = err
			send(b)
			return
		}
		b.read++
		v, err := k.parse(r)
		if err != nil {
			b.rejects = append(b.rejects, rejection{r.Num, r.Raw, err})
			continue
		}
		key := k.key(v)
		if first, dup := seen[key]; dup {
			b.rejects = append(b.rejects, rejection{r.Num, r.Raw, shebao.FieldErrorf(k.fields[0].Aliases[0], "与本文件第%d行重复", first)})
			continue
		}
		seen[key] = r.Num
		b.items = append(b.items, item[T]{row: r.Num, raw: r.Raw, v: v})
		if len(b.items) >= size {
			if !send(b) {
				return
			}
			b = batch[T]{}
			clear(seen)
		}
	}
	send(b)
}
