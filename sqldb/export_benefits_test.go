package sqldb

// SetAdjustmentChunk changes the pension adjustment's chunk size for a test
// and returns the function that restores it.
func SetAdjustmentChunk(n int) func() {
	old := adjustmentChunk
	adjustmentChunk = n
	return func() { adjustmentChunk = old }
}
