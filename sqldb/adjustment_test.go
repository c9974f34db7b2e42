package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/benefit"
	"github.com/shebao/shebao/demo"
	"github.com/shebao/shebao/sqldb"
	"github.com/shebao/shebao/sqldb/sqldbtest"
)

// TestRunAdjustment applies the 2025 adjustment of the default policy
// (30.00 + 0.7% + 1.00 per whole year + 15/25/35 from 70/75/80) in chunks of
// two, by hand:
//
//	A 3378.84, 303 months (25 years), born 1965 (60): 30 + 23.65 + 25 = 78.65 → 3457.49
//	B 2000.00, 360 months (30 years), born 1950 (75): 30 + 14.00 + 30 + 25 = 99.00 → 2099.00
//	D 1500.00, no detail: 10 years of history, born 1955 (70): 30 + 10.50 + 10 + 15 = 65.50 → 1565.50
//	C started 2025-03: not adjusted; E a land allowance: not a pension.
//
// A second run changes nothing.
func TestRunAdjustment(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		defer benefit.SetAdjustmentChunk(2)()
		seedRegions(t, db)
		type pension struct {
			born    int
			monthly shebao.Money
			account shebao.Money
			start   string
			months  int // 0: no detail
			kind    string
		}
		ps := []pension{
			{1965, 337884, 72254, "2025-05", 303, shebao.BenefitPension},
			{1950, 200000, 0, "2010-03", 360, shebao.BenefitPension},
			{1955, 150000, 0, "2015-06", 0, shebao.BenefitPension},
			{1964, 300000, 50000, "2025-03", 300, shebao.BenefitPension},
			{1950, 16000, 0, "2020-01", 0, shebao.BenefitLandAllowance},
		}
		// A started after 2025-01 in this table: give it 2024-05 instead.
		ps[0].start = "2024-05"
		ids := make([]string, len(ps))
		var bs []shebao.NewBenefit
		for i, p := range ps {
			ids[i] = demo.IDNumber("640106", time.Date(p.born, 7, 1, 0, 0, 0, 0, time.UTC), 60+i, true)
			if err := db.CreatePerson(admin, person(ids[i], "退休人员", "640106100201")); err != nil {
				t.Fatal(err)
			}
			b := shebao.NewBenefit{IDNo: ids[i], Kind: p.kind, StartMonth: p.start, Monthly: p.monthly, AccountPart: p.account,
				Source: "test:" + ids[i], Explanation: "测试待遇"}
			if p.months > 0 {
				b.Detail = map[string]any{"contribution_months": p.months, "birth": "x"}
			}
			bs = append(bs, b)
		}
		if _, _, err := importYears(db, admin, "h", func() (cs []shebao.ContributionYear) {
			for y := 1995; y < 2005; y++ {
				cs = append(cs, shebao.ContributionYear{IDNo: ids[2], Scheme: "110", Year: y, Months: 12, BaseTotal: shebao.Yuan(6000), AvgWage: shebao.Yuan(500)})
			}
			return cs
		}()); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CreateBenefits(admin, bs); err != nil || n != len(bs) {
			t.Fatalf("created %d %v", n, err)
		}
		// February 2025 is already in the payroll: the run says the
		// increase is owed for it.
		if err := db.ExecRaw(admin, `INSERT INTO benefit_payments (benefit_id, month, id_no, scheme, kind, region_code, amount, status, batch, created_at)
			VALUES ('x', '2025-02', $1, '110', 'pension', '640106100201', 200000, '已发放', 'b', '2025-02-20')`, ids[1]); err != nil {
			t.Fatal(err)
		}
		clerk := shebao.WithActor(admin, benefitsClerk)
		if _, err := benefits(db).RunAdjustment(clerk, 2025, ""); shebao.ErrorCode(err) != shebao.EFORBIDDEN {
			t.Errorf("a district clerk ran the adjustment: %v", err)
		}
		if _, err := benefits(db).RunAdjustment(admin, 2025, "2026-01"); shebao.ErrorCode(err) != shebao.EINVALID {
			t.Errorf("month outside the year: %v", err)
		}
		res, err := benefits(db).RunAdjustment(admin, 2025, "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Benefits != 3 || res.Increase != 7865+9900+6550 || res.FromMonth != "2025-01" || res.Already != 0 ||
			res.PaidThrough != "2025-02" || !strings.Contains(res.Warning, "2025-01至2025-02的养老金已按调整前的金额发放,调整额须补发") {
			t.Errorf("result %+v", res)
		}
		if !strings.Contains(res.Rule, "定额30.00元 + 本人养老金 × 0.7% + 每满一年缴费年限1.00元") || !strings.Contains(res.Source, "2025年调整") {
			t.Errorf("rule %q source %q", res.Rule, res.Source)
		}
		want := []shebao.Money{345749, 209900, 156550, 300000, 16000}
		for i, id := range ids {
			list, _, err := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: id})
			if err != nil || len(list) != 1 {
				t.Fatalf("%d: %v %v", i, list, err)
			}
			b, err := db.FindBenefit(admin, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if b.Monthly != want[i] {
				t.Errorf("%d: monthly %s, want %s", i, b.Monthly, want[i])
			}
			if want[i] == ps[i].monthly {
				if len(b.Amounts) != 1 {
					t.Errorf("%d: not adjusted but %d amounts", i, len(b.Amounts))
				}
				continue
			}
			if len(b.Amounts) != 2 || b.Amounts[0].ToMonth != "2024-12" || b.Amounts[1].FromMonth != "2025-01" ||
				b.Amounts[1].Source != "adjust:2025" || b.Amounts[1].AccountPart != ps[i].account || b.Amounts[1].Monthly != want[i] {
				t.Errorf("%d: amounts %+v", i, b.Amounts)
			}
		}
		b, _, _ := db.FindBenefits(admin, shebao.BenefitFilter{IDNo: ids[1]})
		full, _ := db.FindBenefit(admin, b[0].ID)
		if e := full.Amounts[1].Explanation; !strings.Contains(e, "30年 × 1.00 + 高龄倾斜(75岁以上)25.00 = 99.00元/月") || !strings.Contains(e, "2000.00 + 99.00 = 2099.00元/月,自2025-01起") {
			t.Errorf("explanation %q", e)
		}
		again, err := benefits(db).RunAdjustment(admin, 2025, "2025-03")
		if err != nil {
			t.Fatal(err)
		}
		if again.Benefits != 0 || again.Already != 3 {
			t.Errorf("second run %+v", again)
		}
	})
}
