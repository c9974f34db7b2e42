// Package employ is the employment service (就业, issue #19,
// docs/DOMAIN.md §10): the labour register (劳动力资源台账) of every registry
// person of working age, with the employment status the village records,
// the status shebao derives from its own records, and where they disagree.
//
// Working age is policy's (labor.min_age to the statutory retirement age
// of retirement.rules, women by labor.female_original_age); the statuses
// derived from the data come from one set-based statement of the store,
// run for one person when a line is shown and over ranges of numbers when
// the register is rebuilt (a batch job, resumable and idempotent).
package employ

import (
	"context"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/batch"
	"github.com/shebao/shebao/policy"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx and the run records of the rebuild (batch.Runner).
	batch.Store
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)
	// PolicySet is the parameters in force.
	PolicySet(ctx context.Context) (*policy.Set, error)
	// PersonsByID reads persons wherever registered (the rules tell those
	// of another jurisdiction apart).
	PersonsByID(ctx context.Context, ids []string) (map[string]*shebao.Person, error)
	// EmployersByUSCC reads employers by code, for their names.
	EmployersByUSCC(ctx context.Context, codes []string) (map[string]*shebao.Employer, error)

	// LaborEntries reads the registered entries, unaudited.
	LaborEntries(ctx context.Context, ids []string) (map[string]*shebao.LaborEntry, error)
	// SaveLaborEntries writes new entries (Old nil) and changed ones, each
	// with its history and audit entry.
	SaveLaborEntries(ctx context.Context, ws []shebao.LaborWrite) error
	// FindLaborRecord reads a person's line with its entry (audited).
	FindLaborRecord(ctx context.Context, idNo string) (*shebao.LaborRecord, error)
	// LaborDerive derives one person's status on the day (nil: not of
	// working age or not living).
	LaborDerive(ctx context.Context, ages policy.LaborAges, idNo string) (*shebao.LaborDerived, error)
	// FindLabor lists lines of the register (audited).
	FindLabor(ctx context.Context, f shebao.LaborFilter) ([]*shebao.LaborRecord, int, error)
	// LaborPersonBound and RebuildLaborDerived are the chunks of the
	// rebuild; LaborDerivedCounts its totals.
	LaborPersonBound(ctx context.Context, lo string, n int) (string, error)
	RebuildLaborDerived(ctx context.Context, ages policy.LaborAges, lo, hi string) (int, error)
	LaborDerivedCounts(ctx context.Context, date string) (map[string]int, error)

	// 失业登记, 就业困难人员, 零就业家庭 (difficulty.go).
	DifficultyStore
	// 公益性岗位 (posts.go).
	PostStore
	// 职业培训 (training.go).
	TrainingStore
	// 职业介绍 and 劳务输出 (placement.go).
	PlacementStore
	// 社会保险补贴 of employers and flexible workers (subsidies.go).
	SubsidyStore
}

// Service keeps the labour register.
type Service struct {
	store  Store
	runner *batch.Runner
	// hire is the employer's 增员 a 录用 is (placement.go, UseHire).
	hire HireFunc
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store, runner: batch.New(store)} }

// begin checks that the context has an actor whose role may do the action
// (shebao.Actor.Authorize); the store asks again when it writes.
func (s *Service) begin(ctx context.Context, action string) error {
	if _, err := s.store.Jurisdiction(ctx); err != nil {
		return err
	}
	a, _ := shebao.ActorFrom(ctx)
	act := shebao.AuditAction(action, shebao.EntityLabor)
	// A citizen's one write is their own wishes (UpdateWishes: labor.update).
	if act.Verb == shebao.VerbWrite && action != "labor.update" && shebao.RoleOf(a).OwnOnly {
		return shebao.Errorf(shebao.EFORBIDDEN, "参保人只能更改本人的培训意愿和就业意愿")
	}
	return a.Authorize(act, "")
}

// workingAge is the working-age rule in force for the region on the day.
func workingAge(set *policy.Set, region string, day time.Time) (policy.WorkingAge, error) {
	return policy.WorkingAgeFor(set, region, day)
}

