package employ

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// 职业介绍 (issue #19 item 4, docs/DOMAIN.md §10): vacancies of registered
// employers — entered by the employment clerks or by the employer itself
// through the API (role employer, its own only) —, the job seekers of the
// register ranked for a vacancy and the open vacancies for a person, both
// with the reasons in Chinese; referrals (推荐) and their outcome (录用,
// 未录用, 未报到), a 录用 being the employer's 增员 (the enroll service,
// no retyping) that ends the person's 失业登记; and labour export
// (劳务输出) through a 劳务公司, after which the person's line of the
// register reads 转移就业 with the destination.

// PlacementStore is what this part of the service needs of the storage
// (part of Store).
type PlacementStore interface {
	InsertVacancy(ctx context.Context, v *shebao.Vacancy) error
	FindVacancy(ctx context.Context, id string) (*shebao.Vacancy, error)
	FindVacancies(ctx context.Context, f shebao.VacancyFilter) ([]*shebao.Vacancy, error)
	SaveVacancy(ctx context.Context, old, v *shebao.Vacancy, closed bool) error
	VacancySeekers(ctx context.Context, ages policy.LaborAges, v *shebao.Vacancy, limit int) ([]*shebao.JobMatch, error)
	PersonVacancies(ctx context.Context, p *shebao.Person, e *shebao.LaborEntry, day string) ([]*shebao.JobMatch, error)
	InsertReferral(ctx context.Context, r *shebao.Referral) error
	FindReferral(ctx context.Context, id string) (*shebao.Referral, error)
	SaveReferralOutcome(ctx context.Context, old, r *shebao.Referral) error
	FindReferrals(ctx context.Context, vacancyID string) ([]*shebao.Referral, error)
	InsertLaborExport(ctx context.Context, x *shebao.LaborExport) error
	FindLaborExport(ctx context.Context, id string) (*shebao.LaborExport, error)
	SaveLaborReturn(ctx context.Context, old, x *shebao.LaborExport) error
	FindLaborExports(ctx context.Context, company string) ([]*shebao.LaborExport, error)
}

// HireFunc is the employer's 增员 (enroll.Service.HireWith), run in the
// unit of work of a 录用.
type HireFunc func(ctx context.Context, req shebao.HireRequest) ([]*shebao.Enrollment, error)

// UseHire gives the service the 增员 that a 录用 is (app.New wires
// enroll.Service.HireWith): the services do not import each other.
func (s *Service) UseHire(fn HireFunc) { s.hire = fn }

// MatchLimit is how many job seekers a vacancy's matching lists by
// default.
const MatchLimit = 20

// authorizeAll checks that the actor may do every action.
func authorizeAll(ctx context.Context, acts ...shebao.Action) error {
	a, ok := shebao.ActorFrom(ctx)
	if !ok {
		return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效")
	}
	for _, act := range acts {
		if err := a.Authorize(act, ""); err != nil {
			return err
		}
	}
	return nil
}

// CreateVacancy registers a vacancy of a registered employer. An
// employer's account posts for its own employer only (the USCC may be left
// out); the place of work is a region of the jurisdiction. Posting is
// idempotent: the same post again answers the vacancy already registered
// with Repeat set, and writes nothing (see the body).
func (s *Service) CreateVacancy(ctx context.Context, v shebao.Vacancy) (*shebao.Vacancy, error) {
	if err := authorizeAll(ctx, shebao.Write(shebao.EntityVacancy)); err != nil {
		return nil, err
	}
	a, _ := shebao.ActorFrom(ctx)
	if shebao.RoleOf(a).EmployerOnly && v.Employer == "" {
		v.Employer = a.Employer
	}
	if strings.TrimSpace(v.Employer) == "" {
		return nil, shebao.FieldErrorf("单位", "须填写用人单位的统一社会信用代码")
	}
	code, err := shebao.CanonicalUSCC(v.Employer)
	if err != nil {
		return nil, err
	}
	v.Employer = code
	if v.OpenFrom == "" {
		v.OpenFrom = shebao.Today().Format(shebao.DateLayout)
	}
	if err := v.Check(); err != nil {
		return nil, err
	}
	var out *shebao.Vacancy
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		// Idempotency: a post sent again — a retry after a lost answer —
		// answers the vacancy it made. With a 岗位编号, the employer's
		// vacancy of that number (its content must be the same: a
		// different vacancy under a number already used is refused);
		// without one, an open vacancy of the employer without a number
		// whose every field is the same.
		f := shebao.VacancyFilter{Employer: v.Employer, Code: v.Code}
		if v.Code == "" {
			f.Open, f.Date = true, shebao.Today().Format(shebao.DateLayout)
		}
		have, err := s.store.FindVacancies(ctx, f)
		if err != nil {
			return err
		}
		for _, old := range have {
			if shebao.SameVacancy(old, &v) && (v.Code != "" || old.Status == shebao.VacancyOpen) {
				out = old
				out.Repeat = true
				return nil
			}
			if v.Code != "" && old.Code == v.Code {
				return shebao.Errorf(shebao.ECONFLICT, "岗位编号%s已用于本单位%s登记的岗位(%s,%d人),内容不同;修改岗位请用岗位变更", v.Code, old.OpenFrom, old.Occupation, old.Places)
			}
		}
		if err := s.store.InsertVacancy(ctx, &v); err != nil {
			return err
		}
		out = &v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindVacancy reads a vacancy the actor reaches.
func (s *Service) FindVacancy(ctx context.Context, id string) (*shebao.Vacancy, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityVacancy)); err != nil {
		return nil, err
	}
	return s.store.FindVacancy(ctx, strings.TrimSpace(id))
}

