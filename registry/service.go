// Package registry is the one registry of 五险合一: regions, persons, employers and
// imports of them, the review of likely double registrations (重复参保) and the
// comparison with outside lists (another district, civil affairs' 低保 list,
// the death register). Every scheme builds on it.
package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx runs fn as one unit of work (see sqldb.DB.InTx).
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Jurisdiction is the context's actor's (EUNAUTHORIZED without one).
	Jurisdiction(ctx context.Context) (shebao.Jurisdiction, error)

	FindPerson(ctx context.Context, idNo string) (*shebao.Person, error)
	FindPersons(ctx context.Context, f shebao.PersonFilter) ([]*shebao.Person, int, error)
	CreatePerson(ctx context.Context, p *shebao.Person) error
	UpdatePerson(ctx context.Context, idNo string, u shebao.PersonUpdate) (*shebao.Person, error)
	PersonHistory(ctx context.Context, idNo string) ([]*shebao.PersonVersion, error)
	// PersonsByID reads persons wherever registered (for the rules only).
	PersonsByID(ctx context.Context, ids []string) (map[string]*shebao.Person, error)
	// InsertPersons registers new persons of an import run.
	InsertPersons(ctx context.Context, run string, ps []*shebao.Person) error
	// ChangePerson writes a changed person with its history.
	ChangePerson(ctx context.Context, reason string, old, p *shebao.Person, changes []shebao.Change) error

	FindEmployer(ctx context.Context, uscc string) (*shebao.Employer, error)
	FindEmployers(ctx context.Context, f shebao.EmployerFilter) ([]*shebao.Employer, int, error)
	CreateEmployer(ctx context.Context, e *shebao.Employer) error
	UpdateEmployer(ctx context.Context, uscc string, u shebao.EmployerUpdate) (*shebao.Employer, error)
	EmployersByUSCC(ctx context.Context, codes []string) (map[string]*shebao.Employer, error)
	InsertEmployers(ctx context.Context, run string, es []*shebao.Employer) error
	ChangeEmployer(ctx context.Context, reason string, old, e *shebao.Employer, changes []shebao.Change) error

	FindRegion(ctx context.Context, code string) (*shebao.Region, error)
	FindRegions(ctx context.Context, f shebao.RegionFilter) ([]*shebao.Region, int, error)
	SaveRegion(ctx context.Context, r *shebao.Region) (bool, error)
	RegionNames(ctx context.Context) (map[string]string, error)
	// StoreRegion saves a region in the unit of work of ctx.
	StoreRegion(ctx context.Context, r *shebao.Region) (created, changed bool, err error)

	StartImportRun(ctx context.Context, kind string, fileName string, sha string) (string, error)
	// Analyze refreshes the engine's planner statistics of the tables a
	// bulk load has grown (sqldb.DB.Analyze).
	Analyze(ctx context.Context) error
	FinishImportRun(ctx context.Context, r shebao.ImportRun) error
	CountImportRuns(ctx context.Context, status string) (int, error)

	// DuplicatePairs are the candidate pairs of a scan in the jurisdiction.
	DuplicatePairs(ctx context.Context) ([][2]*shebao.Person, error)
	// QueueDuplicates adds likely pairs to the review queue (keeping
	// earlier decisions) and returns how many are new.
	QueueDuplicates(ctx context.Context, pairs []*shebao.DuplicateCandidate) (int, error)
	DuplicateCounts(ctx context.Context) (pending, deceasedOpen int, err error)
	FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error)
	// QueuedPair is the queue's entry of the ordered pair in the
	// jurisdiction, or ENOTFOUND.
	QueuedPair(ctx context.Context, x, y string) (*shebao.QueuedPair, error)
	DecideDuplicate(ctx context.Context, q *shebao.QueuedPair, status, note string) error
	MergeWaiting(ctx context.Context, x, y string) (bool, error)
	SubmitMerge(ctx context.Context, region, summary string, m shebao.MergeRequest) (*shebao.Approval, error)
	PersonEnrollmentSlots(ctx context.Context, idNo string) ([]shebao.EnrollmentSlot, error)
	SlotHolder(ctx context.Context, idNo, slot string) (*shebao.Enrollment, error)
	EnrollmentByID(ctx context.Context, id string) (*shebao.Enrollment, error)
	CloseEnrollment(ctx context.Context, n *shebao.Enrollment, action, to, date, reason string) error
	MoveEnrollment(ctx context.Context, id string, keep *shebao.Person, withSlot bool, reason string) error
	MarkMerged(ctx context.Context, drop *shebao.Person, keep, reason string, changes []shebao.Change) error

	// OpenEnrollments are the enrollments holding a person's slots.
	OpenEnrollments(ctx context.Context, idNo string) ([]*shebao.Enrollment, error)
	ChangeEnrollment(ctx context.Context, id string, req shebao.ChangeRequest) (*shebao.Enrollment, error)
	// SettleDeaths ends the deceased persons' benefits with the month of
	// death and finds what was paid after it.
	SettleDeaths(ctx context.Context, ids []string) (stopped, found int, err error)
	RecordListMatch(ctx context.Context, list string, entries, matches int) error
	// AssistCaseOf is the person's open 低保 case (社会救助, issue #18):
	// its number, status and first month, or "" for none.
	AssistCaseOf(ctx context.Context, idNo string) (id, status, startMonth string, err error)
	// FindAssistCases lists 低保 cases in the actor's jurisdiction (an
	// audited list): the approved ones missing from the civil affairs'
	// list are differences too.
	FindAssistCases(ctx context.Context, f shebao.AssistCaseFilter) ([]*shebao.AssistCase, int, error)
}

