package web

import (
	"errors"
	"net/http"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Land-expropriated farmers (被征地农民, 即征即保): the land bureau posts its
// expropriation batches with its machine token (role land); villages
// submit rosters, the district accepts them; fund finance records the
// money received; everyone with the right reads the report and warnings.
// Entities by path: /land/… → land, /rosters → roster, /funds/… → fund.

// listLandBatches serves GET /api/v1/land/batches?region=&offset=&limit=.
func (s *Server) listLandBatches(w http.ResponseWriter, r *http.Request) {
	q, p, err := query(r, "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	bs, total, err := s.app.Land.FindLandBatches(r.Context(), shebao.LandBatchFilter{Region: q.Get("region"), Offset: p.Offset, Limit: p.Limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(bs, total, p))
}

// saveLandBatch serves POST /api/v1/land/batches: 201 when created, 200
// when an existing batch was corrected or repeated unchanged.
func (s *Server) saveLandBatch(w http.ResponseWriter, r *http.Request) {
	var in shebao.NewLandBatch
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	b, outcome, err := s.app.Land.SaveLandBatch(r.Context(), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if outcome == shebao.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, b)
}

// getLandBatch serves GET /api/v1/land/batches/{no}.
func (s *Server) getLandBatch(w http.ResponseWriter, r *http.Request) {
	b, err := s.app.Land.FindLandBatch(r.Context(), r.PathValue("no"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

// landReport serves GET /api/v1/land/report?region=&date=.
func (s *Server) landReport(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region", "date")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.app.Land.LandReportAt(r.Context(), q.Get("region"), q.Get("date"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// landWarnings serves GET /api/v1/land/warnings?region=.
func (s *Server) landWarnings(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "region")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ws, err := s.app.Land.LandWarnings(r.Context(), q.Get("region"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ws})
}

// listRoster serves GET /api/v1/rosters?batch=: the roster of a batch,
// numbers masked unless the role needs them.
func (s *Server) listRoster(w http.ResponseWriter, r *http.Request) {
	q, _, err := query(r, "batch")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Get("batch") == "" {
		s.writeError(w, r, shebao.FieldErrorf("batch", "须指定批准文号 batch"))
		return
	}
	lines, err := s.app.Land.FindRoster(r.Context(), q.Get("batch"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := actorOf(r)
	out := make([]*shebao.RosterLine, len(lines))
	for i, l := range lines {
		c := *l
		if !a.SeesFullID(l.IDNo) {
			c.IDNo = idno.MaskID(l.IDNo)
			if len(c.Birth) == len(shebao.DateLayout) {
				c.Birth = c.Birth[:4] + "-**-**"
			}
		}
		out[i] = &c
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": len(out)})
}

// rosterInput is the body of POST /api/v1/rosters.
type rosterInput struct {
	Lines []shebao.RosterEntry `json:"lines"`
}

// submitRoster serves POST /api/v1/rosters: the lines that pass land, each
// rejected line is reported with its reason (200 in both cases).
func (s *Server) submitRoster(w http.ResponseWriter, r *http.Request) {
	var in rosterInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(in.Lines) == 0 || len(in.Lines) > 10000 {
		s.writeError(w, r, shebao.FieldErrorf("lines", "名单应有1至10000人"))
		return
	}
	out, errs, err := s.app.Land.SubmitRoster(r.Context(), "api", in.Lines)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res := shebao.RosterResult{Errors: []shebao.LineError{}}
	for i := range in.Lines {
		if errs[i] != nil {
			res.Rejected++
			le := shebao.LineError{Line: i + 1, IDNo: idno.MaskID(in.Lines[i].IDNo), Reason: shebao.ErrorMessage(errs[i])}
			var e *shebao.Error
			if errors.As(errs[i], &e) {
				le.Field = e.Field
			}
			res.Errors = append(res.Errors, le)
			continue
		}
		switch out[i] {
		case shebao.Created:
			res.Created++
		default:
			res.Unchanged++
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// acceptInput is the body of POST /api/v1/rosters/accept.
type acceptInput struct {
	ApprovalNo string `json:"approval_no"`
	Date       string `json:"date,omitempty"`
}

// acceptRoster serves POST /api/v1/rosters/accept (即征即保).
func (s *Server) acceptRoster(w http.ResponseWriter, r *http.Request) {
	var in acceptInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	acc, err := s.app.Land.AcceptRoster(r.Context(), in.ApprovalNo, in.Date)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc)
}

// fundInput is the body of POST /api/v1/funds/land.
type fundInput struct {
	ReceiptNo  string       `json:"receipt_no"`
	ApprovalNo string       `json:"approval_no"`
	Payer      string       `json:"payer"`
	Amount     shebao.Money `json:"amount"`
	Date       string       `json:"date"`
}

// recordLandFund serves POST /api/v1/funds/land: 201 when recorded, 200
// when the receipt was recorded before.
func (s *Server) recordLandFund(w http.ResponseWriter, r *http.Request) {
	var in fundInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	f, created, err := s.app.Land.RecordLandFund(r.Context(), shebao.LandFund{ReceiptNo: in.ReceiptNo, ApprovalNo: in.ApprovalNo,
		Payer: in.Payer, Amount: in.Amount, Date: in.Date})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, f)
}
