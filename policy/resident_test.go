package policy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shebao/shebao"
)

// The defaults: tiers 100 … 2000 元 with subsidies of 30 (below 500) and
// 60 (500 and above) 元, the minimums of 国发〔2014〕8号; collective subsidy
// 50 元; the government pays 100% of the lowest tier for a special group;
// residents' medical 400 元 individual and 670 元 subsidy.
func TestResidentAmounts(t *testing.T) {
	set := NewSet(Default())
	for _, c := range []struct {
		name   string
		c      shebao.ResidentContribution
		flags  []string
		ind    shebao.Money
		fin    shebao.Money
		sub    shebao.Money
		coll   shebao.Money
		credit shebao.Money
		field  string // of the error, if refused
		says   string
	}{
		// 500 + 60 + 50 = 610 into the account.
		{name: "tier 500", c: shebao.ResidentContribution{Scheme: "170", Year: 2025, Tier: shebao.Yuan(500), PaidOn: "2025-03-01"},
			ind: shebao.Yuan(500), sub: shebao.Yuan(60), coll: shebao.Yuan(50), credit: shebao.Yuan(610),
			says: "合计记入个人账户 500.00 + 60.00 + 50.00 = 610.00元"},
		// 低保, tier left empty: the lowest (100), all of it paid by the
		// government; 100 + 30 + 50 = 180.
		{name: "低保", c: shebao.ResidentContribution{Scheme: "170", Year: 2025, PaidOn: "2025-03-01"}, flags: []string{shebao.FlagDibao},
			ind: shebao.Yuan(100), fin: shebao.Yuan(100), sub: shebao.Yuan(30), coll: shebao.Yuan(50), credit: shebao.Yuan(180),
			says: "政府代缴最低档次100.00元的100%即100.00元"},
		{name: "no tier", c: shebao.ResidentContribution{Scheme: "170", Year: 2025, PaidOn: "2025-03-01"}, field: "缴费档次"},
		{name: "not a tier", c: shebao.ResidentContribution{Scheme: "170", Year: 2025, Tier: shebao.Yuan(250), PaidOn: "2025-03-01"}, field: "缴费档次",
			says: "250.00元不是2025年度规定的缴费档次"},
		// 390: 400 + 670 = 1070 a person; nothing into an account.
		{name: "390", c: shebao.ResidentContribution{Scheme: "390", Year: 2025, PaidOn: "2025-01-05"},
			ind: shebao.Yuan(400), sub: shebao.Yuan(670), says: "人均筹资1070.00元"},
		{name: "390 wrong amount", c: shebao.ResidentContribution{Scheme: "390", Year: 2025, Tier: shebao.Yuan(380), PaidOn: "2025-01-05"},
			field: "缴费金额", says: "个人缴费标准400.00元不符"},
	} {
		got := c.c
		err := ResidentAmounts(set, &got, "640106100201", c.flags)
		if c.field != "" {
			if errorField(err) != c.field || !strings.Contains(shebao.ErrorMessage(err), c.says) {
				t.Errorf("%s: %v, want field %s saying %q", c.name, err, c.field, c.says)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Individual != c.ind || got.FinancePaid != c.fin || got.Subsidy != c.sub || got.Collective != c.coll || got.Credited() != c.credit ||
			!strings.Contains(got.Explanation, c.says) {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
}

func TestConversionCost(t *testing.T) {
	set := NewSet(Default())
	for _, c := range []struct {
		day                                 time.Time
		base, cost, gov, coll, ind, account shebao.Money
	}{
		// The seed's standard of 37000.00 (in force until 2011-07): 15
		// years at 20%: base 37000 ÷ (20% × 180) = 1027.78; account
		// 37000 × 8% ÷ 20% = 14800.00; government 27% = 9990.00, collective
		// 40% = 14800.00, the person the rest 12210.00.
		{time.Date(2010, 6, 1, 0, 0, 0, 0, time.UTC), 102778, shebao.Yuan(37000), shebao.Yuan(9990), shebao.Yuan(14800), shebao.Yuan(12210), shebao.Yuan(14800)},
		// Later: base 8000.00 × 60% = 4800.00, 960.00 a month, × 180 =
		// 172800.00; account 384.00 × 180 = 69120.00; government 27% =
		// 46656.00, collective 40% = 69120.00, the person 57024.00.
		{time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), shebao.Yuan(4800), shebao.Yuan(172800), shebao.Yuan(46656), shebao.Yuan(69120), shebao.Yuan(57024), shebao.Yuan(69120)},
	} {
		v := &shebao.VillageConversion{Region: "640106100201"}
		if err := ConversionCost(set, v, c.day); err != nil {
			t.Fatal(err)
		}
		if v.Years != 15 || v.MonthlyBase != c.base || v.Cost != c.cost || v.Government != c.gov || v.Collective != c.coll || v.Individual != c.ind ||
			v.Account != c.account || v.Explanation == "" {
			t.Errorf("%s: %+v", c.day.Format(shebao.DateLayout), v)
		}
	}
}

func errorField(err error) string {
	var e *shebao.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
