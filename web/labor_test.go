package web

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The labour register through the API on 2026-12-06: a village assistant
// registers 马德福 (♂ 1980-01-01, 46) as 转移就业 to 浙江省宁波市 — 201, the
// same again 200, a change 200 — and reads his line with the number
// masked; a missing destination, an unknown status and a person of 1960
// (♂, retired 2020-01 at 60) are 400 naming the field; the citizen 马德福
// reads his own line (200, number in full) but not the list (403), and
// changes his own training and work wishes (the status stays) but not
// another's (404) nor a status (403); a
// collection clerk may not register (403).
func TestLaborAPI(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := validID(t, "64010619800101021")
		old := validID(t, "64010619600101031")
		for _, p := range []struct{ id, name string }{{id, "马德福"}, {old, "马德寿"}} {
			if err := db.CreatePerson(admin, &shebao.Person{IDNo: p.id, Name: p.name, Hukou: "农业", Region: "640106001001"}); err != nil {
				t.Fatal(err)
			}
		}
		as := func(a shebao.Actor) *Server { return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}) }
		village := as(shebao.Actor{Name: "dm1", Role: "village", Region: "640106001001"}).Handler()
		citizen := as(shebao.Actor{Name: "mdf", Role: "citizen", Region: "640106001001", IDNo: id}).Handler()
		collector := as(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"}).Handler()
		body := `{"id_no":"` + id + `","status":"转移就业","destination":"浙江省宁波市","skills":"电焊"}`
		runScenarios(t, village, []scenario{
			{Name: "registered", Method: "POST", URL: "/api/v1/labor", Body: body, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"转移就业"`, `"source":"登记"`, `"destination":"浙江省宁波市"`, `"id_no":"6401**********021`}},
			{Name: "again", Method: "POST", URL: "/api/v1/labor", Body: body, ExpectedStatus: 200, ExpectedContent: []string{`"version":1`}},
			{Name: "changed", Method: "POST", URL: "/api/v1/labor", Body: `{"id_no":"` + id + `","status":"务农"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"status":"务农"`, `"version":2`}},
			{Name: "no destination", Method: "POST", URL: "/api/v1/labor", Body: `{"id_no":"` + id + `","status":"转移就业"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"转移地点"`}},
			{Name: "unknown status", Method: "POST", URL: "/api/v1/labor", Body: `{"id_no":"` + id + `","status":"打工"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"就业状态"`}},
			{Name: "retired", Method: "POST", URL: "/api/v1/labor", Body: `{"id_no":"` + old + `","status":"务农"}`, ExpectedStatus: 400,
				ExpectedContent: []string{`"field":"身份证号"`, "已于2020-01达到法定退休年龄"}},
			{Name: "line", Method: "GET", URL: "/api/v1/labor/" + id, ExpectedStatus: 200, ExpectedContent: []string{`"status":"务农"`, `"age":46`}},
			{Name: "list", Method: "GET", URL: "/api/v1/labor?status=务农", ExpectedStatus: 200, ExpectedContent: []string{`"total":1`}},
		})
		runScenarios(t, citizen, []scenario{
			{Name: "own line", Method: "GET", URL: "/api/v1/labor/" + id, ExpectedStatus: 200, ExpectedContent: []string{`"id_no":"` + id + `"`}},
			{Name: "another's", Method: "GET", URL: "/api/v1/labor/" + old, ExpectedStatus: 404},
			{Name: "list", Method: "GET", URL: "/api/v1/labor", ExpectedStatus: 403},
			{Name: "own wishes", Method: "PUT", URL: "/api/v1/labor/" + id + "/wishes", Body: `{"training_wish":"电工","work_wish":"本地务工"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"training_wish":"电工"`, `"work_wish":"本地务工"`, `"status":"务农"`, `"version":3`}},
			{Name: "another's wishes", Method: "PUT", URL: "/api/v1/labor/" + old + "/wishes", Body: `{"training_wish":"电工"}`, ExpectedStatus: 404},
			{Name: "register a status", Method: "POST", URL: "/api/v1/labor", Body: `{"id_no":"` + id + `","status":"就业"}`, ExpectedStatus: 403},
		})
		runScenarios(t, collector, []scenario{
			{Name: "collection clerk", Method: "POST", URL: "/api/v1/labor", Body: body, ExpectedStatus: 403},
		})
	})
}
