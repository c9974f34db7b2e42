package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shebao/shebao"
)

// job is one batch job of "shebao run".
type job struct {
	usage string
	run   func(ctx context.Context, e *env, args []string) error
}

func runBatch(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		if j, ok := jobs[args[0]]; ok {
			return j.run(ctx, e, args[1:])
		}
	}
	var usage []string
	for _, j := range jobs {
		usage = append(usage, "shebao "+j.usage)
	}
	slices.Sort(usage)
	return &exitError{code: 2, msg: "用法:\n  " + strings.Join(usage, "\n  ")}
}

func runInterest(ctx context.Context, e *env, args []string) error {
	f := newFlags("run interest", e)
	year := f.Int("year", 0, "计息年度 YYYY")
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobInterest},
		ok:    nargs(0),
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := sys.Ledger.RunInterest(ctx, *year)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, res)
	}
	for _, f := range res.Funds {
		name := f.Fund
		if sc, ok := shebao.FindScheme(f.Fund); ok {
			name = sc.Name
		}
		fmt.Fprintf(e.stdout, "%d年度%s个人账户计息: 记账利率%s(%s),%d个账户,利息合计%s元,本次记入%d个账户\n",
			res.Year, name, f.Rate, f.Source, f.Accounts, f.Total, f.Credited)
	}
	fmt.Fprintf(e.stdout, "合计%d个账户,利息%s元,本次记入%d个账户\n公式: %s\n", res.Accounts, res.Total, res.Credited, res.Formula)
	return nil
}

func runAssessment(ctx context.Context, e *env, args []string) error {
	f := newFlags("run assessment", e)
	month := f.String("month", "", "费款所属期 YYYY-MM")
	if pos, err := f.parse(args); err != nil {
		return err
	} else if len(pos) != 0 {
		return &exitError{code: 2, msg: "用法: shebao " + usageJobAssessment}
	}
	period, err := shebao.ParsePeriod(*month)
	if err != nil {
		return err
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := sys.Collect.Assess(ctx, period)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "%s 核定完成: %d家单位,%d行,应缴合计%s元;本次重写%d家,未变%d家\n",
		res.Period, res.Employers, res.Lines, res.Total, res.Rewritten, res.Unchanged)
	if len(res.Undeclared) > 0 {
		fmt.Fprintf(e.stdout, "未申报、按上月110%%核定的单位: %s\n", strings.Join(res.Undeclared, "、"))
	}
	if len(res.Paid) > 0 {
		fmt.Fprintf(e.stdout, "已有缴款、申报变化须办理更正的单位: %s\n", strings.Join(res.Paid, "、"))
	}
	return nil
}

func runBill(ctx context.Context, e *env, args []string) error {
	f := newFlags("bill", e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return &exitError{code: 2, msg: "用法: shebao bill USCC YYYY-MM [--json]"}
	}
	period, err := shebao.ParsePeriod(pos[1])
	if err != nil {
		return err
	}
	sys, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer sys.Close()
	b, err := sys.Collect.FindBill(ctx, pos[0], period)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, b)
	}
	fmt.Fprintf(e.stdout, "%s(%s)%s 应缴%s元:单位%s元,个人%s元,已缴%s元;核定依据:%s;缴费期限%s\n",
		b.EmployerName, b.Employer, b.Period, b.Total, b.EmployerTotal, b.IndividualTotal, b.Paid, b.Basis, b.DueDate)
	for _, l := range b.Items {
		fmt.Fprintf(e.stdout, "  %s %s\n", l.Name, l.Explain)
	}
	// Late fees assessed on money for this month that came late
	// (refund_cmds.go, collect/latefees.go).
	fees, err := sys.Collect.LateFees(ctx, b.Employer, b.Period)
	if err != nil {
		return err
	}
	for _, fee := range fees.Fees {
		fmt.Fprintf(e.stdout, "  滞纳金(回单号%s):%s\n", fee.ReceiptNo, fee.Explain)
	}
	return nil
}