// FindVacancies lists the vacancies the actor reaches (an employer: its
// own), all or only those open on the day.
func (s *Service) FindVacancies(ctx context.Context, f shebao.VacancyFilter) ([]*shebao.Vacancy, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityVacancy)); err != nil {
		return nil, err
	}
	if f.Employer != "" {
		code, err := shebao.CanonicalUSCC(f.Employer)
		if err != nil {
			return nil, err
		}
		f.Employer = code
	}
	if f.Open && f.Date == "" {
		f.Date = shebao.Today().Format(shebao.DateLayout)
	}
	return s.store.FindVacancies(ctx, f)
}

// UpdateVacancy changes a vacancy that is not closed: the fields given
// (non-zero) replace the old ones; the places cannot go below those
// already hired.
func (s *Service) UpdateVacancy(ctx context.Context, id string, ch shebao.Vacancy) (*shebao.Vacancy, error) {
	if err := authorizeAll(ctx, shebao.Write(shebao.EntityVacancy)); err != nil {
		return nil, err
	}
	var out *shebao.Vacancy
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.FindVacancy(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		if old.Status == shebao.VacancyClosed {
			return shebao.FieldErrorf("岗位", "岗位已于%s关闭,不能修改", old.ClosedOn)
		}
		v := *old
		if ch.Occupation != "" {
			v.Occupation = ch.Occupation
		}
		if ch.Places != 0 {
			v.Places = ch.Places
		}
		if ch.Skills != "" {
			v.Skills = ch.Skills
		}
		if ch.Region != "" {
			v.Region = ch.Region
		}
		if ch.WageMin != 0 {
			v.WageMin = ch.WageMin
		}
		if ch.WageMax != 0 {
			v.WageMax = ch.WageMax
		}
		if ch.OpenFrom != "" {
			v.OpenFrom = ch.OpenFrom
		}
		if ch.OpenUntil != "" {
			v.OpenUntil = ch.OpenUntil
		}
		if ch.Note != "" {
			v.Note = ch.Note
		}
		if err := v.Check(); err != nil {
			return err
		}
		if v.Places < old.Hired {
			return shebao.FieldErrorf("招聘人数", "已录用%d人,招聘人数不能少于已录用人数", old.Hired)
		}
		if len(shebao.VacancyChanges(old, &v)) == 0 {
			out = old
			return nil
		}
		if err := s.store.SaveVacancy(ctx, old, &v, false); err != nil {
			return err
		}
		out = &v
		return nil
	})
	return out, err
}

// CloseVacancy closes a vacancy on the day ("" today): it takes no more
// referrals; pending referrals keep their outcome to be recorded.
func (s *Service) CloseVacancy(ctx context.Context, id, date string) (*shebao.Vacancy, error) {
	if err := authorizeAll(ctx, shebao.Write(shebao.EntityVacancy)); err != nil {
		return nil, err
	}
	on, err := day("关闭日期", date)
	if err != nil {
		return nil, err
	}
	var out *shebao.Vacancy
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.FindVacancy(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		if old.Status == shebao.VacancyClosed {
			return shebao.Errorf(shebao.ECONFLICT, "岗位已于%s关闭", old.ClosedOn)
		}
		v := *old
		v.ClosedOn, v.Status = on.Format(shebao.DateLayout), shebao.VacancyClosed
		if v.ClosedOn < v.OpenFrom {
			return shebao.FieldErrorf("关闭日期", "关闭日期%s早于开始招聘日期%s", v.ClosedOn, v.OpenFrom)
		}
		if err := s.store.SaveVacancy(ctx, old, &v, true); err != nil {
			return err
		}
		out = &v
		return nil
	})
	return out, err
}

