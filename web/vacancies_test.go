package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// 职业介绍 through the API with tokens (issue #19 items 4 and 7), on
// 2026-12-06. 张三 (1980, 魏家桥村) is registered unemployed with the skill
// 电焊; 张伟 (1990, 盈南村 of another town) farms, skills 电焊、气割, work
// wish 焊工 (not the occupation 电焊工). An employment clerk posts
// 良田建材's 电焊工 vacancy (2 places, 电焊、气割, at 魏家桥村,
// 4000.00–6000.00): the matching ranks 张伟 (2/2 skills, same district, a
// work wish) before 张三 (1/2, same village, registered): skills first. 张三
// referred and 录用 → 5 enrollments (五险) through 良田建材. The token of
// 魏家桥农机合作社 (role employer) posts its own vacancy (201), not one of
// 良田建材 (400); 良田建材's vacancy, its referrals and its changes are 404
// to it; on its own vacancy it reads the referral of 张伟 by name and
// masked number, and may not see the matching (403). The employment
// clerk (who may reveal) sees masked numbers too.
func TestVacanciesAPI(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
		f := newAuthFixture(t, db)
		e := app.New(db).Employ
		for _, x := range []shebao.LaborEntry{
			{IDNo: f.own, Status: "务农", Skills: "电焊"},
			{IDNo: f.yingnan, Status: "务农", Skills: "电焊、气割", WorkWish: "焊工"},
		} {
			if _, _, err := e.Register(admin, x); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.RegisterUnemployed(admin, f.own, "2026-11-01", ""); err != nil {
			t.Fatal(err)
		}
		clerk, emp := bearer(f.byKey["clerk/employment"]), bearer(f.byKey["employer"])
		post := func(h map[string]string, body string) string {
			rec := scenario{Name: "post vacancy", Method: "POST", URL: "/api/v1/vacancies", Body: body, Headers: h, ExpectedStatus: 201}.test(t, f.h)
			var v shebao.Vacancy
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			return v.ID
		}
		theirs := post(clerk, `{"employer":"`+f.empYingnan+`","occupation":"电焊工","places":2,"skills":"电焊、气割","region":"`+weijiaqiao+
			`","wage_min":"4000.00","wage_max":"6000.00","open_from":"2026-12-01","open_until":"2026-12-31"}`)
		mine := post(emp, `{"occupation":"农机手","places":1,"region":"`+weijiaqiao+
			`","wage_min":"3500","wage_max":"4500","open_from":"2026-12-01","open_until":"2026-12-31"}`)
		u := "/api/v1/vacancies/" + theirs
		rec := scenario{Name: "matches", Method: "GET", URL: u + "/matches", Headers: clerk, ExpectedStatus: 200}.test(t, f.h)
		var m matchesOutput
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		want := []struct{ id, reasons string }{
			{f.yingnan, "技能符合2/2项(电焊、气割);同县区;有就业意愿"},
			{f.own, "技能符合1/2项(电焊);同村(社区);已办理失业登记"},
		}
		if len(m.Items) != 2 {
			t.Fatalf("matches %s", rec.Body)
		}
		for i, w := range want {
			if m.Items[i].IDNo != idno.MaskID(w.id) || m.Items[i].Reasons != w.reasons {
				t.Errorf("match %d: %+v, want %s %s", i+1, m.Items[i], w.id, w.reasons)
			}
		}
		rec = scenario{Name: "refer", Method: "POST", URL: "/api/v1/referrals", Headers: clerk, Body: `{"vacancy_id":"` + theirs + `","id_no":"` + f.own + `"}`,
			ExpectedStatus: 201}.test(t, f.h)
		var r shebao.Referral
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		scenario{Name: "refer to mine", Method: "POST", URL: "/api/v1/referrals", Headers: clerk,
			Body: `{"vacancy_id":"` + mine + `","id_no":"` + f.yingnan + `"}`, ExpectedStatus: 201}.test(t, f.h)
		runScenarios(t, f.h, []scenario{
			{Name: "录用", Method: "POST", URL: "/api/v1/referrals/" + r.ID + "/outcome", Headers: clerk, Body: `{"outcome":"录用","date":"2026-12-06"}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"outcome":"录用"`, `"enrollments":5`}},
			{Name: "again", Method: "POST", URL: "/api/v1/referrals/" + r.ID + "/outcome", Headers: clerk, Body: `{"outcome":"未录用"}`,
				ExpectedStatus: 409},
			{Name: "employer: another's vacancy", Method: "GET", URL: u, Headers: emp, ExpectedStatus: 404, NotExpectedContent: []string{"电焊工"}},
			{Name: "employer: change another's", Method: "PATCH", URL: u, Headers: emp, Body: `{"places":9}`, ExpectedStatus: 404},
			{Name: "employer: close another's", Method: "POST", URL: u + "/close", Headers: emp, Body: `{}`, ExpectedStatus: 404},
			{Name: "employer: another's referrals", Method: "GET", URL: u + "/referrals", Headers: emp, ExpectedStatus: 404,
				NotExpectedContent: []string{"张三"}},
			{Name: "employer: post for another", Method: "POST", URL: "/api/v1/vacancies", Headers: emp, Body: `{"employer":"` + f.empYingnan +
				`","occupation":"电焊工","places":1,"region":"` + weijiaqiao + `","wage_min":"1","wage_max":"2","open_from":"2026-12-01","open_until":"2026-12-31"}`,
				ExpectedStatus: 400},
			{Name: "employer: own list", Method: "GET", URL: "/api/v1/vacancies", Headers: emp, ExpectedStatus: 200, ExpectedItems: items(1),
				ExpectedContent: []string{mine}},
			{Name: "employer: own referrals", Method: "GET", URL: "/api/v1/vacancies/" + mine + "/referrals", Headers: emp, ExpectedStatus: 200,
				ExpectedItems: items(1), ExpectedContent: []string{`"name":"张伟"`, `"id_no":"` + idno.MaskID(f.yingnan) + `"`},
				NotExpectedContent: []string{f.yingnan, yingnan}},
			{Name: "employer: no matching", Method: "GET", URL: "/api/v1/vacancies/" + mine + "/matches", Headers: emp, ExpectedStatus: 403},
			{Name: "employer: no referral", Method: "POST", URL: "/api/v1/referrals", Headers: emp,
				Body: `{"vacancy_id":"` + mine + `","id_no":"` + f.own + `"}`, ExpectedStatus: 403},
			{Name: "employer: own change", Method: "PATCH", URL: "/api/v1/vacancies/" + mine, Headers: emp, Body: `{"places":2}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"places":2`}},
			{Name: "employer: close own", Method: "POST", URL: "/api/v1/vacancies/" + mine + "/close", Headers: emp, Body: `{}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"status":"已关闭"`}},
		})
	})
}

