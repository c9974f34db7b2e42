package web

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/report"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// The home page's to-do list: a payroll run by one clerk waits for
// another's check — it is "待我复核 1" on the other clerk's home and
// "我经办、待他人复核 1" on the maker's; the arrears are the statistics'
// figure of the day, the village's for a village assistant; a citizen has
// no to-do list at all.
func TestHomeTodo(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 120)
			if err := db.CreateUser(admin, &shebao.User{Name: "clerk2", Display: "复核员", Role: "clerk", Region: demo.District}, uiPassword); err != nil {
				t.Fatal(err)
			}
			svc := app.New(db)
			clerk1 := shebao.WithActor(admin, shebao.Actor{Name: "clerk1", Role: "clerk", Region: demo.District})
			res, err := svc.Benefit.RunPayroll(clerk1, shebao.Today().Format("2006-01"), shebao.PayrollOptions{})
			if err != nil || res.Release == nil {
				t.Fatalf("payroll: %+v %v", res, err)
			}
			today := shebao.Today().Format(shebao.DateLayout)
			c, err := svc.Report.Contributions(clerk1, "", report.Span{From: today, To: today})
			if err != nil {
				t.Fatal(err)
			}

			maker := f.browser(t)
			maker.login("clerk1")
			home := maker.get("/")
			expect(t, "maker's home", home, 200, `id="todo"`, `id="todo-own"`, `id="todo-arrears"`, "<strong class=\"num\">"+yuan(c.Arrears)+"</strong>",
				`id="todo-overpayments"`, `id="todo-duplicates"`)
			if !strings.Contains(item(home.body, "todo-own"), `<strong class="num">1</strong>`) {
				t.Errorf("maker's own pending: %s", item(home.body, "todo-own"))
			}
			if !strings.Contains(item(home.body, "todo-approvals"), `<strong class="num">0</strong>`) {
				t.Errorf("maker's approvals to decide: %s", item(home.body, "todo-approvals"))
			}
			checker := f.browser(t)
			checker.login("clerk2")
			if got := item(checker.get("/").body, "todo-approvals"); !strings.Contains(got, `<strong class="num">1</strong>`) || !strings.Contains(got, `href="/approvals"`) {
				t.Errorf("checker's approvals to decide: %s", got)
			}
			village := f.browser(t)
			village.login("village1")
			// A village assistant's figures are the village's.
			vc, err := svc.Report.Contributions(shebao.WithActor(admin, shebao.Actor{Name: "village1", Role: "village", Region: "640106100201"}),
				"", report.Span{From: today, To: today})
			if err != nil {
				t.Fatal(err)
			}
			if got := item(village.get("/").body, "todo-arrears"); !strings.Contains(got, `<strong class="num">`+yuan(vc.Arrears)+`</strong>`) {
				t.Errorf("village's arrears: %s, want %s", got, yuan(vc.Arrears))
			}
			citizen := f.browser(t)
			citizen.login("citizen1")
			if body := citizen.get("/").body; strings.Contains(body, `id="todo"`) {
				t.Error("a citizen's home has a to-do list")
			}
		})
	}
}

// item is the <li> (or list) with the id in the page.
func item(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</li>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
