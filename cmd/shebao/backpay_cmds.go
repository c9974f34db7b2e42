package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
	"github.com/shebao/shebao/idno"
)

// Back payments (补发, paid by the payroll run after an amount changed for
// months already paid) and the write-off (核销) of overpayments that cannot
// be recovered.

func runBackPays(ctx context.Context, e *env, args []string) error {
	f := newFlags("backpays", e)
	month := f.String("month", "", "随哪一月待遇发放(默认全部)")
	id := f.String("id", "", "身份证号")
	region := f.String("region", "", "区划代码(默认全辖区)")
	sys, _, _, err := f.start(ctx, args, cmdStart{
		usage: &exitError{code: 2, msg: "用法: shebao backpays [--month YYYY-MM] [--id 身份证号] [--region CODE] [--json]"},
		ok:    nargs(0),
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	var all []*shebao.BackPay
	var total int
	for offset := 0; ; offset += 1000 {
		page, n, err := sys.Benefit.FindBackPays(ctx, shebao.BackPayFilter{PayMonth: *month, IDNo: *id, Region: *region, Offset: offset, Limit: 1000})
		if err != nil {
			return err
		}
		all, total = append(all, page...), n
		if offset+1000 >= n {
			break
		}
	}
	if *f.json {
		return writeJSON(e, map[string]any{"backpays": all, "count": total})
	}
	for _, b := range all {
		fmt.Fprintf(e.stdout, "%s %s %s 旧额%s 新额%s 差额%s %s(随%s月发放) %s\n", b.BenefitID, b.Month, idno.MaskID(b.IDNo), b.OldAmount, b.NewAmount,
			b.Amount, b.Status, b.PayMonth, b.Explanation)
	}
	fmt.Fprintf(e.stdout, "共%d笔\n", total)
	return nil
}

func runWriteOff(ctx context.Context, e *env, args []string) error {
	f := newFlags("writeoff", e)
	reason := f.String("reason", "", "无法追回的原因")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, pos, err := f.start(ctx, args, cmdStart{
		usage:  &exitError{code: 2, msg: "用法: shebao writeoff BENEFIT_ID YYYY-MM --reason 原因 --as 经办人"},
		ok:     nargs(2),
		as:     as,
		mustAs: true,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	ap, _, err := sys.Benefit.SubmitWriteOff(ctx, shebao.WriteOffRequest{BenefitID: pos[0], Month: pos[1], Reason: *reason})
	if err != nil {
		return err
	}
	if *f.json {
		return writeJSON(e, ap)
	}
	fmt.Fprintf(e.stdout, "已提交核销(待复核 %s):%s\n复核: shebao approvals approve %s --as 复核人\n", ap.ID, ap.Summary, ap.ID)
	return nil
}
