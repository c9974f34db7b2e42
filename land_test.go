package shebao

import "testing"

func TestNormalizeApprovalNo(t *testing.T) {
	for in, want := range map[string]string{
		" 宁政土批〔2024〕12号 ": "宁政土批〔2024〕12号",
		"宁政土批[2024]12号":   "宁政土批〔2024〕12号",
		"宁政土批［2024］12号":   "宁政土批〔2024〕12号",
		"宁政土批(2024)12号":   "宁政土批〔2024〕12号",
		"宁政土批（2024）12号":   "宁政土批〔2024〕12号",
	} {
		if got := NormalizeApprovalNo(in); got != want {
			t.Errorf("NormalizeApprovalNo(%q) = %q, want %q", in, got, want)
		}
	}
}

// 即征即保's lag: days from the approval to the enrollment, never negative.
func TestLagDays(t *testing.T) {
	tests := []struct {
		approved, enrolled string
		want               int
	}{
		{"2024-03-01", "2024-03-13", 12},
		{"2024-03-01", "2024-03-01", 0},
		{"2024-03-01", "2024-02-20", 0},  // enrolled before the approval: 即征即保 kept
		{"2024-02-01", "2024-03-01", 29}, // a leap year's February
		{"2024-03-01", "", 0},
	}
	for _, tt := range tests {
		if got := LagDays(tt.approved, tt.enrolled); got != tt.want {
			t.Errorf("LagDays(%s, %s) = %d, want %d", tt.approved, tt.enrolled, got, tt.want)
		}
	}
}

// Each payer's money goes to its income account: government 4002, village
// collective 4003, individual 4001.
func TestLandFundIncome(t *testing.T) {
	tests := []struct{ payer, account, kind string }{
		{PayerGovernment, AcctSubsidyIncome, PostSubsidy},
		{PayerCollective, AcctCollectiveIncome, PostSubsidy},
		{PayerIndividual, AcctContributionIncome, PostCollection},
	}
	for _, tt := range tests {
		if a, k := LandFundIncome(tt.payer); a != tt.account || k != tt.kind {
			t.Errorf("LandFundIncome(%s) = %s %s, want %s %s", tt.payer, a, k, tt.account, tt.kind)
		}
	}
}
