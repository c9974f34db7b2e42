package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Sign-in and sign-out of the browser UI: the same store calls and the
// same session cookie as POST /api/v1/login and /api/v1/logout, through
// forms instead of JSON.

// loginView is the data of the login form.
type loginView struct {
	Name  string // the name typed, kept after a failed attempt
	Next  string // where to go after signing in
	Error string
	// Builtin is false when the embedding program authenticates requests
	// itself: there is no password to type here.
	Builtin bool
}

// loginPage serves GET /login; a browser already signed in goes on.
func (u *ui) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if u.builtin {
		if c, err := u.s.resolveCredential(r); err == nil && c != nil && c.session != nil {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
	} else if _, ok := u.s.authenticate(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	u.render(w, r, http.StatusOK, "login", &page{Title: "登录", Data: loginView{Next: next, Builtin: u.builtin}})
}

// login serves POST /login (name, password, next): the password is
// checked by the access service (throttled and audited there), a session
// is opened and its cookie set, and the browser goes to next. Every
// failure shows the form again with the service's one answer,
// "用户名或密码错误", or, from an address that backs off, when to try again.
func (u *ui) login(w http.ResponseWriter, r *http.Request) {
	if !u.builtin || u.s.app == nil {
		u.fail(w, r, nil, shebao.Errorf(shebao.ENOTFOUND, "本服务器不使用内置登录"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, nil, shebao.Errorf(shebao.EINVALID, "登录表单无法读取"))
		return
	}
	in := loginView{Name: strings.TrimSpace(r.PostForm.Get("name")), Next: safeNext(r.PostForm.Get("next")), Builtin: true}
	password := r.PostForm.Get("password")
	again := func(status int, msg string) {
		in.Error = msg
		u.render(w, r, status, "login", &page{Title: "登录", Data: in})
	}
	if in.Name == "" || password == "" {
		again(http.StatusBadRequest, "请输入用户名和密码")
		return
	}
	ctx := r.Context()
	user, err := u.s.app.Access.Authenticate(ctx, in.Name, password, clientIP(r))
	if shebao.ErrorCode(err) == shebao.EUNAUTHORIZED {
		setRetryAfter(w, err)
		again(errorStatus(err), shebao.ErrorMessage(err))
		return
	}
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	// As the API's login: a session the browser still had ends, and the
	// new one has a secret never known before (session fixation).
	if ck, err := r.Cookie(cookieName(r)); err == nil && ck.Value != "" {
		if err := u.s.app.Access.RevokeSession(ctx, ck.Value); err != nil {
			u.fail(w, r, nil, err)
			return
		}
	}
	secret, sess, err := u.s.app.Access.CreateSession(ctx, user, clientIP(r))
	if err != nil {
		u.fail(w, r, nil, err)
		return
	}
	infoFrom(ctx).actor = user.Name
	setSessionCookie(w, r, secret, sess.ExpiresAt)
	noStore(w)
	http.Redirect(w, r, in.Next, http.StatusSeeOther)
}

// logout serves POST /logout (with the CSRF token, checked by signedIn):
// the session ends in the store, the cookie is deleted, and the browser
// is back at the login form.
func (u *ui) logout(w http.ResponseWriter, r *http.Request, v *visit) {
	if u.builtin && v.secret != "" {
		if err := u.s.app.Access.RevokeSession(r.Context(), v.secret); err != nil {
			u.fail(w, r, v, err)
			return
		}
		setSessionCookie(w, r, "", time.Time{})
	}
	noStore(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
