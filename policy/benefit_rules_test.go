package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// TestAverageIndex, by hand (国发〔2005〕38号, month-weighted):
//
//	two years of 12 months at a wage of 8000.00, bases 9600.00 and 8000.00 a
//	month: (115200/8000 + 96000/8000) ÷ 24 = (14.4 + 12) ÷ 24 = 1.1000;
//	a year of 6 months assessed at wages averaging 8000.00 on a base of
//	4000.00: 24000 ÷ 8000 ÷ 6 = 0.5000, and with the two above (26.4 + 3) ÷
//	30 = 0.9800;
//	one month of 1000.00 at 3000.00: 1/3 → 0.3333 (rounded once);
//	one month of 0.01 at 200.00: 0.00005 → 0.0001 (half up);
//	a year without a wage is left out.
func TestAverageIndex(t *testing.T) {
	year := func(months int, base shebao.Money, wageSum shebao.Money, wageMonths int64) IndexYear {
		return IndexYear{Months: months, BaseTotal: base, WageSum: int64(wageSum), WageMonths: wageMonths}
	}
	for _, tt := range []struct {
		name     string
		years    []IndexYear
		index    int64
		months   int
		weighted string
		each     []int64
	}{
		{"two years", []IndexYear{year(12, shebao.Yuan(115200), shebao.Yuan(8000), 1), year(12, shebao.Yuan(96000), shebao.Yuan(8000), 1)},
			11000, 24, "26.4000", []int64{12000, 10000}},
		{"with a half year", []IndexYear{year(12, shebao.Yuan(115200), shebao.Yuan(8000), 1), year(12, shebao.Yuan(96000), shebao.Yuan(8000), 1),
			year(6, shebao.Yuan(24000), shebao.Yuan(48000), 6)}, 9800, 30, "29.4000", []int64{12000, 10000, 5000}},
		{"a third", []IndexYear{year(1, shebao.Yuan(1000), shebao.Yuan(3000), 1)}, 3333, 1, "0.3333", []int64{3333}},
		{"half up", []IndexYear{year(1, 1, shebao.Yuan(200), 1)}, 1, 1, "0.0001", []int64{1}},
		{"no wage", []IndexYear{year(12, shebao.Yuan(96000), shebao.Yuan(8000), 1), year(12, shebao.Yuan(96000), 0, 0)},
			10000, 12, "12.0000", []int64{10000, 0}},
		{"none", nil, 0, 0, "0.0000", []int64{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := AverageIndex(tt.years)
			if r.Index != tt.index || r.Months != tt.months || r.Weighted != tt.weighted {
				t.Errorf("index %d, months %d, weighted %s; want %d, %d, %s", r.Index, r.Months, r.Weighted, tt.index, tt.months, tt.weighted)
			}
			for i, w := range tt.each {
				if r.Years[i] != w {
					t.Errorf("year %d index %d, want %d", i, r.Years[i], w)
				}
			}
		})
	}
}

func TestMonthsText(t *testing.T) {
	for m, want := range map[int]string{0: "0个月", 5: "5个月", 12: "1年", 186: "15年6个月", 360: "30年"} {
		if got := MonthsText(m); got != want {
			t.Errorf("MonthsText(%d) = %s, want %s", m, got, want)
		}
	}
}

// TestAdjustPension: 定额50 + 2% + 每满一年2元 + 70岁以上30元 on a pension of
// 3000.00 with 30 years (360 months): born 1955, 70 in 2025: 50 + 60 + 60 +
// 30 = 200.00 → 3200.00; born 1960 (65): 170.00 → 3170.00; 359 months count
// 29 whole years: 50 + 60 + 58 = 168.00.
func TestAdjustPension(t *testing.T) {
	adj := PensionAdjust{Fixed: shebao.Yuan(50), Percent: Pct(20000), PerYear: shebao.Yuan(2), Extras: []AgeExtra{{MinAge: 70, Amount: shebao.Yuan(30)}}}
	for _, tt := range []struct {
		birth, months int
		inc           shebao.Money
	}{{1955, 360, shebao.Yuan(200)}, {1960, 360, shebao.Yuan(170)}, {1960, 359, shebao.Yuan(168)}} {
		inc, monthly, explain := AdjustPension(adj, 2025, tt.birth, shebao.Yuan(3000), tt.months, "测试办法", "2025-01")
		if inc != tt.inc || monthly != shebao.Yuan(3000)+tt.inc {
			t.Errorf("born %d, %d months: +%s = %s, want +%s", tt.birth, tt.months, inc, monthly, tt.inc)
		}
		if want := "调整后 3000.00 + " + tt.inc.String() + " = " + (shebao.Yuan(3000) + tt.inc).String() + "元/月,自2025-01起"; !strings.Contains(explain, want) ||
			!strings.HasPrefix(explain, "2025年基本养老金调整(测试办法):") {
			t.Errorf("explanation %q", explain)
		}
	}
	if got, want := AdjustmentRule(adj, 2025), "定额50.00元 + 本人养老金 × 2% + 每满一年缴费年限2.00元 + 高龄倾斜(取所达最高档:年满70周岁30.00元)(年龄按2025年12月31日计)"; got != want {
		t.Errorf("rule %q, want %q", got, want)
	}
}

