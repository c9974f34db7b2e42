package shebao

import (
	"errors"
	"testing"
)

func TestCanonicalIDNo(t *testing.T) {
	// The example of GB 11643-1999: lower-case x, spaces and full-width
	// digits normalised.
	for _, in := range []string{"11010519491231002X", " 11010519491231002x ", "１１０１０５１９４９１２３１００２Ｘ"} {
		if got, err := CanonicalIDNo(in); err != nil || got != "11010519491231002X" {
			t.Errorf("CanonicalIDNo(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := CanonicalIDNo("110105194912310021"); ErrorCode(err) != EINVALID || fieldOf(err) != "身份证号" {
		t.Errorf("bad check digit: %v", err)
	}
}

func TestRowInRun(t *testing.T) {
	src := ImportSource("r1", 7)
	if row, ok := RowInRun(src, "r1"); !ok || row != 7 {
		t.Errorf("RowInRun(%s, r1) = %d %v", src, row, ok)
	}
	if _, ok := RowInRun(src, "r"); ok {
		t.Error("a run's prefix matched another run")
	}
	if _, ok := RowInRun("api", "r1"); ok {
		t.Error("api is a row")
	}
}

func TestOrderedPair(t *testing.T) {
	if a, b := OrderedPair("2", "1"); a != "1" || b != "2" {
		t.Errorf("OrderedPair = %s %s", a, b)
	}
}

func TestPersonUpdateApply(t *testing.T) {
	p := &Person{Name: "王秀英", Phone: "13800000000", Flags: []string{FlagDibao}}
	name, flags := "王秀芝", []string{}
	PersonUpdate{Name: &name, Flags: &flags}.Apply(p)
	if p.Name != "王秀芝" || p.Phone != "13800000000" || len(p.Flags) != 0 {
		t.Errorf("applied: %+v", p)
	}
}

func TestNormalizeRegion(t *testing.T) {
	r := &Region{Code: "640106100", Name: " 良田镇 "}
	if err := NormalizeRegion(r); err != nil || r.Code != "640106100000" || r.Level != LevelTown || r.Parent != "640106000000" || r.Name != "良田镇" {
		t.Errorf("NormalizeRegion = %+v, %v", r, err)
	}
	if err := NormalizeRegion(&Region{Code: "640106100000"}); fieldOf(err) != "名称" {
		t.Errorf("no name: %v", err)
	}
}

func fieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
