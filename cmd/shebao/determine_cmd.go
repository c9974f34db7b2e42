package main

import (
	"context"
	"slices"
	"strings"
)

// determiners are the kinds of "shebao determine KIND …" (待遇核定): each
// computes an entitlement from the person's record and the policy in force,
// shows it with its explanation, and — unless --preview — puts it in the
// approval queue for a second clerk. Files add theirs in init.
var determiners = map[string]job{}

func init() {
	commands = append(commands,
		command{"determine", "determine KIND ID_NO … --as USER   待遇核定(经办,待复核): pension, resident-pension, unemployment …", runDetermine})
}

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
