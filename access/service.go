// Package access is who is at the desk: users, sign-in with its throttle,
// browser sessions and API tokens.
package access

import (
	"context"
	"time"

	"github.com/shebao/shebao"
)

// Store is what the service needs of the storage (implemented by sqldb).
type Store interface {
	// InTx runs fn as one unit of work (sqldb.DB.InTx).
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	LoginFailures(ctx context.Context, name, remote string, since time.Time) (shebao.LoginFailures, error)
	ReserveLogin(ctx context.Context, name, remote string, since time.Time) (string, error)
	VerifyPassword(ctx context.Context, name, password string) (*shebao.User, bool, error)
	LoginSucceeded(ctx context.Context, u *shebao.User, reservation, remote string) error
	LoginFailed(ctx context.Context, name string, u *shebao.User, remote string, detail map[string]any) error
	CreateSession(ctx context.Context, u *shebao.User, remote string) (string, *shebao.Session, error)
	FindSession(ctx context.Context, id string) (*shebao.Session, *shebao.User, error)
	RevokeSession(ctx context.Context, id string) error
	CreateToken(ctx context.Context, userName string, label string, expiresAt time.Time) (string, *shebao.Token, error)
	FindToken(ctx context.Context, token string) (*shebao.Token, *shebao.User, error)
	FindTokens(ctx context.Context, userName string) ([]*shebao.Token, error)
	RevokeToken(ctx context.Context, id string) error
	CreateUser(ctx context.Context, u *shebao.User, password string) error
	FindUser(ctx context.Context, name string) (*shebao.User, error)
	FindUsers(ctx context.Context) ([]*shebao.User, error)
	DisableUser(ctx context.Context, name string) error
	EnableUser(ctx context.Context, name string) error
	SetPassword(ctx context.Context, name string, password string, revokeTokens bool) error
}

// Service signs users in and keeps their accounts, sessions and tokens.
type Service struct {
	store Store
}

// New returns the service over the store.
func New(store Store) *Service { return &Service{store: store} }

// errBadLogin is the one answer to every failed sign-in but an address's
// back-off: unknown user, wrong password, disabled account, or a name
// throttled (shebao.LoginFailures.Throttle).
func errBadLogin() error { return shebao.Errorf(shebao.EUNAUTHORIZED, "用户名或密码错误") }

// Authenticate checks a name and password from remote and returns the
// user. Every failure is the same EUNAUTHORIZED "用户名或密码错误" and is
// recorded for throttling and in the audit log; a compared password takes
// the same time whatever the outcome (an unknown name is compared against
// a dummy hash). An address that backs off gets a *shebao.ThrottleError
// saying when to try again, and its attempt is not compared.
//
// The throttle holds under concurrency: the attempt is counted (reserved
// as a failure) in the unit of work that checked the counts, before the
// password is compared, so a burst of parallel guesses for one name gets
// no more comparisons than the limit leaves.
func (s *Service) Authenticate(ctx context.Context, name string, password string, remote string) (*shebao.User, error) {
	n := shebao.LoginName(name)
	var (
		reservation string
		wait        time.Duration
		byName      bool
		before      shebao.LoginFailures
	)
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		now := shebao.Now().UTC()
		since := now.Add(-shebao.ThrottleWindow)
		f, err := s.store.LoginFailures(ctx, n, remote, since)
		if err != nil {
			return err
		}
		before = f
		if wait, byName = f.Throttle(now); wait > 0 {
			// Not counted, not audited: the failure that locked was.
			return nil
		}
		reservation, err = s.store.ReserveLogin(ctx, n, remote, since)
		return err
	})
	switch {
	case err != nil:
		return nil, err
	case wait > 0 && byName:
		return nil, errBadLogin()
	case wait > 0:
		return nil, shebao.NewThrottleError(wait)
	}

	u, ok, err := s.store.VerifyPassword(ctx, n, password)
	if err != nil {
		return nil, err
	}
	if ok {
		if err := s.store.LoginSucceeded(ctx, u, reservation, remote); err != nil {
			return nil, err
		}
		return u, nil
	}
	reason := "密码错误"
	switch {
	case u == nil:
		reason = "用户不存在"
	case u.Disabled:
		reason = "账户已停用"
	}
	detail := map[string]any{"reason": reason}
	// This failure (already counted) is the one that locks the name, or
	// starts or lengthens the address's back-off.
	if before.ByName+1 >= shebao.MaxFailuresPerName || before.ByRemote+1 >= shebao.MaxFailuresPerRemote {
		detail["locked"] = true
	}
	if err := s.store.LoginFailed(ctx, n, u, remote, detail); err != nil {
		return nil, err
	}
	return nil, errBadLogin()
}

