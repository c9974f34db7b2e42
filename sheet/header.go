package sheet

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// HeaderError reports a header row an importer cannot use. Its message is
// written for clerks.
type HeaderError struct {
	Row       int      // the row taken as header, numbered as the spreadsheet shows it
	Missing   []string // keys of required fields that have no column
	Duplicate []string // keys of fields that two or more columns map to
	msg       string
}

// Error returns the message for clerks.
func (e *HeaderError) Error() string { return e.msg }

// checkFields rejects field lists that are a programming mistake: empty or
// repeated keys, or one header text claimed by two fields.
func checkFields(fields []Field) error {
	keys := make(map[string]bool, len(fields))
	names := make(map[string]string)
	for _, f := range fields {
		if f.Key == "" {
			return errors.New("sheet: field with empty Key")
		}
		if keys[f.Key] {
			return fmt.Errorf("sheet: duplicate field key %q", f.Key)
		}
		keys[f.Key] = true
		for _, a := range f.aliases() {
			n := NormalizeHeader(a)
			if n == "" {
				return fmt.Errorf("sheet: field %q has an empty alias", f.Key)
			}
			if other, ok := names[n]; ok && other != f.Key {
				return fmt.Errorf("sheet: alias %q of field %q is also an alias of %q", a, f.Key, other)
			}
			names[n] = f.Key
		}
	}
	return nil
}

// NormalizeHeader returns the form in which header cells and aliases are
// compared: full-width letters, digits and punctuation folded to half-width,
// all white space (also full-width space and NBSP) removed, leading and
// trailing '*' required-markers and trailing ':' stripped, lower-cased.
// "＊ 公民身份号码（必填）：" becomes "公民身份号码(必填)".
func NormalizeHeader(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isBlankRune(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return trimMarkers(b.String())
}

// trimMarkers strips required-markers and trailing colons until none is left.
func trimMarkers(s string) string {
	for {
		t := strings.TrimRight(strings.TrimLeft(s, "*"), "*:")
		if t == s {
			return s
		}
		s = t
	}
}

// bracketPairs maps closing brackets to their opening ones (after width
// folding, so "（" is already "(").
var bracketPairs = map[rune]rune{')': '(', ']': '[', '】': '【', '〕': '〔', '》': '《', '〉': '〈', '}': '{'}

// stripBracketSuffix removes trailing bracketed groups from a normalised
// header: "工资(元)" → "工资", "身份证号*(必填)" → "身份证号". A group that is
// the whole text, or an unbalanced one, is left alone.
func stripBracketSuffix(s string) string {
	for {
		last, size := utf8.DecodeLastRuneInString(s)
		open, ok := bracketPairs[last]
		if !ok {
			return s
		}
		depth, start := 0, -1
		for i := len(s) - size; i > 0; {
			r, n := utf8.DecodeLastRuneInString(s[:i])
			i -= n
			if r == last {
				depth++
			} else if r == open {
				if depth == 0 {
					start = i
					break
				}
				depth--
			}
		}
		if start <= 0 {
			return s
		}
		s = trimMarkers(s[:start])
	}
}

// matcher maps header cells to fields.
type matcher struct {
	fields []Field
	byName map[string]int // normalised alias → field index
}

// newMatcher indexes the fields' aliases.
func newMatcher(fields []Field) *matcher {
	m := &matcher{fields: fields, byName: make(map[string]int)}
	for i, f := range fields {
		for _, a := range f.aliases() {
			m.byName[NormalizeHeader(a)] = i
		}
	}
	return m
}

// match finds the field a header cell names: first by its whole normalised
// text (exact), then with a bracketed suffix removed.
func (m *matcher) match(cell string) (field int, exact, ok bool) {
	n := NormalizeHeader(cell)
	if n == "" {
		return 0, false, false
	}
	if i, ok := m.byName[n]; ok {
		return i, true, true
	}
	if s := stripBracketSuffix(n); s != n {
		if i, ok := m.byName[s]; ok {
			return i, false, true
		}
	}
	return 0, false, false
}

// score counts the cells of a row that name some field; the header is the
// row with the highest score.
func (m *matcher) score(cells []string) int {
	n := 0
	for _, c := range cells {
		if _, _, ok := m.match(c); ok {
			n++
		}
	}
	return n
}

// assign maps each header column to a field key. A field named by two
// columns is an error, except that an exact name wins over one matched only
// after removing a bracketed suffix (the loser is reported as unknown).
func (m *matcher) assign(header []string, rowNum int) (keys, unknown []string, err error) {
	type claim struct {
		col   int
		exact bool
	}
	claims := make([][]claim, len(m.fields))
	for col, cell := range header {
		if i, exact, ok := m.match(cell); ok {
			claims[i] = append(claims[i], claim{col, exact})
		}
	}
	keys = make([]string, len(header))
	var (
		problems []string
		herr     = &HeaderError{Row: rowNum}
	)
	for i, f := range m.fields {
		var exact, loose []int
		for _, c := range claims[i] {
			if c.exact {
				exact = append(exact, c.col)
			} else {
				loose = append(loose, c.col)
			}
		}
		cols := exact
		if len(cols) == 0 {
			cols = loose
		}
		switch len(cols) {
		case 0:
			if f.Required {
				herr.Missing = append(herr.Missing, f.Key)
			}
		case 1:
			keys[cols[0]] = f.Key
		default:
			herr.Duplicate = append(herr.Duplicate, f.Key)
			names := make([]string, len(cols))
			for j, col := range cols {
				names[j] = fmt.Sprintf("“%s”(%s列)", strings.TrimSpace(header[col]), columnName(col))
			}
			problems = append(problems, fmt.Sprintf("表头%s都对应%s,请只保留其中一列",
				strings.Join(names, "和"), f.label()))
		}
	}
	if len(herr.Missing) > 0 {
		var parts []string
		for i, f := range m.fields {
			if f.Required && len(claims[i]) == 0 {
				parts = append(parts, fmt.Sprintf("%s(可用列名:%s)", f.label(), strings.Join(f.aliases(), "、")))
			}
		}
		problems = append(problems, "缺少必填列:"+strings.Join(parts, ";"))
	}
	if len(problems) > 0 {
		herr.msg = strings.Join(problems, ";")
		return nil, nil, herr
	}
	for col, cell := range header {
		if keys[col] == "" && trimValue(cell) != "" {
			unknown = append(unknown, cell)
		}
	}
	return keys, unknown, nil
}

// columnName returns the spreadsheet letter of a 0-based column index.
func columnName(col int) string {
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return fmt.Sprint(col + 1)
	}
	return name
}
