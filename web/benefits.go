package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// Benefits (待遇): the pension what-if, pension determinations (经办, then
// 复核 by another clerk through the approval queue), the benefits of a
// person with their amounts, and changes of a benefit's status.

// maskBenefits masks the ID numbers of benefits unless the actor sees them.
func maskBenefits(r *http.Request, bs []*shebao.Benefit) []*shebao.Benefit {
	a := actorOf(r)
	out := make([]*shebao.Benefit, len(bs))
	for i, b := range bs {
		c := *b
		c.IDNo = maskPerson(a, &shebao.Person{IDNo: b.IDNo}, false).IDNo
		out[i] = &c
	}
	return out
}

// calcPension serves POST /api/v1/benefits/calc with a
// shebao.PensionCalcRequest: the employee pension of the figures given.
func (s *Server) calcPension(w http.ResponseWriter, r *http.Request) {
	var req shebao.PensionCalcRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Benefit.CalcPension(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// determine serves POST /api/v1/benefits/determinations with a
// shebao.DeterminationRequest: 200 with the computation when a preview, else
// 201 with it and the approval it waits in.
func (s *Server) determine(w http.ResponseWriter, r *http.Request) {
	var req shebao.DeterminationRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.app.Benefit.Determine(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	masked := maskPerson(actorOf(r), &shebao.Person{IDNo: d.IDNo}, false).IDNo
	d.IDNo, d.Benefit.IDNo = masked, masked
	status := http.StatusOK
	if d.Approval != nil {
		// The payload holds the full number: the approval is shown through
		// the approval queue, which masks it there.
		d.Approval.Payload = nil
		status = http.StatusCreated
	}
	writeJSON(w, status, d)
}

// listBenefits serves GET /api/v1/benefits?id_no=&kind=&scheme=&status=&region=&offset=&limit=.
func (s *Server) listBenefits(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "id_no", "kind", "scheme", "status", "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bs, total, err := s.app.Benefit.FindBenefits(r.Context(), shebao.BenefitFilter{IDNo: q.Get("id_no"), Kind: q.Get("kind"),
		Scheme: q.Get("scheme"), Status: q.Get("status"), Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(maskBenefits(r, bs), total, p))
}

// getBenefit serves GET /api/v1/benefits/{id}: one benefit with its amounts
// over time and their explanations.
func (s *Server) getBenefit(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.Benefit.FindBenefit(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskBenefits(r, []*shebao.Benefit{b})[0])
}

// changeBenefit serves POST /api/v1/benefits/{id}/changes with a
// shebao.BenefitChange (suspend, resume, stop).
func (s *Server) changeBenefit(w http.ResponseWriter, r *http.Request) {
	var ch shebao.BenefitChange
	if err := decodeJSON(w, r, &ch); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := s.app.Benefit.ChangeBenefit(r.Context(), r.PathValue("id"), ch)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskBenefits(r, []*shebao.Benefit{b})[0])
}
