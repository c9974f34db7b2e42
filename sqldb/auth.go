package sqldb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// Sign-in: passwords, browser sessions and API tokens. The secrets clients
// hold (session cookie, token) are 256 random bits; the database keeps only
// their SHA-256, so a copy of it signs nobody in. A fast hash is enough for
// them, unlike passwords: they cannot be guessed.

// tokenPrefix marks shebao's API tokens, so that secret scanners and people
// recognise one in a log or a repository.
const tokenPrefix = "shebao_"

var tokenIDRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// errBadLogin is the one answer to a session for a user who cannot sign in.
func errBadLogin() error { return shebao.Errorf(shebao.EUNAUTHORIZED, "用户名或密码错误") }

func errNoSession() error {
	return shebao.Errorf(shebao.EUNAUTHORIZED, "未登录或登录已失效,请重新登录")
}

// secret returns 256 random bits, base64url without padding (43 chars).
func secret() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// secretHash is the stored form of a session id or token.
func secretHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Sign-in attempts. The access service runs the throttle (shebao.LoginFailures
// says what may proceed): in one unit of work it locks and counts the
// recent failures (LoginFailures) and reserves the attempt as a failure
// (ReserveLogin); then it compares the password (VerifyPassword, outside
// any transaction: it takes a while) and records the outcome
// (LoginSucceeded, LoginFailed).

// LoginFailures locks the throttle rows of the name and the address for
// the rest of the unit of work the context carries (see 0038_login_throttle.sql)
// and counts their failures since the time given. Called outside InTx the
// lock ends at once: a caller that needs the count to stay true calls it
// inside InTx.
func (db *DB) LoginFailures(ctx context.Context, name, remote string, since time.Time) (shebao.LoginFailures, error) {
	var f shebao.LoginFailures
	err := db.Update(ctx, func(tx *Tx) error {
		// Always the name first, then the address: two attempts never wait
		// for each other the other way round.
		for _, key := range []string{"name:" + name, "remote:" + remote} {
			if _, err := tx.Exec(ctx, `INSERT INTO login_throttle (key, at) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET at = excluded.at`, key, fmtTime(tx.now)); err != nil {
				return err
			}
		}
		s := fmtTime(since)
		var oldest, latest sql.NullString
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE name = $1 AND at > $2`, name, s).Scan(&f.ByName, &oldest); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), MAX(at) FROM login_failures WHERE remote = $1 AND at > $2`, remote, s).Scan(&f.ByRemote, &latest); err != nil {
			return err
		}
		f.OldestByName, f.LatestRemote = parseTime(oldest.String), parseTime(latest.String)
		return nil
	})
	return f, err
}

// ReserveLogin records an attempt as a failure before its password is
// compared, and returns the record's id (LoginSucceeded takes it back).
// Failures, and throttle rows, older than since are deleted on the way.
func (db *DB) ReserveLogin(ctx context.Context, name, remote string, since time.Time) (string, error) {
	id := newID()
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO login_failures (id, name, remote, at) VALUES ($1, $2, $3, $4)`,
			id, name, remote, fmtTime(tx.now)); err != nil {
			return err
		}
		s := fmtTime(since)
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE (name = $1 OR remote = $2) AND at <= $3`, name, remote, s); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE at <= $1`, s)
		return err
	})
	return id, err
}

// VerifyPassword compares the password with the stored hash of the user
// with the name (a login name, as shebao.LoginName gives it) and returns
// the user, nil when there is none, and whether the password matched: never
// for a disabled user or a password longer than shebao.MaxPasswordLen.
// It takes the same time whatever the outcome: an unknown name, a disabled
// user or an oversize password is compared against a dummy hash.
func (db *DB) VerifyPassword(ctx context.Context, name, password string) (*shebao.User, bool, error) {
	var hash string
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE name = $1`, name), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		u = nil
	} else if err != nil {
		return nil, false, err
	}
	target := hash
	if u == nil || u.Disabled || len(password) > shebao.MaxPasswordLen {
		if target, err = dummyHash(); err != nil {
			return nil, false, err
		}
	}
	pw := password
	if len(pw) > shebao.MaxPasswordLen {
		pw = ""
	}
	match, err := comparePassword(ctx, pw, target)
	if err != nil {
		return nil, false, err
	}
	return u, match && u != nil && !u.Disabled && len(password) <= shebao.MaxPasswordLen, nil
}

