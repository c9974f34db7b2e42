package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Back payments (补发) paid with a month's payroll, and the write-off
// (核销) of an overpayment that cannot be recovered, submitted for a second
// clerk's approval. The first segments "payroll" and "benefits" are the
// benefit entity (routeEntity).

// listBackPays serves GET /api/v1/payroll/{month}/backpays?region=&id_no=&offset=&limit=:
// one page of the back payments paid with the month's payroll (and the
// lowered months turned into overpayments, status 转追回), ID numbers
// masked unless the actor sees them in full.
func (s *Server) listBackPays(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "id_no")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bs, total, err := s.app.Benefit.FindBackPays(r.Context(), shebao.BackPayFilter{PayMonth: r.PathValue("month"), Region: q.Get("region"),
		IDNo: q.Get("id_no"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for _, b := range bs {
		if !a.SeesFullID(b.IDNo) {
			b.IDNo = idno.MaskID(b.IDNo)
		}
	}
	writeJSON(w, http.StatusOK, newList(bs, total, p))
}

// submitWriteOff serves POST /api/v1/benefits/{id}/overpayments/{month}/writeoff
// with {"reason": "…"}: the write-off of the overpayment, submitted for
// approval (201 with the approval; 200 with the one already waiting).
func (s *Server) submitWriteOff(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	ap, created, err := s.app.Benefit.SubmitWriteOff(r.Context(), shebao.WriteOffRequest{BenefitID: r.PathValue("id"), Month: r.PathValue("month"), Reason: req.Reason})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, ap)
}
