package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// assistID returns a valid 身份证号 of the district 640106 with the birth
// date and sequence (its check character computed).
func assistID(t *testing.T, birth, seq string) string {
	t.Helper()
	c, err := idno.CheckCharID("640106" + birth + seq)
	if err != nil {
		t.Fatal(err)
	}
	return "640106" + birth + seq + string(c)
}

func yuanp(t *testing.T, s string) *shebao.Money {
	t.Helper()
	m, err := shebao.ParseYuan(s)
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestQuoteDibao checks the 低保 formula (docs/DOMAIN.md §9) against
// households worked by hand, on the shipped example policy: rural
// standard 520.00, urban 800.00 元/人·月 from 2024; 分类施保 老年人 (60+)
// and 未成年人 (under 18) 10%, 重度残疾人 and 重病患者 20% of the standard,
// the highest one per member; 优待抚恤金 and the residents' basic pension
// (城乡居民基础养老金) not counted.
func TestQuoteDibao(t *testing.T) {
	set := NewSet(Default())
	man, woman, child := assistID(t, "19800315", "011"), assistID(t, "19820720", "022"), assistID(t, "20150901", "031")
	old1, old2 := assistID(t, "19500110", "051"), assistID(t, "19520505", "062")
	type want struct {
		eligible                              bool
		total, perCapita, base, extras, month string
		area, standard                        string
		reason                                string
	}
	for _, tt := range []struct {
		name string
		req  shebao.AssistQuoteRequest
		want want
	}{
		{
			// Rural village (末三位201 = 村民委员会), 3 members on 2025-06-01:
			// the man earns 800.00 wages and 300.00 优待抚恤金 (not counted);
			// his wife and their 9-year-old child earn nothing.
			// Counted total 800.00; per capita 800 ÷ 3 = 266.666… → 266.67.
			// Base = 520.00 × 3 − 800.00 = 1560.00 − 800.00 = 760.00 — not
			// (520.00 − 266.67) × 3 = 759.99: the per-capita income is not
			// rounded before it is multiplied.
			// The child (9) is 未成年人: 10% × 520.00 = 52.00.
			// Monthly 760.00 + 52.00 = 812.00.
			"rural family with a child and an excluded income",
			shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: man, Incomes: []shebao.AssistIncome{{Kind: "工资性收入", Amount: 80000}, {Kind: "优待抚恤金", Amount: 30000}}},
				{IDNo: woman, Income: yuanp(t, "0")},
				{IDNo: child, Income: yuanp(t, "0")},
			}},
			want{true, "800.00", "266.67", "760.00", "52.00", "812.00", "农村", "520.00", "低于农村低保标准520.00元"},
		},
		{
			// Urban community (末三位001 = 居民委员会), two pensioners of 75
			// and 73: the first has 1000.00 a month and is certified
			// 重病患者 (20% × 800.00 = 160.00, more than 老年人 10% × 800.00 =
			// 80.00: the highest counts, not both); the second has 200.00
			// pension and 123.00 城乡居民基础养老金 (not counted) and gets
			// 老年人 80.00.
			// Total 1200.00, per capita 600.00 < 800.00; base = 800.00 × 2 −
			// 1200.00 = 400.00; extras 160.00 + 80.00 = 240.00; monthly 640.00.
			"urban elderly couple, one seriously ill",
			shebao.AssistQuoteRequest{Region: "640106001001", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: old1, Income: yuanp(t, "1000"), Categories: []string{"重病患者"}},
				{IDNo: old2, Incomes: []shebao.AssistIncome{{Kind: "养老金", Amount: 20000}, {Kind: "城乡居民基础养老金", Amount: 12300}}},
			}},
			want{true, "1200.00", "600.00", "400.00", "240.00", "640.00", "城市", "800.00", "低于城市低保标准800.00元"},
		},
		{
			// 1600.00 for 3 in a village: per capita 533.33 ≥ 520.00 — not
			// eligible; nothing is paid, no extra either.
			"rural income above the standard",
			shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: man, Income: yuanp(t, "1600")}, {IDNo: woman, Income: yuanp(t, "0")}, {IDNo: child, Income: yuanp(t, "0")},
			}},
			want{false, "1600.00", "533.33", "0.00", "0.00", "0.00", "农村", "520.00", "不低于农村低保标准520.00元"},
		},
		{
			// Exactly at the standard: 1560.00 ÷ 3 = 520.00 is not below 520.00.
			"at the standard",
			shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: man, Income: yuanp(t, "1560")}, {IDNo: woman, Income: yuanp(t, "0")}, {IDNo: child, Income: yuanp(t, "0")},
			}},
			want{false, "1560.00", "520.00", "0.00", "0.00", "0.00", "农村", "520.00", "不低于"},
		},
		{
			// One fen below: 1559.99 ÷ 3 = 519.996… (shown 520.00) is below
			// 520.00; base = 1560.00 − 1559.99 = 0.01, and the child's 52.00.
			"a fen below the standard",
			shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: man, Income: yuanp(t, "1559.99")}, {IDNo: woman, Income: yuanp(t, "0")}, {IDNo: child, Income: yuanp(t, "0")},
			}},
			want{true, "1559.99", "520.00", "0.01", "52.00", "52.01", "农村", "520.00", "低于"},
		},
		{
			// The area as asked: a 居民委员会 assisted at the rural standard
			// (e.g. a 村改居 community kept on it): one person, 0 income,
			// 45 years old: 520.00.
			"area given",
			shebao.AssistQuoteRequest{Region: "640106001001", Date: "2025-06-01", Area: "农村", Members: []shebao.AssistMember{
				{IDNo: man, Income: yuanp(t, "0")},
			}},
			want{true, "0.00", "0.00", "520.00", "0.00", "520.00", "农村", "520.00", "低于农村低保标准"},
		},
		{
			// A 街道 (town code 001) is urban: 800.00 − 300.00 = 500.00.
			"subdistrict is urban",
			shebao.AssistQuoteRequest{Region: "640106001000", Date: "2025-06-01", Members: []shebao.AssistMember{
				{IDNo: man, Income: yuanp(t, "300")},
			}},
			want{true, "300.00", "300.00", "500.00", "0.00", "500.00", "城市", "800.00", "低于城市低保标准"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := QuoteDibao(set, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			if q.Eligible != w.eligible {
				t.Errorf("eligible %v, want %v (%s)", q.Eligible, w.eligible, q.Reason)
			}
			for _, c := range []struct{ name, got, want string }{
				{"total", q.TotalIncome.String(), w.total}, {"per capita", q.PerCapitaIncome.String(), w.perCapita},
				{"base", q.Base.String(), w.base}, {"extras", q.Extras.String(), w.extras}, {"monthly", q.Monthly.String(), w.month},
				{"area", q.Area, w.area}, {"standard", q.Standard.String(), w.standard},
			} {
				if c.got != c.want {
					t.Errorf("%s %s, want %s\n%s", c.name, c.got, c.want, q.Explain)
				}
			}
			if !strings.Contains(q.Reason, w.reason) {
				t.Errorf("reason %q, want it to say %q", q.Reason, w.reason)
			}
			if w.eligible && !strings.Contains(q.Explain, "月保障金 = "+w.base+" + "+w.extras+" = "+w.month+"元") {
				t.Errorf("explain does not show the sum:\n%s", q.Explain)
			}
			if len(q.Sources) == 0 {
				t.Error("no sources cited")
			}
		})
	}
}

