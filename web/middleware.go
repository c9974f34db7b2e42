package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// requestInfo is what the access log needs to know about a request. The
// outermost middleware puts it in the context; inner layers fill it in,
// because they see copies of the request (WithContext) the outer one does
// not.
type requestInfo struct {
	id    string // random, also sent as X-Request-Id
	route string // the matched route's pattern path, never the raw URL
	actor string // name of the actor, once known
}

type infoKey struct{}

// infoFrom returns the request's info; a request that bypassed observe
// (a handler called directly in a test) gets a throwaway one.
func infoFrom(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

// statusWriter remembers the status of the response for the log, and
// whether anything was sent yet, so that a panic can still be answered.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request a random id (the X-Request-Id response header,
// the key to find an internal error in the log), recovers from a panic in
// any handler with a 500 in the usual JSON shape, and writes one access log
// line: method, route pattern, status, duration, actor. It logs neither the
// URL nor the body, which carry ID numbers and names.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &requestInfo{id: rand.Text()}
		w.Header().Set("X-Request-Id", ri.id)
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Error("panic", "request_id", ri.id, "route", ri.route, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeJSON(sw, http.StatusInternalServerError,
						errorResponse{&shebao.Error{Code: shebao.EINTERNAL, Message: internalMessage}})
				} else {
					// The response is under way; all we can do is cut it.
					sw.status = http.StatusInternalServerError
				}
			}
			route := ri.route
			if route == "" {
				route = "-"
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", ri.id),
				slog.String("method", r.Method),
				slog.String("path", route),
				slog.Int("status", status),
				slog.Duration("duration", time.Since(start)),
				slog.String("actor", ri.actor),
				slog.Int64("bytes", sw.bytes),
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every response carries. The API's
// answers are personal data: no caching anywhere (Cache-Control: no-store).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'")
		if strings.HasPrefix(r.URL.Path, apiPrefix) {
			h.Set("Cache-Control", "no-store")
		}
		if overHTTPS(r) {
			// Served over TLS: browsers must never fall back to plain HTTP,
			// where session cookies and personal data would travel in clear.
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// withActor is the authentication middleware: it asks s.authenticate who
// makes the request, refuses the request with 401 when nobody does, and
// puts the actor, with the client's address as Remote, into the context
// where every store method finds it. Sign-in will replace s.authenticate
// only; this middleware stays.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.authenticate(r)
		if !ok {
			// RFC 9110 wants a WWW-Authenticate header with a 401; it names
			// the sign-in scheme, which does not exist yet.
			s.writeError(w, r, shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效,请重新登录"))
			return
		}
		a.Remote = clientIP(r)
		infoFrom(r.Context()).actor = a.Name
		next.ServeHTTP(w, r.WithContext(shebao.WithActor(r.Context(), a)))
	})
}
