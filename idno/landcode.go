package idno

// Codes of rural land contracting (农村土地承包经营权确权登记), GB/T 35958-2018
// (docs/DOMAIN.md §8): every code starts with the 12-digit 统计用区划代码 of
// the village whose collective owns the land.
//
//	发包方编码  14 digits = village (12) + group (2: 00 the village collective, 01–99 a 村民小组)
//	承包方编码  18 digits = 发包方编码 + sequence (4)
//	承包地块编码 19 digits = 发包方编码 + sequence (5)
//	承包合同编码 19 characters = 承包方编码 + J (家庭承包) or Q (其他方式)
//
// The parsers check the structure and that the prefix is a village-level
// code; whether that village is registered is the store's question.

// LandCode is a validated land contracting code with its parts.
type LandCode struct {
	Code    string // normalised
	Village string // 12-digit region code of the village
	Issuer  string // 14-digit 发包方编码
	// Contractor is the 18-digit 承包方编码 (contractor and contract codes).
	Contractor string
	// Method is 'J' or 'Q' (contract codes only).
	Method byte
}

// Group is the 村民小组 number of the issuer ("00" is the village collective).
func (c LandCode) Group() string { return c.Issuer[12:14] }

func parseLandCode(s, what string, n int) (string, LandCode, error) {
	c := fold(s, foldNone)
	if c == "" {
		return "", LandCode{}, errorf("%s为空", what)
	}
	if !allDigits(c) {
		return "", LandCode{}, errorf("%s“%s”只能由数字组成", what, c)
	}
	if len(c) != n {
		return "", LandCode{}, errorf("%s应为%d位数字,实为%d位", what, n, len(c))
	}
	r, err := ParseRegion(c[:12])
	if err != nil {
		return "", LandCode{}, errorf("%s的前12位不是有效的区划代码:%s", what, err.Error())
	}
	if r.Level != 5 {
		return "", LandCode{}, errorf("%s的前12位%s是%s代码,应为村级区划代码", what, c[:12], LevelName(r.Level))
	}
	return c, LandCode{Code: c, Village: c[:12], Issuer: c[:14]}, nil
}

// ParseIssuerCode validates a 14-digit 发包方编码.
func ParseIssuerCode(s string) (LandCode, error) {
	_, lc, err := parseLandCode(s, "发包方编码", 14)
	return lc, err
}

// ParseContractorCode validates an 18-digit 承包方编码: an issuer and a
// 4-digit sequence other than 0000.
func ParseContractorCode(s string) (LandCode, error) {
	c, lc, err := parseLandCode(s, "承包方编码", 18)
	if err != nil {
		return lc, err
	}
	if c[14:] == "0000" {
		return LandCode{}, errorf("承包方编码的后4位应为0001–9999的顺序码,实为“%s”", c[14:])
	}
	lc.Contractor = c
	return lc, nil
}

// ParseParcelCode validates a 19-digit 承包地块编码: an issuer and a 5-digit
// sequence other than 00000.
func ParseParcelCode(s string) (LandCode, error) {
	c, lc, err := parseLandCode(s, "地块编码", 19)
	if err != nil {
		return lc, err
	}
	if c[14:] == "00000" {
		return LandCode{}, errorf("地块编码的后5位应为00001–99999的顺序码,实为“%s”", c[14:])
	}
	return lc, nil
}

// ParseContractCode validates a 承包合同编码: a contractor code and J
// (家庭承包) or Q (其他方式).
func ParseContractCode(s string) (LandCode, error) {
	c := fold(s, foldUpper)
	if n := len(c); n != 19 || !allDigits(c[:18]) {
		return LandCode{}, errorf("承包合同编码“%s”应为承包方编码18位数字加J或Q,共19位", c)
	}
	m := c[18]
	if m != 'J' && m != 'Q' {
		return LandCode{}, errorf("承包合同编码的第19位应为J(家庭承包)或Q(其他方式),实为“%c”", m)
	}
	lc, err := ParseContractorCode(c[:18])
	if err != nil {
		return LandCode{}, errorf("承包合同编码的前18位:%s", err.Error())
	}
	lc.Code, lc.Method = lc.Contractor+string(m), m
	return lc, nil
}
