package idno

import "testing"

// refCheckUSCC is an independent implementation of the GB 32100 check
// character: weights generated as powers of 3 mod 31 rather than read from a
// table, and the check found by search as the value c with
// (Σ + c) mod 31 = 0 rather than by the closed formula.
func refCheckUSCC(first17 string) byte {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	sum, w := 0, 1
	for i := 0; i < len(first17); i++ {
		v := -1
		for j := 0; j < len(alphabet); j++ {
			if alphabet[j] == first17[i] {
				v = j
			}
		}
		if v < 0 {
			panic("refCheckUSCC: character outside the alphabet")
		}
		sum += v * w
		w = w * 3 % 31
	}
	for c := 0; c < 31; c++ {
		if (sum+c)%31 == 0 {
			return alphabet[c]
		}
	}
	panic("unreachable")
}

func TestCheckCharUSCCByHand(t *testing.T) {
	// 914403001922038216 (华为技术有限公司), worked by hand:
	//   chars   9  1  4   4  0  3  0  0  1   9  2  2 0  3  8  2  1
	//   weights 1  3  9  27 19 26 16 17 20  29 25 13 8 24 10 30 28
	//   product 9  3 36 108  0 78  0  0 20 261 50 26 0 72 80 60 28
	//   sum 831; 831 mod 31 = 25; 31 − 25 = 6; alphabet[6] = '6'.
	got, err := CheckCharUSCC("91440300192203821")
	if err != nil {
		t.Fatal(err)
	}
	if want := byte('6'); got != want {
		t.Errorf("CheckCharUSCC = %c, want %c", got, want)
	}
	if got, want := refCheckUSCC("91440300192203821"), byte('6'); got != want {
		t.Errorf("refCheckUSCC = %c, want %c (the reference implementation is wrong)", got, want)
	}
	// The docs/DOMAIN.md example.
	if got, want := refCheckUSCC("91350100M000100Y4"), byte('3'); got != want {
		t.Errorf("refCheckUSCC(91350100M000100Y4) = %c, want %c", got, want)
	}
}

func TestCheckCharUSCCAgreesWithReference(t *testing.T) {
	for _, first17 := range []string{
		"91350100M000100Y4", "91440300192203821", "12100000400000624", "00000000000000000",
		"YYYYYYYYYYYYYYYYY", "N2640106MA76ABCDE", "51640000K12345678",
	} {
		got, err := CheckCharUSCC(first17)
		if err != nil {
			t.Fatalf("CheckCharUSCC(%q): %v", first17, err)
		}
		if want := refCheckUSCC(first17); got != want {
			t.Errorf("CheckCharUSCC(%q) = %c, want %c", first17, got, want)
		}
	}
}

func TestCheckCharUSCCErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91350100M000100Y", "计算校验码需要前17位,实为16位"},
		{"91350100M0O0100Y4", "计算校验码需要统一社会信用代码字符,第11位'O'不是"},
		{"91350100m000100Y4", "计算校验码需要统一社会信用代码字符,第9位'm'不是"},
	}
	for _, tt := range tests {
		_, err := CheckCharUSCC(tt.in)
		if err == nil {
			t.Errorf("CheckCharUSCC(%q) succeeded, want error", tt.in)
			continue
		}
		if got := reason(t, err); got != tt.want {
			t.Errorf("CheckCharUSCC(%q) error = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeUSCC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91350100M000100Y43", "91350100M000100Y43"},
		{"91350100m000100y43", "91350100M000100Y43"},
		{" 9135 0100 M000 100Y 43\t", "91350100M000100Y43"},
		{"９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"},
		{"\u300091350100M000100Y43\u00a0", "91350100M000100Y43"},
	}
	for _, tt := range tests {
		if got, want := NormalizeUSCC(tt.in), tt.want; got != want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", tt.in, got, want)
		}
	}
}

func TestParseUSCCValid(t *testing.T) {
	tests := []struct {
		in                   string
		code                 string
		authority, kind      byte
		region, org          string
		authorityName, kindN string
		orgValid             bool
	}{
		{"91350100M000100Y43", "91350100M000100Y43", '9', '1', "350100", "M000100Y4", "工商", "企业", true},
		{"914403001922038216", "914403001922038216", '9', '1', "440300", "192203821", "工商", "企业", true},
		{"91350100m000100y43", "91350100M000100Y43", '9', '1', "350100", "M000100Y4", "工商", "企业", true},
		{" ９１３５０１００Ｍ０００１００Ｙ４３ ", "91350100M000100Y43", '9', '1', "350100", "M000100Y4", "工商", "企业", true},
		{"9135 0100 M000 100Y 43", "91350100M000100Y43", '9', '1', "350100", "M000100Y4", "工商", "企业", true},
		{"12100000400000624" + string(refCheckUSCC("12100000400000624")), "12100000400000624" + string(refCheckUSCC("12100000400000624")),
			'1', '2', "100000", "400000624", "机构编制", "事业单位", true},
		{"5264010612345678" + "X" + string(refCheckUSCC("5264010612345678X")), "5264010612345678X" + string(refCheckUSCC("5264010612345678X")),
			'5', '2', "640106", "12345678X", "民政", "民办非企业单位", false},
		// An authority not in the table is accepted: only the check decides.
		{"0164010612345678" + "0" + string(refCheckUSCC("01640106123456780")), "01640106123456780" + string(refCheckUSCC("01640106123456780")),
			'0', '1', "640106", "123456780", "", "", false},
	}
	for _, tt := range tests {
		u, err := ParseUSCC(tt.in)
		if err != nil {
			t.Errorf("ParseUSCC(%q): %v", tt.in, err)
			continue
		}
		if got, want := u.Code, tt.code; got != want {
			t.Errorf("ParseUSCC(%q).Code = %q, want %q", tt.in, got, want)
		}
		if got, want := u.Authority, tt.authority; got != want {
			t.Errorf("ParseUSCC(%q).Authority = %c, want %c", tt.in, got, want)
		}
		if got, want := u.Kind, tt.kind; got != want {
			t.Errorf("ParseUSCC(%q).Kind = %c, want %c", tt.in, got, want)
		}
		if got, want := u.Region, tt.region; got != want {
			t.Errorf("ParseUSCC(%q).Region = %q, want %q", tt.in, got, want)
		}
		if got, want := u.OrgCode, tt.org; got != want {
			t.Errorf("ParseUSCC(%q).OrgCode = %q, want %q", tt.in, got, want)
		}
		if got, want := u.AuthorityName(), tt.authorityName; got != want {
			t.Errorf("ParseUSCC(%q).AuthorityName() = %q, want %q", tt.in, got, want)
		}
		if got, want := u.KindName(), tt.kindN; got != want {
			t.Errorf("ParseUSCC(%q).KindName() = %q, want %q", tt.in, got, want)
		}
		if got, want := u.OrgCodeValid(), tt.orgValid; got != want {
			t.Errorf("ParseUSCC(%q).OrgCodeValid() = %v, want %v", tt.in, got, want)
		}
	}
}