// TestRetirementMonth: a man born 1965-01 reaches 60y1m in 2025-02 (the
// statutory month); he may retire later, not earlier.
func TestRetirementMonth(t *testing.T) {
	birth := date(1965, 1, 15)
	for _, tt := range []struct {
		requested, month string
		years, months    int
		bad              bool
	}{
		{"", "2025-02", 60, 1, false},
		{"2025-06", "2025-06", 60, 5, false},
		{"2026-01", "2026-01", 61, 0, false},
		{"2025-01", "", 0, 0, true},
		{"2025-13", "", 0, 0, true},
	} {
		m, y, mo, err := RetirementMonth(birth, "2025-02", tt.requested)
		if (err != nil) != tt.bad || !tt.bad && (m != tt.month || y != tt.years || mo != tt.months) {
			t.Errorf("%q: %s %d岁%d个月 %v", tt.requested, m, y, mo, err)
		}
	}
	if got := MonthOfAge(birth, 60); got != "2025-01" {
		t.Errorf("MonthOfAge = %s", got)
	}
	if got := AddMonths("2025-01", -12); got != "2024-01" {
		t.Errorf("AddMonths = %s", got)
	}
}

// TestInjuryWage: 工伤保险条例 第六十四条 with an average wage of 8000.00:
// 60% is 4800.00 and 300% 24000.00.
func TestInjuryWage(t *testing.T) {
	for _, tt := range []struct {
		own, want shebao.Money
		says      string
	}{
		{shebao.Yuan(3000), shebao.Yuan(4800), "低于下限4800.00元"},
		{shebao.Yuan(30000), shebao.Yuan(24000), "高于上限24000.00元"},
		{shebao.Yuan(6000), shebao.Yuan(6000), "之间"},
	} {
		got, explain := InjuryWage(tt.own, shebao.Yuan(8000))
		if got != tt.want || !strings.Contains(explain, tt.says) {
			t.Errorf("own %s: %s (%s), want %s", tt.own, got, explain, tt.want)
		}
	}
}

// TestMoneyByRegion: a village's own value comes before its town's, the
// town's before the national one; a value not in force is left out.
func TestMoneyByRegion(t *testing.T) {
	set := NewSet([]Param{
		{Key: "account.310.retiree", Value: "60.00", From: "2023-01-01", Source: "全国"},
		{Key: "account.310.retiree", Region: "640106100000", Value: "70.00", From: "2024-01-01", To: "2025-01-01", Source: "镇"},
		{Key: "account.310.retiree", Region: "640106100202", Value: "80.00", From: "2024-01-01", Source: "村"},
	})
	for _, tt := range []struct {
		on   string
		want string
	}{
		{"2024-06-01", "640106100202=80.00 640106100000=70.00 =60.00"},
		{"2025-03-01", "640106100202=80.00 =60.00"},
		{"2022-03-01", ""},
	} {
		d, _ := shebao.ParseDate("on", tt.on)
		as, ps, err := MoneyByRegion(set, "account.310.retiree", d)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, a := range as {
			got = append(got, a.Region+"="+a.Amount.String())
			if ps[i].Region != a.Region {
				t.Errorf("param %d of region %q for %q", i, ps[i].Region, a.Region)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("on %s: %v, want %s", tt.on, got, tt.want)
		}
	}
}
