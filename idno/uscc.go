package idno

// USCC is a validated 统一社会信用代码 (GB 32100-2015), the key of an employer
// in the registry. Code is always the normalised upper-case form.
type USCC struct {
	Code      string // normalised 18 chars, upper case
	Authority byte   // 登记管理部门代码 (1st char)
	Kind      byte   // 机构类别代码 (2nd char)
	Region    string // chars 3-8, 登记管理机关行政区划码
	OrgCode   string // chars 9-17, 主体标识码(组织机构代码)
}

// usccAlphabet is the GB 32100 character set in value order: the digits and
// the upper-case letters without I, O, S, V, Z (which read like 1, 0, 5, U, 2).
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the GB 32100 weights 3^(i−1) mod 31.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccValue maps a byte to its value in usccAlphabet, −1 if not in it.
var usccValue = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(usccAlphabet); i++ {
		v[usccAlphabet[i]] = int8(i)
	}
	return v
}()

// NormalizeUSCC returns s with white space removed anywhere, full-width
// characters mapped to ASCII and letters upper-cased. It does not validate.
func NormalizeUSCC(s string) string { return fold(s, foldUpper) }

// ParseUSCC normalises s and validates it as a 统一社会信用代码: 18 characters
// of the GB 32100 alphabet, the 登记管理机关行政区划码 (chars 3–8) numeric, and
// a correct check character. The authority and kind codes are not checked
// against the table: the table is extended by the code authorities over
// time, and rejecting a code an authority really issued would lock an
// employer out of registration; AuthorityName returns "" for an unknown one.
func ParseUSCC(s string) (USCC, error) {
	n := NormalizeUSCC(s)
	if n == "" {
		return USCC{}, errorf("统一社会信用代码为空")
	}
	pos := 0
	for _, r := range n {
		pos++
		switch {
		case r < 0x80 && usccValue[r] >= 0:
			continue
		case r == 'I' || r == 'O' || r == 'S' || r == 'V' || r == 'Z':
			return USCC{}, errorf("第%d位含非法字符'%c'(统一社会信用代码不使用I、O、S、V、Z)", pos, r)
		default:
			return USCC{}, errorf("第%d位含非法字符%s(统一社会信用代码只由数字和大写字母组成)", pos, quote(r))
		}
	}
	if len(n) != 18 {
		if len(n) == 15 && allDigits(n) {
			return USCC{}, errorf("长度应为18位,实为15位(15位数字是旧的工商注册号,请填写统一社会信用代码)")
		}
		return USCC{}, errorf("长度应为18位,实为%d位", len(n))
	}
	for i := 2; i < 8; i++ {
		if !isDigit(n[i]) {
			return USCC{}, errorf("第%d位应为数字(第3~8位是登记管理机关行政区划码),实为'%c'", i+1, n[i])
		}
	}
	check := usccCheck(n[:17])
	if n[17] != check {
		return USCC{}, errorf("校验码错误:末位应为%c,实为%c", check, n[17])
	}
	return USCC{Code: n, Authority: n[0], Kind: n[1], Region: n[2:8], OrgCode: n[8:17]}, nil
}

// CheckCharUSCC returns the GB 32100 check character of the first 17
// characters of a code, for generating test and demo data.
func CheckCharUSCC(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errorf("计算校验码需要前17位,实为%d位", len([]rune(first17)))
	}
	for i := 0; i < 17; i++ {
		if usccValue[first17[i]] < 0 {
			return 0, errorf("计算校验码需要统一社会信用代码字符,第%d位%s不是", i+1, quote(rune(first17[i])))
		}
	}
	return usccCheck(first17), nil
}

// usccCheck computes alphabet[(31 − Σ(value·weight) mod 31) mod 31] over 17
// characters the caller has checked.
func usccCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(usccValue[first17[i]]) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}

// usccAuthorities is the 登记管理部门代码 table of GB 32100; 9 is written 工商
// as in the standard, although the registrar is now 市场监督管理.
var usccAuthorities = map[byte]string{
	'1': "机构编制",
	'2': "外交",
	'3': "司法行政",
	'4': "文化",
	'5': "民政",
	'6': "旅游",
	'7': "宗教",
	'8': "工会",
	'9': "工商",
	'A': "中央军委改革和编制办公室",
	'N': "农业",
	'Y': "其他",
}

// usccKinds is the 机构类别代码 table of GB 32100, per authority.
var usccKinds = map[[2]byte]string{
	{'1', '1'}: "机关", {'1', '2'}: "事业单位", {'1', '3'}: "中央编办直接管理机构编制的群众团体", {'1', '9'}: "其他",
	{'2', '1'}: "外国常住新闻机构", {'2', '9'}: "其他",
	{'3', '1'}: "律师执业机构", {'3', '2'}: "公证处", {'3', '3'}: "基层法律服务所", {'3', '4'}: "司法鉴定机构", {'3', '5'}: "仲裁委员会", {'3', '9'}: "其他",
	{'4', '1'}: "外国在华文化中心", {'4', '9'}: "其他",
	{'5', '1'}: "社会团体", {'5', '2'}: "民办非企业单位", {'5', '3'}: "基金会", {'5', '9'}: "其他",
	{'6', '1'}: "外国旅游部门常驻代表机构", {'6', '2'}: "港澳台地区旅游部门常驻内地(大陆)代表机构", {'6', '9'}: "其他",
	{'7', '1'}: "宗教活动场所", {'7', '2'}: "宗教院校", {'7', '9'}: "其他",
	{'8', '1'}: "基层工会", {'8', '9'}: "其他",
	{'9', '1'}: "企业", {'9', '2'}: "个体工商户", {'9', '3'}: "农民专业合作社",
	{'A', '1'}: "军队事业单位", {'A', '9'}: "其他",
	{'N', '1'}: "组级集体经济组织", {'N', '2'}: "村级集体经济组织", {'N', '3'}: "乡镇级集体经济组织", {'N', '9'}: "其他",
	{'Y', '1'}: "其他",
}

// AuthorityName returns the name of the registering authority (登记管理部门)
// of the code: '9' → "工商", '5' → "民政", '1' → "机构编制" …, or "" for a code
// not in the GB 32100 table. Employer lists show it to tell enterprises from
// public institutions and associations.
func (u USCC) AuthorityName() string { return usccAuthorities[u.Authority] }

// KindName returns the 机构类别 of the code within its authority, e.g. "企业"
// or "个体工商户" for 91 and 92, or "" when the pair is not in the table.
// Contribution rules differ for 个体工商户 and public institutions.
func (u USCC) KindName() string { return usccKinds[[2]byte{u.Authority, u.Kind}] }

// orgWeights are the GB 11714 weights of the 8-character body of an
// organisation code.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCodeValid reports whether chars 9–17 carry a valid GB 11714 check
// character (9th char of the organisation code). ParseUSCC does not require
// it: GB 32100 makes the USCC's own check character the validity test, and
// a second, stricter rule would risk rejecting a code that was really
// issued. It is a hint, e.g. when matching an employer against old records
// keyed by 组织机构代码.
func (u USCC) OrgCodeValid() bool {
	if len(u.OrgCode) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := u.OrgCode[i]
		var v int
		switch {
		case isDigit(c):
			v = int(c - '0')
		case 'A' <= c && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return false
		}
		sum += v * orgWeights[i]
	}
	var want byte
	switch c := 11 - sum%11; c {
	case 10:
		want = 'X'
	case 11:
		want = '0'
	default:
		want = byte('0' + c)
	}
	return u.OrgCode[8] == want
}
