package main

import (
	"context"
)

// cmdStart says what a command needs before it acts; start does it.
type cmdStart struct {
	// usage is returned (exit code 2) when ok rejects the arguments.
	usage error
	// ok checks the positional arguments once the flags are parsed (so it
	// may look at the flags too); nil accepts any.
	ok func(pos []string) bool
	// as is the command's --as flag, nil when it has none. With mustAs the
	// command always acts as a named user (actAs refuses an empty name);
	// without, only when --as is given, else as the operator.
	as     *string
	mustAs bool
}

// nargs accepts exactly n positional arguments.
func nargs(n int) func(pos []string) bool {
	return func(pos []string) bool { return len(pos) == n }
}

// start is what most commands do first, in this order: parse args (flags
// may stand among the positional arguments), return s.usage unless s.ok
// accepts them, open the database, and act as the --as user. It returns
// the database (the caller closes it; on an error it is closed already),
// the context to act in and the positional arguments.
func (f *flags) start(ctx context.Context, args []string, s cmdStart) (*system, context.Context, []string, error) {
	pos, err := f.parse(args)
	if err != nil {
		return nil, nil, nil, err
	}
	if s.ok != nil && !s.ok(pos) {
		return nil, nil, nil, s.usage
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return nil, nil, nil, err
	}
	if s.as != nil && (s.mustAs || *s.as != "") {
		if ctx, err = actAs(ctx, sys, *s.as); err != nil {
			sys.Close()
			return nil, nil, nil, err
		}
	}
	return sys, ctx, pos, nil
}
