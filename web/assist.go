package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// Social assistance (社会救助), issue #18.

// quoteAssistance serves POST /api/v1/assistance/quote with a
// shebao.AssistQuoteRequest: 200 with the 低保 the household would get. It
// reads no person and writes nothing (a compute route): every role that
// reads assistance may ask, a citizen included. The answer numbers the
// members and repeats no ID number.
func (s *Server) quoteAssistance(w http.ResponseWriter, r *http.Request) {
	var req shebao.AssistQuoteRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := s.app.Assist.Quote(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}

// quoteTekun serves POST /api/v1/assistance/tekun/quote with a
// shebao.TekunQuoteRequest: 200 with the 特困 conditions and support. Like
// the 低保 quote it reads no person and writes nothing; the answer repeats
// no ID number.
func (s *Server) quoteTekun(w http.ResponseWriter, r *http.Request) {
	var req shebao.TekunQuoteRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := s.app.Assist.QuoteTekun(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q)
}
