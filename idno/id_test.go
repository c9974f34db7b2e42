package idno

import (
	"errors"
	"testing"
	"time"
)

// testToday is the fixed "today" of the tests, in China Standard Time like
// the production clock.
var testToday = time.Date(2025, 6, 15, 10, 0, 0, 0, cst)

var cst = time.FixedZone("CST", 8*3600)

// refCheckID is an independent implementation of the GB 11643 check
// character, written differently from idCheck on purpose: the recursive form
// of ISO 7064 MOD 11-2 (p = 2·(p + d) mod 11, then choose the check c with
// (p + c) mod 11 = 1, X standing for 10) instead of the weight table.
func refCheckID(first17 string) byte {
	p := 0
	for i := 0; i < len(first17); i++ {
		p = (p + int(first17[i]-'0')) * 2 % 11
	}
	for c := 0; c <= 10; c++ {
		if (p+c)%11 == 1 {
			if c == 10 {
				return 'X'
			}
			return byte('0' + c)
		}
	}
	panic("unreachable")
}

// withCheck completes 17 digits with their reference check character, so
// that invalid-input cases fail for the reason under test and not for the
// check character.
func withCheck(first17 string) string { return first17 + string(refCheckID(first17)) }

// reason returns the Reason of an *Error, failing the test for any other
// kind of error.
func reason(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *idno.Error", err, err)
	}
	return e.Reason
}

func TestCheckCharIDByHand(t *testing.T) {
	// 11010519491231002X, worked by hand:
	//   digits  1  1  0  1  0  5  1  9  4  9  1  2  3  1  0  0  2
	//   weights 7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
	//   product 7  9  0  5  0 20  2  9 24 27  7 18 30  5  0  0  4
	//   sum 167; 167 mod 11 = 2; "10X98765432"[2] = 'X'.
	got, err := CheckCharID("11010519491231002")
	if err != nil {
		t.Fatal(err)
	}
	if want := byte('X'); got != want {
		t.Errorf("CheckCharID = %c, want %c", got, want)
	}
	if got, want := refCheckID("11010519491231002"), byte('X'); got != want {
		t.Errorf("refCheckID = %c, want %c (the reference implementation is wrong)", got, want)
	}
}

func TestCheckCharIDAgreesWithReference(t *testing.T) {
	for _, first17 := range []string{
		"11010519491231001", "64010619800101123", "64010619800229121",
		"11010520000229002", "11010519000101003", "00000000000000000", "99999999999999999",
	} {
		got, err := CheckCharID(first17)
		if err != nil {
			t.Fatalf("CheckCharID(%q): %v", first17, err)
		}
		if want := refCheckID(first17); got != want {
			t.Errorf("CheckCharID(%q) = %c, want %c", first17, got, want)
		}
	}
}

func TestCheckCharIDErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1101051949123100", "计算校验码需要前17位数字,实为16位"},
		{"110105194912310021", "计算校验码需要前17位数字,实为18位"},
		{"1101051949123100X", "计算校验码需要前17位数字,第17位不是数字"},
	}
	for _, tt := range tests {
		_, err := CheckCharID(tt.in)
		if err == nil {
			t.Errorf("CheckCharID(%q) succeeded, want error", tt.in)
			continue
		}
		if got := reason(t, err); got != tt.want {
			t.Errorf("CheckCharID(%q) error = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"  11010519491231002X\t\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"\u3000110105 1949\u00a01231 002X\u3000", "11010519491231002X"},
		{"\ufeff11010519491231002X\u200b", "11010519491231002X"},
		{"1101O5", "1101O5"}, // no validation: the letter O stays for the error to name
		{"", ""},
	}
	for _, tt := range tests {
		if got, want := NormalizeID(tt.in), tt.want; got != want {
			t.Errorf("NormalizeID(%q) = %q, want %q", tt.in, got, want)
		}
	}
}

