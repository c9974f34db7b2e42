package main

import (
	"context"
	"slices"
	"strings"
)

func runReport(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		if r, ok := reports[args[0]]; ok {
			return r.run(ctx, e, args[1:])
		}
	}
	var usage []string
	for _, r := range reports {
		usage = append(usage, "shebao "+r.usage)
	}
	slices.Sort(usage)
	return &exitError{code: 2, msg: "用法:\n  " + strings.Join(usage, "\n  ")}
}
