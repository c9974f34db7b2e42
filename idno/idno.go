// Package idno validates the identifiers the social-insurance registry is
// keyed by: the 公民身份号码 of persons (GB 11643-1999), the 统一社会信用代码
// of employers (GB 32100-2015) and the 12-digit 统计用区划代码 of regions, and
// it normalises and masks telephone numbers and ID numbers for display.
//
// Everything here is pure: no I/O, no clock (callers pass "today"), and no
// dependency on other packages of the repository, so that every layer — the
// spreadsheet importer, the HTTP API, the store — can validate the same way
// and show the clerk the same precise reason when input is rejected.
//
// Every function that rejects input returns an *Error whose Reason is a
// Simplified Chinese sentence naming exactly what is wrong, because the
// people who read it are clerks correcting a form, not programmers.
package idno

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Error is the only error type this package returns. Reason is a complete
// Chinese sentence fit to show to the user as is; callers that need to tell
// validation failures from other errors use errors.As.
type Error struct {
	Reason string // why the input was rejected, in Simplified Chinese
}

// Error returns the Chinese reason, so that an *Error printed anywhere reads
// the same as on the form.
func (e *Error) Error() string { return e.Reason }

// errorf builds an *Error; it exists so that every rejection in the package
// goes through one type.
func errorf(format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// foldMode says which letters fold to upper case: identifiers differ (an ID
// number only knows X, a USCC knows many letters).
type foldMode int

const (
	foldNone  foldMode = iota // letters kept as they are
	foldX                     // only x → X (公民身份号码)
	foldUpper                 // every ASCII letter to upper case (USCC)
)

// fold removes every white-space and zero-width character (wherever it is:
// numbers are pasted from Word, Excel and WeChat with spaces, NBSP, U+3000
// and BOMs inside), maps full-width ASCII forms (U+FF01–U+FF5E, typed with a
// Chinese IME) to ASCII, and folds letters as mode says. It does not
// validate: whatever is left is judged by the caller, which can then name the
// offending character. fold is idempotent.
func fold(s string, mode foldMode) string {
	if isClean(s, mode) {
		return s // the common case: already normalised, no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isInvisible(r) {
			continue
		}
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		switch {
		case mode == foldX && r == 'x':
			r = 'X'
		case mode == foldUpper && 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether fold would return s unchanged, so that the fast
// path stays exact: only printable ASCII that is neither a space nor a letter
// that mode would change.
func isClean(s string, mode foldMode) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F {
			return false
		}
		if (mode == foldX && c == 'x') || (mode == foldUpper && 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// isInvisible reports white space (including NBSP U+00A0 and the
// ideographic space U+3000, both White_Space in Unicode) and the zero-width
// characters that unicode.IsSpace does not cover but that copy-paste brings
// along.
func isInvisible(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// provinces marks the two-digit province codes of GB/T 2260: 11–15, 21–23,
// 31–37, 41–46, 50–54, 61–65, 71 (台湾), 81 (香港), 82 (澳门). Both ID numbers and
// region codes start with one, so a typo in the first two digits is caught
// even when a check character happens to match.
var provinces = func() (p [100]bool) {
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 82}} {
		for i := r[0]; i <= r[1]; i++ {
			p[i] = true
		}
	}
	return p
}()

// validProvince reports whether the two ASCII digits s are a province code.
func validProvince(s string) bool {
	if len(s) != 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return false
	}
	return provinces[int(s[0]-'0')*10+int(s[1]-'0')]
}

// isDigit reports an ASCII decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// quote renders a character for an error message: 'O', '中', or an escape
// such as '\x00' for one that would not print, so the clerk can see what to
// delete.
func quote(r rune) string {
	if r == unicode.ReplacementChar {
		return "'\\uFFFD'(无效编码)" // invalid UTF-8 arrives as U+FFFD
	}
	return strconv.QuoteRune(r)
}