// MatchSeekers ranks the job seekers of the register for a vacancy on the
// day ("" today), at most limit (0: MatchLimit), each with the reasons of
// the match in Chinese (shebao.JobMatch.Explain). Who is a job seeker and
// the order are the store's one statement (sqldb.VacancySeekers): the
// number of the vacancy's skills the person has, then the closeness of
// their village to the place of work (village, town, district), then a
// work wish naming the occupation, then registered unemployed first. An
// employer's account, which does not read the register, is refused.
func (s *Service) MatchSeekers(ctx context.Context, id, date string, limit int) (*shebao.Vacancy, []*shebao.JobMatch, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityVacancy), shebao.Read(shebao.EntityLabor)); err != nil {
		return nil, nil, err
	}
	if a, _ := shebao.ActorFrom(ctx); shebao.RoleOf(a).OwnOnly {
		return nil, nil, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看求职人员", a.RoleName())
	}
	on, err := day("日期", date)
	if err != nil {
		return nil, nil, err
	}
	if limit <= 0 {
		limit = MatchLimit
	}
	if limit > 500 {
		return nil, nil, shebao.FieldErrorf("limit", "最多列出500人")
	}
	v, err := s.store.FindVacancy(ctx, strings.TrimSpace(id))
	if err != nil {
		return nil, nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	w, err := workingAge(set, v.Region, on)
	if err != nil {
		return nil, nil, err
	}
	ages, err := w.Ages()
	if err != nil {
		return nil, nil, err
	}
	ms, err := s.store.VacancySeekers(ctx, ages, v, limit)
	if err != nil {
		return nil, nil, err
	}
	words := shebao.SkillWords(v.Skills)
	for _, m := range ms {
		m.Explain(v.Occupation, words)
	}
	return v, ms, nil
}

// MatchVacancies ranks the vacancies open on the day ("" today) that a
// person of the jurisdiction could take, with the reasons in Chinese, by
// the same order as MatchSeekers.
func (s *Service) MatchVacancies(ctx context.Context, idNo, date string) ([]*shebao.JobMatch, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityVacancy), shebao.Read(shebao.EntityLabor)); err != nil {
		return nil, err
	}
	on, err := day("日期", date)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	p, _, err := s.person(ctx, set, idNo, on)
	if err != nil {
		return nil, err
	}
	have, err := s.store.LaborEntries(ctx, []string{p.IDNo})
	if err != nil {
		return nil, err
	}
	ms, err := s.store.PersonVacancies(ctx, p, have[p.IDNo], on.Format(shebao.DateLayout))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		m.Explain(m.Vacancy.Occupation, shebao.SkillWords(m.Vacancy.Skills))
	}
	return ms, nil
}

