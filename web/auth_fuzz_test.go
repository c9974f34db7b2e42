package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// FuzzLogin feeds arbitrary bodies to POST /api/v1/login: whatever
// arrives, the answer is JSON with 200 (only for the right password), 400,
// 401, 413 or 415, never a panic nor a 500, and never sets a cookie unless
// it is 200. SQLite only, for the fuzzer's rate; names with NUL or invalid
// UTF-8, which PostgreSQL refuses in TEXT, are covered by sqldb's tests on
// both engines.
func FuzzLogin(f *testing.F) {
	engine := sqldbtest.Engines(f)[0]
	db, err := sqldb.Open(context.Background(), engine.DSN)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for _, r := range testRegions {
		if _, err := db.SaveRegion(admin, &r); err != nil {
			f.Fatal(err)
		}
	}
	if err := db.CreateUser(admin, &shebao.User{Name: "town1", Role: "town", Region: "640106001000"}, "correct horse 8"); err != nil {
		f.Fatal(err)
	}
	h := NewServer(app.New(db), Options{}).Handler()
	for _, seed := range []string{
		`{"name":"town1","password":"correct horse 8"}`,
		`{"name":"TOWN1 ","password":"correct horse 8"}`,
		`{"name":"town1","password":"wrong"}`,
		`{"name":"town1"}`,
		`{"password":"x"}`,
		`{"name":"","password":""}`,
		`{"name":"town1","password":"correct horse 8","remember":true}`,
		`{"name":["town1"],"password":"x"}`,
		`{"name":"town1","password":null}`,
		`{"name":"to\u0000wn1","password":"x"}`,
		`{"name":"\ud800","password":"x"}`,
		`{"name":"` + strings.Repeat("长", 300) + `","password":"x"}`,
		`{"name":"town1","password":"` + strings.Repeat("x", 5000) + `"}`,
		`{"name":"town1","password":"x"}{}`,
		`{"name":"town1","name":"admin","password":"x"}`,
		`null`, `[]`, `"town1"`, `{`, ``, "\xff\xfe{",
		strings.Repeat("[", 20000),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("response is not JSON for %q: %s", body, rec.Body.String())
		}
		if rec.Code != http.StatusOK && rec.Header().Get("Set-Cookie") != "" {
			t.Fatalf("cookie set with status %d for %q", rec.Code, body)
		}
		if strings.Contains(rec.Body.String(), "correct horse") {
			t.Fatalf("password echoed for %q", body)
		}
	})
}
