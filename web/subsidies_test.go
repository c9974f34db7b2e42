package web

import (
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 社会保险补贴 through the API (issue #19 item 5), on 2026-12-06: 周海 ♂
// 1966-09-10, registered unemployed and certified 大龄 on 2026-10-01, in
// 灵活就业 at the base 4800.00 from 2026-12. An employment clerk applies for
// his flexible-worker subsidy: 2026-12 to 2027-02, 3 months (his
// retirement month is 2027-03, within 5 years: see
// sqldb.TestInsuranceSubsidy), at 66.6666% of what he pays
// (labor.insurance_subsidy.flex_share); an unknown kind is 400 naming the
// field; a second application while one waits is 409. A second clerk
// approves; the grant is listed (masked for a viewer); December's
// reimbursement finds his December bill not yet assessed and creates
// nothing.
func TestSubsidyAPI(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
		seedRegions(t, db)
		id := validID(t, "64010619660910031")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "周海", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		a := app.New(db)
		jy1 := shebao.Actor{Name: "jy1", Role: "clerk/employment", Region: "640106000000"}
		jy2 := shebao.Actor{Name: "jy2", Role: "clerk/employment", Region: "640106000000"}
		ctx := shebao.WithActor(admin, jy1)
		if _, err := a.Employ.RegisterUnemployed(ctx, id, "2026-10-01", "企业裁员"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Employ.CertifyHardship(ctx, shebao.HardshipRequest{IDNo: id, Reason: shebao.HardshipOlder, Date: "2026-10-01"}); err != nil {
			t.Fatal(err)
		}
		if err := a.Collect.RegisterFlexBase(admin, shebao.FlexBase{IDNo: id, From: "2026-12", Base: shebao.Yuan(4800)}); err != nil {
			t.Fatal(err)
		}
		as := func(a shebao.Actor) *Server { return NewServer(app.New(db), Options{Authenticate: actorAuth(a)}) }
		clerk := as(jy1).Handler()
		viewer := as(shebao.Actor{Name: "ld", Role: "viewer", Region: "640106000000"}).Handler()
		runScenarios(t, clerk, []scenario{
			{Name: "unknown kind", Method: "POST", URL: "/api/v1/posts/subsidies", Body: `{"id_no":"` + id + `","kind":"企业","bank_account":"6217000011112222333"}`,
				ExpectedStatus: 400, ExpectedContent: []string{"补贴类别", "补贴类别“企业”无效"}},
			{Name: "grant", Method: "POST", URL: "/api/v1/posts/subsidies", Body: `{"id_no":"` + id + `","kind":"灵活就业","bank_account":"6217000011112222333"}`,
				ExpectedStatus: 201, ExpectedContent: []string{`"start":"2026-12"`, `"end":"2027-02"`, `"months":3`, "66.6666%"}},
			{Name: "twice", Method: "POST", URL: "/api/v1/posts/subsidies", Body: `{"id_no":"` + id + `","kind":"灵活就业","bank_account":"6217000011112222333"}`,
				ExpectedStatus: 409, ExpectedContent: []string{"已有待复核的社会保险补贴申请"}},
		})
		aps, err := a.Approve.FindApprovals(shebao.WithActor(admin, jy2), shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 || aps[0].Kind != shebao.ApproveInsuranceSubsidy {
			t.Fatalf("approvals: %+v %v", aps, err)
		}
		if _, err := a.Approve.DecideApproval(shebao.WithActor(admin, jy2), aps[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		runScenarios(t, viewer, []scenario{
			{Name: "list masked", Method: "GET", URL: "/api/v1/posts/subsidies", ExpectedStatus: 200,
				ExpectedContent: []string{`"total":1`, "6401**********", `"kind":"灵活就业"`}, NotExpectedContent: []string{id}},
			{Name: "viewer reimburses", Method: "POST", URL: "/api/v1/posts/subsidies/reimburse", Body: `{"month":"2026-12"}`, ExpectedStatus: 403},
		})
		runScenarios(t, clerk, []scenario{
			{Name: "reimburse", Method: "POST", URL: "/api/v1/posts/subsidies/reimburse", Body: `{"month":"2026-12"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"created":0`, "2026-12:当月缴费尚未核定"}},
			{Name: "bad month", Method: "POST", URL: "/api/v1/posts/subsidies/reimburse", Body: `{"month":"2026-13"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"月份"}},
		})
	})
}
