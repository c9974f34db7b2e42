package sheet

import (
	"math"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{in: "2024-01-02", want: day(2024, 1, 2)},
		{in: "2024/1/2", want: day(2024, 1, 2)},
		{in: "2024/01/02", want: day(2024, 1, 2)},
		{in: "2024.1.2", want: day(2024, 1, 2)},
		{in: "20240102", want: day(2024, 1, 2)},
		{in: "2024年1月2日", want: day(2024, 1, 2)},
		{in: "2024年01月02号", want: day(2024, 1, 2)},
		{in: "2024年1月2", want: day(2024, 1, 2)},
		{in: " 2024-01-02 ", want: day(2024, 1, 2)},
		{in: "２０２４－０１－０２", want: day(2024, 1, 2)},
		{in: "2024/1/1 00:00", want: day(2024, 1, 1)},
		{in: "2024-01-02 13:45:00", want: day(2024, 1, 2)},
		{in: "2024-01-02T13:45:00Z", want: day(2024, 1, 2)},
		{in: "2024-02-29", want: day(2024, 2, 29)},
		{in: "45292", want: day(2024, 1, 1)},
		{in: "45292.75", want: day(2024, 1, 1)},
		{in: "1", want: day(1900, 1, 1)},
		{in: "59", want: day(1900, 2, 28)},
		{in: "61", want: day(1900, 3, 1)},
		{in: "18264", want: day(1950, 1, 1)},
		{in: "2958465", want: day(9999, 12, 31)},
		{in: "", wantErr: "日期格式无法识别:"},
		{in: "60", wantErr: "日期格式无法识别:60"},
		{in: "0", wantErr: "日期格式无法识别:0"},
		{in: "2958466", wantErr: "日期格式无法识别:2958466"},
		{in: "2024", wantErr: "日期格式无法识别:2024"},
		{in: "2023-02-29", wantErr: "日期格式无法识别:2023-02-29"},
		{in: "2024-13-01", wantErr: "日期格式无法识别:2024-13-01"},
		{in: "2024-00-10", wantErr: "日期格式无法识别:2024-00-10"},
		{in: "2024-01-32", wantErr: "日期格式无法识别:2024-01-32"},
		{in: "24-1-2", wantErr: "日期格式无法识别:24-1-2"},
		{in: "2024-1-2-3", wantErr: "日期格式无法识别:2024-1-2-3"},
		{in: "2024/1-2", wantErr: "日期格式无法识别:2024/1-2"},
		{in: "01-02-24", wantErr: "日期格式无法识别:01-02-24"},
		{in: "2024年1月", wantErr: "日期格式无法识别:2024年1月"},
		{in: "1.5E+3", wantErr: "日期格式无法识别:1.5E+3"},
		{in: "明天", wantErr: "日期格式无法识别:明天"},
		{in: "-45292", wantErr: "日期格式无法识别:-45292"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDate(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in      string
		y, m    int
		wantErr bool
	}{
		{in: "2024-03", y: 2024, m: 3},
		{in: "2024/3", y: 2024, m: 3},
		{in: "202403", y: 2024, m: 3},
		{in: "2024年3月", y: 2024, m: 3},
		{in: "2024年03月份", y: 2024, m: 3},
		{in: "2024.03", y: 2024, m: 3},
		{in: "2024.3", y: 2024, m: 3},
		{in: " 2024-12 ", y: 2024, m: 12},
		{in: "2024-03-15", y: 2024, m: 3},
		{in: "2024年3月15日", y: 2024, m: 3},
		{in: "20240315", y: 2024, m: 3},
		{in: "2024/3/1 00:00", y: 2024, m: 3},
		{in: "45352", y: 2024, m: 3},
		{in: "45352.5", y: 2024, m: 3},
		{in: "", wantErr: true},
		{in: "2024", wantErr: true},
		{in: "202413", wantErr: true},
		{in: "202400", wantErr: true},
		{in: "2024-13", wantErr: true},
		{in: "2024年13月", wantErr: true},
		{in: "24-03", wantErr: true},
		{in: "2024-03-32", wantErr: true},
		{in: "三月", wantErr: true},
		{in: "2024年", wantErr: true},
	}
	for _, tt := range tests {
		y, m, err := ParseMonth(tt.in)
		if tt.wantErr {
			if err == nil || err.Error() != "月份格式无法识别:"+trimValue(tt.in) {
				t.Errorf("ParseMonth(%q) = %d, %d, %v; want 月份格式无法识别 error", tt.in, y, m, err)
			}
			continue
		}
		if err != nil || y != tt.y || m != tt.m {
			t.Errorf("ParseMonth(%q) = %d, %d, %v; want %d, %d", tt.in, y, m, err, tt.y, tt.m)
		}
	}
}

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{in: "3500", want: 350000},
		{in: "3500.5", want: 350050},
		{in: "3500.50", want: 350050},
		{in: "3,500.50", want: 350050},
		{in: "1,234,567.89", want: 123456789},
		{in: "¥3500.00", want: 350000},
		{in: "￥3500.00", want: 350000},
		{in: "¥ 3,500.00", want: 350000},
		{in: "3500元", want: 350000},
		{in: "3500.00 元", want: 350000},
		{in: " 3500.00 ", want: 350000},
		{in: "\u3000３５００．５\u00a0", want: 350050},
		{in: "-12.30", want: -1230},
		{in: "-¥12.30", want: -1230},
		{in: "¥-12.30", want: -1230},
		{in: "\u221212.30", want: -1230},
		{in: "+1", want: 100},
		{in: "0.05", want: 5},
		{in: "-0.05", want: -5},
		{in: ".5", want: 50},
		{in: "3500.", want: 350000},
		{in: "3500.500", want: 350050},
		{in: "0", want: 0},
		{in: "-0", want: 0},
		{in: "007", want: 700},
		{in: "92233720368547758.07", want: math.MaxInt64},
		{in: "-92233720368547758.08", want: math.MinInt64},
		{in: "92233720368547758.08", wantErr: "金额超出范围:92233720368547758.08"},
		{in: "-92233720368547758.09", wantErr: "金额超出范围:-92233720368547758.09"},
		{in: "99999999999999999999999", wantErr: "金额超出范围:99999999999999999999999"},
		{in: "3500.555", wantErr: "金额最多两位小数:3500.555"},
		{in: "0.001", wantErr: "金额最多两位小数:0.001"},
		{in: "abc", wantErr: "金额格式错误:abc"},
		{in: "", wantErr: "金额格式错误:"},
		{in: "-", wantErr: "金额格式错误:-"},
		{in: ".", wantErr: "金额格式错误:."},
		{in: "¥", wantErr: "金额格式错误:¥"},
		{in: "3,50", wantErr: "金额格式错误:3,50"},
		{in: "35,00.00", wantErr: "金额格式错误:35,00.00"},
		{in: "3500,", wantErr: "金额格式错误:3500,"},
		{in: "1,000.5,0", wantErr: "金额格式错误:1,000.5,0"},
		{in: "1e3", wantErr: "金额格式错误:1e3"},
		{in: "3 500", wantErr: "金额格式错误:3 500"},
		{in: "12.3.4", wantErr: "金额格式错误:12.3.4"},
		{in: "--1", wantErr: "金额格式错误:--1"},
		{in: "-¥-1", wantErr: "金额格式错误:-¥-1"},
		{in: "3500万元", wantErr: "金额格式错误:3500万元"},
		{in: "0x10", wantErr: "金额格式错误:0x10"},
		{in: "(12.30)", wantErr: "金额格式错误:(12.30)"},
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseYuan(%q) = %d, %v; want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatYuan(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{350050, "3500.50"},
		{350000, "3500.00"},
		{-5, "-0.05"},
		{-1230, "-12.30"},
		{0, "0.00"},
		{7, "0.07"},
		{100, "1.00"},
		{math.MaxInt64, "92233720368547758.07"},
		{math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := FormatYuan(tt.in); got != tt.want {
			t.Errorf("FormatYuan(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeLostPrecision(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"1.10105194912310E+17", true},
		{"1.10105E+17", true},
		{"1.1010519491231e+17", true},
		{" 1.23456789012346E+17 ", true},
		{"6.22202E+18", true},
		{"1E+17", true},
		{"-1.5E-3", true},
		{"110105194912310021", false},
		{"11010519491231002X", false},
		{"110105194912310000", false}, // a text cell may end in zeros; see Row.LostDigits
		{"3500.50", false},
		{"E+17", false},
		{"1.5E", false},
		{"1.5E+", false},
		{"ABCE+1", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikeLostPrecision(tt.in); got != tt.want {
			t.Errorf("LooksLikeLostPrecision(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