// Service is the registry of regions, persons and employers.
type Service struct {
	store Store
	// afterDeath is told of a death recorded here (the death register's
	// matching, a change of the person to 死亡), after the benefits are
	// settled: the 特困 case of the person ends (assist.TekunDeath, set by
	// app). It returns what it did, for the clerk ("" for nothing).
	afterDeath func(ctx context.Context, idNo string) (string, error)
}

// UseAfterDeath sets what a recorded death also does (app wires the 特困
// cases, tekun).
func (s *Service) UseAfterDeath(fn func(ctx context.Context, idNo string) (string, error)) {
	s.afterDeath = fn
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
	p, err := s.store.UpdatePerson(ctx, idNo, u)
	if err == nil && s.afterDeath != nil && u.Status != nil && *u.Status == shebao.StatusDeceased {
		_, err = s.afterDeath(ctx, p.IDNo)
	}
	return p, err
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
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		j, err := s.store.Jurisdiction(ctx)
		if err != nil {
			return err
		}
		out, errs = make([]shebao.Outcome, len(es)), make([]error, len(es))
		keys := make([]string, 0, len(es))
		for _, e := range es {
			keys = append(keys, e.USCC)
		}
		existing, err := s.store.EmployersByUSCC(ctx, keys)
		if err != nil {
			return err
		}
		var fresh []*shebao.Employer
		for i, e := range es {
			old := existing[e.USCC]
			var oldRegion, oldSource string
			if old != nil {
				oldRegion, oldSource = old.Region, old.Source
			}
			switch out[i], errs[i] = importOutcome(j, run, e.Region, old != nil, oldRegion, oldSource, "统一社会信用代码",
				"统一社会信用代码与本文件第%d行重复", "该单位已在您辖区以外的区划%s登记"); {
			case errs[i] != nil:
			case out[i] == shebao.Created:
				fresh = append(fresh, e)
			default:
				changes := shebao.EmployerChanges(old, e)
				if len(changes) == 0 {
					out[i] = shebao.Unchanged
					continue
				}
				if err := s.store.ChangeEmployer(ctx, "批量导入", old, e, changes); err != nil {
					return err
				}
			}
		}
		return s.store.InsertEmployers(ctx, run, fresh)
	})
	return out, errs, err
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

