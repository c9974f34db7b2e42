package shebao

import "time"

// Throttling of sign-in failures: after MaxFailuresPerName failures for one
// name, or MaxFailuresPerRemote from one address, within ThrottleWindow,
// further attempts fail with the same answer as a wrong password until the
// oldest failure leaves the window. Attempts while locked are not counted,
// so that an attacker cannot keep a clerk locked out for ever by knocking.
const (
	ThrottleWindow       = 15 * time.Minute
	MaxFailuresPerName   = 5
	MaxFailuresPerRemote = 20
)

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
	ID         string    `json:"id"`
	User       string    `json:"user"`
	Label      string    `json:"label,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	CreatedBy  string    `json:"created_by"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}
