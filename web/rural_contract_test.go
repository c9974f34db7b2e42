package web

import (
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestHireRuralContract: 增员 through the API with "rural_contract": true
// marks the employment (issue #14 item 19): the 2025-01 line of 210 for a
// declared 6000.00 has the employer's 6000 × 0.7% = 42.00 and no
// individual part (失业保险条例 第六条, the shipped switch on), where an
// ordinary hire pays 6000 × 0.3% = 18.00.
func TestHireRuralContract(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := app.New(db)
		h := NewServer(a, Options{Authenticate: asAdmin}).Handler()
		rural := validID(t, "64010619580312021")
		urban := validID(t, "64010619660730033")
		emp := validUSCC(t, "91640106MA0000009")
		for _, p := range []*shebao.Person{
			{IDNo: rural, Name: "马德福", Hukou: "农业", Region: "640106001001"},
			{IDNo: urban, Name: "杨桂兰", Hukou: "非农业", Region: "640106001001"},
		} {
			if err := db.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateEmployer(admin, &shebao.Employer{USCC: emp, Name: "魏家桥建筑劳务公司", RiskClass: 2, Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		for _, sc := range []scenario{
			{Name: "hire rural", Method: "POST", URL: "/api/v1/enrollments/hire",
				Body:           `{"id_no":"` + rural + `","employer":"` + emp + `","date":"2024-01-01","schemes":["210"],"rural_contract":true}`,
				ExpectedStatus: 201, ExpectedItems: items(1)},
			{Name: "hire urban", Method: "POST", URL: "/api/v1/enrollments/hire",
				Body:           `{"id_no":"` + urban + `","employer":"` + emp + `","date":"2024-01-01","schemes":["210"]}`,
				ExpectedStatus: 201, ExpectedItems: items(1)},
		} {
			sc.test(t, h)
		}
		if _, errs, err := a.Collect.ImportDeclarations(admin, "d", []shebao.Declaration{
			{Employer: emp, Period: "2025-01", IDNo: rural, Wage: shebao.Yuan(6000)},
			{Employer: emp, Period: "2025-01", IDNo: urban, Wage: shebao.Yuan(6000)}}); err != nil || errs[0] != nil || errs[1] != nil {
			t.Fatal(err, errs)
		}
		if _, err := a.Collect.Assess(admin, "2025-01"); err != nil {
			t.Fatal(err)
		}
		b, err := db.FindBill(admin, emp, "2025-01")
		if err != nil || len(b.Items) != 2 {
			t.Fatalf("bill %+v %v", b, err)
		}
		for _, l := range b.Items {
			want := shebao.Yuan(18)
			if l.IDNo == rural {
				want = 0
			}
			if l.IndivAmount != want || l.EmployerAmount != shebao.Yuan(42) {
				t.Errorf("%s: individual %s employer %s, want %s and 42.00", l.IDNo, l.IndivAmount, l.EmployerAmount, want)
			}
		}
	})
}
