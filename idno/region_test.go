package idno

import (
	"fmt"
	"testing"
)

func TestParseRegionValid(t *testing.T) {
	tests := []struct {
		in, code string
		level    int
		parent   string
		prefix   string
	}{
		{"640000000000", "640000000000", 1, "", "64"},
		{"640100000000", "640100000000", 2, "640000000000", "6401"},
		{"640106000000", "640106000000", 3, "640100000000", "640106"},
		{"640106001000", "640106001000", 4, "640106000000", "640106001"},
		{"640106001001", "640106001001", 5, "640106001000", "640106001001"},
		// Short forms are padded with zeros.
		{"64", "640000000000", 1, "", "64"},
		{"6401", "640100000000", 2, "640000000000", "6401"},
		{"640106", "640106000000", 3, "640100000000", "640106"},
		{"640106001", "640106001000", 4, "640106000000", "640106001"},
		// A short form longer than its level: 640000 is still the province.
		{"640000", "640000000000", 1, "", "64"},
		{"640100", "640100000000", 2, "640000000000", "6401"},
		{"640106000", "640106000000", 3, "640100000000", "640106"},
		// Normalised like ID numbers.
		{" 640106 001 001 ", "640106001001", 5, "640106001000", "640106001001"},
		{"６４０１０６", "640106000000", 3, "640100000000", "640106"},
		{"\u3000640106\u00a0", "640106000000", 3, "640100000000", "640106"},
		// Town part 1xx, village part 2xx as in the statistical code.
		{"640106100201", "640106100201", 5, "640106100000", "640106100201"},
		// Cities without districts: towns lie directly under the city.
		{"441900003000", "441900003000", 4, "441900000000", "441900003"},
		{"441900003001", "441900003001", 5, "441900003000", "441900003001"},
		{"441900", "441900000000", 2, "440000000000", "4419"},
		{"442000001000", "442000001000", 4, "442000000000", "442000001"},
		{"460400100000", "460400100000", 4, "460400000000", "460400100"},
		{"810000", "810000000000", 1, "", "81"},
	}
	for _, tt := range tests {
		r, err := ParseRegion(tt.in)
		if err != nil {
			t.Errorf("ParseRegion(%q): %v", tt.in, err)
			continue
		}
		if got, want := r.Code, tt.code; got != want {
			t.Errorf("ParseRegion(%q).Code = %q, want %q", tt.in, got, want)
		}
		if got, want := r.Level, tt.level; got != want {
			t.Errorf("ParseRegion(%q).Level = %d, want %d", tt.in, got, want)
		}
		if got, want := r.Parent, tt.parent; got != want {
			t.Errorf("ParseRegion(%q).Parent = %q, want %q", tt.in, got, want)
		}
		if got, want := r.Prefix(), tt.prefix; got != want {
			t.Errorf("ParseRegion(%q).Prefix() = %q, want %q", tt.in, got, want)
		}
	}
}

func TestParseRegionInvalid(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "  ", "区划代码为空"},
		{"city 00 below province", "640006001000", "区划代码层级不一致:地级代码为00,其下的县级代码却为06"},
		{"district 00 with village", "640100000001", "区划代码层级不一致:县级代码为00,其下的村级代码却为001"},
		{"town 000 with village", "640106000001", "区划代码层级不一致:乡级代码为000,其下的村级代码却为001"},
		{"city 00 with district", "640006000000", "区划代码层级不一致:地级代码为00,其下的县级代码却为06"},
		{"city 00 with village", "640000000001", "区划代码层级不一致:地级代码为00,其下的村级代码却为001"},
		{"Dongguan exception does not extend to the town", "441900000001", "区划代码层级不一致:乡级代码为000,其下的村级代码却为001"},
		{"other city with district 00", "640100001000", "区划代码层级不一致:县级代码为00,其下的乡级代码却为001"},
		{"province 99", "990000000000", "前两位99不是有效的省级行政区划代码"},
		{"province 00", "00", "前两位00不是有效的省级行政区划代码"},
		{"province 83", "830000", "前两位83不是有效的省级行政区划代码"},
		{"length 1", "6", "长度应为12位(或2、4、6、9位前缀),实为1位"},
		{"length 3", "640", "长度应为12位(或2、4、6、9位前缀),实为3位"},
		{"length 10", "6401060010", "长度应为12位(或2、4、6、9位前缀),实为10位"},
		{"length 13", "6401060010010", "长度应为12位(或2、4、6、9位前缀),实为13位"},
		{"letter", "64010600100A", "第12位含非法字符'A'(区划代码只由数字组成)"},
		{"dash", "640106-001", "第7位含非法字符'-'(区划代码只由数字组成)"},
		{"Chinese", "宁夏640000", "第1位含非法字符'宁'(区划代码只由数字组成)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRegion(tt.in)
			if err == nil {
				t.Fatalf("ParseRegion(%q) = %+v, want error %q", tt.in, r, tt.want)
			}
			if got, want := reason(t, err), tt.want; got != want {
				t.Errorf("ParseRegion(%q) error = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func TestRegionContains(t *testing.T) {
	district, err := ParseRegion("640106")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		r    Region
		code string
		want bool
	}{
		{district, "640106000000", true},
		{district, "640106001001", true},
		{district, "640105001001", false},
		{district, "640100000000", false}, // the parent is not inside
		{district, "640106", false},       // only full codes
		{Region{}, "640106001001", false}, // the zero Region grants nothing
	}
	for _, tt := range tests {
		if got, want := tt.r.Contains(tt.code), tt.want; got != want {
			t.Errorf("Region(%q).Contains(%q) = %v, want %v", tt.r.Code, tt.code, got, want)
		}
	}
}

func TestRegionPrefixZero(t *testing.T) {
	if got, want := (Region{}).Prefix(), ""; got != want {
		t.Errorf("Region{}.Prefix() = %q, want %q", got, want)
	}
}

func TestLevelName(t *testing.T) {
	tests := []struct {
		level int
		want  string
	}{
		{0, ""}, {1, "省级"}, {2, "地级"}, {3, "县级"}, {4, "乡级"}, {5, "村级"}, {6, ""}, {-1, ""},
	}
	for _, tt := range tests {
		if got, want := LevelName(tt.level), tt.want; got != want {
			t.Errorf("LevelName(%d) = %q, want %q", tt.level, got, want)
		}
	}
}

func TestRegionLineage(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"640106100201", "[640000000000 640100000000 640106000000 640106100000 640106100201]"},
		{"640106100000", "[640000000000 640100000000 640106000000 640106100000]"},
		{"640106", "[640000000000 640100000000 640106000000]"},
		{"64", "[640000000000]"},
		// 东莞 has no districts: a town's district part is 00, one code.
		{"441900003000", "[440000000000 441900000000 441900003000]"},
	} {
		r, err := ParseRegion(c.code)
		if err != nil {
			t.Fatalf("%s: %v", c.code, err)
		}
		if got := fmt.Sprint(r.Lineage()); got != c.want {
			t.Errorf("%s: %s, want %s", c.code, got, c.want)
		}
	}
	if got := (Region{}).Lineage(); got != nil {
		t.Errorf("zero region: %v", got)
	}
}
