package policy

import (
	"strings"
	"testing"

	"github.com/shebao/shebao"
)

// Stays reimbursed by hand (the shipped example policy of 310: deductible
// 200/500/800 by level, ratio 90/85/80%, cap 300000; 390: 100/400/800,
// 85/75/60%, cap 200000).
func TestReimburseStay(t *testing.T) {
	tests := []struct {
		name string
		in   Stay
		want StayResult
		has  string
	}{
		{"310 三级", Stay{Scheme: "310", Level: 3, Eligible: shebao.Yuan(10000), Deductible: shebao.Yuan(800), Ratio: 800000, Cap: shebao.Yuan(300000)},
			// (10000 − 800) × 80% = 7360
			StayResult{DeductibleApplied: shebao.Yuan(800), Computed: shebao.Yuan(7360), Paid: shebao.Yuan(7360), CapRemaining: shebao.Yuan(300000)},
			"(10000.00 − 800.00) × 报销比例80% = 7360.00元"},
		{"390 一级, rounding", Stay{Scheme: "390", Level: 1, Eligible: 123457, Deductible: shebao.Yuan(100), Ratio: 850000, Cap: shebao.Yuan(200000)},
			// (1234.57 − 100) × 85% = 964.3845 → 964.38
			StayResult{DeductibleApplied: shebao.Yuan(100), Computed: 96438, Paid: 96438, CapRemaining: shebao.Yuan(200000)}, "964.38"},
		{"below the deductible", Stay{Level: 2, Eligible: shebao.Yuan(300), Deductible: shebao.Yuan(400), Ratio: 750000, Cap: shebao.Yuan(200000)},
			StayResult{DeductibleApplied: shebao.Yuan(300), CapRemaining: shebao.Yuan(200000)}, "未超过起付线"},
		{"cap partly used", Stay{Level: 2, Eligible: shebao.Yuan(20000), Deductible: shebao.Yuan(500), Ratio: 850000, Cap: shebao.Yuan(20000), CapUsed: shebao.Yuan(15000)},
			// (20000 − 500) × 85% = 16575, remaining 5000
			StayResult{DeductibleApplied: shebao.Yuan(500), Computed: shebao.Yuan(16575), Paid: shebao.Yuan(5000), CapRemaining: shebao.Yuan(5000)},
			"剩余5000.00元,按5000.00元支付"},
		{"cap used up", Stay{Level: 1, Eligible: shebao.Yuan(5000), Deductible: shebao.Yuan(200), Ratio: 900000, Cap: shebao.Yuan(20000), CapUsed: shebao.Yuan(20000)},
			StayResult{DeductibleApplied: shebao.Yuan(200), Computed: shebao.Yuan(4320), Paid: 0, CapRemaining: 0}, "统筹基金支付0.00元"},
		{"per year, partly borne", Stay{Level: 3, Eligible: shebao.Yuan(3000), Deductible: shebao.Yuan(800), Basis: DeductiblePerYear, DeductibleBorne: shebao.Yuan(500), Ratio: 800000, Cap: shebao.Yuan(300000)},
			// deductible left 300: (3000 − 300) × 80% = 2160
			StayResult{DeductibleApplied: shebao.Yuan(300), Computed: shebao.Yuan(2160), Paid: shebao.Yuan(2160), CapRemaining: shebao.Yuan(300000)},
			"本年已承担500.00元,本次还应承担300.00元"},
		{"per year, fully borne", Stay{Level: 1, Eligible: shebao.Yuan(1000), Deductible: shebao.Yuan(200), Basis: DeductiblePerYear, DeductibleBorne: shebao.Yuan(800), Ratio: 900000, Cap: shebao.Yuan(300000)},
			StayResult{DeductibleApplied: 0, Computed: shebao.Yuan(900), Paid: shebao.Yuan(900), CapRemaining: shebao.Yuan(300000)}, "本次还应承担0.00元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReimburseStay(tt.in)
			expl := got.Explanation
			got.Explanation = ""
			if got != tt.want {
				t.Errorf("ReimburseStay = %+v, want %+v", got, tt.want)
			}
			if !strings.Contains(expl, tt.has) {
				t.Errorf("explanation %q lacks %q", expl, tt.has)
			}
		})
	}
}

