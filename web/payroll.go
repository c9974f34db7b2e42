package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// The monthly benefit payroll (待遇发放): the month's totals, its payments
// page by page, and the run. The routes' first segment "payroll" is the
// benefit entity (routeEntity): benefits clerks run it, whoever reads
// benefits reads it, in their jurisdiction (sqldb).

// getPayroll serves GET /api/v1/payroll/{month}?region=: the month's
// totals by scheme, kind and status.
func (s *Server) getPayroll(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sum, err := s.app.Benefit.PayrollTotals(r.Context(), r.PathValue("month"), q.Get("region"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

// listPayrollPayments serves GET
// /api/v1/payroll/{month}/payments?region=&status=&scheme=&kind=&offset=&limit=:
// one page of the month's payments, ID numbers and bank accounts masked
// unless the actor sees them in full.
func (s *Server) listPayrollPayments(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "status", "scheme", "kind")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps, total, err := s.app.Benefit.FindPayments(r.Context(), shebao.PaymentFilter{Month: r.PathValue("month"), Region: q.Get("region"),
		Status: q.Get("status"), Scheme: q.Get("scheme"), Kind: q.Get("kind"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	for _, x := range ps {
		if !a.SeesFullID(x.IDNo) {
			x.IDNo = idno.MaskID(x.IDNo)
			x.BankAccount = maskAccount(x.BankAccount)
		}
	}
	writeJSON(w, http.StatusOK, newList(ps, total, p))
}

// maskAccount keeps the last four characters of a bank account.
func maskAccount(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return s
	}
	out := make([]rune, len(r))
	for i := range r {
		if i < len(r)-4 {
			out[i] = '*'
		} else {
			out[i] = r[i]
		}
	}
	return string(out)
}

// runPayroll serves POST /api/v1/payroll/{month}/run with an empty JSON
// object: the run in the actor's jurisdiction (benefit.Service.RunPayroll), which
// submits the release for a second clerk's approval. 200 with the result.
func (s *Server) runPayroll(w http.ResponseWriter, r *http.Request) {
	var req struct{}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.app.Benefit.RunPayroll(r.Context(), r.PathValue("month"), shebao.PayrollOptions{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