// ImportRegions stores a region list in one unit of work, parents before
// children whatever the order of the list (a region's parent must exist:
// its level is one less, so storing by level is enough). A region that
// cannot be stored (its parent is missing, it lies outside the actor's
// jurisdiction) gets an error in errs; the others are stored.
func (s *Service) ImportRegions(ctx context.Context, rs []*shebao.Region) (out []shebao.Outcome, errs []error, err error) {
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rs[order[a]].Level < rs[order[b]].Level })
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out, errs = make([]shebao.Outcome, len(rs)), make([]error, len(rs))
		for _, i := range order {
			created, changed, err := s.store.StoreRegion(ctx, rs[i])
			switch {
			case err != nil && shebao.ErrorCode(err) != shebao.EINTERNAL:
				errs[i] = err
			case err != nil:
				return err
			case created:
				out[i] = shebao.Created
			case changed:
				out[i] = shebao.Updated
			default:
				out[i] = shebao.Unchanged
			}
		}
		return nil
	})
	return out, errs, err
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
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		j, err := s.store.Jurisdiction(ctx)
		if err != nil {
			return err
		}
		out, errs = make([]shebao.Outcome, len(ps)), make([]error, len(ps))
		keys := make([]string, 0, len(ps))
		for _, p := range ps {
			keys = append(keys, p.IDNo)
		}
		existing, err := s.store.PersonsByID(ctx, keys)
		if err != nil {
			return err
		}
		var fresh []*shebao.Person
		for i, p := range ps {
			old := existing[p.IDNo]
			var oldRegion, oldSource string
			if old != nil {
				oldRegion, oldSource = old.Region, old.Source
			}
			switch out[i], errs[i] = importOutcome(j, run, p.Region, old != nil, oldRegion, oldSource, "身份证号",
				"身份证号与本文件第%d行重复", "此人已在您辖区以外的区划%s登记"); {
			case errs[i] != nil:
			case out[i] == shebao.Created:
				fresh = append(fresh, p)
			default:
				changes := shebao.PersonChanges(old, p)
				if len(changes) == 0 {
					out[i] = shebao.Unchanged
					continue
				}
				if err := s.store.ChangePerson(ctx, "批量导入", old, p, changes); err != nil {
					return err
				}
			}
		}
		return s.store.InsertPersons(ctx, run, fresh)
	})
	return out, errs, err
}

// importOutcome decides an imported record of the registry against the
// record registered under its key, if any: outside the actor's
// jurisdiction it is refused; a key written by an earlier row of the same
// run is a repeat within the file (dupRow names the row); a record
// registered in another jurisdiction is not the actor's to change
// (elsewhere names its region); a new key is created, and an existing one
// is updated (Updated) — or left unchanged when nothing differs, which the
// caller sees from the changes.
func importOutcome(j shebao.Jurisdiction, run, region string, exists bool, oldRegion, oldSource, field, dupRow, elsewhere string) (shebao.Outcome, error) {
	switch {
	case !j.Contains(region):
		return 0, shebao.FieldErrorf("所属区划", "区划%s不在您的管辖范围内", region)
	case !exists:
		return shebao.Created, nil
	}
	if row, ok := shebao.RowInRun(oldSource, run); ok {
		return 0, shebao.FieldErrorf(field, dupRow, row)
	}
	if !j.Contains(oldRegion) {
		return 0, shebao.FieldErrorf(field, elsewhere, oldRegion)
	}
	return shebao.Updated, nil
}

// StartImportRun records the start of an import and returns its id, which
// becomes the source of every record the import writes.
func (s *Service) StartImportRun(ctx context.Context, kind string, fileName string, sha string) (string, error) {
	return s.store.StartImportRun(ctx, kind, fileName, sha)
}

// RefreshStatistics brings the planner's statistics up to the tables a
// bulk load is growing (sqldb.DB.Analyze: only the tables past
// autovacuum's threshold, so it costs nothing when the load was small).
func (s *Service) RefreshStatistics(ctx context.Context) error {
	return s.store.Analyze(ctx)
}

// RefreshStatisticsAfter is the one schedule of RefreshStatistics for a
// bulk load that commits chunk by chunk (every import, ingest; shebao
// gen): chunk is the number of chunks the load has committed, from 1, and
// the statistics are refreshed after the 1st, 2nd, 4th, 8th … — each time
// the data the load wrote has doubled, so they are never more than half
// its size behind, in log₂(chunks) refreshes.
func (s *Service) RefreshStatisticsAfter(ctx context.Context, chunk int) error {
	if !DoublingPoint(chunk) {
		return nil
	}
	return s.RefreshStatistics(ctx)
}

