package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/ingest"
)

func init() {
	commands = append(commands,
		command{"run", "run assessment --month YYYY-MM | run interest --year YYYY [--json]   月度核定;个人账户年度计息", runBatch},
		command{"bill", "bill USCC YYYY-MM [--json]                 查看单位某月应缴账单及每行计算说明", runBill},
	)
	importers["declarations"] = ingest.Declarations
}

func runBatch(ctx context.Context, e *env, args []string) error {
	f := newFlags("run", e)
	month := f.String("month", "", "费款所属期 YYYY-MM")
	year := f.Int("year", 0, "计息年度 YYYY")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && pos[0] == "interest" {
		db, err := openDB(ctx, f)
		if err != nil {
			return err
		}
		defer db.Close()
		res, err := db.RunInterest(ctx, *year)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, res)
		}
		fmt.Fprintf(e.stdout, "%d年度个人账户计息: 记账利率%s(%s),%d个账户,利息合计%s元,本次记入%d个账户\n公式: %s\n",
			res.Year, res.Rate, res.Source, res.Accounts, res.Total, res.Credited, res.Formula)
		return nil
	}
	if len(pos) != 1 || pos[0] != "assessment" {
		return &exitError{code: 2, msg: "用法: shebao run assessment --month YYYY-MM | run interest --year YYYY [--json]"}
	}
	period, err := shebao.ParsePeriod(*month)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Assess(ctx, period)
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
	db, err := openDB(ctx, f)
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := db.FindBill(ctx, pos[0], period)
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
	return nil
}
