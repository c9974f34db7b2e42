package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/ingest"
)

// The monthly benefit payroll (待遇发放): shebao run payroll, the bank
// disbursement files (代发文件), the month's totals and the overpayments
// to recover.

// payrollRunOutput is what `run payroll --json` prints: the run and the
// files written.
type payrollRunOutput struct {
	*shebao.PayrollResult
	Files []string `json:"files"`
	// FileRows and FileTotal are the payments in the files (those not yet
	// released).
	FileRows  int          `json:"file_rows"`
	FileTotal shebao.Money `json:"file_total"`
}

func runPayroll(ctx context.Context, e *env, args []string) error {
	f := newFlags("run payroll", e)
	month := f.String("month", "", "发放月份 YYYY-MM")
	out := f.String("out", ".", "银行代发文件的目录")
	as := f.String("as", "", "以该用户的身份经办(发放须经另一用户复核);默认为系统")
	chunk := f.Int("chunk", shebao.PayrollChunk, "每个事务处理的待遇数")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao " + usageJobPayroll},
		ok:    func(pos []string) bool { return len(pos) == 0 && *month != "" },
		as:    as,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	opts := shebao.PayrollOptions{Chunk: *chunk}
	if isTerminal(os.Stderr) {
		start := time.Now()
		opts.Progress = func(done, total int) {
			pct := 100.0
			if total > 0 {
				pct = float64(done) * 100 / float64(total)
			}
			fmt.Fprintf(e.stderr, "\r\033[K已核发%d/%d项待遇 %.0f%% %.0f项/秒", done, total, pct, float64(done)/time.Since(start).Seconds())
		}
	}
	res, err := sys.Benefit.RunPayroll(ctx, *month, opts)
	if opts.Progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	o := payrollRunOutput{PayrollResult: res}
	o.Files, o.FileRows, o.FileTotal, err = ingest.WritePayrollFiles(ctx, sys.App, res.Month, *out, shebao.PaymentPending)
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, o)
	}
	fmt.Fprintf(e.stdout, "%s月待遇发放: 本次核发%d人次,合计%s元(个人账户支付%s元);本月累计%d人次,合计%s元\n",
		res.Month, res.Payments, res.Total, res.AccountPart, res.MonthPayments, res.MonthTotal)
	if res.SkippedTotal > 0 {
		fmt.Fprintf(e.stdout, "未发放%d项: %s\n", res.SkippedTotal, reasons(res.Skipped))
	}
	if res.Stopped > 0 || res.Overpayments > 0 {
		fmt.Fprintf(e.stdout, "因死亡终止待遇%d项;发现死亡后多发待遇%d笔待追回(shebao overpayments)\n", res.Stopped, res.Overpayments)
	}
	printTotals(e, res.Totals)
	if c := res.RetireeCredit; c != nil && c.Persons > 0 {
		fmt.Fprintf(e.stdout, "退休人员医保个人账户划入%d人,合计%s元(统筹基金按定额划入)\n", c.Persons, c.Total)
	}
	if res.Release != nil {
		fmt.Fprintf(e.stdout, "已提交发放复核%s:%s。须由另一用户复核: shebao approvals approve %s --as 复核人\n",
			res.Release.ID, res.Release.Summary, res.Release.ID)
	} else {
		fmt.Fprintln(e.stdout, "没有新的待发放待遇需要提交复核")
	}
	if len(o.Files) > 0 {
		fmt.Fprintf(e.stdout, "银行代发文件(待发放%d笔,合计%s元): %s\n", o.FileRows, o.FileTotal, o.Files)
	}
	return nil
}

func reasons(m map[string]int) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += "、"
		}
		s += fmt.Sprintf("%s%d", k, m[k])
	}
	return s
}

func printTotals(e *env, ts []shebao.PayrollTotal) {
	for _, t := range ts {
		fmt.Fprintf(e.stdout, "  %s %s %-4s %6d人次 %14s元", t.Scheme, t.KindName, t.Status, t.Count, t.Amount)
		if t.AccountPart > 0 {
			fmt.Fprintf(e.stdout, "(个人账户%s元)", t.AccountPart)
		}
		fmt.Fprintln(e.stdout)
	}
}

