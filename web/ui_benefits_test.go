package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// A pension determined in the browser: 赵志强, born 1964-08 (retires
// 2024-08 at 60), twenty years of 110 at the year's average wage (index
// 1.0000) and no account: the basic pension is the average wage in force
// (policy/default.toml: 8,000.00) × (1 + 1.0) ÷ 2 × 20 years × 1% =
// 1,600.00, nothing from the account, as the API test (benefits_test.go)
// has it. The preview shows it without
// saving; the submission waits for 复核; a second clerk approves it on the
// approvals page; the benefit is then suspended with a reason and resumed.
func TestUIDetermination(t *testing.T) {
	for _, e := range sqldbtest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			db, err := sqldb.Open(admin, e.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f := newUIFixture(t, db, 40)
			svc := app.New(db)
			id := validID(t, "64010619640820031")
			if err := svc.Registry.CreatePerson(admin, &shebao.Person{IDNo: id, Name: "赵志强", Hukou: "非农业", Region: "640106001001"}); err != nil {
				t.Fatal(err)
			}
			var cs []shebao.ContributionYear
			for y := 2005; y < 2025; y++ {
				cs = append(cs, shebao.ContributionYear{IDNo: id, Scheme: "110", Year: y, Months: 12, BaseTotal: shebao.Yuan(60000), AvgWage: shebao.Yuan(5000)})
			}
			if _, _, err := svc.Collect.ImportContributionYears(admin, "h", cs); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateUser(admin, &shebao.User{Name: "clerk2", Display: "复核员", Role: "clerk", Region: demo.District}, uiPassword); err != nil {
				t.Fatal(err)
			}

			b := f.browser(t)
			csrf := b.login("clerk1")
			expect(t, "determination form", b.get("/persons/"+id+"/determine"), 200, `name="kind"`, `id="preview-button"`)
			form := url.Values{"csrf": {csrf}, "kind": {shebao.BenefitPension}, "bank_account": {"6217000000000001"}}
			preview := url.Values{"preview": {"1"}}
			for k, v := range form {
				preview[k] = v
			}
			r := b.post("/persons/"+id+"/determine", preview)
			expect(t, "preview", r, 200, `id="form-result"`, "测算结果(未保存)", "<dd class=\"num\">1,600.00</dd>", "2024-08", `value="6217000000000001"`)
			if aps, _ := svc.Approve.FindApprovals(admin, shebao.ApprovalPending, 10); len(aps) != 0 {
				t.Errorf("a preview submitted %d approvals", len(aps))
			}
			expect(t, "bad deemed months", b.post("/persons/"+id+"/determine", url.Values{"csrf": {csrf}, "kind": {"pension"}, "deemed_months": {"十"}}),
				http.StatusBadRequest, `id="e-deemed_months"`)
			r = b.post("/persons/"+id+"/determine", form)
			if r.status != http.StatusSeeOther {
				t.Fatalf("submit: %d\n%.2000s", r.status, r.body)
			}
			expect(t, "submitted", b.get(r.header.Get("Location")), 200, "已提交复核:基本养老金 1,600.00元/月")

			c := f.browser(t)
			ccsrf := c.login("clerk2")
			list := c.get("/approvals")
			m := regexp.MustCompile(`action="/approvals/([^/"]+)/approve"`).FindStringSubmatch(list.body)
			if m == nil {
				t.Fatalf("no approval to decide:\n%.3000s", list.body)
			}
			if r := c.post("/approvals/"+m[1]+"/approve", url.Values{"csrf": {ccsrf}}); r.status != http.StatusSeeOther {
				t.Fatalf("approve: %d\n%.2000s", r.status, r.body)
			}
			bs, _, err := svc.Benefit.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
			if err != nil || len(bs) != 1 || bs[0].Monthly != shebao.Yuan(1600) {
				t.Fatalf("the benefit after 复核: %+v %v", bs, err)
			}
			page := b.get("/persons/" + id).body
			// The determination's 核定表 (issue #15 item 3): the office, the
			// person, the decision with its parts, the formula's inputs
			// (240 months at index 1.0000) and its explanation, the maker
			// and the approver; its print view for an A4 sheet.
			sheet := regexp.MustCompile(`href="(/persons/[^"]+/benefits/[^"]+/determination)" class="small determination-link"`).FindStringSubmatch(page)
			if sheet == nil || strings.Contains(sheet[1], id) {
				t.Fatalf("no determination link by sealed reference on the person page:\n%.3000s", page)
			}
			r = b.get(sheet[1])
			expect(t, "determination sheet", r, 200, "基本养老金核定表", "金凤区社会保险事业管理局", "赵志强",
				`<strong id="determination-monthly">1,600.00</strong>`, "<dt>其中基础养老金(元)</dt><dd class=\"num\">1,600.00</dd>",
				"<dt>起发月份</dt><dd>2024-09</dd>", "<dt>实际缴费月数</dt><dd>240</dd>", "<dt>平均缴费指数</dt><dd>1.0000</dd>",
				"基础养老金 =", "<dt>经办人</dt><dd>clerk1</dd>", "<dt>复核人</dt><dd>clerk2</dd>", `id="print-link"`)
			printed := b.get(sheet[1] + "?print=1")
			expect(t, "determination print view", printed, 200, `<body class="print">`, `id="print-bar"`, "基本养老金核定表", "<dt>复核人</dt><dd>clerk2</dd>")
			if strings.Contains(printed.body, `nav class="main"`) || strings.Contains(printed.body, `id="print-link"`) {
				t.Error("the determination's print view has the navigation or the print link")
			}
			// Another benefit's id under this person is not found.
			expect(t, "foreign benefit", b.get(strings.Replace(sheet[1], bs[0].ID, "01nosuchbenefit", 1)), http.StatusNotFound)
			suspend := regexp.MustCompile(`href="(/persons/[^"]+/benefits/[^"]+/suspend)"`).FindStringSubmatch(page)
			if suspend == nil {
				t.Fatalf("no suspend link on the person page:\n%.3000s", page)
			}
			month := shebao.Today().Format("2006-01")
			expect(t, "suspend without reason", b.post(suspend[1], url.Values{"csrf": {csrf}, "month": {month}}), http.StatusBadRequest, `id="e-reason"`)
			if r := b.post(suspend[1], url.Values{"csrf": {csrf}, "month": {month}, "reason": {"未按时资格认证"}}); r.status != http.StatusSeeOther {
				t.Fatalf("suspend: %d\n%.2000s", r.status, r.body)
			}
			if got, _ := svc.Benefit.FindBenefit(admin, bs[0].ID); got.Status != shebao.BenefitSuspended {
				t.Errorf("after suspending: %s", got.Status)
			}
			resume := strings.Replace(suspend[1], "/suspend", "/resume", 1)
			if r := b.post(resume, url.Values{"csrf": {csrf}, "month": {month}, "reason": {"已认证"}}); r.status != http.StatusSeeOther {
				t.Fatalf("resume: %d\n%.2000s", r.status, r.body)
			}
			if got, _ := svc.Benefit.FindBenefit(admin, bs[0].ID); got.Status != shebao.BenefitActive {
				t.Errorf("after resuming: %s", got.Status)
			}
			v := f.browser(t)
			v.login("viewer1")
			if r := v.get("/persons/" + id + "/determine"); r.status != http.StatusForbidden {
				t.Errorf("a leader opens the determination form: %d", r.status)
			}
		})
	}
}
