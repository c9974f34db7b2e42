package shebao

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Throttling of sign-in attempts, counted over the last ThrottleWindow:
//
//   - By name, from any address: after MaxFailuresPerName failures the name
//     is refused, with the same answer as a wrong password, until the
//     oldest of them leaves the window. Attempts while refused are not
//     counted, so that an attacker cannot keep a clerk locked out for ever
//     by knocking.
//   - By address, over any names: up to MaxFailuresPerRemote failures cost
//     nothing; beyond, the address backs off rather than being locked out
//     (every clerk of a town office signs in through one proxy address):
//     each further attempt must come RemoteBackoff × 2^k after the
//     address's latest failure, k being the failures beyond the limit, at
//     most MaxRemoteBackoff, and is told when to try again (ThrottleError).
//     A password sprayer gets a dozen more guesses a window; a clerk
//     behind the same address waits seconds, not a quarter of an hour.
//
// An attempt that passes is counted as a failure before its password is
// compared, in the same unit of work that checked the counts (a
// reservation), so that parallel guesses cannot all pass a check made
// before any of them was counted; a success then clears the name's
// failures.
const (
	ThrottleWindow       = 15 * time.Minute
	MaxFailuresPerName   = 5
	MaxFailuresPerRemote = 20
	RemoteBackoff        = time.Second
	MaxRemoteBackoff     = 5 * time.Minute
)

// LoginFailures is what the store counts of recent sign-in failures (those
// within ThrottleWindow) for one attempt's name and address.
type LoginFailures struct {
	ByName       int
	OldestByName time.Time // the oldest failure of the name in the window
	ByRemote     int
	LatestRemote time.Time // the latest failure from the address
}

// Throttle decides whether an attempt at now may proceed: wait is zero
// when it may, else how long until it may; byName says the name is
// refused (answered like a wrong password) rather than the address backing
// off (answered with the wait).
func (f LoginFailures) Throttle(now time.Time) (wait time.Duration, byName bool) {
	if f.ByName >= MaxFailuresPerName {
		if w := f.OldestByName.Add(ThrottleWindow).Sub(now); w > 0 {
			return w, true
		}
	}
	if f.ByRemote >= MaxFailuresPerRemote {
		if w := f.LatestRemote.Add(RemoteBackoffAfter(f.ByRemote)).Sub(now); w > 0 {
			return w, false
		}
	}
	return 0, false
}

// RemoteBackoffAfter is the wait after an address's latest failure when it
// has n failures in the window: none up to MaxFailuresPerRemote − 1, then
// 1 s, 2 s, 4 s … up to MaxRemoteBackoff.
func RemoteBackoffAfter(n int) time.Duration {
	k := n - MaxFailuresPerRemote
	if k < 0 {
		return 0
	}
	if k >= 20 {
		return MaxRemoteBackoff
	}
	return min(RemoteBackoff<<k, MaxRemoteBackoff)
}

// ThrottleError refuses a sign-in from an address that is backing off. It
// is an EUNAUTHORIZED *Error (errors.As finds it) whose message says when
// to try again; Wait is that delay (HTTP's Retry-After).
type ThrottleError struct {
	Err  *Error
	Wait time.Duration
}

func (e *ThrottleError) Error() string { return e.Err.Error() }
func (e *ThrottleError) Unwrap() error { return e.Err }

// NewThrottleError is the answer to an attempt from an address that backs
// off for wait.
func NewThrottleError(wait time.Duration) *ThrottleError {
	return &ThrottleError{Err: Errorf(EUNAUTHORIZED, "来自您所在网络地址的登录失败次数过多,请于%s后再试", waitText(wait)), Wait: wait}
}

// waitText is a wait in words, rounded up: "8秒", "3分钟".
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf("%d秒", int((d+time.Second-1)/time.Second))
	}
	return fmt.Sprintf("%d分钟", int((d+time.Minute-1)/time.Minute))
}

// LoginName is a typed name as looked up and recorded: lower case, with
// invalid UTF-8 and NUL (which PostgreSQL refuses in TEXT) replaced by
// U+FFFD, so that such a name matches no user, cut to 64 characters.
func LoginName(name string) string {
	n := strings.ToValidUTF8(strings.ToLower(strings.TrimSpace(name)), "\uFFFD")
	n = strings.ReplaceAll(n, "\x00", "\uFFFD")
	if r := []rune(n); len(r) > 64 {
		n = string(r[:64])
	}
	return n
}

// Password rules of one value; how guessable a password is, is the access
// service's question (it knows the user).
const (
	MinPasswordLen = 8    // characters
	MaxPasswordLen = 1024 // bytes: longer is refused before hashing
)

// CheckPassword reports whether a new password has an acceptable form:
// not blank, 8 characters at least, 1024 bytes at most, valid UTF-8.
func CheckPassword(password string) error {
	switch {
	case strings.TrimSpace(password) == "":
		return FieldErrorf("密码", "密码不能为空")
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return FieldErrorf("密码", "密码至少%d个字符", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return FieldErrorf("密码", "密码不能超过%d字节", MaxPasswordLen)
	case !utf8.ValidString(password):
		return FieldErrorf("密码", "密码含无效字符")
	}
	return nil
}

// SessionLifetime is how long a browser session lasts: a working day.
const SessionLifetime = 12 * time.Hour

// Session is a browser session. The secret the cookie carries is returned
// once by CreateSession and stored only as IDHash.
type Session struct {
	IDHash    string    `json:"-"`
	User      string    `json:"user"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Remote    string    `json:"remote"`
}

// Token is an API token of a machine client, acting as its user. The
// secret is returned once by CreateToken and stored only as a hash.
type Token struct {
	ID        string    `json:"id"`
	User      string    `json:"user"`
	Label     string    `json:"label,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// ExpiresAt is when the token stops working; zero: never.
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// TokenLastUsedEvery is how stale a token's LastUsedAt may be: the store
// writes it at most once in this time, not on every request.
const TokenLastUsedEvery = time.Hour

// MaxTokenLifetime bounds a token's expiry.
const MaxTokenLifetime = 5 * 366 * 24 * time.Hour
