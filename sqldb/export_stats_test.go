package sqldb

// StatsPlans are the plans of the person counts of Stats, for the tests
// that compare them.
var StatsPlans = []string{statsProbe, statsJoin}

// ForceStatsPlan makes Stats use plan (one of StatsPlans) whatever the
// region, until the function returned is called.
func ForceStatsPlan(plan string) (restore func()) {
	old := statsPlanForced
	statsPlanForced = plan
	return func() { statsPlanForced = old }
}
