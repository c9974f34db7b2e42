package web

import (
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Land contracting and transfer (土地承包和流转, package transfer): the 确权
// registry (/contracting, entity contracting) and the transfer contracts
// with their rents (/transfers, entity transfer). Villages and towns write
// in their jurisdiction; the town's service centre verifies contracts
// through the approval queue (/approvals); district clerks, leaders and
// the land bureau read. Both entities are personal records: a citizen
// reaches them only through the CLI and UI, not these routes.

// saveParcel serves POST /api/v1/contracting: one parcel with its
// contract; 201 when the parcel is new, 200 when corrected or repeated.
func (s *Server) saveParcel(w http.ResponseWriter, r *http.Request) {
	var in shebao.NewParcel
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, outcome, err := s.app.Transfer.SaveParcel(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if outcome == shebao.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, c)
}

// listContracts serves GET /api/v1/contracting?region=&offset=&limit=.
func (s *Server) listContracts(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, total, err := s.app.Transfer.FindLandContracts(r.Context(), shebao.LandContractFilter{Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(cs, total, p))
}

// getContract serves GET /api/v1/contracting/{no}: a 承包合同 with its
// parcels and the history of both.
func (s *Server) getContract(w http.ResponseWriter, r *http.Request) {
	c, err := s.app.Transfer.FindLandContract(r.Context(), r.PathValue("no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hist, err := s.app.Transfer.ContractingHistory(r.Context(), c.Code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if hist == nil {
		hist = []shebao.ContractingVersion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"contract": c, "history": hist})
}

// listTransfers serves GET /api/v1/transfers?region=&status=&offset=&limit=.
func (s *Server) listTransfers(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region", "status")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ts, total, err := s.app.Transfer.FindTransfers(r.Context(), shebao.TransferFilter{Region: q.Get("region"), Status: q.Get("status"),
		Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, t := range ts {
		maskTransfer(actorOf(r), t)
	}
	writeJSON(w, http.StatusOK, newList(ts, total, p))
}

// maskTransfer masks the ID numbers of a contract's transferors and of a
// person transferee for an actor who does not see them in full (as every
// other answer of the API does); a cooperative's USCC stays as it is.
func maskTransfer(a shebao.Actor, t *shebao.Transfer) {
	if t == nil {
		return
	}
	mask := func(s string) string {
		if _, err := idno.ParseUSCC(s); err == nil {
			return s
		}
		return maskIDsIn(a, s)
	}
	for i := range t.Parcels {
		t.Parcels[i].TransferorIDNo = mask(t.Parcels[i].TransferorIDNo)
	}
	t.TransfereeID = mask(t.TransfereeID)
}

// transferInput is the body of POST /api/v1/transfers: one contract's
// lines (one per parcel, the same terms on each).
type transferInput struct {
	Lines []shebao.NewTransferLine `json:"lines"`
}

// saveTransfer serves POST /api/v1/transfers: every line lands or none;
// 201 for a new contract (waiting for 鉴证), 200 for a correction or a
// repeat.
func (s *Server) saveTransfer(w http.ResponseWriter, r *http.Request) {
	var in transferInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, outcome, err := s.app.Transfer.SaveTransfer(r.Context(), in.Lines)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if outcome == shebao.Created {
		status = http.StatusCreated
	}
	maskTransfer(actorOf(r), t)
	writeJSON(w, status, t)
}

// getTransfer serves GET /api/v1/transfers/{no}.
func (s *Server) getTransfer(w http.ResponseWriter, r *http.Request) {
	t, err := s.app.Transfer.FindTransfer(r.Context(), r.PathValue("no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	maskTransfer(actorOf(r), t)
	writeJSON(w, http.StatusOK, t)
}

// endInput is the body of POST /api/v1/transfers/{no}/end.
type endInput struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// endTransfer serves POST /api/v1/transfers/{no}/end: the early end.
func (s *Server) endTransfer(w http.ResponseWriter, r *http.Request) {
	var in endInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.app.Transfer.EndTransfer(r.Context(), r.PathValue("no"), in.Date, in.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	maskTransfer(actorOf(r), t)
	writeJSON(w, http.StatusOK, t)
}

// rentInput is the body of POST /api/v1/transfers/{no}/payments.
type rentInput struct {
	Receipt string `json:"receipt"`
	Amount  string `json:"amount"` // 元
	Date    string `json:"date"`
	Note    string `json:"note,omitempty"`
}

// payRent serves POST /api/v1/transfers/{no}/payments: 201 when recorded,
// 200 for the same receipt again.
func (s *Server) payRent(w http.ResponseWriter, r *http.Request) {
	var in rentInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	m, err := shebao.ParseYuan(in.Amount)
	if err != nil {
		s.writeError(w, r, shebao.FieldErrorf("amount", "金额“%s”无效", in.Amount))
		return
	}
	p, created, err := s.app.Transfer.RecordRentPayment(r.Context(), shebao.RentPayment{Receipt: in.Receipt, No: r.PathValue("no"),
		Amount: m, Date: in.Date, Note: in.Note})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, p)
}

// rentArrears serves GET /api/v1/transfers/arrears?region=&date=.
func (s *Server) rentArrears(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.app.Transfer.RentArrears(r.Context(), q.Get("region"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// priceGuide serves GET /api/v1/transfers/prices?region=&date=: the
// median and range of rents by village and land class (no personal data).
func (s *Server) priceGuide(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	g, err := s.app.Transfer.PriceGuide(r.Context(), q.Get("region"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, g)
}
