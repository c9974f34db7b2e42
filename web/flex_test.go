package web

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// Flexible-employment bases through the API: 201 when new, 200 the same
// again, 400 out of the limits or overlapping, 404 for an unknown person,
// 403 for a benefits clerk.
func TestFlexBaseAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := validID(t, "64010619700101021")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "马德福", Hukou: "非农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "zs1", Role: "clerk/collection", Region: "640106000000"})}).Handler()
		benefits := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dy", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		body := `{"id_no":"` + id + `","from":"2025-01","to":"2025-06","base":"6000.00"}`
		runScenarios(t, clerk, []scenario{
			{Name: "registered", Method: "POST", URL: "/api/v1/contributions/flex", Body: body, ExpectedStatus: 201,
				ExpectedContent: []string{`"created":true`, `"base":"6000.00"`}},
			{Name: "again", Method: "POST", URL: "/api/v1/contributions/flex", Body: body, ExpectedStatus: 200,
				ExpectedContent: []string{`"created":false`}},
			{Name: "overlap", Method: "POST", URL: "/api/v1/contributions/flex", Body: `{"id_no":"` + id + `","from":"2025-03","base":"7000.00"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"重叠"}},
			{Name: "above ceiling", Method: "POST", URL: "/api/v1/contributions/flex", Body: `{"id_no":"` + id + `","from":"2025-07","base":"30000.00"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"缴费基数"}},
			{Name: "unknown person", Method: "POST", URL: "/api/v1/contributions/flex", Body: `{"id_no":"` + validID(t, "64010619800101031") + `","from":"2025-01","base":"6000.00"}`,
				ExpectedStatus: 404},
		})
		runScenarios(t, benefits, []scenario{
			{Name: "benefits clerk", Method: "POST", URL: "/api/v1/contributions/flex", Body: body, ExpectedStatus: 403},
		})
	})
}
