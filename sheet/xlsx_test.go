package sheet

import "testing"

func TestMaybeLostDigits(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"110105194912310000", true},
		{"1101051949123100", true},
		{"6222021234567890000", true},
		{"-110105194912310000", true},
		{"000110105194912310000", true},
		{"110105194912310021", false},
		{"11010519491231002X", false},
		{"110105194912310", false},
		{"000000000000000000", false},
		{"1.1010519491231E+17", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := maybeLostDigits(tt.in); got != tt.want {
			t.Errorf("maybeLostDigits(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