// ImportLabor stores rows of a labour-register file (shebao import labor)
// on today's date, in one unit of work: a row whose person is unknown (or
// outside the jurisdiction), deceased or not of working age, or whose
// status is unknown, is refused with its field; the same row again is
// Unchanged; a changed row updates the entry and keeps the previous state
// in its history.
func (s *Service) ImportLabor(ctx context.Context, run string, es []shebao.LaborEntry) (out []shebao.Outcome, errs []error, err error) {
	if err := s.begin(ctx, "labor.register"); err != nil {
		return nil, nil, err
	}
	if a, _ := shebao.ActorFrom(ctx); shebao.RoleOf(a).OwnOnly {
		return nil, nil, shebao.Errorf(shebao.EFORBIDDEN, "参保人只能更改本人的培训意愿和就业意愿")
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, nil, err
	}
	day := shebao.Today()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(es)), make([]error, len(es))
		ids := make([]string, 0, len(es))
		for i := range es {
			if id, err := shebao.CanonicalIDNo(es[i].IDNo); err == nil {
				es[i].IDNo = id
				ids = append(ids, id)
			}
		}
		persons, err := s.store.PersonsByID(ctx, ids)
		if err != nil {
			return err
		}
		have, err := s.store.LaborEntries(ctx, ids)
		if err != nil {
			return err
		}
		// The rows are checked one by one, against the entries as the rows
		// before them leave them, and written together: one recount of the
		// labour counters for the chunk, not one per row.
		var ws []shebao.LaborWrite
		for i := range es {
			e := es[i]
			w, o, err := s.plan(set, j, day, persons, have, &e, sourceOf(run, i))
			switch {
			case err != nil && shebao.ErrorCode(err) == shebao.EINTERNAL:
				return err
			case err != nil:
				errs[i] = err
			default:
				out[i] = o
				cp := e
				have[e.IDNo] = &cp
				if w != nil {
					ws = append(ws, *w)
				}
			}
		}
		return s.store.SaveLaborEntries(ctx, ws)
	})
	return out, errs, err
}

// sourceOf is the source of an entry written by row i (from 0) of import
// run `run`, or "api".
func sourceOf(run string, i int) string {
	if run == "api" {
		return "api"
	}
	return shebao.ImportSource(run, i+1)
}

// save checks one entry and writes it if it is new or changed (a form's
// or a flow's single entry). e is left normalised, with its new version.
func (s *Service) save(ctx context.Context, set *policy.Set, j shebao.Jurisdiction, day time.Time,
	persons map[string]*shebao.Person, have map[string]*shebao.LaborEntry, e *shebao.LaborEntry, source string) (shebao.Outcome, error) {
	w, o, err := s.plan(set, j, day, persons, have, e, source)
	if err != nil || w == nil {
		return o, err
	}
	return o, s.store.SaveLaborEntries(ctx, []shebao.LaborWrite{*w})
}

// plan checks one entry and returns the write it needs if it is new or
// changed (nil when unchanged). e is left normalised, with its new version.
func (s *Service) plan(set *policy.Set, j shebao.Jurisdiction, day time.Time,
	persons map[string]*shebao.Person, have map[string]*shebao.LaborEntry, e *shebao.LaborEntry, source string) (*shebao.LaborWrite, shebao.Outcome, error) {
	id, err := shebao.CanonicalIDNo(e.IDNo)
	if err != nil {
		return nil, 0, err
	}
	e.IDNo = id
	p := persons[id]
	if p == nil || !j.Contains(p.Region) {
		return nil, 0, shebao.FieldErrorf("身份证号", "%s", shebao.ErrorMessage(shebao.PersonNotFound(id)))
	}
	if p.Status != shebao.StatusAlive {
		return nil, 0, shebao.FieldErrorf("身份证号", "%s已登记死亡,不列入劳动力资源台账", p.Name)
	}
	if err := e.Check(); err != nil {
		return nil, 0, err
	}
	w, err := workingAge(set, p.Region, day)
	if err != nil {
		return nil, 0, err
	}
	birth, err := time.Parse(shebao.DateLayout, p.Birth)
	if err != nil {
		return nil, 0, err
	}
	if err := w.Check(birth, p.Sex); err != nil {
		return nil, 0, shebao.FieldErrorf("身份证号", "%s(%s出生)%s", p.Name, p.Birth, err.Error())
	}
	old := have[id]
	if old == nil {
		e.Version = 1
		return &shebao.LaborWrite{Source: source, Region: p.Region, Entry: e}, shebao.Created, nil
	}
	changes := shebao.LaborEntryChanges(old, e)
	if len(changes) == 0 {
		e.Version = old.Version
		return nil, shebao.Unchanged, nil
	}
	e.Version = old.Version + 1
	return &shebao.LaborWrite{Source: source, Region: p.Region, Old: old, Entry: e, Changes: changes}, shebao.Updated, nil
}

