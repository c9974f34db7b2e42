// Package web serves shebao's JSON API under /api/v1/: the registry of
// regions, persons and employers, its OpenAPI description and a health
// check. It holds no business rules and no SQL: handlers decode the request,
// call the store (sqldb), and encode the answer or the error.
//
// Every request passes the same chain (outermost first):
//
//	withClient      the client's address and scheme, behind a trusted proxy from X-Forwarded-* (proxy.go)
//	observe         request id, access log, panic recovery
//	securityHeaders nosniff, DENY, no-referrer, CSP, no-store for /api/
//	cross-origin    Go's CrossOriginProtection against CSRF
//	ServeMux        one route table (routes), Go 1.22 patterns
//	credentials     the request's token or session; CSRF token on cookie writes (auth.go)
//	authenticate    the actor of the request, into the context (not for public routes)
//	authorize       the role may use the route (403 otherwise; auth.go)
//	handler         one per route, one file per resource
//
// Errors have one JSON shape everywhere, {"error":{"code","message","field"}},
// with the status chosen from the code in one table (errors.go).
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
)

// Options configure a Server.
type Options struct {
	// Logger receives the access log and internal errors. nil discards them.
	Logger *slog.Logger
	// Authenticate decides the actor of a request; false refuses it with 401.
	// nil uses shebao's own sign-in (auth.go): API tokens sent as
	// "Authorization: Bearer …" and browser sessions opened by
	// POST /api/v1/login, whose unsafe requests must carry X-CSRF-Token.
	Authenticate func(r *http.Request) (shebao.Actor, bool)
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For and X-Forwarded-Proto are believed (proxy.go); from
	// any other peer they are ignored. Empty: none.
	TrustedProxies []netip.Prefix
}

// Server is the HTTP face of one shebao database.
type Server struct {
	app          *app.App
	logger       *slog.Logger
	authenticate func(r *http.Request) (shebao.Actor, bool)
	mux          *http.ServeMux
	handler      http.Handler
	trusted      []netip.Prefix
}

// route is one entry of the API. The table below is the only list of
// routes: the mux is built from it and the OpenAPI test checks the document
// against it, so the two cannot drift apart.
type route struct {
	Method string
	// Path is the ServeMux pattern path, whose {wildcards} are also the
	// OpenAPI path template.
	Path string
	// Public routes are served without an actor (and so without sign-in).
	Public bool
	handle func(s *Server, w http.ResponseWriter, r *http.Request)
}

// Pattern is the ServeMux pattern of the route.
func (rt route) Pattern() string { return rt.Method + " " + rt.Path }

// apiPrefix catches every other path under the API, so that an unknown
// path or method also gets the JSON error shape rather than the mux's text.
const apiPrefix = "/api/"

// NewServer returns a server over the services of a.
func NewServer(a *app.App, opts Options) *Server {
	s := &Server{app: a, logger: opts.Logger, authenticate: opts.Authenticate, mux: http.NewServeMux(), trusted: opts.TrustedProxies}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	builtin := s.authenticate == nil
	if builtin {
		s.authenticate = s.authenticateBuiltin
	}
	for _, rt := range routes {
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.handle(s, w, r) })
		if !rt.Public {
			h = s.withActor(s.authorize(rt, h))
			if builtin {
				h = s.credentials(h)
			}
		}
		s.mux.Handle(rt.Pattern(), s.routed(rt.Path, h))
	}
	s.mux.Handle(apiPrefix, s.routed(apiPrefix, http.HandlerFunc(s.noRoute)))
	// Every other path is the browser UI (ui.go).
	s.mux.Handle("/", s.ui(builtin))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "拒绝来自其他网站的跨站请求"))
	}))
	s.handler = s.withClient(s.observe(securityHeaders(cop.Handler(s.mux))))
	return s
}

// Handler returns the handler of the whole API.
func (s *Server) Handler() http.Handler { return s.handler }

// routed records the matched route's path pattern for the access log, which
// must never see the raw URL: paths and queries carry ID numbers.
func (s *Server) routed(path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		infoFrom(r.Context()).route = path
		next.ServeHTTP(w, r)
	})
}

// noRoute answers a request under /api/ that matched no route: 405 with
// Allow when the path exists for other methods, else 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != apiPrefix {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		if slices.Contains(allow, http.MethodGet) {
			allow = append(allow, http.MethodHead)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, r, withStatus(http.StatusMethodNotAllowed,
			shebao.Errorf(shebao.EINVALID, "该地址不支持%s请求(支持:%s)", r.Method, strings.Join(allow, "、"))))
		return
	}
	s.writeError(w, r, shebao.Errorf(shebao.ENOTFOUND, "接口不存在,请查阅/api/v1/openapi.json"))
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
