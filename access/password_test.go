package access_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/access"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestCheckPassword(t *testing.T) {
	for _, c := range []struct {
		pw    string
		hints []string
		why   string // a part of the reason; "" for accepted
	}{
		{"12345678", nil, "常见密码"},
		{"password", nil, "常见密码"},
		{"aaaaaaaa", nil, "重复"},
		{"abcdefghij", nil, "连续"},
		{"qwertyuiop", nil, "常见密码"},
		{"1qaz2wsx3edc", nil, "常见密码"},
		{"woaini1314", nil, "常见密码"},
		{"shebao2024", nil, "常见密码"},
		{"zhangsan123", []string{"zhangsan"}, "与本人有关"},
		{"19491231abc", []string{"wangxy", "", "11010519491231002X"}, "太弱"},
		{"1234567", nil, "至少8个字符"},
		{"", nil, "不能为空"},
		// Accepted: long, or irregular.
		{"secret-password-1", nil, ""},
		{"correct horse 8", nil, ""},
		{"new-password-2", nil, ""},
		{"Xq7#mP2v!k", nil, ""},
		// The estimator counts a Chinese character as a digit's worth of
		// guessing: nine of them pass, eight do not.
		{"猫在窗台上晒太阳了", nil, ""},
	} {
		err := access.CheckPassword(c.pw, c.hints...)
		switch {
		case c.why == "" && err != nil:
			t.Errorf("%q refused: %v", c.pw, err)
		case c.why != "" && (shebao.ErrorCode(err) != shebao.EINVALID || !strings.Contains(shebao.ErrorMessage(err), c.why)):
			t.Errorf("%q: %v, want a refusal saying %s", c.pw, err, c.why)
		}
	}
	// A long password is judged by its start, quickly.
	start := time.Now()
	if err := access.CheckPassword(strings.Repeat("a", 1000)); err == nil {
		t.Error("1000 × a accepted")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a long password took %v", d)
	}
}

// TestWeakPasswordsRefused: creating a user or setting a password through
// the service refuses a weak one with the reason.
func TestWeakPasswordsRefused(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		admin := sqldbtest.Admin()
		for _, weak := range []string{"12345678", "password", "aaaaaaaa", "liangtian1"} {
			err := a.Access.CreateUser(admin, &shebao.User{Name: "liangtian", Role: "town", Region: "640106100000"}, weak)
			if shebao.ErrorCode(err) != shebao.EINVALID || !strings.Contains(shebao.ErrorMessage(err), "密码太弱") {
				t.Errorf("create with %q: %v", weak, err)
			}
		}
		addUsers(t, a, "liangtian")
		if err := a.Access.SetPassword(admin, "liangtian", "password", false); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("set %q: %v", "password", err)
		}
		if _, err := a.Access.Authenticate(context.Background(), "liangtian", pw, "192.0.2.1"); err != nil {
			t.Errorf("the refused change changed the password: %v", err)
		}
	})
}

// TestTokenExpiryAndLastUse: a token with a lifetime stops working when it
// has passed; its last use is noted at most once an hour; a password
// change revokes the user's tokens when asked to.
func TestTokenExpiryAndLastUse(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		addUsers(t, a, "lt")
		admin, ctx := sqldbtest.Admin(), context.Background()
		now := shebao.Now
		defer func() { shebao.Now = now }()
		t0 := now()
		at := func(d time.Duration) { shebao.Now = func() time.Time { return t0.Add(d) } }
		at(0)

		if _, _, err := a.Access.CreateToken(admin, "lt", "", -time.Hour); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("negative lifetime: %v", err)
		}
		if _, _, err := a.Access.CreateToken(admin, "lt", "", 10*366*24*time.Hour); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("ten years: %v", err)
		}
		short, tk, err := a.Access.CreateToken(admin, "lt", "对账", 90*24*time.Hour)
		if err != nil || !tk.ExpiresAt.Equal(t0.UTC().Add(90*24*time.Hour).Truncate(time.Microsecond)) {
			t.Fatalf("CreateToken: %+v %v", tk, err)
		}
		forever, _, err := a.Access.CreateToken(admin, "lt", "长期", 0)
		if err != nil {
			t.Fatal(err)
		}
		lastUse := func() time.Time {
			ts, err := a.Access.FindTokens(admin, "lt")
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ts {
				if x.ID == tk.ID {
					if !x.ExpiresAt.Equal(tk.ExpiresAt) {
						t.Errorf("listed expiry %v, want %v", x.ExpiresAt, tk.ExpiresAt)
					}
					return x.LastUsedAt
				}
			}
			t.Fatal("token not listed")
			return time.Time{}
		}
		if !lastUse().IsZero() {
			t.Error("a new token has a last use")
		}
		// Used: noted once, then not again within the hour.
		for _, d := range []time.Duration{time.Minute, 30 * time.Minute, 59 * time.Minute} {
			at(d)
			if _, _, err := a.Access.FindToken(ctx, short); err != nil {
				t.Fatalf("use at %v: %v", d, err)
			}
		}
		if got := lastUse(); !got.Equal(t0.Add(time.Minute).UTC().Truncate(time.Microsecond)) {
			t.Errorf("last use %v, want the first use at %v", got, t0.Add(time.Minute))
		}
		at(time.Minute + time.Hour)
		a.Access.FindToken(ctx, short)
		if got := lastUse(); !got.Equal(t0.Add(time.Minute + time.Hour).UTC().Truncate(time.Microsecond)) {
			t.Errorf("last use %v an hour later", got)
		}
		// Expired: refused; the other goes on.
		at(90*24*time.Hour + time.Second)
		if _, _, err := a.Access.FindToken(ctx, short); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("expired token: %v", err)
		}
		if _, _, err := a.Access.FindToken(ctx, forever); err != nil {
			t.Errorf("token without expiry: %v", err)
		}
		// A password change keeps the tokens unless told to revoke them.
		if err := a.Access.SetPassword(admin, "lt", "another password", false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Access.FindToken(ctx, forever); err != nil {
			t.Errorf("token after a plain password change: %v", err)
		}
		if err := a.Access.SetPassword(admin, "lt", "yet another password", true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Access.FindToken(ctx, forever); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("token after a password change revoking tokens: %v", err)
		}
		es, err := a.Audit.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityUser, Key: "lt"})
		if err != nil || len(es) == 0 || es[0].Action != "user.password" || !strings.Contains(string(es[0].After), "tokens_revoked") {
			t.Errorf("audit of the change: %+v %v", es, err)
		}
	})
}
