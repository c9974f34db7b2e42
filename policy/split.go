package policy

import (
	"math/bits"
	"sort"

	"github.com/shebao/shebao"
)

// SplitProportional splits amount over weights in proportion, by the
// largest remainder (ties to the earlier weight), so that the shares sum to
// amount exactly: how a payment's allocation to a bill, or a late fee, is
// divided among the schemes (funds) of the bill, each fund then crediting
// its own share. With amount ≤ the sum of weights no share exceeds its
// weight. All zero (or negative) weights, or an amount ≤ 0, give all zero
// shares. Weights ≤ 0 get nothing.
func SplitProportional(amount int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	var total int64
	for _, w := range weights {
		if w > 0 {
			total += w
		}
	}
	if total <= 0 || amount <= 0 {
		return out
	}
	rems := make([]uint64, len(weights))
	var given int64
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		hi, lo := bits.Mul64(uint64(amount), uint64(w))
		var q, r uint64
		if hi >= uint64(total) {
			// Only with amount > total: keep the arithmetic safe.
			q, r = uint64(shebao.MulDivRound(amount, w, total)), 0
		} else {
			q, r = bits.Div64(hi, lo, uint64(total))
		}
		out[i], rems[i] = int64(q), r
		given += int64(q)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for k := 0; given < amount && k < len(order); k++ {
		if weights[order[k]] > 0 {
			out[order[k]]++
			given++
		}
	}
	if given < amount { // only with amount > total: the rest to the first weight
		for i, w := range weights {
			if w > 0 {
				out[i] += amount - given
				break
			}
		}
	}
	return out
}
