package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Param is one value of a policy parameter: in force from From (inclusive)
// to To (exclusive, "" = open-ended) in Region and everything below it.
type Param struct {
	Key    string `json:"key"`
	Region string `json:"region"` // "" national, else the 12-digit 区划代码
	From   string `json:"from"`   // YYYY-MM-DD
	To     string `json:"to"`     // YYYY-MM-DD, exclusive; "" open
	// Value is the canonical text of the value: "16%", "8000.00", "15",
	// "1.2", or JSON for a table.
	Value   string `json:"value"`
	Source  string `json:"source"`  // 文件依据, cited in explanations
	Example bool   `json:"example"` // an example value a district must replace
}

// RegionText returns the region for messages: "全国" or the code.
func (p Param) RegionText() string {
	if p.Region == "" {
		return "全国"
	}
	return p.Region
}

// Cite returns "source" with a note when the value is only an example, for
// the end of an explanation.
func (p Param) Cite() string {
	if p.Example {
		return p.Source + "(示例值)"
	}
	return p.Source
}

// maxProblems bounds the list of problems in one error.
const maxProblems = 200

// problems collects the problems of a file, each with its entry number.
type problems struct{ list []problem }

type problem struct {
	entry int // 0 for the file as a whole
	text  string
}

func (ps *problems) add(entry int, key, format string, args ...any) {
	where := fmt.Sprintf("第%d条", entry)
	if key != "" {
		where += "(" + key + ")"
	}
	ps.list = append(ps.list, problem{entry, where + ":" + fmt.Sprintf(format, args...)})
}

func (ps *problems) addFile(format string, args ...any) {
	ps.list = append(ps.list, problem{0, fmt.Sprintf(format, args...)})
}

// err returns the problems in entry order as one EINVALID error, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	slices.SortStableFunc(ps.list, func(a, b problem) int { return a.entry - b.entry })
	lines := make([]string, 0, min(len(ps.list), maxProblems)+1)
	for i, p := range ps.list {
		if i == maxProblems {
			lines = append(lines, fmt.Sprintf("……另有%d处错误", len(ps.list)-maxProblems))
			break
		}
		lines = append(lines, p.text)
	}
	return shebao.Errorf(shebao.EINVALID, "政策参数有%d处错误:\n%s", len(ps.list), strings.Join(lines, "\n"))
}

// Validate checks parameters against the catalogue and returns them in
// canonical form (values as the kind writes them, regions as 12 digits,
// tables as compact JSON). It reports all problems in one EINVALID error,
// each with the entry number (1-based index) and key: unknown key, a value
// that does not fit the kind, a bad date or region, to ≤ from, a missing
// source, and periods of the same key and region that overlap.
func Validate(ps []Param) ([]Param, error) {
	var pr problems
	out := make([]Param, len(ps))
	ok := make([]bool, len(ps))
	for i, p := range ps {
		out[i], ok[i] = normalize(&pr, i+1, p, nil)
	}
	checkOverlaps(&pr, out, ok)
	if err := pr.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// normalize checks one parameter and returns its canonical form. Fields in
// skip were already reported (by the TOML reader) and are not checked again.
func normalize(pr *problems, n int, p Param, skip map[string]bool) (Param, bool) {
	before := len(pr.list)
	key := strings.TrimSpace(p.Key)
	p.Key = key
	def, known := defByKey[key]
	switch {
	case skip["key"]:
	case key == "":
		pr.add(n, "", "缺少参数名key")
	case !known:
		pr.add(n, key, "参数目录中没有这个参数")
	case skip["value"]:
	default:
		v, err := canonicalValue(def, p.Value)
		if err != nil {
			pr.add(n, key, "「%s」的取值错误:%s", def.Name, err)
		}
		p.Value = v
	}
	var err error
	if !skip["from"] {
		if p.From, err = checkDate(p.From); err != nil {
			pr.add(n, key, "生效日期from%s", err)
		} else if p.From == "" {
			pr.add(n, key, "缺少生效日期from")
		}
	}
	if !skip["to"] {
		if p.To, err = checkDate(p.To); err != nil {
			pr.add(n, key, "失效日期to%s", err)
		} else if p.To != "" && p.From != "" && p.To <= p.From {
			pr.add(n, key, "失效日期to %s 应晚于生效日期from %s", p.To, p.From)
		}
	}
	if r := strings.TrimSpace(p.Region); r != "" && !skip["region"] {
		reg, err := idno.ParseRegion(r)
		if err != nil {
			pr.add(n, key, "区划代码region错误:%s", err.Error())
		} else {
			p.Region = reg.Code
		}
	} else if r == "" {
		p.Region = ""
	}
	p.Source = strings.TrimSpace(p.Source)
	if p.Source == "" && !skip["source"] {
		pr.add(n, key, "缺少文件依据source")
	}
	return p, len(pr.list) == before && len(skip) == 0
}

// checkDate validates a YYYY-MM-DD date; "" stays "".
func checkDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return "", fmt.Errorf("应为日期YYYY-MM-DD,实为%q", s)
	}
	return s, nil
}

