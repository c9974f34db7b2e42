package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestLaborPage (on the real clock: the session cookie's lifetime is
// counted from it): 东门社区's assistant registers 马德福 (♂ 1990-01-01, of
// working age until 2050) as 转移就业 without a destination — refused in Chinese, the
// form kept — then with 浙江省宁波市 (the page confirms it, the line lists
// him masked); without the CSRF token nothing happens; a collection clerk
// sees the list without the form; the land bureau may not open the page.
func TestLaborPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		id := validID(t, "64010619900101021")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "马德福", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*shebao.User{
			{Name: "dm1", Role: "village", Region: "640106001001"},
			{Name: "collect1", Role: "clerk", Line: "collection", Region: "640106000000"},
			{Name: "land1", Role: "land", Region: "640106000000"},
		} {
			if err := db.CreateUser(admin, u, uiPassword); err != nil {
				t.Fatal(err)
			}
		}
		srv := overpaymentsServer(t, db)
		newBrowser := func() *browser {
			jar, _ := cookiejar.New(nil)
			return &browser{t: t, base: srv.URL, client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		}
		b := newBrowser()
		csrf := b.login("dm1")
		expect(t, "empty", b.get("/labor"), http.StatusOK, "劳动力资源台账", "共 <strong>0</strong> 人", `id="labor-form"`)
		form := url.Values{"csrf": {csrf}, "id_no": {id}, "status": {"转移就业"}, "skills": {"电焊"}}
		r := b.post("/labor", form)
		expect(t, "no destination", r, http.StatusBadRequest, "转移就业须填写转移地点", `value="电焊"`)
		form.Set("destination", "浙江省宁波市")
		form.Set("csrf", "")
		expect(t, "no CSRF", b.post("/labor", form), http.StatusForbidden, "CSRF")
		form.Set("csrf", csrf)
		r = b.post("/labor", form)
		if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/labor?done=") {
			t.Fatalf("register: %d %s\n%.1000s", r.status, r.header.Get("Location"), r.body)
		}
		r = b.get(r.header.Get("Location"))
		expect(t, "registered", r, http.StatusOK, "马德福 6401**********", "已登记", "现就业状态转移就业(登记)", "共 <strong>1</strong> 人", "<td>浙江省宁波市</td>")
		if strings.Contains(r.body, id) {
			t.Errorf("the full ID number is in the page")
		}
		c := newBrowser()
		c.login("collect1")
		r = c.get("/labor?status=" + url.QueryEscape("转移就业"))
		expect(t, "collection clerk", r, http.StatusOK, "共 <strong>1</strong> 人")
		if strings.Contains(r.body, `id="labor-form"`) {
			t.Errorf("a collection clerk is offered the form")
		}
		l := newBrowser()
		l.login("land1")
		expect(t, "land bureau", l.get("/labor"), http.StatusForbidden, "无权查看劳动力资源台账")
	})
}