// LoginSucceeded records a sign-in of the user from remote: the name's
// failures up to the attempt's reservation are cleared with it (attempts
// reserved after it stay counted), and user.login is audited.
func (db *DB) LoginSucceeded(ctx context.Context, u *shebao.User, reservation, remote string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var at string
		err := tx.QueryRow(ctx, `SELECT at FROM login_failures WHERE id = $1`, reservation).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			at = fmtTime(tx.now) // cleared meanwhile by another success
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE name = $1 AND (id = $2 OR at <= $3)`, u.Name, reservation, at); err != nil {
			return err
		}
		return tx.auditAs(ctx, u.Actor(remote), "user.login", shebao.EntityUser, u.Name, u.Region, nil, nil)
	})
}

// LoginFailed audits a failed sign-in for the name (its reservation stays
// as the failure): u is the user with the name, nil when there is none.
func (db *DB) LoginFailed(ctx context.Context, name string, u *shebao.User, remote string, detail map[string]any) error {
	actor, region := shebao.Actor{Name: name, Remote: remote}, ""
	if u != nil {
		actor, region = u.Actor(remote), u.Region
	}
	return db.Update(ctx, func(tx *Tx) error {
		return tx.auditAs(ctx, actor, "user.login_failed", shebao.EntityUser, name, region, nil, detail)
	})
}

// CreateSession opens a session for a user who has just authenticated and
// returns the secret for the cookie. Expired sessions of everyone are
// cleared on the way.
func (db *DB) CreateSession(ctx context.Context, u *shebao.User, remote string) (string, *shebao.Session, error) {
	id := secret()
	var s *shebao.Session
	err := db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.findUser(ctx, u.Name)
		if err != nil {
			return err
		}
		if cur == nil || cur.Disabled {
			return errBadLogin()
		}
		s = &shebao.Session{IDHash: secretHash(id), User: cur.Name, CSRF: secret(), CreatedAt: tx.now,
			ExpiresAt: tx.now.Add(shebao.SessionLifetime), Remote: remote}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, fmtTime(tx.now)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_name, csrf_token, created_at, expires_at, remote) VALUES ($1, $2, $3, $4, $5, $6)`,
			s.IDHash, s.User, s.CSRF, fmtTime(s.CreatedAt), fmtTime(s.ExpiresAt), remote)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return id, s, nil
}

// FindSession returns the session with the cookie's secret and its user,
// or EUNAUTHORIZED when there is none, or it expired, was revoked, or its
// user is disabled.
func (db *DB) FindSession(ctx context.Context, id string) (*shebao.Session, *shebao.User, error) {
	if id == "" || len(id) > 256 {
		return nil, nil, errNoSession()
	}
	var s shebao.Session
	var created, expires, revoked string
	row := db.queryRow(ctx, `SELECT `+userColumnsOf("u")+`, s.id_hash, s.user_name, s.csrf_token, s.created_at, s.expires_at, s.revoked_at, s.remote
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = $1`, secretHash(id))
	u, err := scanUser(row, &s.IDHash, &s.User, &s.CSRF, &created, &expires, &revoked, &s.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errNoSession()
	}
	if err != nil {
		return nil, nil, err
	}
	s.CreatedAt, s.ExpiresAt = parseTime(created), parseTime(expires)
	if revoked != "" || !shebao.Now().Before(s.ExpiresAt) || u.Disabled {
		return nil, nil, errNoSession()
	}
	return &s, u, nil
}

