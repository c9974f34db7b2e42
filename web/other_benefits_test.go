package web

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/policy"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The other determinations through the API: a maternity allowance, the
// employer's 2023 average 6000.00 (one employee, 12 months): 6000 ÷ 30 × 98
// = 19600.00; preview 200, submission 201 waiting for approval; a town
// clerk may not determine.
func TestOtherBenefitDeterminations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := validID(t, "64010619580312021")
		w := validID(t, "64010619900505002")
		emp := validUSCC(t, "91640106MA0000009")
		for _, p := range []*shebao.Person{
			{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"},
			{IDNo: w, Name: "杨梅", Hukou: "农业", Region: "640106001001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateEmployer(admin, &shebao.Employer{USCC: emp, Name: "魏家桥农机合作社", RiskClass: 2, Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		for id, from := range map[string]string{a: "2023-01-01", w: "2024-01-01"} {
			if _, err := app.New(db).Enroll.Hire(admin, id, emp, from, nil); err != nil {
				t.Fatal(err)
			}
		}
		var ds []shebao.Declaration
		for m := 1; m <= 12; m++ {
			ds = append(ds, shebao.Declaration{Employer: emp, Period: shebao.Period(shebao.PeriodOf(2023, m)), IDNo: a, Wage: shebao.Yuan(6000)})
		}
		if _, errs, err := app.New(db).Collect.ImportDeclarations(admin, "d", ds); err != nil || errs[0] != nil {
			t.Fatal(err, errs)
		}
		// The injury's own wage is the 410 base assessed (issue #14): 2023
		// assessed at an average wage of 8000.00 put in force for it.
		assess2023(t, db)
		clerk := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "dy", Role: "clerk/benefits", Region: "640106000000"})}).Handler()
		town := NewServer(app.New(db), Options{Authenticate: actorAuth(shebao.Actor{Name: "zhen", Role: "town", Region: "640106001000"})}).Handler()
		body := `{"id_no":"` + w + `","employer":"` + emp + `","birth_date":"2024-05-20","month":"2024-06"`
		runScenarios(t, clerk, []scenario{
			{Name: "maternity preview", Method: "POST", URL: "/api/v1/benefits/maternity", Body: body + `,"preview":true}`, ExpectedStatus: 200,
				ExpectedContent: []string{`"amount":"19600.00"`, "生育津贴 = 6000.00 ÷ 30 × 98天 = 19600.00元", `"preview":true`}},
			{Name: "maternity submit", Method: "POST", URL: "/api/v1/benefits/maternity", Body: body + `}`, ExpectedStatus: 201,
				ExpectedContent: []string{`"status":"待复核"`}},
			{Name: "maternity again", Method: "POST", URL: "/api/v1/benefits/maternity", Body: body + `}`, ExpectedStatus: 409},
			{Name: "injury", Method: "POST", URL: "/api/v1/benefits/injury", Body: `{"id_no":"` + a + `","grade":8,"injury_date":"2024-01-20","preview":true}`,
				ExpectedStatus: 200, ExpectedContent: []string{`"amount":"66000.00"`}},
			{Name: "unemployment while paying", Method: "POST", URL: "/api/v1/benefits/unemployment", Body: `{"id_no":"` + a + `","from":"2024-05"}`,
				ExpectedStatus: 409},
			{Name: "unknown field", Method: "POST", URL: "/api/v1/benefits/injury", Body: `{"id_no":"` + a + `","grades":8}`, ExpectedStatus: 400},
		})
		runScenarios(t, town, []scenario{
			{Name: "town may not determine", Method: "POST", URL: "/api/v1/benefits/injury", Body: `{"id_no":"` + a + `","grade":8,"injury_date":"2024-01-20"}`,
				ExpectedStatus: 403},
		})
	})
}

// assess2023 puts an average wage of 8000.00 in force for 2023 (the
// shipped example value starts in 2024) and assesses its months.
func assess2023(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if _, err := db.LoadPolicy(admin, "wage2023.toml", "", []policy.Param{{Key: "wage.avg_monthly", From: "2023-01-01", To: "2024-01-01",
		Value: "8000.00", Source: "示例值:测试用2023年社平工资", Example: true}}); err != nil {
		t.Fatal(err)
	}
	for m := 1; m <= 12; m++ {
		if _, err := app.New(db).Collect.Assess(admin, shebao.Period(shebao.PeriodOf(2023, m))); err != nil {
			t.Fatal(err)
		}
	}
}
