package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestAssistUI: the 低保 quote page on both engines, with the household of
// policy.TestQuoteDibao worked by hand (魏家桥村, rural standard 520.00):
// the man's 800.00 wages, his 300.00 优待抚恤金 (a second row of the same
// person is refused; here the wife's row carries nothing), the son of 9:
// base 520.00 × 3 − 800.00 = 760.00, 未成年人 52.00, monthly 812.00. The
// form is posted, so no ID number appears in a URL; a bad row is a 400
// page that names the member; without the CSRF token the post is refused.
func TestAssistUI(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			man, wife, son := validID(t, "64010619800315011"), validID(t, "64010619820720022"), validID(t, "64010620150901031")
			b := f.browser(t)
			csrf := b.login("village1")
			expect(t, "nav", b.get("/"), 200, `href="/assistance/quote"`, "低保试算")
			expect(t, "form", b.get("/assistance/quote"), 200, `action="/assistance/quote"`, `name="id8"`, "优待抚恤金(计入0%)", "重病患者")
			form := url.Values{"csrf": {csrf}, "region": {"640106100201"}, "date": {"2025-06-01"},
				"id1": {man}, "income1": {"800"}, "kind1": {"工资性收入"},
				"id2": {wife}, "income2": {"0"}, "id3": {son}, "income3": {""}}
			r := b.post("/assistance/quote", form)
			expect(t, "quote", r, 200, `id="monthly"><strong>812.00</strong>`, `id="base">760.00`, `id="per-capita">266.67`,
				"符合低保收入条件", "520.00 × 3 − 800.00 = 760.00元", "未成年人 10% × 520.00 = 52.00元")
			form.Set("cat2", "重病患者") // 20% × 520.00 = 104.00 more: 916.00
			expect(t, "with a category", b.post("/assistance/quote", form), 200, `id="monthly"><strong>916.00</strong>`)
			form.Set("id2", "640106198207200220")
			expect(t, "bad id", b.post("/assistance/quote", form), http.StatusBadRequest, "第2位成员的身份证号", `value="640106198207200220"`)
			// The registry check for a registered villager (nothing typed).
			expect(t, "registry", b.post("/assistance/quote", url.Values{"csrf": {csrf}, "region": {"640106100201"}, "date": {"2025-06-01"},
				"registry": {"1"}, "id1": {f.weijiaqiao.IDNo}}), 200, "登记库核对", "成员1 "+f.weijiaqiao.Name+":")
			form.Del("csrf")
			if r := b.post("/assistance/quote", form); r.status != http.StatusForbidden || strings.Contains(r.body, "812.00") {
				t.Errorf("without CSRF: %d", r.status)
			}
			// A citizen may use it too.
			c := f.browser(t)
			csrf = c.login("citizen1")
			expect(t, "citizen", c.post("/assistance/quote", url.Values{"csrf": {csrf}, "region": {"640106100201"}, "date": {"2025-06-01"},
				"id1": {man}, "income1": {"100"}}), 200, `id="monthly"><strong>420.00</strong>`) // 520.00 − 100.00
		})
	}
}
