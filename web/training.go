package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// 职业培训 (employ, issue #19 item 3; docs/DOMAIN.md §10):
//
//	GET  /api/v1/training/courses                  courses of the jurisdiction
//	POST /api/v1/training/courses                  open a course (201)
//	GET  /api/v1/training/courses/{id}/enrolments  its enrolments (audited)
//	POST /api/v1/training/courses/{id}/enrolments  enrol {id_no} (201)
//	POST /api/v1/training/courses/{id}/outcomes    attendance and outcome (200)
//	POST /api/v1/training/courses/{id}/subsidy     submit the subsidies: 201 with the approval
//
// The first segment "training" is the entity shebao.EntityTraining
// (routeEntity). ID numbers are masked unless the role sees them in full.

func (s *Server) listCourses(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.app.Employ.FindCourses(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(cs, len(cs), paging{Limit: len(cs)}))
}

func (s *Server) createCourse(w http.ResponseWriter, r *http.Request) {
	var in shebao.TrainingCourse
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.Employ.CreateCourse(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) listEnrolments(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	xs, err := s.app.Employ.FindEnrolments(r.Context(), r.PathValue("id"))
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

// enrolInput is the body of POST /api/v1/training/courses/{id}/enrolments.
type enrolInput struct {
	IDNo string `json:"id_no"`
}

func (s *Server) enrolOnCourse(w http.ResponseWriter, r *http.Request) {
	var in enrolInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := s.app.Employ.Enrol(r.Context(), r.PathValue("id"), in.IDNo)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusCreated, x)
}

func (s *Server) recordOutcome(w http.ResponseWriter, r *http.Request) {
	var in shebao.TrainingOutcome
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	in.CourseID = r.PathValue("id")
	x, err := s.app.Employ.RecordOutcome(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	x.IDNo = maskIDFor(a, x.IDNo)
	writeJSON(w, http.StatusOK, x)
}

func (s *Server) submitTrainingSubsidy(w http.ResponseWriter, r *http.Request) {
	var in struct{}
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Employ.SubmitSubsidy(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	for i := range res.Lines {
		res.Lines[i].IDNo = maskIDFor(a, res.Lines[i].IDNo)
	}
	writeJSON(w, http.StatusCreated, res)
}
