package web

import (
	"context"
	"net/http"

	"github.com/shebao/shebao"
)

// Refunds (退费) and corrections (更正/冲正) of contribution payments: the
// request is submitted for a second clerk's approval (201, with the
// approval; the approval queue carries it out, collect/refunds.go). The
// same request again answers 200 with the approval made before. The
// first segment "contributions" is the contribution entity (routeEntity).

func (s *Server) submitRefund(w http.ResponseWriter, r *http.Request) {
	var req shebao.RefundRequest
	serveReversal(s, w, r, &req, func(ctx context.Context) (*shebao.Approval, error) { return s.app.Collect.RecordRefund(ctx, req) })
}

func (s *Server) submitCorrection(w http.ResponseWriter, r *http.Request) {
	var req shebao.CorrectionRequest
	serveReversal(s, w, r, &req, func(ctx context.Context) (*shebao.Approval, error) { return s.app.Collect.RecordCorrection(ctx, req) })
}

func serveReversal(s *Server, w http.ResponseWriter, r *http.Request, req any, submit func(context.Context) (*shebao.Approval, error)) {
	if err := decodeJSON(w, r, req); err != nil {
		s.writeError(w, r, err)
		return
	}
	ap, err := submit(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusCreated
	if ap.Status != shebao.ApprovalPending || ap.Maker != actorOf(r).Name {
		status = http.StatusOK
	}
	writeJSON(w, status, ap)
}
