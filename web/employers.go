package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// Employers: the registry of contributing units (参保单位), keyed by the
// 统一社会信用代码, in any case or width; sqldb normalises and scopes.

// listEmployers serves GET /api/v1/employers?uscc=&name=&region=&offset=&limit=.
func (s *Server) listEmployers(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "uscc", "name", "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	es, total, err := s.app.Registry.FindEmployers(r.Context(), shebao.EmployerFilter{
		USCC: q.Get("uscc"), Name: q.Get("name"), Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(maskEmployers(actorOf(r), es), total, p))
}

// getEmployer serves GET /api/v1/employers/{uscc}.
func (s *Server) getEmployer(w http.ResponseWriter, r *http.Request) {
	e, err := s.app.Registry.FindEmployer(r.Context(), r.PathValue("uscc"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, e.Version)
	writeJSON(w, http.StatusOK, maskEmployer(actorOf(r), e))
}

// employerInput is the body of POST /api/v1/employers: the fields a clerk
// enters; version, source and timestamps are the store's.
type employerInput struct {
	USCC      string `json:"uscc"`
	Name      string `json:"name"`
	Industry  string `json:"industry"`
	RiskClass int    `json:"risk_class"`
	Region    string `json:"region"`
	Contact   string `json:"contact"`
	Phone     string `json:"phone"`
	Address   string `json:"address"`
}

// createEmployer serves POST /api/v1/employers: 201 with the stored
// employer and its Location.
func (s *Server) createEmployer(w http.ResponseWriter, r *http.Request) {
	var in employerInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	e := &shebao.Employer{USCC: in.USCC, Name: in.Name, Industry: in.Industry, RiskClass: in.RiskClass, Region: in.Region,
		Contact: in.Contact, Phone: in.Phone, Address: in.Address}
	if err := s.app.Registry.CreateEmployer(r.Context(), e); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/employers/"+e.USCC)
	writeJSON(w, http.StatusCreated, maskEmployer(actorOf(r), e))
}

// updateEmployer serves PATCH /api/v1/employers/{uscc} with a
// shebao.EmployerUpdate; the version it edits in If-Match or the body
// (versions.go), 409 when the employer changed meanwhile.
func (s *Server) updateEmployer(w http.ResponseWriter, r *http.Request) {
	var u shebao.EmployerUpdate
	if err := decodeJSON(w, r, &u); err != nil {
		s.writeError(w, r, err)
		return
	}
	var err error
	if u.Version, err = editVersion(r, u.Version); err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.app.Registry.UpdateEmployer(r.Context(), r.PathValue("uscc"), u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setETag(w, e.Version)
	writeJSON(w, http.StatusOK, maskEmployer(actorOf(r), e))
}
