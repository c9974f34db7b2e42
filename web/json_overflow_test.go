package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// TestDecodeOverflow: an amount or a number too large for its field is
// refused with a Chinese message naming the field, not "无法读取请求内容".
func TestDecodeOverflow(t *testing.T) {
	type nested struct {
		Items []shebao.RefundRequest `json:"items"`
	}
	for _, c := range []struct {
		body  string
		v     any
		field string
		want  string
	}{
		{`{"receipt":"R1","ref":"P1","amount":"99999999999999999999","date":"2026-01-05"}`, &shebao.RefundRequest{}, "amount", "金额超出范围"},
		{`{"receipt":"R1","ref":"P1","amount":99999999999999999999,"date":"2026-01-05"}`, &shebao.RefundRequest{}, "amount", "金额超出范围"},
		{`{"receipt":"R1","amount":"12.345"}`, &shebao.RefundRequest{}, "amount", "最多两位小数"},
		{`{"receipt":"R1","amount":"十元"}`, &shebao.RefundRequest{}, "amount", "金额格式错误"},
		{`{"id_no":"x","grade":99999999999999999999}`, &shebao.InjuryRequest{}, "grade", "超出范围"},
		{`{"index":[1]}`, &shebao.PensionCalcRequest{}, "index", "应为数值或数值文本"},
		{`{"items":[{"amount":"1.00"},{"amount":"1e400"}]}`, &nested{}, "items.1.amount", "金额格式错误"},
	} {
		req := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		err := decodeJSON(httptest.NewRecorder(), req, c.v)
		var e *shebao.Error
		if !asUserError(err, &e) || e.Code != shebao.EINVALID || e.Field != c.field || !strings.Contains(e.Message, c.want) || !strings.Contains(e.Message, c.field) {
			t.Errorf("%s: %#v, want field %s saying %s", c.body, err, c.field, c.want)
		}
	}
}

func asUserError(err error, e **shebao.Error) bool {
	x, ok := err.(*shebao.Error)
	*e = x
	return ok
}
