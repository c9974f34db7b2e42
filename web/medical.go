package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Medical reimbursement (医疗费用报销): claims settled one by one through the
// API (hospitals' settlement systems, clerks), the claims of a person and
// year, one claim, and the indicators. The first segment "medical" is the
// medical entity (routeEntity): medical clerks settle, whoever reads
// medical records reads, in their jurisdiction (sqldb).

// maskClaims masks the ID numbers of claims unless the actor sees them.
func maskClaims(r *http.Request, cs []*shebao.Claim) []*shebao.Claim {
	a := actorOf(r)
	out := make([]*shebao.Claim, len(cs))
	for i, c := range cs {
		out[i] = c
		if !a.SeesFullID(c.IDNo) {
			m := *c
			m.IDNo = idno.MaskID(c.IDNo)
			out[i] = &m
		}
	}
	return out
}

// listClaims serves GET /api/v1/medical/claims?id_no=&year=&scheme=&region=&offset=&limit=.
func (s *Server) listClaims(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "id_no", "year", "scheme", "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var year int
	if v := q.Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			s.writeError(w, r, shebao.FieldErrorf("year", "年度应为四位数字,实为“%s”", v))
			return
		}
	}
	cs, total, err := s.app.Medical.FindClaims(r.Context(), shebao.ClaimFilter{IDNo: q.Get("id_no"), Year: year, Scheme: q.Get("scheme"),
		Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(maskClaims(r, cs), total, p))
}

// createClaim serves POST /api/v1/medical/claims with a shebao.NewClaim:
// 201 with the settled claim, or 200 with the claim settled before under
// the same settlement number.
func (s *Server) createClaim(w http.ResponseWriter, r *http.Request) {
	var c shebao.NewClaim
	if err := decodeJSON(w, r, &c); err != nil {
		s.writeError(w, r, err)
		return
	}
	c.Source = "api"
	claim, created, err := s.app.Medical.RecordClaim(r.Context(), c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, maskClaims(r, []*shebao.Claim{claim})[0])
}

// getClaim serves GET /api/v1/medical/claims/{id}.
func (s *Server) getClaim(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Medical.FindClaim(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, maskClaims(r, []*shebao.Claim{c})[0])
}

// medicalReport serves GET /api/v1/medical/report?region=&from=&to=: stays
// and amounts reimbursed per scheme and child region.
func (s *Server) medicalReport(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "from", "to")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.app.Report.Medical(r.Context(), q.Get("region"), q.Get("from"), q.Get("to"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
