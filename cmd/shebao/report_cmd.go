package main

import (
	"context"
	"slices"
	"strings"
)

// reports are the kinds of "shebao report KIND …" (统计指标): each parses
// its own flags and prints its indicators. Files add theirs in init.
var reports = map[string]job{}

func init() {
	commands = append(commands,
		command{"report", "report KIND --region CODE --from YYYY-MM --to YYYY-MM [--json]   统计指标: medical …", runReport})
}

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
