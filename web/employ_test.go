package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 失业登记, 就业困难人员 and 公益性岗位 through the API on 2026-12-06: an
// employment clerk registers 马福 (♂ 1968-03-15) unemployed (201; again
// 400), certifies him 大龄 (58 ≥ 50: 201) and places him on a post from
// 2026-12 (201: 25 months to 2028-12, before his retirement in 2029-01;
// 岗位补贴 1500.00, 社会保险补贴 1113.60), waiting for a second clerk; the
// numbers are masked for a viewer, who may not create a post (403).
func TestEmployAPI(t *testing.T) {
	prev := shebao.Now
	shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := validID(t, "64010619680315031")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "马福", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		as := func(a shebao.Actor) *Server { return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}) }
		clerk := as(shebao.Actor{Name: "jy1", Role: "clerk/employment", Region: "640106000000"}).Handler()
		viewer := as(shebao.Actor{Name: "ld", Role: "viewer", Region: "640106000000"}).Handler()
		runScenarios(t, clerk, []scenario{
			{Name: "register", Method: "POST", URL: "/api/v1/labor/unemployed", Body: `{"id_no":"` + id + `","date":"2026-06-01","reason":"企业裁员"}`,
				ExpectedStatus: 201, ExpectedContent: []string{`"registered_on":"2026-06-01"`}},
			{Name: "again", Method: "POST", URL: "/api/v1/labor/unemployed", Body: `{"id_no":"` + id + `"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"已于2026-06-01登记失业"}},
			{Name: "certify", Method: "POST", URL: "/api/v1/labor/hardship", Body: `{"id_no":"` + id + `","reason":"大龄"}`, ExpectedStatus: 201,
				ExpectedContent: []string{`"basis":"男 2026-12-06时58周岁,男性年满50周岁"`}},
			{Name: "create post", Method: "POST", URL: "/api/v1/posts", Body: `{"name":"社区保洁员","region":"640106001001","unit":"满城北街街道办事处","funding":"就业补助资金","places":3,"bank_account":"6228480123456789012"}`,
				ExpectedStatus: 201, ExpectedContent: []string{`"places":3`}},
		})
		rec := httptest.NewRecorder()
		clerk.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/posts", nil))
		var posts struct{ Items []shebao.PublicPost }
		if err := json.Unmarshal(rec.Body.Bytes(), &posts); err != nil || len(posts.Items) != 1 {
			t.Fatalf("posts: %s %v", rec.Body, err)
		}
		runScenarios(t, clerk, []scenario{
			{Name: "place", Method: "POST", URL: "/api/v1/posts/" + posts.Items[0].ID + "/placements", Body: `{"id_no":"` + id + `","start":"2026-12"}`,
				ExpectedStatus: 201, ExpectedContent: []string{`"end":"2028-12"`, `"months":25`, `"post":"1500.00"`, `"insurance":"1113.60"`, `"status":"待复核"`}},
		})
		runScenarios(t, viewer, []scenario{
			{Name: "viewer list", Method: "GET", URL: "/api/v1/labor/hardship", ExpectedStatus: 200, ExpectedContent: []string{`"id_no":"6401**********`}},
			{Name: "viewer post", Method: "POST", URL: "/api/v1/posts", Body: `{}`, ExpectedStatus: 403},
		})
		if strings.Contains(rec.Body.String(), "error") {
			t.Errorf("posts list: %s", rec.Body)
		}
		// Approved, the placement is listed without the ID number — not
		// even inside its key.
		checker := shebao.WithActor(admin, shebao.Actor{Name: "jy2", Role: "clerk/employment", Region: "640106000000"})
		aps, err := app.New(db).Approve.FindApprovals(checker, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 {
			t.Fatalf("approvals: %+v %v", aps, err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		runScenarios(t, viewer, []scenario{
			{Name: "viewer placements", Method: "GET", URL: "/api/v1/posts/placements", ExpectedStatus: 200,
				ExpectedContent: []string{`"id_no":"6401**********`}, NotExpectedContent: []string{id}},
		})
	})
}
