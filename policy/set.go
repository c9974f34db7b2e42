package policy

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Set answers which value of a parameter is in force for a region on a
// date. It is immutable and safe for concurrent use.
type Set struct {
	byKey map[string][]Param // in the order given to NewSet
}

// NewSet returns a Set of the parameters, normally the output of [Parse],
// [Validate] or [Default], possibly several of them appended: where two
// entries of the same key and region both cover a date, the later one in ps
// wins, so NewSet(append(Default(), local...)) lets a district file replace
// shipped values without editing them. Short region codes are padded to 12
// digits; values are read when looked up.
func NewSet(ps []Param) *Set {
	s := &Set{byKey: map[string][]Param{}}
	for _, p := range ps {
		if p.Region != "" {
			if r, err := idno.ParseRegion(p.Region); err == nil {
				p.Region = r.Code
			}
		}
		s.byKey[p.Key] = append(s.byKey[p.Key], p)
	}
	return s
}

// Params returns all parameters of the set, grouped by key.
func (s *Set) Params() []Param {
	if s == nil {
		return nil
	}
	var out []Param
	for _, d := range Catalogue {
		out = append(out, s.byKey[d.Key]...)
	}
	return out
}

// ancestors returns the region and the regions above it, each with its
// specificity (0 for national "", the level for a code).
func ancestors(region string) (map[string]int, string, error) {
	m := map[string]int{"": 0}
	if region == "" {
		return m, "", nil
	}
	r, err := idno.ParseRegion(region)
	if err != nil {
		return nil, "", shebao.FieldErrorf("region", "区划代码错误:%s", err.Error())
	}
	code := r.Code
	for r.Code != "" {
		m[r.Code] = r.Level
		if r.Parent == "" {
			break
		}
		if r, err = idno.ParseRegion(r.Parent); err != nil {
			break
		}
	}
	return m, code, nil
}

// Get returns the parameter in force for region on the date on (its
// calendar date in on's location): among the entries of key whose period
// contains the date, the one of the region itself or of its nearest
// ancestor (village → town → district → city → province → national "").
// region may be "" (national only) or a 12-digit or short code. When no
// entry applies the error is ENOTFOUND.
func (s *Set) Get(key, region string, on time.Time) (Param, error) {
	def, ok := defByKey[key]
	if !ok {
		return Param{}, fmt.Errorf("policy: 参数目录中没有%q", key)
	}
	anc, code, err := ancestors(region)
	if err != nil {
		return Param{}, err
	}
	date := on.Format(time.DateOnly)
	best, bestRank := -1, -1
	var list []Param
	if s != nil {
		list = s.byKey[key]
	}
	for i, p := range list {
		rank, in := anc[p.Region]
		if !in || p.From > date || (p.To != "" && date >= p.To) {
			continue
		}
		if rank >= bestRank { // later entries win at equal specificity
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		where := "全国"
		if code != "" {
			where = "区划" + code
		}
		return Param{}, shebao.Errorf(shebao.ENOTFOUND, "政策参数「%s」(%s)在%s于%s没有生效的取值", def.Name, key, where, date)
	}
	return list[best], nil
}

// get is Get with a check that key is of the kind the caller reads.
func (s *Set) get(kind, key, region string, on time.Time) (Param, error) {
	if def, ok := defByKey[key]; ok && def.Kind != kind {
		return Param{}, fmt.Errorf("policy: 参数%s是%s类型,不是%s", key, def.Kind, kind)
	}
	return s.Get(key, region, on)
}

// badValue reports a stored value that does not parse: a Set built from
// unvalidated parameters.
func badValue(p Param, err error) error {
	return fmt.Errorf("policy: 参数%s(%s,自%s)的取值%q无效:%v", p.Key, p.RegionText(), p.From, p.Value, err)
}

// Money returns a money parameter in force (see [Set.Get]).
func (s *Set) Money(key, region string, on time.Time) (shebao.Money, Param, error) {
	p, err := s.get(KindMoney, key, region, on)
	if err != nil {
		return 0, p, err
	}
	m, err := shebao.ParseYuan(p.Value)
	if err != nil {
		return 0, p, badValue(p, err)
	}
	return m, p, nil
}

// Rate returns a rate parameter in force (see [Set.Get]).
func (s *Set) Rate(key, region string, on time.Time) (shebao.Rate, Param, error) {
	p, err := s.get(KindRate, key, region, on)
	if err != nil {
		return 0, p, err
	}
	r, err := shebao.ParsePercent(p.Value)
	if err != nil {
		return 0, p, badValue(p, err)
	}
	return r, p, nil
}

// Int returns an integer parameter in force (see [Set.Get]).
func (s *Set) Int(key, region string, on time.Time) (int, Param, error) {
	p, err := s.get(KindInt, key, region, on)
	if err != nil {
		return 0, p, err
	}
	v, err := strconv.Atoi(p.Value)
	if err != nil {
		return 0, p, badValue(p, err)
	}
	return v, p, nil
}

// Decimal returns a decimal parameter in force as its text, "1.2" (see
// [Set.Get]); convert it with [ParseDecimal] or, for a coefficient in per
// cent, shebao.ParsePercent.
func (s *Set) Decimal(key, region string, on time.Time) (string, Param, error) {
	p, err := s.get(KindDecimal, key, region, on)
	if err != nil {
		return "", p, err
	}
	v, err := normalizeDecimal(p.Value)
	if err != nil {
		return "", p, badValue(p, err)
	}
	return v, p, nil
}

// Table decodes a table parameter in force into dst, a pointer to the Go
// type the catalogue names (*DivisorTable for pension.divisor …), see
// [Set.Get].
func (s *Set) Table(key, region string, on time.Time, dst any) (Param, error) {
	p, err := s.get(KindTable, key, region, on)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(p.Value), dst); err != nil {
		return p, badValue(p, err)
	}
	return p, nil
}
