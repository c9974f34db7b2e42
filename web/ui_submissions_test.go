package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The city's administrator uploads a district's signed statistics file in
// the browser: it is listed as valid; the same file again changes nothing;
// a file changed after signing is refused with the reason; a leader of
// the city sees the list but no upload form.
func TestUISubmissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		file, month, c, cdb := cityWithDistrictFile(t, db)
		for _, u := range []*shebao.User{{Name: "cityadmin", Role: shebao.RoleAdmin, Region: demo.City}, {Name: "cityviewer", Role: shebao.RoleViewer, Region: demo.City}} {
			if err := cdb.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(NewServer(c, Options{}).Handler())
		t.Cleanup(srv.Close)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		b := newBrowser()
		csrf := b.login("cityadmin")
		up := func(content []byte) response {
			t.Helper()
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("csrf", csrf)
			fw, _ := mw.CreateFormFile("file", "submission.json")
			fw.Write(content)
			mw.Close()
			req, _ := http.NewRequest("POST", srv.URL+"/reports/submissions", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return b.do(req)
		}
		expect(t, "empty", b.get("/reports/submissions"), 200, `id="submission-form"`, `id="no-submissions"`)
		r := up(file)
		if r.status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%.2000s", r.status, r.body)
		}
		// What the file carries (format 2): the counters and, as of the
		// month's end, its funds, land batches and employers.
		expect(t, "listed", b.get(r.header.Get("Location")), 200, "已导入金凤区"+month, `id="submissions"`, "有效",
			`class="carries">统计计数;截至`, "被征地农民批次", "参保单位")
		r = up(file)
		if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "未重复导入") {
			t.Errorf("the same file again: %d %s", r.status, loc)
		}
		// Changed after signing: another sender.
		var m map[string]any
		json.Unmarshal(file, &m)
		m["sender"] = "冒名"
		bad, _ := json.Marshal(m)
		expect(t, "tampered", up(bad), http.StatusBadRequest, "文件未导入")
		v := newBrowser()
		v.login("cityviewer")
		page := v.get("/reports/submissions")
		if page.status != 200 || strings.Contains(page.body, `id="submission-form"`) || !strings.Contains(page.body, "金凤区") {
			t.Errorf("the leader's submissions page: %d", page.status)
		}
	})
}
