package web

import (
	"net/http"

	"github.com/shebao/shebao"
)

// The 社会救助资金 (issue #18 item 7; assist_fund.go in the root): its
// budget received, recorded by the funds' finance clerks.

// assistBudgetInput is the body of POST /api/v1/funds/assistance.
type assistBudgetInput struct {
	Doc    string       `json:"doc"`
	Amount shebao.Money `json:"amount"`
	Date   string       `json:"date"`
	Note   string       `json:"note"`
}

// recordAssistBudget serves POST /api/v1/funds/assistance: 201 when
// recorded, 200 when the document number was recorded before with the same
// amount (409 with another).
func (s *Server) recordAssistBudget(w http.ResponseWriter, r *http.Request) {
	var in assistBudgetInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, created, err := s.app.Ledger.RecordAssistBudget(r.Context(), shebao.AssistBudget{Doc: in.Doc, Amount: in.Amount, Date: in.Date, Note: in.Note})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, b)
}
