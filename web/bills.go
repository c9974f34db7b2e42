package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// An employer's bill for a month with its late fee (滞纳金) assessed, paid
// and outstanding (collect.Service.BillWithLateFee). The first segment
// "contributions" is the contribution entity (routeEntity).

func (s *Server) getBill(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.Collect.BillWithLateFee(r.Context(), r.PathValue("uscc"), shebao.Period(r.PathValue("month")))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}
