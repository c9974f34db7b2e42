package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// sampleURL fills a route's wildcards with valid values.
func sampleURL(path string) string {
	return strings.NewReplacer("{code}", "640106001001", "{id_no}", wangID, "{uscc}", fujianUSCC).Replace(path)
}

func refuseAll(*http.Request) (shebao.Actor, bool) { return shebao.Actor{}, false }

// TestAuthenticateRefused: when Authenticate says no, every route but the
// public ones answers 401 in the JSON error shape, before touching the
// store (the server has no database at all).
func TestAuthenticateRefused(t *testing.T) {
	h := NewServer(nil, Options{Authenticate: refuseAll}).Handler()
	for _, rt := range routes {
		sc := scenario{Name: rt.Pattern(), Method: rt.Method, URL: sampleURL(rt.Path), ExpectedStatus: http.StatusUnauthorized,
			ExpectedContent: []string{`{"error":{"code":"unauthorized","message":"未登录或登录已失效,请重新登录"}}`}}
		if rt.Method != "GET" {
			sc.Body = `{}`
		}
		if rt.Path == "/api/v1/certificates/{code}" {
			continue // public, but answers from the database (certificates_test.go)
		}
		if rt.Public {
			sc.ExpectedStatus, sc.ExpectedContent = http.StatusOK, nil
			if rt.Path == "/api/v1/login" {
				// Public, but without a name it is a bad request.
				sc.ExpectedStatus, sc.ExpectedContent = http.StatusBadRequest, []string{`"field":"name"`}
			}
		}
		sc.test(t, h)
	}
}

func TestHealth(t *testing.T) {
	h := NewServer(nil, Options{Authenticate: refuseAll}).Handler()
	scenario{Name: "health", Method: "GET", URL: "/api/v1/health", ExpectedStatus: http.StatusOK,
		ExpectedContent: []string{`{"status":"ok"}`}}.test(t, h)
}

// TestNoRoute: unknown paths and methods under /api/ get the JSON error
// shape too, with 404 and 405.
func TestNoRoute(t *testing.T) {
	h := NewServer(nil, Options{}).Handler()
	runScenarios(t, h, []scenario{
		{Name: "unknown path", Method: "GET", URL: "/api/v1/pensions", ExpectedStatus: http.StatusNotFound,
			ExpectedContent: []string{`"code":"not_found"`, "接口不存在"}},
		{Name: "trailing slash", Method: "GET", URL: "/api/v1/persons/", ExpectedStatus: http.StatusNotFound},
		{Name: "unknown version", Method: "GET", URL: "/api/v2/health", ExpectedStatus: http.StatusNotFound},
		{Name: "delete a person", Method: "DELETE", URL: "/api/v1/persons/" + wangID, ExpectedStatus: http.StatusMethodNotAllowed,
			ExpectedContent: []string{`"code":"invalid"`, "不支持DELETE"}, ExpectedHeaders: map[string]string{"Allow": "GET, PATCH, HEAD"}},
		{Name: "put a person list", Method: "PUT", URL: "/api/v1/persons", Body: `{}`, ExpectedStatus: http.StatusMethodNotAllowed,
			ExpectedHeaders: map[string]string{"Allow": "GET, POST, HEAD"}},
		{Name: "post a region", Method: "POST", URL: "/api/v1/regions/640106", Body: `{}`, ExpectedStatus: http.StatusMethodNotAllowed,
			ExpectedHeaders: map[string]string{"Allow": "GET, PUT, HEAD"}},
	})
}

// TestCrossOrigin: a browser on another site cannot write through a
// signed-in clerk's browser.
func TestCrossOrigin(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()
		body := `{"id_no":"` + wangID + `","name":"王秀英","hukou":"农业","region":"640106001001"}`
		runScenarios(t, h, []scenario{
			{Name: "cross-site fetch", Method: "POST", URL: "/api/v1/persons", Body: body,
				Headers:        map[string]string{"Sec-Fetch-Site": "cross-site"},
				ExpectedStatus: http.StatusForbidden, ExpectedContent: []string{`"code":"forbidden"`, "跨站"}},
			{Name: "foreign origin", Method: "PATCH", URL: "/api/v1/persons/" + wangID, Body: `{"name":"x"}`,
				Headers:        map[string]string{"Origin": "https://evil.example"},
				ExpectedStatus: http.StatusForbidden},
			{Name: "cross-site read is allowed", Method: "GET", URL: "/api/v1/regions",
				Headers:        map[string]string{"Sec-Fetch-Site": "cross-site"},
				ExpectedStatus: http.StatusOK},
			{Name: "same origin", Method: "POST", URL: "/api/v1/persons", Body: body,
				Headers:        map[string]string{"Sec-Fetch-Site": "same-origin"},
				ExpectedStatus: http.StatusCreated},
		})
	})
}

