package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// The value helpers below are pure: they parse one cell's text as clerks
// type it (or as Excel stores it) and return messages in Chinese.

// maxSerial is the Excel serial of 9999-12-31, the last date Excel knows.
const maxSerial = 2958465

// ParseDate parses a date cell: 2006-01-02, 2006/1/2, 2006.1.2, 20060102,
// 2006年1月2日 (also with 号), and Excel serial numbers in the 1900 date
// system ("45292" is 2024-01-01; serial 60, Excel's fictitious 1900-02-29,
// is rejected). A time after the date ("2024/1/1 00:00", as excelize shows a
// date-time cell) is ignored. Full-width digits are accepted. The result is
// midnight UTC.
//
// A bare number from 1000 to 2999 is taken for a year typed into a date
// column and rejected, not read as a serial of 1902–1908.
func ParseDate(s string) (time.Time, error) {
	t := trimValue(s)
	d := width.Fold.String(t)
	if i := strings.IndexFunc(d, isBlankRune); i >= 0 {
		d = d[:i] // drop a time of day
	} else if len(d) > 10 && d[10] == 'T' {
		d = d[:10] // ISO 8601 date-time
	}
	if y, m, day, ok := parseYMD(d); ok {
		return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC), nil
	}
	if tm, ok := parseSerial(d); ok {
		return tm, nil
	}
	return time.Time{}, fmt.Errorf("日期格式无法识别:%s", t)
}

// parseYMD parses the year-month-day forms of ParseDate and checks the date
// exists.
func parseYMD(d string) (y, m, day int, ok bool) {
	var ys, ms, ds string
	switch {
	case len(d) == 8 && isDigits(d):
		ys, ms, ds = d[:4], d[4:6], d[6:]
	case strings.Contains(d, "年"):
		var rest string
		ys, rest, _ = strings.Cut(d, "年")
		if ms, rest, ok = strings.Cut(rest, "月"); !ok {
			return 0, 0, 0, false
		}
		ds = strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
	default:
		sep := strings.IndexAny(d, "-/.")
		if sep < 0 {
			return 0, 0, 0, false
		}
		parts := strings.Split(d, d[sep:sep+1])
		if len(parts) != 3 {
			return 0, 0, 0, false
		}
		ys, ms, ds = parts[0], parts[1], parts[2]
	}
	if y, m, ok = yearMonth(ys, ms); !ok || len(ds) < 1 || len(ds) > 2 || !isDigits(ds) {
		return 0, 0, 0, false
	}
	day, _ = strconv.Atoi(ds)
	if day < 1 || day > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, day, true
}

// yearMonth parses a four-digit year and a one- or two-digit month.
func yearMonth(ys, ms string) (y, m int, ok bool) {
	if len(ys) != 4 || !isDigits(ys) || len(ms) < 1 || len(ms) > 2 || !isDigits(ms) {
		return 0, 0, false
	}
	y, _ = strconv.Atoi(ys)
	m, _ = strconv.Atoi(ms)
	if y < 1000 || m < 1 || m > 12 {
		return 0, 0, false
	}
	return y, m, true
}

// daysIn returns the number of days in a month.
func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseSerial parses an Excel serial date of the 1900 date system; a
// fraction (time of day) is ignored.
func parseSerial(d string) (time.Time, bool) {
	ip, frac, hasFrac := strings.Cut(d, ".")
	if ip == "" || len(ip) > 7 || !isDigits(ip) || (hasFrac && (frac == "" || !isDigits(frac))) {
		return time.Time{}, false
	}
	n, _ := strconv.Atoi(ip)
	if n < 1 || n > maxSerial || n == 60 || (!hasFrac && n >= 1000 && n <= 2999) {
		return time.Time{}, false
	}
	// Excel counts 1900-02-29, which did not exist: serials after it are one
	// day ahead, so they count from 1899-12-30, those before from 1899-12-31.
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if n < 60 {
		base = base.AddDate(0, 0, 1)
	}
	return base.AddDate(0, 0, n), true
}

