package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const pw = "secret-password-1"

func as(a shebao.Actor) context.Context { return shebao.WithActor(context.Background(), a) }

// districtAdmin administers 金凤区 only.
var districtAdmin = shebao.Actor{Name: "jfadmin", Role: "admin", Region: "640106000000"}

func TestCreateUserRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, person(female1949, "王秀英", "640106100201")); err != nil {
			t.Fatal(err)
		}
		town := shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"}
		for _, c := range []struct {
			name string
			ctx  context.Context
			u    shebao.User
			pw   string
			code string
		}{
			{"a town clerk", admin, shebao.User{Name: " LiangTian ", Role: "town", Region: "640106100000", Display: "良田镇"}, pw, ""},
			{"a registration clerk by a district admin", as(districtAdmin), shebao.User{Name: "dengji", Role: "clerk", Line: "registration", Region: "640106"}, pw, ""},
			{"a general clerk", admin, shebao.User{Name: "guitai", Role: "clerk", Region: "640106000000"}, pw, ""},
			{"a whole-database admin", admin, shebao.User{Name: "root2", Role: "admin"}, pw, ""},
			{"a citizen", admin, shebao.User{Name: "wangxy", Role: "citizen", IDNo: "11010519491231002x"}, pw, ""},
			{"the same name again", admin, shebao.User{Name: "liangtian", Role: "viewer", Region: "640106000000"}, pw, shebao.ECONFLICT},
			{"by a town clerk", as(town), shebao.User{Name: "cun", Role: "village", Region: "640106100201"}, pw, shebao.EFORBIDDEN},
			{"without an actor", context.Background(), shebao.User{Name: "cun", Role: "village", Region: "640106100201"}, pw, shebao.EUNAUTHORIZED},
			{"outside the admin's district", as(districtAdmin), shebao.User{Name: "xq", Role: "town", Region: "640104001000"}, pw, shebao.EFORBIDDEN},
			{"a whole-database admin by a district admin", as(districtAdmin), shebao.User{Name: "root3", Role: "admin"}, pw, shebao.EFORBIDDEN},
			{"a non-admin without region", admin, shebao.User{Name: "noregion", Role: "viewer"}, pw, shebao.EINVALID},
			{"an unknown role", admin, shebao.User{Name: "boss", Role: "boss", Region: "640106"}, pw, shebao.EINVALID},
			{"an unknown line", admin, shebao.User{Name: "c2", Role: "clerk", Line: "sales", Region: "640106"}, pw, shebao.EINVALID},
			{"a line for a town", admin, shebao.User{Name: "c3", Role: "town", Line: "collection", Region: "640106100000"}, pw, shebao.EINVALID},
			{"a region that does not exist", admin, shebao.User{Name: "c4", Role: "town", Region: "640106999000"}, pw, shebao.EINVALID},
			{"a bad name", admin, shebao.User{Name: "x y", Role: "town", Region: "640106100000"}, pw, shebao.EINVALID},
			{"a short password", admin, shebao.User{Name: "c5", Role: "town", Region: "640106100000"}, "1234567", shebao.EINVALID},
			{"an empty password", admin, shebao.User{Name: "c6", Role: "town", Region: "640106100000"}, "   ", shebao.EINVALID},
			{"a citizen without number", admin, shebao.User{Name: "c7", Role: "citizen", Region: "640106100201"}, pw, shebao.EINVALID},
			{"a citizen not registered", admin, shebao.User{Name: "c8", Role: "citizen", IDNo: male1960}, pw, shebao.ENOTFOUND},
			{"a citizen outside the region given", admin, shebao.User{Name: "c9", Role: "citizen", IDNo: female1949, Region: "640106101000"}, pw, shebao.EINVALID},
			{"an ID number for a clerk", admin, shebao.User{Name: "c10", Role: "town", IDNo: female1949, Region: "640106100000"}, pw, shebao.EINVALID},
		} {
			u := c.u
			err := db.CreateUser(c.ctx, &u, c.pw)
			if got := shebao.ErrorCode(err); got != c.code {
				t.Errorf("%s: code %q (%v), want %q", c.name, got, err, c.code)
			}
		}
		u, err := db.FindUser(admin, "liangtian")
		if err != nil || u.Region != "640106100000" || u.Display != "良田镇" || u.CreatedBy != "system" || u.Disabled {
			t.Errorf("FindUser: %+v %v", u, err)
		}
		if u, err := db.FindUser(admin, "dengji"); err != nil || u.Region != "640106000000" || u.Line != "registration" {
			t.Errorf("short region code not padded: %+v %v", u, err)
		}
		if u, err := db.FindUser(admin, "wangxy"); err != nil || u.IDNo != female1949 || u.Region != "640106100201" {
			t.Errorf("citizen: %+v %v", u, err)
		}
		// A district admin sees the users of the district, not the
		// whole-database admins; a clerk sees only themself.
		us, err := db.FindUsers(as(districtAdmin))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Name)
		}
		if got, want := strings.Join(names, ","), "dengji,guitai,liangtian,wangxy"; got != want {
			t.Errorf("district admin lists %s, want %s", got, want)
		}
		if _, err := db.FindUser(as(districtAdmin), "root2"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("district admin finds root2: %v", err)
		}
		lt := shebao.Actor{Name: "liangtian", Role: "town", Region: "640106100000"}
		if _, err := db.FindUser(as(lt), "liangtian"); err != nil {
			t.Errorf("own account: %v", err)
		}
		if _, err := db.FindUser(as(lt), "dengji"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("town finds another user: %v", err)
		}
		if _, err := db.FindUsers(as(lt)); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town lists users: %v", err)
		}
		// Every account change is audited.
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityUser, Key: "liangtian"})
		if err != nil || len(es) != 1 || es[0].Action != "user.create" || strings.Contains(string(es[0].After), "argon2") {
			t.Errorf("audit: %+v %v", es, err)
		}
	})
}