// TestVacancyPostRetried: posting a vacancy is idempotent (issue #19,
// placement). The token of 魏家桥农机合作社 posts its 农机手 vacancy with its
// own 岗位编号 NJ-2026-01 (201); the same request again — a retry after a
// lost answer — answers 200 with the same vacancy, and the employer still
// has one vacancy; the number with other content (2 places) is refused
// (409) and writes nothing. Without a number, the same 仓管员 post twice
// answers the one open vacancy (201, then 200 with its id); a post that
// differs (another closing day) is a new vacancy: 3 in all.
func TestVacancyPostRetried(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
		f := newAuthFixture(t, db)
		emp := bearer(f.byKey["employer"])
		post := func(name, body string, status int) string {
			t.Helper()
			rec := scenario{Name: name, Method: "POST", URL: "/api/v1/vacancies", Body: body, Headers: emp, ExpectedStatus: status}.test(t, f.h)
			var v shebao.Vacancy
			if status < 300 {
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Fatal(err)
				}
			}
			return v.ID
		}
		coded := `{"code":"NJ-2026-01","occupation":"农机手","places":1,"region":"` + weijiaqiao +
			`","wage_min":"3500","wage_max":"4500","open_from":"2026-12-01","open_until":"2026-12-31"}`
		first := post("post", coded, 201)
		if again := post("post again", coded, 200); again != first {
			t.Errorf("the retried post answered %s, want %s", again, first)
		}
		post("the number, other content", strings.Replace(coded, `"places":1`, `"places":2`, 1), 409)
		plain := `{"occupation":"仓管员","places":1,"region":"` + weijiaqiao +
			`","wage_min":"3000","wage_max":"3600","open_from":"2026-12-01","open_until":"2026-12-31"}`
		second := post("post without a number", plain, 201)
		if again := post("again without a number", plain, 200); again != second {
			t.Errorf("the retried post without a number answered %s, want %s", again, second)
		}
		post("another post", strings.Replace(plain, "2026-12-31", "2027-01-31", 1), 201)
		scenario{Name: "list", Method: "GET", URL: "/api/v1/vacancies", Headers: emp, ExpectedStatus: 200, ExpectedItems: items(3),
			ExpectedContent: []string{`"code":"NJ-2026-01"`}}.test(t, f.h)
	})
}