// canonicalValue checks text against the kind of def and returns its
// canonical form.
func canonicalValue(def Def, s string) (string, error) {
	switch def.Kind {
	case KindMoney:
		m, err := shebao.ParseYuan(s)
		if err != nil {
			return "", errors.New(shebao.ErrorMessage(err))
		}
		if m < 0 {
			return "", fmt.Errorf("金额不能为负:%q", s)
		}
		return m.String(), nil
	case KindRate:
		r, err := parsePolicyPercent(s)
		if err != nil {
			return "", err
		}
		return r.Percent(), nil
	case KindInt:
		t := strings.TrimSpace(s)
		v, err := strconv.Atoi(t)
		if err != nil || v < 0 || v > math.MaxInt32 {
			return "", fmt.Errorf("应为非负整数,实为%q", s)
		}
		return strconv.Itoa(v), nil
	case KindDecimal:
		return normalizeDecimal(strings.TrimSpace(s))
	case KindTable:
		mk, ok := tableTypes[def.Key]
		if !ok {
			return "", fmt.Errorf("表格参数%s没有登记Go类型", def.Key)
		}
		v := mk()
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return "", fmt.Errorf("表格结构不符合%s:%s", def.Unit, jsonProblem(err))
		}
		if dec.More() {
			return "", fmt.Errorf("表格之后还有多余内容")
		}
		if err := v.validate(); err != nil {
			return "", err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	return "", fmt.Errorf("未知的参数类型%q", def.Kind)
}

// jsonProblem turns a JSON decoding error into a short Chinese reason.
func jsonProblem(err error) string {
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &ute):
		f := ute.Field
		if f == "" {
			f = "取值"
		}
		return fmt.Sprintf("%s应为%s,实为%s", f, goTypeName(ute.Type.String()), ute.Value)
	case errors.As(err, &se):
		return "不是有效的表格:" + se.Error()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "未知字段" + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case err == io.EOF:
		return "取值为空"
	}
	var se2 *shebao.Error
	if errors.As(err, &se2) {
		return se2.Message
	}
	return err.Error()
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "policy."):
		if strings.Contains(t, "[]") {
			return "数组"
		}
		return "表"
	case t == "int" || t == "int64":
		return "整数"
	case t == "string":
		return "文本"
	}
	return t
}

// checkOverlaps reports entries of the same key and region whose periods
// overlap. Entries with problems of their own are skipped.
func checkOverlaps(pr *problems, ps []Param, ok []bool) {
	type group struct{ idx []int }
	groups := map[string]*group{}
	var order []string
	for i, p := range ps {
		if !ok[i] {
			continue
		}
		k := p.Key + "\x00" + p.Region
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		g.idx = append(g.idx, i)
	}
	for _, k := range order {
		idx := groups[k].idx
		slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(ps[a].From, ps[b].From) })
		for j := 1; j < len(idx); j++ {
			// Any earlier entry still open at this one's start overlaps it.
			for i := 0; i < j; i++ {
				a, b := ps[idx[i]], ps[idx[j]]
				if a.To == "" || a.To > b.From {
					pr.add(idx[j]+1, b.Key, "与第%d条在%s的期间重叠(%s–%s 与 %s–%s)",
						idx[i]+1, a.RegionText(), a.From, periodEnd(a.To), b.From, periodEnd(b.To))
				}
			}
		}
	}
}

func periodEnd(to string) string {
	if to == "" {
		return "长期"
	}
	return to
}

// maxFileSize bounds a policy file.
const maxFileSize = 8 << 20

