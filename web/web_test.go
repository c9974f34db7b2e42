package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
)

// admin is the context of the operator, for seeding and checking the store
// directly.
var admin = shebao.WithActor(context.Background(), shebao.SystemActor)

// testRegions is the region tree of the tests, parents first.
var testRegions = []shebao.Region{
	{Code: "640000000000", Name: "宁夏回族自治区"},
	{Code: "640100000000", Name: "银川市"},
	{Code: "640106000000", Name: "金凤区"},
	{Code: "640106001000", Name: "丰登镇"},
	{Code: "640106001001", Name: "魏家桥村"},
	{Code: "640106002000", Name: "良田镇"},
	{Code: "640106002001", Name: "盈南村"},
}

// seedRegions stores testRegions through the store.
func seedRegions(t *testing.T, db *sqldb.DB) {
	t.Helper()
	for _, r := range testRegions {
		if _, err := db.SaveRegion(admin, &r); err != nil {
			t.Fatalf("seed region %s: %v", r.Code, err)
		}
	}
}

// validID completes 17 digits with their check character.
func validID(t testing.TB, first17 string) string {
	t.Helper()
	c, err := idno.CheckCharID(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// validUSCC completes 17 characters with their check character.
func validUSCC(t testing.TB, first17 string) string {
	t.Helper()
	c, err := idno.CheckCharUSCC(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// actorAuth returns an Authenticate function that makes every request a.
func actorAuth(a shebao.Actor) func(*http.Request) (shebao.Actor, bool) {
	return func(*http.Request) (shebao.Actor, bool) { return a, true }
}

// scenario is one API call and what must come back, after pocketbase's
// ApiScenario. Scenarios of a test run in order on one database, so a later
// one may rely on what an earlier one created.
type scenario struct {
	Name    string
	Method  string
	URL     string
	Body    string            // sent as application/json unless Headers says otherwise
	Headers map[string]string // extra request headers
	// RemoteAddr overrides httptest's 192.0.2.1:1234.
	RemoteAddr string

	ExpectedStatus     int
	ExpectedContent    []string // substrings of the response body
	NotExpectedContent []string
	ExpectedHeaders    map[string]string
	// ExpectedItems, when set, is the length of the "items" array.
	ExpectedItems *int
}

func items(n int) *int { return &n }

// do sends the scenario's request to h.
func (sc scenario) do(h http.Handler) *httptest.ResponseRecorder {
	var body *strings.Reader
	if sc.Body != "" {
		body = strings.NewReader(sc.Body)
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(sc.Method, sc.URL, body)
	if sc.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range sc.Headers {
		req.Header.Set(k, v)
	}
	if sc.RemoteAddr != "" {
		req.RemoteAddr = sc.RemoteAddr
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// test runs the scenario as a subtest and checks the response, including
// what every API response must satisfy: JSON, the security headers, and for
// an error the one error shape with a message.
func (sc scenario) test(t *testing.T, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	var rec *httptest.ResponseRecorder
	t.Run(sc.Name, func(t *testing.T) {
		rec = sc.do(h)
		body := rec.Body.String()
		if got, want := rec.Code, sc.ExpectedStatus; got != want {
			t.Errorf("%s %s: status %d, want %d\n%s", sc.Method, sc.URL, got, want, truncate(body))
		}
		for _, s := range sc.ExpectedContent {
			if !strings.Contains(body, s) {
				t.Errorf("%s %s: body lacks %q\n%s", sc.Method, sc.URL, s, truncate(body))
			}
		}
		for _, s := range sc.NotExpectedContent {
			if strings.Contains(body, s) {
				t.Errorf("%s %s: body contains %q\n%s", sc.Method, sc.URL, s, truncate(body))
			}
		}
		for k, v := range sc.ExpectedHeaders {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s %s: header %s = %q, want %q", sc.Method, sc.URL, k, got, v)
			}
		}
		checkAPIResponse(t, rec)
		if sc.ExpectedItems != nil {
			var l struct{ Items []json.RawMessage }
			if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil {
				t.Fatalf("items: %v", err)
			}
			if got, want := len(l.Items), *sc.ExpectedItems; got != want {
				t.Errorf("%s %s: %d items, want %d\n%s", sc.Method, sc.URL, got, want, truncate(body))
			}
		}
	})
	return rec
}

// checkAPIResponse checks what holds for every response under /api/.
func checkAPIResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !json.Valid(rec.Body.Bytes()) {
		t.Errorf("body is not JSON: %s", truncate(rec.Body.String()))
	}
	for k, v := range map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
		"Content-Security-Policy": "default-src 'self'",
	} {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if rec.Header().Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id")
	}
	if rec.Code >= 400 {
		var e struct {
			Error *shebao.Error `json:"error"`
		}
		dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil || e.Error == nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("error response not in the error shape (%v): %s", err, truncate(rec.Body.String()))
		} else if _, ok := codeStatus[e.Error.Code]; !ok {
			t.Errorf("unknown error code %q", e.Error.Code)
		}
	}
}

func runScenarios(t *testing.T, h http.Handler, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		sc.test(t, h)
	}
}

func truncate(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// jsonBody marshals v for a scenario body.
func jsonBody(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// oversize is a syntactically valid body just over the 1 MiB limit.
var oversize = `{"name":"` + strings.Repeat("长", maxBody/3+1) + `"}`
