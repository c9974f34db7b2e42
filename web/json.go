package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// maxBody bounds a request body. A registry record is a few hundred bytes;
// 1 MiB leaves room for anything legitimate and stops a client from making
// the server buffer gigabytes.
const maxBody = 1 << 20

// writeJSON answers with v as JSON. v is encoded before anything is sent,
// so an encoding failure (a bug) still gets a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		json.NewEncoder(&buf).Encode(errorResponse{&shebao.Error{Code: shebao.EINTERNAL, Message: internalMessage}})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// list is the envelope of every paged search: the page of items, the number
// of all matches and the page actually served.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// newList returns the envelope; items is never null in JSON.
func newList[T any](items []T, total int, p paging) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Offset: p.Offset, Limit: p.Limit}
}

// decodeJSON reads the request body, a single JSON object, into v. It
// refuses what a clerk's typo or a hostile client may send: a body that is
// not JSON (415), larger than maxBody (413), malformed, with fields v does
// not have (so a misspelt field is not silently dropped), of the wrong
// type, or followed by more data (400). Messages are in Chinese and name
// the offending field where there is one.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	// A JSON content type is required: besides saying what the body is, it
	// makes a cross-site form or a no-cors fetch unable to call the API.
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return withStatus(http.StatusUnsupportedMediaType,
			shebao.Errorf(shebao.EINVALID, "请求内容类型应为application/json"))
	}
	// The body is read whole first (it is at most maxBody): a failure to
	// read it is then told apart from a value the decoder refuses, whose
	// field the body is searched for (valueError).
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		// The body failing to arrive (a client that hung up): the request
		// is unusable.
		return shebao.Errorf(shebao.EINVALID, "无法读取请求内容")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if derr := decodeError(err); derr != nil {
			return derr
		}
		return valueError(body, v, err)
	}
	// One object and nothing after it: "{…}{…}" is a mistake, not two requests.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return shebao.Errorf(shebao.EINVALID, "请求内容在JSON对象之后还有多余内容")
	}
	return nil
}

// valueError is the answer to a value that its type's UnmarshalJSON
// refused — an amount that overflows ("99999999999999999999"), a decimal
// that is not one — naming the field, which encoding/json does not tell
// for such errors: the body's fields are decoded one by one into fresh
// values of their types until one fails.
func valueError(body []byte, v any, err error) error {
	msg := shebao.ErrorMessage(err)
	if shebao.ErrorCode(err) == shebao.EINTERNAL {
		msg = err.Error() // an UnmarshalJSON's own words, e.g. "应为数值或数值文本"
	}
	field := failingField(body, reflect.TypeOf(v))
	if field == "" {
		return shebao.Errorf(shebao.EINVALID, "请求内容中有无效的值:%s", msg)
	}
	return &shebao.Error{Code: shebao.EINVALID, Field: field, Message: fmt.Sprintf("字段%s:%s", field, msg)}
}

// failingField returns the path ("amount", "items.0.amount") of the first
// field of the JSON object body whose value does not decode into its type
// t, or "".
func failingField(body []byte, t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) != nil {
			return ""
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			for key, raw := range obj {
				if !strings.EqualFold(key, name) {
					continue
				}
				if json.Unmarshal(raw, reflect.New(f.Type).Interface()) == nil {
					continue
				}
				if sub := failingField(raw, f.Type); sub != "" {
					return key + "." + sub
				}
				return key
			}
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(body, &items) != nil {
			return ""
		}
		for i, raw := range items {
			if json.Unmarshal(raw, reflect.New(t.Elem()).Interface()) != nil {
				if sub := failingField(raw, t.Elem()); sub != "" {
					return strconv.Itoa(i) + "." + sub
				}
				return strconv.Itoa(i)
			}
		}
	}
	return ""
}

