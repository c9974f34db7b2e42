package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/shebao/shebao"
)

// Refunds (退费) and corrections (更正/冲正) of payments, submitted by one
// user and carried out when another approves them (shebao approvals
// approve ID --as …); 暂收款 applied to bills; late fees assessed.

func runPayment(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao payment refund --receipt 凭证号 --ref 原回单号 --amount 元 --date YYYY-MM-DD [--reason 原因] --as 经办人 | " +
		"payment correct --receipt 凭证号 --ref 原回单号 --date YYYY-MM-DD --reason 原因 --as 经办人"}
	if len(args) == 0 || (args[0] != "refund" && args[0] != "correct") {
		return usage
	}
	f := newFlags("payment "+args[0], e)
	receipt := f.String("receipt", "", "退费或冲正的凭证号(回单号)")
	ref := f.String("ref", "", "原缴款的回单号")
	amount := f.String("amount", "", "退费金额(元)")
	date := f.String("date", "", "退费或冲正日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "原因")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, _, err := f.start(ctx, args[1:], cmdStart{usage: usage, ok: nargs(0), as: as, mustAs: true})
	if err != nil {
		return err
	}
	defer sys.Close()
	if *date == "" {
		*date = shebao.Today().Format(shebao.DateLayout)
	}
	var ap *shebao.Approval
	if args[0] == "refund" {
		m, err := shebao.ParseYuan(*amount)
		if err != nil {
			return shebao.FieldErrorf("amount", "退费金额:%s", err.Error())
		}
		ap, err = sys.Collect.RecordRefund(ctx, shebao.RefundRequest{Receipt: *receipt, Ref: *ref, Amount: m, Date: *date, Reason: *reason})
		if err != nil {
			return err
		}
	} else {
		ap, err = sys.Collect.RecordCorrection(ctx, shebao.CorrectionRequest{Receipt: *receipt, Ref: *ref, Date: *date, Reason: *reason})
		if err != nil {
			return err
		}
	}
	if *f.json {
		return writeJSON(e, ap)
	}
	if ap.Status != shebao.ApprovalPending {
		fmt.Fprintf(e.stdout, "该申请已于此前提交(%s,%s):%s %s\n", ap.ID, ap.Status, ap.Summary, ap.Result)
		return nil
	}
	fmt.Fprintf(e.stdout, "已提交%s申请%s:%s。须由另一用户复核: shebao approvals approve %s --as 复核人\n", ap.KindName, ap.ID, ap.Summary, ap.ID)
	return nil
}

func runPayments(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao payments apply USCC [--date YYYY-MM-DD] --as 经办人 | payments suspense USCC | payments late-fees USCC [--month YYYY-MM]"}
	if len(args) == 0 {
		return usage
	}
	f := newFlags("payments "+args[0], e)
	date := f.String("date", "", "冲抵日期 YYYY-MM-DD(默认今天)")
	month := f.String("month", "", "费款所属期 YYYY-MM")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, pos, err := f.start(ctx, args[1:], cmdStart{usage: usage, ok: nargs(1)})
	if err != nil {
		return err
	}
	defer sys.Close()
	switch args[0] {
	case "apply":
		ctx, err := actAs(ctx, sys, *as)
		if err != nil {
			return err
		}
		res, err := sys.Collect.ApplyCredit(ctx, pos[0], *date)
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, res)
		}
		writeApplied(e, res)
		return nil
	case "suspense":
		held, total, err := sys.Collect.Suspense(ctx, pos[0])
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, map[string]any{"employer": pos[0], "payments": held, "total": total})
		}
		for _, h := range held {
			fmt.Fprintf(e.stdout, "  回单号%s(%s到账%s元)暂收款%s元\n", h.ReceiptNo, h.PaidOn, h.Amount, h.Credit)
		}
		fmt.Fprintf(e.stdout, "%s 暂收款合计%s元\n", pos[0], total)
		return nil
	case "late-fees":
		st, err := sys.Collect.LateFees(ctx, pos[0], shebao.Period(*month))
		if err != nil {
			return err
		}
		if *f.json {
			return writeJSON(e, st)
		}
		for _, fee := range st.Fees {
			fmt.Fprintf(e.stdout, "  回单号%s:%s\n", fee.ReceiptNo, fee.Explain)
		}
		fmt.Fprintf(e.stdout, "%s 已核定滞纳金%s元,已缴%s元,未缴%s元\n", st.Employer, st.Assessed, st.Paid, st.Outstanding)
		return nil
	}
	return usage
}

// writeApplied prints what applying 暂收款 did: the bills it paid, then
// the late fees it paid (by scheme), then the totals and what is left.
func writeApplied(e *env, res *shebao.CreditResult) {
	if len(res.Applied) == 0 && len(res.LateFees) == 0 {
		fmt.Fprintf(e.stdout, "%s 没有可冲抵的暂收款,或没有未足额的应缴和未缴的滞纳金(暂收款余额%s元)\n", res.Employer, res.Left)
		return
	}
	for _, a := range res.Applied {
		done := ""
		if a.Settled {
			done = ",已足额"
		}
		fmt.Fprintf(e.stdout, "  回单号%s的暂收款冲抵%s应缴%s元%s\n", a.ReceiptNo, a.Period, a.Amount, done)
	}
	for _, f := range res.LateFees {
		codes := make([]string, 0, len(f.ByScheme))
		for c := range f.ByScheme {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		parts := make([]string, 0, len(codes))
		for _, c := range codes {
			name := c
			if s, ok := shebao.FindScheme(c); ok {
				name = s.Name
			}
			parts = append(parts, fmt.Sprintf("%s%s元", name, f.ByScheme[c]))
		}
		fmt.Fprintf(e.stdout, "  回单号%s的暂收款缴纳滞纳金%s元(%s)\n", f.ReceiptNo, f.Amount, strings.Join(parts, ","))
	}
	switch {
	case len(res.LateFees) == 0:
		fmt.Fprintf(e.stdout, "%s 暂收款冲抵合计%s元,余额%s元\n", res.Employer, res.Total, res.Left)
	case len(res.Applied) == 0:
		fmt.Fprintf(e.stdout, "%s 暂收款缴纳滞纳金合计%s元,余额%s元\n", res.Employer, res.LateFeeTotal, res.Left)
	default:
		fmt.Fprintf(e.stdout, "%s 暂收款冲抵应缴合计%s元,缴纳滞纳金合计%s元,余额%s元\n", res.Employer, res.Total, res.LateFeeTotal, res.Left)
	}
}
