package web

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A district (the demo district in its own database) exports its monthly
// statistics; the city's instance, with the district's key registered,
// receives the file through POST /api/v1/reports/submissions as its
// administrator (201; the same file again 200, nothing new), lists it,
// refuses a file changed after signing (400, nothing kept) and a viewer's
// submission (403), and refuses a body that is not declared JSON (415);
// on both engines.
func TestSubmissionsAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		file, month, c, cdb := cityWithDistrictFile(t, db)
		token := func(name, role string) map[string]string {
			if err := cdb.CreateUser(admin, &shebao.User{Name: name, Role: role, Region: demo.City}, uiPassword); err != nil {
				t.Fatal(err)
			}
			tok, _, err := cdb.CreateToken(admin, name, "tests", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			return map[string]string{"Authorization": "Bearer " + tok}
		}
		adminH, viewerH := token("cityadmin", shebao.RoleAdmin), token("cityviewer", shebao.RoleViewer)
		h := NewServer(c, Options{}).Handler()

		post := func(body string, hdr map[string]string) (int, string) {
			rec := scenario{Method: "POST", URL: "/api/v1/reports/submissions", Body: body, Headers: hdr}.do(h)
			return rec.Code, rec.Body.String()
		}
		if code, body := post(string(file), viewerH); code != http.StatusForbidden {
			t.Errorf("viewer: %d %s", code, body)
		}
		var got report.Imported
		code, body := post(string(file), adminH)
		if code != http.StatusCreated || json.Unmarshal([]byte(body), &got) != nil || !got.Created || got.Submission.Month != month {
			t.Fatalf("submission: %d %s", code, body)
		}
		if code, body := post(string(file), adminH); code != http.StatusOK || !strings.Contains(body, `"created":false`) {
			t.Errorf("the same file again: %d %s", code, body)
		}
		// Changed after signing: another sender.
		var f map[string]any
		json.Unmarshal(file, &f)
		f["sender"] = "冒名"
		bad, _ := json.Marshal(f)
		if code, body := post(string(bad), adminH); code != http.StatusBadRequest {
			t.Errorf("tampered: %d %s", code, body)
		}
		rec := scenario{Method: "POST", URL: "/api/v1/reports/submissions", Body: string(file),
			Headers: map[string]string{"Authorization": adminH["Authorization"], "Content-Type": "text/plain"}}.do(h)
		if rec.Code != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain: %d", rec.Code)
		}
		rec = scenario{Method: "GET", URL: "/api/v1/reports/submissions?region=" + demo.District, Headers: viewerH}.do(h)
		var list struct {
			Submissions []shebao.StatsSubmission `json:"submissions"`
		}
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list.Submissions) != 1 || list.Submissions[0].Month != month {
			t.Errorf("list: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// cityWithDistrictFile builds the demo district in db, exports last
// month's statistics signed with a new key, and makes the city's own
// database (the province, the city, the district) on the same engine with
// the district's key registered: the file, its month, and the city.
func cityWithDistrictFile(t *testing.T, db *sqldb.DB) ([]byte, string, *app.App, *sqldb.DB) {
	t.Helper()
	if err := demo.Build(admin, app.New(db), 30); err != nil {
		t.Fatal(err)
	}
	priv, pub, err := report.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	key, err := report.ParsePrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	month := shebao.Today().AddDate(0, -1, 0).Format("2006-01")
	file, err := app.New(db).Report.Export(admin, demo.District, month, key)
	if err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(t.TempDir(), "city.db")
	if db.Dialect == sqldb.Postgres {
		dsn = sqldbtest.PostgresDSN(t)
	}
	cdb, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cdb.Close() })
	c := app.New(cdb)
	for _, r := range []shebao.Region{{Code: demo.Province, Name: "宁夏回族自治区"}, {Code: demo.City, Name: "银川市"}, {Code: demo.District, Name: "金凤区"}} {
		if _, err := c.Registry.SaveRegion(admin, &r); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := c.Report.Trust(admin, demo.District, pub); err != nil {
		t.Fatal(err)
	}
	return file, month, c, cdb
}
