package report

import (
	"testing"

	"github.com/shebao/shebao"
)

func TestFundSentence(t *testing.T) {
	months := func(s string) *string { return &s }
	for _, c := range []struct {
		f    shebao.FundStatus
		want string
	}{
		// The seed's figure: a balance of 74.64 months of expenditure.
		{shebao.FundStatus{Balance: shebao.Yuan(7464), Months: months("74.64")}, ",企业养老保险基金抗风险支付能力达74.64个月"},
		{shebao.FundStatus{Balance: shebao.Yuan(-16480), Months: months("-10.99")}, ",企业养老保险基金结余为负(-1.65万元)"},
		{shebao.FundStatus{Balance: shebao.Yuan(100)}, ""}, // spent nothing in the year: no months
	} {
		if got := fundSentence(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
}

func TestNumbersInChineseStyle(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{persons(17404), "17404人"}, {persons(99999), "99999人"}, {persons(157000), "15.7万人"}, {persons(261000), "26.1万人"},
		{wan(shebao.Money(187230000)), "187.23"}, {wan(shebao.Money(160500 * 100)), "16.05"}, {wan(shebao.Money(94339000 * 10)), "943.39"},
		{chineseDate("2005-04-30"), "2005年4月30日"},
		{change(17404, 16000), ",比上年增加1404人,增长8.78%"}, {change(90, 100), ",比上年减少10人,下降10.00%"},
		{change(5, 5), ",与上年持平"}, {change(5, 0), ""},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
