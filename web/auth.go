package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Sign-in. Without Options.Authenticate the server authenticates requests
// itself, by one of two credentials:
//
//   - an API token, for machine clients: "Authorization: Bearer shebao_…",
//     issued with `shebao token create NAME`;
//   - a browser session, opened by POST /api/v1/login: a cookie that is
//     HttpOnly, SameSite=Strict, and over TLS (ours, or a trusted proxy's:
//     proxy.go) Secure with the __Host- prefix (bound to this host and
//     path /). Because a browser sends cookies by
//     itself, every unsafe request (POST, PUT, PATCH, DELETE) on a session
//     must also carry the session's CSRF token in X-CSRF-Token, which only
//     a page of this origin can have read (from the login answer or from
//     GET /api/v1/me). Go's CrossOriginProtection stays in front as well.
//
// A request with an Authorization header is judged by it alone, never by a
// cookie it also carries. Without valid credentials the answer is 401.
//
// After authentication every non-public route passes authorize, which
// refuses (403) what the actor's role may not do on the route's entity;
// sqldb then limits the request to the actor's jurisdiction (404 outside)
// and checks the role again on every audited read and write.

// Cookie names: with TLS the __Host- prefix, which browsers accept only
// with Secure, Path=/ and no Domain, so that no other host (a sibling
// subdomain) can plant or read it.
const (
	sessionCookie    = "shebao_session"
	sessionCookieTLS = "__Host-shebao_session"
	csrfHeader       = "X-CSRF-Token"
)

// cookieName is the session cookie's name for the request's scheme (the
// client's, behind a trusted proxy).
func cookieName(r *http.Request) string {
	if overHTTPS(r) {
		return sessionCookieTLS
	}
	return sessionCookie
}

// credential is what a request authenticated with.
type credential struct {
	user    *shebao.User
	session *shebao.Session // a browser session, or
	secret  string          // (its cookie's value)
	token   *shebao.Token   // an API token
}

type credentialKey struct{}

// credentialFrom returns the request's credential, set by credentials.
func credentialFrom(ctx context.Context) *credential {
	c, _ := ctx.Value(credentialKey{}).(*credential)
	return c
}

// resolveCredential finds the request's valid credential: nil without one,
// or with an invalid, expired or revoked one. The error is an outage.
func (s *Server) resolveCredential(r *http.Request) (*credential, error) {
	if s.app == nil {
		return nil, nil
	}
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, nil
		}
		t, u, err := s.app.Access.FindToken(ctx, strings.TrimSpace(tok))
		if err != nil {
			return nil, ignoreUnauthorized(err)
		}
		return &credential{user: u, token: t}, nil
	}
	ck, err := r.Cookie(cookieName(r))
	if err != nil {
		return nil, nil
	}
	sess, u, err := s.app.Access.FindSession(ctx, ck.Value)
	if err != nil {
		return nil, ignoreUnauthorized(err)
	}
	return &credential{user: u, session: sess, secret: ck.Value}, nil
}

// ignoreUnauthorized turns "no such credential" into nil: not an error of
// the server, just no sign-in.
func ignoreUnauthorized(err error) error {
	if shebao.ErrorCode(err) == shebao.EUNAUTHORIZED {
		return nil
	}
	return err
}

// unsafeMethod reports whether the method may change state, and so needs
// CSRF protection.
func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// credentials resolves the request's credential once, for the built-in
// Authenticate and for the handlers (logout, me), and enforces the CSRF
// token on unsafe requests made with a session cookie: 403 when it is
// missing or wrong. Without credentials it only adds the challenge header
// to the 401 that withActor will send.
func (s *Server) credentials(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.resolveCredential(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if c == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shebao"`)
			next.ServeHTTP(w, r)
			return
		}
		if c.session != nil && unsafeMethod(r.Method) {
			got := r.Header.Get(csrfHeader)
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(c.session.CSRF)) != 1 {
				s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "缺少或错误的CSRF令牌(请求头%s),请刷新页面后重试", csrfHeader))
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), credentialKey{}, c)))
	})
}

