package web

import (
	"net/http"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/policy"
)

// Enrollments: a person's membership of each scheme (参保关系) and its
// lifecycle. The rules (exclusive schemes, one employer for 110, employer
// required for employee schemes) live in sqldb and answer 409 or 400 with a
// message naming the enrollment in the way.

// listSchemes serves GET /api/v1/schemes: the scheme catalogue, public
// reference data like the OpenAPI document.
func (s *Server) listSchemes(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		Items []shebao.Scheme `json:"items"`
	}{shebao.Schemes})
}

// maskEnrollments masks the ID numbers of enrollments as persons are
// masked for the actor.
func maskEnrollments(r *http.Request, ns []*shebao.Enrollment) []*shebao.Enrollment {
	a := actorOf(r)
	out := make([]*shebao.Enrollment, len(ns))
	for i, n := range ns {
		p := maskPerson(a, &shebao.Person{IDNo: n.IDNo}, false)
		c := *n
		c.IDNo = p.IDNo
		out[i] = &c
	}
	return out
}

// listEnrollments serves GET /api/v1/enrollments?id_no=&scheme=&status=&employer=&region=&open=&offset=&limit=.
func (s *Server) listEnrollments(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "id_no", "scheme", "status", "employer", "region", "open")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	open, err := boolParam(q, "open")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ns, total, err := s.app.Enroll.FindEnrollments(r.Context(), shebao.EnrollmentFilter{IDNo: q.Get("id_no"), Scheme: q.Get("scheme"),
		Status: q.Get("status"), Employer: q.Get("employer"), Region: q.Get("region"), OpenOnly: open, Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(maskEnrollments(r, ns), total, p))
}

// getEnrollment serves GET /api/v1/enrollments/{id}: one enrollment with
// its history.
func (s *Server) getEnrollment(w http.ResponseWriter, r *http.Request) {
	n, err := s.app.Enroll.FindEnrollment(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskEnrollments(r, []*shebao.Enrollment{n})[0])
}

// createEnrollment serves POST /api/v1/enrollments with a
// shebao.EnrollRequest: 201 with the new enrollment.
func (s *Server) createEnrollment(w http.ResponseWriter, r *http.Request) {
	var req shebao.EnrollRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.app.Enroll.Enroll(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/enrollments/"+n.ID)
	writeJSON(w, http.StatusCreated, maskEnrollments(r, []*shebao.Enrollment{n})[0])
}

// changeEnrollment serves POST /api/v1/enrollments/{id}/changes with a
// shebao.ChangeRequest (suspend, resume, transfer_out, terminate,
// start_benefit, change_employer).
func (s *Server) changeEnrollment(w http.ResponseWriter, r *http.Request) {
	var req shebao.ChangeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	n, err := s.app.Enroll.ChangeEnrollment(r.Context(), r.PathValue("id"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskEnrollments(r, []*shebao.Enrollment{n})[0])
}

// employmentInput is the body of 增员 and 减员.
type employmentInput struct {
	IDNo     string   `json:"id_no"`
	Employer string   `json:"employer"`
	Date     string   `json:"date"`
	Schemes  []string `json:"schemes,omitempty"` // 增员: default the five employee schemes
	Reason   string   `json:"reason,omitempty"`  // 减员
	// RuralContract (增员): hired as a 农民合同制工人.
	RuralContract bool `json:"rural_contract,omitempty"`
}

// hire serves POST /api/v1/enrollments/hire (增员): the employer takes the
// person on; 201 with the enrollments made or continued.
func (s *Server) hire(w http.ResponseWriter, r *http.Request) {
	var in employmentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	ns, err := s.app.Enroll.HireWith(r.Context(), shebao.HireRequest{IDNo: in.IDNo, Employer: in.Employer, Date: in.Date,
		Schemes: in.Schemes, RuralContract: in.RuralContract})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		Items []*shebao.Enrollment `json:"items"`
	}{maskEnrollments(r, ns)})
}

// leave serves POST /api/v1/enrollments/leave (减员): the person leaves the
// employer; its enrollments through the employer are suspended.
func (s *Server) leave(w http.ResponseWriter, r *http.Request) {
	var in employmentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.Reason == "" {
		s.writeError(w, r, shebao.FieldErrorf("reason", "减员须说明原因"))
		return
	}
	ns, err := s.app.Enroll.Leave(r.Context(), in.IDNo, in.Employer, in.Date, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Items []*shebao.Enrollment `json:"items"`
	}{maskEnrollments(r, ns)})
}

// policyParam is one parameter in force, with its catalogue name.
type policyParam struct {
	policy.Param
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// getPolicy serves GET /api/v1/policy?region=&date=: every parameter in
// force for the region on the date, with its source.
func (s *Server) getPolicy(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	on := shebao.Today()
	if d := q.Get("date"); d != "" {
		if on, err = time.Parse(shebao.DateLayout, d); err != nil {
			s.writeError(w, r, shebao.FieldErrorf("date", "日期应为YYYY-MM-DD"))
			return
		}
	}
	set, err := s.app.Params.PolicySet(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []policyParam{}
	for _, d := range policy.Catalogue {
		p, err := set.Get(d.Key, q.Get("region"), on)
		if shebao.ErrorCode(err) == shebao.EINVALID {
			s.writeError(w, r, err)
			return
		}
		if err != nil {
			continue
		}
		out = append(out, policyParam{Param: p, Name: d.Name, Unit: d.Unit})
	}
	writeJSON(w, http.StatusOK, struct {
		Region string        `json:"region"`
		Date   string        `json:"date"`
		Items  []policyParam `json:"items"`
	}{q.Get("region"), on.Format(shebao.DateLayout), out})
}
