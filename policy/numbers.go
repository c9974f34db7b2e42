package policy

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/shebao/shebao"
)

// IndexScale is the denominator of a contribution index or other decimal
// carried with four places: 1.2 is 12000.
const IndexScale = 10000

// ParseDecimal parses a non-negative decimal such as "1.2" or "0.6" into an
// integer scaled by 10^places: ParseDecimal("1.2", 4) is 12000. More
// decimals than places is an error, not a silent rounding.
func ParseDecimal(s string, places int) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	n, err := normalizeDecimal(s)
	if err != nil {
		return 0, shebao.FieldErrorf("", "%s:%q", err.Error(), orig)
	}
	intPart, frac, _ := strings.Cut(n, ".")
	if len(frac) > places {
		return 0, shebao.FieldErrorf("", "小数位数超过%d位:%q", places, orig)
	}
	frac += strings.Repeat("0", places-len(frac))
	var v int64
	for _, c := range intPart + frac {
		if v > (math.MaxInt64-9)/10 {
			return 0, shebao.FieldErrorf("", "数值超出范围:%q", orig)
		}
		v = v*10 + int64(c-'0')
	}
	return v, nil
}

// normalizeDecimal checks that s is a non-negative decimal ("1", "1.20",
// "0.5") and returns it without superfluous zeros ("1.2", "0.5").
func normalizeDecimal(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("数值为空")
	}
	if len(s) > 40 {
		return "", fmt.Errorf("数值过长")
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return "", fmt.Errorf("数值格式错误(应如 1.2)")
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return "", fmt.Errorf("数值格式错误(只能由数字和小数点组成,不能为负)")
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac == "" {
		return intPart, nil
	}
	return intPart + "." + frac, nil
}

// formatScaled writes v / 10^places with exactly that many decimals:
// formatScaled(12000, 4) is "1.2000".
func formatScaled(v int64, places int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	den := int64(1)
	for range places {
		den *= 10
	}
	if places == 0 {
		return fmt.Sprintf("%s%d", sign, v)
	}
	return fmt.Sprintf("%s%d.%0*d", sign, v/den, places, v%den)
}

// formatIndex writes a four-place index: "1.2000".
func formatIndex(i int64) string { return formatScaled(i, 4) }

// formatTenths writes a divisor in tenths of a month without a trailing
// ".0": 1390 → "139", 1384 → "138.4".
func formatTenths(t int) string {
	if t%10 == 0 {
		return fmt.Sprintf("%d", t/10)
	}
	return formatScaled(int64(t), 1)
}

// formatYearsMonths writes a number of months as 年 and 个月: "30年",
// "30年5个月", "5个月".
func formatYearsMonths(m int) string {
	switch {
	case m%12 == 0:
		return fmt.Sprintf("%d年", m/12)
	case m < 12:
		return fmt.Sprintf("%d个月", m)
	default:
		return fmt.Sprintf("%d年%d个月", m/12, m%12)
	}
}

// mulDivRound returns the product of factors divided by den, rounded half
// away from zero (四舍五入), computed exactly. ok is false when the result
// does not fit in an int64. den must not be zero.
func mulDivRound(den int64, factors ...int64) (v int64, ok bool) {
	p := big.NewInt(1)
	for _, f := range factors {
		p.Mul(p, big.NewInt(f))
	}
	q := roundQuo(p, big.NewInt(den))
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// roundQuo returns num/den rounded half away from zero.
func roundQuo(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(new(big.Int).Abs(den)) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// parsePolicyPercent parses a rate as policy files write it: text with a
// percent sign ("16%", "0.05%"). The sign is required so that 0.16 and 16
// cannot be confused; negative rates are refused.
func parsePolicyPercent(s string) (shebao.Rate, error) {
	t := strings.TrimSpace(s)
	if !strings.HasSuffix(t, "%") {
		return 0, fmt.Errorf("比例应写成带百分号的文本,如\"16%%\",实为%q", s)
	}
	r, err := shebao.ParsePercent(t)
	if err != nil {
		return 0, fmt.Errorf("%s", shebao.ErrorMessage(err))
	}
	if r < 0 {
		return 0, fmt.Errorf("比例不能为负:%q", s)
	}
	return r, nil
}

// ruleDate parses the date a rule is computed on. It is required: the rules
// of this package read no clock, so that the same request gives the same
// answer on any day; a service that offers "today" fills it in.
func ruleDate(date string) (time.Time, error) {
	date = strings.TrimSpace(date)
	if date == "" {
		return time.Time{}, shebao.FieldErrorf("date", "缺少日期(YYYY-MM-DD)")
	}
	d, err := time.Parse(shebao.DateLayout, date)
	if err != nil {
		return time.Time{}, shebao.FieldErrorf("date", "日期“%s”无效,应为YYYY-MM-DD", date)
	}
	return d, nil
}
