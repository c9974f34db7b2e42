package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A pensioner signs in as a citizen and finds on their own page what the
// agency knows of them: their pension's payments (the month's payroll,
// amount as the benefit's monthly amount with thousands separators), the
// contribution years, and the account statement; another person's
// statement is "not found" to them. A district clerk sees the same
// sections on the pensioner's page.
func TestCitizenOwnPage(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			svc := app.New(db)
			// A 110 pensioner of the demo with an individual account.
			bs, _, err := svc.Benefit.FindBenefits(admin, shebao.BenefitFilter{Scheme: "110", Status: shebao.BenefitActive, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var ben *shebao.Benefit
			for _, b := range bs {
				if bal, ok, err := svc.Ledger.IndividualAccount(admin, b.IDNo, "110"); err == nil && ok && bal > 0 {
					ben = b
					break
				}
			}
			if ben == nil {
				t.Fatal("the demo has no 110 pensioner with an account")
			}
			clerk := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District})
			month := shebao.Today().Format("2006-01")
			if _, err := svc.Benefit.RunPayroll(clerk, month, shebao.PayrollOptions{}); err != nil {
				t.Fatal(err)
			}
			balance, _, err := svc.Ledger.IndividualAccount(admin, ben.IDNo, "110")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "pensioner", Role: "citizen", IDNo: ben.IDNo}, uiPassword); err != nil {
				t.Fatal(err)
			}
			years, err := svc.Collect.ContributionYears(admin, ben.IDNo)
			if err != nil {
				t.Fatal(err)
			}

			c := f.browser(t)
			c.login("pensioner")
			own := personLinkRE.FindStringSubmatch(c.get("/").body)
			if own == nil {
				t.Fatal("the citizen's home has no link to their own page")
			}
			r := c.get("/persons/" + own[1])
			expect(t, "own page", r, 200, `id="payments"`, "<td>"+month+"</td>", `<td class="num">`+yuan(ben.Monthly)+`</td>`,
				`id="years"`, `id="statement-link"`, yuan(balance))
			if strings.Contains(r.body, "人员查询") {
				t.Error("a citizen's navigation offers the person search")
			}
			if got := strings.Count(section(r.body, `id="years"`), "<tr><td>"); got != len(years) {
				t.Errorf("contribution years: %d rows, want %d", got, len(years))
			}
			st := c.get("/persons/" + own[1] + "/statement")
			expect(t, "own statement", st, 200, "个人账户对账单", "本年末结余", "<strong>"+yuan(balance)+"</strong>",
				month+"月养老金发放:个人账户养老金部分从个人账户支付")
			expect(t, "bad year", c.get("/persons/"+own[1]+"/statement?year=20x6"), http.StatusBadRequest, "年度“20x6”无效")
			expect(t, "another's statement", c.get("/persons/"+f.yingnan.IDNo+"/statement"), http.StatusNotFound)

			b := f.browser(t)
			b.login("clerk1")
			var page string
			for _, m := range personLinkRE.FindAllStringSubmatch(b.get("/persons?id_no="+ben.IDNo).body, -1) {
				page = b.get("/persons/" + m[1]).body
			}
			for _, want := range []string{`id="payments"`, `id="years"`, `id="statement-link"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the clerk's page of the pensioner lacks %s", want)
				}
			}
		})
	}
}

// section is the HTML from the element with the attribute to the end of
// its table.
func section(body, attr string) string {
	i := strings.Index(body, attr)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "</table>"); j >= 0 {
		return rest[:j]
	}
	return rest
}
