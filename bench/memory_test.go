package bench

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestPeakAnonSampled: the peak of anonymous memory keeps a peak that is
// gone by the time it is read — 200 MB touched and returned to the
// system — and a reset starts it again from what the process holds.
func TestPeakAnonSampled(t *testing.T) {
	if statusKB("RssAnon:") == 0 {
		t.Skip("no /proc/self/status")
	}
	resetPeakRSS()
	before := peakAnonMB()
	buf := make([]byte, 200<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	time.Sleep(100 * time.Millisecond) // several samples
	runtime.KeepAlive(buf)
	buf = nil
	runtime.GC()
	debug.FreeOSMemory()
	held := float64(statusKB("RssAnon:")) * 1024 / 1e6
	peak := peakAnonMB()
	if peak < before+190 {
		t.Fatalf("peak %.0f MB after touching 200 MB from %.0f MB", peak, before)
	}
	if held > peak-150 {
		t.Skipf("the runtime kept the memory (%.0f MB held): the sampling is not shown", held)
	}
	resetPeakRSS()
	if again := peakAnonMB(); again > held+50 {
		t.Fatalf("after a reset the peak is %.0f MB, the process holds %.0f MB", again, held)
	}
}
