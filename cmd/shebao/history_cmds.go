package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

func runHistory(ctx context.Context, e *env, args []string) error {
	f := newFlags("history", e)
	sys, _, pos, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao history ID_NO [--json]"},
		ok:    nargs(1),
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	ys, err := sys.Collect.ContributionYears(ctx, pos[0])
	if err != nil {
		return err
	}
	if *f.json {
		if ys == nil {
			ys = []shebao.ContributionYear{}
		}
		return writeJSON(e, ys)
	}
	fmt.Fprintf(e.stdout, "%-6s %-6s %-6s %-14s %-10s %s\n", "险种", "年度", "月数", "缴费基数合计", "社平工资", "来源")
	for _, y := range ys {
		fmt.Fprintf(e.stdout, "%-6s %-6d %-6d %-14s %-10s %s\n", y.Scheme, y.Year, y.Months, y.BaseTotal, y.AvgWage, shebao.SourceLabel(y.Source))
	}
	return nil
}