// Parse reads a policy file in TOML (see the package documentation and
// README.md), checks every entry with [Validate] and returns the parameters
// in canonical form. All problems come back in one EINVALID error, each with
// the entry number and key.
func Parse(r io.Reader) ([]Param, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, shebao.Errorf(shebao.EINVALID, "读取政策参数文件失败:%v", err)
	}
	if len(data) > maxFileSize {
		return nil, shebao.Errorf(shebao.EINVALID, "政策参数文件超过%d MB", maxFileSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	var doc struct {
		Param []map[string]any `toml:"param"`
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, shebao.Errorf(shebao.EINVALID, "政策参数文件不是有效的TOML(第%d行):%s", pe.Position.Line, pe.Message)
		}
		return nil, shebao.Errorf(shebao.EINVALID, "政策参数文件结构错误(应为[[param]]表的数组):%v", err)
	}
	var pr problems
	for _, k := range md.Undecoded() {
		// Keys below [[param]] are read through maps; BurntSushi lists the
		// ones inside interface values as undecoded.
		if len(k) > 0 && k[0] != "param" {
			pr.addFile("未知的顶层项%q(只允许[[param]])", k.String())
		}
	}
	out := make([]Param, len(doc.Param))
	ok := make([]bool, len(doc.Param))
	for i, m := range doc.Param {
		p, reported := fromTOML(&pr, i+1, m)
		out[i], ok[i] = normalize(&pr, i+1, p, reported)
	}
	checkOverlaps(&pr, out, ok)
	if err := pr.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// fromTOML converts one [[param]] table into a Param with its value as text.
// It returns the fields whose problems it has already reported.
func fromTOML(pr *problems, n int, m map[string]any) (Param, map[string]bool) {
	var p Param
	reported := map[string]bool{}
	bad := func(field, format string, args ...any) {
		pr.add(n, p.Key, format, args...)
		reported[field] = true
	}
	if k, has := m["key"]; has {
		key, ok := k.(string)
		p.Key = strings.TrimSpace(key)
		if !ok || p.Key == "" {
			bad("key", "参数名key应为非空文本")
		}
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		v := m[k]
		switch k {
		case "key":
		case "value":
			def, ok := defByKey[p.Key]
			if !ok {
				continue // normalize reports the unknown key
			}
			s, err := valueText(def, v)
			if err != nil {
				bad("value", "「%s」的取值错误:%s", def.Name, err)
			}
			p.Value = s
		case "from", "to":
			s, err := dateText(v)
			if err != nil {
				bad(k, "%s%s", k, err)
			}
			if k == "from" {
				p.From = s
			} else {
				p.To = s
			}
		case "region":
			switch r := v.(type) {
			case string:
				p.Region = r
			case int64:
				p.Region = strconv.FormatInt(r, 10)
			default:
				bad("region", "region应为区划代码文本,如\"640106\"")
			}
		case "source":
			s, ok := v.(string)
			if !ok {
				bad("source", "source应为文本")
			}
			p.Source = s
		case "example":
			b, ok := v.(bool)
			if !ok {
				bad("example", "example应为true或false")
			}
			p.Example = b
		default:
			bad(k, "未知字段%q(允许key、value、from、to、region、source、example)", k)
		}
	}
	if _, has := m["value"]; !has {
		if _, known := defByKey[p.Key]; known {
			bad("value", "缺少取值value")
		}
	}
	return p, reported
}

// valueText turns a decoded TOML value into the text Validate expects.
func valueText(def Def, v any) (string, error) {
	if def.Kind == KindTable {
		b, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("表格取值无法读取:%v", err)
		}
		return string(b), nil
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		if def.Kind == KindRate {
			return "", fmt.Errorf("比例应写成带百分号的文本,如\"16%%\",实为%d", x)
		}
		return strconv.FormatInt(x, 10), nil
	case float64:
		switch def.Kind {
		case KindRate:
			return "", fmt.Errorf("比例应写成带百分号的文本,如\"16%%\",实为%v", x)
		case KindInt:
			return "", fmt.Errorf("应为整数,实为%v", x)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("取值不是有效数字")
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	return "", fmt.Errorf("取值value应为%s,实为%s", kindName(def.Kind), tomlTypeName(v))
}

func kindName(kind string) string {
	switch kind {
	case KindMoney:
		return "金额(元)"
	case KindRate:
		return "带百分号的比例"
	case KindInt:
		return "整数"
	case KindDecimal:
		return "小数"
	}
	return "表格"
}

func tomlTypeName(v any) string {
	switch v.(type) {
	case bool:
		return "布尔值"
	case time.Time:
		return "日期时间"
	case []any, []map[string]any:
		return "数组"
	case map[string]any:
		return "表"
	}
	return fmt.Sprintf("%T", v)
}

// dateText accepts a TOML local date (2019-05-01) or the same as text.
func dateText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil // checked by normalize
	case time.Time:
		if x.Location().String() != "date-local" {
			return "", fmt.Errorf("应为日期(如2019-05-01),不带时间和时区")
		}
		return x.Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("应为日期(如2019-05-01),实为%s", tomlTypeName(v))
}
