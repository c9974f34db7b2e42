package shebao

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// TestErrorMessageFull: what the CLI prints for an error — a user error
// with its field, a file the operator named in Chinese, an interruption,
// anything else as it is.
func TestErrorMessageFull(t *testing.T) {
	_, missing := os.Open("/nonexistent/名单.xlsx")
	for _, c := range []struct {
		err  error
		want string
	}{
		{FieldErrorf("身份证号", "校验码错误"), "身份证号: 校验码错误"},
		{FieldErrorf("balance", "个人账户储存额不能为负"), "个人账户储存额不能为负"},
		{fmt.Errorf("import: %w", missing), "文件或目录不存在:/nonexistent/名单.xlsx"},
		{fmt.Errorf("run: %w", context.Canceled), "操作已中断(已完成的部分已保存,重新运行即可续完)"},
		{fmt.Errorf("some bug"), "some bug"},
	} {
		if got := ErrorMessageFull(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