func TestAuthenticateAndPasswords(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		acc := app.New(db).Access
		if err := db.CreateUser(admin, &shebao.User{Name: "lt", Role: "town", Region: "640106100000"}, pw); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		u, err := acc.Authenticate(ctx, " LT ", pw, "192.0.2.1")
		if err != nil || u.Name != "lt" {
			t.Fatalf("Authenticate: %+v %v", u, err)
		}
		if a := u.Actor("192.0.2.1"); a.Role != "town" || a.Region != "640106100000" || a.Name != "lt" {
			t.Errorf("actor %+v", a)
		}
		for _, c := range [][2]string{{"lt", "wrong-password"}, {"nobody", pw}, {"", ""}, {"lt", strings.Repeat("x", 5000)}, {"l\x00t", pw}, {"\xff", pw}} {
			if _, err := acc.Authenticate(ctx, c[0], c[1], "192.0.2.1"); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED || shebao.ErrorMessage(err) != "用户名或密码错误" {
				t.Errorf("Authenticate(%q): %v", c[0], err)
			}
		}
		// The user may change their own password; the old one stops working.
		self := as(u.Actor("192.0.2.1"))
		if err := db.SetPassword(self, "lt", "new-password-2", false); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Authenticate(ctx, "lt", pw, "192.0.2.2"); err == nil {
			t.Error("old password still works")
		}
		if _, err := acc.Authenticate(ctx, "lt", "new-password-2", "192.0.2.2"); err != nil {
			t.Errorf("new password: %v", err)
		}
		// …but not someone else's.
		if err := db.CreateUser(admin, &shebao.User{Name: "other", Role: "town", Region: "640106100000"}, pw); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(self, "other", "new-password-3", false); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("set another's password: %v", err)
		}
		// A disabled account cannot sign in, with the same answer.
		if err := db.DisableUser(admin, "lt"); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Authenticate(ctx, "lt", "new-password-2", "192.0.2.2"); shebao.ErrorMessage(err) != "用户名或密码错误" {
			t.Errorf("disabled: %v", err)
		}
		if err := db.EnableUser(admin, "lt"); err != nil {
			t.Fatal(err)
		}
		if _, err := acc.Authenticate(ctx, "lt", "new-password-2", "192.0.2.2"); err != nil {
			t.Errorf("enabled again: %v", err)
		}
	})
}

