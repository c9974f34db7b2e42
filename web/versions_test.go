package web

import (
	"net/http"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A PATCH names the version it edits, in If-Match or as "version" in its
// body, and is refused with 409 when someone else changed the record since
// (issue 14, item 11): two clerks read a person at version 1; the first
// one's edit lands (version 2), the second one's, made on version 1, is
// refused instead of overwriting it unseen. A PATCH naming no version
// edits the record as it is now, as before. The same for an employer.
func TestPatchTakesTheVersionItEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := validID(t, "64010619800101001")
		emp := validUSCC(t, "91640106MA0000012")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "张三", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateEmployer(admin, &shebao.Employer{USCC: emp, Name: "魏家桥农机合作社", RiskClass: 1, Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		h := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dj1", Role: "clerk/registration", Region: "640106000000"})}).Handler()
		person, employer := "/api/v1/persons/"+id, "/api/v1/employers/"+emp
		runScenarios(t, h, []scenario{
			{Name: "read: version 1", Method: "GET", URL: person, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"ETag": `"1"`}, ExpectedContent: []string{`"version":1`}},
			{Name: "the first clerk's edit of version 1", Method: "PATCH", URL: person, Headers: map[string]string{"If-Match": `"1"`},
				Body: `{"phone":"13900000001","reason":"本人申请"}`, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"ETag": `"2"`}, ExpectedContent: []string{`"version":2`}},
			{Name: "the second clerk's edit of version 1", Method: "PATCH", URL: person, Headers: map[string]string{"If-Match": `"1"`},
				Body: `{"phone":"13900000002"}`, ExpectedStatus: http.StatusConflict,
				ExpectedContent: []string{`"field":"version"`, "已被他人修改", "第1版", "第2版"}},
			{Name: "the same in the body", Method: "PATCH", URL: person, Body: `{"phone":"13900000002","version":1}`,
				ExpectedStatus: http.StatusConflict},
			{Name: "the phone the first clerk wrote stays", Method: "GET", URL: person + "?full=1", ExpectedStatus: http.StatusOK,
				ExpectedContent: []string{"13900000001"}, NotExpectedContent: []string{"13900000002"}},
			{Name: "an edit of the current version in the body", Method: "PATCH", URL: person, Body: `{"name":"张叁","version":2}`,
				ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"ETag": `"3"`}},
			{Name: "If-Match and body disagree", Method: "PATCH", URL: person, Headers: map[string]string{"If-Match": `"3"`},
				Body: `{"name":"张三","version":2}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"version"`}},
			{Name: "If-Match that is no version", Method: "PATCH", URL: person, Headers: map[string]string{"If-Match": `W/"3"`},
				Body: `{"name":"张三"}`, ExpectedStatus: http.StatusBadRequest, ExpectedContent: []string{`"field":"If-Match"`}},
			{Name: "If-Match: * edits whatever is there", Method: "PATCH", URL: person, Headers: map[string]string{"If-Match": `*`},
				Body: `{"name":"张三"}`, ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"ETag": `"4"`}},
			{Name: "no version: the current record, as before", Method: "PATCH", URL: person, Body: `{"phone":"13900000003"}`,
				ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"ETag": `"5"`}},

			{Name: "employer: version 1", Method: "GET", URL: employer, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"ETag": `"1"`}},
			{Name: "employer: an edit of version 1", Method: "PATCH", URL: employer, Headers: map[string]string{"If-Match": `"1"`},
				Body: `{"contact":"魏主任"}`, ExpectedStatus: http.StatusOK, ExpectedHeaders: map[string]string{"ETag": `"2"`}},
			{Name: "employer: another edit of version 1", Method: "PATCH", URL: employer, Headers: map[string]string{"If-Match": `"1"`},
				Body: `{"contact":"马会计"}`, ExpectedStatus: http.StatusConflict, ExpectedContent: []string{"已被他人修改"}},
			{Name: "employer: the same in the body", Method: "PATCH", URL: employer, Body: `{"contact":"马会计","version":1}`,
				ExpectedStatus: http.StatusConflict},
			{Name: "employer: no version", Method: "PATCH", URL: employer, Body: `{"address":"良田镇"}`, ExpectedStatus: http.StatusOK,
				ExpectedHeaders: map[string]string{"ETag": `"3"`}},
		})
		if e, err := db.FindEmployer(admin, emp); err != nil || e.Contact != "魏主任" {
			t.Errorf("employer after the refused edit: %+v %v", e, err)
		}
	})
}
