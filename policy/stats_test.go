package policy

import "testing"

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		places   int
		want     string
		ok       bool
	}{
		{39364, 40600, 2, "96.96", true}, // 0.969556… of the 2010 report's 应参合 40600
		{39364, 40620, 2, "96.91", true}, // 0.969079…
		{26100, 27330, 1, "95.5", true},  // 0.954994… → 95.5
		{1, 3, 2, "33.33", true},
		{2, 3, 2, "66.67", true},
		{1, 8, 1, "12.5", true},
		{1, 16, 2, "6.25", true},
		{1, 2000, 1, "0.1", true}, // 0.05 rounds up
		{5, 0, 2, "", false},
		{0, 7, 2, "0.00", true},
	} {
		got, ok := Percent(c.num, c.den, c.places)
		if got != c.want || ok != c.ok {
			t.Errorf("Percent(%d, %d, %d) = %q %v, want %q %v", c.num, c.den, c.places, got, ok, c.want, c.ok)
		}
	}
}

func TestChange(t *testing.T) {
	for _, c := range []struct {
		now, before int64
		diff        int64
		pct         string
	}{
		{17404, 16000, 1404, "8.78"}, // 1404 ÷ 16000 = 0.08775 → 8.78
		{90, 100, -10, "10.00"},
		{5, 0, 5, ""},
		{100, 100, 0, "0.00"},
	} {
		diff, pct := Change(c.now, c.before)
		if diff != c.diff || pct != c.pct {
			t.Errorf("Change(%d, %d) = %d %q, want %d %q", c.now, c.before, diff, pct, c.diff, c.pct)
		}
	}
}

func TestWan(t *testing.T) {
	for _, c := range []struct {
		v    int64
		want string
	}{
		{1872300, "187.23"}, {160500, "16.05"}, {9433900, "943.39"}, {26100, "2.61"}, {157000, "15.7"},
		{10000, "1"}, {49, "0"}, {50, "0.01"}, {-1872300, "-187.23"},
	} {
		if got := Wan(c.v); got != c.want {
			t.Errorf("Wan(%d) = %q, want %q", c.v, got, c.want)
		}
	}
}