func TestParseIDValid(t *testing.T) {
	tests := []struct {
		in       string
		number   string
		birth    string
		male     bool
		upgraded bool
	}{
		{"11010519491231002X", "11010519491231002X", "1949-12-31", false, false},
		{"110105194912310011", "110105194912310011", "1949-12-31", true, false},
		{"640106198001011238", "640106198001011238", "1980-01-01", true, false},
		{withCheck("64010619800229121"), withCheck("64010619800229121"), "1980-02-29", true, false},
		{withCheck("11010520000229002"), withCheck("11010520000229002"), "2000-02-29", false, false}, // 2000 is a leap year (÷400)
		{withCheck("11010519000101003"), withCheck("11010519000101003"), "1900-01-01", true, false},  // the floor itself
		{withCheck("81000019800101004"), withCheck("81000019800101004"), "1980-01-01", false, false}, // 香港
		{withCheck("64010620250615002"), withCheck("64010620250615002"), "2025-06-15", false, false}, // born today
		// Legacy 15-digit number: "19" inserted before the year, check computed.
		{"110105491231002", "11010519491231002X", "1949-12-31", false, true},
		{" 110105 491231 001 ", "110105194912310011", "1949-12-31", true, true},
		// Spellings of the same number.
		{"11010519491231002x", "11010519491231002X", "1949-12-31", false, false},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", "1949-12-31", false, false},
		{"  11010519491231002X  ", "11010519491231002X", "1949-12-31", false, false},
		{"\u3000110105\u00a019491231\t002x\u3000", "11010519491231002X", "1949-12-31", false, false},
	}
	for _, tt := range tests {
		id, err := ParseID(tt.in, testToday)
		if err != nil {
			t.Errorf("ParseID(%q): %v", tt.in, err)
			continue
		}
		if got, want := id.Number, tt.number; got != want {
			t.Errorf("ParseID(%q).Number = %q, want %q", tt.in, got, want)
		}
		if got, want := id.Region, tt.number[:6]; got != want {
			t.Errorf("ParseID(%q).Region = %q, want %q", tt.in, got, want)
		}
		if got, want := id.Birth.Format(time.DateOnly), tt.birth; got != want {
			t.Errorf("ParseID(%q).Birth = %s, want %s", tt.in, got, want)
		}
		if got, want := id.Birth.Location(), time.UTC; got != want {
			t.Errorf("ParseID(%q).Birth location = %v, want UTC", tt.in, got)
		}
		if got, want := id.Birth, id.Birth.Truncate(24*time.Hour); !got.Equal(want) {
			t.Errorf("ParseID(%q).Birth = %v, want midnight", tt.in, got)
		}
		if got, want := id.Male, tt.male; got != want {
			t.Errorf("ParseID(%q).Male = %v, want %v", tt.in, got, want)
		}
		if got, want := id.Upgraded, tt.upgraded; got != want {
			t.Errorf("ParseID(%q).Upgraded = %v, want %v", tt.in, got, want)
		}
	}
}