// DoublingPoint tells whether the chunk-th chunk (from 1) doubles what a
// load has written: 1, 2, 4, 8, …
func DoublingPoint(chunk int) bool { return chunk >= 1 && chunk&(chunk-1) == 0 }

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
// jurisdiction. Candidate pairs are found by the store's set-based joins —
// the same name in the same village, or the same name and birth date
// anywhere — and scored here (shebao.LikelyDuplicate); likely pairs go to
// the review queue, where earlier decisions are kept: a dismissed pair is
// not raised again.
func (s *Service) ScanDuplicates(ctx context.Context) (*shebao.ScanResult, error) {
	pairs, err := s.store.DuplicatePairs(ctx)
	if err != nil {
		return nil, err
	}
	var likely []*shebao.DuplicateCandidate
	for _, p := range pairs {
		if reason, score := shebao.LikelyDuplicate(p[0], p[1]); score > 0 {
			likely = append(likely, &shebao.DuplicateCandidate{A: p[0], B: p[1], Reason: reason, Score: score})
		}
	}
	res := &shebao.ScanResult{Pairs: len(likely)}
	if res.New, err = s.store.QueueDuplicates(ctx, likely); err != nil {
		return nil, err
	}
	if res.Pending, res.DeceasedOpen, err = s.store.DuplicateCounts(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// FindDuplicates lists review-queue entries with the given status (default
// pending), best candidates first.
func (s *Service) FindDuplicates(ctx context.Context, status string, limit int) ([]*shebao.DuplicateCandidate, error) {
	return s.store.FindDuplicates(ctx, status, limit)
}

// DismissDuplicate records that the pair is two different people.
// Dismissing moves no money and changes no entitlement: no second user.
func (s *Service) DismissDuplicate(ctx context.Context, a string, b string, note string) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		q, err := s.pending(ctx, a, b)
		if err != nil {
			return err
		}
		return s.store.DecideDuplicate(ctx, q, shebao.DupDismissed, note)
	})
}

// pending returns the pending review-queue entry of a and b (in either
// order) within the actor's jurisdiction: a pair decided before is a
// conflict.
func (s *Service) pending(ctx context.Context, a, b string) (*shebao.QueuedPair, error) {
	if _, err := s.store.Jurisdiction(ctx); err != nil {
		return nil, err
	}
	ca, err := shebao.CanonicalIDNo(a)
	if err != nil {
		return nil, err
	}
	cb, err := shebao.CanonicalIDNo(b)
	if err != nil {
		return nil, err
	}
	x, y := shebao.OrderedPair(ca, cb)
	q, err := s.store.QueuedPair(ctx, x, y)
	if err != nil {
		return nil, err
	}
	if q.Status != shebao.DupPending {
		return nil, shebao.Errorf(shebao.ECONFLICT, "这一对已于此前处理(%s)", q.Status)
	}
	return q, nil
}

// pairPersons returns the two registrations of a merge, keep first.
func (s *Service) pairPersons(ctx context.Context, keep, drop string) (k, d string, kp, dp *shebao.Person, err error) {
	k, _ = shebao.CanonicalIDNo(keep)
	d, _ = shebao.CanonicalIDNo(drop)
	ps, err := s.store.PersonsByID(ctx, []string{k, d})
	if err != nil {
		return "", "", nil, nil, err
	}
	if kp, dp = ps[k], ps[d]; kp == nil || dp == nil {
		return "", "", nil, nil, shebao.PersonNotFound(d)
	}
	return k, d, kp, dp, nil
}

// MergeDuplicate asks for person drop to be merged into person keep. A
// merge changes entitlements, so it only waits in the approval queue
// (经办); it is carried out when a second user approves it (复核,
// ExecuteMerge).
func (s *Service) MergeDuplicate(ctx context.Context, keep string, drop string, note string) (*shebao.Approval, error) {
	var out *shebao.Approval
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		q, err := s.pending(ctx, keep, drop)
		if err != nil {
			return err
		}
		k, d, kp, dp, err := s.pairPersons(ctx, keep, drop)
		if err != nil {
			return err
		}
		waiting, err := s.store.MergeWaiting(ctx, q.A, q.B)
		if err != nil {
			return err
		}
		if waiting {
			return shebao.Errorf(shebao.ECONFLICT, "这一对的合并申请已在等待复核")
		}
		out, err = s.store.SubmitMerge(ctx, q.Region,
			fmt.Sprintf("将%s(%s,%s)合并至%s(%s,%s)", idno.MaskID(d), dp.Name, dp.RegionName, idno.MaskID(k), kp.Name, kp.RegionName),
			shebao.MergeRequest{Keep: k, Drop: d, Note: note})
		return err
	})
	return out, err
}