// Register records one person's entry from a form (the village's, a
// town's or a clerk's) and returns the line as it now reads, and whether
// the entry was created, updated or already so.
func (s *Service) Register(ctx context.Context, e shebao.LaborEntry) (*shebao.LaborRecord, shebao.Outcome, error) {
	out, errs, err := s.ImportLabor(ctx, "api", []shebao.LaborEntry{e})
	if err != nil {
		return nil, 0, err
	}
	if errs[0] != nil {
		return nil, 0, errs[0]
	}
	r, err := s.Show(ctx, e.IDNo, "")
	return r, out[0], err
}

// Show returns one person's line of the register on the day (YYYY-MM-DD,
// "" today): the status in force with its source, the village's entry,
// the status derived from the data and their disagreement (an audited
// read). A person not of working age on the day is shown with the reason,
// as an EINVALID error naming 身份证号.
func (s *Service) Show(ctx context.Context, idNo, date string) (*shebao.LaborRecord, error) {
	if err := s.begin(ctx, "labor.read"); err != nil {
		return nil, err
	}
	day := shebao.Today()
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return nil, err
		}
		day = d
	}
	r, err := s.store.FindLaborRecord(ctx, idNo)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	w, err := workingAge(set, r.Region, day)
	if err != nil {
		return nil, err
	}
	birth, err := time.Parse(shebao.DateLayout, r.Birth)
	if err != nil {
		return nil, err
	}
	r.Date, r.Age = day.Format(shebao.DateLayout), w.Age(birth)
	if r.RetireMonth, err = w.RetireMonth(birth, r.Sex); err != nil {
		return nil, err
	}
	if err := w.Check(birth, r.Sex); err != nil {
		return nil, shebao.FieldErrorf("身份证号", "%s(%s出生)%s", r.Name, r.Birth, err.Error())
	}
	ages, err := w.Ages()
	if err != nil {
		return nil, err
	}
	if r.Derived, err = s.store.LaborDerive(ctx, ages, r.IDNo); err != nil {
		return nil, err
	}
	if r.Derived != nil && r.Derived.Status == "" {
		r.Derived = nil
	}
	shebao.ResolveLabor(r)
	if err := s.employerNames(ctx, []*shebao.LaborRecord{r}); err != nil {
		return nil, err
	}
	return r, nil
}

// employerNames fills the names of the records' employers.
func (s *Service) employerNames(ctx context.Context, rs []*shebao.LaborRecord) error {
	var codes []string
	for _, r := range rs {
		if r.Employer != "" {
			codes = append(codes, r.Employer)
		}
	}
	if len(codes) == 0 {
		return nil
	}
	es, err := s.store.EmployersByUSCC(ctx, codes)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if e := es[r.Employer]; e != nil {
			r.EmployerName = e.Name
		}
	}
	return nil
}

