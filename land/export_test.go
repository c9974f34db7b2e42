package land

// SetAllowanceChunk sets the number of roster persons a chunk of the
// allowance run takes, for a test, and returns the function that restores
// it.
func SetAllowanceChunk(n int) (restore func()) {
	old := allowanceChunk
	allowanceChunk = n
	return func() { allowanceChunk = old }
}
