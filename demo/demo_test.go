package demo

import "testing"

// Every employer of the demo and of gen has a name of its own (issue #15
// item 8: two employers of one name in one community). 2,000 employers
// exceed the 14 places × 10 trades of the plain names.
func TestEmployerNamesUnique(t *testing.T) {
	for _, n := range []int{40, 2000} {
		seen := map[string]string{}
		for _, e := range Employers(2005, n) {
			if other, ok := seen[e.Name]; ok {
				t.Fatalf("%d employers: %s and %s are both named %s", n, other, e.USCC, e.Name)
			}
			seen[e.Name] = e.USCC
		}
	}
}