// TestQuoteDibaoLines: each member's line says what was counted, excluded
// and added, and the answer repeats no ID number.
func TestQuoteDibaoLines(t *testing.T) {
	man, child := assistID(t, "19800315", "011"), assistID(t, "20150901", "031")
	q, err := QuoteDibao(NewSet(Default()), shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01",
		Members: []shebao.AssistMember{
			{IDNo: man, Incomes: []shebao.AssistIncome{{Kind: "工资性收入", Amount: 80000}, {Kind: "优待抚恤金", Amount: 30000}}},
			{IDNo: child, Income: yuanp(t, "0")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	l := q.Lines[0]
	if l.Income != 80000 || l.Excluded != 30000 || l.Age != 45 || l.Sex != "男" || l.Extra != 0 {
		t.Errorf("line 1 %+v", l)
	}
	if !strings.Contains(l.Explain, "优待抚恤金300.00元(不计入)") {
		t.Errorf("line 1 explain %q", l.Explain)
	}
	if l := q.Lines[1]; l.Category != "未成年人" || l.Extra != 5200 || l.Age != 9 || l.ExtraExplain != "未成年人 10% × 520.00 = 52.00元" {
		t.Errorf("line 2 %+v", l)
	}
	if strings.Contains(q.Explain, man) || strings.Contains(q.Explain, child) {
		t.Error("the explanation repeats an ID number")
	}
}

// TestQuoteDibaoByRegionAndDate: a town's own standard from a date comes
// before the national example for its villages, and not before the date.
func TestQuoteDibaoByRegionAndDate(t *testing.T) {
	ps := append(Default(), Param{Key: "assist.dibao.rural", Region: "640106100000", Value: "560.00", From: "2025-01-01", Source: "良田镇示例"})
	set := NewSet(ps)
	man := assistID(t, "19800315", "011")
	for _, tt := range []struct{ date, standard, monthly string }{
		{"2024-12-31", "520.00", "420.00"}, // 520.00 − 100.00
		{"2025-01-01", "560.00", "460.00"}, // 560.00 − 100.00
	} {
		q, err := QuoteDibao(set, shebao.AssistQuoteRequest{Region: "640106100201", Date: tt.date,
			Members: []shebao.AssistMember{{IDNo: man, Income: yuanp(t, "100")}}})
		if err != nil {
			t.Fatal(err)
		}
		if q.Standard.String() != tt.standard || q.Monthly.String() != tt.monthly {
			t.Errorf("%s: standard %s monthly %s, want %s %s", tt.date, q.Standard, q.Monthly, tt.standard, tt.monthly)
		}
	}
	// Before any standard is in force: an error naming the parameter.
	_, err := QuoteDibao(set, shebao.AssistQuoteRequest{Region: "640106100201", Date: "2023-06-01",
		Members: []shebao.AssistMember{{IDNo: man, Income: yuanp(t, "100")}}})
	if err == nil || !strings.Contains(shebao.ErrorMessage(err), "农村最低生活保障标准") {
		t.Errorf("before 2024: %v", err)
	}
}

// TestQuoteDibaoErrors: bad input is refused in Chinese, naming the field.
func TestQuoteDibaoErrors(t *testing.T) {
	set := NewSet(Default())
	man, woman := assistID(t, "19800315", "011"), assistID(t, "19820720", "022")
	zero := yuanp(t, "0")
	neg := yuanp(t, "-1")
	for _, tt := range []struct {
		name  string
		req   shebao.AssistQuoteRequest
		field string
		msg   string
	}{
		{"no region", shebao.AssistQuoteRequest{Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero}}}, "region", "缺少区划代码"},
		// The rule reads no clock: the service gives today's date.
		{"no date", shebao.AssistQuoteRequest{Region: "640106100201", Members: []shebao.AssistMember{{IDNo: man, Income: zero}}}, "date", "缺少日期"},
		{"bad date", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-13-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero}}}, "date", "日期"},
		{"town holds both", shebao.AssistQuoteRequest{Region: "640106100000", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero}}}, "area", "请指定低保类别"},
		{"bad area", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Area: "郊区", Members: []shebao.AssistMember{{IDNo: man, Income: zero}}}, "area", "应为城市或农村"},
		{"no members", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01"}, "members", "至少应有一名"},
		{"bad id", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero}, {IDNo: "640106198207200220", Income: zero}}}, "members[1].id_no", "第2位成员的身份证号"},
		{"same person twice", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero}, {IDNo: strings.ToLower(man), Income: zero}}}, "members[1].id_no", "与第1位成员的身份证号相同"},
		{"no income", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man}}}, "members[0].income", "缺少月收入"},
		{"both incomes", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero, Incomes: []shebao.AssistIncome{{Kind: "工资性收入", Amount: 1}}}}}, "members[0].income", "只能填一种"},
		{"negative", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: woman, Income: neg}}}, "members[0].income", "不能为负"},
		{"unknown kind", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Incomes: []shebao.AssistIncome{{Kind: "彩票", Amount: 1}}}}}, "members[0].incomes[0].kind", "收入种类“彩票”不在政策参数中"},
		{"unknown category", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero, Categories: []string{"单亲"}}}}, "members[0].categories", "可填:重度残疾人、重病患者"},
		{"age category typed", shebao.AssistQuoteRequest{Region: "640106100201", Date: "2025-06-01", Members: []shebao.AssistMember{{IDNo: man, Income: zero, Categories: []string{"老年人"}}}}, "members[0].categories", "按年龄认定"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := QuoteDibao(set, tt.req)
			if err == nil {
				t.Fatal("no error")
			}
			e, ok := err.(*shebao.Error)
			if !ok || e.Code != shebao.EINVALID || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("error %#v, want field %q and %q", err, tt.field, tt.msg)
			}
		})
	}
}

