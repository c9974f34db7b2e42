package main

import (
	"context"
	"slices"
	"strings"
)

func runDetermine(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		if d, ok := determiners[args[0]]; ok {
			return d.run(ctx, e, args[1:])
		}
	}
	var usage []string
	for _, d := range determiners {
		usage = append(usage, "shebao "+d.usage)
	}
	slices.Sort(usage)
	return &exitError{code: 2, msg: "用法:\n  " + strings.Join(usage, "\n  ")}
}
