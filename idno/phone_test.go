package idno

import "testing"

func TestParsePhoneValid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13912345678", "13912345678"},
		{"19912345678", "19912345678"},
		{"139 1234 5678", "13912345678"},
		{"139-1234-5678", "13912345678"},
		{"+86 139 1234 5678", "13912345678"},
		{"+86-13912345678", "13912345678"},
		{"008613912345678", "13912345678"},
		{"8613912345678", "13912345678"},
		{"１３９１２３４５６７８", "13912345678"},
		{"\u3000139\u00a01234\u00a05678\t", "13912345678"},
		{"0951-1234567", "0951-1234567"},
		{"0951-12345678", "0951-12345678"},
		{"0951-2012345", "0951-2012345"},
		{"09511234567", "0951-1234567"},
		{"(0951)1234567", "0951-1234567"},
		{"（０９５１）５０１２３４５", "0951-5012345"},
		{"0951－5012345", "0951-5012345"},
		{"0951—5012345", "0951-5012345"},
		{"010-12345678", "010-12345678"},
		{"021 6123 4567", "021-61234567"},
		{"+86 951 1234567", "0951-1234567"},
		{"+86 10 12345678", "010-12345678"},
		{"+86 0951 1234567", "0951-1234567"},
	}
	for _, tt := range tests {
		got, err := ParsePhone(tt.in)
		if err != nil {
			t.Errorf("ParsePhone(%q): %v", tt.in, err)
			continue
		}
		if want := tt.want; got != want {
			t.Errorf("ParsePhone(%q) = %q, want %q", tt.in, got, want)
		}
		// The result is a fixed point.
		if again, err := ParsePhone(got); err != nil || again != got {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", got, again, err, got)
		}
	}
}

func TestParsePhoneInvalid(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", " - ", "电话号码为空"},
		{"mobile second digit", "12912345678", "手机号码第2位应为3~9,实为2"},
		{"mobile 10 digits", "1391234567", "手机号码应为11位,实为10位"},
		{"mobile 12 digits", "139123456789", "手机号码应为11位,实为12位"},
		{"no area code", "1234567", "号码只有7位:固定电话须带区号(如0951-1234567),手机号码应为11位"},
		{"no area code 8", "51234567", "号码只有8位:固定电话须带区号(如0951-1234567),手机号码应为11位"},
		{"+86 then 12", "+86 12 12345678", "区号无效:012(01开头的区号只有010)"},
		{"local 6 digits", "0951-123456", "区号0951之后的本地号码应为7~8位,实为6位"},
		{"local 9 digits", "0951-123456789", "区号0951之后的本地号码应为7~8位,实为9位"},
		{"extension", "0951-1234567-801", "区号0951之后的本地号码应为7~8位,实为10位"},
		{"local starts 0", "0951-0123456", "本地号码不能以0开头:0123456"},
		{"letter at end", "010-12345678X", "电话号码含非法字符'X'"},
		{"area 011", "011-12345678", "区号无效:011(01开头的区号只有010)"},
		{"area 00", "001234567", "区号不能以00开头"},
		{"area only", "0951", "固定电话缺少本地号码:区号0951之后应有7~8位号码"},
		{"lone zero", "0", "区号不完整:0"},
		{"foreign", "+1 415 555 0100", "只接受中国大陆电话号码,国际区号应为+86"},
		{"letters", "139abc45678", "电话号码含非法字符'a'"},
		{"only +86", "+86", "电话号码在国际区号之后为空"},
		{"service number", "4001234567", "不是有效的电话号码:手机号码应为1开头的11位数字,固定电话应为0开头的区号加7~8位号码"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePhone(tt.in)
			if err == nil {
				t.Fatalf("ParsePhone(%q) = %q, want error %q", tt.in, p, tt.want)
			}
			if got, want := reason(t, err), tt.want; got != want {
				t.Errorf("ParsePhone(%q) error = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13912345678", "139****5678"},
		{"+86 139-1234-5678", "139****5678"},
		{"0951-1234567", "0951-***4567"},
		{"0951-12345678", "0951-****5678"},
		{"010-12345678", "010-****5678"},
		// Invalid input is still masked, at most half visible.
		{"12345", "1***5"},
		{"1391234567", "139*****67"},
		{"", ""},
	}
	for _, tt := range tests {
		if got, want := MaskPhone(tt.in), tt.want; got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, want)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "1101**********002X"},
		{" 11010519491231002x ", "1101**********002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "1101**********002X"},
		{"110105491231002", "1101********002"}, // legacy: no digit of the date shown
		{"12345678", "12****78"},
		{"1234", "1**4"},
		{"12", "1*"},
		{"1", "*"},
		{"", ""},
		{"身份证号码", "身***码"},
	}
	for _, tt := range tests {
		if got, want := MaskID(tt.in), tt.want; got != want {
			t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, want)
		}
	}
}