// Refer refers a person to a vacancy on the day ("" today): the vacancy
// open that day with a place not yet filled, the person living, of
// working age and of the jurisdiction, not already the employer's insured
// employee, and not referred to the vacancy before.
func (s *Service) Refer(ctx context.Context, req shebao.ReferralRequest) (*shebao.Referral, error) {
	if err := authorizeAll(ctx, shebao.Write(shebao.EntityReferral)); err != nil {
		return nil, err
	}
	on, err := day("推荐日期", req.Date)
	if err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var r *shebao.Referral
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := s.store.FindVacancy(ctx, strings.TrimSpace(req.VacancyID))
		if err != nil {
			return err
		}
		d := on.Format(shebao.DateLayout)
		if err := v.IsOpen(d); err != nil {
			return err
		}
		p, w, err := s.person(ctx, set, req.IDNo, on)
		if err != nil {
			return err
		}
		ages, err := w.Ages()
		if err != nil {
			return err
		}
		if der, err := s.store.LaborDerive(ctx, ages, p.IDNo); err != nil {
			return err
		} else if der != nil && der.Source == shebao.LaborSourceEmployee && der.Employer == v.Employer {
			return shebao.FieldErrorf("身份证号", "%s已是单位%s的在职参保职工", p.Name, v.EmployerName)
		}
		r = &shebao.Referral{VacancyID: v.ID, Employer: v.Employer, Occupation: v.Occupation, IDNo: p.IDNo, Name: p.Name,
			Region: p.Region, ReferredOn: d, Note: strings.TrimSpace(req.Note)}
		return s.store.InsertReferral(ctx, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// RecordReferralOutcome records a pending referral's outcome on the day ("" today,
// not before the referral). A 录用 takes a place of the vacancy (refused
// when all are filled) and, in the same unit of work, is the employer's
// 增员 from that day (the enroll service: the person joins the employee
// schemes through the employer, as `shebao enrollment hire` does), ends
// the person's open 失业登记 with the reason, and writes 就业 on the
// person's line of the register. 未录用 and 未报到 record the outcome only.
// An outcome, once recorded, is final.
func (s *Service) RecordReferralOutcome(ctx context.Context, id string, req shebao.ReferralOutcomeRequest) (*shebao.Referral, error) {
	if err := authorizeAll(ctx, shebao.Write(shebao.EntityReferral)); err != nil {
		return nil, err
	}
	outcome := strings.TrimSpace(req.Outcome)
	if !slices.Contains(shebao.ReferralOutcomes, outcome) {
		return nil, shebao.FieldErrorf("结果", "推荐结果应为%s之一", strings.Join(shebao.ReferralOutcomes, "、"))
	}
	on, err := day("日期", req.Date)
	if err != nil {
		return nil, err
	}
	if outcome == shebao.ReferralHired {
		if err := authorizeAll(ctx, shebao.Write(shebao.EntityEnrollment)); err != nil {
			return nil, shebao.Errorf(shebao.EFORBIDDEN, "录用即为单位增员,%s", shebao.ErrorMessage(err))
		}
		if s.hire == nil {
			return nil, shebao.Errorf(shebao.EINTERNAL, "employ: no 增员 wired (UseHire)")
		}
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var r *shebao.Referral
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.FindReferral(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		if old.Outcome != shebao.ReferralPending {
			return shebao.Errorf(shebao.ECONFLICT, "该推荐已于%s登记结果“%s”,不能再次登记", old.OutcomeOn, old.Outcome)
		}
		d := on.Format(shebao.DateLayout)
		if d < old.ReferredOn {
			return shebao.FieldErrorf("日期", "结果日期%s早于推荐日期%s", d, old.ReferredOn)
		}
		cp := *old
		r = &cp
		r.Outcome, r.OutcomeOn, r.Note = outcome, d, strings.TrimSpace(req.Note)
		if outcome == shebao.ReferralHired {
			if err := s.hired(ctx, set, on, r); err != nil {
				return err
			}
		}
		return s.store.SaveReferralOutcome(ctx, old, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// hired is the rest of a 录用, in its unit of work: the place, the 增员,
// the end of the 失业登记 and the line of the register.
func (s *Service) hired(ctx context.Context, set *policy.Set, on time.Time, r *shebao.Referral) error {
	v, err := s.store.FindVacancy(ctx, r.VacancyID) // locks the vacancy's row
	if err != nil {
		return err
	}
	if v.Hired >= v.Places {
		return shebao.FieldErrorf("岗位", "岗位%d个名额已招满,不能再录用", v.Places)
	}
	d := on.Format(shebao.DateLayout)
	ns, err := s.hire(ctx, shebao.HireRequest{IDNo: r.IDNo, Employer: v.Employer, Date: d})
	if err != nil {
		return err
	}
	r.Enrollments = len(ns)
	u, err := s.store.OpenUnemployment(ctx, r.IDNo)
	if err != nil {
		return err
	}
	if u != nil {
		if d < u.RegisteredOn {
			return shebao.FieldErrorf("日期", "录用日期%s早于失业登记日期%s", d, u.RegisteredOn)
		}
		u.EndedOn, u.EndReason = d, fmt.Sprintf("经推荐到%s(%s)就业", v.EmployerName, v.Occupation)
		if err := s.store.SaveUnemployment(ctx, u); err != nil {
			return err
		}
		r.Unemployment = u.ID
	}
	return s.setLaborStatus(ctx, set, r.IDNo, shebao.LaborEmployed, "", "referral:"+r.ID)
}

// setLaborStatus writes a status (and destination) on a person's line of
// the register, keeping its skills and wishes; a person without a line
// gets one. The source names the record it comes from.
func (s *Service) setLaborStatus(ctx context.Context, set *policy.Set, idNo, status, destination, source string) error {
	persons, err := s.store.PersonsByID(ctx, []string{idNo})
	if err != nil {
		return err
	}
	have, err := s.store.LaborEntries(ctx, []string{idNo})
	if err != nil {
		return err
	}
	e := shebao.LaborEntry{IDNo: idNo}
	if old := have[idNo]; old != nil {
		e = *old
	}
	e.Status, e.Destination = status, destination
	_, err = s.save(ctx, set, shebao.Jurisdiction{All: true}, shebao.Today(), persons, have, &e, source)
	return err
}

// FindReferrals lists the referrals of a vacancy ("" all): for an
// employer's account, those of its own vacancies, with the persons' names
// and masked ID numbers only (sqldb.FindReferrals).
func (s *Service) FindReferrals(ctx context.Context, vacancyID string) ([]*shebao.Referral, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityReferral)); err != nil {
		return nil, err
	}
	if vacancyID != "" {
		if _, err := s.store.FindVacancy(ctx, strings.TrimSpace(vacancyID)); err != nil {
			return nil, err
		}
	}
	return s.store.FindReferrals(ctx, strings.TrimSpace(vacancyID))
}

// ExportLabor records a person sent to work away (劳务输出) through a
// 劳务公司 — a registered employer — with the destination, the employer
// at the destination and the start day; the person's line of the
// register becomes 转移就业 with that destination (source export:<id>).
// The person must be living, of working age on the start day and of the
// jurisdiction.
func (s *Service) ExportLabor(ctx context.Context, x shebao.LaborExport) (*shebao.LaborExport, error) {
	if err := s.begin(ctx, "labor.export"); err != nil {
		return nil, err
	}
	if strings.TrimSpace(x.Company) == "" {
		return nil, shebao.FieldErrorf("劳务公司", "须填写劳务公司的统一社会信用代码")
	}
	code, err := shebao.CanonicalUSCC(x.Company)
	if err != nil {
		return nil, err
	}
	x.Company = code
	if err := x.Check(); err != nil {
		return nil, err
	}
	start, _ := time.Parse(shebao.DateLayout, x.Start)
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.person(ctx, set, x.IDNo, start)
		if err != nil {
			return err
		}
		x.IDNo, x.Name, x.Region = p.IDNo, p.Name, p.Region
		if err := s.store.InsertLaborExport(ctx, &x); err != nil {
			return err
		}
		return s.setLaborStatus(ctx, set, p.IDNo, shebao.LaborTransferred, x.Destination, "export:"+x.ID)
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// FindLaborExports lists the labour exports of the jurisdiction (of one
// company when given).
func (s *Service) FindLaborExports(ctx context.Context, company string) ([]*shebao.LaborExport, error) {
	if err := s.begin(ctx, "labor.list"); err != nil {
		return nil, err
	}
	if company != "" {
		code, err := shebao.CanonicalUSCC(company)
		if err != nil {
			return nil, err
		}
		company = code
	}
	return s.store.FindLaborExports(ctx, company)
}

// FindReferral reads one referral the actor reaches (not an employer's
// account: it reads its referrals by vacancy).
func (s *Service) FindReferral(ctx context.Context, id string) (*shebao.Referral, error) {
	if err := authorizeAll(ctx, shebao.Read(shebao.EntityReferral)); err != nil {
		return nil, err
	}
	return s.store.FindReferral(ctx, strings.TrimSpace(id))
}

// ReturnLabor records the return (返乡) of a person exported through a
// 劳务公司, which ends the export: the day ("" today; not before the
// start, not after today), the reason, and the status the person takes on
// the register ("" 务农; shebao.ReturnStatuses). The person's line of the
// register, when it still reads 转移就业 to this export's destination,
// gets that status (source return:<id>; skills and wishes kept) — the
// status in force is then resolved as always (shebao.ResolveLabor: an
// insurance record still wins); a line the village changed since is left
// as it is. The statistics count the export as 劳务输出在外 until the day
// before the return (sqldb.EmploymentFigures), so a figure of a past day
// does not change. Once only (ECONFLICT).
func (s *Service) ReturnLabor(ctx context.Context, id string, req shebao.LaborReturnRequest) (*shebao.LaborExport, error) {
	if err := s.begin(ctx, "labor.return"); err != nil {
		return nil, err
	}
	set, err := s.store.PolicySet(ctx)
	if err != nil {
		return nil, err
	}
	var out *shebao.LaborExport
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.FindLaborExport(ctx, strings.TrimSpace(id))
		if err != nil {
			return err
		}
		if err := req.Check(old, shebao.Today().Format(shebao.DateLayout)); err != nil {
			return err
		}
		x := *old
		x.ReturnedOn, x.ReturnReason = req.Date, req.Reason
		if err := s.store.SaveLaborReturn(ctx, old, &x); err != nil {
			return err
		}
		have, err := s.store.LaborEntries(ctx, []string{x.IDNo})
		if err != nil {
			return err
		}
		if e := have[x.IDNo]; e != nil && e.Status == shebao.LaborTransferred && e.Destination == x.Destination {
			if err := s.setLaborStatus(ctx, set, x.IDNo, req.Status, "", "return:"+x.ID); err != nil {
				return err
			}
			x.ReturnStatus = req.Status
		}
		out = &x
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
