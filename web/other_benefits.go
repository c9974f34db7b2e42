package web

import (
	"context"
	"net/http"

	"github.com/shebao/shebao"
)

// Determinations of the other benefits (失业保险金, 生育津贴, 一次性伤残补助金):
// each computed from the person's record and the policy in force; with
// "preview": true only shown (200), otherwise submitted for a second
// clerk's approval (201, with the approval). The first segment "benefits"
// is the benefit entity (routeEntity).

func (s *Server) determineUnemployment(w http.ResponseWriter, r *http.Request) {
	var req shebao.UnemploymentRequest
	serveOther(s, w, r, &req, func(ctx context.Context) (*shebao.OtherDetermination, error) {
		return s.app.Benefit.DetermineUnemployment(ctx, req)
	})
}

func (s *Server) determineMaternity(w http.ResponseWriter, r *http.Request) {
	var req shebao.MaternityRequest
	serveOther(s, w, r, &req, func(ctx context.Context) (*shebao.OtherDetermination, error) {
		return s.app.Benefit.DetermineMaternity(ctx, req)
	})
}

func (s *Server) determineInjury(w http.ResponseWriter, r *http.Request) {
	var req shebao.InjuryRequest
	serveOther(s, w, r, &req, func(ctx context.Context) (*shebao.OtherDetermination, error) {
		return s.app.Benefit.DetermineInjury(ctx, req)
	})
}

// serveOther decodes the request into req, runs the determination and
// writes it with the person's number masked as the actor sees it.
func serveOther(s *Server, w http.ResponseWriter, r *http.Request, req any, run func(context.Context) (*shebao.OtherDetermination, error)) {
	if err := decodeJSON(w, r, req); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := run(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	masked := maskPerson(actorOf(r), &shebao.Person{IDNo: d.IDNo}, false).IDNo
	d.IDNo, d.Benefit.IDNo = masked, masked
	status := http.StatusOK
	if d.Approval != nil {
		// The payload holds the full number; the approval queue masks it.
		d.Approval.Payload = nil
		status = http.StatusCreated
	}
	writeJSON(w, status, d)
}
