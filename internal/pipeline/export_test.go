package pipeline

// SetSpillAt makes sets of more than n files go to disk, for the tests, and returns the
// function that restores the limit.
func SetSpillAt(n int) func() {
	old := spillAt
	spillAt = n
	return func() { spillAt = old }
}