// RevokeSession ends the session with the secret (sign-out). Ending one
// that has already ended is not an error.
func (db *DB) RevokeSession(ctx context.Context, id string) error {
	return db.Update(ctx, func(tx *Tx) error {
		var name string
		err := tx.QueryRow(ctx, `SELECT user_name FROM sessions WHERE id_hash = $1 AND revoked_at = ''`, secretHash(id)).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2`, fmtTime(tx.now), secretHash(id)); err != nil {
			return err
		}
		a, ok := shebao.ActorFrom(ctx)
		if !ok {
			a = shebao.Actor{Name: name}
		}
		region := ""
		if u, err := tx.findUser(ctx, name); err == nil && u != nil {
			region = u.Region
		}
		return tx.auditAs(ctx, a, "user.logout", shebao.EntityUser, name, region, nil, nil)
	})
}

const tokenColumns = `t.id, t.user_name, t.label, t.created_at, t.created_by, t.expires_at, t.last_used_at, t.revoked_at`

// tokenDest returns the scan destinations of tokenColumns into t, and a
// function that converts the times once scanned.
func tokenDest(t *shebao.Token) ([]any, func()) {
	var created, expires, used, revoked string
	return []any{&t.ID, &t.User, &t.Label, &created, &t.CreatedBy, &expires, &used, &revoked}, func() {
		t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = parseTime(created), parseTime(expires), parseTime(used), parseTime(revoked)
	}
}

func scanToken(s rowScanner) (*shebao.Token, error) {
	var t shebao.Token
	dest, done := tokenDest(&t)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	done()
	return &t, nil
}

// CreateToken issues an API token for a user the actor manages and returns
// the secret, which is shown once and never again. It stops working at
// expiresAt, unless that is zero.
func (db *DB) CreateToken(ctx context.Context, userName, label string, expiresAt time.Time) (string, *shebao.Token, error) {
	sc, err := userAdmin(ctx)
	if err != nil {
		return "", nil, err
	}
	label = strings.TrimSpace(label)
	if len([]rune(label)) > 100 {
		return "", nil, shebao.FieldErrorf("label", "令牌说明不能超过100个字符")
	}
	var b [8]byte
	rand.Read(b[:])
	t := &shebao.Token{ID: hex.EncodeToString(b[:]), Label: label}
	if !expiresAt.IsZero() {
		t.ExpiresAt = parseTime(fmtTime(expiresAt)) // as stored
	}
	token := tokenPrefix + secret()
	err = db.Update(ctx, func(tx *Tx) error {
		u, err := tx.managedUser(ctx, sc, userName)
		if err != nil {
			return err
		}
		if u.Disabled {
			return shebao.Errorf(shebao.ECONFLICT, "用户%s已停用,不能签发令牌", u.Name)
		}
		t.User, t.CreatedAt, t.CreatedBy = u.Name, tx.now, sc.actor.Name
		if !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(tx.now) {
			return shebao.FieldErrorf("expires", "令牌的失效时间须晚于现在")
		}
		expires := ""
		if !t.ExpiresAt.IsZero() {
			expires = fmtTime(t.ExpiresAt)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, token_hash, user_name, label, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.ID, secretHash(token), t.User, t.Label, fmtTime(t.CreatedAt), t.CreatedBy, expires); err != nil {
			return err
		}
		after := map[string]string{"token": t.ID, "label": t.Label}
		if expires != "" {
			after["expires_at"] = expires
		}
		return tx.audit(ctx, "token.create", shebao.EntityUser, u.Name, u.Region, nil, after)
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// FindToken returns the token with the secret and its user, or
// EUNAUTHORIZED when there is none, or it expired, was revoked, or its
// user is disabled. It notes when the token was last used, at most once
// every shebao.TokenLastUsedEvery: a busy client costs a write an hour,
// not one a request.
func (db *DB) FindToken(ctx context.Context, token string) (*shebao.Token, *shebao.User, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 256 {
		return nil, nil, errNoSession()
	}
	var t shebao.Token
	dest, done := tokenDest(&t)
	row := db.queryRow(ctx, `SELECT `+userColumnsOf("u")+`, `+tokenColumns+`
		FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = $1`, secretHash(token))
	u, err := scanUser(row, dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errNoSession()
	}
	if err != nil {
		return nil, nil, err
	}
	done()
	now := shebao.Now().UTC()
	if !t.RevokedAt.IsZero() || u.Disabled || (!t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)) {
		return nil, nil, errNoSession()
	}
	if now.Sub(t.LastUsedAt) >= shebao.TokenLastUsedEvery {
		err := db.Update(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, fmtTime(tx.now), t.ID)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		t.LastUsedAt = now
	}
	return &t, u, nil
}

// FindTokens lists the API tokens of the users the actor manages, of one
// user when userName is not empty, newest first.
func (db *DB) FindTokens(ctx context.Context, userName string) ([]*shebao.Token, error) {
	sc, err := userAdmin(ctx)
	if err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if userName != "" {
		args = append(args, shebao.LoginName(userName))
		conds = append(conds, "t.user_name = $1")
	}
	conds, args = sc.where("u.region_code", conds, args)
	rows, err := db.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.name = t.user_name`+
		whereClause(conds)+` ORDER BY t.created_at DESC, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*shebao.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes the API token with the id, of a user the actor
// manages. Revoking a revoked token is not an error.
func (db *DB) RevokeToken(ctx context.Context, id string) error {
	sc, err := userAdmin(ctx)
	if err != nil {
		return err
	}
	id = strings.ToLower(strings.TrimSpace(id))
	if !tokenIDRE.MatchString(id) {
		return shebao.Errorf(shebao.ENOTFOUND, "未找到令牌%s(令牌编号为16位十六进制数)", shebao.LoginName(id))
	}
	return db.Update(ctx, func(tx *Tx) error {
		t, err := scanToken(tx.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到令牌%s", id)
		}
		if err != nil {
			return err
		}
		u, err := tx.findUser(ctx, t.User)
		if err != nil {
			return err
		}
		if u == nil || !sc.manages(u) {
			return shebao.Errorf(shebao.ENOTFOUND, "未找到令牌%s", id)
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, fmtTime(tx.now), id); err != nil {
			return err
		}
		return tx.audit(ctx, "token.revoke", shebao.EntityUser, u.Name, u.Region, nil, map[string]string{"token": id})
	})
}
