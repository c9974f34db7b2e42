package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
)

// 职业介绍 and 劳务输出 (employ, issue #19 items 4 and 7; docs/DOMAIN.md §10):
//
//	GET   /api/v1/vacancies?open=1&employer=USCC  vacancies (an employer's token: its own)
//	POST  /api/v1/vacancies                       post a vacancy (201; the same post again: 200, the same vacancy)
//	GET   /api/v1/vacancies/{id}                  one vacancy
//	PATCH /api/v1/vacancies/{id}                  change it (fields given replace)
//	POST  /api/v1/vacancies/{id}/close            close it {date}
//	GET   /api/v1/vacancies/{id}/matches          job seekers ranked, with reasons (audited)
//	GET   /api/v1/vacancies/{id}/referrals        its referrals (an employer: names, masked numbers)
//	POST  /api/v1/referrals                       refer {vacancy_id, id_no, date, note} (201)
//	POST  /api/v1/referrals/{id}/outcome          录用 (= 增员) / 未录用 / 未报到 {outcome, date, note}
//	GET   /api/v1/labor/{id_no}/vacancies         open vacancies for a person, ranked
//	GET   /api/v1/labor/exports?company=USCC      labour exports
//	POST  /api/v1/labor/exports                   record a labour export (201)
//	POST  /api/v1/labor/exports/{id}/return       the return (返乡) {date, reason, status}: ends it
//
// The first segments are the entities shebao.EntityVacancy,
// shebao.EntityReferral and shebao.EntityLabor (routeEntity). An employer's
// token (role employer) is bound to its USCC by the store. ID numbers are
// masked unless the role sees them in full.

func (s *Server) listVacancies(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "open", "employer", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := shebao.VacancyFilter{Employer: q.Get("employer"), Date: q.Get("date")}
	switch q.Get("open") {
	case "", "0", "false":
	case "1", "true":
		f.Open = true
	default:
		s.writeError(w, r, shebao.FieldErrorf("open", "open应为1或0"))
		return
	}
	vs, err := s.app.Employ.FindVacancies(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(vs, len(vs), paging{Limit: len(vs)}))
}

func (s *Server) createVacancy(w http.ResponseWriter, r *http.Request) {
	var in shebao.Vacancy
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.Employ.CreateVacancy(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if v.Repeat { // the same post again: the vacancy it made, nothing written
		writeJSON(w, http.StatusOK, v)
		return
	}
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getVacancy(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.Employ.FindVacancy(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) updateVacancy(w http.ResponseWriter, r *http.Request) {
	var in shebao.Vacancy
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.Employ.UpdateVacancy(r.Context(), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// dateInput is a body with only a date.
type dateInput struct {
	Date string `json:"date,omitempty"`
}

func (s *Server) closeVacancy(w http.ResponseWriter, r *http.Request) {
	var in dateInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.app.Employ.CloseVacancy(r.Context(), r.PathValue("id"), in.Date)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// matchesOutput is the answer of GET /api/v1/vacancies/{id}/matches.
type matchesOutput struct {
	Vacancy *shebao.Vacancy    `json:"vacancy"`
	Items   []*shebao.JobMatch `json:"items"`
}

func (s *Server) matchSeekers(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit := 0
	if l := q.Get("limit"); l != "" {
		limit, _ = strconv.Atoi(l) // checked by query
	}
	v, ms, err := s.app.Employ.MatchSeekers(r.Context(), r.PathValue("id"), q.Get("date"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, m := range ms {
		m.IDNo = maskIDFor(a, m.IDNo)
	}
	if ms == nil {
		ms = []*shebao.JobMatch{}
	}
	writeJSON(w, http.StatusOK, matchesOutput{Vacancy: v, Items: ms})
}

func (s *Server) listVacancyReferrals(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	rs, err := s.app.Employ.FindReferrals(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, x := range rs {
		x.IDNo = maskIDFor(a, x.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(rs, len(rs), paging{Limit: len(rs)}))
}

func (s *Server) refer(w http.ResponseWriter, r *http.Request) {
	var in shebao.ReferralRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.app.Employ.Refer(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusCreated, x)
}

func (s *Server) recordReferralOutcome(w http.ResponseWriter, r *http.Request) {
	var in shebao.ReferralOutcomeRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.app.Employ.RecordReferralOutcome(r.Context(), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusOK, x)
}

func (s *Server) personVacancies(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ms, err := s.app.Employ.MatchVacancies(r.Context(), r.PathValue("id_no"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(ms, len(ms), paging{Limit: len(ms)}))
}

func (s *Server) listLaborExports(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "company")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	xs, err := s.app.Employ.FindLaborExports(r.Context(), q.Get("company"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for _, x := range xs {
		x.IDNo = maskIDFor(a, x.IDNo)
	}
	writeJSON(w, http.StatusOK, newList(xs, len(xs), paging{Limit: len(xs)}))
}

func (s *Server) exportLabor(w http.ResponseWriter, r *http.Request) {
	var in shebao.LaborExport
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.app.Employ.ExportLabor(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusCreated, x)
}

func (s *Server) returnLabor(w http.ResponseWriter, r *http.Request) {
	var in shebao.LaborReturnRequest
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.app.Employ.ReturnLabor(r.Context(), r.PathValue("id"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusOK, x)
}