// decodeError translates an error of json.Decoder into a user error, or
// nil for a value that a type's UnmarshalJSON refused (valueError).
func decodeError(err error) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return withStatus(http.StatusRequestEntityTooLarge,
			shebao.Errorf(shebao.EINVALID, "请求内容超过%d字节(1 MiB)的上限", mbe.Limit))
	case errors.Is(err, io.EOF):
		return shebao.Errorf(shebao.EINVALID, "请求内容为空,应为JSON对象")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return shebao.Errorf(shebao.EINVALID, "请求内容不是完整的JSON:在结尾处中断")
	case errors.As(err, &se):
		return shebao.Errorf(shebao.EINVALID, "请求内容不是有效的JSON:第%d字节附近有语法错误", se.Offset)
	case errors.As(err, &te):
		if te.Field == "" {
			return shebao.Errorf(shebao.EINVALID, "请求内容应为JSON对象,实为%s", jsonKind(te.Value))
		}
		if n, ok := strings.CutPrefix(te.Value, "number "); ok && goKind(te.Type) == "整数" && isInteger(n) {
			return &shebao.Error{Code: shebao.EINVALID, Field: te.Field,
				Message: fmt.Sprintf("字段%s的数值%s超出范围", te.Field, n)}
		}
		return &shebao.Error{Code: shebao.EINVALID, Field: te.Field,
			Message: fmt.Sprintf("字段%s应为%s,实为%s", te.Field, goKind(te.Type), jsonKind(te.Value))}
	}
	// encoding/json has no type for this one.
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, uerr := strconv.Unquote(rest)
		if uerr != nil {
			name = rest
		}
		return &shebao.Error{Code: shebao.EINVALID, Field: name, Message: fmt.Sprintf("未知字段“%s”", name)}
	}
	// The body is in memory (decodeJSON): anything else is a value that
	// its type's UnmarshalJSON refused.
	return nil
}

// isInteger reports an optional minus sign and digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// jsonKind names a JSON value kind as reported by json.UnmarshalTypeError.
func jsonKind(v string) string {
	switch {
	case v == "string":
		return "字符串"
	case v == "bool":
		return "布尔值"
	case v == "array":
		return "数组"
	case v == "object":
		return "对象"
	case strings.HasPrefix(v, "number"):
		if n := strings.TrimSpace(strings.TrimPrefix(v, "number")); n != "" {
			return "数值" + n
		}
		return "数值"
	}
	return v
}

// goKind names the JSON kind a Go type expects.
func goKind(t reflect.Type) string {
	if t == nil {
		return "其他类型"
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数值"
	case reflect.Bool:
		return "布尔值"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Struct, reflect.Map:
		return "对象"
	case reflect.Pointer:
		return goKind(t.Elem())
	}
	return t.String()
}

// paging is the requested page of a search.
type paging struct {
	Offset int
	Limit  int
}

const (
	defaultLimit = 50   // as sqldb's default
	maxLimit     = 1000 // as sqldb's cap: a larger page is refused, not cut silently
)

// query checks the query string of a search: only the named parameters
// (plus offset and limit), each at most once, so that a misspelt filter is
// an error instead of a search over everything. It returns the values and
// the page.
func query(r *http.Request, allowed ...string) (url.Values, paging, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, paging{}, shebao.Errorf(shebao.EINVALID, "查询参数格式错误")
	}
	for name, vs := range q {
		if name != "offset" && name != "limit" && !slices.Contains(allowed, name) {
			return nil, paging{}, &shebao.Error{Code: shebao.EINVALID, Field: name,
				Message: fmt.Sprintf("未知的查询参数“%s”(可用:%s)", name, strings.Join(slices.Concat(allowed, []string{"offset", "limit"}), "、"))}
		}
		if len(vs) > 1 {
			return nil, paging{}, &shebao.Error{Code: shebao.EINVALID, Field: name, Message: fmt.Sprintf("查询参数%s重复", name)}
		}
	}
	p := paging{Limit: defaultLimit}
	if s := q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, paging{}, &shebao.Error{Code: shebao.EINVALID, Field: "offset",
				Message: fmt.Sprintf("分页参数offset应为不小于0的整数,实为“%s”", s)}
		}
		p.Offset = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return nil, paging{}, &shebao.Error{Code: shebao.EINVALID, Field: "limit",
				Message: fmt.Sprintf("分页参数limit应为1至%d之间的整数,实为“%s”", maxLimit, s)}
		}
		p.Limit = n
	}
	return q, p, nil
}

