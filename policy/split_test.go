package policy

import (
	"slices"
	"testing"
)

func TestSplitProportional(t *testing.T) {
	for _, c := range []struct {
		name    string
		amount  int64
		weights []int64
		want    []int64
	}{
		// 100 over three equal weights: 33 each, remainder 1 each; the
		// one fen left goes to the earliest (ties to the earlier weight).
		{"ties", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		// 500 (5.00元 of late fee) over a bill of 110 160000, 210 10000,
		// 310 80000, 410 2000: 500 × w / 252000 = 317.46, 19.84, 158.73,
		// 3.96 → 317, 19, 158, 3 (497); the 3 fen left go to the largest
		// remainders 0.96 (410), 0.84 (210), 0.73 (310).
		{"fee by scheme", 500, []int64{160000, 10000, 80000, 2000}, []int64{317, 20, 159, 4}},
		// The whole of each weight: shares are the weights.
		{"in full", 1000, []int64{600, 0, 400}, []int64{600, 0, 400}},
		// Zero and negative weights get nothing.
		{"no weight", 10, []int64{0, -5}, []int64{0, 0}},
		{"negative ignored", 10, []int64{-5, 5}, []int64{0, 10}},
		{"nothing to split", 0, []int64{3, 4}, []int64{0, 0}},
		// More than the weights (not used by collection; kept safe): the
		// rest goes to the first positive weight.
		{"over", 10, []int64{1, 1}, []int64{5, 5}},
		{"over uneven", 7, []int64{1, 2}, []int64{2, 5}},
	} {
		got := SplitProportional(c.amount, c.weights)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: SplitProportional(%d, %v) = %v, want %v", c.name, c.amount, c.weights, got, c.want)
		}
		var sum int64
		for _, v := range got {
			sum += v
		}
		if c.amount > 0 && sum != c.amount && slices.ContainsFunc(c.weights, func(w int64) bool { return w > 0 }) {
			t.Errorf("%s: shares sum to %d, want %d", c.name, sum, c.amount)
		}
	}
}