// TestSecurityHeaders: every response carries them, and only the API is
// marked no-store; each response has its own request id.
func TestSecurityHeaders(t *testing.T) {
	h := NewServer(nil, Options{}).Handler()
	ids := map[string]bool{}
	for _, url := range []string{"/api/v1/health", "/api/v1/health", "/api/v1/nothing", "/elsewhere"} {
		rec := scenario{Method: "GET", URL: url}.do(h)
		for k, v := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
			"Referrer-Policy":         "no-referrer",
			"Content-Security-Policy": "default-src 'self'",
		} {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", url, k, got, v)
			}
		}
		wantCache := "no-store"
		if !strings.HasPrefix(url, "/api/") {
			wantCache = ""
		}
		if got := rec.Header().Get("Cache-Control"); got != wantCache {
			t.Errorf("%s: Cache-Control = %q, want %q", url, got, wantCache)
		}
		id := rec.Header().Get("X-Request-Id")
		if len(id) < 16 || ids[id] {
			t.Errorf("%s: X-Request-Id %q missing, short or repeated", url, id)
		}
		ids[id] = true
	}
}

// TestActorInContext: the actor comes from Authenticate, the remote address
// from the connection; both reach the store's audit log and history.
func TestActorInContext(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		var seen *http.Request
		clerk := shebao.Actor{Name: "clerk7", Role: "clerk", Region: "640106", Remote: "forged"}
		h := NewServer(app.New(db), Options{Authenticate: func(r *http.Request) (shebao.Actor, bool) {
			seen = r
			return clerk, true
		}}).Handler()
		runScenarios(t, h, []scenario{
			{Name: "create", Method: "POST", URL: "/api/v1/persons", RemoteAddr: "203.0.113.7:51234",
				Body:           `{"id_no":"` + wangID + `","name":"王秀英","hukou":"农业","region":"640106001001"}`,
				Headers:        map[string]string{"X-Forwarded-For": "10.9.9.9"},
				ExpectedStatus: http.StatusCreated},
			{Name: "patch", Method: "PATCH", URL: "/api/v1/persons/" + wangID, RemoteAddr: "[2001:db8::5]:443",
				Body: `{"phone":"13912345678"}`, ExpectedStatus: http.StatusOK},
			{Name: "history names the clerk", Method: "GET", URL: "/api/v1/persons/" + wangID + "/history",
				ExpectedStatus: http.StatusOK, ExpectedContent: []string{`"actor":"clerk7"`}},
		})
		if seen == nil {
			t.Fatal("Authenticate not called")
		}
		entries, err := db.FindAudit(admin, shebao.AuditFilter{Entity: "person", Key: wangID})
		if err != nil {
			t.Fatal(err)
		}
		remotes := map[string]string{}
		for _, e := range entries {
			if e.Actor != "clerk7" || e.Role != "clerk" {
				t.Errorf("audit %s by %s/%s, want clerk7/clerk", e.Action, e.Actor, e.Role)
			}
			remotes[e.Action] = e.Remote
		}
		if got, want := remotes["person.create"], "203.0.113.7"; got != want {
			t.Errorf("create audited from %q, want %q", got, want)
		}
		if got, want := remotes["person.update"], "2001:db8::5"; got != want {
			t.Errorf("update audited from %q, want %q", got, want)
		}
	})
}

// TestAccessLog: one line per request with method, route pattern, status,
// duration and actor; never the raw path or query, which carry ID numbers.
func TestAccessLog(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: wangID, Name: "王秀英", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		unknown := validID(t, "64010620000101005")
		var buf bytes.Buffer
		h := NewServer(app.New(db), Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), Authenticate: asAdmin}).Handler()
		runScenarios(t, h, []scenario{
			{Name: "get", Method: "GET", URL: "/api/v1/persons/11010519491231002x", ExpectedStatus: http.StatusOK},
			{Name: "search", Method: "GET", URL: "/api/v1/persons?id_no=" + wangID + "&name=" + "%E7%8E%8B", ExpectedStatus: http.StatusOK},
			{Name: "unknown", Method: "GET", URL: "/api/v1/persons/" + unknown, ExpectedStatus: http.StatusNotFound},
			{Name: "bad body", Method: "POST", URL: "/api/v1/persons", Body: `{"id_no":"` + wangID + `","name":"王秀英","x":1}`,
				ExpectedStatus: http.StatusBadRequest},
		})
		log := buf.String()
		for _, want := range []string{
			`"method":"GET","path":"/api/v1/persons/{id_no}","status":200`,
			`"method":"GET","path":"/api/v1/persons","status":200`,
			`"path":"/api/v1/persons/{id_no}","status":404`,
			`"method":"POST","path":"/api/v1/persons","status":400`,
			`"actor":"system"`, `"duration":`, `"request_id":`,
		} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %s:\n%s", want, log)
			}
		}
		if got := strings.Count(log, `"msg":"request"`); got != 4 {
			t.Errorf("%d access log lines, want 4", got)
		}
		// Neither the numbers, in any form, nor their birth dates, nor names.
		for _, bad := range []string{"110105", "19491231", "640106", "20000101", "王", "%E7", "id_no="} {
			if strings.Contains(log, bad) {
				t.Errorf("log contains %q", bad)
			}
		}
	})
}

