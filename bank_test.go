package shebao

import (
	"strings"
	"testing"
)

func TestNormalizeBankAccount(t *testing.T) {
	for _, c := range []struct {
		in, want, why string
	}{
		{"", "", ""},
		{"  ", "", ""},
		{"6222021234567890123", "6222021234567890123", ""},
		{"6222 0212 3456 7890 123", "6222021234567890123", ""},
		{"6222-0212-3456-7890", "", "只能由数字组成"},
		{"622202123456", "622202123456", ""},
		{strings.Repeat("9", 30), strings.Repeat("9", 30), ""},
		{"=1+2", "", "只能由数字组成"},
		{"-6222021234567890", "", "只能由数字组成"},
		{"@6222021234567890", "", "只能由数字组成"},
		{"6222O21234567890", "", "只能由数字组成"},
		{"６２２２０２１２３４５６７８９０", "", "只能由数字组成"},
		{"62220212345", "", "所填为11位"},
		{strings.Repeat("9", 31), "", "所填为31位"},
	} {
		got, err := NormalizeBankAccount("bank_account", c.in)
		switch {
		case c.why == "" && (err != nil || got != c.want):
			t.Errorf("%q: %q %v, want %q", c.in, got, err, c.want)
		case c.why != "" && (ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.why) || !strings.Contains(ErrorMessage(err), "收款账号")):
			t.Errorf("%q: %v, want a refusal saying %s", c.in, err, c.why)
		case c.why != "":
			var e *Error
			if !asError(err, &e) || e.Field != "bank_account" {
				t.Errorf("%q: field %v", c.in, err)
			}
		}
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}
