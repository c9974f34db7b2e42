package shebao

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Money is an amount in 分 (fen, 0.01 元). Money is never a float: every
// amount is stored, summed and compared as an integer, and converted to 元
// text only for display and JSON.
type Money int64

// Yuan returns the amount of whole yuan as Money, for literals in tests and
// policy defaults: Yuan(3700) is 3700.00 元.
func Yuan(y int64) Money { return Money(y * 100) }

// String formats the amount in 元 with two decimals: "2640.00", "-0.05".
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign = "-"
		if v == math.MinInt64 {
			return "-92233720368547758.08"
		}
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes the amount as a string of 元 with two decimals, so that
// no JSON client ever sees it as a float.
func (m Money) MarshalJSON() ([]byte, error) {
	return json.Marshal(m.String())
}

// UnmarshalJSON accepts a string of 元 ("2640.00") or, for convenience, a
// JSON number with at most two decimals. Either is parsed exactly.
func (m *Money) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseYuan(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// ParseYuan parses an amount in 元 exactly: "3500", "3500.5", "3,500.50",
// "¥3500.00", "3500元", "-12.30". More than two decimals is an error rather
// than a silent rounding: a clerk's figure is taken as written or refused.
func ParseYuan(s string) (Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "¥")
	s = strings.TrimPrefix(s, "￥")
	s = strings.TrimSuffix(s, "元")
	s = strings.ReplaceAll(s, ",", "")
	s = strings.ReplaceAll(s, "，", "")
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return 0, FieldErrorf("", "金额格式错误:%q", orig)
	}
	if len(frac) > 2 {
		return 0, FieldErrorf("", "金额最多两位小数:%q", orig)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	digits := intPart + frac
	var v int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, FieldErrorf("", "金额格式错误:%q", orig)
		}
		if v > (math.MaxInt64-9)/10 {
			return 0, FieldErrorf("", "金额超出范围:%q", orig)
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return Money(v), nil
}

// Rate is a ratio in parts per million: 8% is 80000, 0.05% is 500, 1.2% is
// 12000. Policy rates are stored as Rate so that multiplying money by a rate
// is integer arithmetic with one explicit rounding.
type Rate int64

// RatePPM is the denominator of Rate.
const RatePPM = 1_000_000

// Percent formats the rate as policy documents write it: "8%", "0.05%".
func (r Rate) Percent() string {
	v := int64(r)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	// 1% = 10000 ppm; up to 4 decimals of a percent.
	s := fmt.Sprintf("%d.%04d", v/10000, v%10000)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return sign + s + "%"
}

// ParsePercent parses a percentage as written in policy ("8", "8%", "0.05",
// "1.2%") into a Rate. Up to four decimals of a percent are exact.
func ParsePercent(s string) (Rate, error) {
	orig := s
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || len(frac) > 4 {
		return 0, FieldErrorf("", "比例格式错误:%q(最多四位小数的百分数)", orig)
	}
	for len(frac) < 4 {
		frac += "0"
	}
	var v int64
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, FieldErrorf("", "比例格式错误:%q", orig)
		}
		v = v*10 + int64(c-'0')
		if v > math.MaxInt32 {
			return 0, FieldErrorf("", "比例超出范围:%q", orig)
		}
	}
	if neg {
		v = -v
	}
	return Rate(v), nil
}

// DivRound returns num/den rounded half away from zero (四舍五入), the one
// rounding rule of the system. den must not be zero.
func DivRound(num, den int64) int64 {
	if den < 0 {
		num, den = -num, -den
	}
	q, r := num/den, num%den
	if r < 0 {
		r = -r
	}
	if 2*r >= den {
		if num < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// MulDivRound returns a*b/den rounded half away from zero, exact even when
// a*b overflows int64 (a province's annual fund times a rate can).
func MulDivRound(a, b, den int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if p := a * b; p/b == a && !(a == -1 && b == math.MinInt64) && !(b == -1 && a == math.MinInt64) {
		return DivRound(p, den)
	}
	p := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	d := big.NewInt(den)
	q, r := new(big.Int).QuoRem(p, d, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(new(big.Int).Abs(d)) >= 0 {
		if p.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// Apply returns m × r rounded half away from zero to the 分.
func (r Rate) Apply(m Money) Money {
	return Money(MulDivRound(int64(m), int64(r), RatePPM))
}