// TestInternalError: a failing store gives 500 with the fixed message; the
// cause is in the log under the request id, not in the response.
func TestInternalError(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var buf bytes.Buffer
		h := NewServer(app.New(db), Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), Authenticate: asAdmin}).Handler()
		db.Close() // every query now fails
		rec := scenario{Name: "closed database", Method: "GET", URL: "/api/v1/persons", ExpectedStatus: http.StatusInternalServerError,
			ExpectedContent:    []string{`{"error":{"code":"internal","message":"系统内部错误,请联系管理员"}}`},
			NotExpectedContent: []string{"sql", "closed"}}.test(t, h)
		id := rec.Header().Get("X-Request-Id")
		log := buf.String()
		if !strings.Contains(log, `"msg":"internal error","request_id":"`+id+`"`) || !strings.Contains(log, "closed") {
			t.Errorf("internal error not logged with request id %s and cause:\n%s", id, log)
		}
	})
}

// TestPanicRecovered: a panicking handler still answers 500 in the error
// shape, and the panic is logged.
func TestPanicRecovered(t *testing.T) {
	var buf bytes.Buffer
	s := NewServer(nil, Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	h := s.observe(securityHeaders(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := scenario{Name: "panic", Method: "GET", URL: "/api/v1/x", ExpectedStatus: http.StatusInternalServerError,
		ExpectedContent: []string{internalMessage}}.test(t, h)
	if !strings.Contains(buf.String(), `"panic":"boom"`) || !strings.Contains(buf.String(), rec.Header().Get("X-Request-Id")) {
		t.Errorf("panic not logged:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), `"status":500`) {
		t.Errorf("access log lacks status 500:\n%s", buf.String())
	}
}

func TestErrorStatus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{shebao.Errorf(shebao.EINVALID, "x"), 400},
		{shebao.Errorf(shebao.EUNAUTHORIZED, "x"), 401},
		{shebao.Errorf(shebao.EFORBIDDEN, "x"), 403},
		{shebao.Errorf(shebao.ENOTFOUND, "x"), 404},
		{shebao.Errorf(shebao.ECONFLICT, "x"), 409},
		{shebao.Errorf(shebao.EINTERNAL, "x"), 500},
		{shebao.Errorf("made_up", "x"), 500},
		{fmt.Errorf("wrapped: %w", shebao.Errorf(shebao.ECONFLICT, "x")), 409},
		{errors.New("disk on fire"), 500},
		{withStatus(413, shebao.Errorf(shebao.EINVALID, "x")), 413},
	} {
		if got := errorStatus(tt.err); got != tt.want {
			t.Errorf("errorStatus(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	// Every code of the domain has a status.
	for _, code := range []string{shebao.EINVALID, shebao.ENOTFOUND, shebao.ECONFLICT, shebao.EUNAUTHORIZED, shebao.EFORBIDDEN, shebao.EINTERNAL} {
		if _, ok := codeStatus[code]; !ok {
			t.Errorf("code %s has no status", code)
		}
	}
}

// TestInternalCodeHidesMessage: an *Error with code internal shows the
// fixed message, not its own.
func TestInternalCodeHidesMessage(t *testing.T) {
	s := NewServer(nil, Options{})
	rec := httptest.NewRecorder()
	s.writeError(rec, httptest.NewRequest("GET", "/api/v1/x", nil), shebao.Errorf(shebao.EINTERNAL, "password=hunter2"))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "hunter2") || !strings.Contains(rec.Body.String(), internalMessage) {
		t.Errorf("got %d %s", rec.Code, rec.Body.String())
	}
}

func TestHSTSOverTLS(t *testing.T) {
	h := securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	r := httptest.NewRequest("GET", "https://shebao.example/api/v1/health", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got := w.Header().Get("Strict-Transport-Security"); got == "" {
		t.Errorf("no HSTS over TLS")
	}
	r = httptest.NewRequest("GET", "http://127.0.0.1/api/v1/health", nil)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got := w.Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS over plain HTTP: %s", got)
	}
}
