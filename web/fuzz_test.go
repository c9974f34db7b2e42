package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// FuzzDecodePerson feeds arbitrary bodies to POST /api/v1/persons on a real
// database: whatever arrives, the answer is never a panic nor a 500, and
// always JSON (a success or the error shape). It runs on SQLite only: the
// fuzzer's rate matters more here than the second engine, which the
// scenario tests cover.
func FuzzDecodePerson(f *testing.F) {
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
	h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()

	for _, seed := range []string{
		`{"id_no":"11010519491231002X","name":"王秀英","hukou":"农业","region":"640106001001"}`,
		`{"id_no":"110105491231002","name":"王秀英","sex":"女","birth":"1949-12-31","hukou":"农业","region":"640106","phone":"13912345678","flags":["低保","被征地"]}`,
		`{"id_no":"11010519491231002x","name":"王秀英","hukou":"农业","region":"640106001001","status":"死亡","death_date":"2020-02-29"}`,
		`{"id_no":"11010519491231002X","name":"王\u0000秀英","hukou":"农业","region":"640106001001"}`,
		`{"id_no":"11010519491231002X","name":"` + strings.Repeat("𠀀", 61) + `","hukou":"农业","region":"640106001001"}`,
		`{"id_no":"","name":"","flags":null}`,
		`{"id_no":1e999}`,
		`{"flags":[1,2,3]}`,
		`{"id_no":"11010519491231002X","id_no":"x"}`,
		`{"version":1}`,
		`{"ID_NO":"11010519491231002X"}`,
		`null`,
		`[]`,
		`"x"`,
		`{`,
		`{}{}`,
		"\xff\xfe{",
		`{"name":"\ud800"}`,
		strings.Repeat("[", 20000),
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/persons", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case rec.Code >= 500:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		case rec.Code != http.StatusCreated && rec.Code != http.StatusBadRequest &&
			rec.Code != http.StatusConflict && rec.Code != http.StatusRequestEntityTooLarge:
			t.Fatalf("unexpected status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("response is not JSON for %q: %s", body, rec.Body.String())
		}
	})
}
