package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// The 增减挂钩 project ledger (package transfer, issue #17 item 7): entity
// contracting, so under /api/v1/contracting/projects. Towns and the
// district write and read the projects whose region lies in their
// jurisdiction; a citizen does not see projects.

// writeCreated writes v with 201 when created, else 200.
func writeCreated(w http.ResponseWriter, created bool, v any) {
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
}

// listLandProjects serves GET /api/v1/contracting/projects?region=&date=: the
// progress of every project of the region, with overdue quotas flagged.
func (s *Server) listLandProjects(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps, err := s.app.Transfer.LandProjects(r.Context(), q.Get("region"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for i, p := range ps {
		ps[i] = maskProgress(actorOf(r), p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": ps})
}

// maskProgress masks the 拆旧 households' ID numbers for a role that sees
// numbers masked (the pages do the same).
func maskProgress(a shebao.Actor, p *shebao.ProjectProgress) *shebao.ProjectProgress {
	if p == nil || len(p.Homes) == 0 {
		return p
	}
	out := *p
	out.Homes = make([]shebao.ProjectHousehold, len(p.Homes))
	for i, h := range p.Homes {
		h.HeadIDNo = maskIDFor(a, h.HeadIDNo)
		if h.Resettlement != nil {
			res := *h.Resettlement
			res.HeadIDNo = maskIDFor(a, res.HeadIDNo)
			h.Resettlement = &res
		}
		out.Homes[i] = h
	}
	return &out
}

// createLandProject serves POST /api/v1/contracting/projects: 201 new, 200 repeated.
func (s *Server) createLandProject(w http.ResponseWriter, r *http.Request) {
	var in shebao.LandProject
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, created, err := s.app.Transfer.CreateLandProject(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeCreated(w, created, p)
}

// getLandProject serves GET /api/v1/contracting/projects/{code}?date=: a project's
// progress on the date.
func (s *Server) getLandProject(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.app.Transfer.LandProjectProgress(r.Context(), r.PathValue("code"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskProgress(actorOf(r), p))
}

// addProjectPlot serves POST /api/v1/contracting/projects/{code}/plots: a 拆旧
// homestead; 201 new, 200 repeated.
func (s *Server) addProjectPlot(w http.ResponseWriter, r *http.Request) {
	var in shebao.NewProjectPlot
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, created, err := s.app.Transfer.AddProjectPlot(r.Context(), r.PathValue("code"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := *p
	out.HeadIDNo = maskIDFor(actorOf(r), p.HeadIDNo)
	writeCreated(w, created, &out)
}

// addProjectEntry serves POST /api/v1/contracting/projects/{code}/entries: an
// entry of the ledger (下达, 使用, 复垦, 验收); 201 new, 200 repeated.
func (s *Server) addProjectEntry(w http.ResponseWriter, r *http.Request) {
	var in shebao.NewProjectEntry
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	e, created, err := s.app.Transfer.AddProjectEntry(r.Context(), r.PathValue("code"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeCreated(w, created, e)
}

// closeInput is the body of POST /api/v1/contracting/projects/{code}/close.
type closeInput struct {
	Date string `json:"date"`
}

// closeLandProject serves POST /api/v1/contracting/projects/{code}/close: 409
// when the accepted reclaimed area is less than the area used.
func (s *Server) closeLandProject(w http.ResponseWriter, r *http.Request) {
	var in closeInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.app.Transfer.CloseLandProject(r.Context(), r.PathValue("code"), in.Date)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskProgress(actorOf(r), p))
}

// resettleProjectHousehold serves POST
// /api/v1/contracting/projects/{code}/resettlements: a 拆旧 household's
// resettlement (安置); 201 new, 200 repeated, 409 other values.
func (s *Server) resettleProjectHousehold(w http.ResponseWriter, r *http.Request) {
	var in shebao.NewResettlement
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, created, err := s.app.Transfer.Resettle(r.Context(), r.PathValue("code"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := *res
	out.HeadIDNo = maskIDFor(actorOf(r), res.HeadIDNo)
	writeCreated(w, created, &out)
}