func TestThrottling(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		acc := app.New(db).Access
		for _, n := range []string{"victim", "bystander"} {
			if err := db.CreateUser(admin, &shebao.User{Name: n, Role: "town", Region: "640106100000"}, pw); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		now := shebao.Now
		defer func() { shebao.Now = now }()
		t0 := now()
		at := func(d time.Duration) { shebao.Now = func() time.Time { return t0.Add(d) } }

		// Per name: five failures from anywhere lock the name.
		for i := 0; i < shebao.MaxFailuresPerName; i++ {
			at(time.Duration(i) * time.Minute)
			acc.Authenticate(ctx, "victim", "guess-guess", "203.0.113."+string(rune('1'+i)))
		}
		at(5 * time.Minute)
		if _, err := acc.Authenticate(ctx, "victim", pw, "198.51.100.1"); shebao.ErrorMessage(err) != "用户名或密码错误" {
			t.Errorf("locked name accepted the right password: %v", err)
		}
		if _, err := acc.Authenticate(ctx, "bystander", pw, "198.51.100.1"); err != nil {
			t.Errorf("another name is locked too: %v", err)
		}
		// Attempts while locked do not extend the lock: the first failure
		// leaves the window 15 minutes after it was made.
		at(10 * time.Minute)
		acc.Authenticate(ctx, "victim", "guess-guess", "198.51.100.1")
		at(shebao.ThrottleWindow + time.Second)
		if _, err := acc.Authenticate(ctx, "victim", pw, "198.51.100.1"); err != nil {
			t.Errorf("still locked after the window: %v", err)
		}
		// A success clears the name's failures.
		for i := 0; i < shebao.MaxFailuresPerName-1; i++ {
			acc.Authenticate(ctx, "victim", "guess-guess", "198.51.100.2")
		}
		if _, err := acc.Authenticate(ctx, "victim", pw, "198.51.100.3"); err != nil {
			t.Errorf("four failures lock: %v", err)
		}

		// Per address: beyond twenty failures over any names the address
		// backs off rather than being locked out (an office's clerks share
		// its proxy's address): an attempt within the back-off is told
		// when to try again, and gets in after it.
		at(time.Hour)
		for i := 0; i < shebao.MaxFailuresPerRemote; i++ {
			acc.Authenticate(ctx, "spray"+string(rune('a'+i)), "guess-guess", "192.0.2.66")
		}
		if _, err := acc.Authenticate(ctx, "bystander", pw, "192.0.2.66"); shebao.ErrorMessage(err) != "来自您所在网络地址的登录失败次数过多,请于1秒后再试" {
			t.Errorf("backing-off address accepted a login: %v", err)
		}
		if _, err := acc.Authenticate(ctx, "bystander", pw, "192.0.2.67"); err != nil {
			t.Errorf("another address is locked too: %v", err)
		}
		at(time.Hour + time.Second)
		if _, err := acc.Authenticate(ctx, "bystander", pw, "192.0.2.66"); err != nil {
			t.Errorf("after the back-off: %v", err)
		}
		// The failure that locked is audited as such.
		es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityUser, Key: "victim", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		locked := 0
		for _, e := range es {
			if e.Action == "user.login_failed" && strings.Contains(string(e.After), `"locked":true`) {
				locked++
			}
		}
		if locked == 0 {
			t.Errorf("no audited lock among %d entries", len(es))
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		acc := app.New(db).Access
		for _, u := range []*shebao.User{
			{Name: "lt", Role: "town", Region: "640106100000"},
			{Name: "fd", Role: "town", Region: "640106101000"},
		} {
			if err := db.CreateUser(admin, u, pw); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		u, err := acc.Authenticate(ctx, "lt", pw, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		secret, s, err := db.CreateSession(ctx, u, "192.0.2.1")
		if err != nil || len(secret) < 40 || s.CSRF == "" || s.IDHash == secret || !s.ExpiresAt.After(time.Now()) {
			t.Fatalf("CreateSession: %q %+v %v", secret, s, err)
		}
		if got, gu, err := db.FindSession(ctx, secret); err != nil || gu.Name != "lt" || got.CSRF != s.CSRF {
			t.Errorf("FindSession: %+v %+v %v", got, gu, err)
		}
		if _, _, err := db.FindSession(ctx, secret+"x"); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("wrong secret: %v", err)
		}
		if _, _, err := db.FindSession(ctx, s.IDHash); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("the stored hash works as a secret: %v", err)
		}
		if err := db.RevokeSession(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.FindSession(ctx, secret); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("revoked session: %v", err)
		}
		secret, _, _ = db.CreateSession(ctx, u, "192.0.2.1")
		now := shebao.Now
		shebao.Now = func() time.Time { return now().Add(shebao.SessionLifetime) }
		_, _, err = db.FindSession(ctx, secret)
		shebao.Now = now
		if shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}

		// Tokens: issued by an admin within their district, shown once,
		// stored as a hash, revocable.
		tok, tk, err := db.CreateToken(admin, "LT", "税务接口", time.Time{})
		if err != nil || !strings.HasPrefix(tok, "shebao_") || len(tk.ID) != 16 || tk.User != "lt" {
			t.Fatalf("CreateToken: %q %+v %v", tok, tk, err)
		}
		if _, _, err := db.CreateToken(as(shebao.Actor{Name: "lt", Role: "town", Region: "640106100000"}), "lt", "", time.Time{}); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("town issues a token: %v", err)
		}
		xq := shebao.Actor{Name: "xqadmin", Role: "admin", Region: "640104000000"}
		if _, _, err := db.CreateToken(as(xq), "lt", "", time.Time{}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another district's admin issues a token: %v", err)
		}
		got, gu, err := db.FindToken(ctx, tok)
		if err != nil || got.ID != tk.ID || gu.Name != "lt" || got.LastUsedAt.IsZero() {
			t.Fatalf("FindToken: %+v %+v %v", got, gu, err)
		}
		if _, _, err := db.FindToken(ctx, tok[:len(tok)-1]); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("truncated token: %v", err)
		}
		ts, err := db.FindTokens(as(districtAdmin), "")
		if err != nil || len(ts) != 1 || ts[0].Label != "税务接口" {
			t.Errorf("FindTokens: %+v %v", ts, err)
		}
		if ts, _ := db.FindTokens(as(xq), ""); len(ts) != 0 {
			t.Errorf("another district's admin lists %d tokens", len(ts))
		}
		if err := db.RevokeToken(as(xq), tk.ID); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("another district's admin revokes: %v", err)
		}
		if err := db.RevokeToken(admin, "not-an-id"); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("revoke nonsense: %v", err)
		}
		if err := db.RevokeToken(admin, tk.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.FindToken(ctx, tok); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("revoked token: %v", err)
		}

		// Disabling a user revokes its sessions and tokens for good.
		u2, _ := acc.Authenticate(ctx, "fd", pw, "192.0.2.1")
		secret, _, _ = db.CreateSession(ctx, u2, "192.0.2.1")
		tok, _, _ = db.CreateToken(admin, "fd", "", time.Time{})
		if err := db.DisableUser(admin, "fd"); err != nil {
			t.Fatal(err)
		}
		if err := db.EnableUser(admin, "fd"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.FindSession(ctx, secret); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("session survives disabling: %v", err)
		}
		if _, _, err := db.FindToken(ctx, tok); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Errorf("token survives disabling: %v", err)
		}
		if _, _, err := db.CreateToken(admin, "nobody", "", time.Time{}); shebao.ErrorCode(err) != shebao.ENOTFOUND {
			t.Errorf("token for nobody: %v", err)
		}
	})
}

