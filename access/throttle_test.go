package access_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const pw = "secret-password-1"

// addUsers creates town clerks with the names and the password pw.
func addUsers(t *testing.T, a *app.App, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := a.Access.CreateUser(sqldbtest.Admin(), &shebao.User{Name: n, Role: "town", Region: "640106100000"}, pw); err != nil {
			t.Fatal(err)
		}
	}
}

// evaluated counts the audited outcomes of compared attempts for the name:
// each success and each failure whose password was compared is one.
func evaluated(t *testing.T, a *app.App, name string) (ok, failed int) {
	t.Helper()
	es, err := a.Audit.FindAudit(sqldbtest.Admin(), shebao.AuditFilter{Entity: shebao.EntityUser, Key: name, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		switch e.Action {
		case "user.login":
			ok++
		case "user.login_failed":
			failed++
		}
	}
	return ok, failed
}

// TestThrottleBurst: a burst of parallel guesses for one name is evaluated
// only as far as the name's limit allows, whatever the burst's size; the
// right password in the burst gets in only if it was among those. Before
// the attempt was reserved ahead of the password comparison, every guess
// of the burst read the same count and was compared.
func TestThrottleBurst(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		addUsers(t, a, "atlimit", "oneleft", "fresh")
		ctx := context.Background()
		fail := func(name string, n int) {
			for i := 0; i < n; i++ {
				if _, err := a.Access.Authenticate(ctx, name, "guess-guess", fmt.Sprintf("203.0.113.%d", i+1)); shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
					t.Fatalf("guess %d for %s: %v", i, name, err)
				}
			}
		}
		fail("atlimit", shebao.MaxFailuresPerName)
		fail("oneleft", shebao.MaxFailuresPerName-1)

		// 60 guesses at once, the right password among them, each from its
		// own address (a botnet): the address rule plays no part.
		burst := func(name string) (succeeded int) {
			var wg sync.WaitGroup
			var mu sync.Mutex
			for i := 0; i < 60; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					guess := fmt.Sprintf("guess-%02d-guess", i)
					if i == 30 {
						guess = pw
					}
					_, err := a.Access.Authenticate(ctx, name, guess, fmt.Sprintf("198.51.100.%d", i+1))
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						succeeded++
					case shebao.ErrorMessage(err) != "用户名或密码错误":
						t.Errorf("guess %d: %v", i, err)
					}
				}()
			}
			wg.Wait()
			return succeeded
		}
		for _, c := range []struct {
			name       string
			before     int // failures before the burst
			mayCompare int // attempts of the burst whose password may be compared
		}{
			{"atlimit", shebao.MaxFailuresPerName, 0},
			{"oneleft", shebao.MaxFailuresPerName - 1, 1},
			{"fresh", 0, shebao.MaxFailuresPerName},
		} {
			succeeded := burst(c.name)
			ok, failed := evaluated(t, a, c.name)
			// Only as many attempts as the name had left are compared; the
			// right password gets in only if it was among them. A success
			// clears the failures reserved before it, so a burst that found
			// the password may go on to another limit's worth of (useless)
			// guesses, and no more. Before the fix all 60 were compared.
			got := ok + failed - c.before
			if ok != succeeded || succeeded > 1 || got > c.mayCompare+succeeded*shebao.MaxFailuresPerName {
				t.Errorf("%s: %d attempts of the burst compared (%d succeeded), want at most %d", c.name, got, succeeded, c.mayCompare)
			}
			if c.mayCompare == 0 && succeeded != 0 {
				t.Errorf("%s: the right password got in beyond the limit", c.name)
			}
		}
		// Once the window has passed, the right password gets in again.
		now := shebao.Now
		defer func() { shebao.Now = now }()
		shebao.Now = func() time.Time { return now().Add(shebao.ThrottleWindow + time.Minute) }
		if _, err := a.Access.Authenticate(ctx, "atlimit", pw, "192.0.2.1"); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