// CreateSession opens a session for a user who has just authenticated and
// returns the secret for the cookie. Expired sessions of everyone are
// cleared on the way.
func (s *Service) CreateSession(ctx context.Context, u *shebao.User, remote string) (string, *shebao.Session, error) {
	return s.store.CreateSession(ctx, u, remote)
}

// FindSession returns the session with the cookie's secret and its user,
// or EUNAUTHORIZED when there is none, or it expired, was revoked, or its
// user is disabled.
func (s *Service) FindSession(ctx context.Context, id string) (*shebao.Session, *shebao.User, error) {
	return s.store.FindSession(ctx, id)
}

// RevokeSession ends the session with the secret (sign-out). Ending one
// that has already ended is not an error.
func (s *Service) RevokeSession(ctx context.Context, id string) error {
	return s.store.RevokeSession(ctx, id)
}

// CreateToken issues an API token for a user the actor manages and returns
// the secret, which is shown once and never again. A token with a lifetime
// (more than zero, at most shebao.MaxTokenLifetime) stops working when it
// has passed; without one it works until revoked.
func (s *Service) CreateToken(ctx context.Context, userName string, label string, lifetime time.Duration) (string, *shebao.Token, error) {
	var expires time.Time
	switch {
	case lifetime < 0:
		return "", nil, shebao.FieldErrorf("expires", "令牌有效期不能为负")
	case lifetime > shebao.MaxTokenLifetime:
		return "", nil, shebao.FieldErrorf("expires", "令牌有效期不能超过5年")
	case lifetime > 0:
		expires = shebao.Now().UTC().Add(lifetime)
	}
	return s.store.CreateToken(ctx, userName, label, expires)
}

// FindToken returns the token with the secret and its user, or
// EUNAUTHORIZED when there is none, or it expired, was revoked, or its
// user is disabled. It notes when the token was last used, at most once
// every shebao.TokenLastUsedEvery (not a write on every request).
func (s *Service) FindToken(ctx context.Context, token string) (*shebao.Token, *shebao.User, error) {
	return s.store.FindToken(ctx, token)
}

// FindTokens lists the API tokens of the users the actor manages, of one
// user when userName is not empty, newest first.
func (s *Service) FindTokens(ctx context.Context, userName string) ([]*shebao.Token, error) {
	return s.store.FindTokens(ctx, userName)
}

// RevokeToken revokes the API token with the id, of a user the actor
// manages. Revoking a revoked token is not an error.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	return s.store.RevokeToken(ctx, id)
}

// CreateUser creates an account with the password. Only an administrator
// may, for a region within their jurisdiction; a whole-database
// administrator (empty region) only by another. A citizen's account names
// their ID number, whose person must be registered in the jurisdiction;
// their region defaults to the person's.
//
// The password must not be easily guessed (CheckPassword), also from the
// user's name, display name and ID number.
func (s *Service) CreateUser(ctx context.Context, u *shebao.User, password string) error {
	if err := CheckPassword(password, u.Name, u.Display, u.IDNo); err != nil {
		return err
	}
	return s.store.CreateUser(ctx, u, password)
}

// FindUser returns a user the actor manages, or the actor's own account.
func (s *Service) FindUser(ctx context.Context, name string) (*shebao.User, error) {
	return s.store.FindUser(ctx, name)
}

// FindUsers returns the users the actor manages, by name.
func (s *Service) FindUsers(ctx context.Context) ([]*shebao.User, error) {
	return s.store.FindUsers(ctx)
}

// DisableUser disables an account and revokes its sessions and API tokens.
// The account and its history stay; nobody can sign in as it.
func (s *Service) DisableUser(ctx context.Context, name string) error {
	return s.store.DisableUser(ctx, name)
}

// EnableUser enables a disabled account again. Its old sessions and tokens
// stay revoked.
func (s *Service) EnableUser(ctx context.Context, name string) error {
	return s.store.EnableUser(ctx, name)
}

// SetPassword sets a user's password: an administrator for a user they
// manage, or anyone for their own account. The password must not be
// easily guessed (CheckPassword). The user's sessions are revoked, and
// with revokeTokens their API tokens too (a password thought known to
// someone else: the tokens may have been issued to them).
func (s *Service) SetPassword(ctx context.Context, name string, password string, revokeTokens bool) error {
	hints := []string{name}
	if u, err := s.store.FindUser(ctx, name); err == nil {
		hints = append(hints, u.Display, u.IDNo)
	}
	if err := CheckPassword(password, hints...); err != nil {
		return err
	}
	return s.store.SetPassword(ctx, name, password, revokeTokens)
}
