package shebao

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
)

// Error codes. Each maps to one HTTP status in the web package.
const (
	EINVALID      = "invalid"      // bad input: the message says which field and why
	ENOTFOUND     = "not_found"    // no such record, or not in the caller's jurisdiction
	ECONFLICT     = "conflict"     // the write contradicts existing data
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // valid credentials, insufficient role
	EINTERNAL     = "internal"     // a bug or an outage; details only in the log
)

// Error is an error meant for the user: a code and a message in Chinese.
// Field names the offending input field, when there is one.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the code and a formatted Chinese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error about one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a user error, or EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Errors that are not
// *Error are internal: their text is not shown to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err == nil {
		return ""
	}
	return "系统内部错误,请联系管理员"
}

// ErrorMessageFull returns the message of a user error, including the field,
// or the text of any other error: for the CLI, whose user is the operator.
func ErrorMessageFull(err error) string {
	var e *Error
	if errors.As(err, &e) {
		// A field named in Chinese (身份证号, 第3行) helps; an API field
		// name (months, balance) is not the operator's word, and the
		// message says what it is about.
		if e.Field != "" && isASCII(e.Field) {
			return e.Message
		}
		return e.Error()
	}
	// A file the operator named: said in Chinese, with the path as typed
	// ("open x.csv: no such file or directory" is the Go library's).
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, fs.ErrNotExist):
			return "文件或目录不存在:" + pe.Path
		case errors.Is(pe.Err, fs.ErrPermission):
			return "无权访问文件或目录:" + pe.Path
		case errors.Is(pe.Err, fs.ErrExist):
			return "文件已存在:" + pe.Path
		}
		return "无法读写文件" + pe.Path + "(" + pe.Err.Error() + ")"
	}
	if errors.Is(err, context.Canceled) {
		return "操作已中断(已完成的部分已保存,重新运行即可续完)"
	}
	return err.Error()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
