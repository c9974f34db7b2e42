package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The labour register (劳动力资源台账, employ, issue #19):
//
//	GET  /api/v1/labor?region=&status=&disagreements=1   lines of the register (as of the last rebuild)
//	GET  /api/v1/labor/{id_no}?date=                     one person's line, derived live
//	POST /api/v1/labor                                   register or change one person's entry (201 new, 200 changed or the same)
//	PUT  /api/v1/labor/{id_no}/wishes                    the training and work wishes (a citizen: their own)
//
// The first segment "labor" is the entity shebao.EntityLabor (routeEntity).

// maskLabor returns the record as the actor may see it: the ID number and
// the birth date masked as on a person's record unless the actor sees the
// number in full.
func maskLabor(a shebao.Actor, r *shebao.LaborRecord) *shebao.LaborRecord {
	if r == nil || a.SeesFullID(r.IDNo) {
		return r
	}
	c := *r
	c.IDNo = idno.MaskID(r.IDNo)
	if len(r.Birth) == len(shebao.DateLayout) {
		c.Birth = r.Birth[:4] + "-**-**"
	}
	if r.Registered != nil {
		e := *r.Registered
		e.IDNo = c.IDNo
		c.Registered = &e
	}
	if r.Derived != nil {
		d := *r.Derived
		d.IDNo = c.IDNo
		c.Derived = &d
	}
	return &c
}

func (s *Server) listLabor(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "status", "disagreements")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := shebao.LaborFilter{Region: q.Get("region"), Status: q.Get("status"), Offset: p.Offset, Limit: p.Limit}
	switch q.Get("disagreements") {
	case "", "0", "false":
	case "1", "true":
		f.Disagreements = true
	default:
		s.writeError(w, r, shebao.FieldErrorf("disagreements", "disagreements应为1或0"))
		return
	}
	rs, total, err := s.app.Employ.FindLabor(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	out := make([]*shebao.LaborRecord, len(rs))
	for i, x := range rs {
		out[i] = maskLabor(a, x)
	}
	writeJSON(w, http.StatusOK, newList(out, total, p))
}

func (s *Server) getLabor(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.app.Employ.Show(r.Context(), r.PathValue("id_no"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	writeJSON(w, http.StatusOK, maskLabor(a, rec))
}

func (s *Server) registerLabor(w http.ResponseWriter, r *http.Request) {
	var e shebao.LaborEntry
	if err := decodeJSON(w, r, &e); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, outcome, err := s.app.Employ.Register(r.Context(), e)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if outcome == shebao.Created {
		status = http.StatusCreated
	}
	a, _ := shebao.ActorFrom(r.Context())
	writeJSON(w, status, maskLabor(a, rec))
}

// laborWishes is the body of PUT /api/v1/labor/{id_no}/wishes.
type laborWishes struct {
	TrainingWish string `json:"training_wish"`
	WorkWish     string `json:"work_wish"`
}

func (s *Server) putLaborWishes(w http.ResponseWriter, r *http.Request) {
	var in laborWishes
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.app.Employ.UpdateWishes(r.Context(), r.PathValue("id_no"), in.TrainingWish, in.WorkWish)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	writeJSON(w, http.StatusOK, maskLabor(a, rec))
}
