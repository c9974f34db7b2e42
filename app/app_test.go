package app

import (
	"slices"
	"testing"

	"github.com/shebao/shebao"
)

// Every approval kind has an executor, and every executor a kind: a kind
// without one could be submitted but never carried out.
func TestEveryApprovalKindHasAnExecutor(t *testing.T) {
	a := New(nil)
	got := a.Approve.Kinds()
	slices.Sort(got)
	var want []string
	for k := range shebao.ApprovalKinds {
		want = append(want, k)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("executors for %v, approval kinds %v", got, want)
	}
}