// Masking. ID numbers and phone numbers leave the server masked
// ("6401**********002X", "139****5678") unless the actor's role needs them
// in full (shebao.Role.FullID: administrators, registration clerks) or
// the record is the citizen's own. A role that may reveal (Role.Reveal)
// gets the full numbers of one person with GET /api/v1/persons/{id_no}?full=1,
// which sqldb audits as person.read_full. Every encoder of persons and
// phones goes through these functions.

// actorOf returns the request's actor (the zero Actor, which sees nothing
// in full, if there is none).
func actorOf(r *http.Request) shebao.Actor {
	a, _ := shebao.ActorFrom(r.Context())
	return a
}

// maskPhone masks a phone number; empty stays empty.
func maskPhone(p string) string {
	if p == "" {
		return ""
	}
	return idno.MaskPhone(p)
}

// maskPerson returns p as the actor may see it: p itself when the actor
// sees its numbers in full or full was granted, else a copy with ID and
// phone masked (in the person's enrollments too) and the birth date cut to
// its year.
func maskPerson(a shebao.Actor, p *shebao.Person, full bool) *shebao.Person {
	if p == nil || full || a.SeesFullID(p.IDNo) {
		return p
	}
	c := *p
	c.IDNo = idno.MaskID(p.IDNo)
	c.Phone = maskPhone(p.Phone)
	// The birth date is eight of the ten digits the mask hides (the other
	// two are the district, which the region often tells): shown in full it
	// would give the number back. The year stays, for age.
	if len(p.Birth) == len(shebao.DateLayout) {
		c.Birth = p.Birth[:4] + "-**-**"
	}
	if p.Enrollments != nil {
		c.Enrollments = make([]*shebao.Enrollment, len(p.Enrollments))
		for i, e := range p.Enrollments {
			ec := *e
			ec.IDNo = idno.MaskID(e.IDNo)
			c.Enrollments[i] = &ec
		}
	}
	return &c
}

// maskChanges masks the phone values in a person's changes, unless the
// actor sees the person's numbers in full.
func maskChanges(a shebao.Actor, idNo string, cs []shebao.Change) []shebao.Change {
	if a.SeesFullID(idNo) {
		return cs
	}
	out := make([]shebao.Change, len(cs))
	for i, c := range cs {
		switch c.Field {
		case "联系电话":
			c.Before, c.After = maskPhone(c.Before), maskPhone(c.After)
		case "身份证号":
			c.Before, c.After = idno.MaskID(c.Before), idno.MaskID(c.After)
		}
		out[i] = c
	}
	return out
}

// maskEmployer masks an employer's contact phone for roles that neither
// see numbers in full nor may reveal them (read-only, finance, land): it
// is a person's number too. Roles that work with employers see it, as
// they must call them.
func maskEmployer(a shebao.Actor, e *shebao.Employer) *shebao.Employer {
	if e == nil || shebao.RoleOf(a).May(shebao.ReadFull(shebao.EntityPerson)) {
		return e
	}
	c := *e
	c.Phone = maskPhone(e.Phone)
	return &c
}

// maskEmployers masks a page of employers.
func maskEmployers(a shebao.Actor, es []*shebao.Employer) []*shebao.Employer {
	out := make([]*shebao.Employer, len(es))
	for i, e := range es {
		out[i] = maskEmployer(a, e)
	}
	return out
}

// boolParam reads an optional boolean query parameter: 1/true or 0/false.
func boolParam(q url.Values, name string) (bool, error) {
	switch q.Get(name) {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, &shebao.Error{Code: shebao.EINVALID, Field: name, Message: fmt.Sprintf("查询参数%s应为1或0", name)}
}