// ParseMonth parses a month cell (费款所属期, 缴费年月): 2024-03, 2024/3,
// 202403, 2024年3月 (also 2024年3月份), 2024.03, a full date (its month is
// taken), or an Excel serial date.
func ParseMonth(s string) (year, month int, err error) {
	t := trimValue(s)
	d := strings.TrimSuffix(width.Fold.String(t), "份")
	bad := fmt.Errorf("月份格式无法识别:%s", t)
	switch {
	case len(d) == 6 && isDigits(d):
		if y, m, ok := yearMonth(d[:4], d[4:]); ok {
			return y, m, nil
		}
		return 0, 0, bad
	case strings.HasSuffix(d, "月") && strings.Count(d, "年") == 1:
		ys, ms, _ := strings.Cut(strings.TrimSuffix(d, "月"), "年")
		if y, m, ok := yearMonth(ys, ms); ok {
			return y, m, nil
		}
		return 0, 0, bad
	}
	if sep := strings.IndexAny(d, "-/."); sep >= 0 {
		if parts := strings.Split(d, d[sep:sep+1]); len(parts) == 2 {
			if y, m, ok := yearMonth(parts[0], parts[1]); ok {
				return y, m, nil
			}
			// "45292.5" is a serial with a time; fall through to ParseDate.
		}
	}
	tm, derr := ParseDate(t)
	if derr != nil {
		return 0, 0, bad
	}
	return tm.Year(), int(tm.Month()), nil
}

// ParseYuan parses an amount of money in 元 into integer 分, exactly and
// without floating point. Accepted: "3500", "3500.5", "3,500.50" (commas only
// as thousands separators), "¥3500.00" or "￥3500.00", "3500元", surrounding
// spaces, full-width digits, and a leading minus ("-12.30", also before the
// currency sign). More than two decimals is an error unless the extra digits
// are zeros ("3500.500" is 3500.50).
func ParseYuan(s string) (fen int64, err error) {
	t := trimValue(s)
	d := width.Fold.String(t)
	d = strings.ReplaceAll(d, "\u2212", "-") // U+2212 MINUS SIGN
	d = trimValue(strings.TrimSuffix(d, "元"))
	neg := false
	if strings.HasPrefix(d, "-") {
		neg, d = true, trimValue(d[1:])
	} else if strings.HasPrefix(d, "+") {
		d = trimValue(d[1:])
	}
	if c := strings.TrimPrefix(d, "¥"); c != d {
		d = trimValue(c)
		if !neg && strings.HasPrefix(d, "-") {
			neg, d = true, d[1:]
		}
	}
	intPart, frac, hasDot := strings.Cut(d, ".")
	if (intPart == "" && frac == "") || (hasDot && frac != "" && !isDigits(frac)) {
		return 0, fmt.Errorf("金额格式错误:%s", t)
	}
	if strings.Contains(intPart, ",") {
		if !validGrouping(intPart) {
			return 0, fmt.Errorf("金额格式错误:%s", t)
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	if intPart != "" && !isDigits(intPart) {
		return 0, fmt.Errorf("金额格式错误:%s", t)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > 2 {
		return 0, fmt.Errorf("金额最多两位小数:%s", t)
	}
	frac += "00"[len(frac):]
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	var v uint64
	for _, c := range intPart + frac {
		digit := uint64(c - '0')
		if v > (limit-digit)/10 {
			return 0, fmt.Errorf("金额超出范围:%s", t)
		}
		v = v*10 + digit
	}
	if neg {
		return int64(-v), nil // -v wraps to MinInt64 exactly when v is 1<<63
	}
	return int64(v), nil
}

// validGrouping reports whether digits with commas are grouped in threes:
// "3,500" and "1,234,567" but not "3,50" or ",350".
func validGrouping(s string) bool {
	groups := strings.Split(s, ",")
	for i, g := range groups {
		if !isDigits(g) || (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return false
		}
	}
	return true
}

// FormatYuan formats 分 as 元 with two decimals: 350050 → "3500.50",
// -5 → "-0.05". ParseYuan reads it back exactly.
func FormatYuan(fen int64) string {
	u := uint64(fen)
	sign := ""
	if fen < 0 {
		u, sign = -u, "-"
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// LooksLikeLostPrecision reports numeric text in E-notation, such as
// "1.10105194912310E+17" or "1.10105E+17": what a long number (身份证号, bank
// account) becomes when Excel stores it as a number and it is then saved to
// CSV or shown in General format. Its digits cannot be recovered; the
// importer should reject the row and ask for the column as text. An xlsx
// number cell with the "0" number format shows as "110105194912310000"
// instead; the Reader reports those in Row.LostDigits, and Row.PrecisionLost
// checks both.
func LooksLikeLostPrecision(s string) bool {
	t := width.Fold.String(trimValue(s))
	mant, exp, ok := strings.Cut(strings.ToUpper(t), "E")
	if !ok {
		return false
	}
	mant = strings.TrimLeft(mant, "+-")
	ip, frac, _ := strings.Cut(mant, ".")
	exp = strings.TrimLeft(exp, "+-")
	return ip != "" && isDigits(ip) && (frac == "" || isDigits(frac)) && exp != "" && isDigits(exp)
}

// isDigits reports whether s is non-empty and all ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
