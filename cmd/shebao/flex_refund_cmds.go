package main

import (
	"context"
	"fmt"

	"github.com/shebao/shebao"
)

// The correction (更正/冲正) of a flexible-employment personal payment,
// submitted by one user and carried out when another approves it (shebao
// approvals approve ID --as …; collect/refunds.go).

func runFlexCorrect(ctx context.Context, e *env, args []string) error {
	usage := &exitError{code: 2, msg: "用法: shebao flex-correct --receipt 凭证号 --ref 原回单号 --date YYYY-MM-DD --reason 原因 --as 经办人"}
	f := newFlags("flex-correct", e)
	receipt := f.String("receipt", "", "冲正凭证号")
	ref := f.String("ref", "", "原灵活就业缴款的回单号")
	date := f.String("date", "", "冲正日期 YYYY-MM-DD(默认今天)")
	reason := f.String("reason", "", "原因")
	as := f.String("as", "", "经办人用户名")
	sys, ctx, _, err := f.start(ctx, args, cmdStart{
		usage:  usage,
		ok:     func(pos []string) bool { return len(pos) == 0 && *as != "" },
		as:     as,
		mustAs: true,
	})
	if err != nil {
		return err
	}
	defer sys.Close()
	if *date == "" {
		*date = shebao.Today().Format(shebao.DateLayout)
	}
	ap, err := sys.Collect.RecordFlexCorrection(ctx, shebao.FlexCorrectionRequest{Receipt: *receipt, Ref: *ref, Date: *date, Reason: *reason})
	if err != nil {
		return err
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