// FindLabor lists lines of the register in the actor's jurisdiction, as
// of the last rebuild of the derived statuses.
func (s *Service) FindLabor(ctx context.Context, f shebao.LaborFilter) ([]*shebao.LaborRecord, int, error) {
	if f.Status != "" {
		st, ok := shebao.LaborStatusOf(f.Status)
		if !ok {
			return nil, 0, shebao.FieldErrorf("status", "未知的就业状态“%s”", f.Status)
		}
		f.Status = st
	}
	rs, n, err := s.store.FindLabor(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return rs, n, s.employerNames(ctx, rs)
}

// JobRebuild is the batch-job kind of the rebuild of derived statuses.
const JobRebuild = "labor-derive"

// rebuildChunk is the number of persons a chunk of the rebuild scans.
var rebuildChunk = 10000

// Rebuild derives the statuses of every person of working age in the
// actor's jurisdiction on the day (YYYY-MM-DD, "" today) from shebao's
// records into the register (labor_derived), set-based, in chunks of
// persons by number: a batch job (kind labor-derive, period the day) that
// a crash leaves to be finished by running it again, and that changes
// nothing when run again on unchanged data. The working-age parameters are
// those in force for the actor's region.
func (s *Service) Rebuild(ctx context.Context, date string, progress func(done, total int)) (*shebao.LaborRebuild, error) {
	if err := s.begin(ctx, "labor.derive"); err != nil {
		return nil, err
	}
	day := shebao.Today()
	if date != "" {
		d, err := shebao.ParseDate("日期", date)
		if err != nil {
			return nil, err
		}
		day = d
	}
	a, _ := shebao.ActorFrom(ctx)
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	w, err := workingAge(set, a.Region, day)
	if err != nil {
		return nil, err
	}
	ages, err := w.Ages()
	if err != nil {
		return nil, err
	}
	res := &shebao.LaborRebuild{Date: ages.Date}
	_, err = s.runner.Run(ctx, batch.Job{Kind: JobRebuild, Period: ages.Date,
		Bound: func(ctx context.Context, lo string) (string, error) {
			return s.store.LaborPersonBound(ctx, lo, rebuildChunk)
		},
		Chunk: func(ctx context.Context, lo, hi string) (int, error) {
			return s.store.RebuildLaborDerived(ctx, ages, lo, hi)
		},
		Finish: func(ctx context.Context) (any, error) {
			counts, err := s.store.LaborDerivedCounts(ctx, ages.Date)
			if err != nil {
				return nil, err
			}
			res.Persons, res.Derived, res.ByStatus = 0, 0, map[string]int{}
			for st, n := range counts {
				res.Persons += n
				if st != "" {
					res.Derived += n
					res.ByStatus[st] = n
				}
			}
			return res, nil
		},
		Progress: progress,
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// UpdateWishes changes the training and work wishes of one person's line
// of the register, keeping the rest: what a citizen may change of their
// own line (and a village, town or clerk of anyone's in the jurisdiction).
// A person without a line yet gets one only from the village's status: a
// citizen cannot register a status, so the line must exist.
func (s *Service) UpdateWishes(ctx context.Context, idNo, training, work string) (*shebao.LaborRecord, error) {
	if err := s.begin(ctx, "labor.update"); err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	id, err := shebao.CanonicalIDNo(idNo)
	if err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if shebao.RoleOf(a).OwnOnly && id != a.IDNo {
		return nil, shebao.PersonNotFound(id)
	}
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		persons, err := s.store.PersonsByID(ctx, []string{id})
		if err != nil {
			return err
		}
		have, err := s.store.LaborEntries(ctx, []string{id})
		if err != nil {
			return err
		}
		old := have[id]
		if p := persons[id]; p == nil || !j.Contains(p.Region) {
			return shebao.PersonNotFound(id)
		}
		if old == nil {
			return shebao.Errorf(shebao.ENOTFOUND, "劳动力资源台账中还没有该人员的登记,请联系所在村(社区)登记就业状态")
		}
		e := *old
		e.TrainingWish, e.WorkWish = training, work
		_, err = s.save(ctx, set, j, shebao.Today(), persons, have, &e, "api")
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Show(ctx, id, "")
}