func TestParseUSCCInvalid(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", " \t", "统一社会信用代码为空"},
		{"wrong check", "91350100M000100Y44", "校验码错误:末位应为3,实为4"},
		{"wrong check other digit", "91350100M000100Y53", "校验码错误:末位应为6,实为3"},
		{"letter I", "91350100MI00100Y43", "第10位含非法字符'I'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"letter O", "91350100M0O0100Y43", "第11位含非法字符'O'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"lowercase o", "91350100m0o0100y43", "第11位含非法字符'O'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"letter S", "91350100M000100S43", "第16位含非法字符'S'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"letter V", "V1350100M000100Y43", "第1位含非法字符'V'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"letter Z", "91350100M000100Y4Z", "第18位含非法字符'Z'(统一社会信用代码不使用I、O、S、V、Z)"},
		{"dash", "91350100-M000100Y43", "第9位含非法字符'-'(统一社会信用代码只由数字和大写字母组成)"},
		{"Chinese", "统一91350100M000100Y43", "第1位含非法字符'统'(统一社会信用代码只由数字和大写字母组成)"},
		{"17 chars", "91350100M000100Y4", "长度应为18位,实为17位"},
		{"19 chars", "91350100M000100Y433", "长度应为18位,实为19位"},
		{"old registration number", "350100100012345", "长度应为18位,实为15位(15位数字是旧的工商注册号,请填写统一社会信用代码)"},
		{"letter in region", "91A50100M000100Y43", "第3位应为数字(第3~8位是登记管理机关行政区划码),实为'A'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUSCC(tt.in)
			if err == nil {
				t.Fatalf("ParseUSCC(%q) = %+v, want error %q", tt.in, u, tt.want)
			}
			if got, want := reason(t, err), tt.want; got != want {
				t.Errorf("ParseUSCC(%q) error = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func TestAuthorityName(t *testing.T) {
	tests := []struct {
		authority byte
		want      string
	}{
		{'1', "机构编制"}, {'2', "外交"}, {'3', "司法行政"}, {'4', "文化"}, {'5', "民政"},
		{'6', "旅游"}, {'7', "宗教"}, {'8', "工会"}, {'9', "工商"},
		{'A', "中央军委改革和编制办公室"}, {'N', "农业"}, {'Y', "其他"},
		{'0', ""}, {'B', ""}, {0, ""},
	}
	for _, tt := range tests {
		if got, want := (USCC{Authority: tt.authority}).AuthorityName(), tt.want; got != want {
			t.Errorf("AuthorityName(%q) = %q, want %q", tt.authority, got, want)
		}
	}
}

func TestKindName(t *testing.T) {
	tests := []struct {
		authority, kind byte
		want            string
	}{
		{'9', '1', "企业"}, {'9', '2', "个体工商户"}, {'9', '3', "农民专业合作社"},
		{'1', '1', "机关"}, {'1', '2', "事业单位"}, {'5', '1', "社会团体"}, {'5', '3', "基金会"},
		{'N', '2', "村级集体经济组织"}, {'Y', '1', "其他"},
		{'9', '9', ""}, {'0', '1', ""},
	}
	for _, tt := range tests {
		if got, want := (USCC{Authority: tt.authority, Kind: tt.kind}).KindName(), tt.want; got != want {
			t.Errorf("KindName(%c%c) = %q, want %q", tt.authority, tt.kind, got, want)
		}
	}
}

func TestOrgCodeValid(t *testing.T) {
	tests := []struct {
		org  string
		want bool
	}{
		{"192203821", true}, // 3·1+7·9+9·2+10·2+5·0+8·3+4·8+2·2 = 164; 11 − 164 mod 11 = 1
		{"192203822", false},
		{"M000100Y4", true},
		{"00000000X", false},
		{"000000000", true}, // Σ = 0: 11 − 0 = 11, written '0'
		{"000000001", false},
		{"", false},
		{"19220382", false},
	}
	for _, tt := range tests {
		if got, want := (USCC{OrgCode: tt.org}).OrgCodeValid(), tt.want; got != want {
			t.Errorf("OrgCodeValid(%q) = %v, want %v", tt.org, got, want)
		}
	}
}
