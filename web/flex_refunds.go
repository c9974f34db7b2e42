package web

import (
	"context"
	"net/http"

	"github.com/shebao/shebao"
)

// The correction (冲正) of a flexible-employment personal payment: submitted
// for a second clerk's approval (201, with the approval; approval kind
// flex.correct, collect/refunds.go); the same request again answers 200
// with the approval made before.

func (s *Server) submitFlexCorrection(w http.ResponseWriter, r *http.Request) {
	var req shebao.FlexCorrectionRequest
	serveReversal(s, w, r, &req, func(ctx context.Context) (*shebao.Approval, error) {
		return s.app.Collect.RecordFlexCorrection(ctx, req)
	})
}

// The refund (退费) of a flexible-employment personal payment's 暂收款:
// submitted for a second clerk's approval (201, with the approval; approval
// kind flex.refund, collect/refunds.go); the same request again answers
// 200 with the approval made before (201 to its own maker while pending).

func (s *Server) submitFlexRefund(w http.ResponseWriter, r *http.Request) {
	var req shebao.FlexRefundRequest
	serveReversal(s, w, r, &req, func(ctx context.Context) (*shebao.Approval, error) { return s.app.Collect.RecordFlexRefund(ctx, req) })
}