// MatchList matches a chunk of an outside list against the persons in the
// actor's jurisdiction and says for each match what to do about it.
// Matches on the death register are applied at once when the name agrees:
// the death is recorded, the person's open enrollments are suspended
// (暂停缴费 / 暂停发放) for the clerk to settle, and benefits end with the
// month of death, what was paid for later months becoming an overpayment
// to recover.
func (s *Service) MatchList(ctx context.Context, list string, entries []shebao.ListEntry) ([]*shebao.Match, error) {
	j, err := s.store.Jurisdiction(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := shebao.ListNames[list]; !ok {
		return nil, shebao.FieldErrorf("名单类型", "未知名单类型“%s”(insured、dibao、death)", list)
	}
	var out []*shebao.Match
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		out = nil
		keys := make([]string, len(entries))
		byID := map[string]shebao.ListEntry{}
		for i, e := range entries {
			keys[i] = e.IDNo
			byID[e.IDNo] = e
		}
		all, err := s.store.PersonsByID(ctx, nonEmpty(keys))
		if err != nil {
			return err
		}
		var found []*shebao.Person // in the list's order
		for _, e := range entries {
			if p, ok := all[e.IDNo]; ok && j.Contains(p.Region) {
				found = append(found, p)
				delete(all, e.IDNo)
			}
		}
		for _, p := range found {
			e := byID[p.IDNo]
			m := &shebao.Match{Row: e.Row, IDNo: p.IDNo, ListName: e.Name, Name: p.Name, Region: p.Region, RegionName: p.RegionName,
				NameMatches: e.Name == "" || e.Name == p.Name, Open: []string{}}
			open, err := s.store.OpenEnrollments(ctx, p.IDNo)
			if err != nil {
				return err
			}
			for _, n := range open {
				m.Open = append(m.Open, n.Describe())
			}
			if !m.NameMatches {
				m.Suggestion = fmt.Sprintf("姓名不一致(名单为“%s”,登记为“%s”),请人工核对后处理", e.Name, p.Name)
				out = append(out, m)
				continue
			}
			switch list {
			case shebao.ListInsured:
				if len(open) == 0 {
					m.Suggestion = "本地无在保记录,无需处理"
				} else {
					m.Suggestion = "跨地区重复参保:核实后终止一方参保关系,并办理转移或退费"
				}
			case shebao.ListDibao:
				// The list is compared with shebao's own 低保 decisions
				// (assist), and the flag with both.
				id, status, start, err := s.store.AssistCaseOf(ctx, p.IDNo)
				if err != nil {
					return err
				}
				flagged := slices.Contains(p.Flags, shebao.FlagDibao)
				switch {
				case status == shebao.CaseApproved:
					m.Suggestion = fmt.Sprintf("与本系统一致:低保案件%s已批准,自%s起", id, start)
				case id != "":
					m.Suggestion = fmt.Sprintf("差异:本系统低保案件%s尚在办理(%s),民政名单已有,请核实", id, status)
				case flagged:
					m.Suggestion = "差异:有低保标识但本系统无批准的低保案件(手工标识或外地批准),请核实后在本系统办理"
				default:
					m.Suggestion = "差异:民政名单有、本系统无低保案件和标识;请核实后在本系统办理低保,或添加低保标识(可享受城乡居民养老保险代缴和医疗救助资助参保)"
				}
			case shebao.ListDeath:
				if p.Status == shebao.StatusDeceased {
					m.Suggestion = "已登记死亡"
					break
				}
				m.Suggestion = "已记录死亡并暂停参保,请核查死亡后是否多发待遇(死亡冒领追回)并办理终止"
				applied, err := s.recordDeath(ctx, p, e.DeathDate, open)
				if err != nil {
					return err
				}
				stopped, found, err := s.store.SettleDeaths(ctx, []string{p.IDNo})
				if err != nil {
					return err
				}
				if stopped > 0 || found > 0 {
					applied += fmt.Sprintf(",终止待遇%d项,死亡后多发%d个月待追回", stopped, found)
				}
				if s.afterDeath != nil {
					if did, err := s.afterDeath(ctx, p.IDNo); err != nil {
						return err
					} else if did != "" {
						applied += "," + did
					}
				}
				m.Applied = applied
			}
			out = append(out, m)
		}
		if list == shebao.ListDibao {
			missing, err := s.approvedNotListed(ctx, byID)
			if err != nil {
				return err
			}
			out = append(out, missing...)
		}
		return s.store.RecordListMatch(ctx, list, len(entries), len(out))
	})
	return out, err
}

