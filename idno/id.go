package idno

import (
	"strings"
	"time"
)

// ID is a validated 公民身份号码 (GB 11643-1999). It is the key of a person in
// the registry, so it is always held in one normalised 18-character form:
// two spellings of the same number must never become two persons.
type ID struct {
	Number   string    // normalised 18-char form, upper-case X
	Region   string    // first 6 digits (GB/T 2260 address code)
	Birth    time.Time // birth date, UTC midnight
	Male     bool      // sequence digit 17 odd = male
	Upgraded bool      // true when the input was a legacy 15-digit number
}

// idWeights are the GB 11643 weights 2^(17−i) mod 11 of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps Σ(dᵢ·wᵢ) mod 11 to the check character (ISO 7064
// MOD 11-2, where 10 is written X).
const idCheckChars = "10X98765432"

// earliestBirthYear is the floor of plausible birth years: a living insured
// person born before 1900 is a typing error, and GB 11643 numbers of such
// persons are not issued in practice.
const earliestBirthYear = 1900

// NormalizeID returns s with white space (including full-width spaces, tabs
// and NBSP, also inside the number) removed, full-width digits and letters
// mapped to ASCII and a lower-case x upper-cased. It does not validate, so
// that a form can show the clerk the cleaned value next to the reason
// ParseID rejects it.
func NormalizeID(s string) string { return fold(s, foldX) }

// ParseID normalises s and validates it as a 公民身份号码. A legacy 15-digit
// number is upgraded to 18 digits ("19" inserted before the two-digit year,
// check character computed) because the registry keys persons by the 18-digit
// form only. today bounds the birth date (compared as calendar dates in
// today's location); it is a parameter so that validation is reproducible.
//
// The checks run from the most specific reason to the least: characters,
// length, address code, birth date, sequence and finally the check
// character, so that a typing error in the date is reported as such rather
// than as a bare check-character mismatch.
func ParseID(s string, today time.Time) (ID, error) {
	n := NormalizeID(s)
	if n == "" {
		return ID{}, errorf("身份证号码为空")
	}
	pos := 0
	for _, r := range n {
		pos++
		if ('0' <= r && r <= '9') || r == 'X' {
			continue
		}
		return ID{}, errorf("第%d位含非法字符%s(身份证号码只由数字和末位的X组成)", pos, quote(r))
	}
	if len(n) != 18 && len(n) != 15 {
		return ID{}, errorf("长度应为18位(或15位旧号码),实为%d位", len(n))
	}
	if i := strings.IndexByte(n, 'X'); i >= 0 && !(len(n) == 18 && i == 17) {
		if len(n) == 15 {
			return ID{}, errorf("15位旧号码应全为数字,第%d位却为X", i+1)
		}
		return ID{}, errorf("X只能作为第18位校验码,不能出现在第%d位", i+1)
	}
	upgraded := len(n) == 15
	if upgraded {
		n = n[:6] + "19" + n[6:]
	}

	region := n[:6]
	if !validProvince(region[:2]) {
		return ID{}, errorf("地址码%s无效:前两位%s不是省级行政区划代码", region, region[:2])
	}

	date := n[6:14]
	y, m, d := atoi(date[:4]), atoi(date[4:6]), atoi(date[6:8])
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return ID{}, errorf("出生日期不是有效日期:%s", date)
	}
	if y < earliestBirthYear {
		return ID{}, errorf("出生日期早于1900年1月1日:%s", date)
	}
	ty, tm, td := today.Date()
	if dateAfter(y, m, d, ty, int(tm), td) {
		return ID{}, errorf("出生日期晚于今天:%s", date)
	}

	if n[14:17] == "000" {
		return ID{}, errorf("顺序码不能为000")
	}

	check := idCheck(n[:17])
	if upgraded {
		n += string(check)
	} else if n[17] != check {
		return ID{}, errorf("校验码错误:末位应为%c,实为%c", check, n[17])
	}

	return ID{
		Number:   n,
		Region:   region,
		Birth:    time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC),
		Male:     (n[16]-'0')%2 == 1,
		Upgraded: upgraded,
	}, nil
}

// CheckCharID returns the GB 11643 check character ('0'–'9' or 'X') of the
// first 17 digits of an ID number. It is exported for generating test and
// demo data and for upgrading legacy numbers outside ParseID.
func CheckCharID(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errorf("计算校验码需要前17位数字,实为%d位", len([]rune(first17)))
	}
	for i := 0; i < 17; i++ {
		if !isDigit(first17[i]) {
			return 0, errorf("计算校验码需要前17位数字,第%d位不是数字", i+1)
		}
	}
	return idCheck(first17), nil
}

// idCheck computes the check character of 17 ASCII digits, unchecked.
func idCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// SexName returns "男" or "女", the wording of forms and rosters.
func (id ID) SexName() string {
	if id.Male {
		return "男"
	}
	return "女"
}

// AgeOn returns the completed years and months of age on date d (taken as a
// calendar date in d's location), as benefit rules need: retirement, age
// bands of land-expropriated farmers and the residents' pension all turn on
// completed months.
//
// A month is completed on the day of the month matching the birth day; when
// that month has no such day, on its last day (民法典 第二百零三条: 没有对应日
// 的,月末日为期间的最后一日). So a person born on 29 February is one year old on
// 28 February of the next year. Before the birth date both results are 0.
func (id ID) AgeOn(d time.Time) (years, months int) {
	by, bm, bd := id.Birth.Date()
	dy, dm, dd := d.Date()
	total := (dy-by)*12 + int(dm) - int(bm)
	if dd < min(bd, daysIn(dy, int(dm))) {
		total--
	}
	if total < 0 {
		return 0, 0
	}
	return total / 12, total % 12
}

// atoi converts a short string of ASCII digits the caller has checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// daysIn returns the number of days of month m (1–12) of year y in the
// proleptic Gregorian calendar.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateAfter reports whether date (y, m, d) is later than (y2, m2, d2).
func dateAfter(y, m, d, y2, m2, d2 int) bool {
	if y != y2 {
		return y > y2
	}
	if m != m2 {
		return m > m2
	}
	return d > d2
}

// ParseIDTail reads the last 4 to 6 characters of an ID number that a
// clerk searches by (read off a card, heard on the phone): digits, the
// last one possibly X, folded like a whole number (full-width digits,
// lower-case x).
func ParseIDTail(s string) (string, error) {
	t := NormalizeID(s)
	if len(t) < 4 || len(t) > 6 || !allDigits(t[:len(t)-1]) || !(isDigit(t[len(t)-1]) || t[len(t)-1] == 'X') {
		return "", errorf("“%s”无效,应为身份证号的后4至6位数字(末位可为X)", s)
	}
	return t, nil
}