func runPayrollCmd(ctx context.Context, e *env, args []string) error {
	f := newFlags("payroll", e)
	month := f.String("month", "", "发放月份 YYYY-MM")
	region := f.String("region", "", "区划代码(默认全辖区)")
	out := f.String("out", ".", "代发文件的目录")
	all := f.Bool("all", false, "代发文件含已发放的待遇(默认只含待发放的)")
	usage := &exitError{code: 2, msg: "用法: shebao payroll show --month YYYY-MM [--region CODE] [--json] | payroll file --month YYYY-MM [--out DIR] [--all]"}
	sys, _, pos, err := f.start(ctx, args, cmdStart{usage: usage, ok: func(pos []string) bool { return len(pos) == 1 && *month != "" }})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch pos[0] {
	case "show":
		s, err := sys.Benefit.PayrollTotals(ctx, *month, *region)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, s)
		}
		fmt.Fprintf(e.stdout, "%s月待遇发放: %d人次,合计%s元;待发放%d,已发放%d\n", s.Month, s.Payments, s.Total, s.Pending, s.Released)
		printTotals(e, s.Totals)
		if s.Run != nil {
			fmt.Fprintf(e.stdout, "最近一次运行: %s\n", s.Run.Describe())
		}
		return nil
	case "file":
		status := shebao.PaymentPending
		if *all {
			status = ""
		}
		paths, n, total, err := ingest.WritePayrollFiles(ctx, sys.App, *month, *out, status)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"month": *month, "files": paths, "rows": n, "total": total})
		}
		if n == 0 {
			fmt.Fprintf(e.stdout, "%s月没有%s的待遇,未生成文件\n", *month, map[bool]string{true: "任何", false: "待发放"}[*all])
			return nil
		}
		fmt.Fprintf(e.stdout, "已生成银行代发文件: %d笔,合计%s元 %v\n", n, total, paths)
		return nil
	}
	return usage
}

func runOverpayments(ctx context.Context, e *env, args []string) error {
	f := newFlags("overpayments", e)
	region := f.String("region", "", "区划代码(默认全辖区)")
	status := f.String("status", "", "状态: 待追回、已追回、已核销(默认全部)")
	as := f.String("as", "", "经办人用户名(追回时必填)")
	recReceipt := f.String("receipt", "", "追回款的回单号或收据号(追回时必填;同一回单只登记一次)")
	recDate := f.String("date", "", "回单上的追回日期 YYYY-MM-DD(追回时必填)")
	recAmount := f.String("amount", "", "追回金额,元(追回时必填,须与应追回的一致)")
	sys, _, pos, err := f.start(ctx, args, cmdStart{})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch {
	case len(pos) == 0:
		var all []*shebao.Overpayment
		var total int
		var sum shebao.Money
		for offset := 0; ; offset += 1000 {
			page, n, s, err := sys.Benefit.FindOverpayments(ctx, shebao.OverpaymentFilter{Region: *region, Status: *status, Offset: offset, Limit: 1000})
			if err != nil {
				return err
			}
			all, total, sum = append(all, page...), n, s
			if offset+1000 >= n {
				break
			}
		}
		if *f.json {
			return writeJSON(e, map[string]any{"overpayments": all, "count": total, "total": sum})
		}
		for _, o := range all {
			fmt.Fprintf(e.stdout, "%s %s %s %s %s元 %s %s\n", o.BenefitID, o.Month, o.IDNo, o.Scheme, o.Amount, o.Status, o.Reason)
		}
		fmt.Fprintf(e.stdout, "共%d笔,合计%s元\n", total, sum)
		return nil
	case len(pos) == 1 && pos[0] == "detect":
		n, err := sys.Benefit.DetectOverpayments(ctx)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"found": n})
		}
		fmt.Fprintf(e.stdout, "新发现死亡后多发待遇%d笔\n", n)
		return nil
	case len(pos) == 3 && pos[0] == "recover":
		ctx, err := actAs(ctx, sys, *as)
		if err != nil {
			return err
		}
		amount, err := shebao.ParseYuan(*recAmount)
		if err != nil {
			return shebao.FieldErrorf("金额", "--amount“%s”无效,应为元,最多两位小数", *recAmount)
		}
		o, err := sys.Benefit.RecoverOverpayment(ctx, pos[1], pos[2], shebao.OverpaymentRecovery{Receipt: *recReceipt, Date: *recDate, Amount: amount})
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, o)
		}
		if o.Repeat {
			fmt.Fprintf(e.stdout, "回单%s此前已登记追回%s月多发待遇%s元,未重复入账\n", o.Receipt, o.Month, o.Amount)
			return nil
		}
		fmt.Fprintf(e.stdout, "已追回%s月多发待遇%s元(%s,回单%s,%s),已记账:借 银行存款,贷 待遇支出\n", o.Month, o.Amount, o.Reason, o.Receipt, o.SettledOn)
		return nil
	}
	return &exitError{code: 2, msg: "用法: shebao overpayments [--region CODE] [--status 待追回] [--json] | overpayments detect | overpayments recover BENEFIT_ID YYYY-MM --receipt 回单号 --date YYYY-MM-DD --amount 元 --as 经办人"}
}
