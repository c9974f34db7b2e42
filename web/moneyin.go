package web

import (
	"net/http"
	"strconv"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Money in from persons: the yearly individual-account statement.

// personStatement serves GET /api/v1/persons/{id_no}/statement?year=YYYY:
// the person's individual-account statement for the year (个人账户对账单).
// A citizen reads only their own (authorize, and again in sqldb).
func (s *Server) personStatement(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "year")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil {
		s.writeError(w, r, shebao.FieldErrorf("year", "年度“%s”无效,应为四位年份", q.Get("year")))
		return
	}
	st, err := s.app.Ledger.AccountStatement(r.Context(), r.PathValue("id_no"), year)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !actorOf(r).SeesFullID(st.IDNo) {
		st.IDNo = idno.MaskID(st.IDNo)
	}
	writeJSON(w, http.StatusOK, st)
}
