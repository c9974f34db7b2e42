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
