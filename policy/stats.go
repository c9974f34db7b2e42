package policy

import (
	"strings"

	"github.com/shebao/shebao"
)

// The arithmetic of the statistics (docs/DOMAIN.md §7): rates and changes
// are exact ratios of integers, rounded once, half away from zero, to the
// places shown.

// Percent returns num ÷ den × 100 with the given decimal places, rounded
// half away from zero ("96.91" for 39 364 ÷ 40 620), and false when den is
// not positive (no rate: nobody to count).
func Percent(num, den int64, places int) (string, bool) {
	if den <= 0 {
		return "", false
	}
	scale := int64(100)
	for range places {
		scale *= 10
	}
	return formatScaled(shebao.MulDivRound(num, scale, den), places), true
}

// Change is the change of a figure against an earlier one: Diff = now −
// before, and Pct = |Diff| ÷ before × 100 with two decimals (rounded half
// away from zero), "" when before is not positive (no growth rate of
// nothing).
func Change(now, before int64) (diff int64, pct string) {
	diff = now - before
	if before <= 0 {
		return diff, ""
	}
	d := diff
	if d < 0 {
		d = -d
	}
	pct, _ = Percent(d, before, 2)
	return diff, pct
}

// Wan writes an amount of 元 (or a count) in 万 with two decimals, rounded
// half away from zero, trailing zeros dropped as the reports write them:
// 1 872 300 元 → "187.23", 26 100 persons → "2.61", 157 000 → "15.7".
func Wan(v int64) string {
	s := formatScaled(shebao.DivRound(v, 100), 2)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
