package idno

import "strings"

// Region is a validated 12-digit 统计用区划代码: PP CC DD TTT VVV (province,
// city, district/county, town/subdistrict, village/community). Jurisdiction
// in shebao is a prefix match on this code, so a region carries its level
// and the prefix that makes it a jurisdiction.
type Region struct {
	Code   string // 12 digits
	Level  int    // 1 province, 2 city, 3 district/county, 4 town/subdistrict, 5 village/community
	Parent string // 12-digit code of the parent level, "" for a province
}

// prefixLen is the length of the significant prefix by level (index 0 is the
// zero Region).
var prefixLen = [6]int{0, 2, 4, 6, 9, 12}

// regionParts names the four parts below the province, in order, for error
// messages.
var regionParts = [4]struct {
	name       string
	start, end int
}{{"地级", 2, 4}, {"县级", 4, 6}, {"乡级", 6, 9}, {"村级", 9, 12}}

// citiesWithoutDistricts are the 不设区的地级市 whose towns the statistical
// code places directly under the city with a district part of 00 (东莞
// 441900003000 东城街道, 中山 442000001000 石岐街道, 儋州 460400100000 那大镇).
// They are the only codes where a non-zero part may follow a zero part.
var citiesWithoutDistricts = map[string]bool{
	"441900": true, // 东莞市
	"442000": true, // 中山市
	"460400": true, // 儋州市
}

// ParseRegion normalises s like an ID number and validates it as a 统计用区划
// 代码. It accepts the full 12 digits or the short prefixes of 2, 4, 6 or 9
// digits, padded with zeros ("640106" → "640106000000"), because clerks and
// GB/T 2260 lists use the 6-digit form. It rejects non-digits, other
// lengths, an unknown province and inconsistent codes in which a non-zero
// part lies below a zero part ("640006001000": district 00 but town 001),
// which could never be reached by walking down from the province.
func ParseRegion(s string) (Region, error) {
	n := fold(s, foldNone)
	if n == "" {
		return Region{}, errorf("区划代码为空")
	}
	pos := 0
	for _, r := range n {
		pos++
		if r < '0' || r > '9' {
			return Region{}, errorf("第%d位含非法字符%s(区划代码只由数字组成)", pos, quote(r))
		}
	}
	switch len(n) {
	case 2, 4, 6, 9:
		n += strings.Repeat("0", 12-len(n))
	case 12:
	default:
		return Region{}, errorf("长度应为12位(或2、4、6、9位前缀),实为%d位", len(n))
	}
	if !validProvince(n[:2]) {
		return Region{}, errorf("前两位%s不是有效的省级行政区划代码", n[:2])
	}

	skipDistrict := citiesWithoutDistricts[n[:6]]
	level := 1
	zero := -1 // index of the first zero part seen
	for i, p := range regionParts {
		part := n[p.start:p.end]
		if skipDistrict && i == 1 {
			continue // 00 is the normal district part there
		}
		if strings.Trim(part, "0") == "" {
			if zero < 0 {
				zero = i
			}
			continue
		}
		if zero >= 0 {
			z := regionParts[zero]
			return Region{}, errorf("区划代码层级不一致:%s代码为%s,其下的%s代码却为%s", z.name, n[z.start:z.end], p.name, part)
		}
		level = i + 2
	}

	r := Region{Code: n, Level: level}
	if level > 1 {
		keep := prefixLen[level-1]
		r.Parent = n[:keep] + strings.Repeat("0", 12-keep)
	}
	return r, nil
}

// Prefix returns the significant prefix of the code — 2, 4, 6, 9 or 12
// digits by level — so that "is X in my jurisdiction" is
// strings.HasPrefix(X, r.Prefix()). The zero Region has the empty prefix.
func (r Region) Prefix() string {
	if r.Level < 1 || r.Level > 5 || len(r.Code) != 12 {
		return ""
	}
	return r.Code[:prefixLen[r.Level]]
}

// Contains reports whether the 12-digit code lies in r's jurisdiction (r
// itself or any region below it). The zero Region contains nothing, so that
// a missing jurisdiction never grants access to everything.
func (r Region) Contains(code string) bool {
	p := r.Prefix()
	return p != "" && len(code) == 12 && strings.HasPrefix(code, p)
}

// levelNames are the names of the five levels in statistical usage.
var levelNames = [6]string{"", "省级", "地级", "县级", "乡级", "村级"}

// LevelName returns the Chinese name of a region level: 1 "省级", 2 "地级",
// 3 "县级", 4 "乡级", 5 "村级"; "" for any other number.
func LevelName(level int) string {
	if level < 1 || level > 5 {
		return ""
	}
	return levelNames[level]
}

// Lineage returns the codes of the region and of every level above it,
// the province first, each once: the regions whose jurisdiction holds a
// record registered at r (a village's town, district, city and province,
// and the village). A city without districts (东莞, 中山 …) has no district
// of its own: its code appears once. The zero Region has none.
func (r Region) Lineage() []string {
	if r.Level < 1 || r.Level > 5 || len(r.Code) != 12 {
		return nil
	}
	out := make([]string, 0, r.Level)
	for l := 1; l <= r.Level; l++ {
		c := r.Code[:prefixLen[l]] + strings.Repeat("0", 12-prefixLen[l])
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return out
}
