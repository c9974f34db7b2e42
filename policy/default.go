package policy

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed default.toml
var defaultTOML string

var defaultParams = sync.OnceValue(func() []Param {
	ps, err := Parse(strings.NewReader(defaultTOML))
	if err != nil {
		// The embedded file is checked by TestDefaultParses.
		panic("policy: default.toml: " + err.Error())
	}
	return ps
})

// Default returns the shipped default policy: national values with their
// sources, and local values marked Example that a district must replace
// (NewSet(append(Default(), local...)) lets a local file win).
func Default() []Param {
	return slices.Clone(defaultParams())
}

// DefaultTOML returns the text of the shipped default policy, to show or to
// copy as the start of a district's own file.
func DefaultTOML() string { return defaultTOML }
