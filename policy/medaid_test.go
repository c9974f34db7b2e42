package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// TestComputeMedicalAid: hand-worked claims (docs/DOMAIN.md §9).
func TestComputeMedicalAid(t *testing.T) {
	dibao := MedicalAidRule{Category: shebao.AidDibao, Ratio: Pct(700_000), Cap: shebao.Yuan(20000)}
	edge := MedicalAidRule{Category: shebao.AidEdge, Ratio: Pct(600_000), Cap: shebao.Yuan(10000), Deductible: shebao.Yuan(500)}
	for _, c := range []struct {
		name            string
		in              MedicalAidInput
		base, ded, paid shebao.Money
		explain         string
	}{
		// 10000.00 in policy, the fund paid 6500.00: 3500.00 × 70% = 2450.00.
		{"低保", MedicalAidInput{Category: shebao.AidDibao, Rule: dibao, Eligible: shebao.Yuan(10000), FundPaid: shebao.Yuan(6500)},
			shebao.Yuan(3500), 0, shebao.Yuan(2450), "3500.00 × 救助比例70% = 2450.00元"},
		// The same with 19000.00 of the cap used: 1000.00 left.
		{"cap", MedicalAidInput{Category: shebao.AidDibao, Rule: dibao, Eligible: shebao.Yuan(10000), FundPaid: shebao.Yuan(6500), CapUsed: shebao.Yuan(19000)},
			shebao.Yuan(3500), 0, shebao.Yuan(1000), "剩余1000.00元,按1000.00元救助"},
		// 边缘: 800.00 base, 500.00 deductible → 300.00 × 60% = 180.00.
		{"边缘", MedicalAidInput{Category: shebao.AidEdge, Rule: edge, Eligible: shebao.Yuan(2000), FundPaid: shebao.Yuan(1200)},
			shebao.Yuan(800), shebao.Yuan(500), shebao.Yuan(180), "年度起付线500.00元"},
		// 边缘 with 300.00 of the deductible borne: 800.00 − 200.00 = 600.00 × 60% = 360.00.
		{"边缘 borne", MedicalAidInput{Category: shebao.AidEdge, Rule: edge, Eligible: shebao.Yuan(2000), FundPaid: shebao.Yuan(1200), DeductibleUsed: shebao.Yuan(300)},
			shebao.Yuan(800), shebao.Yuan(200), shebao.Yuan(360), "本次承担200.00元"},
		// Rounding once, half up: 333.33 × 70% = 233.331 → 233.33; 0.05 × 70% = 0.035 → 0.04.
		{"round", MedicalAidInput{Category: shebao.AidDibao, Rule: dibao, Eligible: 33333, FundPaid: 0}, 33333, 0, 23333, ""},
		{"round up", MedicalAidInput{Category: shebao.AidDibao, Rule: dibao, Eligible: 5, FundPaid: 0}, 5, 0, 4, ""},
	} {
		r := ComputeMedicalAid(c.in)
		if r.Base != c.base || r.Deductible != c.ded || r.Paid != c.paid || !strings.Contains(r.Explanation, c.explain) {
			t.Errorf("%s: %+v", c.name, r)
		}
	}
}

// TestMedicalAidRulesValidate refuses an unknown category, a repeat and a
// ratio above 100%.
func TestMedicalAidRulesValidate(t *testing.T) {
	for _, bad := range []MedicalAidRules{
		{{Category: "五保户", Ratio: Pct(100_000)}},
		{{Category: shebao.AidDibao, Ratio: Pct(100_000)}, {Category: shebao.AidDibao, Ratio: Pct(100_000)}},
		{{Category: shebao.AidDibao, Ratio: Pct(1_100_000)}},
		{{Category: shebao.AidDibao, Ratio: Pct(100_000), Cap: -1}},
	} {
		if err := bad.validate(); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}