func TestParseIDInvalid(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  \u3000 ", "身份证号码为空"},
		{"wrong check char", "110105194912310021", "校验码错误:末位应为X,实为1"},
		{"wrong check char X", "11010519491231001X", "校验码错误:末位应为1,实为X"},
		{"17 chars", "11010519491231002", "长度应为18位(或15位旧号码),实为17位"},
		{"19 chars", "11010519491231002X1", "长度应为18位(或15位旧号码),实为19位"},
		{"16 chars", "1101051949123100", "长度应为18位(或15位旧号码),实为16位"},
		{"letter inside", "1101051949A231002X", "第11位含非法字符'A'(身份证号码只由数字和末位的X组成)"},
		{"letter O for zero", "11O10519491231002X", "第3位含非法字符'O'(身份证号码只由数字和末位的X组成)"},
		{"Chinese char", "身份证11010519491231002X", "第1位含非法字符'身'(身份证号码只由数字和末位的X组成)"},
		{"dash", "110105-19491231-002X", "第7位含非法字符'-'(身份证号码只由数字和末位的X组成)"},
		{"control char", "110105\x0019491231002X", `第7位含非法字符'\x00'(身份证号码只由数字和末位的X组成)`},
		{"invalid utf-8", "110105\xff19491231002X", `第7位含非法字符'\uFFFD'(无效编码)(身份证号码只由数字和末位的X组成)`},
		{"X inside", "1101051949X2310021", "X只能作为第18位校验码,不能出现在第11位"},
		{"X in legacy", "11010549123100X", "15位旧号码应全为数字,第15位却为X"},
		{"Feb 30", withCheck("11010519490230002"), "出生日期不是有效日期:19490230"},
		{"Feb 31", withCheck("11010519490231002"), "出生日期不是有效日期:19490231"},
		{"Feb 29 non-leap century", withCheck("11010519000229002"), "出生日期不是有效日期:19000229"},
		{"Feb 29 non-leap", withCheck("11010519490229002"), "出生日期不是有效日期:19490229"},
		{"month 13", withCheck("11010519491331002"), "出生日期不是有效日期:19491331"},
		{"month 00", withCheck("11010519490031002"), "出生日期不是有效日期:19490031"},
		{"day 00", withCheck("11010519491200002"), "出生日期不是有效日期:19491200"},
		{"Apr 31", withCheck("11010519490431002"), "出生日期不是有效日期:19490431"},
		{"legacy Feb 31", "110105490231002", "出生日期不是有效日期:19490231"},
		{"born 2100", withCheck("11010521000101002"), "出生日期晚于今天:21000101"},
		{"born tomorrow", withCheck("11010520250616002"), "出生日期晚于今天:20250616"},
		{"born 1880", withCheck("44052418800101001"), "出生日期早于1900年1月1日:18800101"},
		{"born 1899-12-31", withCheck("11010518991231002"), "出生日期早于1900年1月1日:18991231"},
		{"province 99", withCheck("99010519491231002"), "地址码990105无效:前两位99不是省级行政区划代码"},
		{"province 00", withCheck("00010519491231002"), "地址码000105无效:前两位00不是省级行政区划代码"},
		{"province 83", withCheck("83000019800101002"), "地址码830000无效:前两位83不是省级行政区划代码"},
		{"legacy province 99", "990105491231002", "地址码990105无效:前两位99不是省级行政区划代码"},
		{"sequence 000", withCheck("11010519491231000"), "顺序码不能为000"},
		{"legacy sequence 000", "110105491231000", "顺序码不能为000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseID(tt.in, testToday)
			if err == nil {
				t.Fatalf("ParseID(%q) = %+v, want error %q", tt.in, id, tt.want)
			}
			if got, want := reason(t, err), tt.want; got != want {
				t.Errorf("ParseID(%q) error = %q, want %q", tt.in, got, want)
			}
			if got, want := err.Error(), tt.want; got != want {
				t.Errorf("ParseID(%q) err.Error() = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// TestParseIDTodayByDate checks that "not after today" compares calendar
// dates in today's own location: at 07:30 in Beijing on 16 June it is still
// 15 June in UTC, and a child born on 16 June is valid in Beijing.
func TestParseIDTodayByDate(t *testing.T) {
	born := withCheck("64010620250616002")
	beijingMorning := time.Date(2025, 6, 16, 7, 30, 0, 0, cst)
	if _, err := ParseID(born, beijingMorning); err != nil {
		t.Errorf("ParseID(%q, %v): %v, want success", born, beijingMorning, err)
	}
	sameInstantUTC := beijingMorning.UTC()
	if _, err := ParseID(born, sameInstantUTC); err == nil {
		t.Errorf("ParseID(%q, %v) succeeded, want 出生日期晚于今天", born, sameInstantUTC)
	}
	startOfDay := time.Date(2025, 6, 16, 0, 0, 0, 0, cst)
	if _, err := ParseID(born, startOfDay); err != nil {
		t.Errorf("ParseID(%q, %v): %v, want success at midnight", born, startOfDay, err)
	}
}

func TestSexName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "女"},
		{"110105194912310011", "男"},
	}
	for _, tt := range tests {
		id, err := ParseID(tt.in, testToday)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := id.SexName(), tt.want; got != want {
			t.Errorf("ParseID(%q).SexName() = %q, want %q", tt.in, got, want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	// Birth dates are UTC midnight as ParseID makes them; the dates asked
	// about are Beijing dates, as the production clock gives them.
	date := func(s string, loc *time.Location) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		birth, on     string
		years, months int
	}{
		{"1949-12-31", "2009-12-31", 60, 0},
		{"1949-12-31", "2009-12-30", 59, 11},
		{"1949-12-31", "2010-01-30", 60, 0},
		{"1949-12-31", "2010-01-31", 60, 1},
		{"1949-12-31", "2010-02-28", 60, 2}, // no 31 February: month-end completes the month
		{"1949-12-31", "2010-03-30", 60, 2},
		{"1949-12-31", "2010-03-31", 60, 3},
		{"1965-01-15", "2025-02-14", 60, 0},
		{"1965-01-15", "2025-02-15", 60, 1},
		{"2000-02-29", "2001-02-27", 0, 11},
		{"2000-02-29", "2001-02-28", 1, 0}, // 民法典 第二百零三条
		{"2000-02-29", "2004-02-28", 3, 11},
		{"2000-02-29", "2004-02-29", 4, 0},
		{"2000-02-29", "2000-02-29", 0, 0},
		{"2000-02-29", "2000-03-28", 0, 0},
		{"2000-02-29", "2000-03-29", 0, 1},
		{"2000-02-29", "1999-12-31", 0, 0}, // before birth
	}
	for _, tt := range tests {
		id := ID{Birth: date(tt.birth, time.UTC)}
		years, months := id.AgeOn(date(tt.on, cst))
		if years != tt.years || months != tt.months {
			t.Errorf("born %s, AgeOn(%s) = %d years %d months, want %d years %d months",
				tt.birth, tt.on, years, months, tt.years, tt.months)
		}
	}
}

// TestAgeOnUsesLocalDate checks that AgeOn reads d as a date in its own
// location: 1 a.m. in Beijing on the birthday is already the birthday.
func TestAgeOnUsesLocalDate(t *testing.T) {
	id, err := ParseID("11010519491231002X", testToday)
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2009, 12, 31, 1, 0, 0, 0, cst) // 2009-12-30 17:00 UTC
	if years, months := id.AgeOn(d); years != 60 || months != 0 {
		t.Errorf("AgeOn(%v) = %d, %d, want 60, 0", d, years, months)
	}
}

func BenchmarkParseID(b *testing.B) {
	inputs := []struct{ name, in string }{
		{"normalised", "11010519491231002X"},
		{"legacy15", "110105491231002"},
		{"fullwidth", " １１０１０５１９４９１２３１００２ｘ "},
	}
	for _, bb := range inputs {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseID(bb.in, testToday); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestParseIDTail(t *testing.T) {
	for in, want := range map[string]string{"0021": "0021", "00212x": "00212X", "２３４５": "2345", " 1234 ": "1234", "12345X": "12345X"} {
		if got, err := ParseIDTail(in); err != nil || got != want {
			t.Errorf("ParseIDTail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "123", "1234567", "12a4", "X123", "12X4", "1 34"} {
		if got, err := ParseIDTail(in); err == nil {
			t.Errorf("ParseIDTail(%q) = %q, want an error", in, got)
		}
	}
}
