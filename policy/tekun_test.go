package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// TestQuoteTekun checks the 特困 rules (docs/DOMAIN.md §9) on the shipped
// example policy — rural 低保 standard 520.00, urban 800.00, basic living
// standard 130% of it, care 全自理 10%, 半护理 30%, 全护理 60% of the 低保
// standard — with figures worked by hand:
//
//   - a man of 75 in 魏家桥村 with 200.00 a month, 全护理: basic 520.00 ×
//     130% = 676.00, care 520.00 × 60% = 312.00, monthly 988.00;
//   - a certified disabled woman of 42 in 东门社区 (urban) without income,
//     全自理: basic 800.00 × 130% = 1040.00, care 80.00, monthly 1120.00;
//   - an orphan of 9 in 魏家桥村, 半护理: 676.00 + 156.00 = 832.00;
//   - a town's own standard 533.33 from 2025: 533.33 × 130% = 693.329 →
//     693.33, 全护理 533.33 × 60% = 319.998 → 320.00, monthly 1013.33.
func TestQuoteTekun(t *testing.T) {
	set := NewSet(append(Default(), Param{Key: "assist.dibao.rural", Region: "640106101000", Value: "533.33", From: "2025-01-01", Source: "丰登镇示例"}))
	old, woman, orphan := assistID(t, "19500110", "051"), assistID(t, "19820720", "022"), assistID(t, "20150901", "031")
	for _, tt := range []struct {
		name                           string
		req                            shebao.TekunQuoteRequest
		basic, care, monthly, category string
	}{
		{"elderly, full care", shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: old, Income: yuanp(t, "200"), CareLevel: "全护理"},
			"676.00", "312.00", "988.00", "老年人"},
		{"disabled, urban", shebao.TekunQuoteRequest{Region: "640106001001", Date: "2025-06-01", IDNo: woman, Income: yuanp(t, "0"), Disabled: true, CareLevel: "全自理"},
			"1040.00", "80.00", "1120.00", "残疾人"},
		{"orphan", shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: orphan, Income: yuanp(t, "0"), CareLevel: "半护理"},
			"676.00", "156.00", "832.00", "未成年人"},
		{"rounding", shebao.TekunQuoteRequest{Region: "640106101201", Date: "2025-06-01", IDNo: old, Income: yuanp(t, "0"), CareLevel: "全护理"},
			"693.33", "320.00", "1013.33", "老年人"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := QuoteTekun(set, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !q.Eligible || q.Basic.String() != tt.basic || q.Care.String() != tt.care || q.Monthly.String() != tt.monthly || q.Category != tt.category {
				t.Errorf("%+v\n%s", q, q.Explain)
			}
			if !strings.Contains(q.Explain, "月供养金 = "+tt.basic+" + "+tt.care+" = "+tt.monthly+"元") {
				t.Errorf("explain %s", q.Explain)
			}
		})
	}
	// Conditions not met: each named in the reason, nothing to pay.
	for _, tt := range []struct {
		name string
		req  shebao.TekunQuoteRequest
		want []string
	}{
		{"working age, not disabled", shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: woman, Income: yuanp(t, "0"), CareLevel: "全自理"},
			[]string{"42周岁,既非60周岁以上老年人、未满16周岁的未成年人,也未认定残疾"}},
		{"income at the standard, an obligor", shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: old, Income: yuanp(t, "520"), Obligor: true, CareLevel: "全自理"},
			[]string{"月收入520.00元不低于农村低保标准520.00元", "有履行义务能力的法定赡养、抚养、扶养义务人"}},
	} {
		q, err := QuoteTekun(set, tt.req)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if q.Eligible || q.Monthly != 0 || !strings.Contains(q.Reason, w) {
				t.Errorf("%s: %+v, want %q", tt.name, q, w)
			}
		}
	}
	// A 16-year-old is no longer a minor; bad input names the field.
	sixteen := assistID(t, "20090601", "011")
	if q, err := QuoteTekun(set, shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: sixteen, Income: yuanp(t, "0"), CareLevel: "全自理"}); err != nil || q.Eligible {
		t.Errorf("16: %+v %v", q, err)
	}
	for _, tt := range []struct {
		req        shebao.TekunQuoteRequest
		field, msg string
	}{
		{shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: old, Income: yuanp(t, "0"), CareLevel: "特护"}, "care_level", "应为全自理、半护理、全护理之一"},
		{shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: "640106195001100510", Income: yuanp(t, "0"), CareLevel: "全自理"}, "id_no", "身份证号"},
		{shebao.TekunQuoteRequest{Region: "640106100201", Date: "2025-06-01", IDNo: old, CareLevel: "全自理"}, "income", "缺少月收入"},
		{shebao.TekunQuoteRequest{Region: "640106100201", IDNo: old, Income: yuanp(t, "0"), CareLevel: "全自理"}, "date", "缺少日期"},
	} {
		_, err := QuoteTekun(set, tt.req)
		if e, ok := err.(*shebao.Error); !ok || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) || strings.Contains(e.Message, "成员") {
			t.Errorf("%+v: %#v, want %s %q", tt.req, err, tt.field, tt.msg)
		}
	}
}