// ReimburseStay per stay agrees with the older Reimburse formula.
func TestReimburseStayAgreesWithReimburse(t *testing.T) {
	for _, cost := range []shebao.Money{0, 9999, 50000, 123456, 9876543} {
		for _, used := range []shebao.Money{0, 100000, 2000000} {
			s := Stay{Level: 2, Eligible: cost, Deductible: 50000, Ratio: 850000, Cap: 2000000, CapUsed: used}
			want, _ := Reimburse(cost, 50000, 850000, 2000000-used)
			if got := ReimburseStay(s).Paid; got != want {
				t.Errorf("cost %s used %s: %s, Reimburse %s", cost, used, got, want)
			}
		}
	}
}

func TestAccountPayment(t *testing.T) {
	tests := []struct {
		eligible, balance, want shebao.Money
		has                     string
	}{
		{shebao.Yuan(300), shebao.Yuan(1000), shebao.Yuan(300), "支付后700.00"},
		{shebao.Yuan(300), shebao.Yuan(120), shebao.Yuan(120), "其余180.00元由个人现金支付"},
		{shebao.Yuan(300), 0, 0, "余额为0"},
	}
	for _, tt := range tests {
		got, expl := AccountPayment(tt.eligible, tt.balance)
		if got != tt.want || !strings.Contains(expl, tt.has) {
			t.Errorf("AccountPayment(%s, %s) = %s %q, want %s with %q", tt.eligible, tt.balance, got, expl, tt.want, tt.has)
		}
	}
}

func TestDeductibleBasisInDefault(t *testing.T) {
	s := NewSet(Default())
	for _, key := range []string{"medical.310.deductible_per", "medical.390.deductible_per"} {
		var b DeductibleBasis
		if _, err := s.Table(key, "640106000000", date(2024, 6, 1), &b); err != nil || b != DeductiblePerStay {
			t.Errorf("%s = %q, %v", key, b, err)
		}
	}
	bad := DeductibleBasis("month")
	if bad.validate() == nil {
		t.Error("basis month accepted")
	}
}

// The default 390 policy of a district (examples): deductible 100/400/800
// by level, ratio 85/75/60%, cap 200000.00, per stay; a level-3 stay of
// 10000.00 eligible is (10000 − 800) × 60% = 5520.00.
func TestClaimPolicyAt(t *testing.T) {
	p, err := ClaimPolicyAt(NewSet(Default()), "390", "640106100201", date(2024, 5, 10))
	if err != nil {
		t.Fatal(err)
	}
	ded, err1 := p.Deductible.For(3)
	r, err2 := p.Ratio.For(3)
	if err1 != nil || err2 != nil || ded != shebao.Yuan(800) || r.Percent() != "60%" || p.Cap != shebao.Yuan(200000) || p.Basis != DeductiblePerStay {
		t.Fatalf("policy %+v %v %v", p, err1, err2)
	}
	for _, k := range []string{"起付线", "报销比例", "年度最高支付限额", "起付线计算方式"} {
		if p.Cites[k] == "" {
			t.Errorf("no source for %s", k)
		}
	}
	res := ReimburseStay(Stay{Scheme: "390", Level: 3, Eligible: shebao.Yuan(10000), Deductible: ded, Basis: p.Basis, Ratio: r, Cap: p.Cap})
	if res.Paid != shebao.Yuan(5520) {
		t.Errorf("paid %s, want 5520.00", res.Paid)
	}
	// A set without deductible_per (loaded before the key existed) bears
	// the deductible per stay.
	var ps []Param
	for _, q := range Default() {
		if q.Key != "medical.390.deductible_per" {
			ps = append(ps, q)
		}
	}
	p, err = ClaimPolicyAt(NewSet(ps), "390", "640106100201", date(2024, 5, 10))
	if err != nil || p.Basis != DeductiblePerStay || !strings.Contains(p.Cites["起付线计算方式"], "未设置") {
		t.Errorf("without deductible_per: %+v %v", p, err)
	}
	if _, err := ClaimPolicyAt(NewSet(Default()), "390", "640106100201", date(2019, 5, 10)); err == nil {
		t.Error("a policy before the parameters' start")
	}
}
