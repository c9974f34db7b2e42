package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// 特困人员救助供养 cases over HTTP (tekun; assist/tekun.go): the same
// service as `shebao assist tekun-case`.

// applyTekun serves POST /api/v1/assistance/tekun/cases: an application
// (201).
func (s *Server) applyTekun(w http.ResponseWriter, r *http.Request) {
	var req shebao.TekunApplyRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.app.Assist.ApplyTekun(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, maskTekun(actorOf(r), c))
}

// getTekun serves GET /api/v1/assistance/tekun/cases/{id}: one case (an
// audited read).
func (s *Server) getTekun(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Assist.FindTekunCase(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskTekun(actorOf(r), c))
}

// tekunStep is the body of POST /api/v1/assistance/tekun/cases/{id}/steps.
type tekunStep struct {
	Step string `json:"step"` // investigate, submit, reassess, stop
	Date string `json:"date"`
	// investigate
	Investigation *shebao.TekunInvestigation `json:"investigation,omitempty"`
	// submit
	Mode               string `json:"mode,omitempty"`
	Institution        string `json:"institution,omitempty"`
	BankAccount        string `json:"bank_account,omitempty"`
	InstitutionAccount string `json:"institution_account,omitempty"`
	// reassess
	CareLevel string `json:"care_level,omitempty"`
	Note      string `json:"note,omitempty"`
	// stop
	Month  string `json:"month,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// stepTekun serves POST /api/v1/assistance/tekun/cases/{id}/steps: the
// town's investigation, the submission of the district's decision, a
// re-assessment of the care level, or a stop.
func (s *Server) stepTekun(w http.ResponseWriter, r *http.Request) {
	var st tekunStep
	if err := decodeJSON(w, r, &st); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	var c *shebao.TekunCase
	var err error
	switch st.Step {
	case "investigate":
		if st.Investigation == nil {
			err = shebao.FieldErrorf("investigation", "请填写调查核实情况(收入、生活自理能力等)")
			break
		}
		inv := *st.Investigation
		if inv.Date == "" {
			inv.Date = st.Date
		}
		c, err = s.app.Assist.InvestigateTekun(ctx, id, inv)
	case "submit":
		c, err = s.app.Assist.SubmitTekun(ctx, id, shebao.TekunSubmitRequest{Date: st.Date, Mode: st.Mode, Institution: st.Institution,
			BankAccount: st.BankAccount, InstitutionAccount: st.InstitutionAccount})
	case "reassess":
		c, err = s.app.Assist.ReassessTekun(ctx, id, st.Date, st.CareLevel, st.Note)
	case "stop":
		c, err = s.app.Assist.StopTekun(ctx, id, st.Month, st.Reason)
	default:
		err = shebao.FieldErrorf("step", "办理步骤“%s”无效,应为investigate(调查核实)、submit(提请审批)、reassess(护理等级重新评估)或stop(终止供养)", st.Step)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskTekun(actorOf(r), c))
}

// listTekun serves GET /api/v1/assistance/tekun/cases?region=&status=&mode=&offset=&limit=:
// the 特困 cases of the jurisdiction (an audited list).
func (s *Server) listTekun(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "status", "mode")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, total, err := s.app.Assist.FindTekunCases(r.Context(), shebao.TekunCaseFilter{Region: q.Get("region"), Status: q.Get("status"),
		Mode: q.Get("mode"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, c := range cs {
		cs[i] = maskTekun(a, c)
	}
	writeJSON(w, http.StatusOK, newList(cs, total, p))
}

// tekunDeaths serves POST /api/v1/assistance/tekun/deaths: the cases of
// persons the registry records as deceased are stopped from the month
// after the death (the civil-affairs line; again, nothing changes).
func (s *Server) tekunDeaths(w http.ResponseWriter, r *http.Request) {
	var body struct{}
	if err := decodeJSON(w, r, &body); err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.app.Assist.StopDeceasedTekun(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for i, c := range cs {
		cs[i] = maskTekun(a, c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs, "total": len(cs)})
}

// maskTekun masks the person's and the obligors' ID numbers for the actor.
func maskTekun(a shebao.Actor, c *shebao.TekunCase) *shebao.TekunCase {
	out := *c
	out.IDNo = maskPerson(a, &shebao.Person{IDNo: c.IDNo}, false).IDNo
	if c.Investigation != nil {
		inv := *c.Investigation
		inv.Obligors = make([]string, len(c.Investigation.Obligors))
		for i, o := range c.Investigation.Obligors {
			inv.Obligors[i] = maskPerson(a, &shebao.Person{IDNo: o}, false).IDNo
		}
		out.Investigation = &inv
	}
	if c.Quote != nil {
		q := *c.Quote
		out.Quote = &q
	}
	return &out
}
