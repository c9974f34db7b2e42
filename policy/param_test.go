package policy

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

func parse(t *testing.T, s string) ([]Param, error) {
	t.Helper()
	return Parse(strings.NewReader(s))
}

func TestParseCanonical(t *testing.T) {
	ps, err := parse(t, `
[[param]]
key = "rate.110.employer"
value = " 16.00% "
from = 2019-05-01
source = "国办发〔2019〕13号"

[[param]]
key = "wage.avg_monthly"
value = 8000
from = "2024-01-01"
to = 2025-01-01
region = "640106"
source = "示例"
example = true

[[param]]
key = "wage.avg_monthly"
value = 8123.5
from = 2025-01-01
region = "640106"
source = "示例"

[[param]]
key = "pension.transition_coef"
value = 1.20
from = 2006-01-01
source = "示例"

[[param]]
key = "resident_pension.age"
value = "60"
from = 2014-02-21
source = "国发〔2014〕8号"

[[param]]
key = "land.rounding"
value = "ceil"
from = 2005-01-01
source = "示例"

[[param]]
key = "injury.lump_months"
from = 2011-01-01
source = "工伤保险条例"
[[param.value]]
grade = 1
months = 27
[[param.value]]
grade = 2
months = 25
[[param.value]]
grade = 3
months = 23
[[param.value]]
grade = 4
months = 21
[[param.value]]
grade = 5
months = 18
[[param.value]]
grade = 6
months = 16
[[param.value]]
grade = 7
months = 13
[[param.value]]
grade = 8
months = 11
[[param.value]]
grade = 9
months = 9
[[param.value]]
grade = 10
months = 7
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{
		{Key: "rate.110.employer", From: "2019-05-01", Value: "16%", Source: "国办发〔2019〕13号"},
		{Key: "wage.avg_monthly", Region: "640106000000", From: "2024-01-01", To: "2025-01-01", Value: "8000.00", Source: "示例", Example: true},
		{Key: "wage.avg_monthly", Region: "640106000000", From: "2025-01-01", Value: "8123.50", Source: "示例"},
		{Key: "pension.transition_coef", From: "2006-01-01", Value: "1.2", Source: "示例"},
		{Key: "resident_pension.age", From: "2014-02-21", Value: "60", Source: "国发〔2014〕8号"},
		{Key: "land.rounding", From: "2005-01-01", Value: `"ceil"`, Source: "示例"},
	}
	if len(ps) != 7 {
		t.Fatalf("got %d params, want 7", len(ps))
	}
	for i, w := range want {
		if ps[i] != w {
			t.Errorf("param %d = %+v, want %+v", i+1, ps[i], w)
		}
	}
	var months InjuryMonths
	if err := json.Unmarshal([]byte(ps[6].Value), &months); err != nil {
		t.Fatal(err)
	}
	if got, _ := months.For(10); got != 7 {
		t.Errorf("grade 10 = %d, want 7", got)
	}
}

// Every problem of a file is reported at once, with the entry number and key.
func TestParseReportsAllProblems(t *testing.T) {
	_, err := parse(t, `
[[param]]
key = "rate.999.employer"
value = "1%"
from = 2020-01-01
source = "x"

[[param]]
key = "rate.110.employer"
value = "sixteen"
from = 2020-01-01
source = "x"

[[param]]
key = "rate.110.individual"
value = 8
from = 2020-01-01
source = "x"

[[param]]
key = "wage.avg_monthly"
value = "8000.123"
from = 2020-01-01
source = "x"

[[param]]
key = "wage.min_monthly"
value = "2000"
from = 2020-01-01
to = 2019-01-01
source = "x"

[[param]]
key = "base.floor"
value = "60%"
from = 2020-01-01
region = "990000"
source = "x"

[[param]]
key = "base.ceiling"
value = "300%"
from = 2020-01-01

[[param]]
key = "late_fee.daily"
value = "0.05%"
from = 2020-01-01
source = "x"

[[param]]
key = "late_fee.daily"
value = "0.05%"
from = 2021-01-01
to = 2022-01-01
source = "x"

[[param]]
key = "late_fee.daily"
value = "0.05%"
from = 2021-01-01
region = "64"
source = "x"

[[param]]
key = "rate.410.class"
value = [ { class = 1, rate = "0.2%" } ]
from = 2020-01-01
source = "x"

[[param]]
key = "account.110.rate"
valu = "8%"
from = 2020-01-01T08:00:00
source = "x"

[[param]]
key = "land.bands"
value = [ { name = "a", kind = "cash", min_age = 0 } ]
from = 2020-01-01
source = "x"

[[param]]
key = "pension.divisor"
value = [ { age = 60, months = 139, extra = 1 }, { age = 61, months = 132 } ]
from = 2020-01-01
source = "x"

[[param]]
key = "wage.avg_monthly"
value = "-1"
from = 2020-01-01
source = "x"

[[param]]
key = "resident_pension.age"
value = 60.5
from = 2020-01-01
source = "x"
`)
	if err == nil {
		t.Fatal("no error")
	}
	if got, want := shebao.ErrorCode(err), shebao.EINVALID; got != want {
		t.Errorf("code = %s, want %s", got, want)
	}
	msg := shebao.ErrorMessage(err)
	for _, want := range []string{
		"第1条(rate.999.employer):参数目录中没有这个参数",
		"第2条(rate.110.employer):「企业职工基本养老保险单位费率」的取值错误:比例应写成带百分号的文本",
		"第3条(rate.110.individual):「企业职工基本养老保险个人费率」的取值错误:比例应写成带百分号的文本,如\"16%\",实为8",
		"第4条(wage.avg_monthly):「上年度社会平均工资(月)」的取值错误:金额最多两位小数",
		"第5条(wage.min_monthly):失效日期to 2019-01-01 应晚于生效日期from 2020-01-01",
		"第6条(base.floor):区划代码region错误",
		"第7条(base.ceiling):缺少文件依据source",
		"第9条(late_fee.daily):与第8条在全国的期间重叠",
		"第11条(rate.410.class):「工伤保险行业基准费率」的取值错误:应有一至八类共8个费率,实有1个",
		"第12条(account.110.rate):未知字段\"valu\"",
		"第12条(account.110.rate):from应为日期",
		"第12条(account.110.rate):缺少取值value",
		"第13条(land.bands):「被征地农民年龄段及保障标准」的取值错误:a:保障方式应为one_off、pension或allowance",
		"第14条(pension.divisor):「个人账户养老金计发月数表」的取值错误:表格结构不符合DivisorTable:未知字段\"extra\"",
		"第15条(wage.avg_monthly):「上年度社会平均工资(月)」的取值错误:金额不能为负",
		"第16条(resident_pension.age):「城乡居民养老金领取年龄」的取值错误:应为整数,实为60.5",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	// A province's entry does not overlap the national one (第10条).
	if strings.Contains(msg, "第10条") {
		t.Errorf("entry 10 reported:\n%s", msg)
	}
	if !strings.HasPrefix(msg, "政策参数有16处错误") {
		t.Errorf("message should count 16 problems:\n%s", msg)
	}
}

func TestParseSyntaxAndShape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[[param]]\nkey = \n", "不是有效的TOML(第2行)"},
		{"param = 5\n", "结构错误"},
		{"title = \"x\"\n", "未知的顶层项\"title\""},
		{"[[param]]\nkey = 5\nvalue = \"1%\"\nfrom = 2020-01-01\nsource = \"x\"\n", "参数名key应为非空文本"},
		{"[[param]]\nvalue = \"1%\"\nfrom = 2020-01-01\nsource = \"x\"\n", "第1条:缺少参数名key"},
		{"[[param]]\nkey = \"base.floor\"\nvalue = \"60%\"\nsource = \"x\"\n", "缺少生效日期from"},
		{"[[param]]\nkey = \"base.floor\"\nvalue = \"60%\"\nfrom = 2020-02-30\nsource = \"x\"\n", "不是有效的TOML"},
		{"[[param]]\nkey = \"base.floor\"\nvalue = \"60%\"\nfrom = \"2020-02-30\"\nsource = \"x\"\n", "应为日期YYYY-MM-DD"},
		{"[[param]]\nkey = \"base.floor\"\nvalue = true\nfrom = 2020-01-01\nsource = \"x\"\n", "应为带百分号的比例,实为布尔值"},
		{"[[param]]\nkey = \"base.floor\"\nvalue = \"60%\"\nfrom = 2020-01-01\nsource = \"x\"\nexample = \"yes\"\n", "example应为true或false"},
		{"[[param]]\nkey = \"land.rounding\"\nvalue = \"up\"\nfrom = 2020-01-01\nsource = \"x\"\n", "取整方式应为"},
		{"[[param]]\nkey = \"rate.410.class\"\nvalue = [ { class = 1, rate = 0.2 } ]\nfrom = 2020-01-01\nsource = \"x\"\n", "比例应写成带百分号的文本"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.in)
		if err == nil {
			t.Errorf("%q: no error", tt.in)
			continue
		}
		if msg := shebao.ErrorMessage(err); !strings.Contains(msg, tt.want) {
			t.Errorf("%q: message %q lacks %q", tt.in, msg, tt.want)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	ps, err := parse(t, "# nothing yet\n")
	if err != nil || len(ps) != 0 {
		t.Errorf("Parse(empty) = %v, %v", ps, err)
	}
}

// Validate is the same check for parameters that do not come from TOML
// (a form, a database row).
func TestValidate(t *testing.T) {
	ps, err := Validate([]Param{
		{Key: "rate.110.employer", Value: "16%", From: "2019-05-01", Source: "国办发〔2019〕13号"},
		{Key: "pension.divisor", Value: `[{"age":60,"months":139},{"age":61,"months":132}]`, From: "2006-01-01", Source: "x"},
		{Key: "resident_pension.tiers", Value: `[{"amount":100,"subsidy":"30"}]`, From: "2014-01-01", Source: "x", Region: "6401"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ps[2].Value, `[{"amount":"100.00","subsidy":"30.00"}]`; got != want {
		t.Errorf("canonical table = %s, want %s", got, want)
	}
	if got, want := ps[2].Region, "640100000000"; got != want {
		t.Errorf("region = %s, want %s", got, want)
	}
	_, err = Validate([]Param{
		{Key: "rate.110.employer", Value: "16", From: "2019-05-01", Source: "x"},
		{Key: "pension.divisor", Value: `{"age":60}`, From: "2006-01-01", Source: "x"},
		{Key: "pension.divisor", Value: `[{"age":60,"months":139},{"age":62,"months":125}]`, From: "2007-01-01", Source: "x"},
	})
	msg := shebao.ErrorMessage(err)
	for _, want := range []string{"第1条(rate.110.employer)", "第2条(pension.divisor)", "第3条(pension.divisor):「个人账户养老金计发月数表」的取值错误:年龄应从小到大逐岁连续"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

// The README documents every key of the catalogue.
func TestREADMEListsCatalogue(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Catalogue {
		if !strings.Contains(string(b), "`"+d.Key+"`") {
			t.Errorf("README.md does not mention `%s`", d.Key)
		}
	}
}