// authenticateBuiltin is the Authenticate of the built-in sign-in: the
// user of the credential that credentials resolved.
func (s *Server) authenticateBuiltin(r *http.Request) (shebao.Actor, bool) {
	c := credentialFrom(r.Context())
	if c == nil {
		return shebao.Actor{}, false
	}
	return c.user.Actor(clientIP(r)), true
}

// routeEntity is the entity a route works on, for the role check: the
// first path segment after /api/v1/, singular ("persons" → person). Routes
// about the caller's own sign-in have none (""): any signed-in actor may
// use them. A segment nobody has rights on yet (a new resource not in
// shebao.Roles) is refused to every role but admin: new routes fail closed.
func routeEntity(path string) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/api/v1/"), "/")
	switch seg {
	case "login", "logout", "me", "health", "openapi.json":
		return ""
	case "stats", "land", "audit", "medical":
		return seg
	case "payroll": // the monthly benefit payroll (payroll.go)
		return shebao.EntityBenefit
	case "reports": // statistics (reports.go)
		return shebao.EntityStats
	case "vacancies": // 岗位空缺 (vacancies.go)
		return shebao.EntityVacancy
	}
	return strings.TrimSuffix(seg, "s")
}

// authorize refuses a request whose route the actor's role may not use:
// reading (GET) or writing (anything else) the route's entity. A role
// limited to its own records (citizen) reaches personal entities only by
// routes about one person ({id_no}) and only with its own number; another
// number is 404, as if that person did not exist.
func (s *Server) authorize(rt route, next http.Handler) http.Handler {
	entity := routeEntity(rt.Path)
	compute := computeRoutes[rt.Pattern()]
	write := unsafeMethod(rt.Method) && !compute
	own := strings.Contains(rt.Path, "{id_no}")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if entity == "" {
			next.ServeHTTP(w, r)
			return
		}
		a, _ := shebao.ActorFrom(r.Context())
		role := shebao.RoleOf(a)
		switch {
		case write && !role.May(shebao.Write(entity)):
			s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权修改%s", roleLabel(a), shebao.EntityName(entity)))
			return
		case !write && !role.May(shebao.Read(entity)):
			s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "您的角色(%s)无权查看%s", roleLabel(a), shebao.EntityName(entity)))
			return
		}
		if role.OwnOnly && shebao.IsPersonal(entity) && !compute {
			if !own {
				s.writeError(w, r, shebao.Errorf(shebao.EFORBIDDEN, "参保人只能查看本人的记录"))
				return
			}
			id, err := idno.ParseID(r.PathValue("id_no"), shebao.Today())
			if err == nil && id.Number != a.IDNo {
				s.writeError(w, r, shebao.Errorf(shebao.ENOTFOUND, "未找到身份证号为%s的人员", idno.MaskID(id.Number)))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// roleLabel names the actor's role for messages.
func roleLabel(a shebao.Actor) string {
	if r := shebao.RoleOf(a); r.Name != "" {
		return r.Name
	}
	return a.Role
}

// setSessionCookie sends the session cookie; an empty secret deletes it.
func setSessionCookie(w http.ResponseWriter, r *http.Request, secret string, expires time.Time) {
	c := &http.Cookie{
		Name:     cookieName(r),
		Value:    secret,
		Path:     "/",
		Secure:   overHTTPS(r),
		HttpOnly: true,
		// Strict: the browser never sends the session with a request
		// started by another site, not even a link followed to a GET
		// (which here reads personal data and writes the audit log).
		SameSite: http.SameSiteStrictMode,
	}
	if secret == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
		c.MaxAge = int(time.Until(expires).Seconds())
	}
	http.SetCookie(w, c)
}

// loginInput is the body of POST /api/v1/login.
type loginInput struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// account is how the API shows the signed-in user and what they may do.
type account struct {
	Name     string `json:"name"`
	Display  string `json:"display_name,omitempty"`
	Role     string `json:"role"`
	Line     string `json:"line,omitempty"`
	RoleName string `json:"role_name"`
	Region   string `json:"region"`
	IDNo     string `json:"id_no,omitempty"`
	// Read and Write are the entities the role reads and writes ("*": all).
	Read   []string `json:"read"`
	Write  []string `json:"write"`
	FullID bool     `json:"full_id"`
	Reveal bool     `json:"reveal"`
	// Auth is how the request authenticated: "session" or "token".
	Auth      string     `json:"auth,omitempty"`
	CSRFToken string     `json:"csrf_token,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// accountOf describes the actor, with the details of its credential when
// the built-in sign-in authenticated it.
func accountOf(a shebao.Actor, c *credential) *account {
	role := shebao.RoleOf(a)
	acc := &account{Name: a.Name, Role: role.ID, Line: role.Line, RoleName: role.Name, Region: a.Region, IDNo: a.IDNo,
		Read: role.Read, Write: role.Write, FullID: role.FullID, Reveal: role.May(shebao.ReadFull(shebao.EntityPerson))}
	if acc.Role == "" {
		acc.Role = a.Role
	}
	if acc.Read == nil {
		acc.Read = []string{}
	}
	if acc.Write == nil {
		acc.Write = []string{}
	}
	if c != nil {
		acc.Display = c.user.Display
		switch {
		case c.session != nil:
			acc.Auth, acc.CSRFToken = "session", c.session.CSRF
			exp := c.session.ExpiresAt
			acc.ExpiresAt = &exp
		case c.token != nil:
			acc.Auth = "token"
		}
	}
	return acc
}

// login serves POST /api/v1/login: {"name","password"} → the session
// cookie, and in the body the CSRF token and the account. Every failure
// is the same 401; failures are throttled per name, and an address with
// many failures backs off: 429 with Retry-After and a message saying when
// to try again (shebao.LoginFailures).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in loginInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(in.Name) == "" {
		s.writeError(w, r, shebao.FieldErrorf("name", "请输入用户名"))
		return
	}
	if in.Password == "" {
		s.writeError(w, r, shebao.FieldErrorf("password", "请输入密码"))
		return
	}
	if s.app == nil {
		s.writeError(w, r, shebao.Errorf(shebao.EUNAUTHORIZED, "用户名或密码错误"))
		return
	}
	ctx := r.Context()
	u, err := s.app.Access.Authenticate(ctx, in.Name, in.Password, clientIP(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A session the browser still had ends: each sign-in gets a new
	// secret, never one that was known before it (session fixation).
	if ck, err := r.Cookie(cookieName(r)); err == nil && ck.Value != "" {
		if err := s.app.Access.RevokeSession(ctx, ck.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	secret, sess, err := s.app.Access.CreateSession(ctx, u, clientIP(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	infoFrom(ctx).actor = u.Name
	setSessionCookie(w, r, secret, sess.ExpiresAt)
	writeJSON(w, http.StatusOK, accountOf(u.Actor(clientIP(r)), &credential{user: u, session: sess}))
}

// logout serves POST /api/v1/logout: the session ends and the cookie is
// deleted. An API token is not ended this way (shebao token revoke).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength != 0 {
		// The body is optional; if there is one it must be an empty object.
		var in struct{}
		if err := decodeJSON(w, r, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	c := credentialFrom(r.Context())
	if c == nil || c.session == nil {
		s.writeError(w, r, shebao.Errorf(shebao.EINVALID, "此请求不是以登录会话发出的,无需退出;API令牌请用 shebao token revoke 吊销"))
		return
	}
	if err := s.app.Access.RevokeSession(r.Context(), c.secret); err != nil {
		s.writeError(w, r, err)
		return
	}
	setSessionCookie(w, r, "", time.Time{})
	writeJSON(w, http.StatusOK, map[string]bool{"signed_out": true})
}

// me serves GET /api/v1/me: who the request acts as, the role's rights,
// and for a session its CSRF token (a reloaded page gets it here).
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	if _, _, err := query(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	a, _ := shebao.ActorFrom(r.Context())
	writeJSON(w, http.StatusOK, accountOf(a, credentialFrom(r.Context())))
}
