package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/pdfdoc"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

var certLinkRE = regexp.MustCompile(`href="(/persons/[^"/]+/certificates/(enrollment|record))"`)

// codeOf reads the verification code from the download's file name
// (参保缴费证明-CODE.pdf).
func codeOf(t *testing.T, r response) string {
	t.Helper()
	_, name, _ := strings.Cut(r.header.Get("Content-Disposition"), "UTF-8''")
	name, _ = url.PathUnescape(name)
	m := regexp.MustCompile(`-([A-Z2-7]{16})\.pdf$`).FindStringSubmatch(name)
	if m == nil {
		t.Fatalf("no code in the file name %q", name)
	}
	return m[1]
}

// Certificates from the person page (a clerk's, and the citizen's own),
// as PDF; the code verifies without sign-in; a citizen gets no other
// person's certificate from the API; a role that reads no enrollments gets
// no links; without a font the answer says what to install.
func TestCertificates(t *testing.T) {
	if _, err := pdfdoc.FindFont(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("under CI the certificate tests must run: %v", err)
		}
		t.Skipf("NOTICE: no Chinese font, certificate tests SKIPPED: %v", err)
	}
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)

			b := f.browser(t)
			b.login("clerk1")
			var page string
			for _, m := range personLinkRE.FindAllStringSubmatch(b.get("/persons?region=640106100201").body, -1) {
				if r := b.get("/persons/" + m[1]); strings.Contains(r.body, f.citizen.Name) {
					page = r.body
					break
				}
			}
			links := certLinkRE.FindAllStringSubmatch(page, -1)
			if len(links) != 2 || !strings.Contains(page, "参保缴费证明") || !strings.Contains(page, "个人权益记录单") {
				t.Fatalf("certificate links on the clerk's person page: %v", links)
			}
			r := b.get(links[0][1])
			if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") || r.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("enrollment certificate: %d %v %.40q", r.status, r.header, r.body)
			}
			code := codeOf(t, r)
			// Verification needs no sign-in.
			res, err := http.Get(f.srv.URL + "/api/v1/certificates/" + strings.ToLower(code))
			if err != nil {
				t.Fatal(err)
			}
			var chk shebao.CertificateCheck
			json.NewDecoder(res.Body).Decode(&chk)
			res.Body.Close()
			if res.StatusCode != 200 || chk.Code != code || chk.KindName != "参保缴费证明" || chk.Office != "金凤区社会保险事业管理局" ||
				chk.IDNo == f.citizen.IDNo || !strings.HasPrefix(chk.Name, string([]rune(f.citizen.Name)[0])) {
				t.Errorf("verify: %d %+v", res.StatusCode, chk)
			}
			if res, err := http.Get(f.srv.URL + "/api/v1/certificates/AAAAAAAAAAAAAAAA"); err != nil || res.StatusCode != 404 {
				t.Errorf("unknown code: %v %v", res.StatusCode, err)
			}
			expect(t, "unknown kind", b.get(strings.Replace(links[0][1], "enrollment", "other", 1)), http.StatusNotFound)

			// The citizen: links on their own page, their record; the API
			// refuses another person's.
			c := f.browser(t)
			c.login("citizen1")
			own := personLinkRE.FindStringSubmatch(c.get("/").body)
			links = certLinkRE.FindAllStringSubmatch(c.get("/persons/"+own[1]).body, -1)
			if len(links) != 2 {
				t.Fatalf("certificate links on the citizen's page: %v", links)
			}
			if r := c.get(links[1][1]); r.status != 200 || !strings.HasPrefix(r.body, "%PDF-") {
				t.Errorf("citizen's record: %d %.200s", r.status, r.body)
			}
			if r := c.get("/api/v1/persons/" + f.citizen.IDNo + "/certificates/record"); r.status != 200 {
				t.Errorf("citizen's own record by the API: %d %.300s", r.status, r.body)
			}
			if r := c.get("/api/v1/persons/" + f.yingnan.IDNo + "/certificates/record"); r.status != http.StatusNotFound {
				t.Errorf("citizen asking another's: %d %.300s", r.status, r.body)
			}
			es, err := db.FindAudit(admin, shebao.AuditFilter{Key: f.citizen.IDNo, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range es {
				if e.Action == "certificate.read" {
					n++
				}
			}
			if n != 3 {
				t.Errorf("certificate.read entries for the citizen: %d, want 3 (clerk's, citizen's page and API)", n)
			}

			v := f.browser(t)
			v.login("viewer1")
			for _, m := range personLinkRE.FindAllStringSubmatch(v.get("/persons?region=640106100201").body, -1) {
				if links := certLinkRE.FindAllString(v.get("/persons/"+m[1]).body, -1); len(links) != 0 && !shebao.RoleOf(shebao.Actor{Role: "viewer"}).May(shebao.Read(shebao.EntityEnrollment)) {
					t.Errorf("certificate links for a role that reads no enrollments: %v", links)
				}
				break
			}

			// The work report as PDF, from the API.
			if r := b.get("/api/v1/reports/summary?region=640106000000&format=pdf"); r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
				t.Errorf("summary pdf: %d %v %.200s", r.status, r.header, r.body)
			}

			t.Setenv(pdfdoc.FontEnv, "/nonexistent/font.ttf")
			r = b.get("/api/v1/persons/" + f.citizen.IDNo + "/certificates/enrollment")
			expect(t, "no font", r, http.StatusBadRequest, "找不到中文字体文件")
		})
	}
}
