package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// overpaymentsServer serves the whole server, the 待遇追回 page included.
func overpaymentsServer(t *testing.T, db *sqldb.DB) *httptest.Server {
	srv := httptest.NewServer(NewServer(app.New(db), Options{}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// TestOverpaymentsPage: 马德福's land allowance (160.00/month) was paid for
// March 2026 and he died in February. A benefits clerk sees it on 待遇追回
// masked, with its total; a write-off without a reason is refused in
// Chinese; 申请核销 puts it in the 复核 queue; 追回 with the CSRF token makes
// it 已追回 (without the token nothing happens). A collection clerk sees the
// list without the buttons and may not recover; the land bureau may not
// open the page.
func TestOverpaymentsPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		seedRegions(t, db)
		a := validID(t, "64010619500101001")
		if err := db.CreatePerson(admin, &shebao.Person{IDNo: a, Name: "马德福", Hukou: "农业", Region: "640106001001"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: a, Kind: shebao.BenefitLandAllowance, StartMonth: "2026-03",
			Monthly: 16000, Source: "land:ui", Explanation: "基本生活保障金160.00元/月"}}); err != nil {
			t.Fatal(err)
		}
		checker := shebao.WithActor(admin, shebao.Actor{Name: "clerk2", Role: "clerk/benefits", Region: "640106000000"})
		res, err := app.New(db).Benefit.RunPayroll(admin, "2026-03", shebao.PayrollOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Approve.DecideApproval(checker, res.Release.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(db).Registry.MatchList(admin, shebao.ListDeath, []shebao.ListEntry{{Row: 2, IDNo: a, Name: "马德福", DeathDate: "2026-02-10"}}); err != nil {
			t.Fatal(err)
		}
		land, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: a})
		if err != nil || len(land) != 1 {
			t.Fatal(land, err)
		}
		for _, u := range []*shebao.User{
			{Name: "benefits1", Role: "clerk", Line: "benefits", Region: "640106000000"},
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
		form := func(csrf string, kv ...string) url.Values {
			f := url.Values{"csrf": {csrf}, "benefit_id": {land[0].ID}, "month": {"2026-03"},
				"receipt": {"ZH-UI-1"}, "date": {shebao.Today().Format(shebao.DateLayout)}, "amount": {"160.00"}}
			for i := 0; i+1 < len(kv); i += 2 {
				f.Set(kv[i], kv[i+1])
			}
			return f
		}

		b := newBrowser()
		csrf := b.login("benefits1")
		r := b.get("/overpayments?status=" + url.QueryEscape("待追回"))
		expect(t, "list", r, http.StatusOK, "待遇追回", "共 <strong>1</strong> 笔,合计 <strong>160.00</strong> 元", "910 被征地农民",
			"2026-03", "<td class=\"num\">160.00</td>", "待追回", "6401**********", `action="/overpayments/recover"`, "申请核销")
		if strings.Contains(r.body, a) {
			t.Errorf("the full ID number is in the page")
		}
		if m := personLinkRE.FindStringSubmatch(r.body); m == nil || !strings.HasPrefix(m[1], refPrefix) {
			t.Errorf("person link %v is not an opaque reference", m)
		}

		r = b.post("/overpayments/writeoff", form(csrf, "reason", " "))
		expect(t, "write-off without a reason", r, http.StatusBadRequest, "核销须说明无法追回的原因", "待遇追回")
		r = b.post("/overpayments/writeoff", form(csrf, "reason", "无遗产可供追偿"))
		if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "/overpayments?done=") {
			t.Fatalf("write-off: %d %s\n%.1000s", r.status, r.header.Get("Location"), r.body)
		}
		expect(t, "after the write-off", b.get(r.header.Get("Location")), http.StatusOK, "核销申请已提交", "待复核")
		aps, err := db.FindApprovals(admin, shebao.ApprovalPending, 10)
		if err != nil || len(aps) != 1 || aps[0].Kind != shebao.ApproveWriteOff || aps[0].Maker != "benefits1" {
			t.Fatalf("approvals %+v %v", aps, err)
		}

		r = b.post("/overpayments/recover", form(""))
		expect(t, "recover without CSRF", r, http.StatusForbidden, "CSRF")
		// The amount typed must be the whole overpayment's; the date may
		// not be after today.
		expect(t, "recover a wrong amount", b.post("/overpayments/recover", form(csrf, "amount", "150.00")), http.StatusBadRequest,
			"追回金额150.00元与应追回的160.00元不符")
		expect(t, "recover tomorrow", b.post("/overpayments/recover", form(csrf, "date", shebao.Today().AddDate(0, 0, 1).Format(shebao.DateLayout))),
			http.StatusBadRequest, "晚于今天")
		r = b.post("/overpayments/recover", form(csrf))
		if r.status != http.StatusSeeOther {
			t.Fatalf("recover: %d\n%.1000s", r.status, r.body)
		}
		r = b.get(r.header.Get("Location"))
		expect(t, "after recovery", r, http.StatusOK, "已登记追回", "160.00元", "回单ZH-UI-1", "<td>已追回")
		if strings.Contains(r.body, `action="/overpayments/recover"`) {
			t.Errorf("a recovered overpayment still offers 追回")
		}
		expect(t, "open ones", b.get("/overpayments?status="+url.QueryEscape("待追回")), http.StatusOK, "共 <strong>0</strong> 笔,合计 <strong>0.00</strong> 元")
		// The same voucher again changes nothing; another voucher for the
		// recovered overpayment is refused.
		r = b.post("/overpayments/recover", form(csrf))
		if loc, _ := url.QueryUnescape(r.header.Get("Location")); r.status != http.StatusSeeOther || !strings.Contains(loc, "此前已登记追回") {
			t.Errorf("the same voucher again: %d %s", r.status, loc)
		}
		r = b.post("/overpayments/recover", form(csrf, "receipt", "ZH-UI-2"))
		expect(t, "recover twice", r, http.StatusConflict, "alert error")

		c := newBrowser()
		csrf = c.login("collect1")
		r = c.get("/overpayments")
		expect(t, "collection clerk", r, http.StatusOK, "<strong>160.00</strong>", "已追回")
		if strings.Contains(r.body, "申请核销") {
			t.Errorf("a collection clerk is offered the write-off")
		}
		expect(t, "collection clerk recovers", c.post("/overpayments/recover", form(csrf)), http.StatusForbidden)

		l := newBrowser()
		l.login("land1")
		expect(t, "land bureau", l.get("/overpayments"), http.StatusForbidden, "无权查看待遇追回")
	})
}