// TestThrottleSharedAddress: the clerks of an office share the address of
// its proxy. One clerk's failures there, however many, do not lock the
// others out: a name is refused only for its own failures, and the
// address backs off for seconds, saying so, instead of refusing everyone
// for the whole window as it did before.
func TestThrottleSharedAddress(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		colleagues := []string{"clerk01", "clerk02", "clerk03", "clerk04", "clerk05", "clerk06", "clerk07", "clerk08"}
		addUsers(t, a, append([]string{"typist"}, colleagues...)...)
		ctx := context.Background()
		const office = "203.0.113.80"
		now := shebao.Now
		defer func() { shebao.Now = now }()
		t0 := now()
		at := func(d time.Duration) { shebao.Now = func() time.Time { return t0.Add(d) } }

		// One clerk gets their own password wrong again and again: their
		// name is refused, nobody else's.
		for i := 0; i < 3*shebao.MaxFailuresPerRemote; i++ {
			at(time.Duration(i) * time.Second)
			a.Access.Authenticate(ctx, "typist", "wrong-wrong", office)
		}
		for _, n := range colleagues[:4] {
			if _, err := a.Access.Authenticate(ctx, n, pw, office); err != nil {
				t.Errorf("%s after the typist's own failures: %v", n, err)
			}
		}
		// Then mistypes the name itself, 25 names: the address backs off.
		for i := 0; i < 25; i++ {
			at(time.Minute + time.Duration(i)*time.Second)
			a.Access.Authenticate(ctx, fmt.Sprintf("typist%d", i), "wrong-wrong", office)
		}
		last := time.Minute + 24*time.Second
		_, err := a.Access.Authenticate(ctx, colleagues[4], pw, office)
		var te *shebao.ThrottleError
		if !errors.As(err, &te) || te.Wait <= 0 || te.Wait > shebao.MaxRemoteBackoff || shebao.ErrorCode(err) != shebao.EUNAUTHORIZED {
			t.Fatalf("within the back-off: %v", err)
		}
		if msg := shebao.ErrorMessage(err); msg != "来自您所在网络地址的登录失败次数过多,请于"+fmt.Sprint(int((te.Wait+time.Second-1)/time.Second))+"秒后再试" {
			t.Errorf("back-off message %q (wait %v)", msg, te.Wait)
		}
		// Another address is not concerned at all.
		if _, err := a.Access.Authenticate(ctx, colleagues[4], pw, "198.51.100.7"); err != nil {
			t.Errorf("from another address: %v", err)
		}
		// After the back-off every colleague signs in from the office,
		// though the typist's failures are still within the window.
		at(last + shebao.RemoteBackoffAfter(shebao.MaxFailuresPerRemote+10))
		for _, n := range colleagues {
			if _, err := a.Access.Authenticate(ctx, n, pw, office); err != nil {
				t.Errorf("%s after the back-off: %v", n, err)
			}
		}
	})
}

// TestThrottleRule: the rule itself, on counts.
func TestThrottleRule(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		f      shebao.LoginFailures
		at     time.Duration
		wait   time.Duration
		byName bool
	}{
		{"nothing", shebao.LoginFailures{}, 0, 0, false},
		{"four for the name", shebao.LoginFailures{ByName: 4, OldestByName: t0}, 0, 0, false},
		{"five for the name", shebao.LoginFailures{ByName: 5, OldestByName: t0}, time.Minute, 14 * time.Minute, true},
		{"five, the oldest leaving", shebao.LoginFailures{ByName: 5, OldestByName: t0}, shebao.ThrottleWindow, 0, false},
		{"19 from the address", shebao.LoginFailures{ByRemote: 19, LatestRemote: t0}, 0, 0, false},
		{"20 from the address", shebao.LoginFailures{ByRemote: 20, LatestRemote: t0}, 0, time.Second, false},
		{"22 from the address", shebao.LoginFailures{ByRemote: 22, LatestRemote: t0}, time.Second, 3 * time.Second, false},
		{"30, a while ago", shebao.LoginFailures{ByRemote: 30, LatestRemote: t0}, shebao.MaxRemoteBackoff, 0, false},
		{"60, capped", shebao.LoginFailures{ByRemote: 60, LatestRemote: t0}, time.Minute, shebao.MaxRemoteBackoff - time.Minute, false},
	} {
		wait, byName := c.f.Throttle(t0.Add(c.at))
		if wait != c.wait || byName != c.byName {
			t.Errorf("%s: wait %v byName %v, want %v %v", c.name, wait, byName, c.wait, c.byName)
		}
	}
	if got := shebao.NewThrottleError(90 * time.Second).Err.Message; got != "来自您所在网络地址的登录失败次数过多,请于2分钟后再试" {
		t.Errorf("message %q", got)
	}
}
