package idno

import (
	"strings"
	"testing"
)

// TestLandCodes: the structure of GB/T 35958-2018 codes (docs/DOMAIN.md
// §8) over 魏家桥村 640106100201: 发包方 = village + group (2), 承包方 =
// 发包方 + 4, 地块 = 发包方 + 5, 合同 = 承包方 + J|Q.
func TestLandCodes(t *testing.T) {
	ok := []struct {
		parse func(string) (LandCode, error)
		in    string
		code  string
	}{
		{ParseIssuerCode, "64010610020101", "64010610020101"},
		{ParseIssuerCode, "6401061002010 0", "64010610020100"},
		{ParseContractorCode, "640106100201010001", "640106100201010001"},
		{ParseParcelCode, "６４０１０６１００２０１０１０００１２", "6401061002010100012"},
		{ParseContractCode, "640106100201010001j", "640106100201010001J"},
		{ParseContractCode, "640106100201010001Q", "640106100201010001Q"},
	}
	for _, c := range ok {
		lc, err := c.parse(c.in)
		if err != nil || lc.Code != c.code || lc.Village != "640106100201" || lc.Issuer[:12] != "640106100201" {
			t.Errorf("%q: %+v %v", c.in, lc, err)
		}
	}
	if lc, _ := ParseContractCode("640106100201010001Q"); lc.Method != 'Q' || lc.Contractor != "640106100201010001" {
		t.Errorf("contract parts: %+v", lc)
	}
	bad := []struct {
		parse func(string) (LandCode, error)
		in    string
		why   string
	}{
		{ParseIssuerCode, "640106100201", "应为14位"},
		{ParseIssuerCode, "64010610000001", "应为村级区划代码"}, // a town
		{ParseIssuerCode, "6401061002A101", "只能由数字组成"},
		{ParseContractorCode, "640106100201010000", "0001–9999"},
		{ParseParcelCode, "6401061002010100000", "00001–99999"},
		{ParseParcelCode, "640106100201010001", "应为19位"},
		{ParseContractCode, "640106100201010001X", "J(家庭承包)或Q"},
		{ParseContractCode, "640106100201010000J", "0001–9999"},
		{ParseParcelCode, "9901061002010100001", "区划代码"}, // no province 99
	}
	for _, c := range bad {
		if _, err := c.parse(c.in); err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%q: want %q, got %v", c.in, c.why, err)
		}
	}
}
