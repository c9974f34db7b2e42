package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const proxyPassword = "correct horse 8"

// proxyFixture is a server whose only trusted proxy is 192.0.2.0/24, with
// town clerks lt1…lt3.
func proxyFixture(t *testing.T, db *sqldb.DB) http.Handler {
	t.Helper()
	seedRegions(t, db)
	for _, n := range []string{"lt1", "lt2", "lt3"} {
		if err := db.CreateUser(admin, &shebao.User{Name: n, Role: "town", Region: "640106001000"}, proxyPassword); err != nil {
			t.Fatal(err)
		}
	}
	trusted, err := ParseTrustedProxies("192.0.2.0/24")
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(app.New(db), Options{TrustedProxies: trusted}).Handler()
}

// loginFrom signs name in from the peer with the forwarding headers.
func loginFrom(h http.Handler, name, password, peer string, headers map[string]string) *httptest.ResponseRecorder {
	sc := scenario{Method: "POST", URL: "/api/v1/login", Body: fmt.Sprintf(`{"name":%q,"password":%q}`, name, password),
		RemoteAddr: peer, Headers: headers}
	return sc.do(h)
}

// lastLoginRemote is the address the newest audited sign-in of the name
// records.
func lastLoginRemote(t *testing.T, db *sqldb.DB, name string) string {
	t.Helper()
	es, err := db.FindAudit(admin, shebao.AuditFilter{Entity: shebao.EntityUser, Key: name, Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit of %s: %v", name, err)
	}
	return es[0].Remote
}

// TestServeTLS: served over TLS itself, the session cookie is Secure with
// the __Host- prefix, HSTS is sent, and the session works.
func TestServeTLS(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		srv := httptest.NewTLSServer(proxyFixture(t, db))
		defer srv.Close()
		c := srv.Client()
		resp, err := c.Post(srv.URL+"/api/v1/login", "application/json", strings.NewReader(`{"name":"lt1","password":"`+proxyPassword+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cks := resp.Cookies()
		if resp.StatusCode != http.StatusOK || len(cks) != 1 || cks[0].Name != sessionCookieTLS || !cks[0].Secure || !cks[0].HttpOnly {
			t.Fatalf("login over TLS: %d %+v", resp.StatusCode, cks)
		}
		if resp.Header.Get("Strict-Transport-Security") == "" {
			t.Error("no HSTS over TLS")
		}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
		req.AddCookie(cks[0])
		me, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		me.Body.Close()
		if me.StatusCode != http.StatusOK {
			t.Errorf("me with the TLS session: %d", me.StatusCode)
		}
	})
}

// TestTrustedProxy: X-Forwarded-For and X-Forwarded-Proto count only from
// a trusted proxy: then the cookie is Secure when the client used HTTPS,
// and the audit log and the throttle see the client's address; from any
// other peer they are ignored.
func TestTrustedProxy(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := proxyFixture(t, db)
		fwd := func(client string) map[string]string {
			return map[string]string{"X-Forwarded-For": client, "X-Forwarded-Proto": "https"}
		}
		// Through the trusted proxy: the client's address, HTTPS.
		rec := loginFrom(h, "lt1", proxyPassword, "192.0.2.10:40000", fwd("198.51.100.23"))
		ck := rec.Result().Cookies()
		if rec.Code != http.StatusOK || len(ck) != 1 || ck[0].Name != sessionCookieTLS || !ck[0].Secure || rec.Header().Get("Strict-Transport-Security") == "" {
			t.Fatalf("through the trusted proxy: %d %+v %v", rec.Code, ck, rec.Header())
		}
		if got := lastLoginRemote(t, db, "lt1"); got != "198.51.100.23" {
			t.Errorf("audit records %s, want the client 198.51.100.23", got)
		}
		// A client that writes its own X-Forwarded-For in front: the
		// proxy appends what it saw, the rightmost address not a proxy's.
		loginFrom(h, "lt2", proxyPassword, "192.0.2.10:40000", map[string]string{
			"X-Forwarded-For": "203.0.113.66, 198.51.100.24, 192.0.2.11", "X-Forwarded-Proto": "https"})
		if got := lastLoginRemote(t, db, "lt2"); got != "198.51.100.24" {
			t.Errorf("audit records %s, want 198.51.100.24", got)
		}
		// From a peer that is not a trusted proxy the headers are ignored.
		rec = loginFrom(h, "lt3", proxyPassword, "203.0.113.50:40000", fwd("198.51.100.25"))
		ck = rec.Result().Cookies()
		if rec.Code != http.StatusOK || len(ck) != 1 || ck[0].Name != sessionCookie || ck[0].Secure || rec.Header().Get("Strict-Transport-Security") != "" {
			t.Fatalf("from an untrusted peer: %d %+v", rec.Code, ck)
		}
		if got := lastLoginRemote(t, db, "lt3"); got != "203.0.113.50" {
			t.Errorf("audit records %s, want the peer 203.0.113.50", got)
		}
		// Plain HTTP through the proxy: not Secure.
		rec = loginFrom(h, "lt3", proxyPassword, "192.0.2.10:40000", map[string]string{"X-Forwarded-For": "198.51.100.26", "X-Forwarded-Proto": "http"})
		if ck := rec.Result().Cookies(); len(ck) != 1 || ck[0].Secure {
			t.Errorf("plain HTTP through the proxy: %+v", ck)
		}

		// The throttle counts the client behind the proxy: one client's
		// failures back it off, not the proxy's other clients.
		for i := 0; i < shebao.MaxFailuresPerRemote; i++ {
			loginFrom(h, fmt.Sprintf("nobody%d", i), "guess-guess", "192.0.2.10:40000", fwd("198.51.100.30"))
		}
		rec = loginFrom(h, "lt1", proxyPassword, "192.0.2.10:40000", fwd("198.51.100.30"))
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "后再试") {
			t.Errorf("the failing client: %d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		if rec := loginFrom(h, "lt1", proxyPassword, "192.0.2.10:40000", fwd("198.51.100.31")); rec.Code != http.StatusOK {
			t.Errorf("another client behind the proxy: %d %s", rec.Code, rec.Body)
		}
	})
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 127.0.0.1, 192.0.2.0/24 ,::1,2001:db8::/32,::ffff:198.51.100.1,")
	want := []string{"127.0.0.1/32", "192.0.2.0/24", "::1/128", "2001:db8::/32", "198.51.100.1/32"}
	if err != nil || len(got) != len(want) {
		t.Fatalf("%v %v", got, err)
	}
	for i, p := range got {
		if p.String() != want[i] {
			t.Errorf("%d: %s, want %s", i, p, want[i])
		}
	}
	for _, bad := range []string{"nginx", "192.0.2.0/33", "192.0.2.1:80"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "无效") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	s := &Server{trusted: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}}
	for _, c := range []struct {
		peer, xff, want string
	}{
		{"192.0.2.1:1", "198.51.100.1", "198.51.100.1"},
		{"192.0.2.1:1", "198.51.100.1:5555", "198.51.100.1"},
		{"192.0.2.1:1", "[2001:db8::1]:5555", "2001:db8::1"},
		{"192.0.2.1:1", "192.0.2.2, 192.0.2.3", "192.0.2.2"},
		{"192.0.2.1:1", "garbage, 198.51.100.1", "198.51.100.1"},
		{"192.0.2.1:1", "198.51.100.1, garbage", "192.0.2.1"},
		{"192.0.2.1:1", "", "192.0.2.1"},
		{"203.0.113.1:1", "198.51.100.1", "203.0.113.1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := s.clientFor(r).ip; got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}