// TestAreaOfRegion follows the national code rules: 居委会 001–199, 村委会
// 200–599 at the village level; 街道 001–099 at the town level.
func TestAreaOfRegion(t *testing.T) {
	for code, want := range map[string]string{
		"640106001001": "城市", "640106100199": "城市", "640106100200": "农村", "640106100599": "农村",
		"640106001000": "城市", "640106099000": "城市", "640106100000": "", "640106200000": "",
		"640106000000": "", "640106100600": "", "bad": "",
	} {
		got, _, ok := AreaOfRegion(code)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", code, got, ok, want)
		}
	}
}

// TestAssistTables refuses inconsistent 分类施保 and income tables.
func TestAssistTables(t *testing.T) {
	for _, tt := range []struct {
		v    tableValue
		want string
	}{
		{&DibaoExtras{{Category: "老年人", MinAge: 60}}, "rate"},
		{&DibaoExtras{{Category: "老年人", MinAge: 60, Rate: 100000, Amount: 100}}, "之一"},
		{&DibaoExtras{{Category: "a", Rate: 1}, {Category: "a", Rate: 1}}, "重复"},
		{&DibaoExtras{{Category: "a", MinAge: 18, MaxAge: 10, Rate: 1}}, "年龄范围"},
		{&IncomeKinds{}, "至少"},
		{&IncomeKinds{{Name: "x", Class: "其他", Counted: 0}}, "收入类别"},
		{&IncomeKinds{{Name: "x", Class: "工资性收入", Counted: 2 * shebao.RatePPM}}, "0%–100%"},
	} {
		if err := tt.v.validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.v, err, tt.want)
		}
	}
}
