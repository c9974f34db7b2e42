package bench

import (
	"slices"
	"time"
)

// Latency summarises the durations of many requests or queries, in
// milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// latencyOf sorts ds and returns their p50, p99 and maximum (nearest rank).
func latencyOf(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1 // nearest rank: ceil(p·n)
		return ds[min(max(i, 0), len(ds)-1)]
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	return Latency{N: len(ds), P50: ms(rank(0.50)), P99: ms(rank(0.99)), Max: ms(ds[len(ds)-1])}
}
