package web

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 职业培训 through the API (issue #19 item 3): on 2026-12-06 an employment
// clerk opens a 电工 course (2026-12-01 to 2026-12-20, 120 hours, 3
// places, subsidy to the provider) and enrols 3 persons (a fourth is
// 409: the places are taken); on 2026-12-21 two complete with 初级 and
// 中级 certificates, one does not; the subsidy submitted is 1000.00 +
// 1500.00 = 2500.00 (labor.training.subsidy.primary and .intermediate),
// waiting for a second clerk; a viewer sees masked numbers and may not
// open a course (403).
func TestTrainingAPI(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
		seedRegions(t, db)
		var ids []string
		for i, p := range []string{"64010619900201031", "64010619850501032", "64010620000901033", "64010619950101034"} {
			id := validID(t, p)
			ids = append(ids, id)
			if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: []string{"张一", "张二", "张三", "杨四"}[i], Hukou: "农业",
				Region: "640106001001"}); err != nil {
				t.Fatal(err)
			}
		}
		as := func(a shebao.Actor) *Server { return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}) }
		clerk := as(shebao.Actor{Name: "jy1", Role: "clerk/employment", Region: "640106000000"}).Handler()
		viewer := as(shebao.Actor{Name: "ld", Role: "viewer", Region: "640106000000"}).Handler()
		runScenarios(t, clerk, []scenario{
			{Name: "create course", Method: "POST", URL: "/api/v1/training/courses", Body: `{"name":"2026年第4期电工培训班","region":"640106001001",` +
				`"provider":"银川市职业技能培训中心","occupation":"电工","level":"初级","start":"2026-12-01","end":"2026-12-20","hours":120,"places":3,` +
				`"payee":"机构","bank_account":"6228480123456789012"}`, ExpectedStatus: 201, ExpectedContent: []string{`"places":3`}},
		})
		rec := httptest.NewRecorder()
		clerk.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/training/courses", nil))
		var courses struct{ Items []shebao.TrainingCourse }
		if err := json.Unmarshal(rec.Body.Bytes(), &courses); err != nil || len(courses.Items) != 1 {
			t.Fatalf("courses: %s %v", rec.Body, err)
		}
		u := "/api/v1/training/courses/" + courses.Items[0].ID
		var sc []scenario
		for _, id := range ids[:3] {
			sc = append(sc, scenario{Name: "enrol", Method: "POST", URL: u + "/enrolments", Body: `{"id_no":"` + id + `"}`, ExpectedStatus: 201})
		}
		sc = append(sc, scenario{Name: "full", Method: "POST", URL: u + "/enrolments", Body: `{"id_no":"` + ids[3] + `"}`, ExpectedStatus: 409,
			ExpectedContent: []string{"3个名额已满"}})
		runScenarios(t, clerk, sc)
		shebao.Now = func() time.Time { return time.Date(2026, 12, 21, 2, 0, 0, 0, time.UTC) }
		runScenarios(t, clerk, []scenario{
			{Name: "初级", Method: "POST", URL: u + "/outcomes", Body: `{"id_no":"` + ids[0] + `","attended":120,"completed":true,"certificate":"初级","cert_no":"S1"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"status":"结业"`}},
			{Name: "中级", Method: "POST", URL: u + "/outcomes", Body: `{"id_no":"` + ids[1] + `","attended":118,"completed":true,"certificate":"中级","cert_no":"S2"}`,
				ExpectedStatus: 200},
			{Name: "未结业", Method: "POST", URL: u + "/outcomes", Body: `{"id_no":"` + ids[2] + `","attended":40}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"未结业"`}},
			{Name: "subsidy", Method: "POST", URL: u + "/subsidy", Body: `{}`, ExpectedStatus: 201,
				ExpectedContent: []string{`"total":"2500.00"`, `"amount":"1000.00"`, `"amount":"1500.00"`, `"status":"待复核"`}},
			{Name: "again", Method: "POST", URL: u + "/subsidy", Body: `{}`, ExpectedStatus: 409},
		})
		runScenarios(t, viewer, []scenario{
			{Name: "viewer list", Method: "GET", URL: u + "/enrolments", ExpectedStatus: 200, ExpectedContent: []string{`"id_no":"6401**********`}},
			{Name: "viewer course", Method: "POST", URL: "/api/v1/training/courses", Body: `{}`, ExpectedStatus: 403},
		})
	})
}
