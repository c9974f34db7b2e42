package assist_test

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/app"
	"github.com/shebao/shebao/idno"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

const village = "640106100201" // 魏家桥村, 良田镇 (a 村民委员会: rural)

func id(t *testing.T, first17 string) string {
	t.Helper()
	c, err := idno.CheckCharID(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// TestQuote asks the service on both engines for the quote of
// policy.TestQuoteDibao's first household, as a village assistant and as a
// citizen: 3 members, 800.00 counted wages (300.00 优待抚恤金 not counted),
// a child of 9; rural standard 520.00: base 520.00 × 3 − 800.00 = 760.00,
// 未成年人 10% × 520.00 = 52.00, monthly 812.00. A role without the right
// and an unknown region are refused; nothing is written.
func TestQuote(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		wage, zero := shebao.Money(80000), shebao.Money(0)
		req := shebao.AssistQuoteRequest{Region: village, Date: "2025-06-01", Members: []shebao.AssistMember{
			{IDNo: id(t, "64010619800315011"), Incomes: []shebao.AssistIncome{{Kind: "工资性收入", Amount: wage}, {Kind: "优待抚恤金", Amount: 30000}}},
			{IDNo: id(t, "64010619820720022"), Income: &zero},
			{IDNo: id(t, "64010620150901031"), Income: &zero},
		}}
		before := auditCount(t, a)
		for _, who := range []shebao.Actor{
			{Name: "wjq", Role: "village", Region: village},
			{Name: "zs", Role: "citizen", Region: village, IDNo: id(t, "64010619800101001")},
			{Name: "mz1", Role: "clerk/civil", Region: "640106000000"},
		} {
			q, err := a.Assist.Quote(sqldbtest.As(who), req)
			if err != nil {
				t.Fatalf("%s: %v", who.Role, err)
			}
			if !q.Eligible || q.Standard != 52000 || q.Base != 76000 || q.Extras != 5200 || q.Monthly != 81200 || q.PerCapitaIncome != 26667 {
				t.Errorf("%s: %+v", who.Role, q)
			}
		}
		if after := auditCount(t, a); after != before {
			t.Errorf("a quote wrote %d audit entries", after-before)
		}
		if _, err := a.Assist.Quote(sqldbtest.As(shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"}), req); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("land bureau: %v", err)
		}
		bad := req
		bad.Region = "640106100299"
		_, err := a.Assist.Quote(sqldbtest.Admin(), bad)
		if e, ok := err.(*shebao.Error); !ok || e.Field != "region" || !strings.Contains(e.Message, "不存在") {
			t.Errorf("unknown region: %#v", err)
		}
	})
}

// auditCount is the number of entries in the audit log.
func auditCount(t *testing.T, a *app.App) int64 {
	t.Helper()
	n, err := a.Audit.CheckAudit(sqldbtest.Admin())
	if err != nil {
		t.Fatal(err)
	}
	return n.Entries
}

// TestQuoteWithRegistry fills in what shebao pays and checks the members
// against the registry, on both engines. 魏家桥村 (rural, 520.00):
//
//   - the son, 45, hired by a cooperative on 2025-01-01: no income typed
//     yet (200.00 declared by the family), the check says he pays 110
//     through the employer and his wage must be verified;
//   - his mother, 72, receives the residents' pension 482.71 元/月 from
//     2024-06 (docs/DOMAIN.md §6: 123 + 50000 ÷ 139), of which the basic
//     pension 123.00 is not counted (城乡居民基础养老金, 民发〔2021〕57号)
//     and the account part 359.71 is, as 养老金.
//
// Counted: 200.00 + 359.71 = 559.71 for 2 persons, per capita 279.855 →
// 279.86; base = 520.00 × 2 − 559.71 = 480.29; the mother (72) is 老年人:
// 10% × 520.00 = 52.00; monthly 532.29. The reads are audited; a member
// outside the clerk's jurisdiction, unregistered or deceased is refused.
func TestQuoteWithRegistry(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		admin := sqldbtest.Admin()
		son, mother, dead := id(t, "64010619800315011"), id(t, "64010619530210022"), id(t, "64010619400101031")
		for _, p := range []*shebao.Person{
			{IDNo: son, Name: "马强", Hukou: "农业", Region: village},
			{IDNo: mother, Name: "马兰花", Hukou: "农业", Region: village},
			{IDNo: dead, Name: "马福", Hukou: "农业", Region: village, Status: shebao.StatusDeceased, DeathDate: "2024-11-02"},
		} {
			if err := a.Registry.CreatePerson(admin, p); err != nil {
				t.Fatal(err)
			}
		}
		uscc := "91640106MA00000" + "01"
		c, err := idno.CheckCharUSCC(uscc)
		if err != nil {
			t.Fatal(err)
		}
		uscc += string(c)
		if err := a.Registry.CreateEmployer(admin, &shebao.Employer{USCC: uscc, Name: "魏家桥农机合作社", RiskClass: 2, Region: village}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Enroll.Hire(admin, son, uscc, "2025-01-01", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateBenefits(admin, []shebao.NewBenefit{{IDNo: mother, Kind: shebao.BenefitResidentPension, StartMonth: "2024-06",
			Monthly: 48271, AccountPart: 35971, BasicPart: 12300, Source: "determination:test",
			Explanation: "城乡居民养老金 = 基础养老金123.00 + 个人账户50000.00 ÷ 139 = 482.71元/月"}}); err != nil {
			t.Fatal(err)
		}
		civil := sqldbtest.As(shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"})
		wage := shebao.Money(20000)
		req := shebao.AssistQuoteRequest{Region: village, Date: "2025-06-01", Registry: true, Members: []shebao.AssistMember{
			{IDNo: son, Income: &wage}, {IDNo: mother},
		}}
		before := auditCount(t, a)
		q, err := a.Assist.Quote(civil, req)
		if err != nil {
			t.Fatal(err)
		}
		if q.TotalIncome != 55971 || q.PerCapitaIncome != 27986 || q.Base != 48029 || q.Extras != 5200 || q.Monthly != 53229 {
			t.Errorf("quote %+v\n%s", q, q.Explain)
		}
		if l := q.Lines[1]; l.Income != 35971 || l.Excluded != 12300 || l.Category != "老年人" {
			t.Errorf("mother's line %+v", l)
		}
		if len(q.Checks) != 2 || !strings.Contains(strings.Join(q.Checks[0].Findings, ";"), "由单位魏家桥农机合作社参保缴费中(自2025-01-01):有工资性收入") ||
			!strings.Contains(strings.Join(q.Checks[1].Findings, ";"), "正在领取城乡居民养老金 482.71元/月") {
			t.Errorf("checks %+v", q.Checks)
		}
		if after := auditCount(t, a); after <= before {
			t.Error("the registry reads were not audited")
		}
		// Without Registry the mother would need an income typed.
		plain := req
		plain.Registry = false
		if _, err := a.Assist.Quote(civil, plain); err == nil || !strings.Contains(shebao.ErrorMessage(err), "第2位成员缺少月收入") {
			t.Errorf("no registry: %v", err)
		}
		for _, tt := range []struct {
			who  shebao.Actor
			ids  []string
			want string
		}{
			{shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"}, []string{son, dead}, "已于2024-11-02死亡"},
			{shebao.Actor{Name: "mz1", Role: "clerk/civil", Region: "640106000000"}, []string{son, id(t, "64010619900101001")}, "第2位成员"},
			// A town clerk of 丰登镇 does not see 魏家桥村 (良田镇).
			{shebao.Actor{Name: "fd", Role: "town", Region: "640106101000"}, []string{son}, "第1位成员"},
		} {
			r := shebao.AssistQuoteRequest{Region: village, Date: "2025-06-01", Registry: true}
			for _, x := range tt.ids {
				r.Members = append(r.Members, shebao.AssistMember{IDNo: x})
			}
			_, err := a.Assist.Quote(sqldbtest.As(tt.who), r)
			if e, ok := err.(*shebao.Error); !ok || e.Code != shebao.EINVALID || !strings.Contains(e.Message, tt.want) {
				t.Errorf("%v: %#v, want %q", tt.ids, err, tt.want)
			}
		}
	})
}

// TestQuoteTekun asks the service on both engines for policy.TestQuoteTekun's
// first case: a man of 75 in 魏家桥村 with 200.00, 全护理: 520.00 × 130% =
// 676.00 + 520.00 × 60% = 312.00 = 988.00; refused for the land bureau and
// for an unknown region.
func TestQuoteTekun(t *testing.T) {
	sqldbtest.EachApp(t, func(t *testing.T, a *app.App, db *sqldb.DB) {
		sqldbtest.SeedRegions(t, a)
		income := shebao.Money(20000)
		req := shebao.TekunQuoteRequest{Region: village, Date: "2025-06-01", IDNo: id(t, "64010619500110051"), Income: &income, CareLevel: "全护理"}
		q, err := a.Assist.QuoteTekun(sqldbtest.As(shebao.Actor{Name: "wjq", Role: "village", Region: village}), req)
		if err != nil {
			t.Fatal(err)
		}
		if !q.Eligible || q.Basic != 67600 || q.Care != 31200 || q.Monthly != 98800 {
			t.Errorf("%+v", q)
		}
		if _, err := a.Assist.QuoteTekun(sqldbtest.As(shebao.Actor{Name: "gtj", Role: "land", Region: "640106000000"}), req); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("land bureau: %v", err)
		}
		req.Region = "640106100299"
		if _, err := a.Assist.QuoteTekun(sqldbtest.Admin(), req); err == nil || !strings.Contains(shebao.ErrorMessage(err), "不存在") {
			t.Errorf("unknown region: %v", err)
		}
	})
}