// approvedNotListed is the other side of the 低保 comparison: the cases
// shebao approved (in the actor's jurisdiction) none of whose members is on
// the civil affairs' list — a stop not recorded here, or a household
// missing from the list. Each is a difference without a row (Row 0), named
// by the applicant.
func (s *Service) approvedNotListed(ctx context.Context, listed map[string]shebao.ListEntry) ([]*shebao.Match, error) {
	var out []*shebao.Match
	for offset := 0; ; {
		cs, total, err := s.store.FindAssistCases(ctx, shebao.AssistCaseFilter{Status: shebao.CaseApproved, Offset: offset, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if slices.ContainsFunc(c.Members, func(m shebao.AssistCaseMember) bool { _, ok := listed[m.IDNo]; return ok }) {
				continue
			}
			head := c.Members[0]
			out = append(out, &shebao.Match{IDNo: head.IDNo, Name: head.Name, Region: c.Region, NameMatches: true, Open: []string{},
				Suggestion: fmt.Sprintf("差异:本系统低保案件%s已批准(自%s起,%d人,每月%s元),民政名单中无该户成员;请核实后停保,或请民政部门补入名单",
					c.ID, c.StartMonth, len(c.Members), c.Monthly)})
		}
		offset += len(cs)
		if len(cs) == 0 || offset >= total {
			return out, nil
		}
	}
}

// recordDeath marks a person deceased on the date and suspends their open
// enrollments (those already suspended stay as they are), from the death
// or, for an enrollment that started later, from its start.
func (s *Service) recordDeath(ctx context.Context, p *shebao.Person, date string, open []*shebao.Enrollment) (string, error) {
	if date == "" {
		return "", shebao.FieldErrorf("死亡日期", "死亡登记缺少死亡日期")
	}
	after := *p
	after.Status, after.DeathDate, after.Source = shebao.StatusDeceased, date, "list:death"
	if err := shebao.NormalizePerson(&after, shebao.Today()); err != nil {
		return "", err
	}
	if err := s.store.ChangePerson(ctx, "死亡登记比对", p, &after, shebao.PersonChanges(p, &after)); err != nil {
		return "", err
	}
	var done []string
	for _, n := range open {
		if n.Status == shebao.EnrollSuspended || n.Status == shebao.EnrollBenefitSuspended {
			continue
		}
		d := max(date, n.StartDate)
		if _, err := s.store.ChangeEnrollment(ctx, n.ID, shebao.ChangeRequest{Action: shebao.ActSuspend, Date: d, Reason: "死亡登记比对:" + date + "死亡"}); err != nil {
			return "", err
		}
		done = append(done, n.SchemeName)
	}
	if len(done) == 0 {
		return "已记录死亡", nil
	}
	return "已记录死亡,暂停" + strings.Join(done, "、"), nil
}

// ExecuteMerge carries out an approved merge of two registrations
// (shebao.ApproveMergePersons) in the approving unit of work: the approval
// service calls it inside DecideApproval. Drop's enrollments move to keep
// with their whole history; an open enrollment of drop in a slot keep
// already holds is terminated as 重复参保 instead (keep's stays: one
// enrollment per slot). Drop stays in the registry, marked as merged, with
// its history.
func (s *Service) ExecuteMerge(ctx context.Context, payload []byte) (string, error) {
	var m shebao.MergeRequest
	if err := json.Unmarshal(payload, &m); err != nil {
		return "", err
	}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		q, err := s.pending(ctx, m.Keep, m.Drop)
		if err != nil {
			return err
		}
		k, d, kp, dp, err := s.pairPersons(ctx, m.Keep, m.Drop)
		if err != nil {
			return err
		}
		ens, err := s.store.PersonEnrollmentSlots(ctx, d)
		if err != nil {
			return err
		}
		today := shebao.Today().Format(shebao.DateLayout)
		for _, e := range ens {
			withSlot := false
			if e.Slot != "" {
				holder, err := s.store.SlotHolder(ctx, k, e.Slot)
				if err != nil {
					return err
				}
				if holder == nil {
					withSlot = true
				} else {
					n, err := s.store.EnrollmentByID(ctx, e.ID)
					if err != nil {
						return err
					}
					if err := s.store.CloseEnrollment(ctx, n, shebao.ActTerminate, shebao.EnrollEnded, today,
						fmt.Sprintf("%s:与%s合并,保留%s", shebao.EndDuplicate, idno.MaskID(k), holder.Describe())); err != nil {
						return err
					}
				}
			}
			if err := s.store.MoveEnrollment(ctx, e.ID, kp, withSlot, "由重复登记的"+idno.MaskID(d)+"合并而来"); err != nil {
				return err
			}
		}
		if err := s.store.MarkMerged(ctx, dp, k, "重复登记合并至"+idno.MaskID(k),
			[]shebao.Change{{Field: "合并至", Before: "", After: idno.MaskID(k)}}); err != nil {
			return err
		}
		return s.store.DecideDuplicate(ctx, q, shebao.DupMerged, m.Note)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("已将%s合并至%s", idno.MaskID(m.Drop), idno.MaskID(m.Keep)), nil
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