// TestLaborReturnAPI: the return (返乡) through the API (issue #19, labour
// export), on 2026-12-06. 张伟 (盈南村) is exported through 良田建材 to
// 浙江省宁波市 from 2026-06-01; the employment clerk records his return on
// 2026-11-30 (合同期满, 务农): 200 with the day, the reason and 务农 on the
// register, his number masked; a second return is 409, a return without a
// reason 400; the employer's token may not (403).
func TestLaborReturnAPI(t *testing.T) {
	prev := shebao.Now
	t.Cleanup(func() { shebao.Now = prev })
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		shebao.Now = func() time.Time { return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC) }
		f := newAuthFixture(t, db)
		clerk, emp := bearer(f.byKey["clerk/employment"]), bearer(f.byKey["employer"])
		rec := scenario{Name: "export", Method: "POST", URL: "/api/v1/labor/exports", Headers: clerk, ExpectedStatus: 201,
			Body: `{"id_no":"` + f.yingnan + `","company":"` + f.empYingnan + `","destination":"浙江省宁波市","dest_employer":"宁波电子厂","start":"2026-06-01"}`}.test(t, f.h)
		var x shebao.LaborExport
		if err := json.Unmarshal(rec.Body.Bytes(), &x); err != nil {
			t.Fatal(err)
		}
		u := "/api/v1/labor/exports/" + x.ID + "/return"
		runScenarios(t, f.h, []scenario{
			{Name: "employer", Method: "POST", URL: u, Headers: emp, Body: `{"date":"2026-11-30","reason":"合同期满"}`, ExpectedStatus: 403},
			{Name: "no reason", Method: "POST", URL: u, Headers: clerk, Body: `{"date":"2026-11-30"}`, ExpectedStatus: 400,
				ExpectedContent: []string{"须填写返乡原因"}},
			{Name: "return", Method: "POST", URL: u, Headers: clerk, Body: `{"date":"2026-11-30","reason":"合同期满"}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"returned_on":"2026-11-30"`, `"return_reason":"合同期满"`, `"return_status":"务农"`,
					`"id_no":"` + idno.MaskID(f.yingnan) + `"`}},
			{Name: "again", Method: "POST", URL: u, Headers: clerk, Body: `{"date":"2026-12-01","reason":"再次"}`, ExpectedStatus: 409},
			{Name: "listed", Method: "GET", URL: "/api/v1/labor/exports", Headers: clerk, ExpectedStatus: 200, ExpectedItems: items(1),
				ExpectedContent: []string{`"returned_on":"2026-11-30"`}},
		})
	})
}
