package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

func TestEnrollments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		h := NewServer(app.New(db), Options{Authenticate: asAdmin}).Handler()
		a := validID(t, "64010619580312021")
		b := validID(t, "64010619660730033")
		emp := validUSCC(t, "91640106MA0000009")
		for _, p := range []*shebao.Person{
			{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"},
			{IDNo: b, Name: "杨桂兰", Hukou: "农业", Region: "640106001001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateEmployer(admin, &shebao.Employer{USCC: emp, Name: "魏家桥农机合作社", RiskClass: 2, Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		for _, sc := range []scenario{
			{Name: "schemes", Method: "GET", URL: "/api/v1/schemes", ExpectedStatus: 200, ExpectedContent: []string{"被征地农民基本生活保障", `"code":"910"`}},
			{Name: "enroll 170", Method: "POST", URL: "/api/v1/enrollments", Body: `{"id_no":"` + a + `","scheme":"新农保","date":"2010-01-01"}`,
				ExpectedStatus: 201, ExpectedContent: []string{`"scheme":"170"`, `"status":"参保缴费"`}},
			{Name: "110 conflicts with 170", Method: "POST", URL: "/api/v1/enrollments/hire", Body: `{"id_no":"` + a + `","employer":"` + emp + `","date":"2012-03-01"}`,
				ExpectedStatus: 409, ExpectedContent: []string{"城乡居民基本养老保险(170,参保缴费,自2010-01-01)"}},
			{Name: "employee scheme without employer", Method: "POST", URL: "/api/v1/enrollments", Body: `{"id_no":"` + b + `","scheme":"110","date":"2012-03-01"}`,
				ExpectedStatus: 400, ExpectedContent: []string{`"field":"单位"`}},
			{Name: "hire b", Method: "POST", URL: "/api/v1/enrollments/hire", Body: `{"id_no":"` + b + `","employer":"` + emp + `","date":"2012-03-01"}`,
				ExpectedStatus: 201, ExpectedItems: items(5)},
			{Name: "leave needs a reason", Method: "POST", URL: "/api/v1/enrollments/leave", Body: `{"id_no":"` + b + `","employer":"` + emp + `","date":"2015-06-30"}`,
				ExpectedStatus: 400},
			{Name: "leave b", Method: "POST", URL: "/api/v1/enrollments/leave", Body: `{"id_no":"` + b + `","employer":"` + emp + `","date":"2015-06-30","reason":"合同到期"}`,
				ExpectedStatus: 200, ExpectedItems: items(5), ExpectedContent: []string{`"status":"暂停缴费"`}},
			{Name: "list open 310", Method: "GET", URL: "/api/v1/enrollments?scheme=310&open=true", ExpectedStatus: 200, ExpectedItems: items(1)},
			{Name: "unknown scheme", Method: "GET", URL: "/api/v1/enrollments?scheme=999", ExpectedStatus: 400},
			{Name: "policy in force", Method: "GET", URL: "/api/v1/policy?region=640106001001&date=2025-06-01", ExpectedStatus: 200,
				ExpectedContent: []string{`"key":"rate.110.employer"`, `"value":"16%"`, "国办发〔2019〕13号"}},
			{Name: "policy bad date", Method: "GET", URL: "/api/v1/policy?date=2025-13-01", ExpectedStatus: 400},
		} {
			sc.test(t, h)
		}
		// A lifecycle change through the API, and the person view with it.
		ns, _, err := db.FindEnrollments(admin, shebao.EnrollmentFilter{IDNo: a})
		if err != nil || len(ns) != 1 {
			t.Fatalf("%v %v", ns, err)
		}
		for _, sc := range []scenario{
			{Name: "terminate without reason", Method: "POST", URL: "/api/v1/enrollments/" + ns[0].ID + "/changes",
				Body: `{"action":"terminate","date":"2020-01-01"}`, ExpectedStatus: 400},
			{Name: "start benefit", Method: "POST", URL: "/api/v1/enrollments/" + ns[0].ID + "/changes",
				Body: `{"action":"start_benefit","date":"2018-03-01","reason":"年满60周岁"}`, ExpectedStatus: 200, ExpectedContent: []string{`"status":"享受待遇"`}},
			{Name: "resume is not allowed from benefit", Method: "POST", URL: "/api/v1/enrollments/" + ns[0].ID + "/changes",
				Body: `{"action":"resume","date":"2019-01-01"}`, ExpectedStatus: 400, ExpectedContent: []string{"不能恢复缴费"}},
			{Name: "unknown enrollment", Method: "GET", URL: "/api/v1/enrollments/nope", ExpectedStatus: 404},
		} {
			sc.test(t, h)
		}
		rec := scenario{Method: "GET", URL: "/api/v1/persons/" + a}.do(h)
		var p shebao.Person
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if len(p.Enrollments) != 1 || len(p.Enrollments[0].History) != 2 {
			t.Errorf("person view: %+v", p.Enrollments)
		}
	})
}