// TestRolesInTheStore: sqldb checks the role on every audited read and
// write, whatever called it.
func TestRolesInTheStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, person(female1949, "王秀英", "640106100201")); err != nil {
			t.Fatal(err)
		}
		i := 0
		for _, c := range []struct {
			actor shebao.Actor
			read  string // error code of FindPerson
			write string // error code of UpdatePerson
		}{
			{shebao.Actor{Name: "a", Role: "admin", Region: "640106"}, "", ""},
			{shebao.Actor{Name: "c", Role: "clerk/registration", Region: "640106"}, "", ""},
			{shebao.Actor{Name: "c", Role: "clerk/benefits", Region: "640106"}, "", shebao.EFORBIDDEN},
			{shebao.Actor{Name: "c", Role: "clerk/nonsense", Region: "640106"}, shebao.EFORBIDDEN, shebao.EFORBIDDEN},
			{shebao.Actor{Name: "l", Role: "land", Region: "640106"}, shebao.EFORBIDDEN, shebao.EFORBIDDEN},
			{shebao.Actor{Name: "v", Role: "viewer", Region: "640106"}, "", shebao.EFORBIDDEN},
			{shebao.Actor{Name: "w", Role: "village", Region: "640106100201"}, "", ""},
			{shebao.Actor{Name: "w", Role: "village", Region: "640106100202"}, shebao.ENOTFOUND, shebao.ENOTFOUND},
			{shebao.Actor{Name: "z", Role: "citizen", Region: "640106100201", IDNo: female1949}, "", shebao.EFORBIDDEN},
			{shebao.Actor{Name: "z", Role: "citizen", Region: "640106100201", IDNo: male1960}, shebao.ENOTFOUND, shebao.EFORBIDDEN},
			{shebao.Actor{Name: "x", Role: "", Region: "640106"}, shebao.EFORBIDDEN, shebao.EFORBIDDEN},
		} {
			i++
			ctx := as(c.actor)
			if _, err := db.FindPerson(ctx, female1949); shebao.ErrorCode(err) != c.read {
				t.Errorf("%s reads: %v, want %q", c.actor.Role, err, c.read)
			}
			phone := fmt.Sprintf("1391234%04d", i)
			if _, err := db.UpdatePerson(ctx, female1949, shebao.PersonUpdate{Phone: &phone}); shebao.ErrorCode(err) != c.write {
				t.Errorf("%s writes: %v, want %q", c.actor.Role, err, c.write)
			}
		}
	})
}
