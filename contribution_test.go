package shebao

import (
	"strings"
	"testing"
)

// The basis of an undeclared employer's bill names the factor applied, and
// the factor is read back from it for the explanation.
func TestUndeclaredBasis(t *testing.T) {
	if got := UndeclaredBasis(1100000); got != BasisUndeclared {
		t.Errorf("110%%: %q, want %q", got, BasisUndeclared)
	}
	for _, f := range []Rate{1100000, 1200000, 1155000} {
		got, ok := UndeclaredFactor(UndeclaredBasis(f))
		if !ok || got != f {
			t.Errorf("UndeclaredFactor(UndeclaredBasis(%s)) = %s %v", f.Percent(), got.Percent(), ok)
		}
	}
	for _, b := range []string{BasisDeclared, "", "未申报", "未申报,按上月缴费额核定"} {
		if _, ok := UndeclaredFactor(b); ok {
			t.Errorf("UndeclaredFactor(%q) ok", b)
		}
	}
	l := BillLine{Scheme: "110", Declared: 800000, Base: 800000, Floor: 480000, Ceiling: 2400000, AvgWage: 800000,
		EmployerRate: 160000, EmployerAmount: 153600, PrevEmployerAmount: 128000, Basis: UndeclaredBasis(1200000)}
	// Last month 8000.00 × 16% = 1280.00; × 120% = 1536.00 (issue #14
	// item 16: the real arithmetic, not 8000.00 × 16% = 1536.00).
	e := l.Explanation()
	if !strings.Contains(e, "单位未申报,按上月缴费额的120%核定") || !strings.Contains(e, "单位缴费 = 上月1280.00元 × 120% = 1536.00元") ||
		strings.Contains(e, "×16%") {
		t.Errorf("explanation %q", e)
	}
}
